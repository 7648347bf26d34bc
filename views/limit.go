package views

import (
	"go.opentelemetry.io/otel/attribute"

	"github.com/streamotel/streamotel/internal/series"
)

// LimitValues caps the cardinality that one attribute brings to the named
// instrument: the first n distinct values of key are kept, and measurements
// with any other value lose the key, so they merge into one series per
// remaining attribute set. An n below 1 drops the key from every
// measurement.
//
// The SDK's own limit (2000 series per instrument unless the MeterProvider
// sets another) applies to whole attribute sets and to every instrument
// alike; LimitValues bounds one instrument by the attribute that grows, such
// as semconv.MessagingDestinationPartition or semconv.ErrorType.
func LimitValues(name string, key attribute.Key, n int) Option {
	return optionFunc(func(c *config) {
		r := c.rule(name)
		r.limits = append(r.limits, newValueLimit(key, n))
	})
}

// valueLimit remembers the first values of key, in the bounded map that
// every series limit of streamotel uses: past the limit, every value gets
// the overflow entry, which drops the key.
type valueLimit struct {
	key  attribute.Key
	seen *series.Map[attribute.Value, bool]
}

// kept and dropped are the entries of a valueLimit: every value within the
// limit shares kept, the values past it share dropped.
var kept, dropped = true, false

func newValueLimit(key attribute.Key, n int) *valueLimit {
	return &valueLimit{key: key, seen: series.New(n,
		func(attribute.Value) *bool { return &kept },
		func() *bool { return &dropped })}
}

// keep is an attribute.Filter.
func (l *valueLimit) keep(kv attribute.KeyValue) bool {
	return kv.Key != l.key || *l.seen.Get(kv.Value)
}
