package statsd_test

import (
	"context"
	"fmt"
	"log"
	"net"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/statsd"
	"github.com/streamotel/streamotel/otelsensor"
)

func ExampleNew() {
	// A stand-in for the daemon, so that the example can show what it gets.
	daemon, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	defer daemon.Close()

	// STATSD_HOST, STATSD_PORT, ... first; explicit options override them.
	opts, err := statsd.EnvOptions()
	if err != nil {
		log.Fatal(err)
	}
	exp, err := statsd.New(append(opts,
		statsd.WithAddress(daemon.LocalAddr().String()),
		statsd.WithPrefix("faust-app"),
		statsd.WithFlavor(statsd.DogStatsD))...)
	if err != nil {
		log.Fatal(err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(exp, sdkmetric.WithInterval(10*time.Second))))
	defer mp.Shutdown(context.Background())

	consumed, _ := mp.Meter("example").Int64Counter("messaging.client.consumed.messages")
	consumed.Add(context.Background(), 3, metric.WithAttributes(attribute.String("messaging.destination.name", "orders")))
	_ = mp.ForceFlush(context.Background()) // the reader would export within 10 s

	buf := make([]byte, 1500)
	_ = daemon.SetReadDeadline(time.Now().Add(time.Second))
	n, _, _ := daemon.ReadFrom(buf)
	fmt.Println(string(buf[:n]))
	// Output: faust-app.messaging.client.consumed.messages:3|c|#messaging.destination.name:orders
}

// A Monitor exporting to StatsD, as docs/exporters.md sets it up. It is
// compiled, not run: it sends to the daemon STATSD_HOST names.
func ExampleEnvOptions() {
	run := func() error {
		opts, err := statsd.EnvOptions() // STATSD_HOST, STATSD_PORT, ...
		if err != nil {
			return err
		}
		exp, err := statsd.New(append(opts, statsd.WithPrefix("orders-app"))...)
		if err != nil {
			return err
		}
		mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(exp)))
		monitor, err := otelsensor.New(otelsensor.WithMeterProvider(mp))

		if err != nil {
			return err
		}
		defer mp.Shutdown(context.Background())
		defer monitor.Close()
		return nil
	}
	if err := run(); err != nil {
		log.Fatal(err)
	}
}
