package slogsensor_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/otelsensor/slogsensor"
)

var (
	ctx    = context.Background()
	orders = otelsensor.TopicPartition{Topic: "orders", Partition: 3}
	agent  = otelsensor.Stream{Name: "orders-stream", Task: "count_orders"}
	route  = otelsensor.WebRequest{Method: "GET", Scheme: "http", Route: "/orders/{id}"}
	errBad = errors.New("bad record")
)

// throttled has an ErrorType, which error.type reports.
type throttled struct{}

func (throttled) Error() string     { return "broker throttled the producer" }
func (throttled) ErrorType() string { return "throttled" }

// logs is a JSON log that tests read back record by record.
type logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logs) records(t *testing.T) []map[string]any {
	t.Helper()
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(l.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%q: %v", line, err)
		}
		delete(r, "time")
		out = append(out, r)
	}
	return out
}

func newLogger(level slog.Level) (*slog.Logger, *logs) {
	l := &logs{}
	return slog.New(slog.NewJSONHandler(l, &slog.HandlerOptions{Level: level})), l
}

var all = func() []slogsensor.Callback {
	var out []slogsensor.Callback
	for c := slogsensor.MessageIn; c <= slogsensor.WebRequestEnd; c++ {
		out = append(out, c)
	}
	return out
}()

// callEverything calls every Sensor method once, with failures where a
// method has an error, and zero States so that no duration is logged.
func callEverything(s otelsensor.Sensor) {
	var zero otelsensor.State
	s.OnMessageIn(ctx, orders, 42)
	s.OnMessageOut(ctx, orders, 42, zero)
	s.OnStreamEventIn(ctx, orders, 42, agent)
	s.OnStreamEventOut(ctx, orders, 42, agent, zero, nil)
	s.OnStreamEventOut(ctx, orders, 42, agent, zero, errBad)
	s.OnTableGet(ctx, "counts")
	s.OnTableSet(ctx, "counts")
	s.OnTableDel(ctx, "counts")
	s.OnCommitInitiated(ctx)
	s.OnCommitCompleted(ctx, zero, nil)
	s.OnCommitCompleted(ctx, zero, errBad)
	s.OnOffsetCommitted(ctx, orders, 40)
	s.OnEndOffset(ctx, orders, 50)
	s.OnSendInitiated(ctx, "totals", 8, 64)
	s.OnSendCompleted(ctx, otelsensor.TopicPartition{Topic: "totals", Partition: 1}, 7, zero)
	s.OnSendError(ctx, "totals", zero, throttled{})
	s.OnTopicBufferFull(ctx, orders)
	s.OnAssignmentStart(ctx)
	s.OnAssignmentError(ctx, zero, errBad)
	s.OnAssignmentCompleted(ctx, zero)
	s.OnRebalanceStart(ctx)
	s.OnRebalanceReturn(ctx, zero)
	s.OnRebalanceEnd(ctx, zero)
	s.OnWebRequestStart(ctx, route)
	s.OnWebRequestEnd(ctx, route, 404, zero)
}

