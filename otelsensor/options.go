package otelsensor

import (
	"errors"
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
)

// Faust's history sizes, the defaults of the Monitor, and the bounds of the
// options that set them and the cardinality limit.
const (
	DefaultAverageHistory           = 100
	DefaultCommitLatencyHistory     = 30
	DefaultSendLatencyHistory       = 30
	DefaultAssignmentLatencyHistory = 30
	// MaxHistory bounds every history size: each slot costs memory in
	// each of the Monitor's stripes.
	MaxHistory = 10000
	// DefaultCardinalityLimit bounds the series of each kind the Monitor
	// keeps; it is the OpenTelemetry SDK's default cardinality limit.
	DefaultCardinalityLimit = 2000
	// MaxCardinalityLimit bounds WithCardinalityLimit.
	MaxCardinalityLimit = 1 << 20
)

// Option configures a Monitor.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	provider          metric.MeterProvider
	system            string
	group             string
	attrs             []attribute.KeyValue
	avgHistory        int
	commitHistory     int
	sendHistory       int
	assignmentHistory int
	limit             int
}

// newConfig applies opts to the defaults and checks the result once.
func newConfig(opts []Option) (config, error) {
	c := config{
		avgHistory:        DefaultAverageHistory,
		commitHistory:     DefaultCommitLatencyHistory,
		sendHistory:       DefaultSendLatencyHistory,
		assignmentHistory: DefaultAssignmentLatencyHistory,
		limit:             DefaultCardinalityLimit,
	}
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	var errs []error
	for _, n := range []struct {
		name     string
		v, limit int
	}{
		{"average history", c.avgHistory, MaxHistory},
		{"commit latency history", c.commitHistory, MaxHistory},
		{"send latency history", c.sendHistory, MaxHistory},
		{"assignment latency history", c.assignmentHistory, MaxHistory},
		{"cardinality limit", c.limit, MaxCardinalityLimit},
	} {
		if n.v < 1 || n.v > n.limit {
			errs = append(errs, fmt.Errorf("otelsensor: %s must be from 1 to %d, got %d", n.name, n.limit, n.v))
		}
	}
	return c, errors.Join(errs...)
}

// WithMeterProvider sets the MeterProvider the Monitor creates its
// instruments with. Without it, the global provider is used.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return optionFunc(func(c *config) { c.provider = mp })
}

// WithSystem sets messaging.system ("kafka", "rabbitmq", "aws_kinesis", ...)
// on every messaging measurement.
func WithSystem(system string) Option {
	return optionFunc(func(c *config) { c.system = system })
}

// WithConsumerGroup sets messaging.consumer.group.name on consumer-side
// measurements.
func WithConsumerGroup(group string) Option {
	return optionFunc(func(c *config) { c.group = group })
}

// WithAttributes adds attributes to every measurement of the Monitor, so that
// several Monitors in one process can be told apart.
func WithAttributes(attrs ...attribute.KeyValue) Option {
	return optionFunc(func(c *config) { c.attrs = append(c.attrs, attrs...) })
}

// WithAverageHistory sets how many event runtimes, rebalance latencies and
// HTTP latencies are kept for averages (Faust's max_avg_history), from 1 to
// MaxHistory.
func WithAverageHistory(n int) Option {
	return optionFunc(func(c *config) { c.avgHistory = n })
}

// WithCommitLatencyHistory sets how many commit latencies are kept, from 1
// to MaxHistory.
func WithCommitLatencyHistory(n int) Option {
	return optionFunc(func(c *config) { c.commitHistory = n })
}

// WithSendLatencyHistory sets how many send latencies are kept, from 1 to
// MaxHistory.
func WithSendLatencyHistory(n int) Option {
	return optionFunc(func(c *config) { c.sendHistory = n })
}

// WithAssignmentLatencyHistory sets how many assignment latencies are kept,
// from 1 to MaxHistory.
func WithAssignmentLatencyHistory(n int) Option {
	return optionFunc(func(c *config) { c.assignmentHistory = n })
}

// WithCardinalityLimit bounds the number of series of each kind (partitions,
// topics, streams, tables, routes, metric names) the Monitor keeps, from 1 to
// MaxCardinalityLimit. Past it, new names share one overflow series marked
// otel.metric.overflow=true.
func WithCardinalityLimit(n int) Option {
	return optionFunc(func(c *config) { c.limit = n })
}
