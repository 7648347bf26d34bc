package otelsensor

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/stats"
)

// ScopeName is the instrumentation scope of the Monitor's instruments.
const ScopeName = "github.com/streamotel/streamotel/otelsensor"

// Version is the version of this module, reported as the scope version.
const Version = "0.1.0"

// Monitor is the OpenTelemetry-native Sensor. It keeps Faust's Monitor state
// in process, readable with Snapshot, and exports it through the instruments
// of the semconv table: counts as observable instruments read at collection
// time, durations as histograms recorded when they end.
//
// A Monitor is safe for concurrent use. Its callbacks do not allocate once the
// series they touch exist.
type Monitor struct {
	cfg    config
	closed atomic.Bool
	now    func() time.Duration // since epoch; replaced in tests

	inst instruments
	reg  metric.Registration

	group    opts // base attributes plus consumer group
	base     opts // base attributes: WithAttributes plus system
	overflow attribute.KeyValue

	partitions *seriesMap[TopicPartition, partition]
	processes  *seriesMap[processKey, variantsOf]
	streams    *seriesMap[Stream, stream]
	tables     *seriesMap[string, table]
	topics     *seriesMap[string, topic]
	sends      *seriesMap[TopicPartition, sendTo]
	active     *seriesMap[webKey, outcome]
	requests   *seriesMap[requestKey, request]
	x          ext             // extension interfaces and stats
	stats      *stats.Registry // Count, and statvent-style stats

	commit        variantsOf
	assign        variantsOf
	assignOK      atomic.Int64
	rebalances    atomic.Int64
	rebalanceOpts [2]opts // return, end
	errTypes      errorTypes

	eventsRuntime     *history
	commitLatency     *history
	sendLatency       *history
	assignmentLatency *history
	rebalanceReturn   *history
	rebalanceEnd      *history
	httpLatency       *history

	rates rates
}

// variantsOf is a series with its error.type variants.
type variantsOf struct {
	ok     opts
	errors *variants
}

func newVariantsOf(ok opts) *variantsOf {
	return &variantsOf{ok: ok, errors: newVariants(ok)}
}

// instruments holds the Monitor's instruments, created from the semconv
// table.
type instruments struct {
	consumed, sent, messagesActive, eventsActive, streamEvents metric.Int64Observable
	tableOps, sendsActive, bufferFull, assignments, rebalances metric.Int64Observable
	readOffset, committedOffset, endOffset, lag, httpActive    metric.Int64Observable
	metricCounts                                               metric.Int64Observable
	operationDuration, processDuration, httpDuration           metric.Float64Histogram
	assignmentDuration, rebalanceDuration                      metric.Float64Histogram
}

var _ Sensor = (*Monitor)(nil)

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

	m := &Monitor{
		cfg:               cfg,
		now:               func() time.Duration { return time.Since(epoch) },
		eventsRuntime:     newHistory(cfg.avgHistory),
		commitLatency:     newHistory(cfg.commitHistory),
		sendLatency:       newHistory(cfg.sendHistory),
		assignmentLatency: newHistory(cfg.assignmentHistory),
		rebalanceReturn:   newHistory(cfg.avgHistory),
		rebalanceEnd:      newHistory(cfg.avgHistory),
		httpLatency:       newHistory(cfg.avgHistory),
		overflow:          semconv.OverflowKey.Bool(true),
	}
	if err := m.initStats(); err != nil {
		return nil, err
	}
	b := &builder{meter: meter}
	m.createInstruments(b)
	m.initSeries()
	m.initExt(b)
	if err := b.err(); err != nil {
		return nil, err
	}
	m.rates.sample(m.now(), 0, 0) // rates before the first second are averages since New
	m.reg, err = meter.RegisterCallback(m.observe, append(m.observables(), m.extObservables()...)...)
	if err != nil {
		return nil, fmt.Errorf("otelsensor: register callback: %w", err)
	}
	return m, nil
}

