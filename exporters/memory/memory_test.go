package memory_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
)

func TestReadBack(t *testing.T) {
	ctx := context.Background()
	r := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	defer mp.Shutdown(ctx)
	meter := mp.Meter("test")
	c, _ := meter.Int64Counter("jobs")
	g, _ := meter.Float64Gauge("temp")
	h, _ := meter.Float64Histogram("latency")
	a, b := attribute.String("queue", "a"), attribute.String("queue", "b")
	c.Add(ctx, 2, metric.WithAttributes(a, attribute.Int("shard", 1)))
	c.Add(ctx, 3, metric.WithAttributes(a, attribute.Int("shard", 2)))
	c.Add(ctx, 7, metric.WithAttributes(b))
	g.Record(ctx, 21.5)
	h.Record(ctx, 0.5, metric.WithAttributes(a))
	h.Record(ctx, 1.5, metric.WithAttributes(b))

	got, err := r.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		attrs []attribute.KeyValue
		want  float64
		ok    bool
	}{
		{"jobs", nil, 12, true},
		{"jobs", []attribute.KeyValue{a}, 5, true},
		{"jobs", []attribute.KeyValue{a, attribute.Int("shard", 2)}, 3, true},
		{"jobs", []attribute.KeyValue{attribute.String("queue", "c")}, 0, false},
		{"temp", nil, 21.5, true},
		{"latency", nil, 0, false}, // a histogram has no Value
		{"missing", nil, 0, false},
	} {
		if v, ok := got.Value(tc.name, tc.attrs...); v != tc.want || ok != tc.ok {
			t.Errorf("Value(%s, %v) = %v, %v; want %v, %v", tc.name, tc.attrs, v, ok, tc.want, tc.ok)
		}
	}
	if hs, ok := got.Histogram("latency"); !ok || hs.Count != 2 || hs.Sum != 2 {
		t.Errorf("Histogram(latency) = %+v, %v", hs, ok)
	}
	if hs, ok := got.Histogram("latency", b); !ok || hs.Count != 1 || hs.Sum != 1.5 {
		t.Errorf("Histogram(latency, b) = %+v, %v", hs, ok)
	}
	if _, ok := got.Histogram("jobs"); ok {
		t.Error("a counter read as a histogram")
	}
	names := got.Names()
	slices.Sort(names)
	if !slices.Equal(names, []string{"jobs", "latency", "temp"}) {
		t.Errorf("Names() = %v", names)
	}
	if n := len(got.Attributes("jobs")); n != 3 {
		t.Errorf("jobs has %d attribute sets, want 3", n)
	}
}

// Read back what a component recorded, by name and attributes.
func ExampleReader() {
	ctx := context.Background()
	reader := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)

	sent, _ := mp.Meter("example").Int64Counter("messages.sent")
	sent.Add(ctx, 3, metric.WithAttributes(attribute.String("topic", "orders")))
	sent.Add(ctx, 1, metric.WithAttributes(attribute.String("topic", "audit")))

	got, _ := reader.Metrics(ctx)
	orders, _ := got.Value("messages.sent", attribute.String("topic", "orders"))
	all, _ := got.Value("messages.sent")
	fmt.Println(orders, all)
	// Output: 3 4
}
