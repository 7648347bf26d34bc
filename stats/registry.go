package stats

import (
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"
)

// Defaults of a Registry.
const (
	// DefaultHistorySize is how many recorded values each name keeps.
	DefaultHistorySize = 1000
	// DefaultLimit bounds the names of each kind a Registry keeps; it is
	// the OpenTelemetry SDK's default cardinality limit.
	DefaultLimit = 2000
)

// OverflowName is the name under which values for names past the limit are
// kept, as the OpenTelemetry SDK names its overflow series.
const OverflowName = "otel.metric.overflow"

// Registry holds named counts (Incr), values (Set) and histories of recorded
// values (Record). The zero value is not usable; call New. A Registry is safe
// for concurrent use, and its methods do not allocate once a name exists.
type Registry struct {
	counts  *names[counter]
	values  *names[value]
	records *names[record]
	size    atomic.Int64 // history size of every record
	resize  sync.Mutex   // serialises SetHistorySize
	dropped atomic.Int64
}

type counter struct{ n atomic.Int64 }

type value struct{ bits atomic.Uint64 }

// Option configures a Registry.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct{ history, limit int }

// WithHistorySize sets how many recorded values each name keeps.
func WithHistorySize(n int) Option { return optionFunc(func(c *config) { c.history = n }) }

// WithLimit bounds the distinct names of each kind (counts, values,
// records). Past it, new names share the one called OverflowName.
func WithLimit(n int) Option { return optionFunc(func(c *config) { c.limit = n }) }

// New returns an empty Registry.
func New(opts ...Option) (*Registry, error) {
	c := config{history: DefaultHistorySize, limit: DefaultLimit}
	for _, o := range opts {
		o.apply(&c)
	}
	if c.history < 1 {
		return nil, fmt.Errorf("stats: history size must be at least 1, got %d", c.history)
	}
	if c.limit < 1 {
		return nil, fmt.Errorf("stats: limit must be at least 1, got %d", c.limit)
	}
	r := &Registry{}
	r.size.Store(int64(c.history))
	r.counts = newNames(c.limit, func() *counter { return &counter{} })
	r.values = newNames(c.limit, func() *value { return &value{} })
	r.records = newNames(c.limit, func() *record { return newRecord(int(r.size.Load())) })
	return r, nil
}

// Incr adds n to the count called name.
func (r *Registry) Incr(name string, n int64) {
	r.counts.get(name).n.Add(n)
}

// Set sets the value called name to v. NaN and infinite values are dropped
// and counted by Dropped.
func (r *Registry) Set(name string, v float64) {
	if !finite(v) {
		r.dropped.Add(1)
		return
	}
	r.values.get(name).bits.Store(math.Float64bits(v))
}

// Record adds v to the history of name: the last HistorySize values, over
// which the Snapshot reports mean and percentiles. NaN and infinite values
// are dropped and counted by Dropped.
func (r *Registry) Record(name string, v float64) {
	if !finite(v) {
		r.dropped.Add(1)
		return
	}
	r.records.get(name).add(v)
}

// Time starts a Timer whose Stop records, under name, the seconds since Time
// was called: defer r.Time("load").Stop(). Neither allocates.
func (r *Registry) Time(name string) Timer {
	return Timer{r: r, name: name, start: time.Now()}
}

// Timer measures one duration for a Registry.
type Timer struct {
	r     *Registry
	name  string
	start time.Time
}

// Stop records the seconds since the Timer started. Calling it more than
// once records more than once.
func (t Timer) Stop() { t.r.Record(t.name, time.Since(t.start).Seconds()) }

// Dropped returns how many NaN or infinite values Set and Record dropped.
func (r *Registry) Dropped() int64 { return r.dropped.Load() }

// HistorySize returns how many values each recorded name keeps.
func (r *Registry) HistorySize() int { return int(r.size.Load()) }

// SetHistorySize changes how many values every recorded name keeps, those
// already recorded included: each keeps its newest min(n, recorded) values.
func (r *Registry) SetHistorySize(n int) error {
	if n < 1 {
		return fmt.Errorf("stats: history size must be at least 1, got %d", n)
	}
	r.resize.Lock()
	defer r.resize.Unlock()
	// A record created before the store is resized below; one created
	// after it reads the new size: creation and each hold the same lock.
	r.size.Store(int64(n))
	r.records.each(func(_ string, rec *record) { rec.resize(n) })
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
