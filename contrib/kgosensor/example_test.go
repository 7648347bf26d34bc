package kgosensor_test

import (
	"context"
	"fmt"
	"log"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/streamotel/streamotel/contrib/kgosensor"
	"github.com/streamotel/streamotel/otelsensor"
)

// A consumer group member instrumented with one hook, plus the two calls
// no hook can make: Fetched for the high watermarks (end offsets and lag)
// and Processed for the end of each record's processing.
func ExampleNew() {
	cluster, err := kfake.NewCluster(kfake.SeedTopics(1, "orders")) // an in-process Kafka
	if err != nil {
		log.Fatal(err)
	}
	defer cluster.Close()

	mon, err := otelsensor.New(otelsensor.WithSystem("kafka"), otelsensor.WithConsumerGroup("orders-app"))
	if err != nil {
		log.Fatal(err)
	}
	defer mon.Close()
	hooks := kgosensor.New(otelsensor.NewSensor(mon))
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(cluster.ListenAddrs()...),
		kgo.ConsumerGroup("orders-app"),
		kgo.ConsumeTopics("orders"),
		kgo.DefaultProduceTopic("orders"),
		kgo.WithHooks(hooks), // the one line
	)
	if err != nil {
		log.Fatal(err)
	}
	defer cl.Close()

	ctx := context.Background()
	for _, order := range []string{"a", "b", "c"} {
		if err := cl.ProduceSync(ctx, &kgo.Record{Value: []byte(order)}).FirstErr(); err != nil {
			log.Fatal(err)
		}
	}
	for read := 0; read < 2; {
		fetches := cl.PollRecords(ctx, 2-read)
		hooks.Fetched(ctx, fetches)
		fetches.EachRecord(func(r *kgo.Record) {
			read++
			hooks.Processed(r, nil) // the error processing returned
		})
	}
	if err := cl.CommitUncommittedOffsets(ctx); err != nil {
		log.Fatal(err)
	}
	s := mon.Snapshot()
	fmt.Println("sent", s.MessagesSent, "consumed", s.MessagesReceivedTotal, "lag", s.TopicLag["orders"][0])
	// Output: sent 3 consumed 2 lag 1
}
