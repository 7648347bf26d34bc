package e2e

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/internal/demo"
	"github.com/streamotel/streamotel/otelsensor"
	sc "github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/stats"
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
	s := otelsensor.NewSensor(mon)
	res, err := demo.Run(ctx, s, demo.Config{Messages: messages, CommitEvery: 100, FailEvery: 97})
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
		s.OnWebRequestEnd(ctx, s.OnWebRequestStart(ctx, req), status)
		w.WebRequests++
	}
	mon.Count(ctx, "orders_valid", w.Counted)
	s.OnTopicBufferFull(ctx, otelsensor.TopicPartition{Topic: demo.InputTopic, Partition: 0})

	return w, nil
}

// driveExtensions calls the extension callbacks (FastStream-style handlers,
// async-kinesis-style batches, checkpoints, redeliveries and shards) once
// each, on a Monitor of its own with messaging.system "kinesis", so that the
// Kafka pipeline's counts stay apart, and sets statvent-style stats in a
// Registry exported with the same system. It returns how many messages it
// reported consumed.
func driveExtensions(ctx context.Context, mp metric.MeterProvider) (int, error) {
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kinesis"))
	if err != nil {
		return 0, err
	}
	s := otelsensor.NewSensor(mon)
	shard := otelsensor.TopicPartition{Topic: "clicks", Partition: 1}
	s.OnHandleEnd(ctx, s.OnHandleStart(ctx, "clicks", 128), otelsensor.StatusAcked, nil)
	s.OnHandleEnd(ctx, s.OnHandleStart(ctx, "clicks", 64), otelsensor.StatusError, demo.ErrInvalidOrder)
	s.OnBatchSent(ctx, s.OnBatchStart(ctx, "clicks"), 10, 1000, nil)
	s.OnThrottle(ctx, "clicks")
	s.OnProducerQueue(ctx, "clicks", 3)
	s.OnRecords(ctx, shard, 5, 500)
	s.OnReceiveError(ctx, shard, demo.ErrBrokerBusy)
	s.OnCheckpoint(ctx, shard, nil)
	s.OnRedelivered(ctx, shard, 2)
	s.OnIteratorAge(ctx, shard, 2*time.Second)
	s.OnLag(ctx, shard, 7)
	s.OnPending(ctx, shard, 2)
	s.OnDropped(ctx, shard, 1)
	s.OnConsumerQueue(ctx, "clicks", 2)
	s.OnShards(ctx, "clicks", 4, 1)
	s.OnReshard(ctx, "clicks")
	reg, err := stats.New()
	if err != nil {
		return 0, err
	}
	if _, err := reg.Register(mp, sc.MessagingSystem.String("kinesis")); err != nil {
		return 0, err
	}
	reg.Set("queue_depth", 12)
	reg.Record("batch_ms", 40)
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
