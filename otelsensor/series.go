package otelsensor

import (
	"sync"
	"sync/atomic"
)

// seriesMap is a bounded, copy-on-write map from a key to its series. Reads
// are one atomic load and one map lookup; writes, which happen once per new
// key, copy the map. Once limit keys exist, get returns the overflow series.
type seriesMap[K comparable, V any] struct {
	m        atomic.Pointer[map[K]*V]
	mu       sync.Mutex
	limit    int
	create   func(K) *V
	overflow func() *V
	over     *V // guarded by mu until set, then immutable
}

func newSeriesMap[K comparable, V any](limit int, create func(K) *V, overflow func() *V) *seriesMap[K, V] {
	return &seriesMap[K, V]{limit: limit, create: create, overflow: overflow}
}

func (s *seriesMap[K, V]) get(k K) *V {
	if m := s.m.Load(); m != nil {
		if v, ok := (*m)[k]; ok {
			return v
		}
	}
	return s.add(k)
}

func (s *seriesMap[K, V]) add(k K) *V {
	s.mu.Lock()
	defer s.mu.Unlock()
	var old map[K]*V
	if m := s.m.Load(); m != nil {
		old = *m
	}
	if v, ok := old[k]; ok {
		return v
	}
	if len(old) >= s.limit {
		if s.over == nil {
			s.over = s.overflow()
		}
		return s.over
	}
	next := make(map[K]*V, len(old)+1)
	for kk, vv := range old {
		next[kk] = vv
	}
	v := s.create(k)
	next[k] = v
	s.m.Store(&next)
	return v
}

// each calls f for every series, the overflow series last.
func (s *seriesMap[K, V]) each(f func(*V)) {
	if m := s.m.Load(); m != nil {
		for _, v := range *m {
			f(v)
		}
	}
	s.mu.Lock()
	over := s.over
	s.mu.Unlock()
	if over != nil {
		f(over)
	}
}
