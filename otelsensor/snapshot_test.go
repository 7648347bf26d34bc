package otelsensor

import (
	"encoding/json"
	"slices"
	"testing"
)

// faustKeys are the keys of Faust's Monitor.asdict().
var faustKeys = []string{
	"messages_active", "messages_received_total", "messages_sent", "messages_sent_by_topic",
	"messages_s", "messages_received_by_topic", "events_active", "events_total", "events_s",
	"events_runtime_avg", "events_by_task", "events_by_stream", "commit_latency", "send_latency",
	"send_errors", "assignment_latency", "assignments_completed", "assignments_failed",
	"topic_buffer_full", "tables", "metric_counts", "topic_committed_offsets", "topic_read_offsets",
	"topic_end_offsets", "rebalances", "rebalance_return_latency", "rebalance_end_latency",
	"rebalance_return_avg", "rebalance_end_avg", "http_response_codes", "http_response_latency",
	"http_response_latency_avg",
}

func TestSnapshotJSONHasFaustKeys(t *testing.T) {
	m, _, c := newMonitor(t)
	drive(m, c)
	b, err := json.Marshal(m.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(faustKeys), "events_runtime", "events_errors", "topic_lag")
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	slices.Sort(want)
	if !slices.Equal(keys, want) {
		t.Errorf("keys = %v\nwant %v", keys, want)
	}
	var tables map[string]map[string]int64
	if err := json.Unmarshal(got["tables"], &tables); err != nil || tables["t"]["keys_retrieved"] != 1 {
		t.Errorf("tables = %s (%v)", got["tables"], err)
	}
	var lag map[string]map[string]int64
	if err := json.Unmarshal(got["topic_lag"], &lag); err != nil || lag["orders"]["3"] != 1 {
		t.Errorf("topic_lag = %s (%v)", got["topic_lag"], err)
	}
}
