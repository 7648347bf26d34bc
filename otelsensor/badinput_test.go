package otelsensor

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"go.opentelemetry.io/otel/attribute"

	names "github.com/streamotel/streamotel/internal/clean"
	"github.com/streamotel/streamotel/internal/race"
	"github.com/streamotel/streamotel/semconv"
)

func TestBadNames(t *testing.T) {
	w := newRig(t)
	w.OnMessageIn(ctx, TopicPartition{Topic: ""}, 1)
	w.OnMessageIn(ctx, TopicPartition{Topic: "bad\xff\xfename"}, 1)
	w.OnTableGet(ctx, "")
	w.OnStreamEventIn(ctx, Message{TopicPartition: orders}, Stream{Name: "\xc3", Task: ""})
	w.OnSendInitiated(ctx, string(make([]byte, 10000)))
	w.OnTableSet(ctx, "line\nbreak")

	got := w.collect(t)
	for _, c := range []struct {
		name   string
		metric string
		attrs  []attribute.KeyValue
	}{
		{"empty topic", semconv.ConsumedMessages, []attribute.KeyValue{topicAttr(names.Empty)}},
		{"invalid UTF-8 topic", semconv.ConsumedMessages, []attribute.KeyValue{topicAttr(names.Name("bad\xff\xfename"))}},
		{"empty table", semconv.TableOperations, []attribute.KeyValue{semconv.TableName.String(names.Empty)}},
		{"truncated rune and empty task", semconv.StreamEvents, []attribute.KeyValue{
			semconv.StreamName.String(names.Name("\xc3")), semconv.TaskName.String(names.Empty)}},
		{"line break", semconv.TableOperations, []attribute.KeyValue{semconv.TableName.String(names.Name("line\nbreak"))}},
		{"10 kB of NULs", semconv.SendsActive, []attribute.KeyValue{topicAttr(names.Name(string(make([]byte, 10000))))}},
	} {
		t.Run(c.name, func(t *testing.T) { wantValue(t, got, c.metric, 1, c.attrs...) })
	}
	checkExportedStrings(t, got)
}

// checkExportedStrings checks every string attribute of every exported
// point: valid UTF-8, no control characters, not empty, at most
// names.MaxLen bytes.
func checkExportedStrings(t *testing.T, got interface {
	Names() []string
	Attributes(string) []attribute.Set
}) {
	t.Helper()
	for _, name := range got.Names() {
		for _, set := range got.Attributes(name) {
			for _, kv := range set.ToSlice() {
				if kv.Value.Type() != attribute.STRING {
					continue
				}
				s := kv.Value.AsString()
				bad := ""
				switch {
				case !utf8.ValidString(s):
					bad = "invalid UTF-8"
				case strings.IndexFunc(s, unicode.IsControl) >= 0:
					bad = "a control character"
				case len(s) > names.MaxLen:
					bad = fmt.Sprintf("%d bytes", len(s))
				case s == "":
					bad = "nothing"
				}
				if bad != "" {
					t.Errorf("%s exports %s=%.40q: %s", name, kv.Key, s, bad)
				}
			}
		}
	}
}

// rawErrorType is an error whose ErrorType is whatever it holds.
type rawErrorType string

func (e rawErrorType) Error() string     { return "raw" }
func (e rawErrorType) ErrorType() string { return string(e) }

// TestErrorTypesAreCleaned is issue 12's bug 1: an ErrorType() with a raw
// newline, 1 MB or invalid UTF-8 made every later OTLP export fail. Every
// error callback exports it cleaned and bounded, as names are; url.scheme
// likewise.
func TestErrorTypesAreCleaned(t *testing.T) {
	raw := []string{"broker\nbusy", strings.Repeat("x", 1<<20), "bad\xff\xfe", "\x1b[31mred", "tab\there"}
	w := newRig(t)
	for _, r := range raw {
		err := rawErrorType(r)
		w.OnSendError(ctx, w.OnSendInitiated(ctx, "out"), err)
		w.OnStreamEventOut(ctx, w.OnStreamEventIn(ctx, Message{TopicPartition: orders}, agent), err)
		w.OnHandleEnd(ctx, w.OnHandleStart(ctx, "q", 1), StatusError, err)
		w.OnCommitCompleted(ctx, w.OnCommitInitiated(ctx), err)
		w.OnAssignmentError(ctx, w.OnAssignmentStart(ctx), err)
		w.OnBatchSent(ctx, w.OnBatchStart(ctx, "batches"), 1, 1, err)
		w.OnReceiveError(ctx, orders, err)
		w.OnCheckpoint(ctx, orders, err)
		req := w.OnWebRequestStart(ctx, WebRequest{Method: "GET", Scheme: r, Route: r})
		w.OnWebRequestEnd(ctx, req, 500)
	}
	got := w.collect(t)
	checkExportedStrings(t, got)
	for _, r := range raw {
		want := names.Name(r)
		t.Run(fmt.Sprintf("%.20q", r), func(t *testing.T) {
			wantValue(t, got, semconv.SendErrors, 1, topicAttr("out"), errType(want))
			wantValue(t, got, semconv.SendErrors, 1, topicAttr("batches"), errType(want))
			wantValue(t, got, semconv.ProcessErrors, 1, errType(want))
			wantValue(t, got, semconv.ReceiveErrors, 1, errType(want))
			wantValue(t, got, semconv.HTTPServerActive, 0, semconv.URLScheme.String(want))
		})
	}
	if names.Name("broker\nbusy") == "broker_busy" {
		t.Error(`"broker\nbusy" is exported as "broker_busy": a raw error type merges with a clean one`)
	}
}

