package otelsensor

import (
	"testing"

	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/stats"
)

func TestBadNames(t *testing.T) {
	m, r, _ := newMonitor(t)
	m.OnMessageIn(ctx, TopicPartition{Topic: ""}, 1)
	m.OnMessageIn(ctx, TopicPartition{Topic: "bad\xff\xfename"}, 1)
	m.OnTableGet(ctx, "")
	m.OnStreamEventIn(ctx, orders, 1, Stream{Name: "\xc3", Task: ""})
	long := string(make([]byte, 10000))
	m.OnSendInitiated(ctx, long, 0, 0)
	m.OnTableSet(ctx, "line\nbreak")

	got := collect(t, r)
	wantValue(t, got, semconv.ConsumedMessages, 1, topicAttr(stats.EmptyName))
	wantValue(t, got, semconv.ConsumedMessages, 1, topicAttr("bad\uFFFDname"))
	wantValue(t, got, semconv.TableOperations, 1, semconv.TableName.String(stats.EmptyName))
	wantValue(t, got, semconv.StreamEvents, 1, semconv.StreamName.String("\uFFFD"), semconv.TaskName.String(stats.EmptyName))
	wantValue(t, got, semconv.TableOperations, 1, semconv.TableName.String("line_break"))
	for _, set := range got.Attributes(semconv.SendsActive) {
		if v, _ := set.Value(semconv.MessagingDestinationName); len(v.AsString()) > 255 {
			t.Errorf("topic attribute of %d bytes", len(v.AsString()))
		}
	}
}

func TestNegativeOffsetsAreNotRecorded(t *testing.T) {
	m, r, _ := newMonitor(t)
	m.OnMessageIn(ctx, orders, 10)
	m.OnMessageIn(ctx, orders, -1)
	m.OnOffsetCommitted(ctx, orders, -5)
	m.OnEndOffset(ctx, orders, -1001)
	got := collect(t, r)
	wantValue(t, got, semconv.ConsumedMessages, 2, partAttr("3"))
	wantValue(t, got, semconv.ReadOffset, 10, partAttr("3"))
	for _, name := range []string{semconv.CommittedOffset, semconv.EndOffset, semconv.ConsumerLag} {
		if _, ok := got.Value(name); ok {
			t.Errorf("%s reported from a negative offset", name)
		}
	}
}

func TestLagNeverNegative(t *testing.T) {
	m, r, _ := newMonitor(t)
	m.OnEndOffset(ctx, orders, 10)
	m.OnOffsetCommitted(ctx, orders, 12) // end offset is stale
	wantValue(t, collect(t, r), semconv.ConsumerLag, 0, partAttr("3"))
}

func TestEndWithoutStart(t *testing.T) {
	m, r, _ := newMonitor(t)
	var zero State
	m.OnMessageOut(ctx, orders, 1, zero)
	m.OnStreamEventOut(ctx, orders, 1, agent, zero, nil)
	m.OnCommitCompleted(ctx, zero, nil)
	m.OnSendCompleted(ctx, orders, 1, zero)
	m.OnSendError(ctx, "out", zero, nil)
	m.OnAssignmentCompleted(ctx, zero)
	m.OnAssignmentError(ctx, zero, nil)
	m.OnRebalanceReturn(ctx, zero)
	m.OnRebalanceEnd(ctx, zero)
	m.OnWebRequestEnd(ctx, WebRequest{Method: "GET"}, 200, zero)

	got := collect(t, r)
	for _, name := range []string{semconv.ProcessDuration, semconv.OperationDuration, semconv.AssignmentTime, semconv.RebalanceTime, semconv.HTTPServerDuration} {
		if h, ok := got.Histogram(name); ok && h.Count != 0 {
			t.Errorf("%s recorded %d durations without a start", name, h.Count)
		}
	}
	for _, name := range []string{semconv.MessagesActive, semconv.EventsActive, semconv.SendsActive, semconv.HTTPServerActive} {
		if v, _ := got.Value(name); v < 0 {
			t.Errorf("%s = %v after an end without a start", name, v)
		}
	}
	// The outcomes still count.
	wantValue(t, got, semconv.SentMessages, 1, topicAttr("orders"))
	wantValue(t, got, semconv.SentMessages, 1, topicAttr("out"), semconv.ErrorType.String("unknown"))
	wantValue(t, got, semconv.Assignments, 2)
	s := m.Snapshot()
	if s.HTTPResponseCodes[200] != 1 || s.AssignmentsFailed != 1 {
		t.Errorf("snapshot = %+v", s)
	}
}

