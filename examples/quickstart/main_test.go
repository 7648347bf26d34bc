package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestQuickstartPrintsMetrics runs the quickstart briefly without
// OTEL_METRICS_EXPORTER and checks that its summary shows lag while the
// group catches up and none at the end, and that the console exporter
// printed the headline metrics with non-zero values.
func TestQuickstartPrintsMetrics(t *testing.T) {
	t.Setenv("OTEL_METRICS_EXPORTER", "")
	var out, logs bytes.Buffer
	if err := run(context.Background(), &out, &logs, 1500*time.Millisecond, 400, nil); err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`up to (\d+) messages while catching up; by partition at the end: (.*)\n`).FindStringSubmatch(logs.String())
	if m == nil || m[1] == "0" || m[2] != "0 0 0 0" {
		t.Errorf("want non-zero lag while running and zero lag of every partition at the end: %s", logs.String())
	}
	// Lines are "name{attributes} value unit" or, for histograms,
	// "name{attributes} count=N sum=S ...".
	totals := map[string]float64{}
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		name, _, _ := strings.Cut(fields[0], "{")
		value := strings.TrimPrefix(fields[1], "count=")
		if v, err := strconv.ParseFloat(value, 64); err == nil {
			totals[name] += v
		}
	}
	for _, name := range []string{"messaging.client.consumed.messages", "messaging.client.sent.messages", "messaging.process.duration"} {
		if totals[name] <= 0 {
			t.Errorf("%s printed with total %v, want > 0\n%s", name, totals[name], out.String())
		}
	}
}

// TestQuickstartServesPrometheus runs the quickstart with
// OTEL_METRICS_EXPORTER=prometheus and scrapes it while it runs.
func TestQuickstartServesPrometheus(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	t.Setenv("OTEL_METRICS_EXPORTER", "prometheus")
	t.Setenv("OTEL_EXPORTER_PROMETHEUS_PORT", port)
	done := make(chan error, 1)
	var out bytes.Buffer
	go func() { done <- run(context.Background(), &out, io.Discard, 3*time.Second, 400, nil) }()

	var body string
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		resp, err := http.Get("http://127.0.0.1:" + port + "/metrics")
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if body = string(b); strings.Contains(body, "messaging_client_consumed_messages_total{") {
			break
		}
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body, "messaging_client_consumed_messages_total{") {
		t.Errorf("no consumed messages in the scrape:\n%s", body)
	}
	if out.Len() != 0 {
		t.Errorf("printed metrics although OTEL_METRICS_EXPORTER=prometheus:\n%s", out.String())
	}
}
