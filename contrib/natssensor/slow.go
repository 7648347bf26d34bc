package natssensor

import (
	"context"
	"errors"
	"strings"

	"github.com/nats-io/nats.go"

	"github.com/streamotel/streamotel/otelsensor"
)

// ErrorHandler returns a nats.ErrHandler that reports each slow consumer
// (nats.ErrSlowConsumer: a subscription's pending limits were reached and
// messages dropped) to s as OnTopicBufferFull for the subscription's
// subject, then calls next, the handler the application set (nil for none).
// The connection reports a slow consumer once per episode, not per dropped
// message. Wrap the handler a connection already has with
//
//	nc.SetErrorHandler(natssensor.ErrorHandler(sensor, nc.ErrorHandler()))
//
// or pass it to nats.Connect with nats.ErrorHandler. A subscription to an
// inbox (a JetStream pull consumer's, a request's) is reported under the
// inbox prefix ("_INBOX"), so that random inbox names do not become series.
func ErrorHandler(s *otelsensor.Sensor, next nats.ErrHandler) nats.ErrHandler {
	return func(nc *nats.Conn, sub *nats.Subscription, err error) {
		if sub != nil && errors.Is(err, nats.ErrSlowConsumer) {
			tp := otelsensor.TopicPartition{Topic: subscriptionName(nc, sub.Subject)}
			s.OnTopicBufferFull(context.Background(), tp)
		}
		if next != nil {
			next(nc, sub, err)
		}
	}
}

// subscriptionName returns the name a subscription to subject is reported
// under: subject, or the inbox prefix for an inbox.
func subscriptionName(nc *nats.Conn, subject string) string {
	prefix := nats.InboxPrefix
	if nc != nil && nc.Opts.InboxPrefix != "" {
		prefix = nc.Opts.InboxPrefix + "."
	}
	if strings.HasPrefix(subject, prefix) {
		return strings.TrimSuffix(prefix, ".")
	}
	return subject
}
