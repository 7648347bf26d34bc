package otelsensor_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// A worker consumes orders, counts them in a table, sends a total for each
// and commits; the Monitor behind the Sensor keeps Faust's state.
func ExampleNewSensor() {
	ctx := context.Background()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer mp.Shutdown(ctx)

	// What a Kafka client would give: three records of partition 0, whose
	// log end offset (high watermark) is 10, and the worker's own steps.
	type record struct {
		Topic         string
		Partition     int32
		Offset        int64
		HighWatermark int64
	}
	records := make(chan record, 3)
	for offset := range int64(3) {
		records <- record{Topic: "orders", Partition: 0, Offset: offset, HighWatermark: 10}
	}
	close(records)
	handle := func(context.Context, record) error { return nil }
	produce := func(_ context.Context, rec record) (int32, int64, error) { return 0, rec.Offset, nil }
	commit := func(context.Context, record) error { return nil }

	mon, err := otelsensor.New(
		otelsensor.WithMeterProvider(mp), // without it: the global provider
		otelsensor.WithSystem("kafka"),
		otelsensor.WithConsumerGroup("orders-app"),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer mon.Close()
	sensor := otelsensor.NewSensor(mon) // more hooks may follow: a logger, your own

	for rec := range records {
		tp := otelsensor.TopicPartition{Topic: rec.Topic, Partition: rec.Partition}
		msg := sensor.OnMessageIn(ctx, tp, rec.Offset)
		ev := sensor.OnStreamEventIn(ctx, msg, otelsensor.Stream{Name: "orders", Task: "count_orders"})

		sensor.OnTableGet(ctx, "order-counts") // each key read, written or deleted
		sensor.OnTableSet(ctx, "order-counts")
		err := handle(ctx, rec)

		snd := sensor.OnSendInitiated(ctx, "enriched-orders")
		if p, off, err := produce(ctx, rec); err != nil {
			sensor.OnSendError(ctx, snd, err)
		} else {
			sensor.OnSendCompleted(ctx, snd, p, off) // the partition and offset written
		}

		sensor.OnStreamEventOut(ctx, ev, err)
		sensor.OnMessageOut(ctx, msg)

		c := sensor.OnCommitInitiated(ctx)
		err = commit(ctx, rec)
		sensor.OnCommitCompleted(ctx, c, err)
		sensor.OnOffsetCommitted(ctx, tp, rec.Offset+1) // the NEXT offset to read, as Kafka commits it
		sensor.OnEndOffset(ctx, tp, rec.HighWatermark)  // lag = end offset - committed offset
	}

	snap := mon.Snapshot()
	fmt.Println("received:", snap.MessagesReceivedTotal)
	fmt.Println("sent:", snap.MessagesSent)
	fmt.Println("keys updated:", snap.Tables["order-counts"].KeysUpdated)
	fmt.Println("lag:", snap.TopicLag["orders"][0])
	// Output:
	// received: 3
	// sent: 3
	// keys updated: 3
	// lag: 7
}

// The Monitor exports through the MeterProvider's readers; an in-memory
// reader reads back what a consumer loop recorded.
func Example() {
	ctx := context.Background()
	reader := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"))
	if err != nil {
		log.Fatal(err)
	}
	sensor := otelsensor.NewSensor(mon)

	tp := otelsensor.TopicPartition{Topic: "orders", Partition: 0}
	for offset := range int64(3) {
		msg := sensor.OnMessageIn(ctx, tp, offset)
		ev := sensor.OnStreamEventIn(ctx, msg, otelsensor.Stream{Name: "orders", Task: "count_orders"})
		sensor.OnStreamEventOut(ctx, ev, nil)
		sensor.OnMessageOut(ctx, msg)
	}

	got, err := reader.Metrics(ctx)
	if err != nil {
		log.Fatal(err)
	}
	consumed, _ := got.Value(semconv.ConsumedMessages, semconv.MessagingDestinationName.String("orders"))
	processed, _ := got.Histogram(semconv.ProcessDuration)
	fmt.Println(semconv.ConsumedMessages, consumed)
	fmt.Println(semconv.ProcessDuration, "count", processed.Count)
	// Output:
	// messaging.client.consumed.messages 3
	// messaging.process.duration count 3
}

// A pull-based source, here a consumer's pending count, is read when the
// Monitor is collected or snapshot, at most once a second.
func ExampleSensor_Poll() {
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(sdkmetric.NewMeterProvider()))
	if err != nil {
		log.Fatal(err)
	}
	sensor := otelsensor.NewSensor(mon)

	tp := otelsensor.TopicPartition{Topic: "orders", Partition: 0}
	pending := func() int64 { return 42 } // for example, a JetStream consumer's NumPending
	stop := sensor.Poll(time.Second, func(ctx context.Context) {
		sensor.OnLag(ctx, tp, pending())
	})
	defer stop()

	fmt.Println("lag:", mon.Snapshot().TopicLag["orders"][0])
	// Output:
	// lag: 42
}

// A worker built on handlers (FastStream's subscribers) shows its messages
// in the Snapshot, by destination and by how they were settled.
func ExampleMonitor_Snapshot() {
	ctx := context.Background()
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(sdkmetric.NewMeterProvider()))
	if err != nil {
		log.Fatal(err)
	}
	sensor := otelsensor.NewSensor(mon)

	for _, status := range []otelsensor.Status{otelsensor.StatusAcked, otelsensor.StatusAcked, otelsensor.StatusNacked} {
		h := sensor.OnHandleStart(ctx, "orders", 120)
		sensor.OnHandleEnd(ctx, h, status, nil)
	}

	snap := mon.Snapshot()
	handlers, err := json.Marshal(snap.Handlers)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("messages_received_total:", snap.MessagesReceivedTotal)
	fmt.Println("handlers:", string(handlers))
	// Output:
	// messages_received_total: 3
	// handlers: {"orders":{"received":3,"acked":2,"nacked":1,"rejected":0,"skipped":0,"errors":0}}
}

// auditor is a custom hook: it implements SendHook only, and so receives
// only the sends.
type auditor struct{}

func (auditor) OnSendInitiated(context.Context, otelsensor.Send)               {}
func (auditor) OnSendCompleted(context.Context, otelsensor.Send, int32, int64) {}
func (auditor) OnSendError(_ context.Context, s otelsensor.Send, err error) {
	fmt.Printf("send to %s failed: %v\n", s.Topic, err)
}

// A Sensor dispatches each callback to every hook that implements its
// lifecycle: the Monitor and custom hooks alike.
func ExampleHook() {
	ctx := context.Background()
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(sdkmetric.NewMeterProvider()))
	if err != nil {
		log.Fatal(err)
	}
	sensor := otelsensor.NewSensor(mon, auditor{})

	send := sensor.OnSendInitiated(ctx, "payments")
	sensor.OnSendError(ctx, send, fmt.Errorf("broker unavailable"))
	fmt.Println("send errors:", mon.Snapshot().SendErrors)
	// Output:
	// send to payments failed: broker unavailable
	// send errors: 1
}
