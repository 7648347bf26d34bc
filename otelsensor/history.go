package otelsensor

import (
	"cmp"
	"math"
	"slices"
	"sync/atomic"
)

// history keeps the last n values added, lock-free: Faust's bounded deque.
// Each of its stripes is a ring of the last n values added to it, with the
// time each was added; values merges the rings by that time. The newest n
// of all stripes are always among the newest n of their own stripe, so the
// merge is exact.
type history struct {
	n       int
	stripes [stripes]*ring
}

// ring is allocated alone and padded to a cache line, so that the count one
// stripe's writers increment shares no line with another stripe's.
type ring struct {
	next  atomic.Uint64
	slots []slot
	_     [cacheLine - 32]byte
}

// slot is one value of a ring. at is the time the value was added plus one;
// it is zero while a writer fills the slot, and a reader keeps the value
// only if it reads the same non-zero at before and after it.
type slot struct {
	at atomic.Int64
	v  atomic.Uint64 // float64 bits
}

func newHistory(n int) *history {
	h := &history{n: n}
	for i := range h.stripes {
		h.stripes[i] = &ring{slots: make([]slot, n)}
	}
	return h
}

// add keeps the duration of e in the ring of stripe.
func (h *history) add(stripe uint, e ended) {
	r := h.stripes[stripe%stripes]
	s := &r.slots[(r.next.Add(1)-1)%uint64(h.n)]
	s.at.Store(0)
	s.v.Store(math.Float64bits(e.secs))
	s.at.Store(int64(e.at) + 1)
}

// values returns the newest n values, oldest first.
func (h *history) values() []float64 {
	type entry struct {
		at int64
		v  float64
	}
	var all []entry
	for _, r := range h.stripes {
		for j := range r.slots {
			s := &r.slots[j]
			at := s.at.Load()
			v := s.v.Load()
			if at != 0 && at == s.at.Load() {
				all = append(all, entry{at, math.Float64frombits(v)})
			}
		}
	}
	slices.SortStableFunc(all, func(a, b entry) int { return cmp.Compare(a.at, b.at) })
	all = all[max(len(all)-h.n, 0):]
	out := make([]float64, len(all))
	for i, e := range all {
		out[i] = e.v
	}
	return out
}

// mean returns the mean of vals (Faust's averages), or 0 if empty.
func mean(vals []float64) float64 {
	if len(vals) == 0 {
		return 0
	}
	var sum float64
	for _, v := range vals {
		sum += v
	}
	return sum / float64(len(vals))
}
