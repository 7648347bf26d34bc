package middleware

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/views"
)

// fastStreamDashboard lists every metric name that FastStream's Grafana
// dashboard (grafana.com id 22130) queries, with FastStream's default
// "faststream" prefix.
var fastStreamDashboard = []string{
	"faststream_received_messages_total",
	"faststream_received_messages_size_bytes_bucket",
	"faststream_received_messages_size_bytes_count",
	"faststream_received_messages_size_bytes_sum",
	"faststream_received_messages_in_process",
	"faststream_received_processed_messages_total",
	"faststream_received_processed_messages_duration_seconds_bucket",
	"faststream_received_processed_messages_duration_seconds_count",
	"faststream_received_processed_messages_duration_seconds_sum",
	"faststream_received_processed_messages_exceptions_total",
	"faststream_published_messages_total",
	"faststream_published_messages_duration_seconds_bucket",
	"faststream_published_messages_duration_seconds_count",
	"faststream_published_messages_duration_seconds_sum",
	"faststream_published_messages_exceptions_total",
}

// TestFastStreamDashboardNames exports what the wrappers record through the
// Prometheus exporter with the compatibility Views, and checks that every
// name FastStream's dashboard queries is there.
func TestFastStreamDashboardNames(t *testing.T) {
	reg := prometheus.NewRegistry()
	exp, err := otelprom.New(otelprom.WithRegisterer(reg))
	if err != nil {
		t.Fatal(err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp), sdkmetric.WithView(views.FastStream("faststream")...))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"))
	if err != nil {
		t.Fatal(err)
	}
	m := otelsensor.NewSensor(mon)
	h := Handler("orders", handle, WithSensor(m), WithSize(order.Size))
	for _, id := range []string{"ok", "nack", "invalid"} {
		_ = h(ctx, order{ID: id, Body: "body"})
	}
	p := Publisher("invoices", func(_ context.Context, b []byte) error {
		if len(b) == 0 {
			return errors.New("empty")
		}
		return nil
	}, WithSensor(m))
	_ = p(ctx, []byte("x"))
	_ = p(ctx, nil)

	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	exported := map[string]*dto.MetricFamily{}
	var names []string
	for _, f := range families {
		name := f.GetName()
		switch f.GetType() {
		case dto.MetricType_HISTOGRAM:
			names = append(names, name+"_bucket", name+"_count", name+"_sum")
		default:
			names = append(names, name)
		}
		exported[name] = f
	}
	for _, want := range fastStreamDashboard {
		if !slices.Contains(names, want) {
			t.Errorf("%s is not exported; exported: %v", want, names)
		}
	}
	// The labels the dashboard filters on come from the conventions.
	for _, l := range []struct{ family, label, value string }{
		{"faststream_received_processed_messages_total", "streamotel_message_status", "nacked"},
		{"faststream_received_processed_messages_exceptions_total", "error_type", "*middleware.invalidOrder"},
		{"faststream_published_messages_exceptions_total", "error_type", semconv.ErrorTypeOther},
		{"faststream_received_messages_total", "messaging_destination_name", "orders"},
		{"faststream_published_messages_total", "messaging_system", "kafka"},
	} {
		if !hasLabel(exported[l.family], l.label, l.value) {
			t.Errorf("%s has no series with %s=%q", l.family, l.label, l.value)
		}
	}
}

func hasLabel(f *dto.MetricFamily, name, value string) bool {
	for _, m := range f.GetMetric() {
		for _, lp := range m.GetLabel() {
			if lp.GetName() == name && lp.GetValue() == value {
				return true
			}
		}
	}
	return false
}
