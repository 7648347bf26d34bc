package otelsensor

import (
	"math"
	"time"
)

// TopicPartition names one partition of a topic (a Kinesis shard, a NATS
// subject, a Redis stream: whatever unit the broker orders messages in).
type TopicPartition struct {
	Topic     string
	Partition int32
}

// Stream names the stream that processes events and the task (agent,
// handler) that owns it.
type Stream struct {
	Name string
	Task string
}

// epoch is the origin of every stamp: stamps are read from the monotonic
// clock as the time since epoch.
var epoch = time.Now()

// stamp is when a lifecycle started: nanoseconds since epoch, plus one, so
// that the zero stamp means "not started".
type stamp int64

// untimed is the stamp of a lifecycle that started but whose start was not
// read from the clock: a Message's.
const untimed stamp = math.MinInt64

// now returns the stamp of the present: one clock read.
func now() stamp { return stamp(time.Since(epoch)) + 1 }

// stampAt returns the stamp of t; the zero Time is "not started".
func stampAt(t time.Time) stamp {
	if t.IsZero() {
		return 0
	}
	if s := stamp(t.Sub(epoch)) + 1; s != 0 && s != untimed {
		return s
	}
	return 1 // a nanosecond off, rather than "not started"
}

// Started reports whether the token came from a start callback (or
// StartedAt).
func (s stamp) Started() bool { return s != 0 }

// timed reports whether the token carries its start time: its end then
// records a duration.
func (s stamp) timed() bool { return s != 0 && s != untimed }

// Start returns when the lifecycle started, or the zero Time if it did not
// or its start was not timed.
func (s stamp) Start() time.Time {
	if !s.timed() {
		return time.Time{}
	}
	return epoch.Add(time.Duration(s - 1))
}

// Elapsed returns the time since the lifecycle started, or 0 if it did not
// or its start was not timed.
func (s stamp) Elapsed() time.Duration {
	if !s.timed() {
		return 0
	}
	return max(time.Duration(now()-s), 0)
}

// The tokens below are what the start callbacks of a Sensor return and their
// end callbacks take back. Each carries the identity of its lifecycle and the
// time it started, so that an end callback takes only what is new: the error,
// the status, the offset written. They are values; nothing allocates. A token
// built as a literal (not started) ends without a duration, and StartedAt
// gives one a start measured elsewhere, for clients that report durations
// after the fact (StartedAt of the zero Time makes it not started).

// Message is the lifecycle of a message delivered to the application, from
// OnMessageIn to OnMessageOut. OnMessageIn does not read the clock for it:
// no instrument times a message (its processing is its events'), and the
// read would cost every message tens of nanoseconds. Its Start and Elapsed
// are zero unless StartedAt gave it a start.
type Message struct {
	stamp
	TopicPartition
	Offset int64
}

// StartedAt returns m as if it had started at t.
func (m Message) StartedAt(t time.Time) Message { m.stamp = stampAt(t); return m }

// Event is the lifecycle of an event in a stream, from OnStreamEventIn to
// OnStreamEventOut.
type Event struct {
	stamp
	TopicPartition
	Offset int64
	Stream Stream
}

// StartedAt returns e as if it had started at t.
func (e Event) StartedAt(t time.Time) Event { e.stamp = stampAt(t); return e }

// Send is the lifecycle of a message handed to a producer, from
// OnSendInitiated to OnSendCompleted or OnSendError.
type Send struct {
	stamp
	Topic string
}

// StartedAt returns s as if it had started at t.
func (s Send) StartedAt(t time.Time) Send { s.stamp = stampAt(t); return s }

// Commit is the lifecycle of an offset commit, from OnCommitInitiated to
// OnCommitCompleted.
type Commit struct{ stamp }

// StartedAt returns c as if it had started at t.
func (c Commit) StartedAt(t time.Time) Commit { c.stamp = stampAt(t); return c }

// Assignment is the lifecycle of a partition assignment, from
// OnAssignmentStart to OnAssignmentCompleted or OnAssignmentError.
type Assignment struct{ stamp }

// StartedAt returns a as if it had started at t.
func (a Assignment) StartedAt(t time.Time) Assignment { a.stamp = stampAt(t); return a }

// Rebalance is the lifecycle of a consumer group rebalance, from
// OnRebalanceStart through OnRebalanceReturn to OnRebalanceEnd.
type Rebalance struct{ stamp }

// StartedAt returns r as if it had started at t.
func (r Rebalance) StartedAt(t time.Time) Rebalance { r.stamp = stampAt(t); return r }

// WebRequest is the lifecycle of an HTTP request served by the worker's web
// server, from OnWebRequestStart to OnWebRequestEnd. Route is the
// low-cardinality route pattern (for example "/orders/{id}"), never the raw
// path; an empty Scheme is "http".
type WebRequest struct {
	stamp
	Method string
	Scheme string
	Route  string
}

// StartedAt returns r as if it had started at t.
func (r WebRequest) StartedAt(t time.Time) WebRequest { r.stamp = stampAt(t); return r }

// Handle is the lifecycle of a message in a handler (FastStream's subscriber
// middleware), from OnHandleStart to OnHandleEnd. Destination is the
// handler's subscription (queue, topic, subject); Size is the body's size in
// bytes, negative when unknown.
type Handle struct {
	stamp
	Destination string
	Size        int
}

// StartedAt returns h as if it had started at t.
func (h Handle) StartedAt(t time.Time) Handle { h.stamp = stampAt(t); return h }

// Batch is the lifecycle of a batch a batching producer (async-kinesis'
// Producer) flushes to Stream, from OnBatchStart to OnBatchSent.
type Batch struct {
	stamp
	Stream string
}

// StartedAt returns b as if it had started at t.
func (b Batch) StartedAt(t time.Time) Batch { b.stamp = stampAt(t); return b }
