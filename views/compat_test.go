package views_test

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/views"
)

func TestFaust(t *testing.T) {
	vs := append([]sdkView{views.New()}, views.Faust("myapp")...)
	meter, collect := provider(t, vs...)
	c, _ := meter.Int64Counter(semconv.ConsumedMessages)
	for _, topic := range []string{"a", "b", "b"} {
		c.Add(context.Background(), 1, metric.WithAttributes(
			semconv.MessagingDestinationName.String(topic),
			semconv.MessagingDestinationPartition.Int(0)))
	}
	got := collect()
	if pts := got[semconv.ConsumedMessages].Data.(metricdata.Sum[int64]).DataPoints; len(pts) != 2 {
		t.Errorf("original stream has %d points, want 2", len(pts))
	}
	total := got["myapp_messages_received"].Data.(metricdata.Sum[int64]).DataPoints
	if len(total) != 1 || total[0].Value != 3 || total[0].Attributes.Len() != 0 {
		t.Errorf("messages_received = %+v, want one unlabelled point of 3", total)
	}
	per := got["myapp_messages_received_per_topic"].Data.(metricdata.Sum[int64]).DataPoints
	if len(per) != 2 {
		t.Fatalf("per topic = %+v", per)
	}
	for _, dp := range per {
		if dp.Attributes.Len() != 1 {
			t.Errorf("per topic attributes = %v, want the topic only", dp.Attributes.ToSlice())
		}
	}
}

func TestFastStreamDuration(t *testing.T) {
	meter, collect := provider(t, append([]sdkView{views.New(views.Exponential(10))}, views.FastStream("faststream")...)...)
	h, _ := meter.Float64Histogram(semconv.ProcessDuration, metric.WithUnit("s"))
	h.Record(context.Background(), 0.2, metric.WithAttributes(
		semconv.MessagingSystem.String("kafka"), attribute.String("other", "x")))
	m := got(t, collect(), "faststream_received_processed_messages_duration")
	if m.Unit != "s" {
		t.Errorf("unit %q, want s (the Prometheus exporter adds _seconds)", m.Unit)
	}
	dp := histogram(t, m).DataPoints[0]
	if len(dp.Bounds) != len(semconv.DurationBuckets) || dp.Attributes.Len() != 1 {
		t.Errorf("point = %+v, want the table's buckets and messaging.system only", dp)
	}
}

// TestCompatSourcesExist guards the mapping tables against renamed
// instruments: every compatibility View must match a table instrument.
func TestCompatSourcesExist(t *testing.T) {
	for _, set := range [][]sdkView{views.Faust(""), views.FastStream("")} {
		for i, v := range set {
			matched := false
			for _, in := range semconv.Instruments() {
				if _, ok := v(sdkInstrument(in)); ok {
					matched = true
				}
			}
			if !matched {
				t.Errorf("view %d matches no instrument of the table", i)
			}
		}
	}
}

func got(t *testing.T, ms map[string]metricdata.Metrics, name string) metricdata.Metrics {
	t.Helper()
	m, ok := ms[name]
	if !ok {
		t.Fatalf("no metric %s among %d", name, len(ms))
	}
	return m
}
