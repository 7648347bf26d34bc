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

// The setup and poll loop docs/kafka.md shows. It is compiled, not run: it
// needs brokers at seeds, and polls forever.
func Example_pollLoop() {
	seeds := []string{"127.0.0.1:9092"}
	process := func(ctx context.Context, r *kgo.Record) error { return nil }

	run := func(ctx context.Context) error {
		mon, err := otelsensor.New(otelsensor.WithSystem("kafka"), otelsensor.WithConsumerGroup("orders-app"))
		if err != nil {
			return err
		}
		sensor := otelsensor.NewSensor(mon)
		hooks := kgosensor.New(sensor)
		cl, err := kgo.NewClient(
			kgo.SeedBrokers(seeds...),
			kgo.ConsumerGroup("orders-app"),
			kgo.ConsumeTopics("orders"),
			kgo.WithHooks(hooks), // the one line
		)

		if err != nil {
			return err
		}
		defer cl.Close()

		for {
			fetches := cl.PollFetches(ctx)
			hooks.Fetched(ctx, fetches) // high watermarks: end offsets and lag, fetch errors
			fetches.EachRecord(func(r *kgo.Record) {
				hooks.Processed(r, process(r.Context, r)) // processing time and error
			})
		}
	}
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}

// A client moving from kprom or kotel, as docs/migrating.md writes it:
// the hook changes, and the poll loop gains two calls.
func Example_migrating() {
	cluster, err := kfake.NewCluster(kfake.SeedTopics(1, "orders")) // an in-process Kafka
	if err != nil {
		log.Fatal(err)
	}
	defer cluster.Close()
	seeds := cluster.ListenAddrs()
	producer, err := kgo.NewClient(kgo.SeedBrokers(seeds...), kgo.DefaultProduceTopic("orders"))
	if err != nil {
		log.Fatal(err)
	}
	defer producer.Close()
	if err := producer.ProduceSync(context.Background(), &kgo.Record{Value: []byte("a")}).FirstErr(); err != nil {
		log.Fatal(err)
	}
	mon, err := otelsensor.New(otelsensor.WithSystem("kafka"), otelsensor.WithConsumerGroup("g"))
	if err != nil {
		log.Fatal(err)
	}
	defer mon.Close()
	process := func(r *kgo.Record) error { return nil }

	run := func(ctx context.Context) error {
		// before: kgo.WithHooks(kprom.NewMetrics("kgo"))  or  kgo.WithHooks(kotel.NewKotel(kotel.WithMeter(kotel.NewMeter())).Hooks()...)
		hooks := kgosensor.New(otelsensor.NewSensor(mon))
		cl, err := kgo.NewClient(kgo.SeedBrokers(seeds...), kgo.ConsumerGroup("g"), kgo.ConsumeTopics("orders"), kgo.WithHooks(hooks))
		if err != nil {
			return err
		}

		fetches := cl.PollFetches(ctx)
		hooks.Fetched(ctx, fetches) // end offsets, lag
		fetches.EachRecord(func(r *kgo.Record) { hooks.Processed(r, process(r)) })

		defer cl.Close()
		return fetches.Err()
	}
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
	s := mon.Snapshot()
	fmt.Println("consumed", s.MessagesReceivedTotal, "lag", s.TopicLag["orders"][0])
	// Output: consumed 1 lag 0
}
