package stats

import (
	"context"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/semconv"
)

// TestRegisterOverflowKeepsStatistics checks that the histories past the
// limit are exported as one series per statistic, as every other name's:
// the overflow series once lost its statistic attribute, so that its five
// values overwrote each other.
func TestRegisterOverflowKeepsStatistics(t *testing.T) {
	r := newRegistry(t, WithLimit(1))
	r.Record("kept", 1)
	for _, v := range []float64{1, 2, 3, 4} {
		r.Record("over", v)
	}
	reader := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	if _, err := r.Register(mp); err != nil {
		t.Fatal(err)
	}
	got, err := reader.Metrics(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := r.Snapshot().Records[OverflowName]
	for stat, v := range map[string]float64{
		semconv.StatisticMean: want.Mean, semconv.StatisticP50: want.P50, semconv.StatisticP90: want.P90,
		semconv.StatisticP95: want.P95, semconv.StatisticP99: want.P99,
	} {
		have, ok := got.Value(semconv.MetricRecorded, semconv.OverflowKey.Bool(true), semconv.MetricStatistic.String(stat))
		if !ok || have != v {
			t.Errorf("overflow %s = %v (found: %v), want %v", stat, have, ok, v)
		}
	}
}
