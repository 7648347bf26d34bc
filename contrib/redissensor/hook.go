package redissensor

import (
	"context"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/streamotel/streamotel/otelsensor"
)

// Hook is a go-redis hook that reports the stream commands a client sends
// to an otelsensor.Sensor. Make one with New and add it with AddHook; it is
// safe for concurrent use, and one Hook may be added to several clients.
type Hook struct {
	sensor *otelsensor.Sensor
	lag    *lag // nil without WithLag
}

var _ redis.Hook = (*Hook)(nil)

// New returns a Hook that reports to sensor. A nil sensor makes a Hook that
// passes every command on untouched. With WithLag, the Hook registers a
// source with sensor.Poll; Close unregisters it.
func New(sensor *otelsensor.Sensor, opts ...Option) *Hook {
	var c config
	for _, o := range opts {
		o.apply(&c)
	}
	h := &Hook{sensor: sensor}
	if sensor != nil && c.lagClient != nil {
		h.lag = newLag(sensor, c.lagClient, c.lagEvery)
	}
	return h
}

// Close stops the lag reads that WithLag registered. The Hook goes on
// reporting commands.
func (h *Hook) Close() {
	if h.lag != nil {
		h.lag.stop()
	}
}

// DialHook returns next: the Hook does not report connections.
func (h *Hook) DialHook(next redis.DialHook) redis.DialHook { return next }

// ProcessHook returns next wrapped so that each stream command is reported
// (see the package documentation); other commands go straight to next.
func (h *Hook) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	if h.sensor == nil {
		return next
	}
	return func(ctx context.Context, cmd redis.Cmder) error {
		k := kindOf(cmd)
		if k == other {
			return next(ctx, cmd)
		}
		snd, _ := h.before(ctx, k, cmd)
		err := next(ctx, cmd)
		h.after(ctx, k, cmd, err, snd)
		return err
	}
}

// ProcessPipelineHook returns next wrapped so that each stream command of a
// pipeline or transaction is reported as ProcessHook reports it; the sends
// of a pipeline share its duration.
func (h *Hook) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	if h.sensor == nil {
		return next
	}
	return func(ctx context.Context, cmds []redis.Cmder) error {
		// The sends share the start of the last one.
		var start time.Time
		for _, cmd := range cmds {
			if k := kindOf(cmd); k != other {
				if snd, ok := h.before(ctx, k, cmd); ok {
					start = snd.Start()
				}
			}
		}
		err := next(ctx, cmds)
		for _, cmd := range cmds {
			if k := kindOf(cmd); k != other {
				h.after(ctx, k, cmd, cmd.Err(), otelsensor.Send{Topic: arg(cmd.Args(), 1)}.StartedAt(start))
			}
		}
		return err
	}
}

// before reports what is known before cmd is sent: an XADD's send starts.
// It returns the send's token, and whether cmd is an XADD.
func (h *Hook) before(ctx context.Context, k kind, cmd redis.Cmder) (otelsensor.Send, bool) {
	if k != xadd {
		return otelsensor.Send{}, false
	}
	return h.sensor.OnSendInitiated(ctx, arg(cmd.Args(), 1)), true
}

// after reports cmd once it returned err; snd is its send's token, for an
// XADD.
func (h *Hook) after(ctx context.Context, k kind, cmd redis.Cmder, err error, snd otelsensor.Send) {
	args := cmd.Args()
	switch k {
	case xadd:
		if err != nil {
			h.sensor.OnSendError(ctx, snd, typed(err))
			return
		}
		// An entry ID is not an int64 offset: the offset is unknown.
		h.sensor.OnSendCompleted(ctx, snd, 0, -1)
	case xack:
		stream := arg(args, 1)
		h.sensor.OnCheckpoint(ctx, partition(stream), typed(err))
		if err == nil {
			markAcked(ctx, stream, args[min(3, len(args)):])
		}
	case xread, xreadgroup:
		h.afterRead(ctx, k, cmd, err)
	case xclaim, xautoclaim:
		h.afterClaim(ctx, cmd, err)
	}
}

// partition is where a stream's entries go: a Redis stream is one ordered
// log, partition 0.
func partition(stream string) otelsensor.TopicPartition {
	return otelsensor.TopicPartition{Topic: stream}
}

