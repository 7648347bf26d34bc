package e2e

import (
	"context"
	"fmt"
	"go.opentelemetry.io/otel/metric"
	"slices"
	"strings"
	"time"

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

// driveExtensions calls the extension callbacks (FastStream-style handlers,
// async-kinesis-style batches, checkpoints and shards) and statvent-style
// stats once each, on a Monitor of its own with messaging.system "kinesis",
// so that the Kafka pipeline's counts stay apart. It returns how many
// messages it reported consumed.
func driveExtensions(ctx context.Context, mp metric.MeterProvider) (int, error) {
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kinesis"))
	if err != nil {
		return 0, err
	}
	shard := otelsensor.TopicPartition{Topic: "clicks", Partition: 1}
	mon.OnHandleEnd(ctx, "clicks", mon.OnHandleStart(ctx, "clicks", 128), otelsensor.StatusAcked, nil)
	mon.OnHandleEnd(ctx, "clicks", mon.OnHandleStart(ctx, "clicks", 64), otelsensor.StatusError, demo.ErrInvalidOrder)
	mon.OnBatchSent(ctx, "clicks", 10, 1000, mon.OnBatchStart(ctx, "clicks"), nil)
	mon.OnThrottle(ctx, "clicks")
	mon.OnProducerQueue(ctx, "clicks", 3)
	mon.OnRecords(ctx, shard, 5, 500)
	mon.OnReceiveError(ctx, shard, demo.ErrBrokerBusy)
	mon.OnCheckpoint(ctx, shard, nil)
	mon.OnIteratorAge(ctx, shard, 2*time.Second)
	mon.OnLag(ctx, shard, 7)
	mon.OnConsumerQueue(ctx, "clicks", 2)
	mon.OnShards(ctx, "clicks", 4, 1)
	mon.OnReshard(ctx, "clicks")
	mon.Stats().Set("queue_depth", 12)
	mon.Stats().Record("batch_ms", 40)
	return 2 + 5, nil // two handled messages, five records
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
