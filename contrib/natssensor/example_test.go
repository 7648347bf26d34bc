package natssensor_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/contrib/natssensor"
	"github.com/streamotel/streamotel/otelsensor"
)

// A JetStream consumer and publisher, instrumented: NewJetStream instead of
// jetstream.New, and the consumer's handler wrapped by Handler.
func Example() {
	url, stop := exampleServer()
	defer stop()
	nc, err := nats.Connect(url)
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Close()

	reader := sdkmetric.NewManualReader() // your MeterProvider's exporter
	mon, err := otelsensor.New(
		otelsensor.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))),
		otelsensor.WithSystem("nats"),
		otelsensor.WithConsumerGroup("audit"),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer mon.Close()
	sensor := otelsensor.NewSensor(mon)

	ctx := context.Background()
	js, err := natssensor.NewJetStream(sensor, nc)
	if err != nil {
		log.Fatal(err)
	}
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "ORDERS", Subjects: []string{"orders.>"}}); err != nil {
		log.Fatal(err)
	}
	cons, err := js.CreateConsumer(ctx, "ORDERS", jetstream.ConsumerConfig{Durable: "audit", AckPolicy: jetstream.AckExplicitPolicy})
	if err != nil {
		log.Fatal(err)
	}
	for _, order := range []string{"1", "2", "3"} {
		if _, err := js.Publish(ctx, "orders.created", []byte(order)); err != nil {
			log.Fatal(err)
		}
	}

	handle := natssensor.Handler(sensor, func(msg jetstream.Msg) {
		if string(msg.Data()) == "2" {
			_ = msg.Term()
			return
		}
		_ = msg.Ack()
	})
	batch, err := cons.Fetch(3)
	if err != nil {
		log.Fatal(err)
	}
	for msg := range batch.Messages() {
		handle(msg)
	}

	printCounts(reader)
	// Output:
	// messaging.client.consumed.messages[messaging.destination.name=ORDERS] 3
	// messaging.client.sent.messages[messaging.destination.name=orders.created] 3
	// streamotel.messages.processed[messaging.destination.name=ORDERS streamotel.message.status=acked] 2
	// streamotel.messages.processed[messaging.destination.name=ORDERS streamotel.message.status=rejected] 1
}

// The setup docs/nats.md shows: a JetStream consumer's handler, its lag at
// collection time, the publisher and slow consumers. It is compiled, not
// run: it needs a server at nats.DefaultURL.
func Example_setup() {
	nc, err := nats.Connect(nats.DefaultURL)
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	handle := func(msg jetstream.Msg) { _ = msg.Ack() }

	mon, err := otelsensor.New(otelsensor.WithSystem("nats"), otelsensor.WithConsumerGroup("audit"))
	sensor := otelsensor.NewSensor(mon)

	js, err := natssensor.NewJetStream(sensor, nc) // instead of jetstream.New(nc)
	cons, err := js.Consumer(ctx, "ORDERS", "audit")
	cc, err := cons.Consume(natssensor.Handler(sensor, handle)) // handle is your jetstream.MessageHandler
	defer natssensor.PollConsumer(sensor, cons, 10*time.Second)()

	nc.SetErrorHandler(natssensor.ErrorHandler(sensor, nc.ErrorHandler())) // slow consumers; keeps yours

	if err != nil {
		log.Fatal(err)
	}
	defer cc.Stop()
}