func TestNegativeOffsetsAreNotRecorded(t *testing.T) {
	w := newRig(t)
	w.OnMessageIn(ctx, orders, 10)
	w.OnMessageIn(ctx, orders, -1)
	w.OnOffsetCommitted(ctx, orders, -5)
	w.OnEndOffset(ctx, orders, -1001)
	w.OnLag(ctx, TopicPartition{"orders", 4}, -3)
	got := w.collect(t)
	wantValue(t, got, semconv.ConsumedMessages, 2, partAttr("3"))
	wantValue(t, got, semconv.ReadOffset, 10, partAttr("3"))
	for _, name := range []string{semconv.CommittedOffset, semconv.EndOffset, semconv.ConsumerLag} {
		t.Run(name, func(t *testing.T) { wantNoValue(t, got, name) })
	}
}

// TestNegativePartitionsKeepPositions is issue 12's bug 2: partition -1
// was the overflow sentinel, so a partition numbered -1 lost its offsets
// and lag. Any partition number keeps them; the overflow series is told by
// a flag.
func TestNegativePartitionsKeepPositions(t *testing.T) {
	for _, p := range []int32{-1, -5, math.MinInt32, 0} {
		t.Run(strconv.Itoa(int(p)), func(t *testing.T) {
			w := newRig(t)
			tp := TopicPartition{Topic: "orders", Partition: p}
			w.OnMessageIn(ctx, tp, 10)
			w.OnOffsetCommitted(ctx, tp, 12)
			w.OnEndOffset(ctx, tp, 20)

			s := w.mon.Snapshot()
			eq(t, "topic_read_offsets", s.TopicReadOffsets["orders"][p], 10)
			eq(t, "topic_committed_offsets", s.TopicCommittedOffsets["orders"][p], 12)
			eq(t, "topic_end_offsets", s.TopicEndOffsets["orders"][p], 20)
			eq(t, "topic_lag", s.TopicLag["orders"][p], 8)
			eq(t, "messages_received_by_topic", s.MessagesReceivedByTopic["orders"], 1)

			got := w.collect(t)
			part := partAttr(strconv.Itoa(int(p)))
			wantValue(t, got, semconv.ReadOffset, 10, part)
			wantValue(t, got, semconv.CommittedOffset, 12, part)
			wantValue(t, got, semconv.EndOffset, 20, part)
			wantValue(t, got, semconv.ConsumerLag, 8, part)
			wantNoValue(t, got, semconv.ConsumedMessages, semconv.OverflowKey.Bool(true))
		})
	}
}

