package statsd_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/exporters/statsd"
)

// BenchmarkExport encodes and sends 100 counter, 100 gauge and 100
// histogram series per export.
func BenchmarkExport(b *testing.B) {
	for _, flavor := range []statsd.Flavor{statsd.StatsD, statsd.DogStatsD} {
		b.Run(flavor.String(), func(b *testing.B) {
			addr, _ := listen(b)
			exp, err := statsd.New(statsd.WithAddress(addr), statsd.WithFlavor(flavor), statsd.WithPrefix("app"))
			if err != nil {
				b.Fatal(err)
			}
			r := sdkmetric.NewManualReader(sdkmetric.WithTemporalitySelector(exp.Temporality))
			meter := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r)).Meter("bench")
			c, _ := meter.Int64Counter("messaging.client.consumed.messages")
			g, _ := meter.Int64UpDownCounter("streamotel.messages.active")
			h, _ := meter.Float64Histogram("messaging.process.duration", metric.WithUnit("s"))
			ctx := context.Background()
			for i := range 100 {
				attrs := metric.WithAttributes(attribute.String("messaging.destination.name", "orders"), attribute.Int("messaging.destination.partition.id", i))
				c.Add(ctx, 1, attrs)
				g.Add(ctx, 1, attrs)
				h.Record(ctx, 0.01, attrs)
			}
			var rm metricdata.ResourceMetrics
			if err := r.Collect(ctx, &rm); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				if err := exp.Export(ctx, &rm); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(exp.Stats().Packets)/float64(b.N), "packets/op")
		})
	}
}
