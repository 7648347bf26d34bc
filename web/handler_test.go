package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/health"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/web"
)

var ctx = context.Background()

func newMonitor(t *testing.T) (*otelsensor.Monitor, *memory.Reader) {
	t.Helper()
	r := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	m, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"), otelsensor.WithConsumerGroup("orders-app"))
	if err != nil {
		t.Fatal(err)
	}
	return m, r
}

func serve(t *testing.T, m *otelsensor.Monitor, opts ...web.Option) *httptest.Server {
	t.Helper()
	h, err := web.NewHandler(m, opts...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string) (*http.Response, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, string(b)
}

func TestMonitorJSONHasFaustNames(t *testing.T) {
	m, _ := newMonitor(t)
	tp := otelsensor.TopicPartition{Topic: "orders", Partition: 2}
	s := otelsensor.NewSensor(m)
	for i := range 3 {
		s.OnMessageIn(ctx, tp, int64(i))
	}
	m.OnOffsetCommitted(ctx, tp, 2)
	m.OnEndOffset(ctx, tp, 10)
	m.OnTableSet(ctx, "totals")
	srv := serve(t, m)

	resp, body := get(t, srv.URL+"/monitor")
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/json" {
		t.Fatalf("GET /monitor: %s %q", resp.Status, resp.Header.Get("Content-Type"))
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatalf("%v in %s", err, body)
	}
	for _, key := range []string{"messages_received_total", "events_runtime_avg", "topic_committed_offsets",
		"messages_s", "send_errors", "tables", "topic_lag", "http_response_codes", "rebalances"} {
		if _, ok := got[key]; !ok {
			t.Errorf("/monitor has no %q", key)
		}
	}
	if got["messages_received_total"] != 3.0 {
		t.Errorf("messages_received_total = %v, want 3", got["messages_received_total"])
	}
	if c := got["topic_committed_offsets"].(map[string]any)["orders"].(map[string]any)["2"]; c != 2.0 {
		t.Errorf("topic_committed_offsets.orders.2 = %v, want 2", c)
	}
	if l := got["topic_lag"].(map[string]any)["orders"].(map[string]any)["2"]; l != 8.0 {
		t.Errorf("topic_lag.orders.2 = %v, want 8", l)
	}
	if s := got["tables"].(map[string]any)["totals"].(map[string]any)["keys_updated"]; s != 1.0 {
		t.Errorf("tables.totals.keys_updated = %v, want 1", s)
	}
}

// healthOf returns the status code and report of GET /health.
func healthOf(t *testing.T, srv *httptest.Server) (int, health.Report) {
	t.Helper()
	resp, body := get(t, srv.URL+"/health")
	var r health.Report
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("%v in %s", err, body)
	}
	return resp.StatusCode, r
}

func TestHealthFlipsWithLag(t *testing.T) {
	m, _ := newMonitor(t)
	// Every probe checks again, so that each sees the lag just set.
	check, err := health.New(m, health.WithMaxLag(100), health.WithMaxAge(0))
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, m, web.WithHealth(check))
	tp := otelsensor.TopicPartition{Topic: "orders", Partition: 0}
	m.OnEndOffset(ctx, tp, 100)
	m.OnOffsetCommitted(ctx, tp, 50)
	if code, r := healthOf(t, srv); code != 200 || !r.Healthy {
		t.Fatalf("lag 50: %d %+v, want 200 healthy", code, r)
	}
	m.OnEndOffset(ctx, tp, 500) // lag 450
	code, r := healthOf(t, srv)
	if code != 503 || r.Healthy || len(r.Failures) != 1 || r.Failures[0].Value != 450 || r.Failures[0].Threshold != 100 {
		t.Fatalf("lag 450: %d %+v, want 503 with one lag failure", code, r)
	}
	m.OnOffsetCommitted(ctx, tp, 480) // lag 20
	if code, r := healthOf(t, srv); code != 200 || !r.Healthy {
		t.Fatalf("lag 20: %d %+v, want 200 healthy", code, r)
	}
}

func TestHealthDefaultsToHealthy(t *testing.T) {
	m, _ := newMonitor(t)
	srv := serve(t, m)
	if code, r := healthOf(t, srv); code != 200 || !r.Healthy || len(r.Checks) != 0 {
		t.Errorf("default /health: %d %+v, want 200 with no checks", code, r)
	}
}

func TestMetricsMountsTheGivenHandler(t *testing.T) {
	m, _ := newMonitor(t)
	if resp, _ := get(t, serve(t, m).URL+"/metrics"); resp.StatusCode != 404 {
		t.Errorf("/metrics without WithMetrics: %s, want 404", resp.Status)
	}
	prom := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "# metrics here\n")
	})
	resp, body := get(t, serve(t, m, web.WithMetrics(prom)).URL+"/metrics")
	if resp.StatusCode != 200 || body != "# metrics here\n" {
		t.Errorf("/metrics: %s %q", resp.Status, body)
	}
}

