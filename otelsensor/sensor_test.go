package otelsensor

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/streamotel/streamotel/internal/race"
)

// ctxKey marks the context the tests pass, to check hooks receive it.
type ctxKey struct{}

var marked = context.WithValue(context.Background(), ctxKey{}, "marked")

// callLog is the calls that hooks received, in order.
type callLog struct {
	mu    sync.Mutex
	calls []string // hook.Method
	args  []string // the arguments but the context, printed
	ctxOK bool
}

func newCallLog() *callLog { return &callLog{ctxOK: true} }

// logHook implements every hook interface and logs each call.
type logHook struct {
	name string
	log  *callLog
}

func (h *logHook) add(ctx context.Context, method string, args ...any) {
	h.log.mu.Lock()
	defer h.log.mu.Unlock()
	h.log.calls = append(h.log.calls, h.name+"."+method)
	h.log.args = append(h.log.args, fmt.Sprint(args...))
	if ctx.Value(ctxKey{}) != "marked" {
		h.log.ctxOK = false
	}
}

func (h *logHook) OnMessageIn(ctx context.Context, m Message)  { h.add(ctx, "OnMessageIn", m) }
func (h *logHook) OnMessageOut(ctx context.Context, m Message) { h.add(ctx, "OnMessageOut", m) }
func (h *logHook) OnTopicBufferFull(ctx context.Context, tp TopicPartition) {
	h.add(ctx, "OnTopicBufferFull", tp)
}
func (h *logHook) OnStreamEventIn(ctx context.Context, e Event) { h.add(ctx, "OnStreamEventIn", e) }
func (h *logHook) OnStreamEventOut(ctx context.Context, e Event, err error) {
	h.add(ctx, "OnStreamEventOut", e, err)
}
func (h *logHook) OnTableGet(ctx context.Context, table string) { h.add(ctx, "OnTableGet", table) }
func (h *logHook) OnTableSet(ctx context.Context, table string) { h.add(ctx, "OnTableSet", table) }
func (h *logHook) OnTableDel(ctx context.Context, table string) { h.add(ctx, "OnTableDel", table) }
func (h *logHook) OnCommitInitiated(ctx context.Context, c Commit) {
	h.add(ctx, "OnCommitInitiated", c)
}
func (h *logHook) OnCommitCompleted(ctx context.Context, c Commit, err error) {
	h.add(ctx, "OnCommitCompleted", c, err)
}
func (h *logHook) OnOffsetCommitted(ctx context.Context, tp TopicPartition, next int64) {
	h.add(ctx, "OnOffsetCommitted", tp, next)
}
func (h *logHook) OnEndOffset(ctx context.Context, tp TopicPartition, end int64) {
	h.add(ctx, "OnEndOffset", tp, end)
}
func (h *logHook) OnLag(ctx context.Context, tp TopicPartition, n int64) { h.add(ctx, "OnLag", tp, n) }
func (h *logHook) OnPending(ctx context.Context, tp TopicPartition, n int64) {
	h.add(ctx, "OnPending", tp, n)
}
func (h *logHook) OnSendInitiated(ctx context.Context, s Send) { h.add(ctx, "OnSendInitiated", s) }
func (h *logHook) OnSendCompleted(ctx context.Context, s Send, p int32, off int64) {
	h.add(ctx, "OnSendCompleted", s, p, off)
}
func (h *logHook) OnSendError(ctx context.Context, s Send, err error) {
	h.add(ctx, "OnSendError", s, err)
}
func (h *logHook) OnAssignmentStart(ctx context.Context, a Assignment) {
	h.add(ctx, "OnAssignmentStart", a)
}
func (h *logHook) OnAssignmentError(ctx context.Context, a Assignment, err error) {
	h.add(ctx, "OnAssignmentError", a, err)
}
func (h *logHook) OnAssignmentCompleted(ctx context.Context, a Assignment) {
	h.add(ctx, "OnAssignmentCompleted", a)
}
func (h *logHook) OnRebalanceStart(ctx context.Context, r Rebalance) {
	h.add(ctx, "OnRebalanceStart", r)
}
func (h *logHook) OnRebalanceReturn(ctx context.Context, r Rebalance) {
	h.add(ctx, "OnRebalanceReturn", r)
}
func (h *logHook) OnRebalanceEnd(ctx context.Context, r Rebalance) { h.add(ctx, "OnRebalanceEnd", r) }
func (h *logHook) OnWebRequestStart(ctx context.Context, r WebRequest) {
	h.add(ctx, "OnWebRequestStart", r)
}
func (h *logHook) OnWebRequestEnd(ctx context.Context, r WebRequest, status int) {
	h.add(ctx, "OnWebRequestEnd", r, status)
}
func (h *logHook) OnHandleStart(ctx context.Context, hd Handle) { h.add(ctx, "OnHandleStart", hd) }
func (h *logHook) OnHandleEnd(ctx context.Context, hd Handle, s Status, err error) {
	h.add(ctx, "OnHandleEnd", hd, s, err)
}
func (h *logHook) OnBatchStart(ctx context.Context, b Batch) { h.add(ctx, "OnBatchStart", b) }
func (h *logHook) OnBatchSent(ctx context.Context, b Batch, records, bytes int, err error) {
	h.add(ctx, "OnBatchSent", b, records, bytes, err)
}
func (h *logHook) OnThrottle(ctx context.Context, stream string) { h.add(ctx, "OnThrottle", stream) }
func (h *logHook) OnProducerQueue(ctx context.Context, stream string, size int) {
	h.add(ctx, "OnProducerQueue", stream, size)
}
func (h *logHook) OnRecords(ctx context.Context, tp TopicPartition, records, bytes int) {
	h.add(ctx, "OnRecords", tp, records, bytes)
}
func (h *logHook) OnReceiveError(ctx context.Context, tp TopicPartition, err error) {
	h.add(ctx, "OnReceiveError", tp, err)
}
func (h *logHook) OnCheckpoint(ctx context.Context, tp TopicPartition, err error) {
	h.add(ctx, "OnCheckpoint", tp, err)
}
func (h *logHook) OnDropped(ctx context.Context, tp TopicPartition, n int) {
	h.add(ctx, "OnDropped", tp, n)
}
func (h *logHook) OnRedelivered(ctx context.Context, tp TopicPartition, n int) {
	h.add(ctx, "OnRedelivered", tp, n)
}
func (h *logHook) OnIteratorAge(ctx context.Context, tp TopicPartition, age time.Duration) {
	h.add(ctx, "OnIteratorAge", tp, age)
}
func (h *logHook) OnConsumerQueue(ctx context.Context, stream string, size int) {
	h.add(ctx, "OnConsumerQueue", stream, size)
}
func (h *logHook) OnShards(ctx context.Context, stream string, active, closed int) {
	h.add(ctx, "OnShards", stream, active, closed)
}
func (h *logHook) OnReshard(ctx context.Context, stream string) { h.add(ctx, "OnReshard", stream) }

