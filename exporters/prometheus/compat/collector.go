package compat

import (
	"context"
	"fmt"
	"strings"
	"time"

	promclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/model"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"
	otelsemconv "go.opentelemetry.io/otel/semconv/v1.43.0"
)

// collector is the Prometheus collector of one peer: on each scrape it
// collects the reader and writes the peer's families.
type collector struct {
	reader   *sdkmetric.ManualReader
	families []family
	// names returns the prefix and application name for a resource.
	names func(*resource.Resource) (prefix, app string)
	// fixed is the prefix when it does not depend on the resource.
	fixed   string
	started time.Time // the _created time of series with no data yet
}

// Describe sends the descriptions of every family when their names are
// known before any collection; otherwise none, which makes the collector
// unchecked (names that collide are then reported by the scrape).
func (c *collector) Describe(ch chan<- *promclient.Desc) {
	if c.fixed == "" {
		return
	}
	for i := range c.families {
		main, created := c.families[i].descs(c.fixed)
		ch <- main
		if created != nil {
			ch <- created
		}
	}
}

// Collect collects the reader and sends the peer's metrics.
func (c *collector) Collect(ch chan<- promclient.Metric) {
	var rm metricdata.ResourceMetrics
	if err := c.reader.Collect(context.Background(), &rm); err != nil {
		otel.Handle(fmt.Errorf("compat: %w", err))
		return
	}
	prefix, app := c.names(rm.Resource)
	in := index(&rm)
	for i := range c.families {
		f := &c.families[i]
		main, created := f.descs(prefix)
		if !model.LegacyValidation.IsValidMetricName(f.fullName(prefix)) {
			ch <- promclient.NewInvalidMetric(main, fmt.Errorf("compat: %q is not a Prometheus metric name; set the prefix with WithPrefix", f.fullName(prefix)))
			continue
		}
		var err error
		if f.kind == histogram {
			err = c.histograms(ch, f, main, created, in, app)
		} else {
			err = c.numbers(ch, f, main, created, in, app)
		}
		if err != nil {
			ch <- promclient.NewInvalidMetric(main, fmt.Errorf("compat: %s: %w", f.fullName(prefix), err))
		}
	}
}

// index maps instrument names to their data, in every scope that has them.
func index(rm *metricdata.ResourceMetrics) map[string][]metricdata.Aggregation {
	in := map[string][]metricdata.Aggregation{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			in[m.Name] = append(in[m.Name], m.Data)
		}
	}
	return in
}

// series is one series of a peer family being folded.
type series struct {
	values []string
	v      float64
	seen   bool // v was set, for latest
	hist   buckets
	start  time.Time
}

// folder gathers a family's series by label values, in first-seen order.
type folder struct {
	f     *family
	app   string
	by    map[string]*series
	order []*series
}

func newFolder(f *family, app string) *folder {
	return &folder{f: f, app: app, by: map[string]*series{}}
}

func (fo *folder) get(attrs attribute.Set, start time.Time) *series {
	vs := fo.f.valuesOf(attrs, fo.app)
	key := strings.Join(vs, "\xff")
	s, ok := fo.by[key]
	if !ok {
		s = &series{values: vs, start: start}
		if fo.f.kind == histogram {
			s.hist.cum = make([]uint64, len(fo.f.bounds))
		}
		fo.by[key] = s
		fo.order = append(fo.order, s)
	}
	if start.Before(s.start) {
		s.start = start
	}
	return s
}

// empty adds the one series of a family without labels when no data has
// come yet: the Python client writes such metrics from the start.
func (fo *folder) empty(started time.Time) {
	if len(fo.order) == 0 && len(fo.f.labels) == 0 {
		fo.get(*attribute.EmptySet(), started)
	}
}

// point is one data point of any number instrument.
type point struct {
	attrs attribute.Set
	start time.Time
	v     float64
}

// points returns the data points of agg as numbers: values of sums and
// gauges, or counts of histograms when count is set.
func points(agg metricdata.Aggregation, count bool) []point {
	switch d := agg.(type) {
	case metricdata.Sum[int64]:
		return values(d.DataPoints)
	case metricdata.Sum[float64]:
		return values(d.DataPoints)
	case metricdata.Gauge[int64]:
		return values(d.DataPoints)
	case metricdata.Gauge[float64]:
		return values(d.DataPoints)
	case metricdata.Histogram[float64]:
		if count {
			return counts(d.DataPoints)
		}
	case metricdata.Histogram[int64]:
		if count {
			return counts(d.DataPoints)
		}
	}
	return nil
}

