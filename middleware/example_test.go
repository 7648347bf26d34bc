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

// fakeProducer stands in for a broker client's producer.
type fakeProducer struct{ sent []string }

func (p *fakeProducer) Send(ctx context.Context, body []byte) error {
	p.sent = append(p.sent, string(body))
	return nil
}

// A FastStream subscriber and publisher, as docs/migrating.md writes them
// in Go: the handler's error settles the message, the publisher counts
// sends.
func ExamplePublisher() {
	ctx := context.Background()
	reader := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	defer mp.Shutdown(ctx)
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"))
	if err != nil {
		log.Fatal(err)
	}
	sensor := otelsensor.NewSensor(mon)
	warm := false
	ready := func() bool { return warm }
	process := func(body []byte) error {
		if len(body) == 0 {
			return errors.New("empty order")
		}
		return nil
	}
	producer := &fakeProducer{}

	handle := middleware.Handler("orders", func(ctx context.Context, body []byte) error {
		if !ready() {
			return middleware.ErrNack // or ErrReject, ErrSkip
		}
		return process(body) // nil acks; any other error is counted by type
	}, middleware.WithSensor(sensor))

	publish := middleware.Publisher("invoices", producer.Send, middleware.WithSensor(sensor))

	_ = handle(ctx, []byte("a")) // not ready yet: nacked
	warm = true
	_ = handle(ctx, []byte("a"))
	_ = handle(ctx, nil)
	_ = publish(ctx, []byte("invoice a"))

	got, _ := reader.Metrics(ctx)
	for _, s := range []string{"acked", "nacked", "error"} {
		n, _ := got.Value(semconv.MessagesProcessed, semconv.MessageStatus.String(s))
		fmt.Println(s, n)
	}
	sent, _ := got.Value(semconv.SentMessages)
	fmt.Println("sent", sent, producer.sent)
	// Output:
	// acked 1
	// nacked 1
	// error 1
	// sent 1 [invoice a]
}
