package otelsensor

import (
	"errors"
	"fmt"

	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/semconv"
)

// instruments holds the Monitor's instruments, one for each row of the
// semconv table.
type instruments struct {
	consumed, sent, messagesActive, eventsActive, streamEvents metric.Int64Observable
	tableOps, sendsActive, bufferFull, assignments, rebalances metric.Int64Observable
	readOffset, committedOffset, endOffset, lag, httpActive    metric.Int64Observable
	metricCounts, processed, processErrors, sendErrors         metric.Int64Observable
	sentBytes, receivedBytes, receiveErrors, throttles         metric.Int64Observable
	queueSize, checkpoints, shards, reshards, redelivered      metric.Int64Observable
	pending, dropped                                           metric.Int64Observable
	iteratorAge                                                metric.Float64Observable
	operationDuration, processDuration, httpDuration           metric.Float64Histogram
	assignmentDuration, rebalanceDuration                      metric.Float64Histogram
	messageSize, batchSize                                     metric.Float64Histogram
}

// newInstruments creates the Monitor's instruments with b.
func newInstruments(b *builder) instruments {
	return instruments{
		consumed:           b.int64(semconv.ConsumedMessages),
		sent:               b.int64(semconv.SentMessages),
		messagesActive:     b.int64(semconv.MessagesActive),
		eventsActive:       b.int64(semconv.EventsActive),
		streamEvents:       b.int64(semconv.StreamEvents),
		tableOps:           b.int64(semconv.TableOperations),
		sendsActive:        b.int64(semconv.SendsActive),
		bufferFull:         b.int64(semconv.TopicBufferFull),
		assignments:        b.int64(semconv.Assignments),
		rebalances:         b.int64(semconv.Rebalances),
		readOffset:         b.int64(semconv.ReadOffset),
		committedOffset:    b.int64(semconv.CommittedOffset),
		endOffset:          b.int64(semconv.EndOffset),
		lag:                b.int64(semconv.ConsumerLag),
		httpActive:         b.int64(semconv.HTTPServerActive),
		metricCounts:       b.int64(semconv.MetricCounts),
		processed:          b.int64(semconv.MessagesProcessed),
		processErrors:      b.int64(semconv.ProcessErrors),
		sendErrors:         b.int64(semconv.SendErrors),
		sentBytes:          b.int64(semconv.SentBytes),
		receivedBytes:      b.int64(semconv.ReceivedBytes),
		receiveErrors:      b.int64(semconv.ReceiveErrors),
		throttles:          b.int64(semconv.Throttles),
		queueSize:          b.int64(semconv.QueueSize),
		checkpoints:        b.int64(semconv.Checkpoints),
		shards:             b.int64(semconv.Shards),
		reshards:           b.int64(semconv.ReshardEvents),
		redelivered:        b.int64(semconv.MessagesRedelivered),
		pending:            b.int64(semconv.ConsumerPending),
		dropped:            b.int64(semconv.MessagesDropped),
		iteratorAge:        b.float64Gauge(semconv.IteratorAge),
		operationDuration:  b.histogram(semconv.OperationDuration),
		processDuration:    b.histogram(semconv.ProcessDuration),
		httpDuration:       b.histogram(semconv.HTTPServerDuration),
		assignmentDuration: b.histogram(semconv.AssignmentTime),
		rebalanceDuration:  b.histogram(semconv.RebalanceTime),
		messageSize:        b.histogram(semconv.MessageSize),
		batchSize:          b.histogram(semconv.BatchSize),
	}
}

// observables returns the observable instruments, which the Monitor's
// collection callback reports.
func (i *instruments) observables() []metric.Observable {
	return []metric.Observable{
		i.consumed, i.sent, i.messagesActive, i.eventsActive, i.streamEvents,
		i.tableOps, i.sendsActive, i.bufferFull, i.assignments, i.rebalances,
		i.readOffset, i.committedOffset, i.endOffset, i.lag, i.httpActive,
		i.metricCounts, i.processed, i.processErrors, i.sendErrors,
		i.sentBytes, i.receivedBytes, i.receiveErrors, i.throttles,
		i.queueSize, i.checkpoints, i.shards, i.reshards, i.redelivered, i.pending, i.dropped, i.iteratorAge,
	}
}

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
