package kgosensor

import (
	"context"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/plugin/kotel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"
)

const traceparent = "traceparent"

var traceContext propagation.TraceContext

// withRemoteSpan returns ctx with the remote span context of r's W3C
// traceparent (and tracestate) headers, or ctx itself when there is no
// traceparent or ctx already carries a valid span context (another hook,
// such as kotel's, extracted it first). Records without the header cost a
// scan of their header keys and allocate nothing.
func withRemoteSpan(ctx context.Context, r *kgo.Record) context.Context {
	if !hasHeader(r.Headers, traceparent) || trace.SpanContextFromContext(ctx).IsValid() {
		return ctx
	}
	return traceContext.Extract(ctx, kotel.NewRecordCarrier(r))
}

func hasHeader(hs []kgo.RecordHeader, key string) bool {
	for i := range hs {
		if hs[i].Key == key {
			return true
		}
	}
	return false
}
