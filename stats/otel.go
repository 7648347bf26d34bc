package stats

import (
	"context"
	"errors"
	"fmt"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/semconv"
)

// ScopeName is the instrumentation scope of the instruments Register
// creates.
const ScopeName = "github.com/streamotel/streamotel/stats"

// Register exports r through mp: its counts as streamotel.metric.counts, its
// values as streamotel.metric.values and the mean and percentiles of its
// recorded histories as streamotel.metric.recorded, each by
// streamotel.metric.name, read at collection time. attrs are added to every
// point. Unregister the returned Registration to stop.
func (r *Registry) Register(mp metric.MeterProvider, attrs ...attribute.KeyValue) (metric.Registration, error) {
	meter := mp.Meter(ScopeName, metric.WithSchemaURL(semconv.SchemaURL))
	row := func(name string) (string, metric.InstrumentOption, metric.InstrumentOption) {
		in, _ := semconv.Lookup(name)
		return in.Name, metric.WithDescription(in.Description), metric.WithUnit(in.Unit)
	}
	name, desc, unit := row(semconv.MetricCounts)
	counts, errCounts := meter.Int64ObservableCounter(name, desc, unit)
	name, desc, unit = row(semconv.MetricValues)
	values, errValues := meter.Float64ObservableGauge(name, desc, unit)
	name, desc, unit = row(semconv.MetricRecorded)
	recorded, errRecorded := meter.Float64ObservableGauge(name, desc, unit)
	if err := errors.Join(errCounts, errValues, errRecorded); err != nil {
		return nil, fmt.Errorf("stats: create instruments: %w", err)
	}
	named := func(name string, kvs ...attribute.KeyValue) metric.MeasurementOption {
		id := semconv.MetricName.String(name)
		if name == OverflowName {
			id = semconv.OverflowKey.Bool(true)
		}
		return metric.WithAttributes(append(append(attrs[:len(attrs):len(attrs)], id), kvs...)...)
	}
	reg, err := meter.RegisterCallback(func(_ context.Context, o metric.Observer) error {
		r.EachCount(func(name string, n int64) { o.ObserveInt64(counts, n, named(name)) })
		r.EachValue(func(name string, v float64) { o.ObserveFloat64(values, v, named(name)) })
		r.EachSummary(func(name string, s Summary) {
			if s.Count == 0 {
				return
			}
			for _, p := range []struct {
				stat string
				v    float64
			}{
				{semconv.StatisticMean, s.Mean}, {semconv.StatisticP50, s.P50}, {semconv.StatisticP90, s.P90},
				{semconv.StatisticP95, s.P95}, {semconv.StatisticP99, s.P99},
			} {
				o.ObserveFloat64(recorded, p.v, named(name, semconv.MetricStatistic.String(p.stat)))
			}
		})
		return nil
	}, counts, values, recorded)
	if err != nil {
		return nil, fmt.Errorf("stats: register callback: %w", err)
	}
	return reg, nil
}
