package bench

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/otelsensor"
)

// contenders are the ways of instrumenting the work that the benchmarks
// compare, in the order the tables list them.
var contenders = []struct {
	name string
	new  func(testing.TB) contender
}{
	{"streamotel", func(tb testing.TB) contender { return sensorOf(newMonitor(tb, sdkProvider(tb))) }},
	{"naive-otel", func(tb testing.TB) contender {
		n, err := newNaive(sdkProvider(tb).Meter("naive"))
		if err != nil {
			tb.Fatal(err)
		}
		return n
	}},
	{"client_golang", func(testing.TB) contender { return promVec{newVecs(prometheus.NewRegistry())} }},
	{"client_golang-prebound", func(testing.TB) contender { return newPromPrebound(newVecs(prometheus.NewRegistry())) }},
	{"noop", func(tb testing.TB) contender { return sensorOf(newMonitor(tb, noop.NewMeterProvider())) }},
	{"nop", func(testing.TB) contender { return sensor{nil} }},
}

// sdkProvider returns an SDK MeterProvider that a ManualReader reads, shut
// down when tb ends.
func sdkProvider(tb testing.TB, opts ...sdkmetric.Option) *sdkmetric.MeterProvider {
	mp := sdkmetric.NewMeterProvider(append([]sdkmetric.Option{sdkmetric.WithReader(memory.New())}, opts...)...)
	tb.Cleanup(func() { _ = mp.Shutdown(ctx) })
	return mp
}

// newMonitor returns a Monitor of the work's system and consumer group on mp.
func newMonitor(tb testing.TB, mp metric.MeterProvider, opts ...otelsensor.Option) *otelsensor.Monitor {
	m, err := otelsensor.New(append([]otelsensor.Option{
		otelsensor.WithMeterProvider(mp),
		otelsensor.WithSystem(system),
		otelsensor.WithConsumerGroup(group),
	}, opts...)...)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { _ = m.Close() })
	return m
}

// sensorOf returns the contender that drives m through the front an
// application calls.
func sensorOf(m *otelsensor.Monitor) sensor { return sensor{otelsensor.NewSensor(m)} }

// warm runs enough of the work through c that every series exists.
func warm(c contender) {
	for i := range 2 * commitEvery {
		c.lifecycle(nth(i))
	}
}
