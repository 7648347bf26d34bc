package kgosensor

import (
	"context"

	"github.com/twmb/franz-go/pkg/kgo"
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
	return traceContext.Extract(ctx, (*headers)(&r.Headers))
}

func hasHeader(hs []kgo.RecordHeader, key string) bool {
	for i := range hs {
		if hs[i].Key == key {
			return true
		}
	}
	return false
}

// headers is a propagation.TextMapCarrier over a record's headers; a
// pointer to it fits in an interface without an allocation.
type headers []kgo.RecordHeader

var _ propagation.TextMapCarrier = (*headers)(nil)

// Get returns the value of the first header named key, or "".
func (h *headers) Get(key string) string {
	for _, rh := range *h {
		if rh.Key == key {
			return string(rh.Value)
		}
	}
	return ""
}

// Set replaces the value of the header named key, or adds one.
func (h *headers) Set(key, value string) {
	for i := range *h {
		if (*h)[i].Key == key {
			(*h)[i].Value = []byte(value)
			return
		}
	}
	*h = append(*h, kgo.RecordHeader{Key: key, Value: []byte(value)})
}

// Keys returns the names of the headers.
func (h *headers) Keys() []string {
	keys := make([]string, len(*h))
	for i, rh := range *h {
		keys[i] = rh.Key
	}
	return keys
}