var (
	_ MessageHook    = (*logHook)(nil)
	_ EventHook      = (*logHook)(nil)
	_ TableHook      = (*logHook)(nil)
	_ CommitHook     = (*logHook)(nil)
	_ OffsetHook     = (*logHook)(nil)
	_ SendHook       = (*logHook)(nil)
	_ AssignmentHook = (*logHook)(nil)
	_ RebalanceHook  = (*logHook)(nil)
	_ WebHook        = (*logHook)(nil)
	_ HandlerHook    = (*logHook)(nil)
	_ ProducerHook   = (*logHook)(nil)
	_ ConsumerHook   = (*logHook)(nil)
	_ ShardHook      = (*logHook)(nil)
)

// Tokens built as literals, which end callbacks are given.
var (
	msgToken    = Message{TopicPartition: orders, Offset: 1}
	eventToken  = Event{TopicPartition: orders, Offset: 1, Stream: agent}
	sendToken   = Send{Topic: "out"}
	webToken    = WebRequest{Method: "GET", Scheme: "https", Route: "/orders/{id}"}
	handleToken = Handle{Destination: "q", Size: 10}
	batchToken  = Batch{Stream: "clicks"}
)

// sensorCall is one callback of the Sensor. A start callback keeps the
// token it started in out; for the others, args are the arguments (the
// context aside) their hooks must receive.
type sensorCall struct {
	method string
	call   func(ctx context.Context, s *Sensor, out *any)
	args   []any
}

// keep stores tok in *out, unless out is nil: the allocation tests pass nil,
// since putting a token in an interface allocates.
func keep[T any](out *any, tok T) {
	if out != nil {
		*out = tok
	}
}

