package views_test

import (
	"context"
	"slices"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/views"
)

// provider returns a meter and a function collecting what the views made of
// its measurements.
func provider(t *testing.T, vs ...sdkmetric.View) (metric.Meter, func() map[string]metricdata.Metrics) {
	t.Helper()
	r := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r), sdkmetric.WithView(vs...))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	return mp.Meter("test"), func() map[string]metricdata.Metrics {
		var rm metricdata.ResourceMetrics
		if err := r.Collect(context.Background(), &rm); err != nil {
			t.Fatal(err)
		}
		out := map[string]metricdata.Metrics{}
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				if _, dup := out[m.Name]; dup {
					t.Errorf("metric %s exported twice", m.Name)
				}
				out[m.Name] = m
			}
		}
		return out
	}
}

func histogram(t *testing.T, m metricdata.Metrics) metricdata.Histogram[float64] {
	t.Helper()
	h, ok := m.Data.(metricdata.Histogram[float64])
	if !ok {
		t.Fatalf("%s: data is %T, want a float64 histogram", m.Name, m.Data)
	}
	return h
}

func TestNewDurationDefaults(t *testing.T) {
	meter, collect := provider(t, views.New())
	for _, name := range []string{semconv.ProcessDuration, semconv.RebalanceTime, "other.lib.duration", "sizes"} {
		unit := "s"
		if name == "sizes" {
			unit = "By"
		}
		h, err := meter.Float64Histogram(name, metric.WithUnit(unit))
		if err != nil {
			t.Fatal(err)
		}
		h.Record(context.Background(), 0.02)
	}
	got := collect()
	for name, want := range map[string][]float64{
		semconv.ProcessDuration: semconv.DurationBuckets,
		semconv.RebalanceTime:   semconv.CoordinationBuckets,
		"other.lib.duration":    semconv.DurationBuckets,
		"sizes":                 {0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000},
	} {
		dp := histogram(t, got[name]).DataPoints[0]
		if !slices.Equal(dp.Bounds, want) {
			t.Errorf("%s bounds = %v, want %v", name, dp.Bounds, want)
		}
		if dp.Count != 1 {
			t.Errorf("%s count = %d, want 1", name, dp.Count)
		}
	}
}

func TestNewBoundariesAndCap(t *testing.T) {
	meter, collect := provider(t, views.New(
		views.Boundaries(semconv.ProcessDuration, 1, 0.1, 0.1, 10),
		views.MaxBoundary(semconv.OperationDuration, 0.5),
		views.Exponential(20),
	))
	for _, name := range []string{semconv.ProcessDuration, semconv.OperationDuration, semconv.HTTPServerDuration} {
		h, _ := meter.Float64Histogram(name, metric.WithUnit("s"))
		h.Record(context.Background(), 0.3)
	}
	got := collect()
	if b := histogram(t, got[semconv.ProcessDuration]).DataPoints[0].Bounds; !slices.Equal(b, []float64{0.1, 1, 10}) {
		t.Errorf("replaced bounds = %v", b)
	}
	if b := histogram(t, got[semconv.OperationDuration]).DataPoints[0].Bounds; !slices.Equal(b, []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5}) {
		t.Errorf("capped bounds = %v", b)
	}
	eh, ok := got[semconv.HTTPServerDuration].Data.(metricdata.ExponentialHistogram[float64])
	if !ok {
		t.Fatalf("exponential: data is %T", got[semconv.HTTPServerDuration].Data)
	}
	dp := eh.DataPoints[0]
	if dp.Count != 1 || len(dp.PositiveBucket.Counts) > 20 {
		t.Errorf("exponential point: count %d, %d buckets", dp.Count, len(dp.PositiveBucket.Counts))
	}
}

func TestNewExponentialCapsBuckets(t *testing.T) {
	meter, collect := provider(t, views.New(views.Exponential(8)))
	h, _ := meter.Float64Histogram(semconv.ProcessDuration, metric.WithUnit("s"))
	for v := 0.001; v < 100; v *= 1.3 {
		h.Record(context.Background(), v)
	}
	dp := collect()[semconv.ProcessDuration].Data.(metricdata.ExponentialHistogram[float64]).DataPoints[0]
	if n := len(dp.PositiveBucket.Counts); n > 8 || n == 0 {
		t.Errorf("%d buckets, want 1..8", n)
	}
}

