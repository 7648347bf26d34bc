package otelsensor

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	"github.com/streamotel/streamotel/semconv"
)

// TestExemplarsLinkToSpans checks that a duration recorded under a sampled
// span carries that span as an exemplar.
func TestExemplarsLinkToSpans(t *testing.T) {
	m, r, c := newMonitor(t)
	sc := trace.NewSpanContext(trace.SpanContextConfig{
		TraceID:    trace.TraceID{1, 2, 3},
		SpanID:     trace.SpanID{4, 5, 6},
		TraceFlags: trace.FlagsSampled,
	})
	spanCtx := trace.ContextWithSpanContext(context.Background(), sc)
	st := m.OnStreamEventIn(spanCtx, orders, 1, agent)
	c.advance(3e6)
	m.OnStreamEventOut(spanCtx, orders, 1, agent, st, nil)

	md, ok := collect(t, r).Metric(semconv.ProcessDuration)
	if !ok {
		t.Fatal("no process duration")
	}
	points := md.Data.(metricdata.Histogram[float64]).DataPoints
	if len(points) != 1 || len(points[0].Exemplars) != 1 {
		t.Fatalf("points = %+v", points)
	}
	ex := points[0].Exemplars[0]
	if trace.TraceID(ex.TraceID) != sc.TraceID() || trace.SpanID(ex.SpanID) != sc.SpanID() || ex.Value != 0.003 {
		t.Errorf("exemplar = %+v, want trace %s span %s value 0.003", ex, sc.TraceID(), sc.SpanID())
	}
}
