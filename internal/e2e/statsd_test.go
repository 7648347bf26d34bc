package e2e

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/statsd"
	"github.com/streamotel/streamotel/internal/clean"
	"github.com/streamotel/streamotel/otelsensor"
)

// evil is a topic name that would start a second metric line if it were
// sent as it is.
const evil = "a:b|c\nevil:1|c"

// runPipeline drives a Monitor through a known pipeline in three export
// cycles: per cycle, 10, 20 and 30 messages on partitions 0, 1 and 2 of
// "orders", each processed by one stream event, 5 messages on the topic named
// evil, 4 table reads, 3 sends and one failed send; and records two probe
// durations of 0.25 s and 0.75 s.
func runPipeline(t *testing.T, mon *otelsensor.Monitor, probe metric.Float64Histogram, flush func()) {
	t.Helper()
	ctx := context.Background()
	s := otelsensor.NewSensor(mon)
	stream := otelsensor.Stream{Name: "orders-stream", Task: "count_orders"}
	for range 3 {
		for p := range int32(3) {
			tp := otelsensor.TopicPartition{Topic: "orders", Partition: p}
			for i := range 10 * int64(p+1) {
				msg := s.OnMessageIn(ctx, tp, i)
				s.OnStreamEventOut(ctx, s.OnStreamEventIn(ctx, msg, stream), nil)
				s.OnMessageOut(ctx, msg)
			}
		}
		for i := range int64(5) {
			s.OnMessageIn(ctx, otelsensor.TopicPartition{Topic: evil}, i)
		}
		for range 4 {
			s.OnTableGet(ctx, "counts")
		}
		for i := range int64(3) {
			s.OnSendCompleted(ctx, s.OnSendInitiated(ctx, "totals"), 0, i)
		}
		s.OnSendError(ctx, s.OnSendInitiated(ctx, "totals"), errors.New("broker down"))
		flush()
	}
	probe.Record(ctx, 0.25)
	probe.Record(ctx, 0.75)
	flush()
}

