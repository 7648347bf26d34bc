package stats

import (
	"math"
	"slices"
	"strconv"
)

// Snapshot is a Registry's content at one moment.
type Snapshot struct {
	Counts  map[string]int64   `json:"counts"`
	Values  map[string]float64 `json:"values"`
	Records map[string]Summary `json:"records"`
	// Dropped counts the NaN and infinite values that were not kept.
	Dropped int64 `json:"dropped"`
}

// Snapshot returns the Registry's current content. Names are read one by
// one, without stopping writers.
func (r *Registry) Snapshot() Snapshot {
	s := Snapshot{
		Counts:  map[string]int64{},
		Values:  map[string]float64{},
		Records: map[string]Summary{},
		Dropped: r.dropped.Load(),
	}
	r.EachCount(func(name string, n int64) { s.Counts[name] = n })
	r.EachValue(func(name string, v float64) { s.Values[name] = v })
	r.EachSummary(func(name string, sum Summary) { s.Records[name] = sum })
	return s
}

// EachCount calls f with every count, in no order.
func (r *Registry) EachCount(f func(name string, n int64)) {
	r.counts.Each(func(c *counter) { f(c.name, c.n.Load()) })
}

// EachValue calls f with every value set, in no order.
func (r *Registry) EachValue(f func(name string, v float64)) {
	r.values.Each(func(v *value) { f(v.name, math.Float64frombits(v.bits.Load())) })
}

// EachSummary calls f with the summary of every recorded name, in no order.
func (r *Registry) EachSummary(f func(name string, s Summary)) {
	r.records.Each(func(rec *record) { f(rec.name, summarize(rec.values())) })
}

// AppendText appends the Registry's content to b as "name: value" lines,
// sorted by name: counts and values under their names, and for each
// recorded name its count, mean and percentiles as name.count, name.mean,
// name.p50, name.p90, name.p95 and name.p99.
func (r *Registry) AppendText(b []byte) []byte {
	type line struct {
		name string
		v    float64
	}
	var lines []line
	r.EachCount(func(name string, n int64) { lines = append(lines, line{name, float64(n)}) })
	r.EachValue(func(name string, v float64) { lines = append(lines, line{name, v}) })
	r.EachSummary(func(name string, s Summary) {
		lines = append(lines,
			line{name + ".count", float64(s.Count)}, line{name + ".mean", s.Mean},
			line{name + ".p50", s.P50}, line{name + ".p90", s.P90},
			line{name + ".p95", s.P95}, line{name + ".p99", s.P99})
	})
	slices.SortFunc(lines, func(a, b line) int {
		switch {
		case a.name < b.name:
			return -1
		case a.name > b.name:
			return 1
		}
		return 0
	})
	for _, l := range lines {
		b = append(b, l.name...)
		b = append(b, ": "...)
		b = strconv.AppendFloat(b, l.v, 'g', -1, 64)
		b = append(b, '\n')
	}
	return b
}
