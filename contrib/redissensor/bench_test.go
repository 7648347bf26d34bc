package redissensor_test

import (
	"context"
	"testing"

	"github.com/redis/go-redis/v9"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/contrib/redissensor"
	"github.com/streamotel/streamotel/contrib/redissensor/internal/redistest"
	"github.com/streamotel/streamotel/otelsensor"
)

// benchSensor returns the Sensor the benchmarks report to: a Monitor on an
// SDK MeterProvider read by a ManualReader, as in the core's benchmarks.
func benchSensor(b *testing.B) *otelsensor.Sensor {
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	b.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("redis"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = mon.Close() })
	return otelsensor.NewSensor(mon)
}

// BenchmarkHook measures what the Hook adds to a command, with no server: a
// GET (any command that is not a stream's) and an XADD, straight to the next
// hook (hook=none), through a Hook on a Sensor without hooks (hook=empty:
// the Hook's own reading of the command) and through a Hook on a Monitor
// (hook=redissensor).
func BenchmarkHook(b *testing.B) {
	ctx := context.Background()
	hook := redissensor.New(benchSensor(b))
	empty := redissensor.New(otelsensor.NewSensor())
	for _, cmd := range []redis.Cmder{
		redis.NewStringCmd(ctx, "get", "k"),
		redis.NewStringCmd(ctx, "xadd", "orders", "*", "f", "v"),
	} {
		for _, h := range []struct {
			name    string
			process redis.ProcessHook
		}{{"none", replied}, {"empty", empty.ProcessHook(replied)}, {"redissensor", hook.ProcessHook(replied)}} {
			process := h.process
			b.Run("cmd="+cmd.Name()+"/hook="+h.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					_ = process(ctx, cmd)
				}
			})
		}
	}
}

// BenchmarkClient measures the same commands end to end, against a real
// server on the loopback interface, with and without the Hook.
func BenchmarkClient(b *testing.B) {
	srv := redistest.Start(b)
	ctx := context.Background()
	for _, name := range []string{"none", "redissensor"} {
		rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
		defer rdb.Close()
		if name == "redissensor" {
			rdb.AddHook(redissensor.New(benchSensor(b)))
		}
		add := &redis.XAddArgs{Stream: "orders", MaxLen: 1000, Approx: true, Values: []any{"f", "v"}}
		for _, c := range []struct {
			cmd string
			f   func() error
		}{
			{"get", func() error { return rdb.Get(ctx, "k").Err() }},
			{"xadd", func() error { return rdb.XAdd(ctx, add).Err() }},
		} {
			f := c.f
			b.Run("cmd="+c.cmd+"/hook="+name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := f(); err != nil && err != redis.Nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
