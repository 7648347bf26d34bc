package exporters_test

import (
	"context"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/exporters"
	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/exporters/prometheus"
	"github.com/streamotel/streamotel/semconv"
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
