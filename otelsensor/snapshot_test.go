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
	w := newRig(t)
	drive(w)
	b, err := json.Marshal(w.mon.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(faustKeys), "events_runtime", "events_errors", "topic_lag", "topic_pending", "handlers")
	var keys []string
	for k := range got {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	slices.Sort(want)
	eqSlice(t, "keys", keys, want)

	var tables map[string]map[string]int64
	if err := json.Unmarshal(got["tables"], &tables); err != nil {
		t.Fatal(err)
	}
	eq(t, "tables.t.keys_retrieved", tables["t"]["keys_retrieved"], 1)
	var lag map[string]map[string]int64
	if err := json.Unmarshal(got["topic_lag"], &lag); err != nil {
		t.Fatal(err)
	}
	eq(t, "topic_lag.orders.3", lag["orders"]["3"], 1)
	var handlers map[string]map[string]int64
	if err := json.Unmarshal(got["handlers"], &handlers); err != nil {
		t.Fatal(err)
	}
	eq(t, "handlers.q.errors", handlers["q"]["errors"], 1)
}

// TestSnapshotCountsHandlers is issue 11's bug 4: the Snapshot never read
// the handler series, so a worker built on handlers showed no messages.
func TestSnapshotCountsHandlers(t *testing.T) {
	w := newRig(t)
	for i, st := range []Status{StatusAcked, StatusAcked, StatusNacked, StatusRejected, StatusError} {
		h := w.OnHandleStart(ctx, "orders", 10*i)
		w.OnHandleEnd(ctx, h, st, nil)
	}
	w.OnHandleStart(ctx, "payments", 1) // in process

	s := w.mon.Snapshot()
	eq(t, "messages_received_total", s.MessagesReceivedTotal, 6)
	eq(t, "messages_received_by_topic[orders]", s.MessagesReceivedByTopic["orders"], 5)
	eq(t, "messages_active", s.MessagesActive, 1)
	eq(t, "handlers[orders]", s.Handlers["orders"], HandlerState{Received: 5, Acked: 2, Nacked: 1, Rejected: 1, Errors: 1})
	eq(t, "handlers[payments]", s.Handlers["payments"], HandlerState{Received: 1})
}
