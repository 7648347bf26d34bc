package statsd_test

import (
	"context"
	"errors"
	"math"
	"net"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/exporters/statsd"
)

// listen opens a UDP socket on 127.0.0.1 that stands in for the daemon's
// port, and returns its address and a function that returns the packets
// received until none arrives for a short while.
func listen(t testing.TB) (string, func() []string) {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	read := func() []string {
		var packets []string
		buf := make([]byte, 1<<16)
		for {
			_ = pc.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
			n, _, err := pc.ReadFrom(buf)
			if err != nil {
				return packets
			}
			packets = append(packets, string(buf[:n]))
		}
	}
	return pc.LocalAddr().String(), read
}

// pipeline returns a meter whose measurements reach exp when flush is called.
func pipeline(t *testing.T, exp *statsd.Exporter) (metric.Meter, func()) {
	t.Helper()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(exp, sdkmetric.WithInterval(time.Hour))))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	return mp.Meter("test"), func() {
		if err := mp.ForceFlush(context.Background()); err != nil {
			t.Errorf("flush: %v", err)
		}
	}
}

func lines(packets []string) []string {
	var out []string
	for _, p := range packets {
		out = append(out, strings.Split(p, "\n")...)
	}
	slices.Sort(out)
	return out
}

func newExporter(t *testing.T, opts ...statsd.Option) *statsd.Exporter {
	t.Helper()
	exp, err := statsd.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return exp
}

