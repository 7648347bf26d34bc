package otelsensor

import (
	"cmp"
	"context"
	"sync/atomic"
	"time"

	"github.com/streamotel/streamotel/internal/series"
	"github.com/streamotel/streamotel/semconv"
)

// What a consumer client tells beside each message's lifecycle
// (ConsumerHook): fetched batches, failed fetches, checkpoints,
// redeliveries, dropped messages, iterator age and the consumer's queue.

var _ ConsumerHook = (*Monitor)(nil)

// fetch is the Monitor's state of consumer clients.
type fetch struct {
	shards *series.Map[TopicPartition, shard]
	queues *series.Map[string, queue]
}

// shard is the consumer-client state of one partition or shard.
type shard struct {
	p           *partition // the partition's series; nil for the overflow shard
	attrs       opts       // those of the partition
	consume     opts       // attrs plus operation name receive
	bytes       atomic.Int64
	checkpoints atomic.Int64
	redelivered atomic.Int64
	dropped     atomic.Int64
	age         known // nanoseconds
	checkErrs   *variants
	recvErrs    *variants
}

// queue is the consumer queue of one stream.
type queue struct {
	size  known
	attrs opts
}

func (m *Monitor) initFetch() {
	overflow := m.group.with(m.overflow)
	m.fetch.shards = newMap(m, func(tp TopicPartition) *shard {
		p := m.partition(tp)
		return &shard{p: p, attrs: p.attrs, consume: p.consume, checkErrs: newVariants(p.attrs), recvErrs: newVariants(p.consume)}
	}, func() *shard {
		return &shard{attrs: overflow, consume: overflow, checkErrs: newVariants(overflow), recvErrs: newVariants(overflow)}
	}).WithClean(cleanPartition).WithFront(partitionHint)
	m.fetch.queues = newMap(m, func(stream string) *queue {
		return &queue{attrs: destination(m.group.with(
			semconv.MessagingOperationName.String(semconv.OperationReceive)), stream)}
	}, func() *queue { return &queue{attrs: overflow} }).WithClean(cleanOrEmpty)
}

// OnRecords counts the fetched records as consumed messages and their bytes.
func (m *Monitor) OnRecords(ctx context.Context, tp TopicPartition, records, bytes int) {
	if m.closed.Load() {
		return
	}
	s := m.fetch.shards.Get(tp)
	p := s.p
	if p == nil {
		p = m.partition(tp)
	}
	p.received.Add(int64(max(records, 0)))
	s.bytes.Add(int64(max(bytes, 0)))
}

// OnReceiveError counts a failed fetch by error.type; a nil err counts as
// "unknown".
func (m *Monitor) OnReceiveError(ctx context.Context, tp TopicPartition, err error) {
	if m.closed.Load() {
		return
	}
	err = cmp.Or(err, errUnknown)
	m.fetch.shards.Get(tp).recvErrs.Get(m.errTypes.of(err)).n.Add(1)
}

// OnCheckpoint counts a checkpoint, a failed one by error.type.
func (m *Monitor) OnCheckpoint(ctx context.Context, tp TopicPartition, err error) {
	if m.closed.Load() {
		return
	}
	s := m.fetch.shards.Get(tp)
	if err == nil {
		s.checkpoints.Add(1)
		return
	}
	s.checkErrs.Get(m.errTypes.of(err)).n.Add(1)
}

// OnRedelivered counts messages delivered again. A negative n is taken as
// zero.
func (m *Monitor) OnRedelivered(ctx context.Context, tp TopicPartition, n int) {
	if !m.closed.Load() {
		m.fetch.shards.Get(tp).redelivered.Add(int64(max(n, 0)))
	}
}

// OnDropped counts messages the client dropped. A negative n is taken as
// zero.
func (m *Monitor) OnDropped(ctx context.Context, tp TopicPartition, n int) {
	if !m.closed.Load() {
		m.fetch.shards.Get(tp).dropped.Add(int64(max(n, 0)))
	}
}

// OnIteratorAge records how far behind the newest record the partition is.
// A negative age is not recorded. Rebalances forget it, as they forget
// offsets.
func (m *Monitor) OnIteratorAge(ctx context.Context, tp TopicPartition, age time.Duration) {
	if !m.closed.Load() {
		m.fetch.shards.Get(tp).age.set(int64(age))
	}
}

// OnConsumerQueue records the size of the consumer's queue; an empty stream
// is the consumer's whole queue, with no destination. A negative size is not
// recorded.
func (m *Monitor) OnConsumerQueue(ctx context.Context, stream string, size int) {
	if !m.closed.Load() {
		m.fetch.queues.Get(stream).size.set(int64(size))
	}
}

func (m *Monitor) observeFetch(o observer) {
	i := &m.inst
	m.fetch.queues.Each(func(q *queue) { o.known(i.queueSize, &q.size, q.attrs) })
	m.fetch.shards.Each(func(s *shard) {
		o.count(i.receivedBytes, s.bytes.Load(), s.consume)
		o.count(i.checkpoints, s.checkpoints.Load(), s.attrs)
		o.count(i.redelivered, s.redelivered.Load(), s.consume)
		o.count(i.dropped, s.dropped.Load(), s.consume)
		o.errors(i.checkpoints, s.checkErrs)
		o.errors(i.receiveErrors, s.recvErrs)
		if age, ok := s.age.get(); ok {
			o.ObserveFloat64(i.iteratorAge, time.Duration(age).Seconds(), s.attrs.obs...)
		}
	})
}
