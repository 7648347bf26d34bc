package otelsensor

import (
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	names "github.com/streamotel/streamotel/internal/clean"
	"github.com/streamotel/streamotel/internal/series"
	"github.com/streamotel/streamotel/semconv"
)

// This file holds what the lifecycle files share: the measurement options
// of an attribute set, the bounded series maps and the counters they hold.

// opts holds the measurement options of one attribute set, built once.
type opts struct {
	set attribute.Set
	obs []metric.ObserveOption
	rec []metric.RecordOption
}

func newOpts(kvs ...attribute.KeyValue) opts {
	set := attribute.NewSet(kvs...)
	o := metric.WithAttributeSet(set)
	return opts{set: set, obs: []metric.ObserveOption{o}, rec: []metric.RecordOption{o}}
}

// with returns the attributes of o plus kvs.
func (o opts) with(kvs ...attribute.KeyValue) opts {
	return newOpts(append(o.set.ToSlice(), kvs...)...)
}

// clean returns a name as it is safe to export.
func clean(name string) string { return names.Name(name) }

// cleanOrEmpty is clean, but keeps the empty name, which names a client's
// own series (its queue, its throttles) rather than a destination's.
func cleanOrEmpty(name string) string {
	if name == "" {
		return ""
	}
	return clean(name)
}

// destination returns the attributes of base for the destination name, or
// base itself for the empty name.
func destination(base opts, name string) opts {
	if name == "" {
		return base
	}
	return base.with(semconv.MessagingDestinationName.String(name))
}

// newMap returns a series map bounded by the Monitor's cardinality limit.
func newMap[K comparable, V any](m *Monitor, create func(K) *V, overflow func() *V) *series.Map[K, V] {
	return series.New(m.cfg.limit, create, overflow)
}

// known is a value that may not be known yet, such as an offset: it holds
// the value plus one, so that zero means "not known". Negative values are
// not kept.
type known struct{ v atomic.Int64 }

func (k *known) set(v int64) {
	if v >= 0 {
		k.v.Store(v + 1)
	}
}

func (k *known) get() (int64, bool) {
	v := k.v.Load()
	return v - 1, v != 0
}

func (k *known) clear() { k.v.Store(0) }

// setOrClear sets v, or forgets the value for a negative v.
func (k *known) setOrClear(v int64) {
	if v < 0 {
		k.clear()
		return
	}
	k.set(v)
}

// gauge is a count of things in progress: started less ended. Ending a
// token twice is a caller's bug: the count never reads below zero for it,
// but it reads one less than the truth until as many starts came.
type gauge struct{ n atomic.Int64 }

func (g *gauge) add(n int64) { g.n.Add(n) }
func (g *gauge) get() int64  { return max(g.n.Load(), 0) }

// outcome is a count and the options of one attribute set; variants of a
// series by error.type are outcomes.
type outcome struct {
	n     atomic.Int64
	attrs opts
}

// variants maps an error.type value to the outcome of a series with that
// error type. It is bounded by the error types a Monitor reports.
type variants = series.Map[string, outcome]

func newVariants(base opts) *variants {
	mk := func(errType string) *outcome {
		return &outcome{attrs: base.with(semconv.ErrorType.String(errType))}
	}
	return series.New(maxErrorTypes+1, mk, func() *outcome { return mk(semconv.ErrorTypeOther) })
}

// variantsOf is a series with its error.type variants.
type variantsOf struct {
	ok     opts
	errors *variants
}

func newVariantsOf(ok opts) *variantsOf {
	return &variantsOf{ok: ok, errors: newVariants(ok)}
}

// sum returns the counts of every error variant added up.
func (v *variantsOf) sum() (n int64) {
	v.errors.Each(func(e *outcome) { n += e.n.Load() })
	return n
}

// observer reports the Monitor's state to the instruments during a
// collection.
type observer struct{ metric.Observer }

// count reports a count, if it is positive: a series that never counted
// anything is not exported.
func (o observer) count(inst metric.Int64Observable, v int64, a opts) {
	if v > 0 {
		o.ObserveInt64(inst, v, a.obs...)
	}
}

// value reports v.
func (o observer) value(inst metric.Int64Observable, v int64, a opts) {
	o.ObserveInt64(inst, v, a.obs...)
}

// known reports k, if it is known.
func (o observer) known(inst metric.Int64Observable, k *known, a opts) {
	if v, ok := k.get(); ok {
		o.ObserveInt64(inst, v, a.obs...)
	}
}

// errors reports the count of each error.type variant of v.
func (o observer) errors(inst metric.Int64Observable, v *variants) {
	v.Each(func(e *outcome) { o.count(inst, e.n.Load(), e.attrs) })
}
