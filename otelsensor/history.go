package otelsensor

import (
	"math"
	"slices"
	"sync/atomic"
)

// history keeps the last n values written, lock-free: Faust's bounded deque.
type history struct {
	next atomic.Uint64
	vals []atomic.Uint64 // float64 bits
}

func newHistory(n int) *history {
	return &history{vals: make([]atomic.Uint64, n)}
}

func (h *history) add(v float64) {
	i := h.next.Add(1) - 1
	h.vals[i%uint64(len(h.vals))].Store(math.Float64bits(v))
}

// values returns the kept values, oldest first.
func (h *history) values() []float64 {
	n := h.next.Load()
	size := uint64(len(h.vals))
	count := min(n, size)
	out := make([]float64, 0, count)
	for i := n - count; i < n; i++ {
		out = append(out, math.Float64frombits(h.vals[i%size].Load()))
	}
	return out
}

// median returns the median of vals (Faust's average), or 0 if empty.
func median(vals []float64) float64 {
	if len(vals) == 0 {
		return 0
	}
	s := slices.Clone(vals)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}
