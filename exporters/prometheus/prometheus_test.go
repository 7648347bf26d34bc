package prometheus_test

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/prometheus"
	"github.com/streamotel/streamotel/semconv"
)

func scrape(t *testing.T, opts ...prometheus.Option) string {
	t.Helper()
	e, err := prometheus.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(e))
	defer mp.Shutdown(context.Background())
	m := mp.Meter("streamotel", metric.WithInstrumentationVersion("0.1.0"))
	c, _ := m.Int64Counter(semconv.ConsumedMessages, metric.WithUnit("{message}"), metric.WithDescription("d"))
	c.Add(context.Background(), 5, metric.WithAttributes(semconv.MessagingDestinationName.String("orders")))
	h, _ := m.Float64Histogram(semconv.ProcessDuration, metric.WithUnit("s"), metric.WithDescription("d"))
	h.Record(context.Background(), 0.1)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	return rec.Body.String()
}

func TestNames(t *testing.T) {
	body := scrape(t)
	for _, want := range []string{
		`messaging_client_consumed_messages_total{messaging_destination_name="orders"} 5`,
		`messaging_process_duration_seconds_count 1`,
		`# TYPE messaging_process_duration_seconds histogram`,
		`target_info{`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("scrape lacks %q:\n%s", want, body)
		}
	}
	if strings.Contains(body, "otel_scope_") {
		t.Errorf("scope labels present by default:\n%s", body)
	}
}

func TestScopeLabels(t *testing.T) {
	if body := scrape(t, prometheus.WithScopeLabels()); !strings.Contains(body, `otel_scope_name="streamotel"`) {
		t.Errorf("WithScopeLabels: no otel_scope_name:\n%s", body)
	}
}

func TestServerAndShutdown(t *testing.T) {
	e, err := prometheus.New(prometheus.WithServer("127.0.0.1:0"))
	if err != nil {
		t.Fatal(err)
	}
	if e.Addr() == nil {
		t.Fatal("no address")
	}
	if _, err := prometheus.New(prometheus.WithServer(e.Addr().String())); err == nil {
		t.Error("second server on the same address started")
	}
	if err := e.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := e.Shutdown(context.Background()); err == nil {
		t.Error("second Shutdown reported no error")
	}
}