// sensorCalls has every callback of the Sensor.
var sensorCalls = []sensorCall{
	{"OnMessageIn", func(ctx context.Context, s *Sensor, out *any) { keep(out, s.OnMessageIn(ctx, orders, 1)) }, nil},
	{"OnMessageOut", func(ctx context.Context, s *Sensor, _ *any) { s.OnMessageOut(ctx, msgToken) }, []any{msgToken}},
	{"OnTopicBufferFull", func(ctx context.Context, s *Sensor, _ *any) { s.OnTopicBufferFull(ctx, orders) }, []any{orders}},
	{"OnStreamEventIn", func(ctx context.Context, s *Sensor, out *any) { keep(out, s.OnStreamEventIn(ctx, msgToken, agent)) }, nil},
	{"OnStreamEventOut", func(ctx context.Context, s *Sensor, _ *any) { s.OnStreamEventOut(ctx, eventToken, throttled{}) }, []any{eventToken, throttled{}}},
	{"OnTableGet", func(ctx context.Context, s *Sensor, _ *any) { s.OnTableGet(ctx, "t") }, []any{"t"}},
	{"OnTableSet", func(ctx context.Context, s *Sensor, _ *any) { s.OnTableSet(ctx, "t") }, []any{"t"}},
	{"OnTableDel", func(ctx context.Context, s *Sensor, _ *any) { s.OnTableDel(ctx, "t") }, []any{"t"}},
	{"OnCommitInitiated", func(ctx context.Context, s *Sensor, out *any) { keep(out, s.OnCommitInitiated(ctx)) }, nil},
	{"OnCommitCompleted", func(ctx context.Context, s *Sensor, _ *any) { s.OnCommitCompleted(ctx, Commit{}, nil) }, []any{Commit{}, nil}},
	{"OnOffsetCommitted", func(ctx context.Context, s *Sensor, _ *any) { s.OnOffsetCommitted(ctx, orders, 10) }, []any{orders, int64(10)}},
	{"OnEndOffset", func(ctx context.Context, s *Sensor, _ *any) { s.OnEndOffset(ctx, orders, 15) }, []any{orders, int64(15)}},
	{"OnLag", func(ctx context.Context, s *Sensor, _ *any) { s.OnLag(ctx, orders, 5) }, []any{orders, int64(5)}},
	{"OnPending", func(ctx context.Context, s *Sensor, _ *any) { s.OnPending(ctx, orders, 3) }, []any{orders, int64(3)}},
	{"OnSendInitiated", func(ctx context.Context, s *Sensor, out *any) { keep(out, s.OnSendInitiated(ctx, "out")) }, nil},
	{"OnSendCompleted", func(ctx context.Context, s *Sensor, _ *any) { s.OnSendCompleted(ctx, sendToken, 2, 7) }, []any{sendToken, int32(2), int64(7)}},
	{"OnSendError", func(ctx context.Context, s *Sensor, _ *any) { s.OnSendError(ctx, sendToken, throttled{}) }, []any{sendToken, throttled{}}},
	{"OnAssignmentStart", func(ctx context.Context, s *Sensor, out *any) { keep(out, s.OnAssignmentStart(ctx)) }, nil},
	{"OnAssignmentError", func(ctx context.Context, s *Sensor, _ *any) { s.OnAssignmentError(ctx, Assignment{}, throttled{}) }, []any{Assignment{}, throttled{}}},
	{"OnAssignmentCompleted", func(ctx context.Context, s *Sensor, _ *any) { s.OnAssignmentCompleted(ctx, Assignment{}) }, []any{Assignment{}}},
	{"OnRebalanceStart", func(ctx context.Context, s *Sensor, out *any) { keep(out, s.OnRebalanceStart(ctx)) }, nil},
	{"OnRebalanceReturn", func(ctx context.Context, s *Sensor, _ *any) { s.OnRebalanceReturn(ctx, Rebalance{}) }, []any{Rebalance{}}},
	{"OnRebalanceEnd", func(ctx context.Context, s *Sensor, _ *any) { s.OnRebalanceEnd(ctx, Rebalance{}) }, []any{Rebalance{}}},
	{"OnWebRequestStart", func(ctx context.Context, s *Sensor, out *any) { keep(out, s.OnWebRequestStart(ctx, webToken)) }, nil},
	{"OnWebRequestEnd", func(ctx context.Context, s *Sensor, _ *any) { s.OnWebRequestEnd(ctx, webToken, 404) }, []any{webToken, 404}},
	{"OnHandleStart", func(ctx context.Context, s *Sensor, out *any) { keep(out, s.OnHandleStart(ctx, "q", 10)) }, nil},
	{"OnHandleEnd", func(ctx context.Context, s *Sensor, _ *any) {
		s.OnHandleEnd(ctx, handleToken, StatusRejected, throttled{})
	}, []any{handleToken, StatusRejected, throttled{}}},
	{"OnBatchStart", func(ctx context.Context, s *Sensor, out *any) { keep(out, s.OnBatchStart(ctx, "clicks")) }, nil},
	{"OnBatchSent", func(ctx context.Context, s *Sensor, _ *any) { s.OnBatchSent(ctx, batchToken, 5, 50, nil) }, []any{batchToken, 5, 50, nil}},
	{"OnThrottle", func(ctx context.Context, s *Sensor, _ *any) { s.OnThrottle(ctx, "clicks") }, []any{"clicks"}},
	{"OnProducerQueue", func(ctx context.Context, s *Sensor, _ *any) { s.OnProducerQueue(ctx, "clicks", 3) }, []any{"clicks", 3}},
	{"OnRecords", func(ctx context.Context, s *Sensor, _ *any) { s.OnRecords(ctx, orders, 4, 40) }, []any{orders, 4, 40}},
	{"OnReceiveError", func(ctx context.Context, s *Sensor, _ *any) { s.OnReceiveError(ctx, orders, throttled{}) }, []any{orders, throttled{}}},
	{"OnCheckpoint", func(ctx context.Context, s *Sensor, _ *any) { s.OnCheckpoint(ctx, orders, nil) }, []any{orders, nil}},
	{"OnRedelivered", func(ctx context.Context, s *Sensor, _ *any) { s.OnRedelivered(ctx, orders, 2) }, []any{orders, 2}},
	{"OnDropped", func(ctx context.Context, s *Sensor, _ *any) { s.OnDropped(ctx, orders, 4) }, []any{orders, 4}},
	{"OnIteratorAge", func(ctx context.Context, s *Sensor, _ *any) { s.OnIteratorAge(ctx, orders, time.Second) }, []any{orders, time.Second}},
	{"OnConsumerQueue", func(ctx context.Context, s *Sensor, _ *any) { s.OnConsumerQueue(ctx, "in", 6) }, []any{"in", 6}},
	{"OnShards", func(ctx context.Context, s *Sensor, _ *any) { s.OnShards(ctx, "in", 4, 1) }, []any{"in", 4, 1}},
	{"OnReshard", func(ctx context.Context, s *Sensor, _ *any) { s.OnReshard(ctx, "in") }, []any{"in"}},
}

