package exporters

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/exemplar"
	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/streamotel/streamotel/exporters/internal/env"
	"github.com/streamotel/streamotel/exporters/otlp"
	"github.com/streamotel/streamotel/exporters/prometheus"
	"github.com/streamotel/streamotel/exporters/statsd"
	"github.com/streamotel/streamotel/exporters/stdout"
	"github.com/streamotel/streamotel/views"
)

// EnvError reports an environment variable whose value cannot be used.
type EnvError = env.Error

// builders make the reader for each name OTEL_METRICS_EXPORTER may list.
// Another exporter is one more line here.
var builders = map[string]func(context.Context, *config) (sdkmetric.Reader, error){
	"otlp": func(ctx context.Context, c *config) (sdkmetric.Reader, error) {
		return otlp.New(ctx, c.otlp...)
	},
	"prometheus": func(_ context.Context, c *config) (sdkmetric.Reader, error) {
		return prometheus.New(append([]prometheus.Option{prometheus.WithServer("")}, c.prometheus...)...)
	},
	"console": func(_ context.Context, c *config) (sdkmetric.Reader, error) {
		return stdout.New(c.stdout...)
	},
	"statsd": func(_ context.Context, c *config) (sdkmetric.Reader, error) {
		return statsdReader(c.statsd)
	},
}

type config struct {
	readers    []sdkmetric.Reader
	exporters  []string
	views      []sdkmetric.View
	res        *resource.Resource
	global     bool
	limit      *int
	otlp       []otlp.Option
	prometheus []prometheus.Option
	stdout     []stdout.Option
	statsd     []statsd.Option
	shutdown   time.Duration
}

// DefaultShutdownTimeout bounds the shutdown function of [Setup] when its
// context has no deadline: a Collector that is down or unreachable would
// otherwise hold it for the export timeout, 10 s by default.
const DefaultShutdownTimeout = time.Second

// Option configures [Setup].
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithReader adds a reader built in code, such as a
// [prometheus.Exporter] whose handler the application mounts, or an
// sdkmetric.ManualReader in tests. It is used whatever
// OTEL_METRICS_EXPORTER says.
func WithReader(r sdkmetric.Reader) Option {
	return optionFunc(func(c *config) { c.readers = append(c.readers, r) })
}

// WithExporters names the exporters ("otlp", "prometheus", "console",
// "statsd") used when OTEL_METRICS_EXPORTER is unset. Without this option
// that is "otlp", as the OpenTelemetry specification says, or none when
// [WithReader] is given.
func WithExporters(names ...string) Option {
	return optionFunc(func(c *config) { c.exporters = append([]string{}, names...) })
}

// WithViews replaces the default Views, views.New(), which give every
// duration histogram the conventions' buckets.
func WithViews(vs ...sdkmetric.View) Option {
	return optionFunc(func(c *config) { c.views = append([]sdkmetric.View{}, vs...) })
}

// WithResource adds attributes to the resource that describes the process;
// they override OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME.
func WithResource(r *resource.Resource) Option {
	return optionFunc(func(c *config) { c.res = r })
}

// WithGlobal makes the MeterProvider the global one (otel.GetMeterProvider).
func WithGlobal() Option {
	return optionFunc(func(c *config) { c.global = true })
}

// WithCardinalityLimit caps the series of each instrument (the SDK's
// default is 2000); measurements for further attribute sets are counted in
// one series marked otel.metric.overflow=true. Zero or less means no cap.
func WithCardinalityLimit(n int) Option {
	return optionFunc(func(c *config) { c.limit = &n })
}

// WithOTLP configures the OTLP exporter when it is chosen by name.
func WithOTLP(opts ...otlp.Option) Option {
	return optionFunc(func(c *config) { c.otlp = append(c.otlp, opts...) })
}

// WithPrometheus configures the Prometheus exporter when it is chosen by
// name; its server listens at OTEL_EXPORTER_PROMETHEUS_HOST and _PORT
// unless prometheus.WithServer says otherwise.
func WithPrometheus(opts ...prometheus.Option) Option {
	return optionFunc(func(c *config) { c.prometheus = append(c.prometheus, opts...) })
}

// WithStdout configures the console exporter when it is chosen by name.
func WithStdout(opts ...stdout.Option) Option {
	return optionFunc(func(c *config) { c.stdout = append(c.stdout, opts...) })
}

// WithStatsD configures the StatsD exporter when it is chosen by name; the
// options override STATSD_HOST, STATSD_PORT and the other variables that
// statsd.EnvOptions reads.
func WithStatsD(opts ...statsd.Option) Option {
	return optionFunc(func(c *config) { c.statsd = append(c.statsd, opts...) })
}

// WithShutdownTimeout sets how long the shutdown function of [Setup] waits
// for the last export when its context has no deadline (default
// [DefaultShutdownTimeout]); it must be positive. A context's deadline
// always wins.
func WithShutdownTimeout(d time.Duration) Option {
	return optionFunc(func(c *config) { c.shutdown = d })
}

// statsdReader returns a periodic reader for a StatsD exporter configured by
// the environment, then by opts.
func statsdReader(opts []statsd.Option) (sdkmetric.Reader, error) {
	envOpts, err := statsd.EnvOptions()
	if err != nil {
		return nil, err
	}
	interval, timeout, err := env.Periodic()
	if err != nil {
		return nil, err
	}
	exp, err := statsd.New(append(envOpts, opts...)...)
	if err != nil {
		return nil, err
	}
	var ropts []sdkmetric.PeriodicReaderOption
	if interval > 0 {
		ropts = append(ropts, sdkmetric.WithInterval(interval))
	}
	if timeout > 0 {
		ropts = append(ropts, sdkmetric.WithTimeout(timeout))
	}
	return sdkmetric.NewPeriodicReader(exp, ropts...), nil
}