// TestOverflowIsFlagged checks that past the cardinality limit the shared
// series carries otel.metric.overflow=true and no positions, while a
// partition -1 within the limit is an ordinary one.
func TestOverflowIsFlagged(t *testing.T) {
	w := newRig(t, WithCardinalityLimit(1))
	first, past := TopicPartition{"a", -1}, TopicPartition{"b", 0}
	for _, tp := range []TopicPartition{first, past} {
		w.OnMessageIn(ctx, tp, 3)
		w.OnOffsetCommitted(ctx, tp, 4)
		w.OnEndOffset(ctx, tp, 9)
	}
	got := w.collect(t)
	overflow := semconv.OverflowKey.Bool(true)
	wantValue(t, got, semconv.ConsumedMessages, 1, overflow)
	wantValue(t, got, semconv.ConsumedMessages, 1, topicAttr("a"), partAttr("-1"))
	wantValue(t, got, semconv.ConsumerLag, 5, topicAttr("a"), partAttr("-1"))
	wantNoValue(t, got, semconv.ConsumerLag, overflow)
	for _, set := range got.Attributes(semconv.ConsumedMessages) {
		_, isOverflow := set.Value(semconv.OverflowKey)
		_, hasTopic := set.Value(semconv.MessagingDestinationName)
		if isOverflow == hasTopic {
			t.Errorf("series %v: overflow %v, topic %v; want exactly one", set.ToSlice(), isOverflow, hasTopic)
		}
	}
	s := w.mon.Snapshot()
	eq(t, "topic_lag[a][-1]", s.TopicLag["a"][-1], 5)
	eq(t, "messages_received_by_topic[overflow]", s.MessagesReceivedByTopic[OverflowName], 1)
	if _, ok := s.TopicLag[OverflowName]; ok {
		t.Error("topic_lag reported for the overflow series")
	}
}

func TestLagNeverNegative(t *testing.T) {
	w := newRig(t)
	w.OnEndOffset(ctx, orders, 10)
	w.OnOffsetCommitted(ctx, orders, 12) // end offset is stale
	wantValue(t, w.collect(t), semconv.ConsumerLag, 0, partAttr("3"))
	eq(t, "topic_lag", w.mon.Snapshot().TopicLag["orders"][3], 0)
}

// TestLagWinsOverOffsets checks that a lag given by OnLag is reported in
// place of the lag of the offsets.
func TestLagWinsOverOffsets(t *testing.T) {
	w := newRig(t)
	w.OnOffsetCommitted(ctx, orders, 10)
	w.OnEndOffset(ctx, orders, 15)
	w.OnLag(ctx, orders, 42)
	wantValue(t, w.collect(t), semconv.ConsumerLag, 42, partAttr("3"))
	eq(t, "topic_lag", w.mon.Snapshot().TopicLag["orders"][3], 42)
}

// TestEndWithoutStart ends tokens built as literals, which did not start:
// no duration is recorded, no active count moves, and the outcomes still
// count.
func TestEndWithoutStart(t *testing.T) {
	w := newRig(t)
	w.OnMessageOut(ctx, Message{TopicPartition: orders, Offset: 1})
	w.OnStreamEventOut(ctx, Event{TopicPartition: orders, Stream: agent}, nil)
	w.OnCommitCompleted(ctx, Commit{}, nil)
	w.OnSendCompleted(ctx, Send{Topic: "orders"}, 1, 1)
	w.OnSendError(ctx, Send{Topic: "out"}, nil)
	w.OnAssignmentCompleted(ctx, Assignment{})
	w.OnAssignmentError(ctx, Assignment{}, nil)
	w.OnRebalanceReturn(ctx, Rebalance{})
	w.OnRebalanceEnd(ctx, Rebalance{})
	w.OnWebRequestEnd(ctx, WebRequest{Method: "GET"}, 200)
	w.OnHandleEnd(ctx, Handle{Destination: "q"}, StatusAcked, nil)
	w.OnBatchSent(ctx, Batch{Stream: "b"}, 2, 20, nil)

	got := w.collect(t)
	for _, name := range []string{semconv.ProcessDuration, semconv.OperationDuration, semconv.AssignmentTime,
		semconv.RebalanceTime, semconv.HTTPServerDuration} {
		t.Run(name, func(t *testing.T) {
			if h, ok := got.Histogram(name); ok && h.Count != 0 {
				t.Errorf("%d durations recorded without a start", h.Count)
			}
		})
	}
	for _, name := range []string{semconv.MessagesActive, semconv.EventsActive, semconv.SendsActive, semconv.HTTPServerActive} {
		t.Run(name, func(t *testing.T) {
			if v, _ := got.Value(name); v != 0 {
				t.Errorf("%s = %v after an end without a start", name, v)
			}
		})
	}
	wantValue(t, got, semconv.SentMessages, 1, topicAttr("orders"))
	wantValue(t, got, semconv.SentMessages, 1, topicAttr("out"), errType("unknown"))
	wantValue(t, got, semconv.SentMessages, 2, topicAttr("b"))
	wantValue(t, got, semconv.Assignments, 2)
	wantValue(t, got, semconv.MessagesProcessed, 1, topicAttr("q"), status("acked"))
	s := w.mon.Snapshot()
	eq(t, "http_response_codes[200]", s.HTTPResponseCodes[200], 1)
	eq(t, "assignments_failed", s.AssignmentsFailed, 1)
	eq(t, "events_errors", s.EventsErrors, 0)
}

