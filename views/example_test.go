package views_test

import (
	"context"
	"fmt"

	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/views"
)

// Count per topic instead of per partition, and keep process durations
// below one second in finer buckets.
func ExampleNew() {
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(
		sdkmetric.WithReader(reader),
		sdkmetric.WithView(views.New(
			views.DropAttributes(semconv.ConsumedMessages, semconv.MessagingDestinationPartition),
			views.Boundaries(semconv.ProcessDuration, 0.001, 0.01, 0.1, 1),
		)),
	)
	defer mp.Shutdown(context.Background())

	consumed, _ := mp.Meter("example").Int64Counter(semconv.ConsumedMessages, metric.WithUnit("{message}"))
	for partition := range 3 {
		consumed.Add(context.Background(), 1, metric.WithAttributes(
			semconv.MessagingDestinationName.String("orders"),
			semconv.MessagingDestinationPartition.Int(partition)))
	}

	var rm metricdata.ResourceMetrics
	_ = reader.Collect(context.Background(), &rm)
	for _, m := range rm.ScopeMetrics[0].Metrics {
		for _, dp := range m.Data.(metricdata.Sum[int64]).DataPoints {
			fmt.Println(m.Name, dp.Attributes.Len(), dp.Value)
		}
	}
	// Output:
	// messaging.client.consumed.messages 1 3
}