// createInstruments creates the Faust callbacks' instruments with b.
func (m *Monitor) createInstruments(b *builder) {
	m.inst = instruments{
		consumed:           b.int64(semconv.ConsumedMessages),
		sent:               b.int64(semconv.SentMessages),
		messagesActive:     b.int64(semconv.MessagesActive),
		eventsActive:       b.int64(semconv.EventsActive),
		streamEvents:       b.int64(semconv.StreamEvents),
		tableOps:           b.int64(semconv.TableOperations),
		sendsActive:        b.int64(semconv.SendsActive),
		bufferFull:         b.int64(semconv.TopicBufferFull),
		assignments:        b.int64(semconv.Assignments),
		rebalances:         b.int64(semconv.Rebalances),
		readOffset:         b.int64(semconv.ReadOffset),
		committedOffset:    b.int64(semconv.CommittedOffset),
		endOffset:          b.int64(semconv.EndOffset),
		lag:                b.int64(semconv.ConsumerLag),
		httpActive:         b.int64(semconv.HTTPServerActive),
		metricCounts:       b.int64(semconv.MetricCounts),
		operationDuration:  b.histogram(semconv.OperationDuration),
		processDuration:    b.histogram(semconv.ProcessDuration),
		httpDuration:       b.histogram(semconv.HTTPServerDuration),
		assignmentDuration: b.histogram(semconv.AssignmentTime),
		rebalanceDuration:  b.histogram(semconv.RebalanceTime),
	}
}

func (m *Monitor) observables() []metric.Observable {
	i := m.inst
	return []metric.Observable{
		i.consumed, i.sent, i.messagesActive, i.eventsActive, i.streamEvents,
		i.tableOps, i.sendsActive, i.bufferFull, i.assignments, i.rebalances,
		i.readOffset, i.committedOffset, i.endOffset, i.lag, i.httpActive, i.metricCounts,
	}
}

