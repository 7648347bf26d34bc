package exporters_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/streamotel/streamotel/exporters"
	"github.com/streamotel/streamotel/exporters/stdout"
	"github.com/streamotel/streamotel/semconv"
)

// clearEnv unsets every variable Setup reads, so that the machine's
// environment cannot change a test's outcome.
func clearEnv(t *testing.T) {
	for _, k := range []string{
		"OTEL_METRICS_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
		"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS",
		"OTEL_EXPORTER_OTLP_METRICS_HEADERS", "OTEL_EXPORTER_OTLP_INSECURE", "OTEL_EXPORTER_OTLP_METRICS_INSECURE",
		"OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "OTEL_EXPORTER_OTLP_COMPRESSION",
		"OTEL_EXPORTER_OTLP_METRICS_COMPRESSION", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_METRIC_EXPORT_TIMEOUT",
		"OTEL_EXPORTER_PROMETHEUS_HOST", "OTEL_EXPORTER_PROMETHEUS_PORT", "OTEL_SERVICE_NAME",
		"OTEL_RESOURCE_ATTRIBUTES", "OTEL_METRICS_EXEMPLAR_FILTER",
		"STATSD_HOST", "STATSD_PORT", "STATSD_PREFIX", "STATSD_FLAVOR", "STATSD_MAX_PACKET_SIZE",
	} {
		t.Setenv(k, "")
	}
}

func TestSetupManualReader(t *testing.T) {
	clearEnv(t)
	t.Setenv("OTEL_SERVICE_NAME", "from-env")
	t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "team=streams,deployment.environment.name=dev")
	r := sdkmetric.NewManualReader()
	mp, shutdown, err := exporters.Setup(context.Background(),
		exporters.WithReader(r),
		exporters.WithResource(resource.NewSchemaless(attribute.String("deployment.environment.name", "prod"))))
	if err != nil {
		t.Fatal(err)
	}
	defer shutdown(context.Background())
	h, _ := mp.Meter("t").Float64Histogram(semconv.ProcessDuration, metric.WithUnit("s"))
	h.Record(context.Background(), 0.02)

	var rm metricdata.ResourceMetrics
	if err := r.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"service.name": "from-env", "team": "streams", "deployment.environment.name": "prod"} {
		if v, _ := rm.Resource.Set().Value(attribute.Key(k)); v.Emit() != want {
			t.Errorf("resource %s = %q, want %q", k, v.Emit(), want)
		}
	}
	dp := rm.ScopeMetrics[0].Metrics[0].Data.(metricdata.Histogram[float64]).DataPoints[0]
	if !slices.Equal(dp.Bounds, semconv.DurationBuckets) {
		t.Errorf("default views not applied: bounds %v", dp.Bounds)
	}
}

