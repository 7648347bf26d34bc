// Command quickstart runs an instrumented demo pipeline on in-memory topics
// (a producer, an agent with a table, periodic commits and one rebalance)
// and prints its OpenTelemetry metrics with the stdout exporter when it ends.
// With -http it also serves the Monitor's web view (/dashboard, /health,
// /monitor) while it runs, and after the run until interrupted.
//
//	go run ./examples/quickstart -duration 10s
//	go run ./examples/quickstart -http :8080   # then open http://127.0.0.1:8080/dashboard
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"time"

	"go.opentelemetry.io/otel/exporters/stdout/stdoutmetric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/internal/demo"
	"github.com/streamotel/streamotel/otelsensor"
)

func main() {
	duration := flag.Duration("duration", 10*time.Second, "how long the pipeline runs")
	rate := flag.Int("rate", 500, "orders produced per second")
	addr := flag.String("http", "", "serve the web view on `ADDR` (a port alone binds 127.0.0.1); off by default")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var ln net.Listener
	if *addr != "" {
		var err error
		if ln, err = net.Listen("tcp", loopbackUnlessTold(*addr)); err != nil {
			log.Fatal(err)
		}
	}
	if err := run(ctx, os.Stdout, os.Stderr, *duration, *rate, ln); err != nil {
		log.Fatal(err)
	}
}

// run runs the pipeline, writes the metrics to out and a summary to log.
// Given a listener, it serves the web view on it during the run and after,
// until ctx is done.
func run(ctx context.Context, out, logw io.Writer, duration time.Duration, rate int, ln net.Listener) error {
	exp, err := stdoutmetric.New(stdoutmetric.WithWriter(out), stdoutmetric.WithPrettyPrint())
	if err != nil {
		return err
	}
	// The periodic reader's interval is longer than the run: Shutdown
	// exports once, at the end.
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(
		sdkmetric.NewPeriodicReader(exp, sdkmetric.WithInterval(time.Hour))))
	defer func() {
		if err := mp.Shutdown(context.Background()); err != nil {
			log.Print(err)
		}
	}()

	mon, err := otelsensor.New(
		otelsensor.WithMeterProvider(mp),
		otelsensor.WithSystem("kafka"),
		otelsensor.WithConsumerGroup("quickstart"),
	)
	if err != nil {
		return err
	}
	defer mon.Close()
	if ln != nil {
		stopServing, err := serveWeb(mon, ln, logw)
		if err != nil {
			return err
		}
		defer stopServing()
	}

	fmt.Fprintf(logw, "running the demo pipeline for %s at %d orders/s...\n", duration, rate)
	res, err := demo.Run(ctx, mon, demo.Config{Duration: duration, Rate: rate, CommitEvery: 100, FailEvery: 97})
	if err != nil && ctx.Err() == nil {
		return err
	}
	fmt.Fprintf(logw, "consumed %d, sent %d (%d send errors, %d processing errors), %d commits, %d rebalance\n",
		res.Consumed, res.Sent, res.SendErrors, res.ProcessErrors, res.Commits, res.Rebalances)
	snap, err := json.Marshal(mon.Snapshot())
	if err != nil {
		return err
	}
	fmt.Fprintf(logw, "monitor snapshot: %s\n", snap)
	if ln != nil && ctx.Err() == nil {
		fmt.Fprintf(logw, "pipeline done; serving http://%s/dashboard until interrupted\n", ln.Addr())
		<-ctx.Done()
	}
	return nil
}
