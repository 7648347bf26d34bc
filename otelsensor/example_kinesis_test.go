package otelsensor_test

import (
	"context"
	"fmt"
	"log"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// A Kinesis producer and consumer report batches, records, iterator age and
// checkpoints, here through the process-wide default Sensor.
func Example_kinesis() {
	ctx := context.Background()
	reader := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("aws_kinesis"))
	if err != nil {
		log.Fatal(err)
	}
	otelsensor.SetDefault(otelsensor.NewSensor(mon))
	defer otelsensor.SetDefault(nil)
	sensor := otelsensor.Default()

	// Producer: one flush of a batch of 500 records.
	batch := sensor.OnBatchStart(ctx, "clicks")
	sensor.OnBatchSent(ctx, batch, 500, 250_000, nil)
	sensor.OnProducerQueue(ctx, "clicks", 120)

	// Consumer: a GetRecords call on shard 3, its checkpoint and position.
	shard := otelsensor.TopicPartition{Topic: "clicks", Partition: 3}
	sensor.OnRecords(ctx, shard, 100, 50_000)
	sensor.OnIteratorAge(ctx, shard, 1500*time.Millisecond)
	sensor.OnCheckpoint(ctx, shard, nil)

	got, err := reader.Metrics(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, name := range []string{semconv.SentMessages, semconv.SentBytes, semconv.ConsumedMessages, semconv.IteratorAge, semconv.Checkpoints} {
		v, _ := got.Value(name)
		fmt.Println(name, v)
	}
	// Output:
	// messaging.client.sent.messages 500
	// streamotel.sent.bytes 250000
	// messaging.client.consumed.messages 100
	// streamotel.iterator.age 1.5
	// streamotel.checkpoints 1
}
