package otelsensor

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/semconv"
)

// The callbacks that Faust has no equivalent for: handlers, batching
// producers and consumers, shards.

type decodeError struct{}

func (decodeError) Error() string { return "decode" }

const decodeErrorType = "github.com/streamotel/streamotel/otelsensor.decodeError"

func status(s string) attribute.KeyValue { return semconv.MessageStatus.String(s) }

func TestHandler(t *testing.T) {
	w := newRig(t)
	for _, s := range []Status{StatusAcked, StatusAcked, StatusNacked, StatusRejected, StatusSkipped} {
		h := w.OnHandleStart(ctx, "orders", 100).StartedAt(w.at())
		w.clock.advance(100 * time.Millisecond)
		w.OnHandleEnd(ctx, h, s, nil)
	}
	h := w.OnHandleStart(ctx, "orders", 5000).StartedAt(w.at())
	w.clock.advance(time.Second)
	w.OnHandleEnd(ctx, h, StatusError, decodeError{})
	w.OnHandleEnd(ctx, w.OnHandleStart(ctx, "orders", -1).StartedAt(w.at()), StatusError, nil)
	w.OnHandleStart(ctx, "orders", 7) // still in process

	got := w.collect(t)
	dest := topicAttr("orders")
	wantValue(t, got, semconv.ConsumedMessages, 8, dest, semconv.MessagingOperationName.String("receive"),
		semconv.MessagingSystem.String("kafka"), semconv.MessagingConsumerGroupName.String("orders-app"))
	wantValue(t, got, semconv.MessagesActive, 1, dest)
	wantHistogram(t, got, semconv.MessageSize, 7, 5507, dest)
	for _, c := range []struct {
		status string
		want   float64
	}{{"acked", 2}, {"nacked", 1}, {"rejected", 1}, {"skipped", 1}, {"error", 2}} {
		t.Run(c.status, func(t *testing.T) {
			wantValue(t, got, semconv.MessagesProcessed, c.want, dest, status(c.status),
				semconv.MessagingOperationName.String("process"))
		})
	}
	wantValue(t, got, semconv.ProcessErrors, 1, dest, errType(decodeErrorType))
	wantValue(t, got, semconv.ProcessErrors, 1, dest, errType("unknown"))
	wantHistogram(t, got, semconv.ProcessDuration, 7, 1.5, dest, semconv.MessagingOperationName.String("process"))
	wantHistogram(t, got, semconv.ProcessDuration, 1, 1, dest, errType(decodeErrorType))
}

func TestBatchingProducer(t *testing.T) {
	w := newRig(t)
	b := w.OnBatchStart(ctx, "clicks").StartedAt(w.at())
	w.clock.advance(40 * time.Millisecond)
	w.OnBatchSent(ctx, b, 500, 64000, nil)
	b = w.OnBatchStart(ctx, "clicks").StartedAt(w.at())
	w.clock.advance(10 * time.Millisecond)
	w.OnBatchSent(ctx, b, 20, 2000, decodeError{})
	w.OnThrottle(ctx, "clicks")
	w.OnThrottle(ctx, "clicks")
	w.OnProducerQueue(ctx, "clicks", 12)
	w.OnProducerQueue(ctx, "clicks", 3)
	w.OnProducerQueue(ctx, "clicks", -1) // not recorded

	got := w.collect(t)
	dest := topicAttr("clicks")
	send := semconv.MessagingOperationName.String("send")
	failed := errType(decodeErrorType)
	wantValue(t, got, semconv.SentMessages, 520, dest, send)
	wantValue(t, got, semconv.SentMessages, 20, dest, failed)
	wantValue(t, got, semconv.SendErrors, 20, dest, failed)
	wantValue(t, got, semconv.SentBytes, 64000, dest, send)
	wantValue(t, got, semconv.Throttles, 2, dest)
	wantValue(t, got, semconv.QueueSize, 3, dest, send)
	wantHistogram(t, got, semconv.BatchSize, 2, 520, dest)
	wantHistogram(t, got, semconv.BatchSize, 1, 20, failed)
	wantHistogram(t, got, semconv.OperationDuration, 2, 0.05, dest, send)
	wantValue(t, got, semconv.SendsActive, 0, dest) // a batch starts and ends in OnBatchSent
	s := w.mon.Snapshot()
	eq(t, "messages_sent", s.MessagesSent, 520)
	eq(t, "send_errors", s.SendErrors, 20)
}

