package otelsensor

import (
	"context"
	"math"

	"github.com/streamotel/streamotel/internal/series"
	"github.com/streamotel/streamotel/semconv"
)

// Application-defined counts by name: Faust's Monitor.count and
// metric_counts.

// metricCount is the count of one name.
type metricCount struct {
	name string
	outcome
}

func (m *Monitor) initCounts() {
	m.counts = newMap(m, func(name string) *metricCount {
		return &metricCount{name: name, outcome: outcome{attrs: m.base.with(semconv.MetricName.String(name))}}
	}, func() *metricCount {
		return &metricCount{name: OverflowName, outcome: outcome{attrs: m.base.with(m.overflow)}}
	}).WithClean(clean).WithFront(series.StringHint)
}

// Count adds n to the application-defined count called name (Faust's
// Monitor.count), exported as streamotel.metric.counts and in the
// Snapshot's metric_counts. A count that would pass the largest int64 stays
// there.
func (m *Monitor) Count(ctx context.Context, name string, n int64) {
	if m.closed.Load() {
		return
	}
	c := m.counts.Get(name)
	for {
		old := c.n.Load()
		next := old + n
		if n > 0 && next < old {
			next = math.MaxInt64
		}
		if c.n.CompareAndSwap(old, next) {
			return
		}
	}
}

func (m *Monitor) observeCounts(o observer) {
	m.counts.Each(func(c *metricCount) { o.value(m.inst.metricCounts, c.n.Load(), c.attrs) })
}

func (m *Monitor) snapshotCounts(s *Snapshot) {
	m.counts.Each(func(c *metricCount) { s.MetricCounts[c.name] += c.n.Load() })
}
