package e2e

import (
	"context"
	"testing"
	"time"

	"github.com/streamotel/streamotel/exporters"
	"github.com/streamotel/streamotel/exporters/otlp"
	"github.com/streamotel/streamotel/otelsensor"
	sc "github.com/streamotel/streamotel/semconv"
)

// TestCollectorOutage starts the worker while the Collector is down, starts
// the Collector, kills it mid-run and starts it again: the instrumented code
// is never held up, and the cumulative totals arrive once the Collector is
// back. Shutdown with the Collector down returns by its deadline with an
// error.
func TestCollectorOutage(t *testing.T) {
	clearEnv(t)
	col := newCollector(t)
	ctx := context.Background()
	mp, shutdown, err := exporters.Setup(ctx,
		exporters.WithExporters("otlp"),
		exporters.WithOTLP(
			otlp.WithEndpoint("http://"+col.grpc),
			otlp.WithInterval(200*time.Millisecond),
			otlp.WithTimeout(time.Second),
			otlp.WithRetry(otlp.Retry{InitialInterval: 50 * time.Millisecond, MaxInterval: 200 * time.Millisecond, MaxElapsedTime: 500 * time.Millisecond}),
		))
	if err != nil {
		t.Fatal(err)
	}
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"), otelsensor.WithConsumerGroup("outage"))
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	s := otelsensor.NewSensor(mon)

	consumed := 0
	// work consumes messages for d and fails the test if any batch of 100
	// callbacks took long enough to have waited on an export (each export
	// may take up to its one-second timeout).
	work := func(d time.Duration) {
		t.Helper()
		tp := otelsensor.TopicPartition{Topic: "orders", Partition: 0}
		var slowest time.Duration
		for end := time.Now().Add(d); time.Now().Before(end); {
			start := time.Now()
			for range 100 {
				s.OnMessageOut(ctx, s.OnMessageIn(ctx, tp, int64(consumed)))
				consumed++
			}
			slowest = max(slowest, time.Since(start))
			time.Sleep(time.Millisecond)
		}
		if slowest > 250*time.Millisecond {
			t.Errorf("a batch of 100 callbacks took %v while the collector was unavailable", slowest)
		}
	}
	arrived := func(want int) bool {
		return waitFor(20*time.Second, func() bool {
			s, _ := col.received().total(sc.ConsumedMessages)
			return s.value == float64(want)
		})
	}

	work(1500 * time.Millisecond) // down at start
	col.start()
	if !arrived(consumed) {
		s, _ := col.received().total(sc.ConsumedMessages)
		t.Fatalf("after the collector started: it has %v consumed, want %d\n%s", s.value, consumed, col.log())
	}

	col.stop() // dies mid-run
	before := consumed
	work(1500 * time.Millisecond)
	if consumed == before {
		t.Fatal("no work done while the collector was down")
	}
	col.start()
	if !arrived(consumed) {
		s, _ := col.received().total(sc.ConsumedMessages)
		t.Fatalf("after the collector came back: it has %v consumed, want %d\n%s", s.value, consumed, col.log())
	}

	col.stop()
	sctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	start := time.Now()
	err = shutdown(sctx)
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("shutdown with the collector down took %v, past its 2s deadline", took)
	}
	if err == nil {
		t.Error("shutdown with the collector down reported no error")
	}
	t.Logf("shutdown with the collector down: %v after %v", err, time.Since(start).Round(time.Millisecond))
	if err := shutdown(ctx); err == nil {
		t.Error("second shutdown reported no error")
	}
}

// clearEnv blanks the OTEL variables the machine may set, for the test.
func clearEnv(t *testing.T) {
	for _, k := range []string{
		"OTEL_METRICS_EXPORTER", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
		"OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "OTEL_EXPORTER_OTLP_HEADERS",
		"OTEL_EXPORTER_OTLP_METRICS_HEADERS", "OTEL_EXPORTER_OTLP_INSECURE", "OTEL_EXPORTER_OTLP_TIMEOUT",
		"OTEL_EXPORTER_OTLP_COMPRESSION", "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_METRIC_EXPORT_TIMEOUT",
		"OTEL_RESOURCE_ATTRIBUTES", "OTEL_SERVICE_NAME", "OTEL_METRICS_EXEMPLAR_FILTER",
	} {
		t.Setenv(k, "")
	}
}

// TestShutdownCollectorGone stops the Collector after a first export: with
// the default retry policy (up to a minute) Shutdown must still return by
// its context's deadline, with an error, and the instrumented code keeps
// running.
func TestShutdownCollectorGone(t *testing.T) {
	clearEnv(t)
	col := startCollector(t)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+col.grpc)
	t.Setenv("OTEL_METRIC_EXPORT_INTERVAL", "100")
	ctx := context.Background()
	mp, shutdown, err := exporters.Setup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp))
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	mon.OnTableGet(ctx, "t")
	if !waitFor(10*time.Second, func() bool {
		s, _ := col.received().total(sc.TableOperations)
		return s.value == 1
	}) {
		t.Fatalf("first export never arrived\n%s", col.log())
	}
	col.stop()
	mon.OnTableGet(ctx, "t")

	sctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	start := time.Now()
	err = shutdown(sctx)
	took := time.Since(start)
	if err == nil {
		t.Error("shutdown with the collector gone reported no error")
	}
	if took > 2*time.Second {
		t.Errorf("shutdown took %v past its 1s deadline", took)
	}
	t.Logf("shutdown returned after %v: %v", took.Round(time.Millisecond), err)
}
