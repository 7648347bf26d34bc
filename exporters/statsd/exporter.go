package statsd

import (
	"context"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
)

// writeTimeout bounds one export's writes when its context has no deadline,
// so that a full socket buffer cannot hold the reader.
const writeTimeout = time.Second

// Exporter sends metrics to a StatsD daemon or a Datadog agent over UDP. Use
// it with metric.NewPeriodicReader. It is safe for concurrent use.
type Exporter struct {
	cfg config

	mu       sync.Mutex // guards the fields below and serialises exports
	enc      *encoder
	conn     net.Conn
	closed   bool
	packet   []byte // packet being filled
	inPacket uint64 // lines in packet
	failed   int    // packets of the current export whose write failed
	firstErr error  // the first write error of the current export

	packets, lines, errors, dropped atomic.Uint64
}

var _ sdkmetric.Exporter = (*Exporter)(nil)

// Stats counts what an Exporter has sent since it was created.
type Stats struct {
	// Packets is the number of UDP packets written.
	Packets uint64
	// Lines is the number of metric lines in those packets; a negative
	// gauge's line pair counts as two.
	Lines uint64
	// Errors is the number of packets whose write failed, such as those
	// refused because no daemon listens on the port, plus exports that
	// could not resolve the address.
	Errors uint64
	// Dropped is the number of values not sent because the protocol cannot
	// carry them: NaN or infinite values, negative timers, and lines longer
	// than the maximum packet size.
	Dropped uint64
}

// New returns an Exporter configured by opts. Pass EnvOptions first to let
// the environment configure it.
func New(opts ...Option) (*Exporter, error) {
	cfg, err := newConfig(opts)
	if err != nil {
		return nil, err
	}
	return &Exporter{
		cfg:    cfg,
		enc:    newEncoder(cfg.flavor, cfg.prefix),
		packet: make([]byte, 0, cfg.maxPacket),
	}, nil
}

// Temporality returns delta for counters and histograms, so that counter
// lines carry increments and timer lines the values of one interval, and
// cumulative for the rest, whose current value is a gauge.
func (e *Exporter) Temporality(k sdkmetric.InstrumentKind) metricdata.Temporality {
	switch k {
	case sdkmetric.InstrumentKindCounter, sdkmetric.InstrumentKindObservableCounter, sdkmetric.InstrumentKindHistogram:
		return metricdata.DeltaTemporality
	}
	return metricdata.CumulativeTemporality
}

// Aggregation returns the SDK's default aggregation for k, so that views and
// bucket advice apply as with any other exporter.
func (e *Exporter) Aggregation(k sdkmetric.InstrumentKind) sdkmetric.Aggregation {
	return sdkmetric.DefaultAggregationSelector(k)
}

// Stats returns the counts of packets, lines, errors and dropped values.
func (e *Exporter) Stats() Stats {
	return Stats{
		Packets: e.packets.Load(),
		Lines:   e.lines.Load(),
		Errors:  e.errors.Load(),
		Dropped: e.dropped.Load(),
	}
}

// Export encodes rm as StatsD lines and writes them in packets. It does not
// wait for the daemon: it returns an error when the address cannot be
// resolved or some packets could not be written (the daemon's port refused
// an earlier packet, for example), and the next export tries again.
func (e *Exporter) Export(ctx context.Context, rm *metricdata.ResourceMetrics) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return sdkmetric.ErrExporterShutdown
	}
	if rm == nil {
		return nil
	}
	if e.conn == nil {
		var d net.Dialer
		conn, err := d.DialContext(ctx, "udp", e.cfg.address)
		if err != nil {
			e.errors.Add(1)
			return fmt.Errorf("statsd: %w", err)
		}
		e.conn = conn
	}
	deadline, ok := ctx.Deadline()
	if !ok {
		deadline = time.Now().Add(writeTimeout)
	}
	_ = e.conn.SetWriteDeadline(deadline) // fails only on a closed conn, which Write reports

	e.failed, e.firstErr = 0, nil
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			e.encode(ctx, m)
		}
	}
	e.flush(ctx)
	if e.failed > 0 {
		return fmt.Errorf("statsd: %d packets to %s not sent: %w", e.failed, e.cfg.address, e.firstErr)
	}
	return nil
}

