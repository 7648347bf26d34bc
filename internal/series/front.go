package series

import "sync/atomic"

// frontSlots is the number of entries of a front cache.
const frontSlots = 64

// front is a small direct-mapped cache before a Map. Workers pass the
// same few keys again and again; a cheap hint of the key (its lengths, a few
// bytes, the partition number) picks a slot, and one atomic load plus a key
// comparison replace hashing the whole key and probing the map. Slots are
// filled once and never replaced, so the lines that hold them stay shared
// between cores; keys whose slot is taken are looked up in the map. It is
// only correct because series are never removed from their map.
type front[K comparable, V any] struct {
	hint  func(K) uint
	slots [frontSlots]atomic.Pointer[frontEntry[K, V]]
}

type frontEntry[K comparable, V any] struct {
	k K
	v *V
}

// get returns the series of k, or nil if k is not cached.
func (f *front[K, V]) get(k K) *V {
	if e := f.slots[f.hint(k)%frontSlots].Load(); e != nil && e.k == k {
		return e.v
	}
	return nil
}

// put caches the series v of k if its slot is free.
func (f *front[K, V]) put(k K, v *V) {
	slot := &f.slots[f.hint(k)%frontSlots]
	if slot.Load() == nil {
		slot.CompareAndSwap(nil, &frontEntry[K, V]{k: k, v: v})
	}
}

// StringHint is a hint for string keys: it tells apart the names a worker
// uses at the same time and costs less than a hash.
func StringHint(s string) uint {
	if s == "" {
		return 0
	}
	return uint(len(s))*31 + uint(s[0])*7 + uint(s[len(s)-1])
}