func TestDefaults(t *testing.T) {
	logger, l := newLogger(slog.LevelDebug)
	callEverything(slogsensor.New(logger))
	var got []string
	for _, r := range l.records(t) {
		got = append(got, r["level"].(string)+" "+r["msg"].(string))
	}
	want := []string{
		"WARN stream event failed",
		"DEBUG commit completed",
		"WARN commit failed",
		"ERROR send failed",
		"WARN topic buffer full",
		"INFO assignment started",
		"ERROR assignment failed",
		"INFO assignment completed",
		"INFO rebalance started",
		"INFO rebalance returned",
		"INFO rebalance ended",
	}
	if !slices.Equal(got, want) {
		t.Errorf("default records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFields(t *testing.T) {
	logger, l := newLogger(slog.LevelDebug)
	callEverything(slogsensor.New(logger, slogsensor.WithSampling(1, all...)))
	tp := map[string]any{"messaging.destination.name": "orders", "messaging.destination.partition.id": 3.0}
	with := func(base map[string]any, kv ...any) map[string]any {
		m := maps.Clone(base)
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	event := with(tp, "messaging.kafka.offset", 42.0, "streamotel.stream.name", "orders-stream", "streamotel.task.name", "count_orders")
	bad := map[string]any{"error.type": "*errors.errorString", "exception.message": "bad record"}
	webReq := map[string]any{"http.request.method": "GET", "url.scheme": "http", "http.route": "/orders/{id}"}
	want := []map[string]any{
		with(tp, "msg", "message in", "messaging.kafka.offset", 42.0),
		with(tp, "msg", "message out", "messaging.kafka.offset", 42.0),
		with(event, "msg", "stream event in"),
		with(event, "msg", "stream event out"),
		with(with(event, "msg", "stream event failed", "level", "WARN"), "error.type", bad["error.type"], "exception.message", bad["exception.message"]),
		{"msg": "table get", "streamotel.table.name": "counts"},
		{"msg": "table set", "streamotel.table.name": "counts"},
		{"msg": "table del", "streamotel.table.name": "counts"},
		{"msg": "commit initiated"},
		{"msg": "commit completed"},
		with(bad, "msg", "commit failed", "level", "WARN"),
		with(tp, "msg", "offset committed", "messaging.kafka.offset", 40.0),
		with(tp, "msg", "end offset", "messaging.kafka.offset", 50.0),
		{"msg": "send initiated", "messaging.destination.name": "totals", "messaging.message.body.size": 64.0},
		{"msg": "send completed", "messaging.destination.name": "totals", "messaging.destination.partition.id": 1.0, "messaging.kafka.offset": 7.0},
		{"msg": "send failed", "level": "ERROR", "messaging.destination.name": "totals", "error.type": "throttled", "exception.message": "broker throttled the producer"},
		with(tp, "msg", "topic buffer full", "level", "WARN"),
		{"msg": "assignment started", "level": "INFO"},
		with(bad, "msg", "assignment failed", "level", "ERROR"),
		{"msg": "assignment completed", "level": "INFO"},
		{"msg": "rebalance started", "level": "INFO"},
		{"msg": "rebalance returned", "level": "INFO"},
		{"msg": "rebalance ended", "level": "INFO"},
		with(webReq, "msg", "web request started"),
		with(webReq, "msg", "web request ended", "http.response.status_code", 404.0),
	}
	got := l.records(t)
	if len(got) != len(want) {
		t.Fatalf("%d records, want %d: %v", len(got), len(want), got)
	}
	for i := range want {
		if _, ok := want[i]["level"]; !ok {
			want[i]["level"] = "DEBUG"
		}
		if !maps.Equal(got[i], want[i]) {
			t.Errorf("record %d:\n got %v\nwant %v", i, got[i], want[i])
		}
	}
}

func TestDuration(t *testing.T) {
	logger, l := newLogger(slog.LevelDebug)
	s := slogsensor.New(logger)
	st := s.OnRebalanceStart(ctx)
	time.Sleep(20 * time.Millisecond)
	s.OnRebalanceReturn(ctx, st)
	recs := l.records(t)
	d, ok := recs[len(recs)-1]["duration"].(float64)
	if !ok || d < 0.02 || d > 5 {
		t.Errorf("duration %v (%v), want seconds >= 0.02; records %v", d, ok, recs)
	}
}

func TestSampling(t *testing.T) {
	logger, l := newLogger(slog.LevelDebug)
	s := slogsensor.New(logger, slogsensor.WithSampling(3, slogsensor.MessageIn))
	for i := range int64(10) {
		s.OnMessageIn(ctx, orders, i)
	}
	var offsets []float64
	for _, r := range l.records(t) {
		offsets = append(offsets, r["messaging.kafka.offset"].(float64))
	}
	if want := []float64{0, 3, 6, 9}; !slices.Equal(offsets, want) {
		t.Errorf("logged offsets %v, want %v", offsets, want)
	}
}

func TestSamplingIsExactUnderConcurrency(t *testing.T) {
	logger, l := newLogger(slog.LevelDebug)
	s := slogsensor.New(logger, slogsensor.WithSampling(10, slogsensor.TableGet))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				s.OnTableGet(ctx, "counts")
			}
		})
	}
	wg.Wait()
	if n := len(l.records(t)); n != 800 {
		t.Errorf("%d records of 8000 calls sampled 1 in 10, want 800", n)
	}
}

