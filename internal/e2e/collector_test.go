package e2e

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	colmetrics "go.opentelemetry.io/proto/otlp/collector/metrics/v1"
	commonpb "go.opentelemetry.io/proto/otlp/common/v1"
	metricspb "go.opentelemetry.io/proto/otlp/metrics/v1"
	"google.golang.org/protobuf/encoding/protojson"

	"github.com/streamotel/streamotel/internal/testtool"
)

// collector is an OpenTelemetry Collector running examples/collector's
// configuration on free ports, writing to a file per start.
type collector struct {
	t        *testing.T
	bin, dir string
	config   string // configuration file
	grpc     string // host:port of the OTLP gRPC receiver
	http     string // host:port of the OTLP HTTP receiver
	proc     *process
	starts   int
}

func startCollector(t *testing.T) *collector {
	t.Helper()
	c := newCollector(t)
	c.start()
	return c
}

// newCollector prepares a collector without starting it.
func newCollector(t *testing.T) *collector {
	t.Helper()
	_, file, _, _ := runtime.Caller(0)
	return &collector{
		t:      t,
		bin:    testtool.Require(t, "otelcol-streamotel"),
		dir:    t.TempDir(),
		config: filepath.Join(filepath.Dir(file), "..", "..", "examples", "collector", "config.yaml"),
		grpc:   "127.0.0.1:" + freePort(t),
		http:   "127.0.0.1:" + freePort(t),
	}
}

// start starts the collector and waits until it accepts OTLP.
func (c *collector) start() {
	c.t.Helper()
	c.starts++
	c.t.Setenv("OTLP_GRPC_ENDPOINT", c.grpc)
	c.t.Setenv("OTLP_HTTP_ENDPOINT", c.http)
	c.t.Setenv("METRICS_FILE", filepath.Join(c.dir, fmt.Sprintf("metrics-%d.jsonl", c.starts)))
	c.proc = startProcess(c.t, filepath.Join(c.dir, "collector.log"), c.bin, "--config", c.config)
	if !waitFor(20*time.Second, func() bool { return c.proc.exited() || (listening(c.grpc) && listening(c.http)) }) || c.proc.exited() {
		c.t.Fatalf("collector did not start:\n%s", c.log())
	}
}

// stop stops the collector; its files stay.
func (c *collector) stop() { c.proc.stop() }

func (c *collector) log() string {
	b, _ := os.ReadFile(filepath.Join(c.dir, "collector.log"))
	return string(b)
}

// series is the latest data of one stream of one metric: what the
// cumulative exports add up to.
type series struct {
	value float64 // sum or gauge value; histogram sum
	count uint64  // histogram count
}

// received is what the collector wrote, the latest point per series.
type received struct {
	points   map[string]map[string]series // metric name → attribute key → latest
	resource map[string]string
	requests int
}

// received reads every file the collector wrote, in order.
func (c *collector) received() received {
	c.t.Helper()
	r := received{points: map[string]map[string]series{}, resource: map[string]string{}}
	for i := 1; i <= c.starts; i++ {
		data, err := os.ReadFile(filepath.Join(c.dir, fmt.Sprintf("metrics-%d.jsonl", i)))
		if os.IsNotExist(err) {
			continue
		} else if err != nil {
			c.t.Fatal(err)
		}
		// A line the collector is still writing has no newline yet.
		data = data[:bytes.LastIndexByte(data, '\n')+1]
		for line := range bytes.Lines(data) {
			var req colmetrics.ExportMetricsServiceRequest
			if err := (protojson.UnmarshalOptions{DiscardUnknown: true}).Unmarshal(line, &req); err != nil {
				c.t.Fatalf("collector output is not OTLP JSON: %v", err)
			}
			r.add(&req)
		}
	}
	return r
}

func (r *received) add(req *colmetrics.ExportMetricsServiceRequest) {
	r.requests++
	for _, rm := range req.ResourceMetrics {
		for _, kv := range rm.GetResource().GetAttributes() {
			r.resource[kv.Key] = anyString(kv.Value)
		}
		for _, sm := range rm.ScopeMetrics {
			for _, m := range sm.Metrics {
				pts := r.points[m.Name]
				if pts == nil {
					pts = map[string]series{}
					r.points[m.Name] = pts
				}
				switch d := m.Data.(type) {
				case *metricspb.Metric_Sum:
					for _, p := range d.Sum.DataPoints {
						pts[attrKey(p.Attributes)] = series{value: number(p)}
					}
				case *metricspb.Metric_Gauge:
					for _, p := range d.Gauge.DataPoints {
						pts[attrKey(p.Attributes)] = series{value: number(p)}
					}
				case *metricspb.Metric_Histogram:
					for _, p := range d.Histogram.DataPoints {
						pts[attrKey(p.Attributes)] = series{value: p.GetSum(), count: p.Count}
					}
				}
			}
		}
	}
}

// total adds up the latest points of a metric whose attributes include
// all of want ("key=value" each).
func (r received) total(name string, want ...string) (series, int) {
	var s series
	n := 0
	for key, p := range r.points[name] {
		attrs := strings.Split(key, ",")
		if slices.ContainsFunc(want, func(w string) bool { return !slices.Contains(attrs, w) }) {
			continue
		}
		s.value += p.value
		s.count += p.count
		n++
	}
	return s, n
}

func number(p *metricspb.NumberDataPoint) float64 {
	if v, ok := p.Value.(*metricspb.NumberDataPoint_AsInt); ok {
		return float64(v.AsInt)
	}
	return p.GetAsDouble()
}

// attrKey is the sorted "key=value" list of attributes, comma-joined.
func attrKey(kvs []*commonpb.KeyValue) string {
	s := make([]string, len(kvs))
	for i, kv := range kvs {
		s[i] = kv.Key + "=" + anyString(kv.Value)
	}
	slices.Sort(s)
	return strings.Join(s, ",")
}

func anyString(v *commonpb.AnyValue) string {
	switch x := v.GetValue().(type) {
	case *commonpb.AnyValue_StringValue:
		return x.StringValue
	case *commonpb.AnyValue_IntValue:
		return fmt.Sprint(x.IntValue)
	case *commonpb.AnyValue_BoolValue:
		return fmt.Sprint(x.BoolValue)
	case *commonpb.AnyValue_DoubleValue:
		return fmt.Sprint(x.DoubleValue)
	}
	return v.String()
}
