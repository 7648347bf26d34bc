package otelsensor

import (
	"context"
	"time"
)

// Hook is what a Sensor dispatches its callbacks to: any value that
// implements one or more of the hook interfaces below. NewSensor checks once
// which ones each hook implements, so a hook implements only the lifecycles
// it cares about. The Monitor implements them all.
//
// Hook methods must be safe for concurrent use, must return quickly, and must
// not retain their arguments beyond the call unless they copy them. A hook
// that misses one method of an interface does not implement it and is not
// called for it: assert the interfaces a hook means to implement, as in
//
//	var _ otelsensor.SendHook = (*myHook)(nil)
type Hook any

// MessageHook receives the lifecycle of each message delivered to the
// application (Faust's on_message_in and on_message_out), and the consumer's
// full buffers.
type MessageHook interface {
	// OnMessageIn is called when a message is delivered to the
	// application, before it reaches any stream.
	OnMessageIn(ctx context.Context, msg Message)
	// OnMessageOut is called when the message is fully acknowledged.
	OnMessageOut(ctx context.Context, msg Message)
	// OnTopicBufferFull is called when a partition's buffer is full and
	// the consumer has to wait.
	OnTopicBufferFull(ctx context.Context, tp TopicPartition)
}

// EventHook receives the lifecycle of each event a stream processes.
type EventHook interface {
	// OnStreamEventIn is called when a stream starts processing an event.
	OnStreamEventIn(ctx context.Context, ev Event)
	// OnStreamEventOut is called when the stream is done with the event;
	// err is what processing returned.
	OnStreamEventOut(ctx context.Context, ev Event, err error)
}

// TableHook receives the key operations on tables.
type TableHook interface {
	// OnTableGet is called when a key is read from a table.
	OnTableGet(ctx context.Context, table string)
	// OnTableSet is called when a key is created or changed in a table.
	OnTableSet(ctx context.Context, table string)
	// OnTableDel is called when a key is deleted from a table.
	OnTableDel(ctx context.Context, table string)
}

// CommitHook receives the lifecycle of each offset commit.
type CommitHook interface {
	// OnCommitInitiated is called when the consumer is about to commit.
	OnCommitInitiated(ctx context.Context, c Commit)
	// OnCommitCompleted is called when the commit ended; err is its error.
	OnCommitCompleted(ctx context.Context, c Commit, err error)
}

// OffsetHook receives the positions consumer lag is computed from.
type OffsetHook interface {
	// OnOffsetCommitted is called with a partition's committed offset:
	// Kafka's convention, the offset of the next message to read (the
	// last processed offset plus one).
	OnOffsetCommitted(ctx context.Context, tp TopicPartition, next int64)
	// OnEndOffset is called with a partition's log end offset (Kafka's
	// high watermark): the offset the next message written will get.
	OnEndOffset(ctx context.Context, tp TopicPartition, end int64)
	// OnLag is called with how many messages the consumer is behind, for
	// brokers whose positions are not int64 offsets (NATS JetStream's
	// pending count, a Redis group's lag). A partition's lag comes from
	// OnLag or from its offsets, not both. A negative count means the
	// broker cannot tell now.
	OnLag(ctx context.Context, tp TopicPartition, messages int64)
	// OnPending is called with how many messages were delivered to the
	// consumer and not yet acknowledged (JetStream's NumAckPending, a Redis
	// group's pending entries). A negative count means unknown.
	OnPending(ctx context.Context, tp TopicPartition, messages int64)
}

// SendHook receives the lifecycle of each message handed to a producer.
type SendHook interface {
	// OnSendInitiated is called when a message is handed to the producer.
	OnSendInitiated(ctx context.Context, s Send)
	// OnSendCompleted is called when the broker acknowledged the message,
	// with the partition and offset it was written to; each is negative
	// when the broker does not tell.
	OnSendCompleted(ctx context.Context, s Send, partition int32, offset int64)
	// OnSendError is called when the producer failed to send the message.
	OnSendError(ctx context.Context, s Send, err error)
}

// AssignmentHook receives the lifecycle of each partition assignment.
type AssignmentHook interface {
	// OnAssignmentStart is called when the partition assignor starts.
	OnAssignmentStart(ctx context.Context, a Assignment)
	// OnAssignmentError is called when the assignment failed.
	OnAssignmentError(ctx context.Context, a Assignment, err error)
	// OnAssignmentCompleted is called when the assignment completed.
	OnAssignmentCompleted(ctx context.Context, a Assignment)
}