// TestEndTwiceNeverNegative is issue 12's weakness 1: ending a token twice
// is a caller's bug, and must never make an active count read below zero.
func TestEndTwiceNeverNegative(t *testing.T) {
	for _, c := range []struct {
		name   string
		twice  func(w *rig)
		metric string
		active func(Snapshot) int64
	}{
		{"message", func(w *rig) {
			m := w.OnMessageIn(ctx, orders, 1)
			w.OnMessageOut(ctx, m)
			w.OnMessageOut(ctx, m)
		}, semconv.MessagesActive, func(s Snapshot) int64 { return s.MessagesActive }},
		{"event", func(w *rig) {
			e := w.OnStreamEventIn(ctx, Message{TopicPartition: orders}, agent)
			w.OnStreamEventOut(ctx, e, nil)
			w.OnStreamEventOut(ctx, e, nil)
		}, semconv.EventsActive, func(s Snapshot) int64 { return s.EventsActive }},
		{"send completed", func(w *rig) {
			s := w.OnSendInitiated(ctx, "out")
			w.OnSendCompleted(ctx, s, 0, 1)
			w.OnSendCompleted(ctx, s, 0, 1)
		}, semconv.SendsActive, nil},
		{"send failed", func(w *rig) {
			s := w.OnSendInitiated(ctx, "out")
			w.OnSendError(ctx, s, throttled{})
			w.OnSendError(ctx, s, throttled{})
		}, semconv.SendsActive, nil},
		{"web request", func(w *rig) {
			r := w.OnWebRequestStart(ctx, WebRequest{Method: "GET"})
			w.OnWebRequestEnd(ctx, r, 200)
			w.OnWebRequestEnd(ctx, r, 200)
		}, semconv.HTTPServerActive, nil},
		{"handled message", func(w *rig) {
			h := w.OnHandleStart(ctx, "q", 1)
			w.OnHandleEnd(ctx, h, StatusAcked, nil)
			w.OnHandleEnd(ctx, h, StatusAcked, nil)
		}, semconv.MessagesActive, func(s Snapshot) int64 { return s.MessagesActive }},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newRig(t)
			c.twice(w)
			got := w.collect(t)
			for _, set := range got.Attributes(c.metric) {
				v, _ := got.Value(c.metric, set.ToSlice()...)
				if v < 0 {
					t.Errorf("%s%v = %v", c.metric, set.ToSlice(), v)
				}
			}
			if c.active != nil {
				if n := c.active(w.mon.Snapshot()); n < 0 {
					t.Errorf("snapshot active = %d", n)
				}
			}
		})
	}
}

// TestNamesThatCleanAlike is issue 12's weakness 2. Whatever rule the name
// cleaner follows, two topics whose cleaned names differ stay two series,
// each with its own count and lag, and two whose cleaned names are equal
// share one series, whose count is the sum.
func TestNamesThatCleanAlike(t *testing.T) {
	for _, pair := range [][2]string{
		{"orders\n", "orders\r"},
		{"orders\n", "orders_"},
		{"orders\xff", "orders\xfe"},
		{"orders", "orders"},
		{"orders", "payments"},
		{strings.Repeat("o", 300) + "a", strings.Repeat("o", 300) + "b"},
	} {
		a, b := pair[0], pair[1]
		t.Run(fmt.Sprintf("%.12q,%.12q", a, b), func(t *testing.T) {
			w := newRig(t)
			ta, tb := TopicPartition{Topic: a}, TopicPartition{Topic: b}
			w.OnMessageIn(ctx, ta, 1)
			w.OnOffsetCommitted(ctx, ta, 10)
			w.OnEndOffset(ctx, ta, 15)
			w.OnMessageIn(ctx, tb, 1)
			w.OnMessageIn(ctx, tb, 2)
			w.OnOffsetCommitted(ctx, tb, 10)
			w.OnEndOffset(ctx, tb, 17)

			s := w.mon.Snapshot()
			got := w.collect(t)
			ca, cb := names.Name(a), names.Name(b)
			if ca == cb {
				eq(t, "topics", len(s.MessagesReceivedByTopic), 1)
				eq(t, "messages of the merged topic", s.MessagesReceivedByTopic[ca], 3)
				wantValue(t, got, semconv.ConsumedMessages, 3, topicAttr(ca))
				eq(t, "series", len(got.Attributes(semconv.ConsumedMessages)), 1)
				return
			}
			eq(t, "topics", len(s.MessagesReceivedByTopic), 2)
			eq(t, "messages of the first", s.MessagesReceivedByTopic[ca], 1)
			eq(t, "messages of the second", s.MessagesReceivedByTopic[cb], 2)
			eq(t, "lag of the first", s.TopicLag[ca][0], 5)
			eq(t, "lag of the second", s.TopicLag[cb][0], 7)
			wantValue(t, got, semconv.ConsumedMessages, 1, topicAttr(ca))
			wantValue(t, got, semconv.ConsumedMessages, 2, topicAttr(cb))
			wantValue(t, got, semconv.ConsumerLag, 5, topicAttr(ca))
			wantValue(t, got, semconv.ConsumerLag, 7, topicAttr(cb))
		})
	}
}