// values returns the values of sum or gauge data points.
func values[N int64 | float64](dps []metricdata.DataPoint[N]) []point {
	ps := make([]point, len(dps))
	for i, p := range dps {
		ps[i] = point{p.Attributes, p.StartTime, float64(p.Value)}
	}
	return ps
}

// counts returns the counts of histogram data points.
func counts[N int64 | float64](dps []metricdata.HistogramDataPoint[N]) []point {
	ps := make([]point, len(dps))
	for i, p := range dps {
		ps[i] = point{p.Attributes, p.StartTime, float64(p.Count)}
	}
	return ps
}

func (c *collector) numbers(ch chan<- promclient.Metric, f *family, main, created *promclient.Desc, in map[string][]metricdata.Aggregation, app string) error {
	fo := newFolder(f, app)
	var ps []point
	for _, src := range f.sources {
		ps = ps[:0]
		for _, agg := range in[src.from] {
			ps = append(ps, points(agg, src.count)...)
		}
		for _, p := range ps {
			if !src.takes(p.attrs) {
				continue
			}
			s := fo.get(p.attrs, p.start)
			v := p.v
			if src.negate {
				v = -v
			}
			switch {
			case !f.latest:
				s.v += v
			case !s.seen || v > s.v:
				s.v = v
			}
			s.seen = true
		}
	}
	fo.empty(c.started)
	vt := promclient.GaugeValue
	if f.kind == counter {
		vt = promclient.CounterValue
	}
	for _, s := range fo.order {
		m, err := promclient.NewConstMetric(main, vt, s.v, s.values...)
		if err != nil {
			return err
		}
		ch <- m
		c.created(ch, created, s)
	}
	return nil
}

func (c *collector) histograms(ch chan<- promclient.Metric, f *family, main, created *promclient.Desc, in map[string][]metricdata.Aggregation, app string) error {
	fo := newFolder(f, app)
	var err error
	add := func(attrs attribute.Set, start time.Time, bounds []float64, counts []uint64, count uint64, sum float64) {
		if err != nil || !f.hist.takes(attrs) {
			return
		}
		s := fo.get(attrs, start)
		err = s.hist.add(f.bounds, f.scale, bounds, counts, count, sum)
	}
	for _, agg := range in[f.hist.from] {
		switch d := agg.(type) {
		case metricdata.Histogram[float64]:
			for _, p := range d.DataPoints {
				add(p.Attributes, p.StartTime, p.Bounds, p.BucketCounts, p.Count, p.Sum)
			}
		case metricdata.Histogram[int64]:
			for _, p := range d.DataPoints {
				add(p.Attributes, p.StartTime, p.Bounds, p.BucketCounts, p.Count, float64(p.Sum))
			}
		default:
			return fmt.Errorf("%s is a %T, not a histogram with explicit boundaries", f.hist.from, d)
		}
	}
	if err != nil {
		return fmt.Errorf("%s: %w; give it the peer's boundaries with views.Boundaries", f.hist.from, err)
	}
	fo.empty(c.started)
	for _, s := range fo.order {
		m, err := promclient.NewConstHistogram(main, s.hist.count, s.hist.sum, s.hist.byBound(f.bounds), s.values...)
		if err != nil {
			return err
		}
		ch <- m
		c.created(ch, created, s)
	}
	return nil
}

// created sends the _created gauge of a counter's or histogram's series.
func (c *collector) created(ch chan<- promclient.Metric, desc *promclient.Desc, s *series) {
	if desc == nil {
		return
	}
	start := s.start
	if start.IsZero() {
		start = c.started
	}
	ch <- promclient.MustNewConstMetric(desc, promclient.GaugeValue, float64(start.UnixNano())/1e9, s.values...)
}

// serviceName returns the resource's service.name, and whether it was set
// rather than the SDK's unknown_service default.
func serviceName(res *resource.Resource) (string, bool) {
	if res == nil {
		return "", false
	}
	v, ok := res.Set().Value(otelsemconv.ServiceNameKey)
	name := v.Emit()
	return name, ok && name != "" && !strings.HasPrefix(name, "unknown_service")
}
