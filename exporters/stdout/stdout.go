// Package stdout builds a periodic metric reader that writes to standard
// output (or any writer): one readable line per data point for local
// debugging, or, with [WithJSON], one JSON document per export.
package stdout

import (
	"fmt"
	"io"
	"os"
	"time"

	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/internal/env"
)

type config struct {
	w        io.Writer
	json     bool
	interval time.Duration
}

// Option configures [New].
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithWriter writes to w instead of os.Stdout.
func WithWriter(w io.Writer) Option {
	return optionFunc(func(c *config) { c.w = w })
}

// WithJSON writes each export as one line of JSON, as the OpenTelemetry
// stdout exporter encodes it.
func WithJSON() Option {
	return optionFunc(func(c *config) { c.json = true })
}

// WithInterval sets how often metrics are written (default 60 s, or
// OTEL_METRIC_EXPORT_INTERVAL). Shutdown writes them once more.
func WithInterval(d time.Duration) Option {
	return optionFunc(func(c *config) { c.interval = d })
}

// New returns a reader that writes every interval and on Shutdown.
func New(opts ...Option) (*sdkmetric.PeriodicReader, error) {
	interval, timeout, err := env.Periodic()
	if err != nil {
		return nil, err
	}
	c := config{w: os.Stdout, interval: interval}
	for _, o := range opts {
		o.apply(&c)
	}
	if c.w == nil {
		return nil, fmt.Errorf("stdout: nil writer")
	}
	var eopts []stdoutmetric.Option
	if c.json {
		eopts = append(eopts, stdoutmetric.WithWriter(c.w))
	} else {
		eopts = append(eopts, stdoutmetric.WithEncoder(&textEncoder{w: c.w}))
	}
	exp, err := stdoutmetric.New(eopts...)
	if err != nil {
		return nil, fmt.Errorf("stdout: %w", err)
	}
	var ropts []sdkmetric.PeriodicReaderOption
	if c.interval > 0 {
		ropts = append(ropts, sdkmetric.WithInterval(c.interval))
	}
	if timeout > 0 {
		ropts = append(ropts, sdkmetric.WithTimeout(timeout))
	}
	return sdkmetric.NewPeriodicReader(exp, ropts...), nil
}