func TestNewAttributesAndDrop(t *testing.T) {
	meter, collect := provider(t, views.New(
		views.DropAttributes(semconv.ConsumedMessages, semconv.MessagingDestinationPartition),
		views.Drop(semconv.TableOperations),
	))
	c, _ := meter.Int64Counter(semconv.ConsumedMessages)
	for p := range 4 {
		c.Add(context.Background(), 1, metric.WithAttributes(
			semconv.MessagingDestinationName.String("orders"),
			semconv.MessagingDestinationPartition.Int(p)))
	}
	d, _ := meter.Int64Counter(semconv.TableOperations)
	d.Add(context.Background(), 1)
	got := collect()
	if _, ok := got[semconv.TableOperations]; ok {
		t.Error("dropped instrument exported")
	}
	pts := got[semconv.ConsumedMessages].Data.(metricdata.Sum[int64]).DataPoints
	if len(pts) != 1 || pts[0].Value != 4 {
		t.Fatalf("points = %+v, want one point of 4", pts)
	}
	if _, ok := pts[0].Attributes.Value(semconv.MessagingDestinationName); !ok {
		t.Error("topic dropped too")
	}
}

func TestLimitValues(t *testing.T) {
	meter, collect := provider(t, views.New(views.LimitValues(semconv.ConsumedMessages, semconv.MessagingDestinationPartition, 2)))
	c, _ := meter.Int64Counter(semconv.ConsumedMessages)
	for p := range 5 {
		c.Add(context.Background(), int64(p+1), metric.WithAttributes(
			semconv.MessagingDestinationName.String("orders"),
			semconv.MessagingDestinationPartition.Int(p)))
	}
	byPartition := map[string]int64{}
	for _, dp := range collect()[semconv.ConsumedMessages].Data.(metricdata.Sum[int64]).DataPoints {
		v, _ := dp.Attributes.Value(semconv.MessagingDestinationPartition)
		byPartition[v.Emit()] += dp.Value
	}
	want := map[string]int64{"0": 1, "1": 2, "": 3 + 4 + 5}
	if len(byPartition) != len(want) {
		t.Fatalf("series = %v, want %v", byPartition, want)
	}
	for k, v := range want {
		if byPartition[k] != v {
			t.Errorf("series = %v, want %v", byPartition, want)
		}
	}
}

func TestLimitValuesZero(t *testing.T) {
	meter, collect := provider(t, views.New(views.LimitValues("c", attribute.Key("k"), 0)))
	c, _ := meter.Int64Counter("c")
	c.Add(context.Background(), 1, metric.WithAttributes(attribute.String("k", "a")))
	dp := collect()["c"].Data.(metricdata.Sum[int64]).DataPoints[0]
	if dp.Attributes.Len() != 0 {
		t.Errorf("attributes = %v, want none", dp.Attributes.ToSlice())
	}
}

func TestBoundariesNaN(t *testing.T) {
	meter, collect := provider(t, views.New(views.Boundaries("h", nan(), 2, 1)))
	h, _ := meter.Float64Histogram("h")
	h.Record(context.Background(), 1.5)
	if b := histogram(t, collect()["h"]).DataPoints[0].Bounds; !slices.Equal(b, []float64{1, 2}) {
		t.Errorf("bounds = %v", b)
	}
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}

// TestLimitValuesConcurrent records from many goroutines: the limit holds
// and, under -race, the filter's state is safe.
func TestLimitValuesConcurrent(t *testing.T) {
	meter, collect := provider(t, views.New(views.LimitValues("c", attribute.Key("k"), 3)))
	c, _ := meter.Int64Counter("c")
	done := make(chan struct{})
	for g := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for i := range 200 {
				c.Add(context.Background(), 1, metric.WithAttributes(attribute.Int("k", (g*200+i)%10)))
			}
		}()
	}
	for range 8 {
		<-done
	}
	var total int64
	pts := collect()["c"].Data.(metricdata.Sum[int64]).DataPoints
	for _, dp := range pts {
		total += dp.Value
	}
	if len(pts) != 4 || total != 1600 {
		t.Errorf("%d series totalling %d, want 3 kept values plus one merged series, 1600", len(pts), total)
	}
}

// BenchmarkRecord records a process duration through views.New alone
// (the baseline) and with LimitValues on the recorded attribute.
func BenchmarkRecord(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []views.Option
	}{
		{"baseline", nil},
		{"limit_values", []views.Option{views.LimitValues(semconv.ProcessDuration, semconv.MessagingDestinationPartition, 2)}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()), sdkmetric.WithView(views.New(bc.opts...)))
			h, _ := mp.Meter("b").Float64Histogram(semconv.ProcessDuration, metric.WithUnit("s"))
			opt := metric.WithAttributeSet(attribute.NewSet(semconv.MessagingDestinationPartition.Int(1), semconv.MessagingSystem.String("kafka")))
			ctx := context.Background()
			for b.Loop() {
				h.Record(ctx, 0.01, opt)
			}
		})
	}
}
