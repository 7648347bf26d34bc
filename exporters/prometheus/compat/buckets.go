package compat

import (
	"fmt"
	"math"
)

// buckets is a histogram re-bucketed to a peer's boundaries: cumulative
// counts at each boundary, as Prometheus writes them.
type buckets struct {
	count uint64
	sum   float64
	cum   []uint64 // at each of the peer's boundaries
}

// add folds one histogram data point, with boundaries in the source's unit
// and its per-bucket counts, into b, whose boundaries are scale times the
// source's unit. It is exact, or an error: every peer boundary must be one
// of the point's, since counts between two boundaries cannot be split.
func (b *buckets) add(peer []float64, scale float64, bounds []float64, counts []uint64, count uint64, sum float64) error {
	i, cum := 0, uint64(0)
	for j, pb := range peer {
		for i < len(bounds) && !near(bounds[i]*scale, pb) && bounds[i]*scale < pb {
			cum += counts[i]
			i++
		}
		if i == len(bounds) || !near(bounds[i]*scale, pb) {
			return fmt.Errorf("bucket boundaries %v do not include %v (the peer's %v)", bounds, pb/scale, pb)
		}
		b.cum[j] += cum + counts[i]
	}
	b.count += count
	b.sum += sum * scale
	return nil
}

// near reports whether two boundaries are the same but for the rounding of
// a unit conversion (0.005 s is 5.000000000000001 ms).
func near(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b))
}

// byBound returns the cumulative counts by boundary, as
// prometheus.NewConstHistogram takes them.
func (b *buckets) byBound(peer []float64) map[float64]uint64 {
	m := make(map[float64]uint64, len(peer))
	for i, pb := range peer {
		m[pb] = b.cum[i]
	}
	return m
}
