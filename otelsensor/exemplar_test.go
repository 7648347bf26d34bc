package otelsensor

import (
	"context"
	"testing"
	"time"

	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	"github.com/streamotel/streamotel/semconv"
)

// TestExemplarsLinkToSpans checks that a duration recorded under a sampled
// span carries that span as an exemplar.
func TestExemplarsLinkToSpans(t *testing.T) {
	w := newRig(t)
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{1, 2, 3},
		SpanID:     trace.SpanID{4, 5, 6},
		TraceFlags: trace.FlagsSampled,
	})
	spanCtx := trace.ContextWithSpanContext(context.Background(), sc)
	ev := w.OnStreamEventIn(spanCtx, w.OnMessageIn(spanCtx, orders, 1), agent).StartedAt(w.at())
	w.clock.advance(3 * time.Millisecond)
	w.OnStreamEventOut(spanCtx, ev, nil)

	md, ok := w.collect(t).Metric(semconv.ProcessDuration)
	if !ok {
		t.Fatal("no process duration")
	}
	points := md.Data.(metricdata.Histogram[float64]).DataPoints
	if len(points) != 1 || len(points[0].Exemplars) != 1 {
		t.Fatalf("%d points, want 1 with 1 exemplar: %+v", len(points), points)
	}
	ex := points[0].Exemplars[0]
	eq(t, "trace", trace.TraceID(ex.TraceID), sc.TraceID())
	eq(t, "span", trace.SpanID(ex.SpanID), sc.SpanID())
	eq(t, "value", ex.Value, 0.003)
}
