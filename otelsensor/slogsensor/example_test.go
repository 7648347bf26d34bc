package slogsensor_test

import (
	"context"
	"errors"
	"log"
	"log/slog"
	"os"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/otelsensor/slogsensor"
)

func ExampleNew() {
	// A handler without time and durations, so that the output below
	// stays the same.
	handler := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == slogsensor.DurationKey {
				return slog.Attr{}
			}
			return a
		},
	}).WithAttrs([]slog.Attr{slog.String("service", "orders-app")})

	hook, err := slogsensor.New(handler,
		// Log one message in a thousand; sends stay off, their failures
		// log at Error.
		slogsensor.WithSampling(1000, "OnMessageIn"),
	)
	if err != nil {
		log.Fatal(err)
	}
	monitor, err := otelsensor.New(otelsensor.WithSystem("kafka"))
	if err != nil {
		log.Fatal(err)
	}
	sensor := otelsensor.NewSensor(monitor, hook)

	ctx := context.Background()
	for offset := range int64(1500) {
		sensor.OnMessageOut(ctx, sensor.OnMessageIn(ctx, otelsensor.TopicPartition{Topic: "orders", Partition: 0}, offset))
	}
	snd := sensor.OnSendInitiated(ctx, "totals")
	sensor.OnSendError(ctx, snd, errors.New("broker down"))
	// Output:
	// level=DEBUG msg="message in" service=orders-app messaging.destination.name=orders messaging.destination.partition.id=0 messaging.kafka.offset=0
	// level=DEBUG msg="message in" service=orders-app messaging.destination.name=orders messaging.destination.partition.id=0 messaging.kafka.offset=1000
	// level=ERROR msg="send error" service=orders-app messaging.destination.name=totals error.type=_OTHER exception.message="broker down"
}

// JSON records on stderr, sampled, next to the Monitor, as docs/logging.md
// sets them up. It is compiled, not run: it writes to stderr.
func ExampleWithSampling() {
	run := func() error {
		monitor, err := otelsensor.New(otelsensor.WithSystem("kafka"))
		if err != nil {
			return err
		}
		defer monitor.Close()

		handler := slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})
		hook, err := slogsensor.New(handler.WithAttrs([]slog.Attr{slog.String("service", "orders-app")}),
			slogsensor.WithSampling(1000, "OnMessageIn"),  // one message in a thousand
			slogsensor.WithSampling(1, "OnSendCompleted"), // every acknowledged send
		)
		if err != nil {
			return err // an unknown callback name
		}
		sensor := otelsensor.NewSensor(monitor, hook)

		sensor.OnMessageOut(context.Background(), sensor.OnMessageIn(context.Background(), otelsensor.TopicPartition{Topic: "orders"}, 0))
		return nil
	}
	if err := run(); err != nil {
		log.Fatal(err)
	}
}
