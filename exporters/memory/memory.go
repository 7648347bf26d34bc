// Package memory is an in-memory metric reader for tests: collect what an
// instrumented component recorded and read it back by instrument name and
// attributes.
package memory

import (
	"context"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// Reader is a pull reader that collects on demand. Register it with a
// MeterProvider (sdkmetric.WithReader) and call Metrics.
type Reader struct {
	*sdkmetric.ManualReader
}

// New returns a Reader; opts are those of sdkmetric.NewManualReader.
func New(opts ...sdkmetric.ManualReaderOption) *Reader {
	return &Reader{ManualReader: sdkmetric.NewManualReader(opts...)}
}

// Metrics collects every instrument's current data.
func (r *Reader) Metrics(ctx context.Context) (Metrics, error) {
	var rm metricdata.ResourceMetrics
	err := r.ManualReader.Collect(ctx, &rm)
	return Metrics{Resource: rm}, err
}

// Metrics is one collection.
type Metrics struct {
	Resource metricdata.ResourceMetrics
}

// Metric returns the instrument called name.
func (m Metrics) Metric(name string) (metricdata.Metrics, bool) {
	for _, sm := range m.Resource.ScopeMetrics {
		for _, md := range sm.Metrics {
			if md.Name == name {
				return md, true
			}
		}
	}
	return metricdata.Metrics{}, false
}

// Names returns the names of every collected instrument.
func (m Metrics) Names() []string {
	var names []string
	for _, sm := range m.Resource.ScopeMetrics {
		for _, md := range sm.Metrics {
			names = append(names, md.Name)
		}
	}
	return names
}

// Value returns the sum of the values of the sum or gauge data points of
// instrument name whose attributes include all of attrs, and whether any
// point matched.
func (m Metrics) Value(name string, attrs ...attribute.KeyValue) (float64, bool) {
	var (
		total   float64
		matched bool
	)
	for _, p := range m.points(name) {
		if !p.histogram && includes(p.attrs, attrs) {
			total += p.value
			matched = true
		}
	}
	return total, matched
}

// Histogram is the merged count and sum of histogram data points.
type Histogram struct {
	Count uint64
	Sum   float64
}

// Histogram returns the merged count and sum of the histogram data points
// of instrument name whose attributes include all of attrs, and whether any
// point matched. Explicit-bucket and exponential histograms are both read.
func (m Metrics) Histogram(name string, attrs ...attribute.KeyValue) (Histogram, bool) {
	var (
		h       Histogram
		matched bool
	)
	for _, p := range m.points(name) {
		if p.histogram && includes(p.attrs, attrs) {
			h.Count += p.count
			h.Sum += p.value
			matched = true
		}
	}
	return h, matched
}

// Attributes returns the attribute sets of every data point of instrument
// name.
func (m Metrics) Attributes(name string) []attribute.Set {
	var sets []attribute.Set
	for _, p := range m.points(name) {
		sets = append(sets, p.attrs)
	}
	return sets
}

// point is one data point of any kind: value is a sum or gauge value, or a
// histogram's sum.
type point struct {
	attrs     attribute.Set
	value     float64
	count     uint64
	histogram bool
}

func (m Metrics) points(name string) []point {
	md, ok := m.Metric(name)
	if !ok {
		return nil
	}
	switch d := md.Data.(type) {
	case metricdata.Sum[int64]:
		return numbers(d.DataPoints)
	case metricdata.Sum[float64]:
		return numbers(d.DataPoints)
	case metricdata.Gauge[int64]:
		return numbers(d.DataPoints)
	case metricdata.Gauge[float64]:
		return numbers(d.DataPoints)
	case metricdata.Histogram[float64]:
		var ps []point
		for _, p := range d.DataPoints {
			ps = append(ps, point{attrs: p.Attributes, value: p.Sum, count: p.Count, histogram: true})
		}
		return ps
	case metricdata.ExponentialHistogram[float64]:
		var ps []point
		for _, p := range d.DataPoints {
			ps = append(ps, point{attrs: p.Attributes, value: p.Sum, count: p.Count, histogram: true})
		}
		return ps
	}
	return nil
}

// numbers returns the points of a sum or a gauge.
func numbers[N int64 | float64](dps []metricdata.DataPoint[N]) []point {
	ps := make([]point, len(dps))
	for i, p := range dps {
		ps[i] = point{attrs: p.Attributes, value: float64(p.Value)}
	}
	return ps
}

func includes(set attribute.Set, want []attribute.KeyValue) bool {
	for _, kv := range want {
		v, ok := set.Value(kv.Key)
		if !ok || v != kv.Value {
			return false
		}
	}
	return true
}
