// Package prometheus builds a metric reader that Prometheus scrapes: an
// [http.Handler] for /metrics to mount in the application's own server,
// and, when asked, a server of its own.
//
// Names follow Prometheus' conventions: dots become underscores, the unit
// becomes a suffix (messaging.process.duration in seconds is exported as
// messaging_process_duration_seconds), counters end in _total, and
// annotation units such as {message} add nothing. The resource is exported
// once, as target_info.
//
// The otel_scope_name and otel_scope_version labels that the OpenTelemetry
// exporter adds to every series are left out by default: streamotel's
// instruments come from one scope, so they tell nothing, and they double the
// size of a scrape (see docs/exporters.md). [WithScopeLabels] keeps them.
package prometheus

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"sync"

	promclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/internal/env"
	"github.com/streamotel/streamotel/internal/httpserver"
)

// DefaultAddress is where [WithServer] listens when neither the option nor
// OTEL_EXPORTER_PROMETHEUS_HOST and _PORT say otherwise.
const DefaultAddress = "127.0.0.1:9464"

// Exporter is a metric reader that serves what it collects to Prometheus.
// It is an [http.Handler] for /metrics.
type Exporter struct {
	sdkmetric.Reader
	handler http.Handler
	server  *http.Server
	addr    net.Addr
	served  chan error
	mu      sync.Mutex // guards server across Shutdown calls
}

type config struct {
	scopeLabels bool
	serve       bool
	addr        string
}

// Option configures [New].
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithServer makes the exporter serve /metrics on its own HTTP server at
// addr ("host:port"; port 0 picks a free one, see [Exporter.Addr]). An empty
// addr means OTEL_EXPORTER_PROMETHEUS_HOST and OTEL_EXPORTER_PROMETHEUS_PORT,
// by default [DefaultAddress]. The server stops on Shutdown.
func WithServer(addr string) Option {
	return optionFunc(func(c *config) { c.serve, c.addr = true, addr })
}

// WithScopeLabels keeps the otel_scope_* labels on every series.
func WithScopeLabels() Option {
	return optionFunc(func(c *config) { c.scopeLabels = true })
}

// New returns an Exporter with its own registry (the process-wide default
// registry is left alone).
func New(opts ...Option) (*Exporter, error) {
	var c config
	for _, o := range opts {
		o.apply(&c)
	}
	reg := promclient.NewRegistry()
	popts := []otelprom.Option{otelprom.WithRegisterer(reg)}
	if !c.scopeLabels {
		popts = append(popts, otelprom.WithoutScopeInfo())
	}
	r, err := otelprom.New(popts...)
	if err != nil {
		return nil, fmt.Errorf("prometheus: %w", err)
	}
	e := &Exporter{
		Reader:  r,
		handler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}),
	}
	if c.serve {
		if err := e.listen(c.addr); err != nil {
			_ = r.Shutdown(context.Background())
			return nil, err
		}
	}
	return e, nil
}

func (e *Exporter) listen(addr string) error {
	if addr == "" {
		var err error
		if addr, err = envAddress(); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("prometheus: %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/metrics", e.handler)
	e.server = httpserver.Default.Server(mux)
	e.addr = ln.Addr()
	e.served = make(chan error, 1)
	go func() { e.served <- e.server.Serve(ln) }()
	return nil
}

func envAddress() (string, error) {
	host, port := "127.0.0.1", "9464"
	if v, ok := env.Lookup("OTEL_EXPORTER_PROMETHEUS_HOST"); ok {
		host = v.Value
	}
	if v, ok := env.Lookup("OTEL_EXPORTER_PROMETHEUS_PORT"); ok {
		if n, err := strconv.Atoi(v.Value); err != nil || n < 0 || n > 65535 {
			return "", v.Errorf("want a port number, 0 to 65535")
		}
		port = v.Value
	}
	return net.JoinHostPort(host, port), nil
}

// ServeHTTP serves the metrics in Prometheus' text or OpenMetrics format,
// collecting them from the MeterProvider on each request.
func (e *Exporter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	e.handler.ServeHTTP(w, r)
}

// Addr returns the address the exporter's own server listens on, or nil
// without [WithServer].
func (e *Exporter) Addr() net.Addr { return e.addr }

// Shutdown stops the exporter's server, if any, and the reader. It is
// called by the MeterProvider's Shutdown.
func (e *Exporter) Shutdown(ctx context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	var err error
	if e.server != nil {
		err = e.server.Shutdown(ctx)
		if serr := <-e.served; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
		e.server = nil
	}
	return errors.Join(err, e.Reader.Shutdown(ctx))
}