func TestSetupEnvErrors(t *testing.T) {
	for _, tc := range []struct{ name, value string }{
		{"OTEL_METRICS_EXPORTER", "otlp,zipkin"},
		{"OTEL_METRICS_EXPORTER", "none,console"},
		{"OTEL_METRICS_EXPORTER", "console,console"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "127.0.0.1"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://127.0.0.1:4317"},
		{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://:4317"},
		{"OTEL_EXPORTER_OTLP_HEADERS", "authorization"},
		{"OTEL_EXPORTER_OTLP_PROTOCOL", "http/json"},
		{"OTEL_EXPORTER_OTLP_INSECURE", "yes"},
		{"OTEL_EXPORTER_OTLP_TIMEOUT", "5s"},
		{"OTEL_EXPORTER_OTLP_COMPRESSION", "zstd"},
		{"OTEL_METRIC_EXPORT_INTERVAL", "0"},
		{"OTEL_EXPORTER_PROMETHEUS_PORT", "http"},
		{"OTEL_RESOURCE_ATTRIBUTES", "novalue"},
		{"OTEL_METRICS_EXEMPLAR_FILTER", "sometimes"},
	} {
		t.Run(tc.name+"="+tc.value, func(t *testing.T) {
			clearEnv(t)
			t.Setenv("OTEL_METRICS_EXPORTER", "otlp,prometheus")
			t.Setenv(tc.name, tc.value)
			_, _, err := exporters.Setup(context.Background())
			var e *exporters.EnvError
			if !errors.As(err, &e) || e.Name != tc.name {
				t.Fatalf("Setup error = %v, want an EnvError naming %s", err, tc.name)
			}
		})
	}
}

func TestSetupCodeErrors(t *testing.T) {
	clearEnv(t)
	if _, _, err := exporters.Setup(context.Background(), exporters.WithExporters("kafka")); err == nil || !strings.Contains(err.Error(), "kafka") {
		t.Errorf("unknown exporter in code: %v", err)
	}
	if _, _, err := exporters.Setup(context.Background(), exporters.WithShutdownTimeout(0)); err == nil {
		t.Error("a zero shutdown timeout was accepted")
	}
}

func TestSetupConsoleFlushesOnShutdown(t *testing.T) {
	clearEnv(t)
	var out bytes.Buffer
	mp, shutdown, err := exporters.Setup(context.Background(),
		exporters.WithExporters("console"),
		exporters.WithStdout(stdout.WithWriter(&out), stdout.WithInterval(time.Hour)))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := mp.Meter("t").Int64Counter(semconv.ConsumedMessages, metric.WithUnit("{message}"))
	c.Add(context.Background(), 7, metric.WithAttributes(semconv.MessagingDestinationName.String("orders")))
	if out.Len() != 0 {
		t.Fatalf("written before shutdown: %q", out.String())
	}
	if err := shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if want := "messaging.client.consumed.messages{messaging.destination.name=orders} 7 {message}\n"; !strings.Contains(out.String(), want) {
		t.Errorf("output %q lacks %q", out.String(), want)
	}
	if err := shutdown(context.Background()); err == nil {
		t.Error("second shutdown reported no error")
	}
}

func TestSetupEnvChoosesPrometheus(t *testing.T) {
	clearEnv(t)
	t.Setenv("OTEL_METRICS_EXPORTER", "prometheus")
	t.Setenv("OTEL_EXPORTER_PROMETHEUS_PORT", "0")
	var out bytes.Buffer
	mp, shutdown, err := exporters.Setup(context.Background(),
		exporters.WithExporters("console"), // env wins
		exporters.WithStdout(stdout.WithWriter(&out)))
	if err != nil {
		t.Fatal(err)
	}
	c, _ := mp.Meter("t").Int64Counter("c")
	c.Add(context.Background(), 1)
	if err := shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("console exporter used although OTEL_METRICS_EXPORTER=prometheus: %q", out.String())
	}
}

func TestSetupPrometheusServer(t *testing.T) {
	clearEnv(t)
	t.Setenv("OTEL_METRICS_EXPORTER", "prometheus")
	t.Setenv("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
	port := freePort(t)
	t.Setenv("OTEL_EXPORTER_PROMETHEUS_PORT", port)
	mp, shutdown, err := exporters.Setup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c, _ := mp.Meter("t").Int64Counter(semconv.ConsumedMessages, metric.WithUnit("{message}"))
	c.Add(context.Background(), 3)
	url := "http://127.0.0.1:" + port + "/metrics"
	body := get(t, url)
	if !strings.Contains(body, "messaging_client_consumed_messages_total 3") {
		t.Errorf("scrape lacks the counter:\n%s", body)
	}
	if err := shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := http.Get(url); err == nil {
		t.Error("server still answers after shutdown")
	}
}

func TestSetupOTLPCollectorDown(t *testing.T) {
	clearEnv(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:"+freePort(t))
	start := time.Now()
	mp, shutdown, err := exporters.Setup(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c, _ := mp.Meter("t").Int64Counter("c")
	c.Add(context.Background(), 1)
	if d := time.Since(start); d > time.Second {
		t.Errorf("Setup with the collector down took %v", d)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start = time.Now()
	if err := shutdown(ctx); err == nil {
		t.Error("shutdown with the collector down reported no error")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutdown took %v past a 500ms deadline", d)
	}
}

func get(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestSetupReleasesOnFailure(t *testing.T) {
	clearEnv(t)
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	t.Setenv("OTEL_METRICS_EXPORTER", "prometheus")
	t.Setenv("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
	t.Setenv("OTEL_EXPORTER_PROMETHEUS_PORT", strconv.Itoa(busy.Addr().(*net.TCPAddr).Port))
	if _, _, err := exporters.Setup(context.Background()); err == nil || !strings.Contains(err.Error(), "prometheus") {
		t.Errorf("Setup with the Prometheus port taken: %v, want an error naming prometheus", err)
	}
}

func TestSetupStatsD(t *testing.T) {
	clearEnv(t)
	conn, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	t.Setenv("OTEL_METRICS_EXPORTER", "statsd")
	t.Setenv("STATSD_HOST", "127.0.0.1")
	t.Setenv("STATSD_PORT", "notaport")
	if _, _, err := exporters.Setup(context.Background()); err == nil || !strings.Contains(err.Error(), "STATSD_PORT") {
		t.Errorf("bad STATSD_PORT: %v, want an error naming it", err)
	}
	t.Setenv("STATSD_PORT", strconv.Itoa(conn.LocalAddr().(*net.UDPAddr).Port))
	mp, shutdown, err := exporters.Setup(context.Background(), exporters.WithStatsD())
	if err != nil {
		t.Fatal(err)
	}
	c, _ := mp.Meter("t").Int64Counter("orders")
	c.Add(context.Background(), 4)
	if err := shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 2048)
	_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, _, err := conn.ReadFrom(buf)
	if err != nil {
		t.Fatal(err)
	}
	if got := string(buf[:n]); !strings.Contains(got, "orders:4|c") {
		t.Errorf("packet %q lacks orders:4|c", got)
	}
}
