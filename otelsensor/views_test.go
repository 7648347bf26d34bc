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
	c := &clock{t: stamp(time.Hour)}
	m.now = c.now
	s := NewSensor(m)

	ev := s.OnStreamEventIn(ctx, s.OnMessageIn(ctx, orders, 1), agent).StartedAt(c.at())
	send := s.OnSendInitiated(ctx, "out").StartedAt(c.at())
	c.advance(20 * time.Millisecond)
	s.OnStreamEventOut(ctx, ev, nil)
	s.OnSendCompleted(ctx, send, 0, 1)

	got, err := r.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := got.Metric(semconv.ProcessDuration); ok {
		t.Errorf("%s was dropped by a View but exported", semconv.ProcessDuration)
	}
	md, _ := got.Metric(semconv.OperationDuration)
	if _, ok := md.Data.(metricdata.ExponentialHistogram[float64]); !ok {
		t.Errorf("%s is a %T, want the exponential histogram its View asks for", semconv.OperationDuration, md.Data)
	}
	wantHistogram(t, got, semconv.OperationDuration, 1, 0.02, topicAttr("out"))
	eqSlice(t, "events_runtime, fed although its histogram is dropped", m.Snapshot().EventsRuntime, []float64{0.02})
}

// TestNoopProviderKeepsState checks that a Monitor on the no-op provider,
// which records no histogram, still keeps its in-process state.
func TestNoopProviderKeepsState(t *testing.T) {
	m, err := New(WithMeterProvider(noop.NewMeterProvider()))
	if err != nil {
		t.Fatal(err)
	}
	s := NewSensor(m)
	in := s.OnMessageIn(ctx, orders, 7)
	s.OnStreamEventOut(ctx, s.OnStreamEventIn(ctx, in, agent), nil)
	s.OnSendCompleted(ctx, s.OnSendInitiated(ctx, "out"), 0, 1)
	s.OnMessageOut(ctx, in)
	snap := m.Snapshot()
	eq(t, "messages_received_total", snap.MessagesReceivedTotal, 1)
	eq(t, "messages_active", snap.MessagesActive, 0)
	eq(t, "events_total", snap.EventsTotal, 1)
	eq(t, "len(events_runtime)", len(snap.EventsRuntime), 1)
	eq(t, "messages_sent", snap.MessagesSent, 1)
	eq(t, "len(send_latency)", len(snap.SendLatency), 1)
	eq(t, "topic_read_offsets[orders][3]", snap.TopicReadOffsets["orders"][3], 7)
}
