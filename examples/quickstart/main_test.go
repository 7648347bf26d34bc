package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// TestQuickstartPrintsMetrics runs the quickstart briefly and checks that the
// stdout exporter printed the headline metrics with non-zero values.
func TestQuickstartPrintsMetrics(t *testing.T) {
	var out, logs bytes.Buffer
	if err := run(context.Background(), &out, &logs, 1500*time.Millisecond, 400); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), `"messages_received_total":`) {
		t.Errorf("no monitor snapshot in the log: %s", logs.String())
	}
	type point struct {
		Value float64
		Count float64
	}
	var export struct {
		ScopeMetrics []struct {
			Metrics []struct {
				Name string
				Data struct{ DataPoints []point }
			}
		}
	}
	dec := json.NewDecoder(&out)
	totals := map[string]float64{}
	for {
		if err := dec.Decode(&export); err == io.EOF {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		for _, sm := range export.ScopeMetrics {
			for _, m := range sm.Metrics {
				for _, p := range m.Data.DataPoints {
					totals[m.Name] += p.Value + p.Count
				}
			}
		}
	}
	for _, name := range []string{"messaging.client.consumed.messages", "messaging.client.sent.messages", "messaging.process.duration"} {
		if totals[name] <= 0 {
			t.Errorf("%s printed with total %v, want > 0 (printed: %v)", name, totals[name], totals)
		}
	}
}