func TestDaemon(t *testing.T) {
	for _, flavor := range []statsd.Flavor{statsd.StatsD, statsd.DogStatsD} {
		t.Run(flavor.String(), func(t *testing.T) {
			d := startDaemon(t)
			exp := newExporter(t, statsd.WithAddress(d.addr), statsd.WithPrefix("faust-app"), statsd.WithFlavor(flavor))
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewPeriodicReader(exp, sdkmetric.WithInterval(time.Hour))))
			t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
			mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"), otelsensor.WithConsumerGroup("orders-app"))
			if err != nil {
				t.Fatal(err)
			}
			probe, _ := mp.Meter("probe").Float64Histogram("probe.duration", metric.WithUnit("s"))
			flush := func() {
				if err := mp.ForceFlush(context.Background()); err != nil {
					t.Fatalf("export: %v", err)
				}
			}
			runPipeline(t, mon, probe, flush)
			d.waitPackets(t, exp.Stats().Packets)

			group := []string{"messaging.consumer.group.name", "orders-app"}
			consumed := func(topic, partition string) string {
				return daemonKey(flavor, "faust-app.messaging.client.consumed.messages", append(group,
					"messaging.destination.name", topic, "messaging.destination.partition.id", partition,
					"messaging.operation.name", "receive", "messaging.system", "kafka")...)
			}
			sent := []string{"messaging.destination.name", "totals", "messaging.operation.name", "send", "messaging.operation.type", "send", "messaging.system", "kafka"}
			// Completed sends carry the partition sent to; failed ones do not know it.
			sentOK := []string{"messaging.destination.name", "totals", "messaging.destination.partition.id", "0",
				"messaging.operation.name", "send", "messaging.operation.type", "send", "messaging.system", "kafka"}
			st := exp.Stats()
			want := map[string]float64{
				consumed("orders", "0"):                      30,
				consumed("orders", "1"):                      60,
				consumed("orders", "2"):                      90,
				consumed(statsdValue(clean.Name(evil)), "0"): 15,
				daemonKey(flavor, "faust-app.messaging.client.sent.messages", sentOK...):                                            9,
				daemonKey(flavor, "faust-app.messaging.client.sent.messages", append([]string{"error.type", "_OTHER"}, sent...)...): 3,
				daemonKey(flavor, "faust-app.streamotel.send.errors", append([]string{"error.type", "_OTHER"}, sent...)...):         3,
				daemonKey(flavor, "faust-app.streamotel.stream.events", append(group, "messaging.system", "kafka",
					"streamotel.stream.name", "orders-stream", "streamotel.task.name", "count_orders")...): 180,
				daemonKey(flavor, "faust-app.streamotel.table.operations", append(group, "messaging.system", "kafka",
					"streamotel.table.name", "counts", "streamotel.table.operation", "get")...): 12,
				"statsd.bad_lines_seen":   0,
				"statsd.metrics_received": float64(st.Lines),
				"statsd.packets_received": float64(st.Packets),
			}
			got := d.counters(t)
			for k, v := range want {
				if got[k] != v {
					t.Errorf("counter %s = %v, want %v", k, got[k], v)
				}
			}
			if len(got) != len(want) {
				t.Errorf("daemon has %d counters, want %d: %v", len(got), len(want), got)
			}
			for k := range got {
				if strings.Contains(k, "evil") && k != consumed(statsdValue(clean.Name(evil)), "0") {
					t.Errorf("injected name reached the daemon as its own metric: %s", k)
				}
			}
			if st.Errors != 0 || st.Dropped != 0 {
				t.Errorf("stats %+v", st)
			}

			// Two probes of 0.25 s and 0.75 s: one timer line of their
			// mean in milliseconds.
			if got := d.values(t, "timers")[daemonKey(flavor, "faust-app.probe.duration")]; !slices.Equal(got, []float64{500}) {
				t.Errorf("probe timer %v, want [500]", got)
			}
			gauges := d.values(t, "gauges")
			partition2 := append(group, "messaging.destination.name", "orders", "messaging.destination.partition.id", "2", "messaging.system", "kafka")
			if got := gauges[daemonKey(flavor, "faust-app.streamotel.offset.read", partition2...)]; !slices.Equal(got, []float64{29}) {
				t.Errorf("read offset of partition 2 = %v, want [29]", got)
			}

			// With the daemon gone, exports fail fast and are counted; the
			// application goes on.
			d.stop()
			start := time.Now()
			failed := 0
			for i := range int64(20) {
				otelsensor.NewSensor(mon).OnMessageIn(context.Background(), otelsensor.TopicPartition{Topic: "orders"}, 100+i)
				if err := mp.ForceFlush(context.Background()); err != nil {
					failed++
				}
			}
			if took := time.Since(start); took > 2*time.Second {
				t.Errorf("20 exports to a stopped daemon took %v", took)
			}
			if after := exp.Stats(); failed == 0 || after.Errors != uint64(failed) {
				t.Errorf("%d failed exports, stats %+v", failed, after)
			}
		})
	}
}

// daemonKey returns the key under which statsd stores a metric: attributes
// folded into the name for StatsD, and for DogStatsD the tags that statsd
// 0.9 turns into Graphite tags (";key=value"). kv alternates keys and
// values, already sanitised, in key order.
// statsdValue returns an ASCII attribute value as the exporter sends it:
// every byte outside A-Z a-z 0-9 _ - . replaced by '_' and, if one was, the
// hash of the raw value appended after '-'.
func statsdValue(raw string) string {
	var out []byte
	marked := false
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '-', c == '.':
			out = append(out, c)
		default:
			out = append(out, '_')
			marked = true
		}
	}
	if marked {
		out = clean.AppendHash(append(out, '-'), []byte(raw))
	}
	return string(out)
}

func daemonKey(flavor statsd.Flavor, name string, kv ...string) string {
	var b strings.Builder
	b.WriteString(name)
	for i := 0; i+1 < len(kv); i += 2 {
		if flavor == statsd.StatsD {
			b.WriteString("." + strings.ReplaceAll(kv[i], ".", "_") + "." + strings.ReplaceAll(kv[i+1], ".", "_"))
		} else {
			b.WriteString(";" + kv[i] + "=" + kv[i+1])
		}
	}
	return b.String()
}
