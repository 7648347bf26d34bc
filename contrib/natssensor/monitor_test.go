package natssensor

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// metrics is one collection of a ManualReader.
type metrics struct{ rm metricdata.ResourceMetrics }

func collect(t *testing.T, r *sdkmetric.ManualReader) metrics {
	t.Helper()
	var m metrics
	if err := r.Collect(context.Background(), &m.rm); err != nil {
		t.Fatal(err)
	}
	return m
}

// value returns the sum of the int64 points of the instrument name whose
// attributes include attrs.
func (m metrics) value(name string, attrs ...attribute.KeyValue) int64 {
	var total int64
	add := func(set attribute.Set, v int64) {
		for _, kv := range attrs {
			if got, ok := set.Value(kv.Key); !ok || got != kv.Value {
				return
			}
		}
		total += v
	}
	for _, sm := range m.rm.ScopeMetrics {
		for _, in := range sm.Metrics {
			if in.Name != name {
				continue
			}
			switch d := in.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					add(p.Attributes, p.Value)
				}
			case metricdata.Gauge[int64]:
				for _, p := range d.DataPoints {
					add(p.Attributes, p.Value)
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					add(p.Attributes, int64(p.Count))
				}
			}
		}
	}
	return total
}

// newMonitor returns a Monitor and the reader of its metrics; it is closed
// when the test ends.
func newMonitor(t *testing.T) (*otelsensor.Monitor, *sdkmetric.ManualReader) {
	t.Helper()
	reader := sdkmetric.NewManualReader()
	mon, err := otelsensor.New(
		otelsensor.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))),
		otelsensor.WithSystem("nats"),
		otelsensor.WithConsumerGroup("audit"),
	)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mon.Close() })
	return mon, reader
}

// TestMonitorMetrics runs the consumer and publisher of the other tests
// against the Monitor and checks what it exports.
func TestMonitorMetrics(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	mon, reader := newMonitor(t)
	sensor := otelsensor.NewSensor(mon)
	js, err := NewJetStream(sensor, connect(t, srv))
	if err != nil {
		t.Fatal(err)
	}
	cons := newStream(t, js, 300*time.Millisecond)
	defer PollConsumer(sensor, cons, time.Hour)()
	ctx := context.Background()
	const n = 20
	for range n {
		if _, err := js.Publish(ctx, "orders.created", nil); err != nil {
			t.Fatal(err)
		}
	}
	dest := attribute.String("messaging.destination.name", "ORDERS")
	lagOf := func(m metrics) int64 { return m.value(semconv.ConsumerLag, dest) }
	waitForPending(t, cons, n)
	if got := lagOf(collect(t, reader)); got != n {
		t.Fatalf("lag %d before consuming, want %d (read by PollConsumer)", got, n)
	}

	handle := HandlerFunc(sensor, settleBySequence)
	for handled := 0; handled < n+12; {
		batch, err := cons.Fetch(4, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		for m := range batch.Messages() {
			handle(m)
			handled++
		}
		info, err := cons.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if got := lagOf(collect(t, reader)); got != int64(info.NumPending) {
			t.Fatalf("after %d messages: lag %d, NumPending %d", handled, got, info.NumPending)
		}
	}

	m := collect(t, reader)
	status := func(s string) attribute.KeyValue { return semconv.MessageStatus.String(s) }
	for s, want := range map[string]int64{
		semconv.MessageStatusAcked:    16,
		semconv.MessageStatusNacked:   4,
		semconv.MessageStatusRejected: 4,
		semconv.MessageStatusError:    4,
		semconv.MessageStatusSkipped:  4,
	} {
		if got := m.value(semconv.MessagesProcessed, dest, status(s)); got != want {
			t.Errorf("%s: %d messages processed, want %d", s, got, want)
		}
	}
	if got := m.value(semconv.ConsumedMessages, dest); got != n+12 {
		t.Errorf("consumed %d, want %d", got, n+12)
	}
	if got := m.value(semconv.MessagesRedelivered, dest); got != 12 {
		t.Errorf("redelivered %d, want 12", got)
	}
	if got := m.value(semconv.MessagesActive, dest); got != 0 {
		t.Errorf("%d messages active, want 0", got)
	}
	if got := m.value(semconv.SentMessages); got != n {
		t.Errorf("sent %d, want %d", got, n)
	}
	snap := mon.Snapshot()
	if got := snap.TopicLag["ORDERS"][0]; got != 0 {
		t.Errorf("Snapshot lag %d, want 0", got)
	}
	want := otelsensor.HandlerState{Received: n + 12, Acked: 16, Nacked: 4, Rejected: 4, Skipped: 4, Errors: 4}
	if got := snap.Handlers["ORDERS"]; got != want {
		t.Errorf("Snapshot handlers %+v, want %+v", got, want)
	}
}
