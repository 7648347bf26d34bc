// Package otlp builds a periodic metric reader that exports to an
// OpenTelemetry Collector or any OTLP endpoint, over gRPC or HTTP/protobuf.
//
// [New] reads the standard OTEL_EXPORTER_OTLP_* variables (the
// _METRICS_-specific ones take precedence) and OTEL_METRIC_EXPORT_INTERVAL
// and _TIMEOUT; options given in code override them. A malformed value is an
// error naming its variable. TLS files (OTEL_EXPORTER_OTLP_CERTIFICATE,
// _CLIENT_KEY, _CLIENT_CERTIFICATE) are read by the OpenTelemetry exporter
// itself.
//
// Exports run in the reader's own goroutine: a Collector that is down or
// slow never blocks the instrumented code. Failed exports are retried with
// backoff until the export timeout; totals are cumulative, so the next
// successful export after an outage carries everything counted meanwhile.
package otlp

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"maps"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"

	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetricgrpc"
	"go.opentelemetry.io/otel/exporters/otlp/otlpmetric/otlpmetrichttp"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"google.golang.org/grpc/credentials"
)

// Protocol is the OTLP transport.
type Protocol string

// Protocols, named as OTEL_EXPORTER_OTLP_PROTOCOL names them.
const (
	GRPC         Protocol = "grpc"
	HTTPProtobuf Protocol = "http/protobuf"
)

// Retry says how failed exports are retried: with exponential backoff from
// InitialInterval up to MaxInterval between attempts, for at most
// MaxElapsedTime (and never past the export timeout). The zero Retry
// disables retries.
type Retry struct {
	InitialInterval time.Duration
	MaxInterval     time.Duration
	MaxElapsedTime  time.Duration
}

// DefaultRetry is the OpenTelemetry exporters' default.
var DefaultRetry = Retry{InitialInterval: 5 * time.Second, MaxInterval: 30 * time.Second, MaxElapsedTime: time.Minute}

type config struct {
	protocol    Protocol
	endpoint    *url.URL
	insecure    bool
	tls         *tls.Config
	headers     map[string]string
	timeout     time.Duration
	gzip        bool
	retry       Retry
	interval    time.Duration
	readTimeout time.Duration

	// Values given in code, validated by New.
	setEndpoint *string
	setTimeout  *time.Duration
	setInterval *time.Duration
}

// Option configures [New].
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithProtocol chooses gRPC (the default, port 4317) or HTTP/protobuf (port
// 4318). It overrides OTEL_EXPORTER_OTLP_PROTOCOL.
func WithProtocol(p Protocol) Option {
	return optionFunc(func(c *config) { c.protocol = p })
}

// WithEndpoint sets the Collector's URL, such as "http://127.0.0.1:4317"
// ("http" means no TLS). Over HTTP/protobuf a URL without a path gets
// /v1/metrics. It overrides OTEL_EXPORTER_OTLP_ENDPOINT.
func WithEndpoint(endpoint string) Option {
	return optionFunc(func(c *config) { c.setEndpoint = &endpoint })
}

// WithTLS sets the TLS configuration for an https endpoint (certificates,
// client certificate, server name).
func WithTLS(cfg *tls.Config) Option {
	return optionFunc(func(c *config) { c.tls = cfg.Clone() })
}

// WithHeaders sets headers (or gRPC metadata) sent with every export, such
// as an authorization token. They replace OTEL_EXPORTER_OTLP_HEADERS.
func WithHeaders(h map[string]string) Option {
	h = maps.Clone(h)
	return optionFunc(func(c *config) {
		c.headers = h
		if c.headers == nil {
			c.headers = map[string]string{}
		}
	})
}

// WithTimeout bounds each export, retries included (default 10 s); it must
// be positive.
func WithTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) { c.setTimeout = &d })
}

// WithCompression turns gzip compression of exports on or off.
func WithCompression(gzip bool) Option {
	return optionFunc(func(c *config) { c.gzip = gzip })
}

// WithRetry sets how failed exports are retried (default [DefaultRetry]).
func WithRetry(r Retry) Option {
	return optionFunc(func(c *config) { c.retry = r })
}

// WithInterval sets how often metrics are exported (default 60 s); it must
// be positive. It overrides OTEL_METRIC_EXPORT_INTERVAL.
func WithInterval(d time.Duration) Option {
	return optionFunc(func(c *config) { c.setInterval = &d })
}

