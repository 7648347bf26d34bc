package otelsensor

import (
	"context"
	"time"

	"github.com/streamotel/streamotel/semconv"
)

// The interfaces below extend Sensor with callbacks that Faust has no
// equivalent for. A sensor implements those it can handle; Base, Fanout and
// Monitor implement all of them. Callers test for them with a type
// assertion, or go through a Fanout, which does that once per sensor added.

// HandlerSensor receives the callbacks of message handler middleware, the
// equivalent of FastStream's subscriber middleware: the destination is the
// handler's subscription (queue, topic, subject).
type HandlerSensor interface {
	// OnHandleStart is called when a handler receives a message whose body
	// has size bytes; a negative size is not recorded.
	OnHandleStart(ctx context.Context, destination string, size int) State
	// OnHandleEnd is called when the handler returned; status says how the
	// message was settled, and err, for StatusError, why it failed.
	OnHandleEnd(ctx context.Context, destination string, st State, status Status, err error)
}

// ProducerSensor receives the callbacks of a batching producer, such as
// async-kinesis' Producer. A stream is the topic or stream sent to.
type ProducerSensor interface {
	// OnBatchStart is called when the producer starts sending (flushing) a
	// batch.
	OnBatchStart(ctx context.Context, stream string) State
	// OnBatchSent is called when the batch of records messages and bytes
	// bytes was sent, or failed with err.
	OnBatchSent(ctx context.Context, stream string, records, bytes int, st State, err error)
	// OnThrottle is called when the broker throttled the producer.
	OnThrottle(ctx context.Context, stream string)
	// OnProducerQueue is called with the number of messages waiting in the
	// producer's queue.
	OnProducerQueue(ctx context.Context, stream string, size int)
}

// ConsumerSensor receives the callbacks of a consumer that fetches records
// in batches from partitions or shards, such as async-kinesis' Consumer. A
// Kinesis shard is TopicPartition{Topic: stream, Partition: shard number}.
type ConsumerSensor interface {
	// OnRecords is called when a fetch returned records records of bytes
	// bytes in all. It counts consumed messages: call it instead of
	// OnMessageIn for each record.
	OnRecords(ctx context.Context, tp TopicPartition, records, bytes int)
	// OnReceiveError is called when a fetch failed.
	OnReceiveError(ctx context.Context, tp TopicPartition, err error)
	// OnCheckpoint is called when a checkpoint was written, or failed with
	// err.
	OnCheckpoint(ctx context.Context, tp TopicPartition, err error)
	// OnIteratorAge is called with how far the consumer is behind the
	// newest record (Kinesis' MillisBehindLatest).
	OnIteratorAge(ctx context.Context, tp TopicPartition, age time.Duration)
	// OnLag is called with how many records the consumer is behind, for
	// brokers whose offsets cannot be subtracted. Use it or the offsets of
	// OnOffsetCommitted and OnEndOffset for a partition, not both.
	OnLag(ctx context.Context, tp TopicPartition, records int64)
	// OnConsumerQueue is called with the number of records waiting in the
	// consumer's queue.
	OnConsumerQueue(ctx context.Context, stream string, size int)
}

// ShardSensor receives the shard callbacks of a sharded stream (Kinesis).
type ShardSensor interface {
	// OnShards is called with the numbers of active and closed shards.
	OnShards(ctx context.Context, stream string, active, closed int)
	// OnReshard is called when shards were split or merged.
	OnReshard(ctx context.Context, stream string)
}

// Status is how a handler settled a message: FastStream's statuses.
type Status uint8

// The statuses of a handled message.
const (
	StatusAcked Status = iota
	StatusNacked
	StatusRejected
	StatusSkipped
	StatusError
	numStatuses
)

var statusNames = [numStatuses]string{
	semconv.MessageStatusAcked, semconv.MessageStatusNacked, semconv.MessageStatusRejected,
	semconv.MessageStatusSkipped, semconv.MessageStatusError,
}

// String returns the status as streamotel.message.status reports it.
func (s Status) String() string {
	if s < numStatuses {
		return statusNames[s]
	}
	return semconv.MessageStatusError
}
