package compat

import (
	"fmt"
	"net/http"
	"time"

	promclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/model"
	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"
)

// Exporter is a metric reader whose Prometheus output is a peer's. Add it
// to the MeterProvider (sdkmetric.WithReader, or exporters.WithReader) and
// serve it: it is an [http.Handler] for the peer's /metrics. Each scrape
// collects the MeterProvider.
type Exporter struct {
	sdkmetric.Reader
	handler http.Handler
}

// newExporter builds the reader, the collector of the families and its
// registry.
func newExporter(families []family, names func(*resource.Resource) (string, string), fixed string, c config) (*Exporter, error) {
	if fixed != "" && !model.LegacyValidation.IsValidMetricName(fixed) {
		return nil, fmt.Errorf("compat: prefix %q is not a Prometheus metric name", fixed)
	}
	r := sdkmetric.NewManualReader()
	col := &collector{reader: r, families: families, names: names, fixed: fixed, started: time.Now()}
	reg := promclient.NewRegistry()
	if err := reg.Register(col); err != nil {
		return nil, fmt.Errorf("compat: %w", err)
	}
	if c.registerer != nil {
		if err := c.registerer.Register(col); err != nil {
			return nil, fmt.Errorf("compat: %w", err)
		}
	}
	return &Exporter{
		Reader:  r,
		handler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError, ErrorLog: errorLog{}}),
	}, nil
}

// ServeHTTP serves the peer's metrics in Prometheus' text format (or
// protobuf, when asked), as prometheus_client writes them, collecting them from the MeterProvider on each request. A metric
// that cannot be written as the peer's (a histogram without the peer's
// boundaries) is left out and reported to the OpenTelemetry error handler.
func (e *Exporter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.handler.ServeHTTP(w, r)
}

// errorLog hands promhttp's errors to the OpenTelemetry error handler.
type errorLog struct{}

func (errorLog) Println(v ...any) { otel.Handle(fmt.Errorf("compat: %s", fmt.Sprint(v...))) }

func configure(opts []Option) config {
	var c config
	for _, o := range opts {
		c = o.apply(c)
	}
	return c
}
