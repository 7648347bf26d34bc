package kgosensor_test

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/contrib/kgosensor"
	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/otelsensor"
)

const (
	topic      = "orders"
	partitions = 4
	groupName  = "orders-app"
)

// startCluster starts an in-process Kafka (kfake) on a random port of
// 127.0.0.1 with topic's partitions, and closes it when the test ends.
// Topics are not created on demand.
func startCluster(t *testing.T) *kfake.Cluster {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(partitions, topic))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	return c
}

// instrumented is a Monitor on a MeterProvider read by a ManualReader.
type instrumented struct {
	mon    *otelsensor.Monitor
	sensor *otelsensor.Sensor
	reader *memory.Reader
}

func newInstrumented(t *testing.T) instrumented {
	t.Helper()
	r := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"), otelsensor.WithConsumerGroup(groupName))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = mon.Close() })
	return instrumented{mon: mon, sensor: otelsensor.NewSensor(mon), reader: r}
}

func (in instrumented) metrics(t *testing.T) memory.Metrics {
	t.Helper()
	m, err := in.reader.Metrics(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// newClient returns a client on c with opts and hooks (if not nil), closed
// when the test ends. It produces to the partition each record names.
func newClient(t *testing.T, c *kfake.Cluster, hooks *kgosensor.Hooks, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	opts = append([]kgo.Opt{kgo.SeedBrokers(c.ListenAddrs()...), kgo.RecordPartitioner(kgo.ManualPartitioner())}, opts...)
	if hooks != nil {
		opts = append(opts, kgo.WithHooks(hooks))
	}
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// consumer are the options of a group member that commits by hand and
// notices rebalances quickly.
func consumer(extra ...kgo.Opt) []kgo.Opt {
	return append([]kgo.Opt{
		kgo.ConsumerGroup(groupName), kgo.ConsumeTopics(topic),
		kgo.DisableAutoCommit(), kgo.HeartbeatInterval(100 * time.Millisecond),
		kgo.FetchMaxWait(100 * time.Millisecond),
	}, extra...)
}

// produce writes n records round-robin over the partitions of topic.
func produce(t *testing.T, cl *kgo.Client, n int) {
	t.Helper()
	for i := range n {
		r := &kgo.Record{Topic: topic, Partition: int32(i % partitions), Value: []byte("order")}
		if err := cl.ProduceSync(context.Background(), r).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
}

// groupLag returns kadm's lag of the group by partition of topic.
func groupLag(t *testing.T, c *kfake.Cluster) map[int32]int64 {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(c.ListenAddrs()...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	lags, err := kadm.NewClient(cl).Lag(context.Background(), groupName)
	if err != nil {
		t.Fatal(err)
	}
	l := lags[groupName]
	if err := l.Error(); err != nil {
		t.Fatal(err)
	}
	out := map[int32]int64{}
	for p, ml := range l.Lag[topic] {
		out[p] = ml.Lag
	}
	return out
}

// waitFor polls cond until it holds or 15 seconds passed.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
