package exporters_test

import (
	"context"
	"crypto/tls"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/streamotel/streamotel/exporters"
	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/exporters/otlp"
	"github.com/streamotel/streamotel/exporters/prometheus"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/views"
)

// Set up metrics from the environment: with OTEL_METRICS_EXPORTER=otlp and
// OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317 they go to a Collector;
// with OTEL_METRICS_EXPORTER unset, here, they are printed.
func ExampleSetup() {
	ctx := context.Background()
	mp, shutdown, err := exporters.Setup(ctx,
		exporters.WithExporters("console"), // when OTEL_METRICS_EXPORTER is unset
		exporters.WithGlobal(),
	)
	if err != nil {
		log.Fatal(err) // names the bad variable
	}
	defer func() {
		if err := shutdown(ctx); err != nil { // flushes the last values
			log.Print(err)
		}
	}()
	_ = mp // pass to otelsensor.WithMeterProvider, or rely on the global one
}

// Mount the Prometheus exporter in the application's own HTTP server.
func ExampleSetup_prometheusHandler() {
	prom, err := prometheus.New()
	if err != nil {
		log.Fatal(err)
	}
	mp, shutdown, err := exporters.Setup(context.Background(), exporters.WithReader(prom))
	if err != nil {
		log.Fatal(err)
	}
	defer shutdown(context.Background())

	mux := http.NewServeMux()
	mux.Handle("/metrics", prom)

	consumed, _ := mp.Meter("example").Int64Counter(semconv.ConsumedMessages, metric.WithUnit("{message}"))
	consumed.Add(context.Background(), 3)

	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
	for line := range strings.Lines(rec.Body.String()) {
		if strings.HasPrefix(line, "messaging_client_consumed_messages_total") {
			fmt.Print(line)
		}
	}
	// Output: messaging_client_consumed_messages_total 3
}

// Read metrics back in a test.
func ExampleWithReader() {
	mem := memory.New()
	mp, shutdown, _ := exporters.Setup(context.Background(), exporters.WithReader(mem))
	defer shutdown(context.Background())

	h, _ := mp.Meter("example").Float64Histogram(semconv.ProcessDuration, metric.WithUnit("s"))
	h.Record(context.Background(), 0.02)

	m, _ := mem.Metrics(context.Background())
	got, _ := m.Histogram(semconv.ProcessDuration)
	fmt.Println(got.Count, got.Sum)
	// Output: 1 0.02
}

// The startup docs/exporters.md shows: Setup, then a Monitor on its
// MeterProvider. It is compiled, not run: it exports to a Collector at the
// OTLP default endpoint.
func ExampleSetup_monitor() {
	ctx := context.Background()

	mp, shutdown, err := exporters.Setup(ctx, exporters.WithGlobal())
	if err != nil {
		log.Fatal(err) // a bad variable is named here, at startup
	}
	defer shutdown(context.Background()) // flushes the last values to every reader, for at most 1 s

	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"))

	if err != nil {
		log.Fatal(err)
	}
	defer mon.Close()
}

// Every option in code, as docs/exporters.md lists them. It is compiled,
// not run: it exports to a Collector that only the documentation has.
func ExampleWithOTLP() {
	ctx := context.Background()
	token := os.Getenv("COLLECTOR_TOKEN")
	tlsConfig := &tls.Config{MinVersion: tls.VersionTLS13}

	mp, shutdown, err := exporters.Setup(ctx,
		exporters.WithExporters("otlp"), // when OTEL_METRICS_EXPORTER is unset
		exporters.WithOTLP(
			otlp.WithEndpoint("https://collector.internal:4317"),
			otlp.WithHeaders(map[string]string{"authorization": "Bearer " + token}),
			otlp.WithTLS(tlsConfig),
			otlp.WithCompression(true),
			otlp.WithTimeout(5*time.Second),
			otlp.WithRetry(otlp.Retry{InitialInterval: time.Second, MaxInterval: 10 * time.Second, MaxElapsedTime: 30 * time.Second}),
			otlp.WithInterval(15*time.Second),
		),
		exporters.WithResource(resource.NewSchemaless(attribute.String("deployment.environment.name", "prod"))),
		exporters.WithViews(views.New(views.DropAttributes(semconv.ConsumedMessages, semconv.MessagingDestinationPartition))),
		exporters.WithCardinalityLimit(5000),
		exporters.WithGlobal(),
	)

	if err != nil {
		log.Fatal(err)
	}
	defer shutdown(ctx)
	_ = mp
}

// The Prometheus exporter in the application's default ServeMux, as
// docs/exporters.md shows it. It is compiled, not run: it registers on
// http.DefaultServeMux.
func ExampleSetup_prometheusDefaultServeMux() {
	ctx := context.Background()

	prom, err := prometheus.New()
	mp, shutdown, err := exporters.Setup(ctx, exporters.WithReader(prom))
	http.Handle("/metrics", prom) // in the application's own server

	if err != nil {
		log.Fatal(err)
	}
	defer shutdown(ctx)
	_ = mp
}