func TestLevelsAndSwitches(t *testing.T) {
	logger, l := newLogger(slog.LevelWarn)
	s := slogsensor.New(logger,
		slogsensor.WithSampling(1, slogsensor.TableGet, slogsensor.TableSet),
		slogsensor.WithLevel(slog.LevelWarn, slogsensor.TableSet),
		slogsensor.WithSampling(0, slogsensor.SendError),
		slogsensor.WithLevel(slog.LevelError, slogsensor.Callback(200)), // ignored
	)
	s.OnTableGet(ctx, "counts")                              // Debug: below Warn
	s.OnTableSet(ctx, "counts")                              // raised to Warn
	s.OnSendError(ctx, "totals", otelsensor.State{}, errBad) // off
	s.OnRebalanceStart(ctx)                                  // Info: below Warn
	s.OnTopicBufferFull(ctx, orders)                         // Warn
	var got []string
	for _, r := range l.records(t) {
		got = append(got, r["msg"].(string))
	}
	if want := []string{"table set", "topic buffer full"}; !slices.Equal(got, want) {
		t.Errorf("records %q, want %q", got, want)
	}
}

func TestLoggerAttributesAndDefault(t *testing.T) {
	logger, l := newLogger(slog.LevelInfo)
	prev := slog.Default()
	slog.SetDefault(logger.With("service", "orders-app"))
	t.Cleanup(func() { slog.SetDefault(prev) })

	slogsensor.New(nil).OnRebalanceStart(ctx)
	recs := l.records(t)
	if len(recs) != 1 || recs[0]["service"] != "orders-app" {
		t.Errorf("records %v, want one with the logger's attributes", recs)
	}
}

func TestCallbackNames(t *testing.T) {
	if got := slogsensor.MessageIn.String(); got != "MessageIn" {
		t.Errorf("String %q", got)
	}
	if got := slogsensor.Callback(99).String(); got != "Callback(99)" {
		t.Errorf("out of range String %q", got)
	}
	if got := slogsensor.SendError.Message(); got != "send failed" {
		t.Errorf("Message %q", got)
	}
	noisy := slogsensor.Noisy()
	if !slices.Contains(noisy, slogsensor.MessageIn) || !slices.Contains(noisy, slogsensor.TableGet) || slices.Contains(noisy, slogsensor.SendError) {
		t.Errorf("Noisy %v", noisy)
	}
}

func TestFanoutWithMonitor(t *testing.T) {
	mon, err := otelsensor.New(otelsensor.WithSystem("kafka"))
	if err != nil {
		t.Fatal(err)
	}
	logger, l := newLogger(slog.LevelInfo)
	f := otelsensor.NewFanout(mon, slogsensor.New(logger))
	st := f.OnRebalanceStart(ctx)
	time.Sleep(10 * time.Millisecond)
	f.OnRebalanceReturn(ctx, st)
	f.OnSendError(ctx, "totals", f.OnSendInitiated(ctx, "totals", 1, 2), errBad)

	snap := mon.Snapshot()
	if snap.Rebalances != 1 || snap.SendErrors != 1 || len(snap.RebalanceReturnLatency) != 1 {
		t.Errorf("monitor missed callbacks: %+v", snap)
	}
	var msgs []string
	for _, r := range l.records(t) {
		msgs = append(msgs, r["msg"].(string))
		if r["msg"] == "rebalance returned" && r["duration"].(float64) < 0.01 {
			t.Errorf("logged duration %v, want the fan-out's State", r["duration"])
		}
	}
	if want := []string{"rebalance started", "rebalance returned", "send failed"}; !slices.Equal(msgs, want) {
		t.Errorf("records %q, want %q", msgs, want)
	}
}

func TestDisabledAllocatesNothing(t *testing.T) {
	logger, _ := newLogger(slog.LevelError + 4)
	for name, s := range map[string]*slogsensor.Sensor{
		"defaults":       slogsensor.New(logger),
		"below level":    slogsensor.New(logger, slogsensor.WithSampling(1, all...)),
		"sampled, below": slogsensor.New(logger, slogsensor.WithSampling(7, all...)),
	} {
		if n := testing.AllocsPerRun(100, func() { callEverything(s) }); n != 0 {
			t.Errorf("%s: %v allocations per pass over every callback", name, n)
		}
	}
}
