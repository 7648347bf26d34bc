package bench

import (
	"runtime"
	"strconv"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/internal/race"
	"github.com/streamotel/streamotel/otelsensor"
)

// heapAlloc returns the bytes of live heap after a full collection.
func heapAlloc() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}

// seriesKinds create one new series of each kind the Monitor keeps, named
// after i, through the front s.
var seriesKinds = []struct {
	name string
	add  func(s *otelsensor.Sensor, i int)
}{
	{"partition", func(s *otelsensor.Sensor, i int) {
		tp := otelsensor.TopicPartition{Topic: "topic-" + strconv.Itoa(i), Partition: 0}
		s.OnMessageIn(ctx, tp, 1)
		s.OnOffsetCommitted(ctx, tp, 2)
		s.OnEndOffset(ctx, tp, 3)
	}},
	{"stream", func(s *otelsensor.Sensor, i int) {
		s.OnStreamEventIn(ctx, otelsensor.Message{TopicPartition: tps[0], Offset: 1}, otelsensor.Stream{Name: "stream-" + strconv.Itoa(i), Task: "task"})
	}},
	{"process", func(s *otelsensor.Sensor, i int) {
		tp := otelsensor.TopicPartition{Topic: inTopic, Partition: int32(i)}
		ev := otelsensor.Event{TopicPartition: tp, Offset: 1, Stream: streams[0]}.StartedAt(time.Now())
		s.OnStreamEventOut(ctx, ev, nil)
	}},
	{"table", func(s *otelsensor.Sensor, i int) { s.OnTableGet(ctx, "table-"+strconv.Itoa(i)) }},
	{"topic", func(s *otelsensor.Sensor, i int) {
		topic := "topic-" + strconv.Itoa(i)
		s.OnSendCompleted(ctx, s.OnSendInitiated(ctx, topic), 0, 1)
	}},
}

// BenchmarkHeapPerSeries reports the live heap one new series of each kind
// costs, the SDK's storage for it after a collection included. The time per
// operation is that of building and collecting 1,000 series.
func BenchmarkHeapPerSeries(b *testing.B) {
	const n = 1000
	for _, kind := range seriesKinds {
		b.Run(kind.name, func(b *testing.B) {
			var total uint64
			for b.Loop() {
				r := sdkmetric.NewManualReader()
				m := newMonitor(b, sdkProvider(b, sdkmetric.WithReader(r), unlimited), otelsensor.WithCardinalityLimit(n+1))
				s := otelsensor.NewSensor(m)
				kind.add(s, -1)
				collectOnce(b, r)
				before := heapAlloc()
				for i := range n {
					kind.add(s, i)
				}
				collectOnce(b, r)
				total += heapAlloc() - before
				runtime.KeepAlive(m)
			}
			b.ReportMetric(float64(total)/float64(b.N)/n, "B/series")
		})
	}
}

func collectOnce(tb testing.TB, r *sdkmetric.ManualReader) {
	var rm metricdata.ResourceMetrics
	if err := r.Collect(ctx, &rm); err != nil {
		tb.Fatal(err)
	}
}

// TestHeapBoundedByCardinality feeds a Monitor 1,000,000 distinct topic,
// stream, table and metric names and checks that its heap, the SDK's storage
// included, stays within what its cardinality limit allows and stops growing
// once the limit is reached.
func TestHeapBoundedByCardinality(t *testing.T) {
	names := 1_000_000
	if race.Enabled {
		names = 100_000 // the race detector makes each call ten times slower
	}
	const (
		limit = otelsensor.DefaultCardinalityLimit
		// perSeries is a generous budget for one series of any kind: the
		// heaviest, a histogram with its exemplar reservoir, costs about
		// half of it (BenchmarkHeapPerSeries).
		perSeries = 16 << 10
		// settled is how much the heap may still move once every kind is
		// past its limit: runtime noise, not series.
		settled = 1 << 20
	)
	r := sdkmetric.NewManualReader()
	m := newMonitor(t, sdkProvider(t, sdkmetric.WithReader(r)))
	s := otelsensor.NewSensor(m)
	collectOnce(t, r)
	start := heapAlloc()
	var atLimit uint64
	for i := range names {
		for _, kind := range seriesKinds {
			kind.add(s, i)
		}
		m.Count(ctx, "count-"+strconv.Itoa(i), 1)
		if i%(names/10) == 0 {
			collectOnce(t, r)
		}
		if i == 2*limit {
			collectOnce(t, r)
			atLimit = heapAlloc()
		}
	}
	collectOnce(t, r)
	end := heapAlloc()
	runtime.KeepAlive(m)

	bound := uint64(limit * (len(seriesKinds) + 1) * perSeries)
	t.Logf("heap: %d B at start, %d B at %d names, %d B at %d names; bound %d B", start, atLimit, 2*limit, end, names, bound)
	if end > start+bound {
		t.Errorf("heap grew by %d B over %d names, more than the %d B the cardinality limit allows", end-start, names, bound)
	}
	if end > atLimit+settled {
		t.Errorf("heap grew by %d B after every kind reached its limit", end-atLimit)
	}
	snap := m.Snapshot()
	if got := len(snap.Tables); got != limit+1 {
		t.Errorf("snapshot has %d tables, want the %d of the limit plus the overflow", got, limit+1)
	}
}