func TestLines(t *testing.T) {
	topic := metric.WithAttributes(attribute.String("messaging.destination.name", "orders"), attribute.Int("messaging.destination.partition.id", 3))
	for _, tc := range []struct {
		flavor statsd.Flavor
		want   []string
	}{
		{statsd.StatsD, []string{
			"app.active.messaging_destination_name.orders.messaging_destination_partition_id.3:-3|g",
			"app.active.messaging_destination_name.orders.messaging_destination_partition_id.3:0|g",
			"app.consumed.messaging_destination_name.orders.messaging_destination_partition_id.3:7|c",
			"app.duration.messaging_destination_name.orders.messaging_destination_partition_id.3:20|ms|@0.5",
			"app.lag:12.5|g",
		}},
		{statsd.DogStatsD, []string{
			"app.active:-3|g|#messaging.destination.name:orders,messaging.destination.partition.id:3",
			"app.active:0|g|#messaging.destination.name:orders,messaging.destination.partition.id:3",
			"app.consumed:7|c|#messaging.destination.name:orders,messaging.destination.partition.id:3",
			"app.duration:20|ms|@0.5|#messaging.destination.name:orders,messaging.destination.partition.id:3",
			"app.lag:12.5|g",
		}},
	} {
		t.Run(tc.flavor.String(), func(t *testing.T) {
			addr, read := listen(t)
			exp := newExporter(t, statsd.WithAddress(addr), statsd.WithPrefix("app"), statsd.WithFlavor(tc.flavor))
			meter, flush := pipeline(t, exp)
			consumed, _ := meter.Int64Counter("consumed")
			active, _ := meter.Int64UpDownCounter("active")
			duration, _ := meter.Float64Histogram("duration", metric.WithUnit("s"))
			lag, _ := meter.Float64Gauge("lag")
			ctx := context.Background()
			consumed.Add(ctx, 3, topic)
			consumed.Add(ctx, 4, topic)
			active.Add(ctx, 5, topic)
			active.Add(ctx, -8, topic)
			duration.Record(ctx, 0.010, topic)
			duration.Record(ctx, 0.030, topic)
			lag.Record(ctx, 12.5)
			flush()
			got := lines(read())
			if !slices.Equal(got, tc.want) {
				t.Errorf("lines:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}

			// Nothing changed: the counter and timer are not sent again,
			// the gauges are.
			flush()
			got = lines(read())
			for _, l := range got {
				if strings.Contains(l, "|c") || strings.Contains(l, "|ms") {
					t.Errorf("unchanged series sent again: %q", l)
				}
			}
			consumed.Add(ctx, 2, topic)
			flush()
			if got := strings.Join(lines(read()), "\n"); !strings.Contains(got, ":2|c") {
				t.Errorf("second delta missing from:\n%s", got)
			}
			if s := exp.Stats(); s.Errors != 0 || s.Dropped != 0 || s.Lines == 0 {
				t.Errorf("stats %+v", s)
			}
		})
	}
}

func TestNegativeGaugePairInOnePacket(t *testing.T) {
	addr, read := listen(t)
	exp := newExporter(t, statsd.WithAddress(addr), statsd.WithMaxPacketSize(64))
	meter, flush := pipeline(t, exp)
	g, _ := meter.Int64Gauge("temperature")
	for i := range 10 {
		g.Record(context.Background(), -40, metric.WithAttributes(attribute.Int("probe", i)))
	}
	flush()
	packets := read()
	if len(packets) != 10 {
		t.Fatalf("got %d packets, want one per pair: %q", len(packets), packets)
	}
	for _, p := range packets {
		l := strings.Split(p, "\n")
		if len(l) != 2 || !strings.HasSuffix(l[0], ":0|g") || !strings.HasSuffix(l[1], ":-40|g") {
			t.Errorf("packet %q is not a zero-then-negative pair", p)
		}
	}
}

func TestPacketsStayUnderMaxSize(t *testing.T) {
	const max, series = 200, 300
	addr, read := listen(t)
	exp := newExporter(t, statsd.WithAddress(addr), statsd.WithMaxPacketSize(max), statsd.WithFlavor(statsd.DogStatsD))
	meter, flush := pipeline(t, exp)
	c, _ := meter.Int64Counter("messages")
	for i := range series {
		c.Add(context.Background(), int64(i+1), metric.WithAttributes(attribute.Int("shard", i)))
	}
	flush()
	packets := read()
	got := map[string]bool{}
	for _, p := range packets {
		if len(p) > max {
			t.Errorf("packet of %d bytes > %d", len(p), max)
		}
		for _, l := range strings.Split(p, "\n") {
			got[l] = true
		}
	}
	if len(got) != series {
		t.Errorf("received %d distinct lines, want %d", len(got), series)
	}
	if len(packets) < series*len("messages:100|c|#shard:100")/max {
		t.Errorf("%d packets: lines were not batched to the size", len(packets))
	}
	s := exp.Stats()
	if s.Lines != series || s.Packets != uint64(len(packets)) {
		t.Errorf("stats %+v, received %d packets", s, len(packets))
	}
}

func TestDropsWhatTheProtocolCannotCarry(t *testing.T) {
	addr, read := listen(t)
	exp := newExporter(t, statsd.WithAddress(addr), statsd.WithMaxPacketSize(64))
	meter, flush := pipeline(t, exp)
	g, _ := meter.Float64Gauge("g")
	h, _ := meter.Float64Histogram("h")
	ctx := context.Background()
	g.Record(ctx, math.NaN(), metric.WithAttributes(attribute.String("k", "nan")))
	g.Record(ctx, math.Inf(1), metric.WithAttributes(attribute.String("k", "inf")))
	g.Record(ctx, 1, metric.WithAttributes(attribute.String("k", strings.Repeat("x", 100))))
	g.Record(ctx, 2, metric.WithAttributes(attribute.String("k", "ok")))
	h.Record(ctx, -5)
	flush()
	if got, want := lines(read()), []string{"g.k.ok:2|g"}; !slices.Equal(got, want) {
		t.Errorf("lines %q, want %q", got, want)
	}
	if s := exp.Stats(); s.Dropped != 4 {
		t.Errorf("dropped %d, want 4 (NaN, Inf, too long, negative timer)", s.Dropped)
	}
}

// deadPort returns a 127.0.0.1 UDP address that nothing listens on.
func deadPort(t *testing.T) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := pc.LocalAddr().String()
	pc.Close()
	return addr
}

func TestNoListenerNeverBlocks(t *testing.T) {
	exp := newExporter(t, statsd.WithAddress(deadPort(t)))
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(exp, sdkmetric.WithInterval(time.Hour))))
	c, _ := mp.Meter("test").Int64Counter("c")
	ctx := context.Background()
	const exports = 50
	failed := 0
	start := time.Now()
	for range exports {
		c.Add(ctx, 1)
		if err := mp.ForceFlush(ctx); err != nil {
			if !errors.Is(err, syscall.ECONNREFUSED) {
				t.Errorf("export error %v, want connection refused", err)
			}
			failed++
		}
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("%d exports to a dead port took %v", exports, d)
	}
	s := exp.Stats()
	if s.Errors == 0 || s.Errors != uint64(failed) || s.Errors+s.Packets != exports {
		t.Errorf("stats %+v after %d failed exports of %d", s, failed, exports)
	}

	_ = mp.Shutdown(ctx) // its last export may be refused too
	if err := exp.Shutdown(ctx); err != nil {
		t.Errorf("second Shutdown: %v", err)
	}
	if err := exp.Export(ctx, nil); !errors.Is(err, sdkmetric.ErrExporterShutdown) {
		t.Errorf("Export after Shutdown: %v", err)
	}
}

func TestExportNothing(t *testing.T) {
	addr, read := listen(t)
	exp := newExporter(t, statsd.WithAddress(addr))
	if err := exp.Export(context.Background(), nil); err != nil {
		t.Errorf("Export(nil): %v", err)
	}
	if err := exp.Export(context.Background(), &metricdata.ResourceMetrics{}); err != nil {
		t.Errorf("Export(empty): %v", err)
	}
	if p := read(); len(p) != 0 {
		t.Errorf("sent %q for no metrics", p)
	}
}
