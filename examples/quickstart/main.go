// Command quickstart runs a real Kafka pipeline on an in-process cluster
// (franz-go's kfake): a producer writes orders, a consumer group of two
// members counts them by customer in a table and sends running totals to an
// output topic, committing as it goes; the second member joins late, so the
// group rebalances and lag builds up, then drains to zero. Every client is
// instrumented only through contrib/kgosensor's hooks and the Monitor. It
// prints a summary and, when it ends, its OpenTelemetry metrics.
//
//	go run ./examples/quickstart -duration 10s
//
// The standard OpenTelemetry environment variables choose where metrics go;
// without OTEL_METRICS_EXPORTER they are printed. To ship them to a
// Collector, or to serve them to Prometheus on 127.0.0.1:9464/metrics:
//
//	OTEL_METRICS_EXPORTER=otlp OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317 go run ./examples/quickstart
//	OTEL_METRICS_EXPORTER=prometheus go run ./examples/quickstart -duration 5m
//
// With -http it also serves the Monitor's web view (/dashboard, /health,
// /monitor, and /metrics for Prometheus) while it runs, and after the run
// until interrupted:
//
//	go run ./examples/quickstart -http :8080   # then open http://127.0.0.1:8080/dashboard
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"time"

	"github.com/streamotel/streamotel/exporters"
	"github.com/streamotel/streamotel/exporters/prometheus"
	"github.com/streamotel/streamotel/exporters/stdout"
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
	opts := []exporters.Option{
		// Used when OTEL_METRICS_EXPORTER is unset. The console
		// exporter's interval is longer than the run: Shutdown prints
		// once, at the end.
		exporters.WithExporters("console"),
		exporters.WithStdout(stdout.WithWriter(out), stdout.WithInterval(time.Hour)),
	}
	var prom *prometheus.Exporter
	if ln != nil {
		// The web view's /metrics, whatever the environment says.
		var err error
		if prom, err = prometheus.New(); err != nil {
			return err
		}
		opts = append(opts, exporters.WithReader(prom))
	}
	mp, shutdown, err := exporters.Setup(ctx, opts...)
	if err != nil {
		return err
	}
	defer func() {
		// Shutdown flushes the last values to every exporter.
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := shutdown(ctx); err != nil {
			log.Print(err)
		}
	}()

	mon, err := otelsensor.New(
		otelsensor.WithMeterProvider(mp),
		otelsensor.WithSystem("kafka"),
		otelsensor.WithConsumerGroup(group),
	)
	if err != nil {
		return err
	}
	defer mon.Close()
	if ln != nil {
		stopServing, err := serveWeb(mon, prom, ln, logw)
		if err != nil {
			return err
		}
		defer stopServing()
	}

	fmt.Fprintf(logw, "running for %s at %d orders/s on an in-process Kafka: a producer -> %s (%d partitions) -> group %q (2 members) -> %s\n",
		duration, rate, inputTopic, partitions, group, outputTopic)
	peakLag := watchLag(mon)
	res, stopPipeline, err := pipeline(ctx, otelsensor.NewSensor(mon), config{
		duration: duration, rate: rate, work: 2500 * time.Microsecond, failEvery: 97, join: duration / 4,
	})
	maxLag := peakLag()
	if err != nil && ctx.Err() == nil {
		return err
	}
	if stopPipeline != nil {
		defer stopPipeline()
	}
	s := mon.Snapshot()
	fmt.Fprintf(logw, "consumed %d, sent %d (%d send errors, %d processing errors), %d commits, %d rebalances\n",
		res.consumed.Load(), res.sent.Load()+res.sendErrors.Load(), res.sendErrors.Load(), res.processErrors.Load(), res.commits.Load(), s.Rebalances)
	fmt.Fprintf(logw, "lag of %s: up to %d messages while catching up; by partition at the end: %s\n", inputTopic, maxLag, lagByPartition(s))
	if ln != nil && ctx.Err() == nil {
		fmt.Fprintf(logw, "pipeline done; serving http://%s/dashboard until interrupted\n", ln.Addr())
		<-ctx.Done()
	}
	return nil
}