// starter is what every token has.
type starter interface {
	Started() bool
	Start() time.Time
	Elapsed() time.Duration
}

// TestSensorCallsAreAll checks that sensorCalls has every callback of the
// Sensor, so that the tests below cover each.
func TestSensorCallsAreAll(t *testing.T) {
	have := map[string]bool{}
	for _, c := range sensorCalls {
		have[c.method] = true
	}
	st := reflect.TypeFor[*Sensor]()
	n := 0
	for i := range st.NumMethod() {
		if m := st.Method(i).Name; strings.HasPrefix(m, "On") {
			n++
			if !have[m] {
				t.Errorf("Sensor.%s is not in sensorCalls", m)
			}
		}
	}
	eq(t, "callbacks", len(sensorCalls), n)
}

// TestSensorDispatches checks that each callback reaches every hook that
// implements its interface, in the order the hooks were given, with the
// context and the arguments given, or the token started.
func TestSensorDispatches(t *testing.T) {
	for _, c := range sensorCalls {
		t.Run(c.method, func(t *testing.T) {
			log := newCallLog()
			s := NewSensor(&logHook{"a", log}, &logHook{"b", log})
			var tok any
			c.call(marked, s, &tok)
			eqSlice(t, "calls", log.calls, []string{"a." + c.method, "b." + c.method})
			if len(log.args) != 2 {
				return
			}
			want := fmt.Sprint(c.args...)
			if c.args == nil {
				want = fmt.Sprint(tok)
				if st, ok := tok.(starter); !ok || !st.Started() {
					t.Errorf("returned %+v, want a started token", tok)
				}
			}
			eq(t, "first hook's arguments", log.args[0], want)
			eq(t, "second hook's arguments", log.args[1], want)
			eq(t, "hooks got the context", log.ctxOK, true)
		})
	}
}

