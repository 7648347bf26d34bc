package otelsensor

import (
	"cmp"
	"context"
	"strconv"
	"sync/atomic"

	"github.com/streamotel/streamotel/internal/series"
	"github.com/streamotel/streamotel/semconv"
)

// The producer side: each message's send (SendHook), and the batches,
// throttles and queue of a batching producer (ProducerHook).

var (
	_ SendHook     = (*Monitor)(nil)
	_ ProducerHook = (*Monitor)(nil)
)

// produce is the Monitor's producer-side state.
type produce struct {
	topics  *series.Map[string, topic]
	sends   *series.Map[TopicPartition, sendTo]
	latency *history // Faust's send_latency
}

// topic is the producer-side state of one topic. The sends in progress are
// the initiated ones less those that ended. Ends are counted by the stripe
// of the partition sent to, so that workers sending to different partitions
// do not write the same line; initiations, which know no partition, are not.
type topic struct {
	name        string
	partitioned bool         // sends are split by partition; false for the overflow series
	initiated   atomic.Int64 // Faust's messages_sent
	ends        pair         // sends that ended after a start: completed, failed
	send        variantsOf   // system, operation send, destination; errors count failed sends
	unknown     sendTo       // sends to an unknown partition, or past the cardinality limit
	bytes       atomic.Int64 // bytes of the batches sent
	throttles   atomic.Int64
	queue       known // the batching producer's queue
}

// sendTo is the series of the sends to one partition of a topic. Workers
// send to different partitions, so they do not share its count, nor, in the
// SDK, the series of its duration.
type sendTo struct {
	sent  atomic.Int64 // sends that succeeded
	topic *topic
	attrs opts // the topic's, plus the partition
	_     apart
}

func (m *Monitor) initProduce() {
	m.produce.latency = newHistory(m.cfg.sendHistory)
	send := m.base.with(
		semconv.MessagingOperationName.String(semconv.OperationSend),
		semconv.MessagingOperationType.String("send"))
	m.produce.topics = newMap(m, func(name string) *topic {
		t := &topic{name: name, partitioned: true}
		t.send = *newVariantsOf(destination(send, name))
		t.unknown = sendTo{topic: t, attrs: t.send.ok}
		return t
	}, func() *topic {
		t := &topic{name: OverflowName, send: *newVariantsOf(m.base.with(m.overflow))}
		t.unknown = sendTo{topic: t, attrs: t.send.ok}
		return t
	}).WithClean(cleanOrEmpty).WithFront(series.StringHint)
	m.produce.sends = newMap(m, func(tp TopicPartition) *sendTo {
		t := m.produce.topics.Get(tp.Topic)
		if !t.partitioned {
			return &t.unknown
		}
		return &sendTo{topic: t, attrs: t.send.ok.with(
			semconv.MessagingDestinationPartition.String(strconv.Itoa(int(tp.Partition))))}
	}, func() *sendTo { return nil }).WithClean(cleanPartition).WithFront(partitionHint)
}

// OnSendInitiated counts a message handed to the producer (Faust's
// messages_sent) and marks it active.
func (m *Monitor) OnSendInitiated(ctx context.Context, s Send) {
	if !m.closed.Load() {
		m.produce.topics.Get(s.Topic).initiated.Add(1)
	}
}

// OnSendCompleted counts a sent message and records the send's duration, by
// the partition sent to; a negative partition is not reported.
func (m *Monitor) OnSendCompleted(ctx context.Context, s Send, partition int32, offset int64) {
	if m.closed.Load() {
		return
	}
	to := m.sendTo(s.Topic, partition)
	to.sent.Add(1)
	e, ok := m.end(s.stamp)
	if !ok {
		return
	}
	stripe := stripeOf(max(partition, 0))
	to.topic.ends.add(stripe, 1, 0)
	record(ctx, m.inst.operationDuration, e.secs, to.attrs)
	m.produce.latency.add(stripe, e)
}

