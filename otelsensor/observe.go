package otelsensor

import (
	"context"

	"go.opentelemetry.io/otel/metric"
)

// observe reports the Monitor's counts to the observable instruments. The SDK
// calls it once per collection.
func (m *Monitor) observe(_ context.Context, o metric.Observer) error {
	i := &m.inst
	positive := func(inst metric.Int64Observable, v int64, a opts) {
		if v > 0 {
			o.ObserveInt64(inst, v, a.obs...)
		}
	}
	m.partitions.each(func(p *partition) {
		o.ObserveInt64(i.consumed, p.received.Load(), p.consume.obs...)
		o.ObserveInt64(i.messagesActive, p.active.Load(), p.attrs.obs...)
		positive(i.bufferFull, p.bufferFull.Load(), p.attrs)
		if p.partition < 0 { // overflow: offsets of unrelated partitions
			return
		}
		for _, off := range []struct {
			inst metric.Int64Observable
			o    *offset
		}{{i.readOffset, &p.read}, {i.committedOffset, &p.committed}, {i.endOffset, &p.end}} {
			if v, ok := off.o.get(); ok {
				o.ObserveInt64(off.inst, v, p.attrs.obs...)
			}
		}
		if lag, ok := p.lag(); ok {
			o.ObserveInt64(i.lag, lag, p.attrs.obs...)
		}
	})
	m.streams.each(func(s *stream) {
		total, active := s.events.load()
		o.ObserveInt64(i.streamEvents, total, s.attrs.obs...)
		o.ObserveInt64(i.eventsActive, active, s.attrs.obs...)
	})
	m.tables.each(func(t *table) {
		positive(i.tableOps, t.gets.Load(), t.getOp)
		positive(i.tableOps, t.sets.Load(), t.setOp)
		positive(i.tableOps, t.dels.Load(), t.delOp)
	})
	m.sends.each(func(s *sendTo) {
		if s != &s.topic.unknown {
			positive(i.sent, s.sent.Load(), s.attrs)
		}
	})
	m.topics.each(func(t *topic) {
		positive(i.sent, t.unknown.sent.Load(), t.unknown.attrs)
		t.send.errors.each(func(e *outcome) { positive(i.sent, e.n.Load(), e.attrs) })
		// Ends are read before initiations, so that a send in between
		// counts as in progress rather than as a negative one.
		completed, failed := t.ends.load()
		o.ObserveInt64(i.sendsActive, t.initiated.Load()-completed-failed, t.send.ok.obs...)
	})
	positive(i.assignments, m.assignOK.Load(), m.assign.ok)
	m.assign.errors.each(func(e *outcome) { positive(i.assignments, e.n.Load(), e.attrs) })
	positive(i.rebalances, m.rebalances.Load(), m.group)
	m.active.each(func(a *outcome) { o.ObserveInt64(i.httpActive, a.n.Load(), a.attrs.obs...) })
	m.observeExt(o)
	return nil
}
