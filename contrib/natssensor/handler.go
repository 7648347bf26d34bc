package natssensor

import (
	"context"
	"errors"
	"math"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/streamotel/streamotel/otelsensor"
)

// Handler wraps h, the handler of a JetStream consumer, so that each message
// reports to s as HandlerFunc describes, settled by how h settled it. Pass
// the result to jetstream.Consumer.Consume, or call it for each message of
// Fetch, FetchNoWait or Messages.
func Handler(s *otelsensor.Sensor, h jetstream.MessageHandler, opts ...Option) jetstream.MessageHandler {
	return HandlerFunc(s, func(m jetstream.Msg) error { h(m); return nil }, opts...)
}

// HandlerFunc wraps fn, the handler of a JetStream consumer, so that each
// message reports to s:
//
//   - the handler's lifecycle (OnHandleStart, OnHandleEnd) under the
//     stream's name (see WithDestination), with the status fn settled the
//     message with: Ack and DoubleAck acked, Nak and NakWithDelay nacked,
//     Term and TermWithReason rejected, none skipped; an error of fn, a
//     failed settlement or a panic is StatusError (a panic goes on). A
//     message fn called InProgress on and returned unsettled stays in
//     process until fn's code settles it later;
//   - the consumer's lag (OnLag: the messages not delivered yet), the
//     message's age (OnIteratorAge: now minus when the stream stored it)
//     and redeliveries (OnRedelivered), read from the message's reply
//     subject, for TopicPartition{Topic: stream, Partition: 0}.
//
// The jetstream.Msg fn receives is a wrapper that is reused once fn settled
// it and returned, so that messages settled in the handler cost no
// allocation in steady state: fn must not use a message after it settled it
// and returned. A message fn did not settle before returning is fn's to keep
// and settle later, and its wrapper is not reused. On a nil Sensor, fn
// receives the message itself.
func HandlerFunc(s *otelsensor.Sensor, fn func(jetstream.Msg) error, opts ...Option) jetstream.MessageHandler {
	c := newConfig(opts)
	if s == nil {
		return func(m jetstream.Msg) { _ = fn(m) }
	}
	return func(m jetstream.Msg) {
		ctx := context.Background()
		w := newMessage(s, m, c.start(ctx, s, m.Reply(), m.Subject(), len(m.Data())))
		done := false
		defer func() {
			if !done { // fn panicked or called runtime.Goexit
				w.returned(errPanic)
			}
		}()
		err := fn(w)
		done = true
		w.returned(err)
	}
}

// MsgHandler wraps h, the handler of a core NATS subscription, so that each
// message reports to s the handler's lifecycle (OnHandleStart,
// OnHandleEnd) under the subscription's subject (the pattern of a wildcard
// subscription; see WithDestination). Core NATS has no acknowledgements: a
// message h returned from is acked, one h panicked on is StatusError (and
// the panic goes on). A message of the legacy JetStream API also reports
// its consumer's lag, age and redeliveries, as HandlerFunc describes, under
// its stream's name; its status cannot be observed, use the jetstream
// package and HandlerFunc for it. It does not allocate.
func MsgHandler(s *otelsensor.Sensor, h nats.MsgHandler, opts ...Option) nats.MsgHandler {
	c := newConfig(opts)
	if s == nil {
		return h
	}
	return func(m *nats.Msg) {
		ctx := context.Background()
		subject := m.Subject
		if m.Sub != nil {
			subject = m.Sub.Subject
		}
		tok := c.start(ctx, s, m.Reply, subject, len(m.Data))
		done := false
		defer func() {
			if !done {
				s.OnHandleEnd(ctx, tok, otelsensor.StatusError, errPanic)
			}
		}()
		h(m)
		done = true
		s.OnHandleEnd(ctx, tok, otelsensor.StatusAcked, nil)
	}
}

// start reports to s the start of a handler's message of size bytes, under
// the configured destination, or else the stream of a JetStream message
// (which also reports what its reply subject tells), or else subject, and
// returns its token.
func (c config) start(ctx context.Context, s *otelsensor.Sensor, reply, subject string, size int) otelsensor.Handle {
	meta, ok := parseReply(reply)
	dest := c.destination
	switch {
	case dest != "":
	case ok:
		dest = meta.Stream
	default:
		dest = subject
	}
	tok := s.OnHandleStart(ctx, dest, size)
	if ok {
		delivered(ctx, s, meta, tok.Start())
	}
	return tok
}

// delivered reports what the reply subject of a JetStream message delivered
// at tells about its consumer; a zero at is now (the handler's token was not
// started, so its start did not read the clock).
func delivered(ctx context.Context, s *otelsensor.Sensor, meta metadata, at time.Time) {
	tp := otelsensor.TopicPartition{Topic: meta.Stream}
	s.OnLag(ctx, tp, clampInt64(meta.Pending))
	if meta.Delivered > 1 {
		s.OnRedelivered(ctx, tp, 1)
	}
	if at.IsZero() {
		at = time.Now()
	}
	s.OnIteratorAge(ctx, tp, max(at.Sub(time.Unix(0, meta.Timestamp)), 0))
}

// errPanic is what a handler that panicked is reported with. The panic value
// is not recovered, so that the panic goes on with its stack.
var errPanic = otelsensor.WithErrorType(errors.New("natssensor: the handler panicked"), "panic")

// clampInt64 returns n as an int64, math.MaxInt64 when it does not fit.
func clampInt64(n uint64) int64 { return int64(min(n, math.MaxInt64)) }