// sendsOnly implements SendHook only.
type sendsOnly struct{ n *atomic.Int64 }

func (h sendsOnly) OnSendInitiated(context.Context, Send)               {}
func (h sendsOnly) OnSendCompleted(context.Context, Send, int32, int64) { h.n.Add(1) }
func (h sendsOnly) OnSendError(context.Context, Send, error)            { h.n.Add(1) }

func TestSensorHookOfSomeLifecycles(t *testing.T) {
	log := newCallLog()
	sends := sendsOnly{n: new(atomic.Int64)}
	s := NewSensor(sends, &logHook{"all", log})
	s.OnSendCompleted(ctx, s.OnSendInitiated(ctx, "out"), 0, 1)
	s.OnMessageOut(ctx, s.OnMessageIn(ctx, orders, 1))
	eq(t, "sends the SendHook saw", sends.n.Load(), 1)
	eqSlice(t, "calls of the full hook", log.calls,
		[]string{"all.OnSendInitiated", "all.OnSendCompleted", "all.OnMessageIn", "all.OnMessageOut"})

	// With no hook for a lifecycle, its start returns a token not started.
	only := NewSensor(sends)
	eq(t, "message started without a MessageHook", only.OnMessageIn(ctx, orders, 1).Started(), false)
	eq(t, "send started with a SendHook", only.OnSendInitiated(ctx, "out").Started(), true)
}

func TestSensorIgnoresNonHooks(t *testing.T) {
	log := newCallLog()
	s := NewSensor(nil, 42, "hook", struct{}{}, (*Sensor)(nil), &logHook{"a", log})
	s.OnTableGet(ctx, "t")
	eqSlice(t, "calls", log.calls, []string{"a.OnTableGet"})
	eq(t, "message started with no hook", NewSensor(nil, 42).OnMessageIn(ctx, orders, 1).Started(), false)
}

// TestSensorOfSensors checks that a *Sensor given to NewSensor contributes
// its hooks, in its order, at its place.
func TestSensorOfSensors(t *testing.T) {
	log := newCallLog()
	a, b, c, d := &logHook{"a", log}, &logHook{"b", log}, &logHook{"c", log}, &logHook{"d", log}
	s := NewSensor(NewSensor(a, b), c, NewSensor(), NewSensor(NewSensor(d)))
	s.OnMessageOut(ctx, msgToken)
	eqSlice(t, "calls", log.calls, []string{"a.OnMessageOut", "b.OnMessageOut", "c.OnMessageOut", "d.OnMessageOut"})
}

// TestSensorSharesOneToken checks that every hook of a start callback sees
// the one token the Sensor returns: one clock read, one start.
func TestSensorSharesOneToken(t *testing.T) {
	w := newRig(t)
	log := newCallLog()
	s := NewSensor(w.Sensor, &logHook{"a", log}, &logHook{"b", log})
	ev := s.OnStreamEventIn(ctx, Message{TopicPartition: orders}, agent)
	time.Sleep(2 * time.Millisecond)
	if ev.Elapsed() < 2*time.Millisecond {
		t.Errorf("elapsed %v after 2ms", ev.Elapsed())
	}
	eq(t, "token of hook a", log.args[0], fmt.Sprint(ev))
	eq(t, "token of hook b", log.args[1], fmt.Sprint(ev))
}

// tagged is a hook whose type looks comparable but holds a slice in an
// interface field: comparing two of them panics.
type tagged struct {
	tags any
	n    *atomic.Int64
}

func (h tagged) OnTableGet(context.Context, string) { h.n.Add(1) }
func (h tagged) OnTableSet(context.Context, string) {}
func (h tagged) OnTableDel(context.Context, string) {}

// TestSensorUncomparableHook is issue 12's bug 7: Fanout.Remove compared
// hooks and panicked on such a one. NewSensor takes them, twice, nested,
// and dispatches to each.
func TestSensorUncomparableHook(t *testing.T) {
	n := new(atomic.Int64)
	h := tagged{tags: []string{"x"}, n: n}
	s := NewSensor(h, h, NewSensor(h), tagged{tags: map[string]int{}, n: n})
	s.OnTableGet(ctx, "t")
	eq(t, "calls", n.Load(), 4)
	stop := s.Poll(0, func(context.Context) {})
	stop()
}

