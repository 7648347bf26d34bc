// Command quickstart runs an instrumented demo pipeline on in-memory topics
// (a producer, an agent with a table, periodic commits and one rebalance)
// and prints its OpenTelemetry metrics with the stdout exporter when it ends.
//
//	go run ./examples/quickstart -duration 10s
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
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
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, os.Stderr, *duration, *rate); err != nil {
		log.Fatal(err)
	}
}

// run runs the pipeline, writes the metrics to out and a summary to log.
func run(ctx context.Context, out, logw io.Writer, duration time.Duration, rate int) error {
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
	return nil
}
