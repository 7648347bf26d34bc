package bench

import (
	"errors"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/semconv"
)

// naive instruments the work by hand with the OpenTelemetry API as most code
// does: synchronous instruments, attributes built with
// metric.WithAttributes on every call.
type naive struct {
	consumed, streamEvents, tableOps, sent    metric.Int64Counter
	messagesActive, eventsActive, sendsActive metric.Int64UpDownCounter
	readOffset, committedOffset               metric.Int64Gauge
	processDuration, operationDuration        metric.Float64Histogram
}

func newNaive(meter metric.Meter) (*naive, error) {
	var (
		n    naive
		errs [11]error
	)
	hist := func(name string) (metric.Float64Histogram, error) {
		in, _ := semconv.Lookup(name)
		return meter.Float64Histogram(name, metric.WithUnit(in.Unit), metric.WithExplicitBucketBoundaries(in.Buckets...))
	}
	n.consumed, errs[0] = meter.Int64Counter(semconv.ConsumedMessages)
	n.streamEvents, errs[1] = meter.Int64Counter(semconv.StreamEvents)
	n.tableOps, errs[2] = meter.Int64Counter(semconv.TableOperations)
	n.sent, errs[3] = meter.Int64Counter(semconv.SentMessages)
	n.messagesActive, errs[4] = meter.Int64UpDownCounter(semconv.MessagesActive)
	n.eventsActive, errs[5] = meter.Int64UpDownCounter(semconv.EventsActive)
	n.sendsActive, errs[6] = meter.Int64UpDownCounter(semconv.SendsActive)
	n.readOffset, errs[7] = meter.Int64Gauge(semconv.ReadOffset)
	n.committedOffset, errs[8] = meter.Int64Gauge(semconv.CommittedOffset)
	n.processDuration, errs[9] = hist(semconv.ProcessDuration)
	n.operationDuration, errs[10] = hist(semconv.OperationDuration)
	return &n, errors.Join(errs[:]...)
}

func (n *naive) lifecycle(m message) {
	partition := partitionLabel(m.tp.Partition)
	n.consumed.Add(ctx, 1, metric.WithAttributes(
		semconv.MessagingSystem.String(system),
		semconv.MessagingConsumerGroupName.String(group),
		semconv.MessagingDestinationName.String(m.tp.Topic),
		semconv.MessagingDestinationPartition.String(partition),
		semconv.MessagingOperationName.String(semconv.OperationReceive)))
	n.messagesActive.Add(ctx, 1, metric.WithAttributes(
		semconv.MessagingSystem.String(system),
		semconv.MessagingConsumerGroupName.String(group),
		semconv.MessagingDestinationName.String(m.tp.Topic),
		semconv.MessagingDestinationPartition.String(partition)))
	n.readOffset.Record(ctx, m.offset, metric.WithAttributes(
		semconv.MessagingSystem.String(system),
		semconv.MessagingConsumerGroupName.String(group),
		semconv.MessagingDestinationName.String(m.tp.Topic),
		semconv.MessagingDestinationPartition.String(partition)))

	eventStart := time.Now()
	streamAttrs := metric.WithAttributes(
		semconv.MessagingSystem.String(system),
		semconv.MessagingConsumerGroupName.String(group),
		semconv.StreamName.String(m.stream.Name),
		semconv.TaskName.String(m.stream.Task))
	n.streamEvents.Add(ctx, 1, streamAttrs)
	n.eventsActive.Add(ctx, 1, streamAttrs)

	for _, op := range [...]string{semconv.TableOperationGet, semconv.TableOperationSet} {
		n.tableOps.Add(ctx, 1, metric.WithAttributes(
			semconv.MessagingSystem.String(system),
			semconv.MessagingConsumerGroupName.String(group),
			semconv.TableName.String(tableName),
			semconv.TableOperation.String(op)))
	}

	n.eventsActive.Add(ctx, -1, metric.WithAttributes(
		semconv.MessagingSystem.String(system),
		semconv.MessagingConsumerGroupName.String(group),
		semconv.StreamName.String(m.stream.Name),
		semconv.TaskName.String(m.stream.Task)))
	n.processDuration.Record(ctx, time.Since(eventStart).Seconds(), metric.WithAttributes(
		semconv.MessagingSystem.String(system),
		semconv.MessagingConsumerGroupName.String(group),
		semconv.MessagingOperationName.String(semconv.OperationProcess),
		semconv.MessagingDestinationName.String(m.tp.Topic),
		semconv.MessagingDestinationPartition.String(partition),
		semconv.StreamName.String(m.stream.Name)))

	sendStart := time.Now()
	n.sendsActive.Add(ctx, 1, metric.WithAttributes(sendAttrs()...))
	n.sent.Add(ctx, 1, metric.WithAttributes(append(sendAttrs(), semconv.MessagingDestinationPartition.String(partition))...))
	n.sendsActive.Add(ctx, -1, metric.WithAttributes(sendAttrs()...))
	n.operationDuration.Record(ctx, time.Since(sendStart).Seconds(),
		metric.WithAttributes(append(sendAttrs(), semconv.MessagingDestinationPartition.String(partition))...))

	n.messagesActive.Add(ctx, -1, metric.WithAttributes(
		semconv.MessagingSystem.String(system),
		semconv.MessagingConsumerGroupName.String(group),
		semconv.MessagingDestinationName.String(m.tp.Topic),
		semconv.MessagingDestinationPartition.String(partition)))

	if m.commit {
		commitStart := time.Now()
		for _, tp := range tps {
			n.committedOffset.Record(ctx, m.next(tp.Partition), metric.WithAttributes(
				semconv.MessagingSystem.String(system),
				semconv.MessagingConsumerGroupName.String(group),
				semconv.MessagingDestinationName.String(tp.Topic),
				semconv.MessagingDestinationPartition.String(partitionLabel(tp.Partition))))
		}
		n.operationDuration.Record(ctx, time.Since(commitStart).Seconds(), metric.WithAttributes(
			semconv.MessagingSystem.String(system),
			semconv.MessagingConsumerGroupName.String(group),
			semconv.MessagingOperationName.String(semconv.OperationCommit),
			semconv.MessagingOperationType.String("settle")))
	}
}

func sendAttrs() []attribute.KeyValue {
	return []attribute.KeyValue{
		semconv.MessagingSystem.String(system),
		semconv.MessagingOperationName.String(semconv.OperationSend),
		semconv.MessagingOperationType.String("send"),
		semconv.MessagingDestinationName.String(outTopic),
	}
}
