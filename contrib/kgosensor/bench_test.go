package kgosensor_test

import (
	"context"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/plugin/kotel"
	"github.com/twmb/franz-go/plugin/kprom"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/contrib/kgosensor"
	"github.com/streamotel/streamotel/otelsensor"
)

// benchRecords is how many records the benchmark's topic holds: run it with
// -benchtime at most this many x.
const benchRecords = 200000

// BenchmarkConsume consumes the same records of a kfake topic with no hooks,
// with kprom's, with kotel's meter and with this package's hooks (Fetched
// and Processed called as documented), each instrument read by its own
// registry or ManualReader. One op is one record polled and processed (the
// client's start and close included); the
// cpu-ns/op metric is the process's CPU time (user and system, the
// in-process broker's included) per record.
func BenchmarkConsume(b *testing.B) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(partitions, topic))
	if err != nil {
		b.Fatal(err)
	}
	defer c.Close()
	seed(b, c)
	for _, cont := range []struct {
		name  string
		hooks func() (kgo.Hook, *kgosensor.Hooks)
	}{
		{"none", func() (kgo.Hook, *kgosensor.Hooks) { return nil, nil }},
		{"kprom", func() (kgo.Hook, *kgosensor.Hooks) {
			return kprom.NewMetrics("kgo", kprom.Registry(prometheus.NewRegistry())), nil
		}},
		{"kotel", func() (kgo.Hook, *kgosensor.Hooks) {
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
			return kotel.NewKotel(kotel.WithMeter(kotel.NewMeter(kotel.MeterProvider(mp)))).Hooks()[0], nil
		}},
		{"kgosensor", func() (kgo.Hook, *kgosensor.Hooks) {
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
			mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"))
			if err != nil {
				b.Fatal(err)
			}
			h := kgosensor.New(otelsensor.NewSensor(mon))
			return h, h
		}},
	} {
		b.Run(cont.name, func(b *testing.B) {
			if b.N > benchRecords {
				b.Skipf("-benchtime %dx is more than the %d records of the topic", b.N, benchRecords)
			}
			hook, ours := cont.hooks()
			opts := []kgo.Opt{
				kgo.SeedBrokers(c.ListenAddrs()...), kgo.ConsumeTopics(topic),
				kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()),
			}
			if hook != nil {
				opts = append(opts, kgo.WithHooks(hook))
			}
			ctx := context.Background()
			b.ReportAllocs()
			cpu := cpuTime()
			b.ResetTimer()
			// The client starts fetching when it is made: it is made,
			// and closed, in the measured time.
			cl, err := kgo.NewClient(opts...)
			if err != nil {
				b.Fatal(err)
			}
			for read := 0; read < b.N; {
				fetches := cl.PollRecords(ctx, min(500, b.N-read)) // as max.poll.records
				if ours != nil {
					ours.Fetched(ctx, fetches)
				}
				for it := fetches.RecordIter(); !it.Done(); {
					r := it.Next()
					read++
					if ours != nil {
						ours.Processed(r, nil)
					}
				}
			}
			cl.Close()
			b.StopTimer()
			b.ReportMetric(float64(cpuTime()-cpu)/float64(b.N), "cpu-ns/op")
		})
	}
}

// seed writes benchRecords records of 100 bytes over the topic's
// partitions.
func seed(b *testing.B, c *kfake.Cluster) {
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...), kgo.DefaultProduceTopic(topic), kgo.RecordPartitioner(kgo.ManualPartitioner()))
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	value := []byte(fmt.Sprintf("%0100d", 0))
	for i := range benchRecords {
		cl.Produce(ctx, &kgo.Record{Partition: int32(i % partitions), Value: value}, nil)
	}
	if err := cl.Flush(ctx); err != nil {
		b.Fatal(err)
	}
}

// cpuTime returns the CPU time the process used so far, in nanoseconds.
func cpuTime() int64 {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return ru.Utime.Nano() + ru.Stime.Nano()
}