func (m *Monitor) initSeries() {
	base := append([]attribute.KeyValue(nil), m.cfg.attrs...)
	if m.cfg.system != "" {
		base = append(base, semconv.MessagingSystem.String(m.cfg.system))
	}
	m.base = newOpts(base...)
	m.group = m.base
	if m.cfg.group != "" {
		m.group = m.base.with(semconv.MessagingConsumerGroupName.String(m.cfg.group))
	}
	overflow := m.group.with(m.overflow)
	limit := m.cfg.limit

	m.partitions = newSeriesMap(limit, func(tp TopicPartition) *partition {
		p := &partition{topic: cleanName(tp.Topic), partition: tp.Partition}
		p.attrs = m.group.with(
			semconv.MessagingDestinationName.String(p.topic),
			semconv.MessagingDestinationPartition.String(fmt.Sprint(tp.Partition)))
		p.consume = p.attrs.with(semconv.MessagingOperationName.String(semconv.OperationReceive))
		return p
	}, func() *partition {
		return &partition{topic: OverflowName, partition: -1, attrs: overflow, consume: overflow}
	}).withFront(partitionHint)
	m.processes = newSeriesMap(limit, func(k processKey) *variantsOf {
		ok := m.group.with(
			semconv.MessagingOperationName.String(semconv.OperationProcess),
			semconv.MessagingDestinationName.String(cleanName(k.tp.Topic)),
			semconv.MessagingDestinationPartition.String(fmt.Sprint(k.tp.Partition)),
			semconv.StreamName.String(cleanName(k.stream)))
		return newVariantsOf(ok)
	}, func() *variantsOf { return newVariantsOf(overflow) }).withFront(processHint)
	m.streams = newSeriesMap(limit, func(k Stream) *stream {
		s := &stream{name: cleanName(k.Name), task: cleanName(k.Task)}
		s.attrs = m.group.with(semconv.StreamName.String(s.name), semconv.TaskName.String(s.task))
		return s
	}, func() *stream { return &stream{name: OverflowName, task: OverflowName, attrs: overflow} }).withFront(streamHint)
	m.tables = newSeriesMap(limit, func(name string) *table {
		t := &table{name: cleanName(name)}
		a := m.group.with(semconv.TableName.String(t.name))
		t.getOp = a.with(semconv.TableOperation.String(semconv.TableOperationGet))
		t.setOp = a.with(semconv.TableOperation.String(semconv.TableOperationSet))
		t.delOp = a.with(semconv.TableOperation.String(semconv.TableOperationDel))
		return t
	}, func() *table {
		return &table{name: OverflowName, getOp: overflow, setOp: overflow, delOp: overflow}
	}).withFront(stringHint)
	send := m.base.with(
		semconv.MessagingOperationName.String(semconv.OperationSend),
		semconv.MessagingOperationType.String("send"))
	m.topics = newSeriesMap(limit, func(name string) *topic {
		t := &topic{name: cleanName(name), partitioned: true}
		t.send = *newVariantsOf(send.with(semconv.MessagingDestinationName.String(t.name)))
		t.unknown = sendTo{topic: t, attrs: t.send.ok}
		return t
	}, func() *topic {
		t := &topic{name: OverflowName, send: *newVariantsOf(m.base.with(m.overflow))}
		t.unknown = sendTo{topic: t, attrs: t.send.ok}
		return t
	}).withFront(stringHint)
	m.sends = newSeriesMap(limit, func(tp TopicPartition) *sendTo {
		t := m.topics.get(tp.Topic)
		if !t.partitioned {
			return &t.unknown
		}
		return &sendTo{topic: t, attrs: t.send.ok.with(
			semconv.MessagingDestinationPartition.String(fmt.Sprint(tp.Partition)))}
	}, func() *sendTo { return nil }).withFront(partitionHint)
	m.active = newSeriesMap(limit, func(k webKey) *outcome {
		return &outcome{attrs: m.base.with(semconv.HTTPRequestMethod.String(k.method), semconv.URLScheme.String(k.scheme))}
	}, func() *outcome { return &outcome{attrs: m.base.with(m.overflow)} })
	m.requests = newSeriesMap(limit, func(k requestKey) *request {
		return &request{status: k.status, attrs: m.base.with(requestAttrs(k)...)}
	}, func() *request { return &request{attrs: m.base.with(m.overflow)} })

	m.commit = *newVariantsOf(m.group.with(
		semconv.MessagingOperationName.String(semconv.OperationCommit),
		semconv.MessagingOperationType.String("settle")))
	m.assign = *newVariantsOf(m.group)
	m.rebalanceOpts = [2]opts{
		m.group.with(semconv.RebalancePhase.String(semconv.RebalancePhaseReturn)),
		m.group.with(semconv.RebalancePhase.String(semconv.RebalancePhaseEnd)),
	}
}

// OverflowName is the name under which a Snapshot reports the series that
// fell past the cardinality limit.
const OverflowName = "otel.metric.overflow"

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

// end ends the operation st started now, or returns false for the zero State
// and for an untimed one.
func (m *Monitor) end(st State) (ended, bool) {
	if !st.timed() {
		return ended{}, false
	}
	at := m.now()
	return ended{at: at, secs: max(float64(at+1-st.start)/float64(time.Second), 0)}, true
}

// ended is an operation that ended: when, since epoch, and how long it took
// in seconds.
type ended struct {
	at   time.Duration
	secs float64
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
// not nil; the variant's count is incremented.
func (m *Monitor) attrs(v *variantsOf, err error) opts {
	if err == nil {
		return v.ok
	}
	e := v.errors.get(m.errTypes.of(err))
	e.n.Add(1)
	return e.attrs
}

// errUnknown stands for the nil error of an error callback.
var errUnknown = errorString("unknown")

type errorString string

func (e errorString) Error() string     { return string(e) }
func (e errorString) ErrorType() string { return string(e) }
