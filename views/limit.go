package views

import (
	"sync"

	"go.opentelemetry.io/otel/attribute"
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
	return func(c *config) {
		r := c.rule(name)
		r.limits = append(r.limits, &valueLimit{key: key, n: n, seen: map[attribute.Value]struct{}{}})
	}
}

// valueLimit remembers the first n values of key.
type valueLimit struct {
	key  attribute.Key
	n    int
	mu   sync.RWMutex
	seen map[attribute.Value]struct{}
}

// keep is an attribute.Filter.
func (l *valueLimit) keep(kv attribute.KeyValue) bool {
	if kv.Key != l.key {
		return true
	}
	l.mu.RLock()
	_, ok := l.seen[kv.Value]
	full := len(l.seen) >= l.n
	l.mu.RUnlock()
	if ok || full {
		return ok
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.seen[kv.Value]; ok {
		return true
	}
	if len(l.seen) >= l.n {
		return false
	}
	l.seen[kv.Value] = struct{}{}
	return true
}
