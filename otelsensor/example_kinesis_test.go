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

// kinesisRecord, putRecordsInput, putRecordsOutput, getRecordsOutput and
// kinesisClient stand in for an AWS SDK's Kinesis types.
type kinesisRecord struct{ Data []byte }

type putRecordsInput struct{ Records []kinesisRecord }

type putRecordsOutput struct{ FailedRecordCount int }

type getRecordsOutput struct {
	Records            []kinesisRecord
	MillisBehindLatest *int64
}

type kinesisClient struct{}

func (kinesisClient) PutRecords(ctx context.Context, in *putRecordsInput) (*putRecordsOutput, error) {
	return &putRecordsOutput{}, nil
}

// recordQueue is a client's buffer of records, read with Len or len.
type recordQueue []kinesisRecord

func (q recordQueue) Len() int { return len(q) }

// Where a Kinesis client flushes, fetches and checkpoints, as
// docs/migrating.md writes it for a worker moving from async-kinesis.
func Example_kinesisClient() {
	ctx := context.Background()
	reader := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)

	mon, err := otelsensor.New(
		otelsensor.WithMeterProvider(mp),  // the global provider without it
		otelsensor.WithSystem("kafka"),    // messaging.system
		otelsensor.WithConsumerGroup("g"), // messaging.consumer.group.name
	)
	sensor := otelsensor.NewSensor(mon)

	if err != nil {
		log.Fatal(err)
	}
	client := kinesisClient{}
	batch := &putRecordsInput{Records: []kinesisRecord{{Data: []byte("a")}, {Data: []byte("bc")}}}
	batchBytes := 3
	throttled := func(err error) bool { return false }
	queue := recordQueue{{Data: []byte("d")}}
	millisBehind := int64(1500)
	resp := &getRecordsOutput{Records: []kinesisRecord{{Data: []byte("e")}}, MillisBehindLatest: &millisBehind}
	recordBytes := 1
	var checkpointErr error
	recordsBehind := int64(7)
	activeShards, closedShards := 4, 1

	b := sensor.OnBatchStart(ctx, "clicks")
	out, err := client.PutRecords(ctx, batch)
	sensor.OnBatchSent(ctx, b, len(batch.Records), batchBytes, err)
	if throttled(err) {
		sensor.OnThrottle(ctx, "clicks")
	}
	sensor.OnProducerQueue(ctx, "clicks", queue.Len())

	shard := otelsensor.TopicPartition{Topic: "clicks", Partition: 3} // shardId-000000000003
	sensor.OnRecords(ctx, shard, len(resp.Records), recordBytes)
	sensor.OnIteratorAge(ctx, shard, time.Duration(*resp.MillisBehindLatest)*time.Millisecond)
	sensor.OnCheckpoint(ctx, shard, checkpointErr)
	sensor.OnLag(ctx, shard, recordsBehind)
	sensor.OnConsumerQueue(ctx, "clicks", len(queue))

	sensor.OnShards(ctx, "clicks", activeShards, closedShards)
	sensor.OnReshard(ctx, "clicks")

	_ = out // FailedRecordCount: records to put again
	got, err := reader.Metrics(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, name := range []string{semconv.SentMessages, semconv.ConsumedMessages, semconv.IteratorAge, semconv.Checkpoints} {
		v, _ := got.Value(name)
		fmt.Println(name, v)
	}
	// Output:
	// messaging.client.sent.messages 2
	// messaging.client.consumed.messages 1
	// streamotel.iterator.age 1.5
	// streamotel.checkpoints 1
}