// sendTo returns the series of the sends to a partition of topic: one per
// partition until the cardinality limit, then the topic's own, which also
// takes the sends to an unknown (negative) partition.
func (m *Monitor) sendTo(topic string, partition int32) *sendTo {
	if partition >= 0 {
		if s := m.produce.sends.Get(TopicPartition{Topic: topic, Partition: partition}); s != nil {
			return s
		}
	}
	return &m.produce.topics.Get(topic).unknown
}

// OnSendError counts a failed send, with error.type, and records its
// duration.
func (m *Monitor) OnSendError(ctx context.Context, s Send, err error) {
	err = cmp.Or(err, errUnknown)
	if m.closed.Load() {
		return
	}
	t := m.produce.topics.Get(s.Topic)
	o := m.attrs(&t.send, err, 1)
	e, ok := m.end(s.stamp)
	if !ok {
		return
	}
	t.ends.add(0, 0, 1)
	record(ctx, m.inst.operationDuration, e.secs, o)
}

// OnBatchStart does nothing: the batch's token carries its start.
func (m *Monitor) OnBatchStart(ctx context.Context, b Batch) {}

// OnBatchSent counts the batch's records as sent messages, or failed ones
// with error.type, and its bytes when it succeeded; it records the batch
// size and, for a started token, the duration of the flush as
// messaging.client.operation.duration. Negative counts are taken as zero.
func (m *Monitor) OnBatchSent(ctx context.Context, b Batch, records, bytes int, err error) {
	if m.closed.Load() {
		return
	}
	n := int64(max(records, 0))
	t := m.produce.topics.Get(b.Stream)
	t.initiated.Add(n)
	o := m.attrs(&t.send, err, n)
	if err != nil {
		t.ends.add(0, 0, n)
	} else {
		t.unknown.sent.Add(n)
		t.ends.add(0, n, 0)
		t.bytes.Add(int64(max(bytes, 0)))
	}
	record(ctx, m.inst.batchSize, float64(n), o)
	if e, ok := m.end(b.stamp); ok {
		record(ctx, m.inst.operationDuration, e.secs, o)
	}
}

// OnThrottle counts a throttle of the producer; an empty stream is the
// producer's own, with no destination.
func (m *Monitor) OnThrottle(ctx context.Context, stream string) {
	if !m.closed.Load() {
		m.produce.topics.Get(stream).throttles.Add(1)
	}
}

// OnProducerQueue records the size of the producer's queue; an empty stream
// is the producer's whole queue, with no destination. A negative size is not
// recorded.
func (m *Monitor) OnProducerQueue(ctx context.Context, stream string, size int) {
	if !m.closed.Load() {
		m.produce.topics.Get(stream).queue.set(int64(size))
	}
}

func (m *Monitor) observeProduce(o observer) {
	i := &m.inst
	m.produce.sends.Each(func(s *sendTo) {
		if s != &s.topic.unknown {
			o.count(i.sent, s.sent.Load(), s.attrs)
		}
	})
	m.produce.topics.Each(func(t *topic) {
		o.count(i.sent, t.unknown.sent.Load(), t.unknown.attrs)
		o.errors(i.sent, t.send.errors)
		o.errors(i.sendErrors, t.send.errors)
		// Ends are read before initiations, so that a send in between
		// counts as in progress rather than as a negative one.
		completed, failed := t.ends.load()
		if t.name != "" { // the producer's own series: its queue and throttles
			o.value(i.sendsActive, max(t.initiated.Load()-completed-failed, 0), t.send.ok)
		}
		o.count(i.sentBytes, t.bytes.Load(), t.send.ok)
		o.count(i.throttles, t.throttles.Load(), t.send.ok)
		o.known(i.queueSize, &t.queue, t.send.ok)
	})
}

func (m *Monitor) snapshotProduce(s *Snapshot) {
	m.produce.topics.Each(func(t *topic) {
		n := t.initiated.Load()
		s.MessagesSent += n
		if t.name != "" || n != 0 {
			s.MessagesSentByTopic[t.name] += n
		}
		s.SendErrors += t.send.sum()
	})
	s.SendLatency = m.produce.latency.values()
}