// RebalanceHook receives the lifecycle of each consumer group rebalance.
type RebalanceHook interface {
	// OnRebalanceStart is called when a rebalance starts.
	OnRebalanceStart(ctx context.Context, r Rebalance)
	// OnRebalanceReturn is called when the consumer replied to the group
	// that its assignment is done.
	OnRebalanceReturn(ctx context.Context, r Rebalance)
	// OnRebalanceEnd is called when the rebalance fully completed, recovery
	// included.
	OnRebalanceEnd(ctx context.Context, r Rebalance)
}

// WebHook receives the lifecycle of each request to the worker's web server.
type WebHook interface {
	// OnWebRequestStart is called when the web server starts a request.
	OnWebRequestStart(ctx context.Context, req WebRequest)
	// OnWebRequestEnd is called when the web server finished the request
	// with the given status code.
	OnWebRequestEnd(ctx context.Context, req WebRequest, status int)
}

// HandlerHook receives the lifecycle of each message in a handler, the
// equivalent of FastStream's subscriber middleware.
type HandlerHook interface {
	// OnHandleStart is called when a handler receives a message.
	OnHandleStart(ctx context.Context, h Handle)
	// OnHandleEnd is called when the handler returned; status says how the
	// message was settled, and err, for StatusError, why it failed.
	OnHandleEnd(ctx context.Context, h Handle, status Status, err error)
}

// ProducerHook receives the callbacks of a batching producer, such as
// async-kinesis' Producer. A stream is the topic or stream sent to; the
// empty stream is the producer as a whole, for clients that count their
// queue and throttles across topics.
type ProducerHook interface {
	// OnBatchStart is called when the producer starts sending (flushing) a
	// batch.
	OnBatchStart(ctx context.Context, b Batch)
	// OnBatchSent is called when the batch of records messages and bytes
	// bytes was sent, or failed with err.
	OnBatchSent(ctx context.Context, b Batch, records, bytes int, err error)
	// OnThrottle is called when the broker throttled the producer.
	OnThrottle(ctx context.Context, stream string)
	// OnProducerQueue is called with the number of messages waiting in the
	// producer's queue.
	OnProducerQueue(ctx context.Context, stream string, size int)
}

// ConsumerHook receives what a consumer client tells beside each message's
// lifecycle: fetched batches (async-kinesis' Consumer), failed fetches,
// checkpoints, redeliveries and queues. A Kinesis shard is
// TopicPartition{Topic: stream, Partition: shard number}.
type ConsumerHook interface {
	// OnRecords is called when a fetch returned records records of bytes
	// bytes in all. It counts consumed messages: call it instead of
	// OnMessageIn for each record.
	OnRecords(ctx context.Context, tp TopicPartition, records, bytes int)
	// OnReceiveError is called when a fetch failed.
	OnReceiveError(ctx context.Context, tp TopicPartition, err error)
	// OnCheckpoint is called when a checkpoint was written, or failed with
	// err.
	OnCheckpoint(ctx context.Context, tp TopicPartition, err error)
	// OnRedelivered is called when n messages of the partition are
	// delivered again: NATS' NumDelivered above one, Redis' XCLAIM.
	OnRedelivered(ctx context.Context, tp TopicPartition, n int)
	// OnDropped is called when the client dropped n messages of the
	// partition before delivering them (a NATS slow consumer's).
	OnDropped(ctx context.Context, tp TopicPartition, n int)
	// OnIteratorAge is called with how far the consumer is behind the
	// newest record in time (Kinesis' MillisBehindLatest), or the age of
	// the message just received.
	OnIteratorAge(ctx context.Context, tp TopicPartition, age time.Duration)
	// OnConsumerQueue is called with the number of records waiting in the
	// consumer's queue for stream; the empty stream is the consumer's whole
	// queue.
	OnConsumerQueue(ctx context.Context, stream string, size int)
}

// ShardHook receives the shard callbacks of a sharded stream (Kinesis).
type ShardHook interface {
	// OnShards is called with the numbers of active and closed shards.
	OnShards(ctx context.Context, stream string, active, closed int)
	// OnReshard is called when shards were split or merged.
	OnReshard(ctx context.Context, stream string)
}

// CollectHook is implemented by hooks that read their state at collection
// time, such as the Monitor. A Sensor's first Poll hands each of its
// CollectHooks the function that runs the sources registered with Poll; the
// hook calls it at the start of every collection.
type CollectHook interface {
	CollectFrom(poll func(ctx context.Context))
}
