package compat_test

import (
	"bufio"
	"context"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/streamotel/streamotel/exporters/prometheus/compat"
	"github.com/streamotel/streamotel/views"
)

// peerMetric is one line of a peer's definitions in testdata.
type peerMetric struct {
	name    string // the sample name the Python client writes
	typ     dto.MetricType
	labels  map[string]*regexp.Regexp
	buckets []float64
}

// readPeer reads testdata/<file>, with prefix for {prefix}, and turns each
// metric into what prometheus_client exposes: a counter's family is its name
// with _total (which it strips first if given), and counters and histograms
// also have a <name>_created gauge (metrics.py, exposition.py of
// prometheus/client_python at d0b497ffe069865537e55af52cb00c329d58a6f0).
func readPeer(t *testing.T, file, prefix string) map[string]peerMetric {
	t.Helper()
	f, err := os.Open("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	placeholder := regexp.MustCompile(`\{[a-z_]+\}`)
	out := map[string]peerMetric{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.Fields(strings.ReplaceAll(line, "{prefix}", prefix))
		m := peerMetric{labels: map[string]*regexp.Regexp{}}
		base := strings.TrimSuffix(fields[0], "_total")
		switch fields[1] {
		case "counter":
			m.typ, m.name = dto.MetricType_COUNTER, base+"_total"
		case "gauge":
			m.typ, m.name = dto.MetricType_GAUGE, base
		case "histogram":
			m.typ, m.name = dto.MetricType_HISTOGRAM, base
		default:
			t.Fatalf("%s: type %q", file, fields[1])
		}
		for _, kv := range fields[2:] {
			k, v, _ := strings.Cut(kv, "=")
			if k == "buckets" {
				for _, b := range strings.Split(v, ",") {
					x, err := strconv.ParseFloat(b, 64)
					if err != nil {
						t.Fatal(err)
					}
					m.buckets = append(m.buckets, x)
				}
				continue
			}
			m.labels[k] = valueFormat(placeholder, v)
			continue
		}
		out[m.name] = m
		if m.typ != dto.MetricType_GAUGE {
			out[base+"_created"] = peerMetric{name: base + "_created", typ: dto.MetricType_GAUGE, labels: m.labels}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// valueFormat turns a label value format into a regexp: "a|b" is one of
// the literals, a placeholder {x} stands for a name without dots.
func valueFormat(placeholder *regexp.Regexp, format string) *regexp.Regexp {
	var parts []string
	if placeholder.MatchString(format) {
		for _, lit := range placeholder.Split(format, -1) {
			parts = append(parts, regexp.QuoteMeta(lit))
		}
		return regexp.MustCompile(`^` + strings.Join(parts, `[^.]+`) + `$`)
	}
	for _, lit := range strings.Split(format, "|") {
		parts = append(parts, regexp.QuoteMeta(lit))
	}
	return regexp.MustCompile(`^(?:` + strings.Join(parts, "|") + `)$`)
}

// scrape GETs url and parses the text format.
func scrape(t *testing.T, url string) map[string]*dto.MetricFamily {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %v %s\n%s", url, err, resp.Status, body)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
	return fams
}

// outputs returns both compatibility outputs on one MeterProvider, named
// orders-app, and the workload on it; the workload is closed and the
// provider shut down when the test ends.
func outputs(t *testing.T) (f, fs *compat.Exporter, w *workload) {
	t.Helper()
	f, err := compat.Faust()
	if err != nil {
		t.Fatal(err)
	}
	fs, err = compat.FastStream()
	if err != nil {
		t.Fatal(err)
	}
	mp := sdkmetric.NewMeterProvider(
		sdkmetric.WithResource(resource.NewSchemaless(attribute.String("service.name", "orders-app"))),
		sdkmetric.WithReader(f), sdkmetric.WithReader(fs),
		sdkmetric.WithView(views.New(compat.FaustViews()...)),
	)
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	w, err = newWorkload(mp)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.close() })
	return f, fs, w
}

// peers is both compatibility outputs, served by one test server each, and
// the workload on them after rounds rounds.
func peers(t *testing.T, rounds int) (faust, fastStream string) {
	t.Helper()
	f, fs, w := outputs(t)
	for range rounds {
		w.round(context.Background())
	}
	return httptestServer(t, f), httptestServer(t, fs)
}

// httptestServer serves h until the test ends and returns its URL.
func httptestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestScrapeMatchesPeer compares a real scrape of each compatibility output
// with the peer's definitions: the same metric names, types, label names,
// label value formats and bucket boundaries, and nothing else.
func TestScrapeMatchesPeer(t *testing.T) {
	faust, fastStream := peers(t, 3)
	for _, tc := range []struct {
		peer, file, prefix, url string
	}{
		{"Faust", "faust.txt", "orders_app", faust},
		{"FastStream", "faststream.txt", "faststream", fastStream},
	} {
		t.Run(tc.peer, func(t *testing.T) {
			want := readPeer(t, tc.file, tc.prefix)
			got := scrape(t, tc.url)
			for name := range got {
				if _, ok := want[name]; !ok {
					t.Errorf("%s is not a %s metric", name, tc.peer)
				}
			}
			for name, w := range want {
				t.Run(name, func(t *testing.T) {
					g, ok := got[name]
					if !ok {
						t.Fatalf("missing")
					}
					if g.GetType() != w.typ {
						t.Errorf("type %v, want %v", g.GetType(), w.typ)
					}
					if len(g.GetMetric()) == 0 {
						t.Fatalf("no series")
					}
					for _, m := range g.GetMetric() {
						checkSeries(t, m, w)
					}
				})
			}
		})
	}
}

func checkSeries(t *testing.T, m *dto.Metric, w peerMetric) {
	t.Helper()
	var names []string
	for _, l := range m.GetLabel() {
		names = append(names, l.GetName())
		re, ok := w.labels[l.GetName()]
		if !ok {
			continue
		}
		if !re.MatchString(l.GetValue()) {
			t.Errorf("%s=%q does not match %s", l.GetName(), l.GetValue(), re)
		}
	}
	var want []string
	for k := range w.labels {
		want = append(want, k)
	}
	slices.Sort(names)
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Errorf("labels %v, want %v", names, want)
	}
	if w.typ != dto.MetricType_HISTOGRAM {
		return
	}
	var bounds []float64
	for _, b := range m.GetHistogram().GetBucket() {
		bounds = append(bounds, b.GetUpperBound())
	}
	if want := append(slices.Clone(w.buckets), math.Inf(1)); !slices.Equal(bounds, want) && !slices.Equal(bounds, w.buckets) {
		t.Errorf("buckets %v, want %v", bounds, want)
	}
}
