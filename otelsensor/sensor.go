package otelsensor

import (
	"context"
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

// WebRequest describes an HTTP request served by the worker's web server.
// Route is the low-cardinality route pattern (for example "/orders/{id}"),
// never the raw path.
type WebRequest struct {
	Method string
	Scheme string
	Route  string
}

// State is what a start callback returns and its end callback takes back: the
// time the operation started. The zero State means "no start was seen"; end
// callbacks given it count the operation but record no duration. A start
// callback whose end records no duration may return a State that is started
// but untimed, and so skip reading the clock.
type State struct {
	start time.Duration // since epoch, plus one so that zero stays "unset"; or untimed
}

// untimed is the start of a State that is started but carries no time.
const untimed time.Duration = -1

var epoch = time.Now()

// Start returns a State that starts now.
func Start() State {
	return State{start: time.Since(epoch) + 1}
}

// Started reports whether s came from a start callback.
func (s State) Started() bool { return s.start != 0 }

// timed reports whether s carries the time it started: neither zero nor
// untimed.
func (s State) timed() bool { return s.start > 0 }

// Elapsed returns the time since s started, or 0 for the zero State and for
// an untimed one.
func (s State) Elapsed() time.Duration {
	if !s.timed() {
		return 0
	}
	return time.Since(epoch) + 1 - s.start
}

// Sensor receives the callbacks of a stream-processing worker: one method for
// each of Faust's sensor callbacks, plus OnOffsetCommitted and OnEndOffset for
// the offsets that consumer lag is computed from.
//
// A method that starts something returns a State that the matching end method
// takes back. Every method must be safe for concurrent use and must not
// retain its arguments beyond the call unless it copies them. Embed [Base] to
// implement only a few methods.
type Sensor interface {
	// OnMessageIn is called when a message is delivered to the application,
	// before it reaches any stream.
	OnMessageIn(ctx context.Context, tp TopicPartition, offset int64) State
	// OnMessageOut is called when the message is fully acknowledged.
	OnMessageOut(ctx context.Context, tp TopicPartition, offset int64, st State)
	// OnStreamEventIn is called when a stream starts processing an event.
	OnStreamEventIn(ctx context.Context, tp TopicPartition, offset int64, stream Stream) State
	// OnStreamEventOut is called when the stream is done with the event;
	// err is what processing returned.
	OnStreamEventOut(ctx context.Context, tp TopicPartition, offset int64, stream Stream, st State, err error)

	// OnTableGet is called when a key is read from a table.
	OnTableGet(ctx context.Context, table string)
	// OnTableSet is called when a key is created or changed in a table.
	OnTableSet(ctx context.Context, table string)
	// OnTableDel is called when a key is deleted from a table.
	OnTableDel(ctx context.Context, table string)

	// OnCommitInitiated is called when the consumer is about to commit.
	OnCommitInitiated(ctx context.Context) State
	// OnCommitCompleted is called when the commit ended; err is its error.
	OnCommitCompleted(ctx context.Context, st State, err error)
	// OnOffsetCommitted is called with each partition's committed offset.
	OnOffsetCommitted(ctx context.Context, tp TopicPartition, offset int64)
	// OnEndOffset is called when a partition's log end offset is known.
	OnEndOffset(ctx context.Context, tp TopicPartition, offset int64)

	// OnSendInitiated is called when a message is handed to the producer.
	OnSendInitiated(ctx context.Context, topic string, keySize, valueSize int) State
	// OnSendCompleted is called when the broker acknowledged the message,
	// with the partition and offset it was written to.
	OnSendCompleted(ctx context.Context, tp TopicPartition, offset int64, st State)
	// OnSendError is called when the producer failed to send the message.
	OnSendError(ctx context.Context, topic string, st State, err error)
	// OnTopicBufferFull is called when a partition's buffer is full and the
	// consumer has to wait.
	OnTopicBufferFull(ctx context.Context, tp TopicPartition)

	// OnAssignmentStart is called when the partition assignor starts.
	OnAssignmentStart(ctx context.Context) State
	// OnAssignmentError is called when the assignment failed.
	OnAssignmentError(ctx context.Context, st State, err error)
	// OnAssignmentCompleted is called when the assignment completed.
	OnAssignmentCompleted(ctx context.Context, st State)

	// OnRebalanceStart is called when a consumer group rebalance starts.
	OnRebalanceStart(ctx context.Context) State
	// OnRebalanceReturn is called when the consumer replied to the group
	// that its assignment is done.
	OnRebalanceReturn(ctx context.Context, st State)
	// OnRebalanceEnd is called when the rebalance fully completed,
	// recovery included.
	OnRebalanceEnd(ctx context.Context, st State)

	// OnWebRequestStart is called when the web server starts a request.
	OnWebRequestStart(ctx context.Context, req WebRequest) State
	// OnWebRequestEnd is called when the web server finished the request
	// with the given status code.
	OnWebRequestEnd(ctx context.Context, req WebRequest, status int, st State)
}
