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
	// A handler without time, so that the output below stays the same.
	handler := slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{}
			}
			return a
		},
	})
	logger := slog.New(handler).With("service", "orders-app")

	monitor, err := otelsensor.New(otelsensor.WithSystem("kafka"))
	if err != nil {
		log.Fatal(err)
	}
	sensor := otelsensor.NewFanout(monitor, slogsensor.New(logger,
		// Log one message in a thousand; sends stay off.
		slogsensor.WithSampling(1000, slogsensor.MessageIn),
	))

	ctx := context.Background()
	for offset := range int64(1500) {
		sensor.OnMessageIn(ctx, otelsensor.TopicPartition{Topic: "orders", Partition: 0}, offset)
	}
	sensor.OnSendInitiated(ctx, "totals", 8, 64)
	sensor.OnSendError(ctx, "totals", otelsensor.State{}, errors.New("broker down"))
	// Output:
	// level=DEBUG msg="message in" service=orders-app messaging.destination.name=orders messaging.destination.partition.id=0 messaging.kafka.offset=0
	// level=DEBUG msg="message in" service=orders-app messaging.destination.name=orders messaging.destination.partition.id=0 messaging.kafka.offset=1000
	// level=ERROR msg="send failed" service=orders-app messaging.destination.name=totals error.type=*errors.errorString exception.message="broker down"
}
