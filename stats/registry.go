package stats

import (
	"errors"
	"fmt"
	"math"
	"sync/atomic"
	"time"

	"github.com/streamotel/streamotel/internal/clean"
	"github.com/streamotel/streamotel/internal/series"
)

// Defaults and bounds of a Registry.
const (
	// DefaultHistorySize is how many recorded values each name keeps.
	DefaultHistorySize = 1000
	// MaxHistorySize bounds the history size. Each slot is 8 bytes for
	// every recorded name: at the maximum, 800 KB a name, 1.6 GB for
	// DefaultLimit names.
	MaxHistorySize = 100_000
	// DefaultLimit bounds the names of each kind a Registry keeps; it is
	// the OpenTelemetry SDK's default cardinality limit.
	DefaultLimit = 2000
)

// OverflowName is the name under which values for names past the limit are
// kept, as the OpenTelemetry SDK names its overflow series.
const OverflowName = series.Overflow

// Registry holds named counts (Incr), values (Set) and histories of recorded
// values (Record). The zero value is not usable; call New. A Registry is safe
// for concurrent use, and its methods do not allocate once a name exists
// (names that must be cleaned allocate their cleaned copy on every call).
type Registry struct {
	counts  *series.Map[string, counter]
	values  *series.Map[string, value]
	records *series.Map[string, record]
	size    atomic.Int64 // history size of every record
	dropped atomic.Int64
}

type counter struct {
	name string
	n    atomic.Int64
}

// add adds n to the count, held at the bounds of int64 rather than wrapped
// past them.
func (c *counter) add(n int64) {
	for {
		old := c.n.Load()
		sum := old + n
		switch {
		case n > 0 && sum < old:
			sum = math.MaxInt64
		case n < 0 && sum > old:
			sum = math.MinInt64
		}
		if c.n.CompareAndSwap(old, sum) {
			return
		}
	}
}

type value struct {
	name string
	bits atomic.Uint64
}

// Option configures a Registry.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct{ history, limit int }

// WithHistorySize sets how many recorded values each name keeps, from 1 to
// MaxHistorySize (default DefaultHistorySize).
func WithHistorySize(n int) Option { return optionFunc(func(c *config) { c.history = n }) }

// WithLimit bounds the distinct names of each kind (counts, values,
// records), default DefaultLimit. Past it, new names share the one called
// OverflowName.
func WithLimit(n int) Option { return optionFunc(func(c *config) { c.limit = n }) }

// New returns an empty Registry, or an error naming every bad option.
func New(opts ...Option) (*Registry, error) {
	c := config{history: DefaultHistorySize, limit: DefaultLimit}
	for _, o := range opts {
		o.apply(&c)
	}
	var errs []error
	errs = append(errs, checkHistorySize(c.history))
	if c.limit < 1 {
		errs = append(errs, fmt.Errorf("stats: limit must be at least 1, got %d", c.limit))
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	r := &Registry{}
	r.size.Store(int64(c.history))
	r.counts = series.New(c.limit,
		func(name string) *counter { return &counter{name: name} },
		func() *counter { return &counter{name: OverflowName} }).WithClean(clean.Name).WithFront(series.StringHint)
	r.values = series.New(c.limit,
		func(name string) *value { return &value{name: name} },
		func() *value { return &value{name: OverflowName} }).WithClean(clean.Name).WithFront(series.StringHint)
	r.records = series.New(c.limit,
		func(name string) *record { return newRecord(name, &r.size) },
		func() *record { return newRecord(OverflowName, &r.size) }).WithClean(clean.Name).WithFront(series.StringHint)
	return r, nil
}

func checkHistorySize(n int) error {
	if n < 1 || n > MaxHistorySize {
		return fmt.Errorf("stats: history size must be from 1 to %d, got %d", MaxHistorySize, n)
	}
	return nil
}

// Incr adds n to the count called name. The count is held at the bounds
// of int64 instead of wrapping past them.
func (r *Registry) Incr(name string, n int64) {
	r.counts.Get(name).add(n)
}

// Set sets the value called name to v. NaN and infinite values are dropped
// and counted by Dropped.
func (r *Registry) Set(name string, v float64) {
	if !finite(v) {
		r.dropped.Add(1)
		return
	}
	r.values.Get(name).bits.Store(math.Float64bits(v))
}

// Record adds v to the history of name: the last HistorySize values, over
// which the Snapshot reports mean and percentiles. NaN and infinite values
// are dropped and counted by Dropped.
func (r *Registry) Record(name string, v float64) {
	if !finite(v) {
		r.dropped.Add(1)
		return
	}
	r.records.Get(name).add(v)
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
// once records more than once; the zero Timer records nothing.
func (t Timer) Stop() {
	if t.r != nil {
		t.r.Record(t.name, time.Since(t.start).Seconds())
	}
}

// Dropped returns how many NaN or infinite values Set and Record dropped.
func (r *Registry) Dropped() int64 { return r.dropped.Load() }

// HistorySize returns how many values each recorded name keeps.
func (r *Registry) HistorySize() int { return int(r.size.Load()) }

// SetHistorySize changes how many values every recorded name keeps, from 1
// to MaxHistorySize, those already recorded included: each keeps its newest
// min(n, recorded) values.
func (r *Registry) SetHistorySize(n int) error {
	if err := checkHistorySize(n); err != nil {
		return err
	}
	r.size.Store(int64(n))
	// Records read the size whenever they are used; resizing them now
	// frees the memory of a smaller size at once.
	r.records.Each(func(rec *record) { rec.fit() })
	return nil
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
