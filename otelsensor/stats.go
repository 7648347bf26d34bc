package otelsensor

import (
	"context"

	"github.com/streamotel/streamotel/stats"
)

// WithStats makes the Monitor count (Count) into r and export r's counts,
// values and recorded histories, for example stats.Default(), so that
// statvent-style stats.Incr calls and the Monitor share one set of names.
// Without it, the Monitor has a Registry of its own.
func WithStats(r *stats.Registry) Option {
	return optionFunc(func(c *config) { c.stats = r })
}

// Stats returns the Registry the Monitor counts into and exports: the one
// given with WithStats, or its own.
func (m *Monitor) Stats() *stats.Registry { return m.stats }

func (m *Monitor) initStats() error {
	if m.cfg.stats != nil {
		m.stats = m.cfg.stats
		return nil
	}
	r, err := stats.New(stats.WithLimit(m.cfg.limit), stats.WithHistorySize(m.cfg.avgHistory))
	m.stats = r
	return err
}

// Count adds n to the application-defined count called name (Faust's
// metric_counts). It is the Monitor's Stats().Incr: the two are one count.
func (m *Monitor) Count(ctx context.Context, name string, n int64) {
	if !m.closed.Load() {
		m.stats.Incr(name, n)
	}
}

// Time starts a Timer whose Stop records, under name, the seconds since Time
// was called into the Monitor's Stats, which exports their mean and
// percentiles: defer m.Time("load").Stop().
func (m *Monitor) Time(name string) stats.Timer { return m.stats.Time(name) }
