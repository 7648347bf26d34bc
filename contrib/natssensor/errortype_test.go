package natssensor

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

func TestErrorType(t *testing.T) {
	for _, tc := range []struct {
		err  error
		want string
	}{
		{nats.ErrTimeout, "timeout"},
		{fmt.Errorf("publish: %w", nats.ErrTimeout), "timeout"},
		{context.DeadlineExceeded, "timeout"},
		{nats.ErrNoResponders, "no_responders"},
		{nats.ErrConnectionClosed, "connection_closed"},
		{jetstream.ErrConnectionClosed, "connection_closed"},
		{jetstream.ErrNoStreamResponse, "no_stream_response"},
		{jetstream.ErrAsyncPublishTimeout, "async_publish_timeout"},
		{jetstream.ErrStreamNotFound, "stream_not_found"},
		{&jetstream.APIError{Code: 400, ErrorCode: jetstream.JSErrCodeStreamWrongLastSequence}, "wrong_last_sequence"},
		{&jetstream.APIError{Code: 503, ErrorCode: 10999}, "api_10999"},
		{errors.New("something else"), ""},
	} {
		if got := errorType(tc.err); got != tc.want {
			t.Errorf("errorType(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestTypedKeepsTheError(t *testing.T) {
	err := typed(nats.ErrTimeout)
	if !errors.Is(err, nats.ErrTimeout) || err.Error() != nats.ErrTimeout.Error() {
		t.Errorf("typed(ErrTimeout) = %v, which is not ErrTimeout", err)
	}
	if other := errors.New("x"); typed(other) != other {
		t.Error("typed changed an error it does not know")
	}
}

func TestSubscriptionName(t *testing.T) {
	for _, tc := range []struct {
		prefix, subject, want string
	}{
		{"", "orders.>", "orders.>"},
		{"", "_INBOX.abc.def", "_INBOX"},
		{"_MINE", "_MINE.abc", "_MINE"},
		{"_MINE", "_INBOX.abc", "_INBOX.abc"},
	} {
		nc := &nats.Conn{Opts: nats.Options{InboxPrefix: tc.prefix}}
		if got := subscriptionName(nc, tc.subject); got != tc.want {
			t.Errorf("prefix %q: subscriptionName(%q) = %q, want %q", tc.prefix, tc.subject, got, tc.want)
		}
	}
}
