package otelsensor

import (
	"sync/atomic"

	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/semconv"
)

// ext is the Monitor's state for the extension interfaces and the named
// stats: series built once per destination, stream, partition or name.
type ext struct {
	inst      extInstruments
	handlers  *seriesMap[string, handler]
	producers *seriesMap[string, producer]
	consumers *seriesMap[string, queue]
	shards    *seriesMap[TopicPartition, shard]
	streams   *seriesMap[string, shardCounts]
	counts    *seriesMap[string, opts]
	values    *seriesMap[string, opts]
	summaries *seriesMap[string, summaryOpts]
}

type extInstruments struct {
	processed, processErrors, sendErrors, sentBytes, receivedBytes     metric.Int64Observable
	receiveErrors, throttles, queueSize, checkpoints, shards, reshards metric.Int64Observable
	iteratorAge, metricValues, metricRecorded                          metric.Float64Observable
	messageSize, batchSize                                             metric.Float64Histogram
}

// handler is the state of the handlers of one destination.
type handler struct {
	received, active atomic.Int64
	status           [numStatuses]atomic.Int64
	attrs            opts // system, group, destination
	recv, proc       opts // attrs plus operation name receive, process
	statusOpts       [numStatuses]opts
	errors           *variants
}

// producer is the batching-producer state of one stream.
type producer struct {
	bytes     atomic.Int64
	throttles atomic.Int64
	queue     offset // size plus one, like an offset
	attrs     opts   // those of the stream's sends
}

// queue is the consumer queue of one stream.
type queue struct {
	size  offset
	attrs opts
}

// shard is the batching-consumer state of one partition or shard.
type shard struct {
	attrs       opts // those of the partition
	consume     opts // attrs plus operation name receive
	bytes       atomic.Int64
	checkpoints atomic.Int64
	age         offset // nanoseconds
	lag         offset
	checkErrs   *variants
	recvErrs    *variants
}

// shardCounts is the shard state of one stream.
type shardCounts struct {
	active, closed offset
	reshards       atomic.Int64
	attrs          opts
	activeOpts     opts
	closedOpts     opts
}

// summaryOpts are the options of each statistic of a recorded name.
type summaryOpts struct {
	mean, p50, p90, p95, p99 opts
}

// initExt creates the extension callbacks' instruments with b and their
// series.
func (m *Monitor) initExt(b *builder) {
	m.x.inst = extInstruments{
		processed:      b.int64(semconv.MessagesProcessed),
		processErrors:  b.int64(semconv.ProcessErrors),
		sendErrors:     b.int64(semconv.SendErrors),
		sentBytes:      b.int64(semconv.SentBytes),
		receivedBytes:  b.int64(semconv.ReceivedBytes),
		receiveErrors:  b.int64(semconv.ReceiveErrors),
		throttles:      b.int64(semconv.Throttles),
		queueSize:      b.int64(semconv.QueueSize),
		checkpoints:    b.int64(semconv.Checkpoints),
		shards:         b.int64(semconv.Shards),
		reshards:       b.int64(semconv.ReshardEvents),
		iteratorAge:    b.float64Gauge(semconv.IteratorAge),
		metricValues:   b.float64Gauge(semconv.MetricValues),
		metricRecorded: b.float64Gauge(semconv.MetricRecorded),
		messageSize:    b.histogram(semconv.MessageSize),
		batchSize:      b.histogram(semconv.BatchSize),
	}
	m.initExtSeries()
}

func (m *Monitor) extObservables() []metric.Observable {
	i := m.x.inst
	return []metric.Observable{
		i.processed, i.processErrors, i.sendErrors, i.sentBytes, i.receivedBytes,
		i.receiveErrors, i.throttles, i.queueSize, i.checkpoints, i.shards, i.reshards,
		i.iteratorAge, i.metricValues, i.metricRecorded,
	}
}

func (m *Monitor) initExtSeries() {
	limit := m.cfg.limit
	overflow := m.group.with(m.overflow)
	m.x.handlers = newSeriesMap(limit, func(dest string) *handler {
		return newHandler(m.group.with(semconv.MessagingDestinationName.String(cleanName(dest))))
	}, func() *handler { return newHandler(overflow) })
	m.x.producers = newSeriesMap(limit, func(stream string) *producer {
		return &producer{attrs: m.topics.get(stream).send.ok}
	}, func() *producer { return &producer{attrs: m.base.with(m.overflow)} })
	m.x.consumers = newSeriesMap(limit, func(stream string) *queue {
		return &queue{attrs: m.group.with(
			semconv.MessagingOperationName.String(semconv.OperationReceive),
			semconv.MessagingDestinationName.String(cleanName(stream)))}
	}, func() *queue { return &queue{attrs: overflow} })
	m.x.shards = newSeriesMap(limit, func(tp TopicPartition) *shard {
		p := m.partitions.get(tp)
		return &shard{attrs: p.attrs, consume: p.consume, checkErrs: newVariants(p.attrs), recvErrs: newVariants(p.consume)}
	}, func() *shard {
		return &shard{attrs: overflow, consume: overflow, checkErrs: newVariants(overflow), recvErrs: newVariants(overflow)}
	})
	m.x.streams = newSeriesMap(limit, func(stream string) *shardCounts {
		return newShardCounts(m.base.with(semconv.MessagingDestinationName.String(cleanName(stream))))
	}, func() *shardCounts { return newShardCounts(m.base.with(m.overflow)) })
	// A Registry keeps limit names plus its overflow name.
	m.x.counts = newSeriesMap(limit+1, m.named, func() *opts { o := m.base.with(m.overflow); return &o })
	m.x.values = newSeriesMap(limit+1, m.named, func() *opts { o := m.base.with(m.overflow); return &o })
	m.x.summaries = newSeriesMap(limit+1, func(name string) *summaryOpts {
		o := m.named(name)
		stat := func(s string) opts { return o.with(semconv.MetricStatistic.String(s)) }
		return &summaryOpts{
			mean: stat(semconv.StatisticMean), p50: stat(semconv.StatisticP50), p90: stat(semconv.StatisticP90),
			p95: stat(semconv.StatisticP95), p99: stat(semconv.StatisticP99),
		}
	}, func() *summaryOpts {
		o := m.base.with(m.overflow)
		return &summaryOpts{o, o, o, o, o}
	})
}

// named returns the options of a stats name; the stats overflow name is
// the overflow series.
func (m *Monitor) named(name string) *opts {
	var o opts
	if name == OverflowName {
		o = m.base.with(m.overflow)
	} else {
		o = m.base.with(semconv.MetricName.String(cleanName(name)))
	}
	return &o
}

func newHandler(attrs opts) *handler {
	h := &handler{
		attrs: attrs,
		recv:  attrs.with(semconv.MessagingOperationName.String(semconv.OperationReceive)),
		proc:  attrs.with(semconv.MessagingOperationName.String(semconv.OperationProcess)),
	}
	for s := range numStatuses {
		h.statusOpts[s] = h.proc.with(semconv.MessageStatus.String(s.String()))
	}
	h.errors = newVariants(h.proc)
	return h
}

func newShardCounts(attrs opts) *shardCounts {
	return &shardCounts{
		attrs:      attrs,
		activeOpts: attrs.with(semconv.ShardState.String(semconv.ShardStateActive)),
		closedOpts: attrs.with(semconv.ShardState.String(semconv.ShardStateClosed)),
	}
}
