package kgosensor

import (
	"context"
	"errors"
	"sync"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/streamotel/streamotel/otelsensor"
)

// pending are the records a poll delivered whose processing has not ended.
// Their slice is reused from poll to poll, so that steady state allocates
// nothing.
type pending struct {
	mu   sync.Mutex
	recs []delivered
	next int // where Processed looks first: records are mostly processed in order
}

// delivered is a record handed to the application and its tokens; rec is
// nil once the record is done.
type delivered struct {
	rec *kgo.Record
	msg otelsensor.Message
	ev  otelsensor.Event
}

// OnFetchRecordUnbuffered implements kgo.HookFetchRecordUnbuffered: a
// record polled by the application is a message in and the start of its
// processing (messaging.client.consumed.messages, streamotel.offset.read,
// streamotel.messages.active, streamotel.stream.events and
// streamotel.events.active). If it carries a W3C traceparent header, its
// Context gets the producer's remote span context first. Records kgo
// discards without delivering them are not counted.
func (h *Hooks) OnFetchRecordUnbuffered(r *kgo.Record, polled bool) {
	if !polled || h.sensor == nil {
		return
	}
	if r.Context == nil {
		r.Context = context.Background()
	}
	if h.cfg.traceContext {
		r.Context = withRemoteSpan(r.Context, r)
	}
	tp := otelsensor.TopicPartition{Topic: r.Topic, Partition: r.Partition}
	msg := h.sensor.OnMessageIn(r.Context, tp, r.Offset)
	ev := h.sensor.OnStreamEventIn(r.Context, msg, h.stream(r))
	h.consumed.mu.Lock()
	h.consumed.recs = append(h.consumed.recs, delivered{rec: r, msg: msg, ev: ev})
	h.consumed.mu.Unlock()
}

// stream is the stream r is an event of.
func (h *Hooks) stream(r *kgo.Record) otelsensor.Stream {
	if h.cfg.stream != (otelsensor.Stream{}) {
		return h.cfg.stream
	}
	return otelsensor.Stream{Name: r.Topic}
}

// OnPollStart implements kgo.HookPollStart: the records of the previous
// poll not passed to Processed are done, without error
// (messaging.process.duration).
func (h *Hooks) OnPollStart(context.Context) {
	p := &h.consumed
	p.mu.Lock()
	defer p.mu.Unlock()
	for i := range p.recs {
		if d := &p.recs[i]; d.rec != nil {
			h.end(d, nil)
		}
	}
	clear(p.recs)
	p.recs, p.next = p.recs[:0], 0
}

// Processed reports that the application is done with r, a record its last
// poll returned, with the error processing returned: the end of the stream
// event (messaging.process.duration, with error.type for a failure, and an
// exemplar of r.Context's span) and of the message
// (streamotel.messages.active). Call it before polling again; a record the
// next poll already ended, or one the client did not deliver, is ignored.
func (h *Hooks) Processed(r *kgo.Record, err error) {
	p := &h.consumed
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(p.recs)
	for k := range n {
		i := (p.next + k) % n
		if d := &p.recs[i]; d.rec == r {
			h.end(d, err)
			p.next = i + 1
			return
		}
	}
}

// end ends d's event and message, and marks d done.
func (h *Hooks) end(d *delivered, err error) {
	ctx := d.rec.Context
	h.sensor.OnStreamEventOut(ctx, d.ev, err)
	h.sensor.OnMessageOut(ctx, d.msg)
	d.rec = nil
}

// Fetched reports what a poll returned that no hook sees: the high
// watermark of each partition fetched (streamotel.offset.end, and with the
// committed offsets, streamotel.consumer.lag) and the errors of failed
// fetches (streamotel.receive.errors, error.type the Kafka error code's
// name). Call it with every poll's result:
//
//	fetches := cl.PollFetches(ctx)
//	hooks.Fetched(ctx, fetches)
func (h *Hooks) Fetched(ctx context.Context, fetches kgo.Fetches) {
	if h.sensor == nil {
		return
	}
	for i := range fetches {
		for j := range fetches[i].Topics {
			t := &fetches[i].Topics[j]
			for k := range t.Partitions {
				p := &t.Partitions[k]
				tp := otelsensor.TopicPartition{Topic: t.Topic, Partition: p.Partition}
				switch {
				case p.Err != nil:
					if t.Topic != "" && !errors.Is(p.Err, context.Canceled) && !errors.Is(p.Err, kgo.ErrClientClosed) {
						h.sensor.OnReceiveError(ctx, tp, kafkaError(p.Err))
					}
				case p.HighWatermark >= 0:
					h.sensor.OnEndOffset(ctx, tp, p.HighWatermark)
				}
			}
		}
	}
}