// TestDisabledSensors calls every callback on a nil *Sensor, the zero
// Sensor and one without hooks: nothing happens, start callbacks return
// tokens not started that keep their identity, and Poll returns a stop.
func TestDisabledSensors(t *testing.T) {
	for _, c := range []struct {
		name string
		s    *Sensor
	}{
		{"nil", nil},
		{"zero", &Sensor{}},
		{"no hooks", NewSensor()},
	} {
		t.Run(c.name, func(t *testing.T) {
			for _, call := range sensorCalls {
				var tok any
				call.call(ctx, c.s, &tok)
				if st, ok := tok.(starter); ok && st.Started() {
					t.Errorf("%s returned a started token", call.method)
				}
			}
			eq(t, "message", c.s.OnMessageIn(ctx, orders, 9), Message{TopicPartition: orders, Offset: 9})
			eq(t, "event", c.s.OnStreamEventIn(ctx, Message{TopicPartition: orders, Offset: 9}, agent),
				Event{TopicPartition: orders, Offset: 9, Stream: agent})
			eq(t, "send", c.s.OnSendInitiated(ctx, "out"), Send{Topic: "out"})
			eq(t, "web request", c.s.OnWebRequestStart(ctx, webToken), webToken)
			eq(t, "handle", c.s.OnHandleStart(ctx, "q", 10), handleToken)
			eq(t, "batch", c.s.OnBatchStart(ctx, "clicks"), batchToken)
			ran := false
			stop := c.s.Poll(0, func(context.Context) { ran = true })
			stop()
			eq(t, "poll ran", ran, false)
		})
	}
}

// lifecycle is a consumer's and producer's calls for one message.
func lifecycle(s *Sensor) {
	msg := s.OnMessageIn(ctx, orders, 1)
	ev := s.OnStreamEventIn(ctx, msg, agent)
	s.OnTableGet(ctx, "counts")
	s.OnTableSet(ctx, "counts")
	snd := s.OnSendInitiated(ctx, "out")
	s.OnSendCompleted(ctx, snd, 0, 1)
	s.OnStreamEventOut(ctx, ev, nil)
	s.OnMessageOut(ctx, msg)
	c := s.OnCommitInitiated(ctx)
	s.OnOffsetCommitted(ctx, orders, 2)
	s.OnCommitCompleted(ctx, c, nil)
	s.OnEndOffset(ctx, orders, 5)
}

// TestSensorDoesNotAllocate checks that a whole lifecycle allocates nothing
// on a disabled Sensor, and on the Monitor's once its series exist; and so
// does each callback on the Monitor's.
func TestSensorDoesNotAllocate(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	w := newRig(t)
	for _, c := range []struct {
		name string
		s    *Sensor
	}{
		{"nil", nil},
		{"zero", &Sensor{}},
		{"Default before SetDefault", Default()},
		{"Monitor", w.Sensor},
		{"Monitor, twice", NewSensor(w.Sensor, w.mon)},
	} {
		t.Run("lifecycle on "+c.name, func(t *testing.T) {
			lifecycle(c.s) // create the series
			if n := testing.AllocsPerRun(200, func() { lifecycle(c.s) }); n != 0 {
				t.Errorf("%v allocations per lifecycle", n)
			}
		})
	}
	for _, c := range sensorCalls {
		t.Run(c.method+" on Monitor", func(t *testing.T) {
			c.call(ctx, w.Sensor, nil)
			if n := testing.AllocsPerRun(200, func() { c.call(ctx, w.Sensor, nil) }); n != 0 {
				t.Errorf("%v allocations per call", n)
			}
		})
	}
	t.Run("Count", func(t *testing.T) {
		w.mon.Count(ctx, "n", 1)
		if n := testing.AllocsPerRun(200, func() { w.mon.Count(ctx, "n", 1) }); n != 0 {
			t.Errorf("%v allocations per call", n)
		}
	})
}

// BenchmarkSensor measures a message's lifecycle on a disabled Sensor and
// on the Monitor's.
func BenchmarkSensor(b *testing.B) {
	w := newRig(b)
	for _, c := range []struct {
		name string
		s    *Sensor
	}{{"nil", nil}, {"Monitor", w.Sensor}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				lifecycle(c.s)
			}
		})
	}
}
