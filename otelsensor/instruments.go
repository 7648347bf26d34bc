package otelsensor

import (
	"errors"
	"fmt"

	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/semconv"
)

// builder creates instruments from the rows of the semconv table, with
// their description, unit and bucket advice, and keeps the errors.
type builder struct {
	meter metric.Meter
	errs  []error
}

// int64 creates the observable counter, up-down counter or gauge of the row
// called name.
func (b *builder) int64(name string) metric.Int64Observable {
	in, _ := semconv.Lookup(name)
	desc, unit := metric.WithDescription(in.Description), metric.WithUnit(in.Unit)
	var (
		o   metric.Int64Observable
		err error
	)
	switch in.Kind {
	case semconv.Counter:
		o, err = b.meter.Int64ObservableCounter(in.Name, desc, unit)
	case semconv.UpDownCounter:
		o, err = b.meter.Int64ObservableUpDownCounter(in.Name, desc, unit)
	case semconv.Gauge:
		o, err = b.meter.Int64ObservableGauge(in.Name, desc, unit)
	default:
		err = fmt.Errorf("%s is a %s, not an observable", name, in.Kind)
	}
	b.errs = append(b.errs, err)
	return o
}

// float64Gauge creates the observable gauge of the row called name.
func (b *builder) float64Gauge(name string) metric.Float64Observable {
	in, _ := semconv.Lookup(name)
	o, err := b.meter.Float64ObservableGauge(in.Name, metric.WithDescription(in.Description), metric.WithUnit(in.Unit))
	b.errs = append(b.errs, err)
	return o
}

// histogram creates the histogram of the row called name, with its bucket
// advice.
func (b *builder) histogram(name string) metric.Float64Histogram {
	in, _ := semconv.Lookup(name)
	h, err := b.meter.Float64Histogram(in.Name, metric.WithDescription(in.Description), metric.WithUnit(in.Unit),
		metric.WithExplicitBucketBoundaries(in.Buckets...))
	b.errs = append(b.errs, err)
	return h
}

// err returns the errors of every instrument created so far, or nil.
func (b *builder) err() error {
	if err := errors.Join(b.errs...); err != nil {
		return fmt.Errorf("otelsensor: create instruments: %w", err)
	}
	return nil
}
