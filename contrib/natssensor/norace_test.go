//go:build !race

package natssensor

import (
	"testing"

	"github.com/nats-io/nats.go"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/otelsensor"
)

// The race detector makes sync.Pool drop items on purpose, so allocations
// are counted without it.

func TestHandlerDoesNotAllocate(t *testing.T) {
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(
		sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))))
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	for name, sensor := range map[string]*otelsensor.Sensor{
		"nop":     otelsensor.NewSensor(nopHook{}),
		"monitor": otelsensor.NewSensor(mon),
	} {
		msg := newFakeMsg()
		handle := Handler(sensor, ack)
		handle(msg) // fills the pool and makes the series
		if n := testing.AllocsPerRun(1000, func() { handle(msg) }); n != 0 {
			t.Errorf("%s: a wrapped handler allocates %v times per message", name, n)
		}
		core := &nats.Msg{Subject: "jobs.1", Reply: msg.reply, Data: msg.data}
		coreHandle := MsgHandler(sensor, func(*nats.Msg) {})
		coreHandle(core)
		if n := testing.AllocsPerRun(1000, func() { coreHandle(core) }); n != 0 {
			t.Errorf("%s: a wrapped core NATS handler allocates %v times per message", name, n)
		}
	}
}
