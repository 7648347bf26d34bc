package kgosensor

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

func TestKafkaErrorNames(t *testing.T) {
	plain := errors.New("plain")
	for _, tc := range []struct {
		err  error
		want string
	}{
		{kerr.UnknownTopicOrPartition, "UNKNOWN_TOPIC_OR_PARTITION"},
		{fmt.Errorf("producing: %w", kerr.NotLeaderForPartition), "NOT_LEADER_FOR_PARTITION"},
		{fmt.Errorf("%w: %w", kgo.ErrRecordRetries, kerr.RequestTimedOut), "REQUEST_TIMED_OUT"},
		{kgo.ErrRecordTimeout, "RECORD_TIMEOUT"},
		{fmt.Errorf("x: %w", context.DeadlineExceeded), "DEADLINE_EXCEEDED"},
		{plain, ""},
	} {
		got := kafkaError(tc.err)
		name := ""
		if et, ok := got.(interface{ ErrorType() string }); ok {
			name = et.ErrorType()
		}
		if name != tc.want || !errors.Is(got, tc.err) {
			t.Errorf("kafkaError(%v): error.type %q, want %q; unwraps to it: %v", tc.err, name, tc.want, errors.Is(got, tc.err))
		}
		if got.Error() != tc.err.Error() {
			t.Errorf("kafkaError(%v) reads %q", tc.err, got.Error())
		}
	}
}
