package bench

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/exemplar"

	"github.com/streamotel/streamotel/semconv"
)

// BenchmarkHistogramRecord takes apart the cost of one duration recorded
// into an SDK histogram, with the attribute set built once as the Monitor
// builds it: by attribute count, with exemplars off, and on the no-op
// provider.
func BenchmarkHistogramRecord(b *testing.B) {
	six := attribute.NewSet(
		semconv.MessagingSystem.String(system),
		semconv.MessagingConsumerGroupName.String(group),
		semconv.MessagingOperationName.String(semconv.OperationProcess),
		semconv.MessagingDestinationName.String(inTopic),
		semconv.MessagingDestinationPartition.String("3"),
		semconv.StreamName.String(streams[0].Name))
	one := attribute.NewSet(semconv.MessagingSystem.String(system))
	for _, c := range []struct {
		name  string
		mp    func(testing.TB) metric.MeterProvider
		attrs attribute.Set
	}{
		{"sdk/attrs=6", func(tb testing.TB) metric.MeterProvider { return sdkProvider(tb) }, six},
		{"sdk/attrs=1", func(tb testing.TB) metric.MeterProvider { return sdkProvider(tb) }, one},
		{"sdk/attrs=0", func(tb testing.TB) metric.MeterProvider { return sdkProvider(tb) }, *attribute.EmptySet()},
		{"sdk/attrs=6/exemplars=off", func(tb testing.TB) metric.MeterProvider {
			return sdkProvider(tb, sdkmetric.WithExemplarFilter(exemplar.AlwaysOffFilter))
		}, six},
		{"sdk/attrs=6/view=drop", func(tb testing.TB) metric.MeterProvider {
			return sdkProvider(tb, sdkmetric.WithView(sdkmetric.NewView(
				sdkmetric.Instrument{Name: "*"}, sdkmetric.Stream{Aggregation: sdkmetric.AggregationDrop{}})))
		}, six},
		{"noop/attrs=6", func(testing.TB) metric.MeterProvider { return noop.NewMeterProvider() }, six},
	} {
		b.Run(c.name, func(b *testing.B) {
			h, err := c.mp(b).Meter("record").Float64Histogram("duration",
				metric.WithExplicitBucketBoundaries(semconv.DurationBuckets...))
			if err != nil {
				b.Fatal(err)
			}
			opts := []metric.RecordOption{metric.WithAttributeSet(c.attrs)}
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				h.Record(ctx, float64(i%100)/1000, opts...)
			}
		})
	}
}
