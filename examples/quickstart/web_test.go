package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/streamotel/streamotel/health"
	"github.com/streamotel/streamotel/internal/dashboardtest"
	"github.com/streamotel/streamotel/otelsensor"
)

// logBuffer is a log that a test can wait on.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) waitFor(t *testing.T, s string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		b.mu.Lock()
		found := strings.Contains(b.buf.String(), s)
		b.mu.Unlock()
		if found {
			return
		}
	}
	t.Fatalf("no %q in the log", s)
}

func getJSON(t *testing.T, url string, v any) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(v))
	if n := len(s); n%2 == 1 {
		return s[n/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// counters are the snapshot's totals that only grow.
func counters(s otelsensor.Snapshot) map[string]int64 {
	return map[string]int64{
		"messages_received_total": s.MessagesReceivedTotal, "events_total": s.EventsTotal,
		"events_errors": s.EventsErrors, "messages_sent": s.MessagesSent,
		"send_errors": s.SendErrors, "rebalances": s.Rebalances,
	}
}

// TestDashboardOfRunningQuickstart runs the quickstart with its web view and
// loads the dashboard in Chromium twice: while the pipeline runs, where
// what the page drew must lie between what /monitor said before and after,
// and once the pipeline is done, where it must equal what /monitor says.
func TestDashboardOfRunningQuickstart(t *testing.T) {
	t.Setenv("OTEL_METRICS_EXPORTER", "") // metrics printed to out, discarded
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &logBuffer{}
	done := make(chan error, 1)
	go func() { done <- run(ctx, io.Discard, logs, 3*time.Second, 400, ln) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	logs.waitFor(t, "serving "+base+"/dashboard")

	var before, after otelsensor.Snapshot
	for getJSON(t, base+"/monitor", &before); before.MessagesReceivedTotal == 0; getJSON(t, base+"/monitor", &before) {
		time.Sleep(50 * time.Millisecond)
	}
	live := dashboardtest.DumpDOM(t, base+"/dashboard")
	getJSON(t, base+"/monitor", &after)
	live.Loaded(t, 2)
	tiles := live.Tiles(t)
	for key, lo := range counters(before) {
		if hi := counters(after)[key]; tiles[key] < float64(lo) || tiles[key] > float64(hi) {
			t.Errorf("running: tile %s = %v, /monitor said %d before and %d after", key, tiles[key], lo, hi)
		}
	}
	if gets := live.Bars(t, "tables")[table+" (get)"]; gets < float64(before.Tables[table].KeysRetrieved) ||
		gets > float64(after.Tables[table].KeysRetrieved) {
		t.Errorf("running: %s gets = %v, /monitor said %+v before and %+v after", table, gets, before.Tables, after.Tables)
	}
	for label := range live.Bars(t, "lag") {
		if !slices.Contains([]string{"orders [0]", "orders [1]", "orders [2]", "orders [3]"}, label) {
			t.Errorf("running: lag bar %q is not a partition of %s", label, inputTopic)
		}
	}

	resp, err := http.Get(base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK || !bytes.Contains(metrics, []byte("messaging_client_consumed_messages_total{")) {
		t.Errorf("/metrics: %s, %v, no messaging_client_consumed_messages_total in\n%.500s", resp.Status, err, metrics)
	}

	logs.waitFor(t, "pipeline done")
	var rep health.Report
	if code := getJSON(t, base+"/health", &rep); code != http.StatusOK || !rep.Healthy {
		t.Errorf("/health after the run: %d %+v", code, rep)
	}
	final := dashboardtest.DumpDOM(t, base+"/dashboard")
	var s otelsensor.Snapshot
	getJSON(t, base+"/monitor", &s)
	final.Loaded(t, 3)
	tiles = final.Tiles(t)
	for key, want := range counters(s) {
		if tiles[key] != float64(want) {
			t.Errorf("done: tile %s = %v, /monitor says %d", key, tiles[key], want)
		}
	}
	series := final.Series(t)
	for key, want := range map[string]float64{
		"events_runtime_avg": s.EventsRuntimeAvg, "send_latency": median(s.SendLatency),
		"commit_latency": median(s.CommitLatency), "rebalances": float64(s.Rebalances),
	} {
		if series[key] != want || want <= 0 {
			t.Errorf("done: series %s = %v, /monitor says %v", key, series[key], want)
		}
	}
	lag := final.Bars(t, "lag")
	for p, n := range s.TopicLag[inputTopic] {
		if got, ok := lag[fmt.Sprintf("%s [%d]", inputTopic, p)]; !ok || got != float64(n) {
			t.Errorf("done: lag of partition %d = %v (drawn %v), /monitor says %d", p, got, ok, n)
		}
	}
	if len(lag) != partitions || len(s.TopicLag[inputTopic]) != partitions {
		t.Errorf("done: %d lag bars, %d partitions in /monitor, want %d", len(lag), len(s.TopicLag[inputTopic]), partitions)
	}
	ts := s.Tables[table]
	want := map[string]float64{table + " (get)": float64(ts.KeysRetrieved), table + " (set)": float64(ts.KeysUpdated)}
	if got := final.Bars(t, "tables"); len(got) != 2 || got[table+" (get)"] != want[table+" (get)"] || got[table+" (set)"] != want[table+" (set)"] {
		t.Errorf("done: table bars = %v, /monitor says %v", got, want)
	}
	if ok := final.Bars(t, "http")["200"]; ok < 1 || ok > float64(s.HTTPResponseCodes[200]) {
		t.Errorf("done: %v responses 200 drawn, /monitor says %d", ok, s.HTTPResponseCodes[200])
	}
}

func TestLoopbackUnlessTold(t *testing.T) {
	for in, want := range map[string]string{
		"8080":         "127.0.0.1:8080",
		":8080":        "127.0.0.1:8080",
		":0":           "127.0.0.1:0",
		"0.0.0.0:9000": "0.0.0.0:9000",
		"[::1]:9000":   "[::1]:9000",
		"localhost:80": "localhost:80",
		"a:b:c":        "a:b:c",
		"":             "127.0.0.1:",
	} {
		if got := loopbackUnlessTold(in); got != want {
			t.Errorf("loopbackUnlessTold(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzLoopbackUnlessTold checks that a flag value is either kept as it is
// or given host 127.0.0.1, never another host.
func FuzzLoopbackUnlessTold(f *testing.F) {
	for _, s := range []string{"8080", ":8080", "0.0.0.0:1", "[::1]:2", "", ":", "a:b:c", "[::1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, addr string) {
		got := loopbackUnlessTold(addr)
		if got == addr {
			return
		}
		if !strings.HasPrefix(got, "127.0.0.1:") {
			t.Errorf("loopbackUnlessTold(%q) = %q, want it unchanged or on 127.0.0.1", addr, got)
		}
	})
}