// Setup builds a MeterProvider with the resource, Views and readers that
// the options and environment variables say, and returns it with a shutdown
// function that exports the last values to every reader and stops them.
// Call shutdown before the process exits; it returns when ctx is done at
// the latest, or after DefaultShutdownTimeout (see [WithShutdownTimeout])
// if ctx has no deadline, with an error if the last export did not
// complete.
func Setup(ctx context.Context, opts ...Option) (*sdkmetric.MeterProvider, func(context.Context) error, error) {
	c := config{views: []sdkmetric.View{views.New()}, shutdown: DefaultShutdownTimeout}
	for _, o := range opts {
		o.apply(&c)
	}
	if c.shutdown <= 0 {
		return nil, nil, fmt.Errorf("exporters: shutdown timeout %v is not positive", c.shutdown)
	}
	res, err := c.resource(ctx)
	if err != nil {
		return nil, nil, err
	}
	mopts := []sdkmetric.Option{sdkmetric.WithResource(res), sdkmetric.WithView(c.views...)}
	if f, ok, err := exemplarFilter(); err != nil {
		return nil, nil, err
	} else if ok {
		mopts = append(mopts, sdkmetric.WithExemplarFilter(f))
	}
	if c.limit != nil {
		mopts = append(mopts, sdkmetric.WithCardinalityLimit(*c.limit))
	}
	names, err := c.names()
	if err != nil {
		return nil, nil, err
	}
	readers := slices.Clone(c.readers)
	for _, name := range names {
		r, err := builders[name](ctx, &c)
		if err != nil {
			for _, built := range readers[len(c.readers):] {
				_ = built.Shutdown(ctx)
			}
			return nil, nil, fmt.Errorf("exporters: %s: %w", name, err)
		}
		readers = append(readers, r)
	}
	for _, r := range readers {
		mopts = append(mopts, sdkmetric.WithReader(r))
	}
	mp := sdkmetric.NewMeterProvider(mopts...)
	if c.global {
		otel.SetMeterProvider(mp)
	}
	return mp, c.shutdownFunc(mp), nil
}

// shutdownFunc returns the shutdown function of mp, bounded by c.shutdown
// when its context has no deadline.
func (c *config) shutdownFunc(mp *sdkmetric.MeterProvider) func(context.Context) error {
	return func(ctx context.Context) error {
		if _, ok := ctx.Deadline(); !ok {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, c.shutdown)
			defer cancel()
		}
		if err := mp.Shutdown(ctx); err != nil {
			return fmt.Errorf("exporters: shutdown: the last export did not complete, its values are lost: %w", err)
		}
		return nil
	}
}

// names returns the exporters to build, validated.
func (c *config) names() ([]string, error) {
	const key = "OTEL_METRICS_EXPORTER"
	names, fromEnv := env.List(key)
	v, _ := env.Lookup(key)
	if !fromEnv {
		names = c.exporters
		if names == nil && len(c.readers) == 0 {
			names = []string{"otlp"}
		}
	}
	var out []string
	for _, n := range names {
		_, known := builders[n]
		switch {
		case n == "none" && len(names) > 1:
			return nil, bad(fromEnv, v, `"none" cannot be combined with other exporters`)
		case n == "none":
		case !known:
			return nil, bad(fromEnv, v, fmt.Sprintf("unknown exporter %q; want a comma list of %s or none", n, exporterNames()))
		case slices.Contains(out, n):
			return nil, bad(fromEnv, v, fmt.Sprintf("exporter %q listed twice", n))
		default:
			out = append(out, n)
		}
	}
	return out, nil
}

func bad(fromEnv bool, v env.Var, reason string) error {
	if fromEnv {
		return v.Errorf("%s", reason)
	}
	return errors.New("exporters: " + reason)
}

func exporterNames() string {
	var ks []string
	for k := range builders {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return strings.Join(ks, ", ")
}

// resource merges, by increasing precedence, the SDK's defaults, the
// environment and the attributes given in code.
func (c *config) resource(ctx context.Context) (*resource.Resource, error) {
	fromEnv, err := resource.New(ctx, resource.WithFromEnv())
	if err != nil {
		v, ok := env.Lookup("OTEL_RESOURCE_ATTRIBUTES")
		if !ok {
			v, _ = env.Lookup("OTEL_SERVICE_NAME")
		}
		return nil, v.Errorf("%v", err)
	}
	res, err := resource.Merge(resource.Default(), fromEnv)
	if err != nil {
		return nil, fmt.Errorf("exporters: resource: %w", err)
	}
	if c.res != nil {
		// Attributes only: a schema URL that differs from the SDK's would
		// make the merge fail.
		res, err = resource.Merge(res, resource.NewSchemaless(c.res.Attributes()...))
		if err != nil {
			return nil, fmt.Errorf("exporters: resource: %w", err)
		}
	}
	return res, nil
}

func exemplarFilter() (exemplar.Filter, bool, error) {
	v, ok := env.Lookup("OTEL_METRICS_EXEMPLAR_FILTER")
	if !ok {
		return nil, false, nil
	}
	switch strings.ToLower(v.Value) {
	case "always_on":
		return exemplar.AlwaysOnFilter, true, nil
	case "always_off":
		return exemplar.AlwaysOffFilter, true, nil
	case "trace_based":
		return exemplar.TraceBasedFilter, true, nil
	}
	return nil, false, v.Errorf(`want "always_on", "always_off" or "trace_based"`)
}
