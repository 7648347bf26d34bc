package otelsensor

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/sdk/metric/metricdata/metricdatatest"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/semconv"
)

var (
	ctx    = context.Background()
	orders = TopicPartition{Topic: "orders", Partition: 3}
	agent  = Stream{Name: "orders-stream", Task: "count_orders"}
)

// clock is a fake time source for the Monitor. A token restarted at c.at()
// ends after exactly the time c advanced since.
type clock struct{ t stamp }

func (c *clock) now() stamp              { return c.t }
func (c *clock) at() time.Time           { return c.t.Start() }
func (c *clock) advance(d time.Duration) { c.t += stamp(d) }

func topicAttr(t string) attribute.KeyValue { return semconv.MessagingDestinationName.String(t) }
func partAttr(p string) attribute.KeyValue  { return semconv.MessagingDestinationPartition.String(p) }
func errType(s string) attribute.KeyValue   { return semconv.ErrorType.String(s) }

// rig is a Monitor on an SDK MeterProvider with an in-memory reader, behind
// a Sensor, on a fake clock.
type rig struct {
	*Sensor
	mon    *Monitor
	reader *memory.Reader
	clock  *clock
}

func newRig(t testing.TB, opts ...Option) *rig {
	t.Helper()
	r := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	m, err := New(append([]Option{WithMeterProvider(mp), WithSystem("kafka"), WithConsumerGroup("orders-app")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: stamp(time.Hour)}
	m.now = c.now
	m.rates.start(c.now()) // as if New ran at the fake time
	return &rig{Sensor: NewSensor(m), mon: m, reader: r, clock: c}
}

// at is the fake present, for StartedAt.
func (w *rig) at() time.Time { return w.clock.at() }

func (w *rig) collect(t testing.TB) memory.Metrics {
	t.Helper()
	got, err := w.reader.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func wantValue(t testing.TB, got memory.Metrics, name string, want float64, attrs ...attribute.KeyValue) {
	t.Helper()
	v, ok := got.Value(name, attrs...)
	if !ok || v != want {
		t.Errorf("%s%v = %v (found %v), want %v; points %v", name, attrs, v, ok, want, got.Attributes(name))
	}
}

func wantNoValue(t testing.TB, got memory.Metrics, name string, attrs ...attribute.KeyValue) {
	t.Helper()
	if v, ok := got.Value(name, attrs...); ok {
		t.Errorf("%s%v = %v, want no point", name, attrs, v)
	}
}

func wantHistogram(t testing.TB, got memory.Metrics, name string, count uint64, sum float64, attrs ...attribute.KeyValue) {
	t.Helper()
	h, ok := got.Histogram(name, attrs...)
	if !ok || h.Count != count || math.Abs(h.Sum-sum) > 1e-9 {
		t.Errorf("%s%v = %+v (found %v), want count %d sum %v; points %v", name, attrs, h, ok, count, sum, got.Attributes(name))
	}
}

// eq checks one value.
func eq[T comparable](t testing.TB, name string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

// eqSlice checks one slice value.
func eqSlice[T comparable](t testing.TB, name string, got, want []T) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

func TestMessageInOut(t *testing.T) {
	w := newRig(t)
	msg := w.OnMessageIn(ctx, orders, 41)
	w.OnMessageIn(ctx, orders, 42)
	w.OnMessageIn(ctx, TopicPartition{"payments", 0}, 7)
	w.OnMessageOut(ctx, msg)

	got := w.collect(t)
	md, _ := got.Metric(semconv.ConsumedMessages)
	consumer := func(topic, partition string) attribute.Set {
		return attribute.NewSet(semconv.MessagingSystem.String("kafka"),
			semconv.MessagingConsumerGroupName.String("orders-app"),
			semconv.MessagingOperationName.String("receive"), topicAttr(topic), partAttr(partition))
	}
	metricdatatest.AssertEqual(t, metricdata.Metrics{
		Name:        semconv.ConsumedMessages,
		Description: md.Description,
		Unit:        "{message}",
		Data: metricdata.Sum[int64]{
			Temporality: metricdata.CumulativeTemporality,
			IsMonotonic: true,
			DataPoints: []metricdata.DataPoint[int64]{
				{Attributes: consumer("orders", "3"), Value: 2},
				{Attributes: consumer("payments", "0"), Value: 1},
			},
		},
	}, md, metricdatatest.IgnoreTimestamp())
	wantValue(t, got, semconv.MessagesActive, 1, topicAttr("orders"))
	wantValue(t, got, semconv.MessagesActive, 2)
	wantValue(t, got, semconv.ReadOffset, 42, topicAttr("orders"), partAttr("3"))

	s := w.mon.Snapshot()
	eq(t, "messages_received_total", s.MessagesReceivedTotal, 3)
	eq(t, "messages_active", s.MessagesActive, 2)
	eq(t, "messages_received_by_topic[orders]", s.MessagesReceivedByTopic["orders"], 2)
	eq(t, "topic_read_offsets[orders][3]", s.TopicReadOffsets["orders"][3], 42)
	eq(t, "topic_read_offsets[payments][0]", s.TopicReadOffsets["payments"][0], 7)
}

func TestStreamEvents(t *testing.T) {
	w := newRig(t)
	msg := w.OnMessageIn(ctx, orders, 1)
	ev := w.OnStreamEventIn(ctx, msg, agent).StartedAt(w.at())
	w.clock.advance(250 * time.Millisecond)
	w.OnStreamEventOut(ctx, ev, nil)
	ev = w.OnStreamEventIn(ctx, Message{TopicPartition: orders, Offset: 2}, agent).StartedAt(w.at())
	w.clock.advance(500 * time.Millisecond)
	w.OnStreamEventOut(ctx, ev, errors.New("boom"))
	w.OnStreamEventIn(ctx, Message{TopicPartition: orders, Offset: 3}, Stream{Name: "audit", Task: "count_orders"})

	got := w.collect(t)
	wantValue(t, got, semconv.StreamEvents, 2, semconv.StreamName.String("orders-stream"), semconv.TaskName.String("count_orders"))
	wantValue(t, got, semconv.StreamEvents, 1, semconv.StreamName.String("audit"))
	wantValue(t, got, semconv.EventsActive, 0, semconv.StreamName.String("orders-stream"))
	wantValue(t, got, semconv.EventsActive, 1, semconv.StreamName.String("audit"))
	wantHistogram(t, got, semconv.ProcessDuration, 2, 0.75, topicAttr("orders"), partAttr("3"),
		semconv.StreamName.String("orders-stream"), semconv.MessagingOperationName.String("process"))
	wantHistogram(t, got, semconv.ProcessDuration, 1, 0.5, errType(semconv.ErrorTypeOther))

	s := w.mon.Snapshot()
	eq(t, "events_total", s.EventsTotal, 3)
	eq(t, "events_active", s.EventsActive, 1)
	eq(t, "events_by_stream[orders-stream]", s.EventsByStream["orders-stream"], 2)
	eq(t, "events_by_task[count_orders]", s.EventsByTask["count_orders"], 3)
	eqSlice(t, "events_runtime", s.EventsRuntime, []float64{0.25, 0.5})
	eq(t, "events_runtime_avg", s.EventsRuntimeAvg, 0.375)
	eq(t, "events_errors", s.EventsErrors, 1)
}

// TestEventCarriesItsMessage checks that an event's token takes the
// partition and offset of the message it processes.
func TestEventCarriesItsMessage(t *testing.T) {
	w := newRig(t)
	ev := w.OnStreamEventIn(ctx, w.OnMessageIn(ctx, orders, 17), agent)
	eq(t, "partition", ev.TopicPartition, orders)
	eq(t, "offset", ev.Offset, 17)
	eq(t, "stream", ev.Stream, agent)
}

func TestTables(t *testing.T) {
	w := newRig(t)
	for range 3 {
		w.OnTableGet(ctx, "counts")
	}
	w.OnTableSet(ctx, "counts")
	w.OnTableSet(ctx, "counts")
	w.OnTableDel(ctx, "counts")
	w.OnTableGet(ctx, "other")

	got := w.collect(t)
	name := semconv.TableName.String("counts")
	for _, c := range []struct {
		op   string
		want float64
	}{{"get", 3}, {"set", 2}, {"del", 1}} {
		t.Run(c.op, func(t *testing.T) {
			wantValue(t, got, semconv.TableOperations, c.want, name, semconv.TableOperation.String(c.op))
		})
	}
	wantValue(t, got, semconv.TableOperations, 1, semconv.TableName.String("other"))
	eq(t, "tables[counts]", w.mon.Snapshot().Tables["counts"], TableState{KeysRetrieved: 3, KeysUpdated: 2, KeysDeleted: 1})
}

func TestCommitsOffsetsAndLag(t *testing.T) {
	w := newRig(t)
	c := w.OnCommitInitiated(ctx).StartedAt(w.at())
	w.clock.advance(20 * time.Millisecond)
	w.OnCommitCompleted(ctx, c, nil)
	c = w.OnCommitInitiated(ctx).StartedAt(w.at())
	w.clock.advance(30 * time.Millisecond)
	w.OnCommitCompleted(ctx, c, errors.New("rebalancing"))
	w.OnOffsetCommitted(ctx, orders, 90)
	w.OnEndOffset(ctx, orders, 100)
	w.OnEndOffset(ctx, TopicPartition{"orders", 4}, 10) // no commit yet: no lag

	got := w.collect(t)
	settle := semconv.MessagingOperationType.String("settle")
	wantHistogram(t, got, semconv.OperationDuration, 2, 0.05, settle, semconv.MessagingOperationName.String("commit"),
		semconv.MessagingConsumerGroupName.String("orders-app"))
	wantHistogram(t, got, semconv.OperationDuration, 1, 0.03, settle, errType(semconv.ErrorTypeOther))
	wantValue(t, got, semconv.CommittedOffset, 90, topicAttr("orders"), partAttr("3"))
	wantValue(t, got, semconv.EndOffset, 100, partAttr("3"))
	wantValue(t, got, semconv.EndOffset, 10, partAttr("4"))
	wantValue(t, got, semconv.ConsumerLag, 10, topicAttr("orders"), partAttr("3"))
	wantNoValue(t, got, semconv.ConsumerLag, partAttr("4"))

	s := w.mon.Snapshot()
	eqSlice(t, "commit_latency", s.CommitLatency, []float64{0.02, 0.03})
	eq(t, "topic_committed_offsets[orders][3]", s.TopicCommittedOffsets["orders"][3], 90)
	eq(t, "topic_end_offsets[orders][4]", s.TopicEndOffsets["orders"][4], 10)
	eq(t, "topic_lag[orders][3]", s.TopicLag["orders"][3], 10)
	if _, ok := s.TopicLag["orders"][4]; ok {
		t.Error("topic_lag[orders][4] reported without a committed offset")
	}
}

// TestCommittedOffsetIsTheNextOne pins Kafka's convention: the committed
// offset is the next offset to read, so a consumer that processed offsets
// 0 to 9 commits 10 and, with the end offset at 15, is 5 messages behind
// (offsets 10 to 14).
func TestCommittedOffsetIsTheNextOne(t *testing.T) {
	w := newRig(t)
	for off := range int64(10) {
		w.OnMessageOut(ctx, w.OnMessageIn(ctx, orders, off))
	}
	w.OnOffsetCommitted(ctx, orders, 10)
	w.OnEndOffset(ctx, orders, 15)
	eq(t, "topic_lag[orders][3]", w.mon.Snapshot().TopicLag["orders"][3], 5)
	wantValue(t, w.collect(t), semconv.ConsumerLag, 5, partAttr("3"))
}

type throttled struct{}

func (throttled) Error() string     { return "throttled" }
func (throttled) ErrorType() string { return "throttled" }

func TestSends(t *testing.T) {
	w := newRig(t)
	snd := w.OnSendInitiated(ctx, "out").StartedAt(w.at())
	w.clock.advance(10 * time.Millisecond)
	w.OnSendCompleted(ctx, snd, 1, 5)
	snd = w.OnSendInitiated(ctx, "out").StartedAt(w.at())
	w.clock.advance(40 * time.Millisecond)
	w.OnSendError(ctx, snd, throttled{})
	w.OnSendInitiated(ctx, "out") // still in flight

	got := w.collect(t)
	out := topicAttr("out")
	wantValue(t, got, semconv.SentMessages, 2, out, semconv.MessagingOperationName.String("send"))
	wantValue(t, got, semconv.SentMessages, 1, out, partAttr("1"))
	wantValue(t, got, semconv.SentMessages, 1, out, errType("throttled"))
	wantValue(t, got, semconv.SendErrors, 1, out, errType("throttled"))
	wantValue(t, got, semconv.SendsActive, 1, out)
	wantHistogram(t, got, semconv.OperationDuration, 2, 0.05, out, semconv.MessagingOperationType.String("send"))
	wantHistogram(t, got, semconv.OperationDuration, 1, 0.04, out, errType("throttled"))

	s := w.mon.Snapshot()
	eq(t, "messages_sent", s.MessagesSent, 3)
	eq(t, "messages_sent_by_topic[out]", s.MessagesSentByTopic["out"], 3)
	eq(t, "send_errors", s.SendErrors, 1)
	eqSlice(t, "send_latency", s.SendLatency, []float64{0.01})
}

// TestSendToUnknownPartition is issue 11's bug 3: a send completed with
// partition -1 (the broker did not tell) is counted for its topic, with no
// messaging.destination.partition.id, rather than with partition "-1".
func TestSendToUnknownPartition(t *testing.T) {
	w := newRig(t)
	w.OnSendCompleted(ctx, w.OnSendInitiated(ctx, "out"), -1, -1)
	w.OnSendCompleted(ctx, w.OnSendInitiated(ctx, "out"), 2, 7)

	got := w.collect(t)
	wantValue(t, got, semconv.SentMessages, 2, topicAttr("out"))
	wantValue(t, got, semconv.SentMessages, 1, topicAttr("out"), partAttr("2"))
	for _, name := range []string{semconv.SentMessages, semconv.OperationDuration, semconv.SendsActive} {
		for _, set := range got.Attributes(name) {
			if v, ok := set.Value(semconv.MessagingDestinationPartition); ok && strings.HasPrefix(v.AsString(), "-") {
				t.Errorf("%s exported with %s=%q", name, semconv.MessagingDestinationPartition, v.AsString())
			}
		}
	}
	if h, _ := got.Histogram(semconv.OperationDuration, topicAttr("out")); h.Count != 2 {
		t.Errorf("%s count = %d, want 2", semconv.OperationDuration, h.Count)
	}
}

func TestTopicBufferFull(t *testing.T) {
	w := newRig(t)
	w.OnTopicBufferFull(ctx, orders)
	w.OnTopicBufferFull(ctx, orders)
	wantValue(t, w.collect(t), semconv.TopicBufferFull, 2, topicAttr("orders"), partAttr("3"))
	eq(t, "topic_buffer_full[orders]", w.mon.Snapshot().TopicBufferFull["orders"], 2)
}

func TestAssignments(t *testing.T) {
	w := newRig(t)
	a := w.OnAssignmentStart(ctx).StartedAt(w.at())
	w.clock.advance(2 * time.Second)
	w.OnAssignmentCompleted(ctx, a)
	a = w.OnAssignmentStart(ctx).StartedAt(w.at())
	w.clock.advance(time.Second)
	w.OnAssignmentError(ctx, a, throttled{})

	got := w.collect(t)
	wantValue(t, got, semconv.Assignments, 2)
	wantValue(t, got, semconv.Assignments, 1, errType("throttled"))
	wantHistogram(t, got, semconv.AssignmentTime, 2, 3)
	wantHistogram(t, got, semconv.AssignmentTime, 1, 1, errType("throttled"))
	s := w.mon.Snapshot()
	eq(t, "assignments_completed", s.AssignmentsCompleted, 1)
	eq(t, "assignments_failed", s.AssignmentsFailed, 1)
	eqSlice(t, "assignment_latency", s.AssignmentLatency, []float64{2, 1})
}

func TestRebalanceForgetsPartitions(t *testing.T) {
	w := newRig(t)
	revoked := TopicPartition{"orders", 7}
	w.OnMessageIn(ctx, revoked, 5)
	w.OnOffsetCommitted(ctx, revoked, 5)
	w.OnEndOffset(ctx, revoked, 50)

	r := w.OnRebalanceStart(ctx).StartedAt(w.at())
	w.clock.advance(time.Second)
	w.OnRebalanceReturn(ctx, r)
	w.clock.advance(2 * time.Second)
	w.OnMessageIn(ctx, orders, 1) // assigned during the rebalance
	w.OnRebalanceEnd(ctx, r)
	w.OnOffsetCommitted(ctx, orders, 2)
	w.OnEndOffset(ctx, orders, 4)

	got := w.collect(t)
	wantValue(t, got, semconv.Rebalances, 1, semconv.MessagingConsumerGroupName.String("orders-app"))
	wantHistogram(t, got, semconv.RebalanceTime, 1, 1, semconv.RebalancePhase.String("return"))
	wantHistogram(t, got, semconv.RebalanceTime, 1, 3, semconv.RebalancePhase.String("end"))
	for _, name := range []string{semconv.ReadOffset, semconv.CommittedOffset, semconv.EndOffset, semconv.ConsumerLag} {
		t.Run(name, func(t *testing.T) { wantNoValue(t, got, name, partAttr("7")) })
	}
	wantValue(t, got, semconv.ConsumerLag, 2, partAttr("3"))
	wantValue(t, got, semconv.ConsumedMessages, 1, partAttr("7")) // counts stay cumulative

	s := w.mon.Snapshot()
	eq(t, "rebalances", s.Rebalances, 1)
	eq(t, "rebalance_return_avg", s.RebalanceReturnAvg, 1)
	eq(t, "rebalance_end_avg", s.RebalanceEndAvg, 3)
	eq(t, "len(topic_lag[orders])", len(s.TopicLag["orders"]), 1)
}

func TestWebRequests(t *testing.T) {
	w := newRig(t)
	route := WebRequest{Method: "GET", Scheme: "http", Route: "/orders/{id}"}
	req := w.OnWebRequestStart(ctx, route).StartedAt(w.at())
	w.clock.advance(5 * time.Millisecond)
	w.OnWebRequestEnd(ctx, req, 200)
	req = w.OnWebRequestStart(ctx, route).StartedAt(w.at())
	w.clock.advance(15 * time.Millisecond)
	w.OnWebRequestEnd(ctx, req, 503)
	w.OnWebRequestStart(ctx, WebRequest{Method: "BREW"})

	got := w.collect(t)
	get := semconv.HTTPRequestMethod.String("GET")
	wantHistogram(t, got, semconv.HTTPServerDuration, 1, 0.005, get, semconv.HTTPRoute.String("/orders/{id}"),
		semconv.HTTPResponseStatusCode.Int(200), semconv.URLScheme.String("http"))
	wantHistogram(t, got, semconv.HTTPServerDuration, 1, 0.015, semconv.HTTPResponseStatusCode.Int(503), errType("503"))
	wantValue(t, got, semconv.HTTPServerActive, 0, get)
	wantValue(t, got, semconv.HTTPServerActive, 1, semconv.HTTPRequestMethod.String("_OTHER"), semconv.URLScheme.String("http"))

	s := w.mon.Snapshot()
	eq(t, "http_response_codes[200]", s.HTTPResponseCodes[200], 1)
	eq(t, "http_response_codes[503]", s.HTTPResponseCodes[503], 1)
	eqSlice(t, "http_response_latency", s.HTTPResponseLatency, []float64{0.005, 0.015})
	eq(t, "http_response_latency_avg", s.HTTPResponseLatencyAvg, 0.01)
}

func TestCount(t *testing.T) {
	w := newRig(t)
	w.mon.Count(ctx, "orders.rejected", 2)
	w.mon.Count(ctx, "orders.rejected", 3)
	wantValue(t, w.collect(t), semconv.MetricCounts, 5, semconv.MetricName.String("orders.rejected"))
	eq(t, "metric_counts[orders.rejected]", w.mon.Snapshot().MetricCounts["orders.rejected"], 5)

	w.mon.Count(ctx, "orders.rejected", math.MaxInt64)
	eq(t, "metric_counts past the largest int64", w.mon.Snapshot().MetricCounts["orders.rejected"], math.MaxInt64)
}

// TestRates checks that messages_s and events_s are per wall-clock second,
// whatever the calls to Snapshot: from New on the first call, then over the
// last RateWindow or more.
func TestRates(t *testing.T) {
	w := newRig(t)
	for off := range int64(30) {
		w.OnStreamEventIn(ctx, w.OnMessageIn(ctx, orders, off), agent)
	}
	w.clock.advance(1500 * time.Millisecond)
	s := w.mon.Snapshot()
	eq(t, "messages_s of the first snapshot, 30 messages 1.5 s after New", s.MessagesS, 20)
	eq(t, "events_s of the first snapshot", s.EventsS, 20)

	w.clock.advance(3 * time.Second)
	s = w.mon.Snapshot()
	if want := 30 / 4.5; math.Abs(s.MessagesS-want) > 1e-9 {
		t.Errorf("messages_s after 3 s idle = %v, want %v (30 messages over the 4.5 s since New)", s.MessagesS, want)
	}
	w.clock.advance(10 * time.Second)
	eq(t, "messages_s after 13 s idle", w.mon.Snapshot().MessagesS, 0)

	// A steady 10 messages a second reads 10, polled twice a second.
	for range 20 {
		for range 5 {
			w.OnMessageIn(ctx, orders, 1)
		}
		w.clock.advance(500 * time.Millisecond)
		s = w.mon.Snapshot()
	}
	if math.Abs(s.MessagesS-10) > 1e-9 {
		t.Errorf("messages_s at a steady 10/s = %v, want 10", s.MessagesS)
	}
}

// TestAveragesAreMeans checks that Faust's *_avg fields are means of their
// histories, not medians: 1, 2 and 6 s average 3, where the median is 2.
func TestAveragesAreMeans(t *testing.T) {
	w := newRig(t)
	for _, d := range []time.Duration{time.Second, 2 * time.Second, 6 * time.Second} {
		ev := w.OnStreamEventIn(ctx, w.OnMessageIn(ctx, orders, 1), agent).StartedAt(w.at())
		r := w.OnRebalanceStart(ctx).StartedAt(w.at())
		req := w.OnWebRequestStart(ctx, WebRequest{Method: "GET"}).StartedAt(w.at())
		w.clock.advance(d)
		w.OnStreamEventOut(ctx, ev, nil)
		w.OnRebalanceReturn(ctx, r)
		w.OnRebalanceEnd(ctx, r)
		w.OnWebRequestEnd(ctx, req, 200)
	}
	s := w.mon.Snapshot()
	for _, c := range []struct {
		name string
		got  float64
	}{
		{"events_runtime_avg", s.EventsRuntimeAvg},
		{"rebalance_return_avg", s.RebalanceReturnAvg},
		{"rebalance_end_avg", s.RebalanceEndAvg},
		{"http_response_latency_avg", s.HTTPResponseLatencyAvg},
	} {
		t.Run(c.name, func(t *testing.T) { eq(t, c.name, c.got, 3) })
	}
}

func TestHistorySizes(t *testing.T) {
	w := newRig(t, WithAverageHistory(3), WithSendLatencyHistory(2))
	for i := range 5 {
		ev := w.OnStreamEventIn(ctx, w.OnMessageIn(ctx, orders, 1), agent).StartedAt(w.at())
		snd := w.OnSendInitiated(ctx, "out").StartedAt(w.at())
		w.clock.advance(time.Duration(i+1) * time.Second)
		w.OnStreamEventOut(ctx, ev, nil)
		w.OnSendCompleted(ctx, snd, 0, 1)
	}
	s := w.mon.Snapshot()
	eqSlice(t, "events_runtime", s.EventsRuntime, []float64{3, 4, 5})
	eqSlice(t, "send_latency", s.SendLatency, []float64{4, 5})
	eq(t, "len(commit_latency)", len(s.CommitLatency), 0)
}

func TestBadOptions(t *testing.T) {
	for _, c := range []struct {
		name string
		opt  Option
	}{
		{"average history 0", WithAverageHistory(0)},
		{"average history past MaxHistory", WithAverageHistory(MaxHistory + 1)},
		{"commit latency history -1", WithCommitLatencyHistory(-1)},
		{"send latency history 0", WithSendLatencyHistory(0)},
		{"assignment latency history 0", WithAssignmentLatencyHistory(0)},
		{"cardinality limit 0", WithCardinalityLimit(0)},
		{"cardinality limit past MaxCardinalityLimit", WithCardinalityLimit(MaxCardinalityLimit + 1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := New(WithMeterProvider(sdkmetric.NewMeterProvider()), c.opt); err == nil {
				t.Error("New accepted it")
			}
		})
	}
	t.Run("every bad option is reported", func(t *testing.T) {
		_, err := New(WithAverageHistory(0), WithCardinalityLimit(0))
		if err == nil || !strings.Contains(err.Error(), "average history") || !strings.Contains(err.Error(), "cardinality limit") {
			t.Errorf("New = %v, want both bad options named", err)
		}
	})
	t.Run("bounds are accepted", func(t *testing.T) {
		if _, err := New(WithMeterProvider(sdkmetric.NewMeterProvider()), WithAverageHistory(1),
			WithCardinalityLimit(MaxCardinalityLimit), nil); err != nil {
			t.Error(err)
		}
	})
}

// TestHintsTellPartitionsApart checks that the front cache hint of a
// topic's partitions puts the first 16 in different slots of the front
// cache of internal/series, which has 64.
func TestHintsTellPartitionsApart(t *testing.T) {
	const frontSlots = 64
	seen := map[uint]bool{}
	for p := range int32(16) {
		h := partitionHint(TopicPartition{Topic: "orders", Partition: p}) % frontSlots
		if seen[h] {
			t.Fatalf("partition %d shares slot %d with a lower partition", p, h)
		}
		seen[h] = true
	}
}
