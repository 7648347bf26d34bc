package otelsensor

import (
	"context"
	"errors"
	"math"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/semconv"
)

var (
	ctx    = context.Background()
	orders = TopicPartition{Topic: "orders", Partition: 3}
	agent  = Stream{Name: "orders-stream", Task: "count_orders"}
)

// clock is a fake time source for the Monitor.
type clock struct{ t time.Duration }

func (c *clock) now() time.Duration         { return c.t }
func (c *clock) advance(d time.Duration)    { c.t += d }
func topicAttr(t string) attribute.KeyValue { return semconv.MessagingDestinationName.String(t) }
func partAttr(p string) attribute.KeyValue  { return semconv.MessagingDestinationPartition.String(p) }

func newMonitor(t *testing.T, opts ...Option) (*Monitor, *memory.Reader, *clock) {
	t.Helper()
	r := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	m, err := New(append([]Option{WithMeterProvider(mp), WithSystem("kafka"), WithConsumerGroup("orders-app")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Hour}
	m.now = c.now
	return m, r, c
}

func collect(t *testing.T, r *memory.Reader) memory.Metrics {
	t.Helper()
	got, err := r.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func wantValue(t *testing.T, got memory.Metrics, name string, want float64, attrs ...attribute.KeyValue) {
	t.Helper()
	v, ok := got.Value(name, attrs...)
	if !ok || v != want {
		t.Errorf("%s%v = %v (found %v), want %v; points %v", name, attrs, v, ok, want, got.Attributes(name))
	}
}

func wantHistogram(t *testing.T, got memory.Metrics, name string, count uint64, sum float64, attrs ...attribute.KeyValue) {
	t.Helper()
	h, ok := got.Histogram(name, attrs...)
	if !ok || h.Count != count || math.Abs(h.Sum-sum) > 1e-9 {
		t.Errorf("%s%v = %+v (found %v), want count %d sum %v; points %v", name, attrs, h, ok, count, sum, got.Attributes(name))
	}
}

func TestMessageInOut(t *testing.T) {
	m, r, _ := newMonitor(t)
	st := m.OnMessageIn(ctx, orders, 41)
	m.OnMessageIn(ctx, orders, 42)
	m.OnMessageIn(ctx, TopicPartition{"payments", 0}, 7)
	m.OnMessageOut(ctx, orders, 41, st)

	got := collect(t, r)
	wantValue(t, got, semconv.ConsumedMessages, 2, topicAttr("orders"), partAttr("3"),
		semconv.MessagingSystem.String("kafka"), semconv.MessagingConsumerGroupName.String("orders-app"),
		semconv.MessagingOperationName.String("receive"))
	wantValue(t, got, semconv.ConsumedMessages, 1, topicAttr("payments"), partAttr("0"))
	wantValue(t, got, semconv.MessagesActive, 1, topicAttr("orders"))
	wantValue(t, got, semconv.MessagesActive, 2)
	wantValue(t, got, semconv.ReadOffset, 42, topicAttr("orders"), partAttr("3"))

	s := m.Snapshot()
	if s.MessagesReceivedTotal != 3 || s.MessagesActive != 2 || s.MessagesReceivedByTopic["orders"] != 2 ||
		s.TopicReadOffsets["orders"][3] != 42 || s.TopicReadOffsets["payments"][0] != 7 {
		t.Errorf("snapshot = %+v", s)
	}
}

// TestMessageStateUntimed checks that OnMessageIn, whose end records no
// duration, returns a State that is started but carries no time.
func TestMessageStateUntimed(t *testing.T) {
	m, _, _ := newMonitor(t)
	m.now = func() time.Duration { t.Fatal("OnMessageIn read the clock"); return 0 }
	st := m.OnMessageIn(ctx, orders, 1)
	if !st.Started() || st.Elapsed() != 0 {
		t.Errorf("state: started %v, elapsed %v; want started, 0", st.Started(), st.Elapsed())
	}
	if e, ok := m.end(st); ok {
		t.Errorf("end of an untimed state = %+v, want none", e)
	}
}

func TestStreamEvents(t *testing.T) {
	m, r, c := newMonitor(t)
	st := m.OnStreamEventIn(ctx, orders, 1, agent)
	c.advance(250 * time.Millisecond)
	m.OnStreamEventOut(ctx, orders, 1, agent, st, nil)
	st = m.OnStreamEventIn(ctx, orders, 2, agent)
	c.advance(500 * time.Millisecond)
	m.OnStreamEventOut(ctx, orders, 2, agent, st, errors.New("boom"))
	m.OnStreamEventIn(ctx, orders, 3, Stream{Name: "audit", Task: "count_orders"})

	got := collect(t, r)
	wantValue(t, got, semconv.StreamEvents, 2, semconv.StreamName.String("orders-stream"), semconv.TaskName.String("count_orders"))
	wantValue(t, got, semconv.StreamEvents, 1, semconv.StreamName.String("audit"))
	wantValue(t, got, semconv.EventsActive, 0, semconv.StreamName.String("orders-stream"))
	wantValue(t, got, semconv.EventsActive, 1, semconv.StreamName.String("audit"))
	wantHistogram(t, got, semconv.ProcessDuration, 2, 0.75, topicAttr("orders"), partAttr("3"),
		semconv.StreamName.String("orders-stream"), semconv.MessagingOperationName.String("process"))
	wantHistogram(t, got, semconv.ProcessDuration, 1, 0.5, semconv.ErrorType.String("*errors.errorString"))

	s := m.Snapshot()
	if s.EventsTotal != 3 || s.EventsActive != 1 || s.EventsByStream["orders-stream"] != 2 ||
		s.EventsByTask["count_orders"] != 3 || len(s.EventsRuntime) != 2 || s.EventsRuntimeAvg != 0.375 {
		t.Errorf("snapshot = %+v", s)
	}
}

func TestTables(t *testing.T) {
	m, r, _ := newMonitor(t)
	for range 3 {
		m.OnTableGet(ctx, "counts")
	}
	m.OnTableSet(ctx, "counts")
	m.OnTableSet(ctx, "counts")
	m.OnTableDel(ctx, "counts")
	m.OnTableGet(ctx, "other")

	got := collect(t, r)
	name := semconv.TableName.String("counts")
	wantValue(t, got, semconv.TableOperations, 3, name, semconv.TableOperation.String("get"))
	wantValue(t, got, semconv.TableOperations, 2, name, semconv.TableOperation.String("set"))
	wantValue(t, got, semconv.TableOperations, 1, name, semconv.TableOperation.String("del"))
	wantValue(t, got, semconv.TableOperations, 1, semconv.TableName.String("other"))
	if ts := m.Snapshot().Tables["counts"]; ts != (TableState{KeysRetrieved: 3, KeysUpdated: 2, KeysDeleted: 1}) {
		t.Errorf("tables[counts] = %+v", ts)
	}
}

func TestCommitsOffsetsAndLag(t *testing.T) {
	m, r, c := newMonitor(t)
	st := m.OnCommitInitiated(ctx)
	c.advance(20 * time.Millisecond)
	m.OnCommitCompleted(ctx, st, nil)
	st = m.OnCommitInitiated(ctx)
	c.advance(30 * time.Millisecond)
	m.OnCommitCompleted(ctx, st, errors.New("rebalancing"))
	m.OnOffsetCommitted(ctx, orders, 90)
	m.OnEndOffset(ctx, orders, 100)
	m.OnEndOffset(ctx, TopicPartition{"orders", 4}, 10) // no commit yet: no lag

	got := collect(t, r)
	settle := semconv.MessagingOperationType.String("settle")
	wantHistogram(t, got, semconv.OperationDuration, 2, 0.05, settle, semconv.MessagingOperationName.String("commit"),
		semconv.MessagingConsumerGroupName.String("orders-app"))
	wantHistogram(t, got, semconv.OperationDuration, 1, 0.03, settle, semconv.ErrorType.String("*errors.errorString"))
	wantValue(t, got, semconv.CommittedOffset, 90, topicAttr("orders"), partAttr("3"))
	wantValue(t, got, semconv.EndOffset, 100, partAttr("3"))
	wantValue(t, got, semconv.EndOffset, 10, partAttr("4"))
	wantValue(t, got, semconv.ConsumerLag, 10, topicAttr("orders"), partAttr("3"))
	if _, ok := got.Value(semconv.ConsumerLag, partAttr("4")); ok {
		t.Error("lag reported for a partition without a committed offset")
	}

	s := m.Snapshot()
	if len(s.CommitLatency) != 2 || s.TopicCommittedOffsets["orders"][3] != 90 || s.TopicEndOffsets["orders"][4] != 10 || s.TopicLag["orders"][3] != 10 {
		t.Errorf("snapshot = %+v", s)
	}
}

type throttled struct{}

func (throttled) Error() string     { return "throttled" }
func (throttled) ErrorType() string { return "throttled" }

func TestSends(t *testing.T) {
	m, r, c := newMonitor(t)
	st := m.OnSendInitiated(ctx, "out", 3, 100)
	c.advance(10 * time.Millisecond)
	m.OnSendCompleted(ctx, TopicPartition{"out", 1}, 5, st)
	st = m.OnSendInitiated(ctx, "out", 3, 100)
	c.advance(40 * time.Millisecond)
	m.OnSendError(ctx, "out", st, throttled{})
	m.OnSendInitiated(ctx, "out", 3, 100) // still in flight

	got := collect(t, r)
	out := topicAttr("out")
	wantValue(t, got, semconv.SentMessages, 2, out, semconv.MessagingOperationName.String("send"))
	wantValue(t, got, semconv.SentMessages, 1, out, semconv.ErrorType.String("throttled"))
	wantValue(t, got, semconv.SendsActive, 1, out)
	wantHistogram(t, got, semconv.OperationDuration, 2, 0.05, out, semconv.MessagingOperationType.String("send"))
	wantHistogram(t, got, semconv.OperationDuration, 1, 0.04, out, semconv.ErrorType.String("throttled"))

	s := m.Snapshot()
	if s.MessagesSent != 3 || s.MessagesSentByTopic["out"] != 3 || s.SendErrors != 1 || len(s.SendLatency) != 1 || s.SendLatency[0] != 0.01 {
		t.Errorf("snapshot = %+v", s)
	}
}

func TestTopicBufferFull(t *testing.T) {
	m, r, _ := newMonitor(t)
	m.OnTopicBufferFull(ctx, orders)
	m.OnTopicBufferFull(ctx, orders)
	wantValue(t, collect(t, r), semconv.TopicBufferFull, 2, topicAttr("orders"), partAttr("3"))
	if n := m.Snapshot().TopicBufferFull["orders"]; n != 2 {
		t.Errorf("topic_buffer_full[orders] = %d", n)
	}
}

func TestAssignments(t *testing.T) {
	m, r, c := newMonitor(t)
	st := m.OnAssignmentStart(ctx)
	c.advance(2 * time.Second)
	m.OnAssignmentCompleted(ctx, st)
	st = m.OnAssignmentStart(ctx)
	c.advance(time.Second)
	m.OnAssignmentError(ctx, st, throttled{})

	got := collect(t, r)
	wantValue(t, got, semconv.Assignments, 2)
	wantValue(t, got, semconv.Assignments, 1, semconv.ErrorType.String("throttled"))
	wantHistogram(t, got, semconv.AssignmentTime, 2, 3)
	wantHistogram(t, got, semconv.AssignmentTime, 1, 1, semconv.ErrorType.String("throttled"))
	s := m.Snapshot()
	if s.AssignmentsCompleted != 1 || s.AssignmentsFailed != 1 || len(s.AssignmentLatency) != 2 {
		t.Errorf("snapshot = %+v", s)
	}
}

func TestRebalanceForgetsPartitions(t *testing.T) {
	m, r, c := newMonitor(t)
	revoked := TopicPartition{"orders", 7}
	m.OnMessageIn(ctx, revoked, 5)
	m.OnOffsetCommitted(ctx, revoked, 5)
	m.OnEndOffset(ctx, revoked, 50)

	st := m.OnRebalanceStart(ctx)
	c.advance(time.Second)
	m.OnRebalanceReturn(ctx, st)
	c.advance(2 * time.Second)
	m.OnMessageIn(ctx, orders, 1) // assigned during the rebalance
	m.OnRebalanceEnd(ctx, st)
	m.OnOffsetCommitted(ctx, orders, 2)
	m.OnEndOffset(ctx, orders, 4)

	got := collect(t, r)
	wantValue(t, got, semconv.Rebalances, 1, semconv.MessagingConsumerGroupName.String("orders-app"))
	wantHistogram(t, got, semconv.RebalanceTime, 1, 1, semconv.RebalancePhase.String("return"))
	wantHistogram(t, got, semconv.RebalanceTime, 1, 3, semconv.RebalancePhase.String("end"))
	for _, name := range []string{semconv.ReadOffset, semconv.CommittedOffset, semconv.EndOffset, semconv.ConsumerLag} {
		if _, ok := got.Value(name, partAttr("7")); ok {
			t.Errorf("%s still reported for the revoked partition", name)
		}
	}
	wantValue(t, got, semconv.ConsumerLag, 2, partAttr("3"))
	wantValue(t, got, semconv.ConsumedMessages, 1, partAttr("7")) // counts stay cumulative

	s := m.Snapshot()
	if s.Rebalances != 1 || s.RebalanceReturnAvg != 1 || s.RebalanceEndAvg != 3 || len(s.TopicLag["orders"]) != 1 {
		t.Errorf("snapshot = %+v", s)
	}
}

func TestWebRequests(t *testing.T) {
	m, r, c := newMonitor(t)
	req := WebRequest{Method: "GET", Scheme: "http", Route: "/orders/{id}"}
	st := m.OnWebRequestStart(ctx, req)
	c.advance(5 * time.Millisecond)
	m.OnWebRequestEnd(ctx, req, 200, st)
	st = m.OnWebRequestStart(ctx, req)
	c.advance(15 * time.Millisecond)
	m.OnWebRequestEnd(ctx, req, 503, st)
	m.OnWebRequestStart(ctx, WebRequest{Method: "BREW"})

	got := collect(t, r)
	get := semconv.HTTPRequestMethod.String("GET")
	wantHistogram(t, got, semconv.HTTPServerDuration, 1, 0.005, get, semconv.HTTPRoute.String("/orders/{id}"),
		semconv.HTTPResponseStatusCode.Int(200), semconv.URLScheme.String("http"))
	wantHistogram(t, got, semconv.HTTPServerDuration, 1, 0.015, semconv.HTTPResponseStatusCode.Int(503), semconv.ErrorType.String("503"))
	wantValue(t, got, semconv.HTTPServerActive, 0, get)
	wantValue(t, got, semconv.HTTPServerActive, 1, semconv.HTTPRequestMethod.String("_OTHER"))

	s := m.Snapshot()
	if s.HTTPResponseCodes[200] != 1 || s.HTTPResponseCodes[503] != 1 || len(s.HTTPResponseLatency) != 2 || s.HTTPResponseLatencyAvg != 0.01 {
		t.Errorf("snapshot = %+v", s)
	}
}

func TestCount(t *testing.T) {
	m, r, _ := newMonitor(t)
	m.Count(ctx, "orders.rejected", 2)
	m.Count(ctx, "orders.rejected", 3)
	wantValue(t, collect(t, r), semconv.MetricCounts, 5, semconv.MetricName.String("orders.rejected"))
	if n := m.Snapshot().MetricCounts["orders.rejected"]; n != 5 {
		t.Errorf("metric_counts = %d", n)
	}
}

func TestRates(t *testing.T) {
	m, _, c := newMonitor(t)
	m.Snapshot() // first sample
	for range 30 {
		m.OnMessageIn(ctx, orders, 1)
		m.OnStreamEventIn(ctx, orders, 1, agent)
	}
	c.advance(500 * time.Millisecond)
	if s := m.Snapshot(); s.MessagesS != 0 {
		t.Errorf("rate sampled before a second passed: %v", s.MessagesS)
	}
	c.advance(time.Second)
	s := m.Snapshot()
	if s.MessagesS != 20 || s.EventsS != 20 {
		t.Errorf("messages_s = %v, events_s = %v, want 20 each", s.MessagesS, s.EventsS)
	}
}

func TestHistorySizes(t *testing.T) {
	m, _, _ := newMonitor(t, WithAverageHistory(3), WithSendLatencyHistory(2))
	for i := range 5 {
		st := m.OnStreamEventIn(ctx, orders, 1, agent)
		m.now = func() time.Duration { return time.Hour + time.Duration(i+1)*time.Second }
		m.OnStreamEventOut(ctx, orders, 1, agent, st, nil)
		m.now = func() time.Duration { return time.Hour }
		m.OnSendCompleted(ctx, orders, 1, m.OnSendInitiated(ctx, "out", 0, 0))
	}
	s := m.Snapshot()
	if want := []float64{3, 4, 5}; !equal(s.EventsRuntime, want) {
		t.Errorf("events_runtime = %v, want %v", s.EventsRuntime, want)
	}
	if len(s.SendLatency) != 2 || len(s.CommitLatency) != 0 {
		t.Errorf("send_latency = %v, commit_latency = %v", s.SendLatency, s.CommitLatency)
	}
}

func equal(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestBadOptions(t *testing.T) {
	for _, o := range []Option{WithAverageHistory(0), WithCommitLatencyHistory(-1), WithCardinalityLimit(0)} {
		if _, err := New(o); err == nil {
			t.Errorf("New accepted a bad option")
		}
	}
}