func TestDashboardAssets(t *testing.T) {
	m, _ := newMonitor(t)
	srv := serve(t, m)
	for _, tc := range []struct {
		path, status, ctype, contains string
	}{
		{"/dashboard", "200 OK", "text/html; charset=utf-8", `<script src="dashboard/dashboard.js"`},
		{"/dashboard/dashboard.js", "200 OK", "text/javascript; charset=utf-8", "textContent"},
		{"/dashboard/dashboard.css", "200 OK", "text/css; charset=utf-8", ".chart"},
		{"/dashboard/", "404 Not Found", "", ""},
		{"/dashboard/missing.js", "404 Not Found", "", ""},
		{"/dashboard/..%2fhandler.go", "404 Not Found", "", ""},
	} {
		resp, body := get(t, srv.URL+tc.path)
		if resp.Status != tc.status || !strings.Contains(body, tc.contains) {
			t.Errorf("GET %s: %s, body contains %q: %v", tc.path, resp.Status, tc.contains, strings.Contains(body, tc.contains))
			continue
		}
		if tc.ctype == "" {
			continue
		}
		if ct := resp.Header.Get("Content-Type"); ct != tc.ctype {
			t.Errorf("GET %s: Content-Type %q, want %q", tc.path, ct, tc.ctype)
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("GET %s: Content-Security-Policy %q", tc.path, csp)
		}
	}
	// No CDN: every asset the page names is served by the handler itself.
	_, page := get(t, srv.URL+"/dashboard")
	if strings.Contains(page, "http://") || strings.Contains(page, "https://") || strings.Contains(page, "//cdn") {
		t.Errorf("the page links outside the server:\n%s", page)
	}
}

func TestBundleInstrumentsItself(t *testing.T) {
	m, r := newMonitor(t)
	srv := serve(t, m)
	get(t, srv.URL+"/monitor")
	get(t, srv.URL+"/monitor")
	get(t, srv.URL+"/dashboard/dashboard.js")
	get(t, srv.URL+"/no/such/path/12345")

	codes := m.Snapshot().HTTPResponseCodes
	if codes[200] != 3 || codes[404] != 1 {
		t.Errorf("http_response_codes = %v, want 3×200 and 1×404", codes)
	}
	got, err := r.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		route string
		count uint64
	}{{"/monitor", 2}, {"/dashboard/{file}", 1}, {web.UnmatchedRoute, 1}} {
		h, ok := got.Histogram(semconv.HTTPServerDuration, semconv.HTTPRoute.String(tc.route))
		if !ok || h.Count != tc.count {
			t.Errorf("%s{http.route=%s} = %+v (found %v), want %d requests", semconv.HTTPServerDuration, tc.route, h, ok, tc.count)
		}
	}
	for _, set := range got.Attributes(semconv.HTTPServerDuration) {
		if v, _ := set.Value(semconv.HTTPRoute); strings.Contains(v.AsString(), "12345") || strings.Contains(v.AsString(), ".js") {
			t.Errorf("raw path in http.route: %v", set)
		}
	}
	if v, ok := got.Value(semconv.HTTPServerActive); !ok || v != 0 {
		t.Errorf("%s = %v (found %v), want 0 once every request ended", semconv.HTTPServerActive, v, ok)
	}
}

func TestNilOptionsFallBack(t *testing.T) {
	m, _ := newMonitor(t)
	srv := serve(t, m, web.WithSensor(nil), web.WithHealth(nil), web.WithMetrics(nil))
	for path, want := range map[string]int{"/health": 200, "/monitor": 200, "/metrics": 404} {
		if resp, _ := get(t, srv.URL+path); resp.StatusCode != want {
			t.Errorf("GET %s: %s, want %d", path, resp.Status, want)
		}
	}
	if codes := m.Snapshot().HTTPResponseCodes; codes[200] != 2 || codes[404] != 1 {
		t.Errorf("http_response_codes = %v: requests not reported to the Monitor", codes)
	}
	rec := httptest.NewRecorder()
	web.Middleware(nil)(http.NotFoundHandler()).ServeHTTP(rec, httptest.NewRequest("GET", "/", nil))
	if rec.Code != 404 {
		t.Errorf("Middleware(nil): %d, want the handler's 404", rec.Code)
	}
}

func TestNewHandlerRejectsNilMonitor(t *testing.T) {
	if h, err := web.NewHandler(nil); err == nil || h != nil {
		t.Errorf("NewHandler(nil) = %v, %v; want an error", h, err)
	}
}
