package kgosensor

import (
	"context"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
	"go.opentelemetry.io/otel/trace"
)

func TestWithRemoteSpan(t *testing.T) {
	const tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
	bg := context.Background()
	for _, tc := range []struct {
		name    string
		headers []kgo.RecordHeader
		ctx     context.Context
		want    string
	}{
		{"none", nil, bg, ""},
		{"other headers", []kgo.RecordHeader{{Key: "k", Value: []byte("v")}}, bg, ""},
		{"traceparent", []kgo.RecordHeader{{Key: "k"}, {Key: "traceparent", Value: []byte(tp)}}, bg, "4bf92f3577b34da6a3ce929d0e0e4736"},
		{"malformed", []kgo.RecordHeader{{Key: "traceparent", Value: []byte("00-zz")}}, bg, ""},
		{"already traced", []kgo.RecordHeader{{Key: "traceparent", Value: []byte(tp)}}, trace.ContextWithSpanContext(bg, trace.NewSpanContext(trace.SpanContextConfig{
			TraceID: trace.TraceID{1}, SpanID: trace.SpanID{1},
		})), "01000000000000000000000000000000"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sc := trace.SpanContextFromContext(withRemoteSpan(tc.ctx, &kgo.Record{Headers: tc.headers}))
			got := ""
			if sc.IsValid() {
				got = sc.TraceID().String()
			}
			if got != tc.want {
				t.Errorf("trace %q, want %q", got, tc.want)
			}
		})
	}
}

// FuzzWithRemoteSpan checks that any traceparent and tracestate a record
// carries either give a valid remote span context or leave the context as
// it was, and never panic.
func FuzzWithRemoteSpan(f *testing.F) {
	f.Add([]byte("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), []byte("congo=t61rcWkgMzE"))
	f.Add([]byte("ff-00000000000000000000000000000000-0000000000000000-00"), []byte(""))
	f.Add([]byte("00-"), []byte(",,=="))
	f.Fuzz(func(t *testing.T, parent, state []byte) {
		r := &kgo.Record{Headers: []kgo.RecordHeader{{Key: "traceparent", Value: parent}, {Key: "tracestate", Value: state}}}
		ctx := withRemoteSpan(context.Background(), r)
		if sc := trace.SpanContextFromContext(ctx); sc.IsValid() != (ctx != context.Background()) || (sc.IsValid() && !sc.IsRemote()) {
			t.Errorf("traceparent %q: span context %+v", parent, sc)
		}
	})
}
