package stats

import (
	"math"
	"slices"
	"sync"
	"sync/atomic"
)

// record is the bounded history of one recorded name: a ring of the newest
// values, as many as the Registry's history size says when it is used.
type record struct {
	name string
	size *atomic.Int64 // the Registry's history size

	mu   sync.Mutex
	ring []float64
	next int    // index the next value goes to
	n    uint64 // values ever recorded, at most len(ring) after a resize
}

func newRecord(name string, size *atomic.Int64) *record {
	return &record{name: name, size: size, ring: make([]float64, size.Load())}
}

func (r *record) add(v float64) {
	r.mu.Lock()
	r.fitLocked()
	r.ring[r.next] = v
	r.next = (r.next + 1) % len(r.ring)
	r.n++
	r.mu.Unlock()
}

// values returns the kept values, oldest first.
func (r *record) values() []float64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fitLocked()
	return r.valuesLocked()
}

func (r *record) valuesLocked() []float64 {
	size := len(r.ring)
	kept := int(min(r.n, uint64(size)))
	out := make([]float64, 0, kept)
	for i := range kept {
		out = append(out, r.ring[(r.next-kept+i+size)%size])
	}
	return out
}

// fit resizes the ring to the Registry's history size.
func (r *record) fit() {
	r.mu.Lock()
	r.fitLocked()
	r.mu.Unlock()
}

// fitLocked resizes the ring to the Registry's history size, keeping the
// newest min(size, kept) values.
func (r *record) fitLocked() {
	size := int(r.size.Load())
	if size == len(r.ring) {
		return
	}
	vals := r.valuesLocked()
	if len(vals) > size {
		vals = vals[len(vals)-size:]
	}
	r.ring = make([]float64, size)
	copy(r.ring, vals)
	r.next = len(vals) % size
	r.n = uint64(len(vals))
}

// Summary is the mean and percentiles of a recorded name's history.
type Summary struct {
	// Count is the number of values the history holds.
	Count int     `json:"count"`
	Mean  float64 `json:"mean"`
	P50   float64 `json:"p50"`
	P90   float64 `json:"p90"`
	P95   float64 `json:"p95"`
	P99   float64 `json:"p99"`
}

// summarize computes the Summary of vals, which it sorts. Percentiles use
// the nearest-rank method: the smallest value with at least p% of the values
// at or below it.
func summarize(vals []float64) Summary {
	if len(vals) == 0 {
		return Summary{}
	}
	slices.Sort(vals)
	rank := func(p float64) float64 {
		i := int(math.Ceil(p/100*float64(len(vals)))) - 1
		return vals[max(i, 0)]
	}
	return Summary{
		Count: len(vals),
		Mean:  mean(vals),
		P50:   rank(50), P90: rank(90), P95: rank(95), P99: rank(99),
	}
}

// mean returns the mean of vals, finite for finite values: when their sum
// overflows, it adds the values each divided by their number instead.
func mean(vals []float64) float64 {
	n := float64(len(vals))
	var sum float64
	for _, v := range vals {
		sum += v
	}
	if !math.IsInf(sum, 0) {
		return sum / n
	}
	sum = 0
	for _, v := range vals {
		sum += v / n
	}
	return sum
}