// afterRead reports the entries an XREAD or XREADGROUP returned, by stream.
func (h *Hook) afterRead(ctx context.Context, k kind, cmd redis.Cmder, err error) {
	args := cmd.Args()
	streams, ids := readKeys(k, args)
	if err == redis.Nil { // BLOCK timed out: nothing new, nothing wrong
		err = nil
	}
	if err != nil {
		err = typed(err)
		for _, s := range streams {
			if s, ok := s.(string); ok {
				h.sensor.OnReceiveError(ctx, partition(s), err)
			}
		}
		return
	}
	if k == xreadgroup && h.lag != nil {
		group := arg(args, 2)
		for _, s := range streams {
			if s, ok := s.(string); ok {
				h.lag.learn(s, group)
			}
		}
	}
	reply, ok := cmd.(*redis.XStreamSliceCmd)
	if !ok {
		return
	}
	now := time.Now()
	for i := range reply.Val() {
		st := &reply.Val()[i]
		if len(st.Messages) == 0 {
			continue
		}
		tp := partition(st.Stream)
		// Read from an ID other than ">", an XREADGROUP returns the
		// consumer's pending entries once more; with CLAIM, entries idle
		// in other consumers come with their delivery count.
		pending := k == xreadgroup && history(st.Stream, streams, ids)
		again, bytes := 0, 0
		for j := range st.Messages {
			m := &st.Messages[j]
			bytes += bodySize(m)
			if pending || m.DeliveredCount > 1 {
				again++
			}
		}
		h.sensor.OnRecords(ctx, tp, len(st.Messages), bytes)
		if again > 0 {
			h.sensor.OnRedelivered(ctx, tp, again)
		}
		h.age(ctx, tp, st.Messages[len(st.Messages)-1].ID, now)
	}
}

// history reports whether an XREADGROUP read stream from an ID other than
// ">": the consumer's pending entries, delivered before.
func history(stream string, streams, ids []any) bool {
	for i, s := range streams {
		if s, ok := s.(string); ok && s == stream {
			id, _ := ids[i].(string)
			return id != ">"
		}
	}
	return false
}

// afterClaim reports the entries an XCLAIM or XAUTOCLAIM moved to the
// consumer: delivered again, and consumed again when their bodies came back.
func (h *Hook) afterClaim(ctx context.Context, cmd redis.Cmder, err error) {
	tp := partition(arg(cmd.Args(), 1))
	if err != nil {
		h.sensor.OnReceiveError(ctx, tp, typed(err))
		return
	}
	var msgs []redis.XMessage
	switch c := cmd.(type) {
	case *redis.XMessageSliceCmd: // XCLAIM
		msgs = c.Val()
	case *redis.XAutoClaimCmd:
		msgs, _ = c.Val()
	case *redis.XAutoClaimWithDeletedCmd:
		msgs, _, _ = c.Val()
	case *redis.StringSliceCmd: // XCLAIM JUSTID: claimed, no bodies delivered
		if n := len(c.Val()); n > 0 {
			h.sensor.OnRedelivered(ctx, tp, n)
		}
		return
	case *redis.XAutoClaimJustIDCmd:
		if ids, _ := c.Val(); len(ids) > 0 {
			h.sensor.OnRedelivered(ctx, tp, len(ids))
		}
		return
	}
	if len(msgs) == 0 {
		return
	}
	bytes := 0
	for i := range msgs {
		bytes += bodySize(&msgs[i])
	}
	h.sensor.OnRecords(ctx, tp, len(msgs), bytes)
	h.sensor.OnRedelivered(ctx, tp, len(msgs))
	h.age(ctx, tp, msgs[len(msgs)-1].ID, time.Now())
}

// age reports the age of the entry id at now, from the milliseconds in its
// ID. IDs the producer chose, and clocks that disagree, can make it wrong;
// a negative age is reported as 0.
func (h *Hook) age(ctx context.Context, tp otelsensor.TopicPartition, id string, now time.Time) {
	ms, ok := entryMillis(id)
	if !ok || ms > 1<<62 {
		return
	}
	age := now.Sub(time.UnixMilli(int64(ms)))
	h.sensor.OnIteratorAge(ctx, tp, max(age, 0))
}
