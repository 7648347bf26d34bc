package otelsensor

import (
	"testing"
	"time"

	"go.opentelemetry.io/otel/metric/noop"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/semconv"
)

// TestViewsApplyToDurations checks that durations go through the SDK's
// Views: one View drops a histogram, which the Monitor then skips, another
// changes the aggregation of the next, which must still receive every value.
func TestViewsApplyToDurations(t *testing.T) {
	r := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r),
		sdkmetric.WithView(
			sdkmetric.NewView(sdkmetric.Instrument{Name: semconv.ProcessDuration},
				sdkmetric.Stream{Aggregation: sdkmetric.AggregationDrop{}}),
			sdkmetric.NewView(sdkmetric.Instrument{Name: semconv.OperationDuration},
				sdkmetric.Stream{Aggregation: sdkmetric.AggregationBase2ExponentialHistogram{MaxSize: 160, MaxScale: 20}}),
		))
	t.Cleanup(func() { _ = mp.Shutdown(ctx) })
	m, err := New(WithMeterProvider(mp), WithSystem("kafka"))
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Hour}
	m.now = c.now

	ev := m.OnStreamEventIn(ctx, orders, 1, agent)
	send := m.OnSendInitiated(ctx, "out", 1, 1)
	c.advance(20 * time.Millisecond)
	m.OnStreamEventOut(ctx, orders, 1, agent, ev, nil)
	m.OnSendCompleted(ctx, TopicPartition{"out", 0}, 1, send)

	got := collect(t, r)
	if _, ok := got.Metric(semconv.ProcessDuration); ok {
		t.Errorf("%s was dropped by a View but exported", semconv.ProcessDuration)
	}
	md, _ := got.Metric(semconv.OperationDuration)
	if _, ok := md.Data.(metricdata.ExponentialHistogram[float64]); !ok {
		t.Errorf("%s is a %T, want the exponential histogram its View asks for", semconv.OperationDuration, md.Data)
	}
	wantHistogram(t, got, semconv.OperationDuration, 1, 0.02, topicAttr("out"))
	if s := m.Snapshot(); len(s.EventsRuntime) != 1 || s.EventsRuntime[0] != 0.02 {
		t.Errorf("a dropped histogram must still feed the snapshot: events runtime %v", s.EventsRuntime)
	}
}

// TestNoopProviderKeepsState checks that a Monitor on the no-op provider,
// which records no histogram, still keeps its in-process state.
func TestNoopProviderKeepsState(t *testing.T) {
	m, err := New(WithMeterProvider(noop.NewMeterProvider()))
	if err != nil {
		t.Fatal(err)
	}
	in := m.OnMessageIn(ctx, orders, 7)
	ev := m.OnStreamEventIn(ctx, orders, 7, agent)
	m.OnStreamEventOut(ctx, orders, 7, agent, ev, nil)
	m.OnSendCompleted(ctx, TopicPartition{"out", 0}, 1, m.OnSendInitiated(ctx, "out", 1, 1))
	m.OnMessageOut(ctx, orders, 7, in)
	s := m.Snapshot()
	if s.MessagesReceivedTotal != 1 || s.MessagesActive != 0 || s.EventsTotal != 1 || len(s.EventsRuntime) != 1 ||
		s.MessagesSent != 1 || len(s.SendLatency) != 1 || s.TopicReadOffsets["orders"][3] != 7 {
		t.Errorf("snapshot = %+v", s)
	}
}
