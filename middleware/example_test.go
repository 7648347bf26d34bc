package middleware_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/middleware"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// Wrap a handler: its returned error says how the message is settled.
func ExampleHandler() {
	ctx := context.Background()
	reader := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("rabbitmq"))
	if err != nil {
		log.Fatal(err)
	}

	handle := middleware.Handler("orders", func(ctx context.Context, body []byte) error {
		switch string(body) {
		case "":
			return middleware.ErrReject // settled: not a failure
		case "later":
			return middleware.ErrNack
		case "bad":
			return errors.New("cannot parse")
		}
		return nil
	}, middleware.WithSensor(otelsensor.NewSensor(mon)))

	for _, body := range []string{"a", "b", "", "later", "bad"} {
		_ = handle(ctx, []byte(body))
	}

	got, _ := reader.Metrics(ctx)
	for _, s := range []string{"acked", "nacked", "rejected", "error"} {
		n, _ := got.Value(semconv.MessagesProcessed, semconv.MessageStatus.String(s))
		fmt.Println(s, n)
	}
	errs, _ := got.Value(semconv.ProcessErrors, semconv.ErrorType.String(semconv.ErrorTypeOther))
	fmt.Println("errors", errs)
	// Output:
	// acked 2
	// nacked 1
	// rejected 1
	// error 1
	// errors 1
}