func TestBatchingConsumer(t *testing.T) {
	w := newRig(t, WithSystem("aws_kinesis"))
	shard0, shard1 := TopicPartition{"clicks", 0}, TopicPartition{"clicks", 1}
	w.OnRecords(ctx, shard0, 100, 10000)
	w.OnRecords(ctx, shard0, 50, 5000)
	w.OnRecords(ctx, shard1, 1, 10)
	w.OnReceiveError(ctx, shard1, decodeError{})
	w.OnReceiveError(ctx, shard1, nil)
	w.OnCheckpoint(ctx, shard0, nil)
	w.OnCheckpoint(ctx, shard0, nil)
	w.OnCheckpoint(ctx, shard0, errors.New("lease lost"))
	w.OnRedelivered(ctx, shard1, 3)
	w.OnRedelivered(ctx, shard1, -1) // taken as zero
	w.OnIteratorAge(ctx, shard0, 2500*time.Millisecond)
	w.OnIteratorAge(ctx, shard1, -time.Second) // not recorded
	w.OnLag(ctx, shard0, 42)
	w.OnConsumerQueue(ctx, "clicks", 7)

	got := w.collect(t)
	p0, p1 := partAttr("0"), partAttr("1")
	wantValue(t, got, semconv.ConsumedMessages, 150, p0, semconv.MessagingSystem.String("aws_kinesis"))
	wantValue(t, got, semconv.ReceivedBytes, 15000, p0, semconv.MessagingOperationName.String("receive"))
	wantValue(t, got, semconv.ReceivedBytes, 10, p1)
	wantValue(t, got, semconv.ReceiveErrors, 1, p1, errType(decodeErrorType))
	wantValue(t, got, semconv.ReceiveErrors, 1, p1, errType("unknown"))
	wantValue(t, got, semconv.Checkpoints, 3, p0)
	wantValue(t, got, semconv.Checkpoints, 1, p0, errType(semconv.ErrorTypeOther))
	wantValue(t, got, semconv.MessagesRedelivered, 3, p1)
	wantValue(t, got, semconv.IteratorAge, 2.5, p0)
	wantNoValue(t, got, semconv.IteratorAge, p1)
	wantValue(t, got, semconv.ConsumerLag, 42, p0)
	wantValue(t, got, semconv.QueueSize, 7, topicAttr("clicks"), semconv.MessagingOperationName.String("receive"))
	eq(t, "messages_received_total", w.mon.Snapshot().MessagesReceivedTotal, 151)

	// A rebalance forgets lag and iterator age, as it forgets offsets.
	w.OnRebalanceStart(ctx)
	got = w.collect(t)
	for _, name := range []string{semconv.IteratorAge, semconv.ConsumerLag} {
		t.Run(name+" after a rebalance", func(t *testing.T) { wantNoValue(t, got, name) })
	}
}

func TestShards(t *testing.T) {
	w := newRig(t)
	w.OnShards(ctx, "clicks", 4, 0)
	w.OnReshard(ctx, "clicks")
	w.OnShards(ctx, "clicks", 8, 4)
	w.OnShards(ctx, "clicks", -1, -1) // not recorded
	got := w.collect(t)
	wantValue(t, got, semconv.Shards, 8, topicAttr("clicks"), semconv.ShardState.String("active"))
	wantValue(t, got, semconv.Shards, 4, topicAttr("clicks"), semconv.ShardState.String("closed"))
	wantValue(t, got, semconv.ReshardEvents, 1, topicAttr("clicks"))
}

// TestMonitorsApart runs two Monitors on one MeterProvider, each with its
// own attributes: their series stay apart, whether each has its Sensor or
// one Sensor has both.
func TestMonitorsApart(t *testing.T) {
	r := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	var mons []*Monitor
	for _, name := range []string{"ingest", "billing"} {
		m, err := New(WithMeterProvider(mp), WithAttributes(attribute.String("worker", name)))
		if err != nil {
			t.Fatal(err)
		}
		mons = append(mons, m)
	}
	NewSensor(mons[0]).OnRecords(ctx, orders, 3, 30)
	NewSensor(mons[1]).OnRecords(ctx, orders, 5, 50)
	NewSensor(mons[0], mons[1]).OnRecords(ctx, orders, 100, 1)
	mons[1].Count(ctx, "x", 1)
	got, err := r.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	wantValue(t, got, semconv.ConsumedMessages, 103, attribute.String("worker", "ingest"))
	wantValue(t, got, semconv.ConsumedMessages, 105, attribute.String("worker", "billing"))
	wantValue(t, got, semconv.ConsumedMessages, 208)
	wantNoValue(t, got, semconv.MetricCounts, attribute.String("worker", "ingest"))
}

