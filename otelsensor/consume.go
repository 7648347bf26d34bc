package otelsensor

import (
	"context"
	"strconv"
	"sync/atomic"

	"github.com/streamotel/streamotel/internal/series"
	"github.com/streamotel/streamotel/semconv"
)

// The consumer side of a partition: messages delivered (MessageHook) and the
// offsets lag is computed from (OffsetHook).

var (
	_ MessageHook = (*Monitor)(nil)
	_ OffsetHook  = (*Monitor)(nil)
)

// consume is the Monitor's consumer-side state.
type consume struct {
	partitions *series.Map[TopicPartition, partition]
}

// partition is the state of one topic partition on the consumer side.
type partition struct {
	received   atomic.Int64
	active     gauge
	bufferFull atomic.Int64
	read       known
	committed  known
	end        known
	lag        known // given by OnLag, for brokers without int64 offsets
	pending    known // delivered, not acknowledged
	topic      string
	partition  int32
	overflow   bool // the series of the partitions past the limit
	attrs      opts // system, group, destination, partition
	consume    opts // attrs plus messaging.operation.name=receive
	_          apart
}

// lagOf returns the partition's lag: given by OnLag, or end minus
// committed, when both are known.
func (p *partition) lagOf() (int64, bool) {
	if l, ok := p.lag.get(); ok {
		return l, true
	}
	c, okc := p.committed.get()
	e, oke := p.end.get()
	if !okc || !oke {
		return 0, false
	}
	return max(e-c, 0), true
}

// forget forgets the partition's positions, as when it is revoked.
func (p *partition) forget() {
	p.read.clear()
	p.committed.clear()
	p.end.clear()
	p.lag.clear()
	p.pending.clear()
}

func partitionHint(tp TopicPartition) uint {
	return series.StringHint(tp.Topic)*33 + uint(tp.Partition)
}

func cleanPartition(tp TopicPartition) TopicPartition {
	tp.Topic = clean(tp.Topic)
	return tp
}

func (m *Monitor) initConsume() {
	overflow := m.group.with(m.overflow)
	m.consume.partitions = newMap(m, func(tp TopicPartition) *partition {
		p := &partition{topic: tp.Topic, partition: tp.Partition}
		p.attrs = m.group.with(
			semconv.MessagingDestinationName.String(tp.Topic),
			semconv.MessagingDestinationPartition.String(strconv.Itoa(int(tp.Partition))))
		p.consume = p.attrs.with(semconv.MessagingOperationName.String(semconv.OperationReceive))
		return p
	}, func() *partition {
		return &partition{topic: OverflowName, overflow: true, attrs: overflow, consume: overflow}
	}).WithClean(cleanPartition).WithFront(partitionHint)
}

// partition returns the series of tp.
func (m *Monitor) partition(tp TopicPartition) *partition { return m.consume.partitions.Get(tp) }

// OnMessageIn counts a received message, marks it active and records the
// partition's read offset. A negative offset is not recorded.
func (m *Monitor) OnMessageIn(ctx context.Context, msg Message) {
	if m.closed.Load() {
		return
	}
	p := m.partition(msg.TopicPartition)
	p.received.Add(1)
	p.active.add(1)
	p.read.set(msg.Offset)
}

// OnMessageOut marks the message no longer active. Given a token that did
// not start, it changes nothing.
func (m *Monitor) OnMessageOut(ctx context.Context, msg Message) {
	if m.closed.Load() || !msg.Started() {
		return
	}
	m.partition(msg.TopicPartition).active.add(-1)
}

// OnTopicBufferFull counts that the partition's buffer was full.
func (m *Monitor) OnTopicBufferFull(ctx context.Context, tp TopicPartition) {
	if !m.closed.Load() {
		m.partition(tp).bufferFull.Add(1)
	}
}

// OnOffsetCommitted records the partition's committed offset, the next one
// to read. A negative offset is not recorded.
func (m *Monitor) OnOffsetCommitted(ctx context.Context, tp TopicPartition, next int64) {
	if !m.closed.Load() {
		m.partition(tp).committed.set(next)
	}
}

// OnEndOffset records the partition's log end offset. A negative offset is
// not recorded.
func (m *Monitor) OnEndOffset(ctx context.Context, tp TopicPartition, end int64) {
	if !m.closed.Load() {
		m.partition(tp).end.set(end)
	}
}

// OnLag records the partition's lag in messages, which then wins over the
// lag of its offsets. A negative lag forgets it: no lag is reported until
// one is known again.
func (m *Monitor) OnLag(ctx context.Context, tp TopicPartition, messages int64) {
	if !m.closed.Load() {
		m.partition(tp).lag.setOrClear(messages)
	}
}

// OnPending records how many messages of the partition wait for an
// acknowledgement. A negative count forgets it.
func (m *Monitor) OnPending(ctx context.Context, tp TopicPartition, messages int64) {
	if !m.closed.Load() {
		m.partition(tp).pending.setOrClear(messages)
	}
}

// forgetPartitions forgets the positions of every partition, so that
// revoked partitions stop being reported.
func (m *Monitor) forgetPartitions() {
	m.consume.partitions.Each((*partition).forget)
	m.fetch.shards.Each(func(s *shard) { s.age.clear() })
}

func (m *Monitor) observeConsume(o observer) {
	i := &m.inst
	m.consume.partitions.Each(func(p *partition) {
		o.value(i.consumed, p.received.Load(), p.consume)
		o.value(i.messagesActive, p.active.get(), p.attrs)
		o.count(i.bufferFull, p.bufferFull.Load(), p.attrs)
		if p.overflow { // positions of unrelated partitions
			return
		}
		o.known(i.readOffset, &p.read, p.attrs)
		o.known(i.committedOffset, &p.committed, p.attrs)
		o.known(i.endOffset, &p.end, p.attrs)
		if lag, ok := p.lagOf(); ok {
			o.value(i.lag, lag, p.attrs)
		}
		o.known(i.pending, &p.pending, p.attrs)
	})
}

func (m *Monitor) snapshotConsume(s *Snapshot) {
	m.consume.partitions.Each(func(p *partition) {
		n := p.received.Load()
		s.MessagesReceivedTotal += n
		s.MessagesReceivedByTopic[p.topic] += n
		s.MessagesActive += p.active.get()
		if f := p.bufferFull.Load(); f > 0 {
			s.TopicBufferFull[p.topic] += f
		}
		if p.overflow {
			return
		}
		put := func(into map[string]map[int32]int64, v int64, ok bool) {
			if !ok {
				return
			}
			if into[p.topic] == nil {
				into[p.topic] = map[int32]int64{}
			}
			into[p.topic][p.partition] = v
		}
		v, ok := p.read.get()
		put(s.TopicReadOffsets, v, ok)
		v, ok = p.committed.get()
		put(s.TopicCommittedOffsets, v, ok)
		v, ok = p.end.get()
		put(s.TopicEndOffsets, v, ok)
		v, ok = p.lagOf()
		put(s.TopicLag, v, ok)
		v, ok = p.pending.get()
		put(s.TopicPending, v, ok)
	})
}
