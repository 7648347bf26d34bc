package otelsensor_test

import (
	"context"
	"fmt"
	"log"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// A consumer calls the Monitor from its loop: message in, the stream's event
// in and out, message out, then commits.
func Example() {
	ctx := context.Background()
	reader := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)

	mon, err := otelsensor.New(
		otelsensor.WithMeterProvider(mp),
		otelsensor.WithSystem("kafka"),
		otelsensor.WithConsumerGroup("orders-app"),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer mon.Close()

	tp := otelsensor.TopicPartition{Topic: "orders", Partition: 0}
	stream := otelsensor.Stream{Name: "orders", Task: "count_orders"}
	for offset := range int64(3) {
		msg := mon.OnMessageIn(ctx, tp, offset)
		ev := mon.OnStreamEventIn(ctx, tp, offset, stream)
		mon.OnTableSet(ctx, "order_counts")
		mon.OnStreamEventOut(ctx, tp, offset, stream, ev, nil)
		mon.OnMessageOut(ctx, tp, offset, msg)
	}
	commit := mon.OnCommitInitiated(ctx)
	mon.OnOffsetCommitted(ctx, tp, 3)
	mon.OnCommitCompleted(ctx, commit, nil)
	mon.OnEndOffset(ctx, tp, 10)

	snap := mon.Snapshot()
	fmt.Println("received:", snap.MessagesReceivedTotal, "lag:", snap.TopicLag["orders"][0])

	got, err := reader.Metrics(ctx)
	if err != nil {
		log.Fatal(err)
	}
	consumed, _ := got.Value(semconv.ConsumedMessages, semconv.MessagingDestinationName.String("orders"))
	processed, _ := got.Histogram(semconv.ProcessDuration)
	fmt.Println(semconv.ConsumedMessages, consumed)
	fmt.Println(semconv.ProcessDuration, "count", processed.Count)
	// Output:
	// received: 3 lag: 7
	// messaging.client.consumed.messages 3
	// messaging.process.duration count 3
}

// auditor is a custom sensor: it embeds Base and overrides one callback.
type auditor struct {
	otelsensor.Base
}

func (auditor) OnSendError(_ context.Context, topic string, _ otelsensor.State, err error) {
	fmt.Printf("send to %s failed: %v\n", topic, err)
}

// A Fanout sends every callback to the Monitor and to custom sensors.
func ExampleFanout() {
	ctx := context.Background()
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(sdkmetric.NewMeterProvider()))
	if err != nil {
		log.Fatal(err)
	}
	sensors := otelsensor.NewFanout(mon, auditor{})

	st := sensors.OnSendInitiated(ctx, "payments", 8, 120)
	sensors.OnSendError(ctx, "payments", st, fmt.Errorf("broker unavailable"))
	fmt.Println("send errors:", mon.Snapshot().SendErrors)
	// Output:
	// send to payments failed: broker unavailable
	// send errors: 1
}
