package slogsensor_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"maps"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/otelsensor/slogsensor"
	"github.com/streamotel/streamotel/semconv"
)

var (
	ctx    = context.Background()
	orders = otelsensor.TopicPartition{Topic: "orders", Partition: 3}
	shard  = otelsensor.TopicPartition{Topic: "clicks", Partition: 1}
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

// messages returns "LEVEL message" for each record.
func (l *logs) messages(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, r := range l.records(t) {
		out = append(out, r["level"].(string)+" "+r["msg"].(string))
	}
	return out
}

func newHandler(level slog.Level) (slog.Handler, *logs) {
	l := &logs{}
	return slog.NewJSONHandler(l, &slog.HandlerOptions{Level: level}), l
}

func newHook(t testing.TB, h slog.Handler, opts ...slogsensor.Option) *slogsensor.Hook {
	t.Helper()
	hk, err := slogsensor.New(h, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return hk
}

// callEverything calls every callback of hk once, and the ones that take an
// error once more with one, with tokens that did not start, so that no
// duration is logged.
func callEverything(hk *slogsensor.Hook) {
	msg := otelsensor.Message{TopicPartition: orders, Offset: 42}
	ev := otelsensor.Event{TopicPartition: orders, Offset: 42, Stream: agent}
	snd := otelsensor.Send{Topic: "totals"}
	h := otelsensor.Handle{Destination: "orders-queue", Size: 64}
	b := otelsensor.Batch{Stream: "clicks"}
	hk.OnMessageIn(ctx, msg)
	hk.OnMessageOut(ctx, msg)
	hk.OnTopicBufferFull(ctx, orders)
	hk.OnStreamEventIn(ctx, ev)
	hk.OnStreamEventOut(ctx, ev, nil)
	hk.OnStreamEventOut(ctx, ev, errBad)
	hk.OnTableGet(ctx, "counts")
	hk.OnTableSet(ctx, "counts")
	hk.OnTableDel(ctx, "counts")
	hk.OnCommitInitiated(ctx, otelsensor.Commit{})
	hk.OnCommitCompleted(ctx, otelsensor.Commit{}, nil)
	hk.OnCommitCompleted(ctx, otelsensor.Commit{}, errBad)
	hk.OnOffsetCommitted(ctx, orders, 41)
	hk.OnEndOffset(ctx, orders, 50)
	hk.OnLag(ctx, shard, 9)
	hk.OnSendInitiated(ctx, snd)
	hk.OnSendCompleted(ctx, snd, 1, 7)
	hk.OnSendCompleted(ctx, snd, -1, -1)
	hk.OnSendError(ctx, snd, throttled{})
	hk.OnAssignmentStart(ctx, otelsensor.Assignment{})
	hk.OnAssignmentError(ctx, otelsensor.Assignment{}, errBad)
	hk.OnAssignmentCompleted(ctx, otelsensor.Assignment{})
	hk.OnRebalanceStart(ctx, otelsensor.Rebalance{})
	hk.OnRebalanceReturn(ctx, otelsensor.Rebalance{})
	hk.OnRebalanceEnd(ctx, otelsensor.Rebalance{})
	hk.OnWebRequestStart(ctx, route)
	hk.OnWebRequestEnd(ctx, route, 404)
	hk.OnHandleStart(ctx, h)
	hk.OnHandleEnd(ctx, h, otelsensor.StatusAcked, nil)
	hk.OnHandleEnd(ctx, otelsensor.Handle{Destination: "orders-queue", Size: -1}, otelsensor.StatusError, errBad)
	hk.OnBatchStart(ctx, b)
	hk.OnBatchSent(ctx, b, 10, 640, nil)
	hk.OnBatchSent(ctx, b, 10, 640, throttled{})
	hk.OnThrottle(ctx, "clicks")
	hk.OnProducerQueue(ctx, "clicks", 5)
	hk.OnRecords(ctx, shard, 20, 1280)
	hk.OnReceiveError(ctx, shard, errBad)
	hk.OnCheckpoint(ctx, shard, nil)
	hk.OnCheckpoint(ctx, shard, errBad)
	hk.OnRedelivered(ctx, shard, 2)
	hk.OnIteratorAge(ctx, shard, 1500*time.Millisecond)
	hk.OnConsumerQueue(ctx, "clicks", 6)
	hk.OnShards(ctx, "clicks", 4, 2)
	hk.OnReshard(ctx, "clicks")
}

func TestDefaults(t *testing.T) {
	h, l := newHandler(slog.LevelDebug)
	callEverything(newHook(t, h))
	want := []string{
		"WARN topic buffer full",
		"WARN stream event out",
		"DEBUG commit completed",
		"WARN commit completed",
		"ERROR send error",
		"INFO assignment start",
		"ERROR assignment error",
		"INFO assignment completed",
		"INFO rebalance start",
		"INFO rebalance return",
		"INFO rebalance end",
		"WARN handle end",
		"WARN batch sent",
		"WARN throttle",
		"WARN receive error",
		"DEBUG checkpoint",
		"WARN checkpoint",
		"INFO shards",
		"INFO reshard",
	}
	if got := l.messages(t); !slices.Equal(got, want) {
		t.Errorf("default records:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFields(t *testing.T) {
	h, l := newHandler(slog.LevelDebug)
	callEverything(newHook(t, h, slogsensor.WithSampling(1), slogsensor.WithLevel(slog.LevelDebug), slogsensor.WithErrorLevel(slog.LevelWarn)))
	with := func(base map[string]any, kv ...any) map[string]any {
		m := maps.Clone(base)
		if m == nil {
			m = map[string]any{}
		}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	tp := map[string]any{"messaging.destination.name": "orders", "messaging.destination.partition.id": 3.0}
	sh := map[string]any{"messaging.destination.name": "clicks", "messaging.destination.partition.id": 1.0}
	clicks := map[string]any{"messaging.destination.name": "clicks"}
	event := with(tp, "messaging.kafka.offset", 42.0, "streamotel.stream.name", "orders-stream", "streamotel.task.name", "count_orders")
	bad := map[string]any{"level": "WARN", "error.type": "_OTHER", "exception.message": "bad record"}
	thr := map[string]any{"level": "WARN", "error.type": "throttled", "exception.message": "broker throttled the producer"}
	webReq := map[string]any{"http.request.method": "GET", "url.scheme": "http", "http.route": "/orders/{id}"}
	queue := map[string]any{"messaging.destination.name": "orders-queue"}
	want := []map[string]any{
		with(tp, "msg", "message in", "messaging.kafka.offset", 42.0),
		with(tp, "msg", "message out", "messaging.kafka.offset", 42.0),
		with(tp, "msg", "topic buffer full"),
		with(event, "msg", "stream event in"),
		with(event, "msg", "stream event out"),
		with(maps.Collect(func(yield func(string, any) bool) {
			for k, v := range event {
				yield(k, v)
			}
			for k, v := range bad {
				yield(k, v)
			}
		}), "msg", "stream event out"),
		{"msg": "table get", "streamotel.table.name": "counts"},
		{"msg": "table set", "streamotel.table.name": "counts"},
		{"msg": "table del", "streamotel.table.name": "counts"},
		{"msg": "commit initiated"},
		{"msg": "commit completed"},
		with(bad, "msg", "commit completed"),
		with(tp, "msg", "offset committed", "messaging.kafka.offset", 41.0),
		with(tp, "msg", "end offset", "messaging.kafka.offset", 50.0),
		with(sh, "msg", "lag", "lag", 9.0),
		{"msg": "send initiated", "messaging.destination.name": "totals"},
		{"msg": "send completed", "messaging.destination.name": "totals", "messaging.destination.partition.id": 1.0, "messaging.kafka.offset": 7.0},
		{"msg": "send completed", "messaging.destination.name": "totals"},
		with(thr, "msg", "send error", "messaging.destination.name", "totals"),
		{"msg": "assignment start"},
		with(bad, "msg", "assignment error"),
		{"msg": "assignment completed"},
		{"msg": "rebalance start"},
		{"msg": "rebalance return"},
		{"msg": "rebalance end"},
		with(webReq, "msg", "web request start"),
		with(webReq, "msg", "web request end", "http.response.status_code", 404.0),
		with(queue, "msg", "handle start", "messaging.message.body.size", 64.0),
		with(queue, "msg", "handle end", "messaging.message.body.size", 64.0, "streamotel.message.status", "acked"),
		with(with(bad, "messaging.destination.name", "orders-queue"), "msg", "handle end", "streamotel.message.status", "error"),
		with(clicks, "msg", "batch start"),
		with(clicks, "msg", "batch sent", "messaging.batch.message_count", 10.0, "bytes", 640.0),
		with(with(thr, "messaging.destination.name", "clicks"), "msg", "batch sent", "messaging.batch.message_count", 10.0, "bytes", 640.0),
		with(clicks, "msg", "throttle"),
		with(clicks, "msg", "producer queue", "queue.size", 5.0),
		with(sh, "msg", "records", "messaging.batch.message_count", 20.0, "bytes", 1280.0),
		with(with(bad, "messaging.destination.name", "clicks", "messaging.destination.partition.id", 1.0), "msg", "receive error"),
		with(sh, "msg", "checkpoint"),
		with(with(bad, "messaging.destination.name", "clicks", "messaging.destination.partition.id", 1.0), "msg", "checkpoint"),
		with(sh, "msg", "redelivered", "messaging.batch.message_count", 2.0),
		with(sh, "msg", "iterator age", "age", 1.5),
		with(clicks, "msg", "consumer queue", "queue.size", 6.0),
		with(clicks, "msg", "shards", "shards.active", 4.0, "shards.closed", 2.0),
		with(clicks, "msg", "reshard"),
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

func TestDurationFromTheToken(t *testing.T) {
	h, l := newHandler(slog.LevelDebug)
	hk := newHook(t, h)
	start := time.Now()
	time.Sleep(20 * time.Millisecond)
	hk.OnRebalanceReturn(ctx, otelsensor.Rebalance{}.StartedAt(start))
	hk.OnRebalanceEnd(ctx, otelsensor.Rebalance{})
	recs := l.records(t)
	if len(recs) != 2 {
		t.Fatalf("records %v, want 2", recs)
	}
	if d, ok := recs[0]["duration"].(float64); !ok || d < 0.02 || d > 60 {
		t.Errorf("duration %v (%v), want the seconds since the token's start, at least 0.02; record %v", d, ok, recs[0])
	}
	if d, ok := recs[1]["duration"]; ok {
		t.Errorf("duration %v for a token that did not start, want none", d)
	}
}

func TestSampling(t *testing.T) {
	h, l := newHandler(slog.LevelDebug)
	hk := newHook(t, h, slogsensor.WithSampling(3, "OnMessageIn"))
	for i := range int64(10) {
		hk.OnMessageIn(ctx, otelsensor.Message{TopicPartition: orders, Offset: i})
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
	h, l := newHandler(slog.LevelDebug)
	hk := newHook(t, h, slogsensor.WithSampling(10, "OnTableGet"))
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 1000 {
				hk.OnTableGet(ctx, "counts")
			}
		})
	}
	wg.Wait()
	if n := len(l.records(t)); n != 800 {
		t.Errorf("%d records of 8000 calls sampled 1 in 10, want 800", n)
	}
}

func TestErrorSamplingIsApart(t *testing.T) {
	h, l := newHandler(slog.LevelDebug)
	hk := newHook(t, h, slogsensor.WithSampling(1, "OnStreamEventOut"), slogsensor.WithErrorSampling(5, "EventHook"))
	ev := otelsensor.Event{TopicPartition: orders, Stream: agent}
	for range 10 {
		hk.OnStreamEventOut(ctx, ev, nil)
		hk.OnStreamEventOut(ctx, ev, errBad)
	}
	var ok, failed int
	for _, r := range l.records(t) {
		if _, isErr := r["error.type"]; isErr {
			failed++
		} else {
			ok++
		}
	}
	if ok != 10 || failed != 2 {
		t.Errorf("%d ordinary and %d failed records, want every one of 10 and 1 in 5 of 10", ok, failed)
	}
}

func TestLevelsAndSwitches(t *testing.T) {
	h, l := newHandler(slog.LevelWarn)
	hk := newHook(t, h,
		slogsensor.WithSampling(1, "OnTableGet", "OnTableSet"),
		slogsensor.WithLevel(slog.LevelWarn, "OnTableSet"),
		slogsensor.WithErrorSampling(0, "OnSendError"),
		slogsensor.WithLevel(slog.LevelError, "ShardHook"),
		slogsensor.WithErrorLevel(slog.LevelInfo, "OnCommitCompleted"),
	)
	hk.OnTableGet(ctx, "counts")                                      // Debug: below Warn
	hk.OnTableSet(ctx, "counts")                                      // raised to Warn
	hk.OnSendError(ctx, otelsensor.Send{Topic: "totals"}, errBad)     // failures off
	hk.OnRebalanceStart(ctx, otelsensor.Rebalance{})                  // Info: below Warn
	hk.OnTopicBufferFull(ctx, orders)                                 // Warn
	hk.OnCommitCompleted(ctx, otelsensor.Commit{}, errBad)            // failure lowered to Info
	hk.OnStreamEventOut(ctx, otelsensor.Event{Stream: agent}, errBad) // failure, Warn
	hk.OnShards(ctx, "clicks", 1, 0)                                  // the hook's, raised to Error
	hk.OnReshard(ctx, "clicks")                                       // the hook's, raised to Error
	want := []string{"WARN table set", "WARN topic buffer full", "WARN stream event out", "ERROR shards", "ERROR reshard"}
	if got := l.messages(t); !slices.Equal(got, want) {
		t.Errorf("records %q, want %q", got, want)
	}
}

func TestUnknownNamesAreErrors(t *testing.T) {
	h, _ := newHandler(slog.LevelDebug)
	hk, err := slogsensor.New(h,
		slogsensor.WithSampling(1, "OnMessageIn", "OnMesageIn"),
		slogsensor.WithLevel(slog.LevelInfo, "TableHooks"),
		slogsensor.WithErrorLevel(slog.LevelInfo, "Count"), // the Monitor's, not a callback
	)
	if hk != nil || err == nil {
		t.Fatalf("New = %v, %v; want nil and an error", hk, err)
	}
	for _, name := range []string{`"OnMesageIn"`, `"TableHooks"`, `"Count"`} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
	if strings.Contains(err.Error(), `"OnMessageIn"`) {
		t.Errorf("error %q names a known callback", err)
	}
}

func TestNilHandlerIsTheDefaultLogger(t *testing.T) {
	h, l := newHandler(slog.LevelInfo)
	prev := slog.Default()
	slog.SetDefault(slog.New(h).With("service", "orders-app"))
	t.Cleanup(func() { slog.SetDefault(prev) })

	newHook(t, nil).OnRebalanceStart(ctx, otelsensor.Rebalance{})
	recs := l.records(t)
	if len(recs) != 1 || recs[0]["service"] != "orders-app" {
		t.Errorf("records %v, want one with the default logger's attributes", recs)
	}
}

// TestEveryCallbackOfTheTable checks that the Hook has a method for every
// callback row of the semconv table, which New knows it by, and that every
// callback method of the Hook has a row, on the interface the row names.
func TestEveryCallbackOfTheTable(t *testing.T) {
	hookType := reflect.TypeFor[*slogsensor.Hook]()
	ifaces := map[string]reflect.Type{}
	for _, it := range []reflect.Type{
		reflect.TypeFor[otelsensor.MessageHook](), reflect.TypeFor[otelsensor.EventHook](),
		reflect.TypeFor[otelsensor.TableHook](), reflect.TypeFor[otelsensor.CommitHook](),
		reflect.TypeFor[otelsensor.OffsetHook](), reflect.TypeFor[otelsensor.SendHook](),
		reflect.TypeFor[otelsensor.AssignmentHook](), reflect.TypeFor[otelsensor.RebalanceHook](),
		reflect.TypeFor[otelsensor.WebHook](), reflect.TypeFor[otelsensor.HandlerHook](),
		reflect.TypeFor[otelsensor.ProducerHook](), reflect.TypeFor[otelsensor.ConsumerHook](),
		reflect.TypeFor[otelsensor.ShardHook](),
	} {
		ifaces[it.Name()] = it
		if !hookType.Implements(it) {
			t.Errorf("*Hook does not implement %s", it.Name())
		}
	}
	rows := map[string]bool{}
	for _, row := range semconv.Callbacks() {
		if !strings.HasSuffix(row.Hook, "Hook") {
			continue
		}
		rows[row.Method] = true
		it, ok := ifaces[row.Hook]
		if !ok {
			t.Errorf("row %s: no hook interface %s", row.Method, row.Hook)
			continue
		}
		if _, ok := it.MethodByName(row.Method); !ok {
			t.Errorf("row %s: %s has no such method", row.Method, row.Hook)
		}
	}
	for i := range hookType.NumMethod() {
		if m := hookType.Method(i); strings.HasPrefix(m.Name, "On") && !rows[m.Name] {
			t.Errorf("method %s has no row in semconv.Callbacks", m.Name)
		}
	}
	for name, it := range ifaces {
		for i := range it.NumMethod() {
			if !rows[it.Method(i).Name] {
				t.Errorf("%s.%s has no row in semconv.Callbacks", name, it.Method(i).Name)
			}
		}
	}
}

func TestWithMonitor(t *testing.T) {
	mon, err := otelsensor.New(otelsensor.WithSystem("kafka"))
	if err != nil {
		t.Fatal(err)
	}
	h, l := newHandler(slog.LevelInfo)
	s := otelsensor.NewSensor(mon, newHook(t, h))
	rb := s.OnRebalanceStart(ctx)
	time.Sleep(10 * time.Millisecond)
	s.OnRebalanceReturn(ctx, rb)
	s.OnSendError(ctx, s.OnSendInitiated(ctx, "totals"), errBad)

	snap := mon.Snapshot()
	if snap.Rebalances != 1 || snap.SendErrors != 1 || len(snap.RebalanceReturnLatency) != 1 {
		t.Errorf("monitor missed callbacks: %+v", snap)
	}
	var msgs []string
	for _, r := range l.records(t) {
		msgs = append(msgs, r["msg"].(string))
		if r["msg"] == "rebalance return" && r["duration"].(float64) < 0.01 {
			t.Errorf("logged duration %v, want the token's, at least 10 ms", r["duration"])
		}
	}
	if want := []string{"rebalance start", "rebalance return", "send error"}; !slices.Equal(msgs, want) {
		t.Errorf("records %q, want %q", msgs, want)
	}
}

func TestNilHookLogsNothing(t *testing.T) {
	var hk *slogsensor.Hook
	callEverything(hk) // must not panic
	s := otelsensor.NewSensor(hk)
	s.OnMessageOut(ctx, s.OnMessageIn(ctx, orders, 1))
}

func TestDisabledAllocatesNothing(t *testing.T) {
	h, _ := newHandler(slog.LevelError + 4)
	for name, hk := range map[string]*slogsensor.Hook{
		"defaults":       newHook(t, h),
		"below level":    newHook(t, h, slogsensor.WithSampling(1)),
		"sampled, below": newHook(t, h, slogsensor.WithSampling(7), slogsensor.WithErrorSampling(7)),
	} {
		if n := testing.AllocsPerRun(100, func() { callEverything(hk) }); n != 0 {
			t.Errorf("%s: %v allocations per pass over every callback", name, n)
		}
	}
}
