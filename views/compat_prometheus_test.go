package views_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	promclient "github.com/prometheus/client_golang/prometheus"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/views"
)

// TestCompatThroughPrometheus records every instrument of the table once and
// lists the names the OpenTelemetry Prometheus exporter writes for the
// compatibility Views: what docs/exporters.md says they give.
func TestCompatThroughPrometheus(t *testing.T) {
	reg := promclient.NewRegistry()
	exp, err := otelprom.New(otelprom.WithRegisterer(reg), otelprom.WithoutScopeInfo())
	if err != nil {
		t.Fatal(err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp),
		sdkmetric.WithView(append(append(views.Faust("myapp"), views.FastStream("faststream")...), views.New())...))
	defer mp.Shutdown(context.Background())
	meter := mp.Meter("test")
	for _, in := range semconv.Instruments() {
		switch in.Kind {
		case semconv.Counter:
			c, _ := meter.Int64Counter(in.Name, metric.WithUnit(in.Unit))
			c.Add(context.Background(), 1)
		case semconv.UpDownCounter:
			c, _ := meter.Int64UpDownCounter(in.Name, metric.WithUnit(in.Unit))
			c.Add(context.Background(), 1)
		case semconv.Gauge:
			g, _ := meter.Int64Gauge(in.Name, metric.WithUnit(in.Unit))
			g.Record(context.Background(), 1)
		case semconv.Histogram:
			h, _ := meter.Float64Histogram(in.Name, metric.WithUnit(in.Unit))
			h.Record(context.Background(), 1)
		}
	}
	fams, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var faust, fastStream []string
	for _, f := range fams {
		switch name := f.GetName(); {
		case strings.HasPrefix(name, "myapp_"):
			faust = append(faust, name)
		case strings.HasPrefix(name, "faststream_"):
			fastStream = append(fastStream, name)
		}
	}
	wantFaust := []string{
		"myapp_active_messages", "myapp_assignment_operations_total", "myapp_messages_received_per_topic_total",
		"myapp_messages_received_total", "myapp_table_operations_total", "myapp_topic_messages_sent_total",
		"myapp_topic_partition_end_offset", "myapp_topic_partition_offset_commited", "myapp_total_active_events",
	}
	wantFastStream := []string{
		"faststream_published_messages_duration_seconds", "faststream_published_messages_exceptions_total",
		"faststream_published_messages_total", "faststream_received_messages_in_process",
		"faststream_received_messages_size_bytes", "faststream_received_messages_total",
		"faststream_received_processed_messages_duration_seconds", "faststream_received_processed_messages_exceptions_total",
		"faststream_received_processed_messages_total",
	}
	if !slices.Equal(faust, wantFaust) {
		t.Errorf("Faust names:\n got %v\nwant %v", faust, wantFaust)
	}
	if !slices.Equal(fastStream, wantFastStream) {
		t.Errorf("FastStream names:\n got %v\nwant %v", fastStream, wantFastStream)
	}
}
