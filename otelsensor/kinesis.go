package otelsensor

import (
	"context"
	"time"
)

var (
	_ ProducerSensor = (*Monitor)(nil)
	_ ConsumerSensor = (*Monitor)(nil)
	_ ShardSensor    = (*Monitor)(nil)
)

// OnBatchStart starts timing a batch.
func (m *Monitor) OnBatchStart(ctx context.Context, stream string) State {
	if m.closed.Load() {
		return State{}
	}
	return m.start()
}

// OnBatchSent counts the batch's records as sent messages, or failed ones
// with error.type, and its bytes when it succeeded; it records the batch
// size and, given the State of OnBatchStart, the duration of the flush as
// messaging.client.operation.duration. Negative counts are taken as zero.
func (m *Monitor) OnBatchSent(ctx context.Context, stream string, records, bytes int, st State, err error) {
	if m.closed.Load() {
		return
	}
	n := int64(max(records, 0))
	t := m.topics.get(stream)
	t.initiated.Add(n)
	o := t.send.ok
	if err != nil {
		e := t.send.errors.get(m.errTypes.of(err))
		e.n.Add(n)
		o = e.attrs
		t.ends.add(0, 0, n)
	} else {
		t.unknown.sent.Add(n)
		t.ends.add(0, n, 0)
		m.x.producers.get(stream).bytes.Add(int64(max(bytes, 0)))
	}
	record(ctx, m.x.inst.batchSize, float64(n), o)
	if e, ok := m.end(st); ok {
		record(ctx, m.inst.operationDuration, e.secs, o)
	}
}

// OnThrottle counts a throttle of the producer.
func (m *Monitor) OnThrottle(ctx context.Context, stream string) {
	if !m.closed.Load() {
		m.x.producers.get(stream).throttles.Add(1)
	}
}

// OnProducerQueue records the size of the producer's queue. A negative size
// is not recorded.
func (m *Monitor) OnProducerQueue(ctx context.Context, stream string, size int) {
	if !m.closed.Load() {
		m.x.producers.get(stream).queue.set(int64(size))
	}
}

// OnRecords counts the fetched records as consumed messages and their bytes.
func (m *Monitor) OnRecords(ctx context.Context, tp TopicPartition, records, bytes int) {
	if m.closed.Load() {
		return
	}
	m.partitions.get(tp).received.Add(int64(max(records, 0)))
	m.x.shards.get(tp).bytes.Add(int64(max(bytes, 0)))
}

// OnReceiveError counts a failed fetch by error.type; a nil err counts as
// "unknown".
func (m *Monitor) OnReceiveError(ctx context.Context, tp TopicPartition, err error) {
	if m.closed.Load() {
		return
	}
	if err == nil {
		err = errUnknown
	}
	m.x.shards.get(tp).recvErrs.get(m.errTypes.of(err)).n.Add(1)
}

// OnCheckpoint counts a checkpoint, a failed one by error.type.
func (m *Monitor) OnCheckpoint(ctx context.Context, tp TopicPartition, err error) {
	if m.closed.Load() {
		return
	}
	s := m.x.shards.get(tp)
	if err == nil {
		s.checkpoints.Add(1)
		return
	}
	s.checkErrs.get(m.errTypes.of(err)).n.Add(1)
}

// OnIteratorAge records how far behind the newest record the partition is.
// A negative age is not recorded. Rebalances forget it, as they forget
// offsets.
func (m *Monitor) OnIteratorAge(ctx context.Context, tp TopicPartition, age time.Duration) {
	if !m.closed.Load() {
		m.x.shards.get(tp).age.set(int64(age))
	}
}

// OnLag records the partition's lag in records, reported as
// streamotel.consumer.lag. A negative lag is not recorded. Rebalances forget
// it, as they forget offsets.
func (m *Monitor) OnLag(ctx context.Context, tp TopicPartition, records int64) {
	if !m.closed.Load() {
		m.x.shards.get(tp).lag.set(records)
	}
}

// OnConsumerQueue records the size of the consumer's queue. A negative size
// is not recorded.
func (m *Monitor) OnConsumerQueue(ctx context.Context, stream string, size int) {
	if !m.closed.Load() {
		m.x.consumers.get(stream).size.set(int64(size))
	}
}

// OnShards records the numbers of active and closed shards of the stream.
// Negative numbers are not recorded.
func (m *Monitor) OnShards(ctx context.Context, stream string, active, closed int) {
	if m.closed.Load() {
		return
	}
	s := m.x.streams.get(stream)
	s.active.set(int64(active))
	s.closed.set(int64(closed))
}

// OnReshard counts a split or merge of the stream's shards.
func (m *Monitor) OnReshard(ctx context.Context, stream string) {
	if !m.closed.Load() {
		m.x.streams.get(stream).reshards.Add(1)
	}
}

// forgetShards forgets the lag and iterator age of every partition.
func (m *Monitor) forgetShards() {
	m.x.shards.each(func(s *shard) {
		s.age.clear()
		s.lag.clear()
	})
}
