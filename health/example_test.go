package health_test

import (
	"context"
	"fmt"
	"time"

	"github.com/streamotel/streamotel/health"
	"github.com/streamotel/streamotel/otelsensor"
)

func Example() {
	m, err := otelsensor.New()
	if err != nil {
		panic(err)
	}
	check, err := health.New(m,
		health.WithMaxLag(1000),
		health.WithMaxSendErrorRate(0.05, 5*time.Minute),
		health.WithProgressTimeout(2*time.Minute),
	)
	if err != nil {
		panic(err)
	}

	sensor := otelsensor.NewSensor(m)
	ctx := context.Background()
	tp := otelsensor.TopicPartition{Topic: "orders", Partition: 0}
	sensor.OnEndOffset(ctx, tp, 5000)
	sensor.OnOffsetCommitted(ctx, tp, 3500) // the next offset to read

	r := check.Check()
	fmt.Println("healthy:", r.Healthy)
	for _, f := range r.Failures {
		fmt.Printf("%s: %v > %v (%s)\n", f.Check, f.Value, f.Threshold, f.Message)
	}
	// Output:
	// healthy: false
	// consumer_lag: 1500 > 1000 (partition 0 of "orders" lags 1500 messages, above 1000)
}

func ExampleWithMaxLag_invalid() {
	m, _ := otelsensor.New()
	_, err := health.New(m, health.WithMaxLag(-1))
	fmt.Println(err)
	// Output: health: max lag must not be negative, got -1
}
