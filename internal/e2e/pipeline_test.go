package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/internal/demo"
	"github.com/streamotel/streamotel/otelsensor"
)

// workload is what drive did, for the expectations.
type workload struct {
	demo.Result
	WebRequests, WebErrors int
	Counted                int64
	BufferFull             int
}

// drive runs the demo pipeline on mon, plus the callbacks the pipeline does
// not make: web requests, an application count and a full buffer.
func drive(ctx context.Context, mon *otelsensor.Monitor, messages int) (workload, error) {
	res, err := demo.Run(ctx, mon, demo.Config{Messages: messages, CommitEvery: 100, FailEvery: 97})
	if err != nil {
		return workload{}, err
	}
	w := workload{Result: res, Counted: 42, BufferFull: 1}
	for i := range 7 {
		req := otelsensor.WebRequest{Method: "GET", Scheme: "http", Route: "/orders/{id}"}
		status := 200
		if i%3 == 2 {
			req.Method, status = "POST", 500
			w.WebErrors++
		}
		st := mon.OnWebRequestStart(ctx, req)
		mon.OnWebRequestEnd(ctx, req, status, st)
		w.WebRequests++
	}
	mon.Count(ctx, "orders_valid", w.Counted)
	mon.OnTopicBufferFull(ctx, otelsensor.TopicPartition{Topic: demo.InputTopic, Partition: 0})
	return w, nil
}

// flatten turns an in-process collection into the same shape as what the
// collector received.
func flatten(rm metricdata.ResourceMetrics) map[string]map[string]series {
	out := map[string]map[string]series{}
	for _, sm := range rm.ScopeMetrics {
		for _, m := range sm.Metrics {
			pts := map[string]series{}
			out[m.Name] = pts
			switch d := m.Data.(type) {
			case metricdata.Sum[int64]:
				for _, p := range d.DataPoints {
					pts[setKey(p.Attributes)] = series{value: float64(p.Value)}
				}
			case metricdata.Sum[float64]:
				for _, p := range d.DataPoints {
					pts[setKey(p.Attributes)] = series{value: p.Value}
				}
			case metricdata.Gauge[int64]:
				for _, p := range d.DataPoints {
					pts[setKey(p.Attributes)] = series{value: float64(p.Value)}
				}
			case metricdata.Gauge[float64]:
				for _, p := range d.DataPoints {
					pts[setKey(p.Attributes)] = series{value: p.Value}
				}
			case metricdata.Histogram[float64]:
				for _, p := range d.DataPoints {
					pts[setKey(p.Attributes)] = series{value: p.Sum, count: p.Count}
				}
			default:
				panic(fmt.Sprintf("%s: unexpected %T", m.Name, m.Data))
			}
		}
	}
	return out
}

func setKey(s attribute.Set) string {
	var kvs []string
	for _, kv := range s.ToSlice() {
		kvs = append(kvs, string(kv.Key)+"="+kv.Value.Emit())
	}
	slices.Sort(kvs)
	return strings.Join(kvs, ",")
}