// New returns a reader that exports every interval, and once more on
// Shutdown, to the configured endpoint. Nothing is dialled yet: New succeeds
// while the Collector is down. Options apply in order, the last of a kind
// winning; New reports every bad one at once.
func New(ctx context.Context, opts ...Option) (*sdkmetric.PeriodicReader, error) {
	c := config{protocol: GRPC, retry: DefaultRetry}
	if err := c.fromEnv(); err != nil {
		return nil, err
	}
	for _, o := range opts {
		o.apply(&c)
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	exp, err := c.exporter(ctx)
	if err != nil {
		return nil, fmt.Errorf("otlp: %w", err)
	}
	var ropts []sdkmetric.PeriodicReaderOption
	if c.interval > 0 {
		ropts = append(ropts, sdkmetric.WithInterval(c.interval))
	}
	if c.readTimeout > 0 {
		ropts = append(ropts, sdkmetric.WithTimeout(c.readTimeout))
	}
	return sdkmetric.NewPeriodicReader(exp, ropts...), nil
}

// validate checks the values given in code and applies them.
func (c *config) validate() error {
	var errs []error
	if c.protocol != GRPC && c.protocol != HTTPProtobuf {
		errs = append(errs, fmt.Errorf("otlp: unknown protocol %q; want %q or %q", c.protocol, GRPC, HTTPProtobuf))
	}
	if c.setEndpoint != nil {
		if u, err := parseEndpoint(*c.setEndpoint); err != nil {
			errs = append(errs, fmt.Errorf("otlp: endpoint: %w", err))
		} else {
			c.endpoint = u
		}
	}
	if d := c.setTimeout; d != nil {
		if *d <= 0 {
			errs = append(errs, fmt.Errorf("otlp: timeout %v is not positive", *d))
		}
		c.timeout = *d
	}
	if d := c.setInterval; d != nil {
		if *d <= 0 {
			errs = append(errs, fmt.Errorf("otlp: interval %v is not positive", *d))
		}
		c.interval = *d
	}
	return errors.Join(errs...)
}

func (c *config) exporter(ctx context.Context) (sdkmetric.Exporter, error) {
	u := c.url()
	if c.protocol == GRPC {
		opts := []otlpmetricgrpc.Option{
			// The URL sets the endpoint and, by its scheme, TLS, whatever
			// the exporter read from the environment itself.
			otlpmetricgrpc.WithEndpointURL(u.String()),
			otlpmetricgrpc.WithRetry(otlpmetricgrpc.RetryConfig(c.retryConfig())),
		}
		if c.tls != nil && u.Scheme == "https" {
			opts = append(opts, otlpmetricgrpc.WithTLSCredentials(credentials.NewTLS(c.tls)))
		}
		if c.headers != nil {
			opts = append(opts, otlpmetricgrpc.WithHeaders(c.headers))
		}
		if c.timeout > 0 {
			opts = append(opts, otlpmetricgrpc.WithTimeout(c.timeout))
		}
		if c.gzip {
			opts = append(opts, otlpmetricgrpc.WithCompressor("gzip"))
		}
		return otlpmetricgrpc.New(ctx, opts...)
	}
	opts := []otlpmetrichttp.Option{
		otlpmetrichttp.WithEndpointURL(u.String()),
		otlpmetrichttp.WithRetry(otlpmetrichttp.RetryConfig(c.retryConfig())),
	}
	if c.tls != nil && u.Scheme == "https" {
		opts = append(opts, otlpmetrichttp.WithTLSClientConfig(c.tls))
	}
	if c.headers != nil {
		opts = append(opts, otlpmetrichttp.WithHeaders(c.headers))
	}
	if c.timeout > 0 {
		opts = append(opts, otlpmetrichttp.WithTimeout(c.timeout))
	}
	compression := otlpmetrichttp.NoCompression
	if c.gzip {
		compression = otlpmetrichttp.GzipCompression
	}
	opts = append(opts, otlpmetrichttp.WithCompression(compression))
	return otlpmetrichttp.New(ctx, opts...)
}

// url returns the endpoint to export to: the configured one, or the
// specification's default for the protocol, with a scheme (https for a bare
// host:port unless insecure is set) and, over HTTP, the /v1/metrics path
// when it has none.
func (c *config) url() *url.URL {
	u := &url.URL{Scheme: "http", Host: "localhost:4317"}
	if c.protocol == HTTPProtobuf {
		u.Host = "localhost:4318"
	}
	if c.endpoint != nil {
		cp := *c.endpoint
		u = &cp
	}
	if u.Scheme == "" {
		u.Scheme = "https"
	}
	if c.insecure {
		u.Scheme = "http"
	}
	if c.protocol == GRPC {
		u.Path = ""
	} else if u.Path == "" || u.Path == "/" {
		u.Path = "/v1/metrics"
	}
	return u
}

func (c *config) retryConfig() otlpmetricgrpc.RetryConfig {
	return otlpmetricgrpc.RetryConfig{
		Enabled:         c.retry != Retry{},
		InitialInterval: c.retry.InitialInterval,
		MaxInterval:     c.retry.MaxInterval,
		MaxElapsedTime:  c.retry.MaxElapsedTime,
	}
}

// parseEndpoint accepts an http or https URL, or a bare host:port (which
// the gRPC exporter treats as https unless insecure is set). Its errors say
// which part is wrong without showing the endpoint, which may carry a user
// and password or a token.
func parseEndpoint(s string) (*url.URL, error) {
	if !strings.Contains(s, "://") {
		host, port, err := net.SplitHostPort(s)
		if err != nil || host == "" || !validPort(port) {
			return nil, fmt.Errorf("not a URL or host:port; want a URL such as http://127.0.0.1:4317")
		}
		return &url.URL{Host: s}, nil
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("not a valid URL; want a URL such as http://127.0.0.1:4317")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("the scheme is not http or https")
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("no host")
	}
	if !validPort(u.Port()) {
		return nil, fmt.Errorf("no valid port")
	}
	return u, nil
}

func validPort(p string) bool {
	n, err := strconv.Atoi(p)
	return err == nil && n > 0 && n < 65536 && p[0] != '+'
}
