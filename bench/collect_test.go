package bench

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// fill gives the Monitor n series on each instrument it drives for consumed
// partitions and streams: six observable ones per partition (consumed,
// active, read, committed and end offsets, lag), two per stream (events,
// active) and the processing-duration histogram.
func fill(m *otelsensor.Monitor, n int) {
	s := otelsensor.NewSensor(m)
	for i := range n {
		tp := otelsensor.TopicPartition{Topic: "topic-" + strconv.Itoa(i/16), Partition: int32(i % 16)}
		st := otelsensor.Stream{Name: "stream-" + strconv.Itoa(i), Task: "task"}
		msg := s.OnMessageIn(ctx, tp, int64(i))
		s.OnOffsetCommitted(ctx, tp, int64(i))
		s.OnEndOffset(ctx, tp, int64(2*i))
		s.OnStreamEventOut(ctx, s.OnStreamEventIn(ctx, msg, st), nil)
	}
}

// unlimited lifts the SDK's cardinality limit above what the benchmarks
// create.
var unlimited = sdkmetric.WithCardinalityLimit(1 << 20)

// BenchmarkCollect measures ManualReader.Collect of the Monitor's instruments
// at 1, 100 and 10,000 series each, and, as the baseline, of one SDK
// observable counter that observes as many precomputed attribute sets shaped
// like a partition's. ns/series is the time per collected data point.
func BenchmarkCollect(b *testing.B) {
	for _, n := range []int{1, 100, 10_000} {
		b.Run(fmt.Sprintf("streamotel/series=%d", n), func(b *testing.B) {
			r := sdkmetric.NewManualReader()
			m := newMonitor(b, sdkProvider(b, sdkmetric.WithReader(r), unlimited), otelsensor.WithCardinalityLimit(n+1))
			fill(m, n)
			benchCollect(b, r)
		})
		b.Run(fmt.Sprintf("sdk-observable/series=%d", n), func(b *testing.B) {
			r := sdkmetric.NewManualReader()
			meter := sdkProvider(b, sdkmetric.WithReader(r), unlimited).Meter("baseline")
			sets := make([]metric.ObserveOption, n)
			for i := range sets {
				sets[i] = metric.WithAttributeSet(attribute.NewSet(
					semconv.MessagingSystem.String(system),
					semconv.MessagingConsumerGroupName.String(group),
					semconv.MessagingDestinationName.String("topic-"+strconv.Itoa(i/16)),
					semconv.MessagingDestinationPartition.String(strconv.Itoa(i%16)),
					semconv.MessagingOperationName.String(semconv.OperationReceive)))
			}
			_, err := meter.Int64ObservableCounter("baseline", metric.WithInt64Callback(func(_ context.Context, o metric.Int64Observer) error {
				for i, s := range sets {
					o.Observe(int64(i), s)
				}
				return nil
			}))
			if err != nil {
				b.Fatal(err)
			}
			benchCollect(b, r)
		})
	}
}

// benchCollect collects from r, reusing one ResourceMetrics as exporters do,
// and reports the time per data point.
func benchCollect(b *testing.B, r *sdkmetric.ManualReader) {
	var rm metricdata.ResourceMetrics
	if err := r.Collect(ctx, &rm); err != nil {
		b.Fatal(err)
	}
	points := dataPoints(rm)
	runtime.GC() // not the garbage of the setup
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := r.Collect(ctx, &rm); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(points), "ns/series")
}

func dataPoints(rm metricdata.ResourceMetrics) int {
	n := 0
	for _, sm := range rm.ScopeMetrics {
		for _, md := range sm.Metrics {
			switch d := md.Data.(type) {
			case metricdata.Sum[int64]:
				n += len(d.DataPoints)
			case metricdata.Gauge[int64]:
				n += len(d.DataPoints)
			case metricdata.Histogram[float64]:
				n += len(d.DataPoints)
			}
		}
	}
	return n
}

// scrapeSeries is the number of series a Prometheus scrape benchmark serves.
const scrapeSeries = 10_000

// BenchmarkPrometheusScrape measures one scrape of 10,000 series: the
// Monitor's through the OpenTelemetry Prometheus exporter, and the same
// metrics held by client_golang vectors.
func BenchmarkPrometheusScrape(b *testing.B) {
	b.Run("streamotel", func(b *testing.B) {
		reg := prometheus.NewRegistry()
		exp, err := otelprom.New(otelprom.WithRegisterer(reg), otelprom.WithoutScopeInfo(), otelprom.WithoutTargetInfo())
		if err != nil {
			b.Fatal(err)
		}
		m := newMonitor(b, sdkProvider(b, sdkmetric.WithReader(exp), unlimited), otelsensor.WithCardinalityLimit(scrapeSeries))
		fill(m, scrapeSeries/9)
		benchScrape(b, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	})
	b.Run("client_golang", func(b *testing.B) {
		reg := prometheus.NewRegistry()
		v := newVecs(reg)
		for i := range scrapeSeries / 9 {
			topic, p, s := "topic-"+strconv.Itoa(i/16), strconv.Itoa(i%16), "stream-"+strconv.Itoa(i)
			v.consumed.WithLabelValues(system, group, topic, p, "receive").Inc()
			for _, g := range []*prometheus.GaugeVec{v.messagesActive, v.readOffset, v.committedOffset} {
				g.WithLabelValues(system, group, topic, p).Set(float64(i))
			}
			v.streamEvents.WithLabelValues(system, group, s, "task").Inc()
			v.eventsActive.WithLabelValues(system, group, s, "task").Set(0)
			v.processDuration.WithLabelValues(system, group, "process", topic, p, s).Observe(0.001)
		}
		benchScrape(b, promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	})
}

// benchScrape serves GET /metrics with h and reports bytes and time per
// series.
func benchScrape(b *testing.B, h http.Handler) {
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	first := httptest.NewRecorder()
	h.ServeHTTP(first, req)
	if first.Code != http.StatusOK {
		b.Fatalf("scrape: %d %s", first.Code, first.Body)
	}
	runtime.GC()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/scrapeSeries, "ns/series")
	b.ReportMetric(float64(first.Body.Len()), "B/scrape")
}