func TestCallbacksAfterClose(t *testing.T) {
	m, r, _ := newMonitor(t)
	m.OnMessageIn(ctx, orders, 1)
	if err := m.Close(); err != nil {
		t.Fatal(err)
	}
	if err := m.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	st := m.OnMessageIn(ctx, orders, 2)
	m.OnMessageOut(ctx, orders, 2, st)
	m.OnStreamEventOut(ctx, orders, 2, agent, m.OnStreamEventIn(ctx, orders, 2, agent), nil)
	m.OnRebalanceEnd(ctx, m.OnRebalanceStart(ctx))
	m.Count(ctx, "x", 1)
	// What was recorded before Close is still exported.
	got := collect(t, r)
	wantValue(t, got, semconv.ConsumedMessages, 1)
	wantValue(t, got, semconv.ReadOffset, 1)
	if _, ok := got.Value(semconv.MetricCounts); ok {
		t.Error("count recorded after Close")
	}
}

func TestUnregister(t *testing.T) {
	m, r, _ := newMonitor(t)
	m.OnMessageIn(ctx, orders, 1)
	if err := m.Unregister(); err != nil {
		t.Fatal(err)
	}
	if _, ok := collect(t, r).Value(semconv.ConsumedMessages); ok {
		t.Error("counts exported after Unregister")
	}
}

func TestCardinalityLimitOverflows(t *testing.T) {
	m, r, _ := newMonitor(t, WithCardinalityLimit(3))
	for i := range 10 {
		tp := TopicPartition{Topic: string(rune('a' + i))}
		m.OnMessageIn(ctx, tp, int64(i))
		m.OnEndOffset(ctx, tp, 100)
		m.OnOffsetCommitted(ctx, tp, 90)
		m.OnTableSet(ctx, tp.Topic)
		m.Count(ctx, tp.Topic, 1)
	}
	got := collect(t, r)
	if n := len(got.Attributes(semconv.ConsumedMessages)); n != 4 {
		t.Errorf("consumed.messages has %d series, want 3 and the overflow", n)
	}
	wantValue(t, got, semconv.ConsumedMessages, 7, semconv.OverflowKey.Bool(true))
	wantValue(t, got, semconv.ConsumedMessages, 10)
	wantValue(t, got, semconv.TableOperations, 7, semconv.OverflowKey.Bool(true))
	wantValue(t, got, semconv.MetricCounts, 7, semconv.OverflowKey.Bool(true))
	if _, ok := got.Value(semconv.ConsumerLag, semconv.OverflowKey.Bool(true)); ok {
		t.Error("lag reported for the overflow series")
	}
	s := m.Snapshot()
	if s.MessagesReceivedByTopic[OverflowName] != 7 || s.MessagesReceivedTotal != 10 || s.Tables[OverflowName].KeysUpdated != 7 {
		t.Errorf("snapshot = %+v", s)
	}
}

func TestErrorTypesAreBounded(t *testing.T) {
	m, r, _ := newMonitor(t)
	for i := range maxErrorTypes + 10 {
		m.OnSendError(ctx, "out", m.OnSendInitiated(ctx, "out", 0, 0), errorString(string(rune('A'+i))))
	}
	got := collect(t, r)
	if n := len(got.Attributes(semconv.SentMessages)); n != maxErrorTypes+1 {
		t.Errorf("%d error series, want %d and _OTHER", n, maxErrorTypes)
	}
	wantValue(t, got, semconv.SentMessages, 10, semconv.ErrorType.String("_OTHER"))
}