func TestCallbacksAfterClose(t *testing.T) {
	w := newRig(t)
	w.OnMessageIn(ctx, orders, 1)
	if err := w.mon.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.mon.Close(); err != nil {
		t.Fatal("second Close:", err)
	}
	w.OnMessageOut(ctx, w.OnMessageIn(ctx, orders, 2))
	w.OnStreamEventOut(ctx, w.OnStreamEventIn(ctx, Message{TopicPartition: orders}, agent), nil)
	w.OnRebalanceEnd(ctx, w.OnRebalanceStart(ctx))
	w.mon.Count(ctx, "x", 1)
	drive(w)
	// What was recorded before Close is still exported, and nothing else.
	got := w.collect(t)
	wantValue(t, got, semconv.ConsumedMessages, 1)
	wantValue(t, got, semconv.ReadOffset, 1)
	wantValue(t, got, semconv.MessagesActive, 1)
	for _, name := range got.Names() {
		switch name {
		case semconv.ConsumedMessages, semconv.ReadOffset, semconv.MessagesActive:
			continue
		}
		if v, ok := got.Value(name); ok && v != 0 {
			t.Errorf("%s = %v after Close", name, v)
		}
		if h, ok := got.Histogram(name); ok && h.Count != 0 {
			t.Errorf("%s recorded %d values after Close", name, h.Count)
		}
	}
}

func TestUnregister(t *testing.T) {
	w := newRig(t)
	w.OnMessageIn(ctx, orders, 1)
	if err := w.mon.Unregister(); err != nil {
		t.Fatal(err)
	}
	wantNoValue(t, w.collect(t), semconv.ConsumedMessages)
}

func TestCardinalityLimitOverflows(t *testing.T) {
	w := newRig(t, WithCardinalityLimit(3))
	for i := range 10 {
		tp := TopicPartition{Topic: string(rune('a' + i))}
		w.OnMessageIn(ctx, tp, int64(i))
		w.OnEndOffset(ctx, tp, 100)
		w.OnOffsetCommitted(ctx, tp, 90)
		w.OnTableSet(ctx, tp.Topic)
		w.mon.Count(ctx, tp.Topic, 1)
		w.OnSendInitiated(ctx, tp.Topic)
	}
	got := w.collect(t)
	overflow := semconv.OverflowKey.Bool(true)
	eq(t, "consumed.messages series", len(got.Attributes(semconv.ConsumedMessages)), 4)
	wantValue(t, got, semconv.ConsumedMessages, 7, overflow)
	wantValue(t, got, semconv.ConsumedMessages, 10)
	wantValue(t, got, semconv.TableOperations, 7, overflow)
	wantValue(t, got, semconv.MetricCounts, 7, overflow)
	wantValue(t, got, semconv.SendsActive, 7, overflow)
	wantNoValue(t, got, semconv.ConsumerLag, overflow)

	s := w.mon.Snapshot()
	eq(t, "messages_received_by_topic[overflow]", s.MessagesReceivedByTopic[OverflowName], 7)
	eq(t, "messages_received_total", s.MessagesReceivedTotal, 10)
	eq(t, "tables[overflow].keys_updated", s.Tables[OverflowName].KeysUpdated, 7)
	eq(t, "metric_counts[overflow]", s.MetricCounts[OverflowName], 7)
	eq(t, "messages_sent_by_topic[overflow]", s.MessagesSentByTopic[OverflowName], 7)
}