func TestStatusString(t *testing.T) {
	for s, want := range map[Status]string{StatusAcked: "acked", StatusNacked: "nacked", StatusRejected: "rejected",
		StatusSkipped: "skipped", StatusError: "error", Status(200): "error"} {
		t.Run(want, func(t *testing.T) { eq(t, fmt.Sprintf("Status(%d)", s), s.String(), want) })
	}
}

// TestStatusOutOfRange checks that a status past the known ones counts as
// an error.
func TestStatusOutOfRange(t *testing.T) {
	w := newRig(t)
	w.OnHandleEnd(ctx, w.OnHandleStart(ctx, "q", 1), Status(200), decodeError{})
	got := w.collect(t)
	wantValue(t, got, semconv.MessagesProcessed, 1, status("error"))
	wantValue(t, got, semconv.ProcessErrors, 1, errType(decodeErrorType))
}

// TestClientsConcurrently counts from many goroutines at once: no count is
// lost. Run it with -race.
func TestClientsConcurrently(t *testing.T) {
	w := newRig(t)
	const goroutines, perG = 8, 2000
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			tp := TopicPartition{Topic: "clicks", Partition: int32(g % 2)}
			for range perG {
				w.OnRecords(ctx, tp, 2, 10)
				w.OnHandleEnd(ctx, w.OnHandleStart(ctx, "q", 1), StatusAcked, nil)
				w.OnBatchSent(ctx, Batch{Stream: "out"}, 3, 30, nil)
				w.OnCheckpoint(ctx, tp, nil)
			}
		})
	}
	wg.Wait()
	got := w.collect(t)
	n := float64(goroutines * perG)
	wantValue(t, got, semconv.ConsumedMessages, 2*n+n) // records plus handled messages
	wantValue(t, got, semconv.ReceivedBytes, 10*n)
	wantValue(t, got, semconv.MessagesProcessed, n)
	wantValue(t, got, semconv.MessagesActive, 0)
	wantValue(t, got, semconv.SentMessages, 3*n)
	wantValue(t, got, semconv.SentBytes, 30*n)
	wantValue(t, got, semconv.Checkpoints, n)
}

func TestHandlerErrorTypesAreBounded(t *testing.T) {
	w := newRig(t)
	for i := range maxErrorTypes + 5 {
		w.OnHandleEnd(ctx, w.OnHandleStart(ctx, "q", 1), StatusError, WithErrorType(errors.New("failed"), fmt.Sprint("E", i)))
	}
	got := w.collect(t)
	eq(t, "error series", len(got.Attributes(semconv.ProcessErrors)), maxErrorTypes+1)
	wantValue(t, got, semconv.ProcessErrors, 5, errType(semconv.ErrorTypeOther))
}

// BenchmarkClients compares client callbacks with Count, the simplest
// Monitor method, as the baseline.
func BenchmarkClients(b *testing.B) {
	r := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	defer mp.Shutdown(ctx)
	m, err := New(WithMeterProvider(mp))
	if err != nil {
		b.Fatal(err)
	}
	s := NewSensor(m)
	shard := TopicPartition{Topic: "clicks", Partition: 1}
	for _, bc := range []struct {
		name string
		f    func()
	}{
		{"baseline=Count", func() { m.Count(ctx, "n", 1) }},
		{"OnRecords", func() { s.OnRecords(ctx, shard, 100, 1000) }},
		{"OnIteratorAge", func() { s.OnIteratorAge(ctx, shard, time.Second) }},
		{"OnBatchSent", func() { s.OnBatchSent(ctx, s.OnBatchStart(ctx, "clicks"), 500, 5000, nil) }},
		{"OnHandle", func() { s.OnHandleEnd(ctx, s.OnHandleStart(ctx, "q", 10), StatusAcked, nil) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.f()
			}
		})
	}
}