// A handler that returns an error, called for each message of a Fetch, as
// docs/nats.md shows it: the message it settled says the status, its error
// is one.
func ExampleHandlerFunc() {
	url, stop := exampleServer()
	defer stop()
	nc, err := nats.Connect(url)
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Close()
	reader := sdkmetric.NewManualReader()
	mon, err := otelsensor.New(
		otelsensor.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))),
		otelsensor.WithSystem("nats"),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer mon.Close()
	sensor := otelsensor.NewSensor(mon)

	ctx := context.Background()
	js, err := jetstream.New(nc) // not instrumented: only the handler reports here
	if err != nil {
		log.Fatal(err)
	}
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "ORDERS", Subjects: []string{"orders.>"}}); err != nil {
		log.Fatal(err)
	}
	cons, err := js.CreateConsumer(ctx, "ORDERS", jetstream.ConsumerConfig{Durable: "audit", AckPolicy: jetstream.AckExplicitPolicy})
	if err != nil {
		log.Fatal(err)
	}
	for i := range 100 {
		if _, err := js.Publish(ctx, "orders.created", fmt.Append(nil, i)); err != nil {
			log.Fatal(err)
		}
	}
	process := func(msg jetstream.Msg) error {
		if string(msg.Data()) == "13" {
			return errors.New("cannot parse") // unsettled, redelivered after AckWait
		}
		return msg.Ack()
	}

	run := func() error {
		handle := natssensor.HandlerFunc(sensor, process)
		batch, err := cons.Fetch(100)
		if err != nil {
			return err
		}
		for msg := range batch.Messages() {
			handle(msg)
		}
		return batch.Error()
	}
	if err := run(); err != nil {
		log.Fatal(err)
	}

	printCounts(reader)
	// Output:
	// messaging.client.consumed.messages[messaging.destination.name=ORDERS] 100
	// streamotel.messages.processed[messaging.destination.name=ORDERS streamotel.message.status=acked] 99
	// streamotel.messages.processed[messaging.destination.name=ORDERS streamotel.message.status=error] 1
	// streamotel.process.errors[messaging.destination.name=ORDERS] 1
}

// Publishes reported under a pattern rather than each order's own subject.
func ExampleWithPublishDestination() {
	url, stop := exampleServer()
	defer stop()
	nc, err := nats.Connect(url)
	if err != nil {
		log.Fatal(err)
	}
	defer nc.Close()
	reader := sdkmetric.NewManualReader()
	mon, err := otelsensor.New(
		otelsensor.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))),
		otelsensor.WithSystem("nats"),
	)
	if err != nil {
		log.Fatal(err)
	}
	defer mon.Close()
	sensor := otelsensor.NewSensor(mon)

	js, err := natssensor.NewJetStream(sensor, nc, natssensor.WithPublishDestination(func(subject string) string {
		return subject[:strings.LastIndexByte(subject, '.')+1] + "*"
	}))

	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "ORDERS", Subjects: []string{"orders.>"}}); err != nil {
		log.Fatal(err)
	}
	for _, id := range []string{"1041", "1042", "1043"} {
		if _, err := js.Publish(ctx, "orders."+id, nil); err != nil {
			log.Fatal(err)
		}
	}

	printCounts(reader)
	// Output:
	// messaging.client.sent.messages[messaging.destination.name=orders.*] 3
}

// printCounts prints the counters of one collection that are not zero,
// sorted, with their destination and status.
func printCounts(reader *sdkmetric.ManualReader) {
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(context.Background(), &rm); err != nil {
		log.Fatal(err)
	}
	var lines []string
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			sum, ok := m.Data.(metricdata.Sum[int64])
			if !ok || !sum.IsMonotonic {
				continue
			}
			for _, p := range sum.DataPoints {
				if p.Value == 0 {
					continue
				}
				var attrs []string
				for _, kv := range p.Attributes.ToSlice() {
					if kv.Key == "messaging.destination.name" || kv.Key == "streamotel.message.status" {
						attrs = append(attrs, string(kv.Key)+"="+kv.Value.Emit())
					}
				}
				lines = append(lines, fmt.Sprint(m.Name, attrs, " ", p.Value))
			}
		}
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Println(l)
	}
}

// exampleServer starts a nats-server with JetStream for the example; yours
// runs elsewhere.
func exampleServer() (url string, stop func()) {
	dir, err := os.MkdirTemp("", "natssensor-example")
	if err != nil {
		log.Fatal(err)
	}
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: -1, JetStream: true, StoreDir: dir, NoLog: true, NoSigs: true})
	if err != nil {
		log.Fatal(err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(10e9) {
		log.Fatal("nats-server did not start")
	}
	return srv.ClientURL(), func() { srv.Shutdown(); srv.WaitForShutdown(); os.RemoveAll(dir) }
}
