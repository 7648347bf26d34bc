package redissensor_test

import (
	"context"
	"log"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/streamotel/streamotel/contrib/redissensor"
	"github.com/streamotel/streamotel/otelsensor"
)

// A worker that consumes a stream as a member of a consumer group: one line
// adds the Hook, and Handler reports how each entry was settled.
func Example() {
	mon, err := otelsensor.New(
		otelsensor.WithSystem("redis"),
		otelsensor.WithConsumerGroup("workers"),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer mon.Close()
	sensor := otelsensor.NewSensor(mon)

	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	defer rdb.Close()
	rdb.AddHook(redissensor.New(sensor, redissensor.WithLag(rdb, 15*time.Second)))

	ctx := context.Background()
	handle := redissensor.Handler(sensor, "orders", func(ctx context.Context, msg redis.XMessage) error {
		// ... process msg.Values, then acknowledge it: reported as acked.
		return rdb.XAck(ctx, "orders", "workers", msg.ID).Err()
	})
	for {
		streams, err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{
			Group: "workers", Consumer: "worker-1", Streams: []string{"orders", ">"},
			Count: 100, Block: 5 * time.Second,
		}).Result()
		if err == redis.Nil {
			continue
		}
		if err != nil {
			log.Fatal(err)
		}
		for _, msg := range streams[0].Messages {
			_ = handle(ctx, msg)
		}
	}
}

func process(map[string]any) error { return nil }

func wanted(redis.XMessage) bool { return true }

// A handler settles each entry one of three ways, and Handler reports which.
func ExampleHandler() {
	sensor := otelsensor.Default()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:6379"})
	defer rdb.Close()
	rdb.AddHook(redissensor.New(sensor))

	handle := redissensor.Handler(sensor, "orders", func(ctx context.Context, msg redis.XMessage) error {
		if err := process(msg.Values); err != nil {
			return err // error: stays pending, to be claimed
		}
		if !wanted(msg) {
			return nil // skipped: not acknowledged
		}
		return rdb.XAck(ctx, "orders", "workers", msg.ID).Err() // acked
	})
	_ = handle
}
