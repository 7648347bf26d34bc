package otelsensor

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/internal/series"
	"github.com/streamotel/streamotel/semconv"
)

// ScopeName is the instrumentation scope of the Monitor's instruments.
const ScopeName = "github.com/streamotel/streamotel/otelsensor"

// Version is the version of this module, reported as the scope version.
const Version = "0.2.0"

// OverflowName is the name under which a Snapshot reports the series that
// fell past the cardinality limit.
const OverflowName = series.Overflow

// Monitor is the OpenTelemetry-native hook: it implements every hook
// interface, keeps Faust's Monitor state in process, readable with Snapshot,
// and exports it through the instruments of the semconv table: counts as
// observable instruments read at collection time, durations as histograms
// recorded when they end. Give it to NewSensor.
//
// A Monitor is safe for concurrent use. Its callbacks do not allocate once the
// series they touch exist.
type Monitor struct {
	cfg    config
	closed atomic.Bool
	now    func() stamp // replaced in tests
	inst   instruments
	reg    metric.Registration

	group    opts // base attributes plus consumer group
	base     opts // base attributes: WithAttributes plus system
	overflow attribute.KeyValue
	errTypes errorTypes

	consume   consume
	process   process
	handle    handle
	produce   produce
	coord     coordinate
	tables    *series.Map[string, table]
	web       web
	fetch     fetch
	sharded   *series.Map[string, shardCounts]
	counts    *series.Map[string, metricCount]
	rates     rates
	pollMu    sync.Mutex
	pollFuncs []func(context.Context) // guarded by pollMu
}

// New returns a Monitor that creates its instruments with the configured
// MeterProvider, or the global one.
func New(opts ...Option) (*Monitor, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	mp := cfg.provider
	if mp == nil {
		mp = otel.GetMeterProvider()
	}
	meter := mp.Meter(ScopeName, metric.WithInstrumentationVersion(Version), metric.WithSchemaURL(semconv.SchemaURL))

	m := &Monitor{cfg: cfg, now: now, overflow: semconv.OverflowKey.Bool(true)}
	b := &builder{meter: meter}
	m.inst = newInstruments(b)
	if err := b.err(); err != nil {
		return nil, err
	}
	base := append([]attribute.KeyValue(nil), cfg.attrs...)
	if cfg.system != "" {
		base = append(base, semconv.MessagingSystem.String(clean(cfg.system)))
	}
	m.base = newOpts(base...)
	m.group = m.base
	if cfg.group != "" {
		m.group = m.base.with(semconv.MessagingConsumerGroupName.String(clean(cfg.group)))
	}
	m.initConsume()
	m.initProcess()
	m.initHandle()
	m.initProduce()
	m.initCoordinate()
	m.initTables()
	m.initWeb()
	m.initFetch()
	m.initShards()
	m.initCounts()
	m.rates.start(m.now())
	m.reg, err = meter.RegisterCallback(m.observe, m.inst.observables()...)
	if err != nil {
		return nil, fmt.Errorf("otelsensor: register callback: %w", err)
	}
	return m, nil
}

// Close stops the Monitor: later callbacks are ignored. The state recorded so
// far stays visible to the MeterProvider, so that its shutdown, which may run
// after Close, still exports the final values; Unregister detaches it. Close
// is idempotent and always returns nil.
func (m *Monitor) Close() error {
	m.closed.Store(true)
	return nil
}

// Unregister detaches the Monitor's observable instruments from the
// MeterProvider: its counts are no longer exported. Call it only for a
// Monitor that is replaced while the provider lives on.
func (m *Monitor) Unregister() error {
	m.closed.Store(true)
	return m.reg.Unregister()
}

// CollectFrom implements CollectHook: the Monitor runs poll at the start of
// each collection and of each Snapshot.
func (m *Monitor) CollectFrom(poll func(ctx context.Context)) {
	m.pollMu.Lock()
	defer m.pollMu.Unlock()
	m.pollFuncs = append(m.pollFuncs, poll)
}

// poll runs the sources of every Sensor the Monitor was given to.
func (m *Monitor) poll(ctx context.Context) {
	m.pollMu.Lock()
	funcs := m.pollFuncs
	m.pollMu.Unlock()
	for _, f := range funcs {
		f(ctx)
	}
}

// ended is an operation that ended: when, and how long it took in seconds.
type ended struct {
	at   stamp
	secs float64
}

// end ends the lifecycle that started at st now, or returns false for a
// token that did not start or carries no start time.
func (m *Monitor) end(st stamp) (ended, bool) {
	if !st.timed() {
		return ended{}, false
	}
	at := m.now()
	// One division: Duration.Seconds takes two, a tenth of a callback here.
	return ended{at: at, secs: max(float64(at-st)/float64(time.Second), 0)}, true
}

// record records v on h with the attributes of o, unless h is disabled: on
// the no-op MeterProvider, or when every View drops h. The SDK normalises the
// attributes of every Record before it looks at its aggregations, so asking
// first saves that cost when nothing would be kept.
func record(ctx context.Context, h metric.Float64Histogram, v float64, o opts) {
	if h.Enabled(ctx) {
		h.Record(ctx, v, o.rec...)
	}
}

// attrs returns the options of v, or of its error.type variant when err is
// not nil; the variant's count is incremented by n.
func (m *Monitor) attrs(v *variantsOf, err error, n int64) opts {
	if err == nil {
		return v.ok
	}
	e := v.errors.Get(m.errTypes.of(err))
	e.n.Add(n)
	return e.attrs
}
