package demo

import (
	"context"
	"errors"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

func TestRunMatchesExport(t *testing.T) {
	ctx := context.Background()
	r := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	defer mp.Shutdown(ctx)
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("demo"))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Run(ctx, otelsensor.NewSensor(mon), Config{Messages: 1000, CommitEvery: 100, FailEvery: 40})
	if err != nil {
		t.Fatal(err)
	}
	if res.Consumed != 1000 || res.Processed != 1000 || res.ProcessErrors != 25 || res.Rebalances != 1 {
		t.Fatalf("result = %+v", res)
	}
	if res.Sent+res.SendErrors != 975 || res.SendErrors == 0 {
		t.Fatalf("sends = %d + %d errors", res.Sent, res.SendErrors)
	}
	got, err := r.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, want int, ok bool, v float64) {
		t.Helper()
		if !ok || v != float64(want) {
			t.Errorf("%s = %v (%v), want %d", name, v, ok, want)
		}
	}
	v, ok := got.Value(semconv.ConsumedMessages)
	check(semconv.ConsumedMessages, res.Consumed, ok, v)
	v, ok = got.Value(semconv.SentMessages, semconv.ErrorType.String("broker_busy"))
	check("send errors", res.SendErrors, ok, v)
	h, ok := got.Histogram(semconv.ProcessDuration, semconv.ErrorType.String("invalid_order"))
	check("process errors", res.ProcessErrors, ok, float64(h.Count))
	v, ok = got.Value(semconv.ConsumerLag)
	check(semconv.ConsumerLag, 0, ok, v)
	for p, n := range res.ConsumedByPartition {
		if n != 250 || res.Committed[p] != 250 || res.End[p] != 250 {
			t.Errorf("partition %d: consumed %d committed %d end %d", p, n, res.Committed[p], res.End[p])
		}
	}
}

func TestRunByDuration(t *testing.T) {
	res, err := Run(context.Background(), nil, Config{Duration: 200 * time.Millisecond, Rate: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if res.Consumed < 50 || res.Rebalances != 1 || res.Commits == 0 {
		t.Errorf("result = %+v", res)
	}
}

func TestRunRejectsBadConfig(t *testing.T) {
	for _, c := range []Config{{}, {Messages: -1}, {Duration: time.Second, Rate: -5}} {
		if _, err := Run(context.Background(), nil, c); err == nil {
			t.Errorf("Run(%+v) accepted", c)
		}
	}
}

func TestRunStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := Run(ctx, nil, Config{Duration: time.Hour, Rate: 100})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v", err)
	}
}
