package otelsensor

import (
	"time"

	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/stats"
)

// observeExt reports the state of the extension interfaces and the stats.
func (m *Monitor) observeExt(o metric.Observer) {
	i := &m.inst
	x := &m.x.inst
	positive := func(inst metric.Int64Observable, v int64, a opts) {
		if v > 0 {
			o.ObserveInt64(inst, v, a.obs...)
		}
	}
	set := func(inst metric.Int64Observable, v *offset, a opts) {
		if n, ok := v.get(); ok {
			o.ObserveInt64(inst, n, a.obs...)
		}
	}
	m.x.handlers.each(func(h *handler) {
		o.ObserveInt64(i.consumed, h.received.Load(), h.recv.obs...)
		o.ObserveInt64(i.messagesActive, h.active.Load(), h.attrs.obs...)
		for s := range numStatuses {
			positive(x.processed, h.status[s].Load(), h.statusOpts[s])
		}
		h.errors.each(func(e *outcome) { positive(x.processErrors, e.n.Load(), e.attrs) })
	})
	m.topics.each(func(t *topic) {
		t.send.errors.each(func(e *outcome) { positive(x.sendErrors, e.n.Load(), e.attrs) })
	})
	m.x.producers.each(func(p *producer) {
		positive(x.sentBytes, p.bytes.Load(), p.attrs)
		positive(x.throttles, p.throttles.Load(), p.attrs)
		set(x.queueSize, &p.queue, p.attrs)
	})
	m.x.consumers.each(func(q *queue) { set(x.queueSize, &q.size, q.attrs) })
	m.x.shards.each(func(s *shard) {
		positive(x.receivedBytes, s.bytes.Load(), s.consume)
		positive(x.checkpoints, s.checkpoints.Load(), s.attrs)
		s.checkErrs.each(func(e *outcome) { positive(x.checkpoints, e.n.Load(), e.attrs) })
		s.recvErrs.each(func(e *outcome) { positive(x.receiveErrors, e.n.Load(), e.attrs) })
		set(i.lag, &s.lag, s.attrs)
		if age, ok := s.age.get(); ok {
			o.ObserveFloat64(x.iteratorAge, time.Duration(age).Seconds(), s.attrs.obs...)
		}
	})
	m.x.streams.each(func(s *shardCounts) {
		set(x.shards, &s.active, s.activeOpts)
		set(x.shards, &s.closed, s.closedOpts)
		positive(x.reshards, s.reshards.Load(), s.attrs)
	})
	m.stats.EachCount(func(name string, n int64) {
		o.ObserveInt64(i.metricCounts, n, m.x.counts.get(name).obs...)
	})
	m.stats.EachValue(func(name string, v float64) {
		o.ObserveFloat64(x.metricValues, v, m.x.values.get(name).obs...)
	})
	m.stats.EachSummary(func(name string, s stats.Summary) {
		if s.Count == 0 {
			return
		}
		so := m.x.summaries.get(name)
		for _, p := range []struct {
			v float64
			o *opts
		}{{s.Mean, &so.mean}, {s.P50, &so.p50}, {s.P90, &so.p90}, {s.P95, &so.p95}, {s.P99, &so.p99}} {
			o.ObserveFloat64(x.metricRecorded, p.v, p.o.obs...)
		}
	})
}
