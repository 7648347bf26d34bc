// Package series holds the bounded maps from a key to its series that the
// Monitor, the stats Registry and the Views keep: reads cost an atomic load,
// and past a limit every new key shares one overflow series.
package series

import (
	"maps"
	"sync"
	"sync/atomic"
)

// Map is a bounded map from a key to its series, built for reads:
// a lookup is one atomic load and one map lookup, or, with a front cache,
// usually one atomic load and a key comparison. Once limit keys exist, get
// returns the overflow series. Series are never removed.
//
// The map that lookups read is never changed once published. A new series
// goes into fresh, under the lock, and fresh is merged into a new published
// map once as many lookups missed the published map as it holds series, or
// when each walks the series: every merge copies the map, and doubling the
// wait with the size keeps the copying to a constant per lookup on average,
// where copying on every new series cost O(n²) to build n series.
type Map[K comparable, V any] struct {
	front    *front[K, V] // nil without WithFront
	clean    func(K) K    // nil without WithClean
	m        atomic.Pointer[map[K]*V]
	mu       sync.Mutex
	fresh    map[K]*V // guarded by mu: series not yet in m
	misses   int      // guarded by mu: lookups m missed since it was published
	limit    int
	create   func(K) *V
	overflow func() *V
	over     *V // guarded by mu until set, then immutable
}

// Overflow names the series that keys past a Map's limit share, in exports
// and snapshots alike; it is the OpenTelemetry SDK's overflow attribute.
const Overflow = "otel.metric.overflow"

// New returns a Map that creates the series of a new key with create, and,
// once limit keys exist, returns the one series overflow creates for every
// further key.
func New[K comparable, V any](limit int, create func(K) *V, overflow func() *V) *Map[K, V] {
	return &Map[K, V]{limit: limit, create: create, overflow: overflow}
}

// WithFront adds a front cache that hint spreads keys over, and returns s.
func (s *Map[K, V]) WithFront(hint func(K) uint) *Map[K, V] {
	s.front = &front[K, V]{hint: hint}
	return s
}

// WithClean makes the Map keep keys as clean returns them, so that keys
// that clean to the same key share a series and no raw key is kept: the
// front cache keeps only keys that clean returns unchanged. It returns s.
func (s *Map[K, V]) WithClean(clean func(K) K) *Map[K, V] {
	s.clean = clean
	return s
}

// Get returns the series of k, creating it, or the overflow series past the
// limit.
func (s *Map[K, V]) Get(k K) *V {
	if s.front != nil {
		if v := s.front.get(k); v != nil {
			return v
		}
	}
	raw := k
	if s.clean != nil {
		k = s.clean(k)
	}
	if m := s.m.Load(); m != nil {
		if v, ok := (*m)[k]; ok {
			if s.front != nil && k == raw {
				s.front.put(k, v)
			}
			return v
		}
	}
	return s.slow(k, k == raw)
}

// slow finds or creates the series of k under the lock; cache says whether
// the front cache may keep k.
func (s *Map[K, V]) slow(k K, cache bool) *V {
	s.mu.Lock()
	defer s.mu.Unlock()
	published := s.published()
	if v, ok := published[k]; ok {
		return v
	}
	v, ok := s.fresh[k]
	if !ok {
		if len(published)+len(s.fresh) >= s.limit {
			if s.over == nil {
				s.over = s.overflow()
			}
			return s.over
		}
		v = s.create(k)
		if s.fresh == nil {
			s.fresh = make(map[K]*V)
		}
		s.fresh[k] = v
	}
	if s.front != nil && cache {
		s.front.put(k, v)
	}
	if s.misses++; s.misses > len(published) {
		s.publish()
	}
	return v
}

// published returns the published map, nil before the first series.
func (s *Map[K, V]) published() map[K]*V {
	if m := s.m.Load(); m != nil {
		return *m
	}
	return nil
}

// publish merges fresh into a new published map. s.mu must be held.
func (s *Map[K, V]) publish() {
	old := s.published()
	next := make(map[K]*V, len(old)+len(s.fresh))
	maps.Copy(next, old)
	maps.Copy(next, s.fresh)
	s.m.Store(&next)
	s.fresh, s.misses = nil, 0
}

// Each calls f for every series, the overflow series last.
func (s *Map[K, V]) Each(f func(*V)) {
	s.mu.Lock()
	if len(s.fresh) > 0 {
		s.publish()
	}
	over := s.over
	s.mu.Unlock()
	for _, v := range s.published() {
		f(v)
	}
	if over != nil {
		f(over)
	}
}