func TestErrorTypesAreBounded(t *testing.T) {
	w := newRig(t)
	for i := range maxErrorTypes + 10 {
		w.OnSendError(ctx, w.OnSendInitiated(ctx, "out"), WithErrorType(errors.New("failed"), fmt.Sprint("E", i)))
	}
	got := w.collect(t)
	eq(t, "error series", len(got.Attributes(semconv.SentMessages)), maxErrorTypes+1)
	wantValue(t, got, semconv.SentMessages, 10, errType(semconv.ErrorTypeOther))
	eq(t, "send_errors", w.mon.Snapshot().SendErrors, maxErrorTypes+10)
}

// heapGrowth returns how much the live heap grew while f ran.
func heapGrowth(f func()) int64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.GC()
	runtime.ReadMemStats(&after)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

// megabyteNames calls f with n distinct names of 1 MB, on workers
// goroutines; the names differ in their first bytes, so that they stay
// distinct once cleaned.
func megabyteNames(n, workers int, f func(i int, name string)) {
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			buf := []byte(strings.Repeat("x", 1<<20))
			for i := g; i < n; i += workers {
				copy(buf, fmt.Sprintf("%06d", i))
				f(i, string(buf))
			}
		})
	}
	wg.Wait()
}

// TestLongTopicsAreNotKept is issue 12's bug 6: 2,000 topics of 1 MB held
// 2 GB, because the series maps kept the raw names. They are kept cleaned,
// at most names.MaxLen bytes each.
func TestLongTopicsAreNotKept(t *testing.T) {
	if race.Enabled {
		t.Skip("slow under the race detector")
	}
	n := 2000
	if testing.Short() {
		n = 200
	}
	w := newRig(t)
	grew := heapGrowth(func() {
		megabyteNames(n, 2, func(_ int, name string) { w.OnMessageIn(ctx, TopicPartition{Topic: name}, 1) })
	})
	if grew > 100<<20 {
		t.Errorf("heap grew by %d MB for %d topics of 1 MB, want well under 100 MB", grew>>20, n)
	}
	s := w.mon.Snapshot()
	eq(t, "topics in the snapshot", len(s.MessagesReceivedByTopic), n)
	for topic := range s.MessagesReceivedByTopic {
		if len(topic) > names.MaxLen {
			t.Fatalf("snapshot topic of %d bytes", len(topic))
		}
	}
	runtime.KeepAlive(w)
}

// TestLongNamesAreNotKept is bug 6 for every kind of series: 20 names of
// 1 MB each would hold 20 MB if their map kept them raw.
func TestLongNamesAreNotKept(t *testing.T) {
	if race.Enabled {
		t.Skip("slow under the race detector")
	}
	for _, c := range []struct {
		name string
		call func(w *rig, name string)
	}{
		{"partition", func(w *rig, name string) { w.OnMessageIn(ctx, TopicPartition{Topic: name}, 1) }},
		{"send topic and partition", func(w *rig, name string) { w.OnSendCompleted(ctx, w.OnSendInitiated(ctx, name), 1, 1) }},
		{"table", func(w *rig, name string) { w.OnTableSet(ctx, name) }},
		{"stream and process", func(w *rig, name string) {
			w.OnStreamEventOut(ctx, w.OnStreamEventIn(ctx, Message{TopicPartition: TopicPartition{Topic: name}}, Stream{Name: name, Task: name}), nil)
		}},
		{"handler", func(w *rig, name string) { w.OnHandleStart(ctx, name, 1) }},
		{"count", func(w *rig, name string) { w.mon.Count(ctx, name, 1) }},
		{"fetched shard", func(w *rig, name string) { w.OnRecords(ctx, TopicPartition{Topic: name}, 1, 1) }},
		{"consumer queue", func(w *rig, name string) { w.OnConsumerQueue(ctx, name, 1) }},
		{"shards", func(w *rig, name string) { w.OnShards(ctx, name, 1, 0) }},
		{"web route and scheme", func(w *rig, name string) {
			w.OnWebRequestEnd(ctx, w.OnWebRequestStart(ctx, WebRequest{Method: "GET", Scheme: name, Route: name}), 200)
		}},
		{"error type", func(w *rig, name string) { w.OnSendError(ctx, w.OnSendInitiated(ctx, "out"), rawErrorType(name)) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newRig(t)
			grew := heapGrowth(func() { megabyteNames(20, 1, func(_ int, name string) { c.call(w, name) }) })
			if grew > 10<<20 {
				t.Errorf("heap grew by %d MB for 20 names of 1 MB, want well under 10 MB", grew>>20)
			}
			runtime.KeepAlive(w)
		})
	}
}
