package bench

import (
	"slices"
	"strings"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/exporters/memory"
)

// agreeMessages is how many messages the agreement test runs through each
// contender: several commits, every partition and stream.
const agreeMessages = 1000

// TestContendersRecordTheSameSeries holds the claim the comparison rests on:
// every contender drives the same metrics with the same attributes for the
// same work. The hand-written OpenTelemetry code must produce exactly the
// Monitor's series and counts for every instrument it writes, and the
// client_golang vectors as many series and counts.
func TestContendersRecordTheSameSeries(t *testing.T) {
	so := collectWork(t, func(r *memory.Reader) contender {
		return sensorOf(newMonitor(t, sdkProvider(t, sdkmetric.WithReader(r))))
	})
	hand := collectWork(t, func(r *memory.Reader) contender {
		n, err := newNaive(sdkProvider(t, sdkmetric.WithReader(r)).Meter("naive"))
		if err != nil {
			t.Fatal(err)
		}
		return n
	})

	series := 0
	for _, name := range hand.Names() {
		want := points(hand, name)
		if got := points(so, name); len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s:\nstreamotel %v\nnaive-otel %v", name, got, want)
		}
		series += len(want)
	}

	for _, c := range []struct {
		name string
		new  func(*vecs) contender
	}{
		{"client_golang", func(v *vecs) contender { return promVec{v} }},
		{"client_golang-prebound", func(v *vecs) contender { return newPromPrebound(v) }},
	} {
		reg := prometheus.NewRegistry()
		w := c.new(newVecs(reg))
		for i := range agreeMessages {
			w.lifecycle(nth(i))
		}
		families, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		n, total := 0, 0.0
		for _, f := range families {
			for _, m := range f.GetMetric() {
				n++
				total += m.GetCounter().GetValue() + float64(m.GetHistogram().GetSampleCount())
			}
		}
		if want := countTotal(hand, hand.Names()); n != series || total != want {
			t.Errorf("%s: %d series counting %v, want %d counting %v", c.name, n, total, series, want)
		}
	}
}

// collectWork runs the work through the contender newc builds on a memory
// reader and returns what the reader collects.
func collectWork(t *testing.T, newc func(*memory.Reader) contender) memory.Metrics {
	t.Helper()
	r := memory.New()
	c := newc(r)
	for i := range agreeMessages {
		c.lifecycle(nth(i))
	}
	got, err := r.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

// point is a data point reduced to what every contender must agree on: its
// attributes and its value, or its count for a histogram (durations differ
// from run to run). counted marks the values a client_golang counter or
// histogram also holds.
type point struct {
	attrs   string
	value   float64
	counted bool
}

func points(m memory.Metrics, name string) []point {
	md, _ := m.Metric(name)
	enc := attribute.DefaultEncoder()
	var ps []point
	switch d := md.Data.(type) {
	case metricdata.Sum[int64]:
		for _, dp := range d.DataPoints {
			ps = append(ps, point{dp.Attributes.Encoded(enc), float64(dp.Value), d.IsMonotonic})
		}
	case metricdata.Gauge[int64]:
		for _, dp := range d.DataPoints {
			ps = append(ps, point{dp.Attributes.Encoded(enc), float64(dp.Value), false})
		}
	case metricdata.Histogram[float64]:
		for _, dp := range d.DataPoints {
			ps = append(ps, point{dp.Attributes.Encoded(enc), float64(dp.Count), true})
		}
	}
	slices.SortFunc(ps, func(a, b point) int { return strings.Compare(a.attrs, b.attrs) })
	return ps
}

// countTotal sums the counted values of m's instruments names.
func countTotal(m memory.Metrics, names []string) float64 {
	total := 0.0
	for _, name := range names {
		for _, p := range points(m, name) {
			if p.counted {
				total += p.value
			}
		}
	}
	return total
}