// encode adds the lines of one metric to the packet.
func (e *Exporter) encode(ctx context.Context, m metricdata.Metrics) {
	e.enc.setName(m.Name)
	switch data := m.Data.(type) {
	case metricdata.Sum[int64]:
		encodeSum(ctx, e, data)
	case metricdata.Sum[float64]:
		encodeSum(ctx, e, data)
	case metricdata.Gauge[int64]:
		for _, dp := range data.DataPoints {
			e.add(ctx, e.enc.gauge(&dp.Attributes, float64(dp.Value)))
		}
	case metricdata.Gauge[float64]:
		for _, dp := range data.DataPoints {
			e.add(ctx, e.enc.gauge(&dp.Attributes, dp.Value))
		}
	case metricdata.Histogram[int64]:
		encodeHistogram(ctx, e, data, toMillis(m.Unit))
	case metricdata.Histogram[float64]:
		encodeHistogram(ctx, e, data, toMillis(m.Unit))
	case metricdata.ExponentialHistogram[int64]:
		encodeExpHistogram(ctx, e, data, toMillis(m.Unit))
	case metricdata.ExponentialHistogram[float64]:
		encodeExpHistogram(ctx, e, data, toMillis(m.Unit))
	}
}

// encodeSum sends deltas as counters, skipping unchanged series, and
// cumulative sums as gauges.
func encodeSum[N int64 | float64](ctx context.Context, e *Exporter, s metricdata.Sum[N]) {
	for _, dp := range s.DataPoints {
		if s.Temporality == metricdata.DeltaTemporality {
			if dp.Value != 0 {
				e.add(ctx, e.enc.counter(&dp.Attributes, float64(dp.Value)))
			}
			continue
		}
		e.add(ctx, e.enc.gauge(&dp.Attributes, float64(dp.Value)))
	}
}

func encodeHistogram[N int64 | float64](ctx context.Context, e *Exporter, h metricdata.Histogram[N], scale float64) {
	for _, dp := range h.DataPoints {
		if dp.Count > 0 {
			e.add(ctx, e.enc.timer(&dp.Attributes, float64(dp.Sum)/float64(dp.Count)*scale, dp.Count))
		}
	}
}

func encodeExpHistogram[N int64 | float64](ctx context.Context, e *Exporter, h metricdata.ExponentialHistogram[N], scale float64) {
	for _, dp := range h.DataPoints {
		if dp.Count > 0 {
			e.add(ctx, e.enc.timer(&dp.Attributes, float64(dp.Sum)/float64(dp.Count)*scale, dp.Count))
		}
	}
}

// toMillis returns the factor that turns a value of the given unit into
// milliseconds, or 1 for units that are not time.
func toMillis(unit string) float64 {
	switch unit {
	case "s":
		return 1e3
	case "us":
		return 1e-3
	case "ns":
		return 1e-6
	}
	return 1
}

// add appends the encoder's current line to the packet, sending the packet
// first if the line does not fit. ok false means the value was not
// encodable.
func (e *Exporter) add(ctx context.Context, ok bool) {
	line := e.enc.line
	if !ok || len(line) > e.cfg.maxPacket {
		e.dropped.Add(1)
		return
	}
	if len(e.packet) > 0 && len(e.packet)+1+len(line) > e.cfg.maxPacket {
		e.flush(ctx)
	}
	if len(e.packet) > 0 {
		e.packet = append(e.packet, '\n')
	}
	e.packet = append(e.packet, line...)
	e.inPacket++
	for _, c := range line {
		if c == '\n' {
			e.inPacket++
		}
	}
}

// flush writes the packet, counting the outcome.
func (e *Exporter) flush(ctx context.Context) {
	if len(e.packet) == 0 {
		return
	}
	err := ctx.Err()
	if err == nil {
		_, err = e.conn.Write(e.packet)
	}
	if err != nil {
		e.errors.Add(1)
		if e.failed == 0 {
			e.firstErr = err
		}
		e.failed++
	} else {
		e.packets.Add(1)
		e.lines.Add(e.inPacket)
	}
	e.packet, e.inPacket = e.packet[:0], 0
}

// ForceFlush returns at once: Export writes everything before it returns.
func (e *Exporter) ForceFlush(ctx context.Context) error {
	return ctx.Err()
}

// Shutdown closes the socket. Later exports return
// metric.ErrExporterShutdown; calling Shutdown again does nothing. The
// periodic reader exports one last time before it calls Shutdown.
func (e *Exporter) Shutdown(context.Context) error {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return nil
	}
	e.closed = true
	if e.conn == nil {
		return nil
	}
	return e.conn.Close()
}
