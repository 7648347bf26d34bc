package prometheus_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/prometheus"
	"github.com/streamotel/streamotel/semconv"
)

// counting is a ResponseWriter that counts the body and keeps nothing.
type counting struct {
	h http.Header
	n int
}

func (c *counting) Header() http.Header         { return c.h }
func (c *counting) WriteHeader(int)             {}
func (c *counting) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

// BenchmarkScrape10kSeries measures one /metrics scrape of 10,000 series:
// consumed-message counters for 100 topics of 100 partitions, with the
// conventions' attributes. "bytes/scrape" is the size of the text response.
//
//	go test -run '^$' -bench Scrape10k -benchmem ./exporters/prometheus/
func BenchmarkScrape10kSeries(b *testing.B) {
	for _, bc := range []struct {
		name string
		opts []prometheus.Option
	}{
		{"default", nil},
		{"scope_labels", []prometheus.Option{prometheus.WithScopeLabels()}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			e, err := prometheus.New(bc.opts...)
			if err != nil {
				b.Fatal(err)
			}
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(e), sdkmetric.WithCardinalityLimit(20000))
			defer mp.Shutdown(context.Background())
			c, _ := mp.Meter("github.com/streamotel/streamotel/otelsensor", metric.WithInstrumentationVersion("0.1.0")).
				Int64Counter(semconv.ConsumedMessages, metric.WithUnit("{message}"), metric.WithDescription("Number of messages that were delivered to the application."))
			for topic := range 100 {
				for partition := range 100 {
					c.Add(context.Background(), int64(topic*partition+1), metric.WithAttributes(
						semconv.MessagingSystem.String("kafka"),
						semconv.MessagingConsumerGroupName.String("orders-app"),
						semconv.MessagingOperationName.String(semconv.OperationReceive),
						semconv.MessagingDestinationName.String("topic-"+strconv.Itoa(topic)),
						semconv.MessagingDestinationPartition.String(strconv.Itoa(partition))))
				}
			}
			req := httptest.NewRequest("GET", "/metrics", nil)
			w := &counting{h: http.Header{}}
			e.ServeHTTP(w, req)
			size := w.n
			b.ResetTimer()
			for b.Loop() {
				w.n = 0
				e.ServeHTTP(w, req)
			}
			b.ReportMetric(float64(size), "bytes/scrape")
		})
	}
}
