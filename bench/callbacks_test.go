package bench

import (
	"context"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/otel/metric/noop"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

var (
	errTimeout = context.DeadlineExceeded
	web        = otelsensor.WebRequest{Method: "GET", Scheme: "http", Route: "/orders/{id}"}
	// shard is the partition of the extension callbacks: a Kinesis shard.
	shard = otelsensor.TopicPartition{Topic: "clicks", Partition: 1}
)

// target is what a callback is called on: the front an application calls,
// the Monitor behind it (nil for the disabled front), and a started token of
// every lifecycle for the end callbacks.
type target struct {
	s   *otelsensor.Sensor
	m   *otelsensor.Monitor
	tok tokens
}

// tokens holds a started token of every lifecycle.
type tokens struct {
	msg       otelsensor.Message
	ev        otelsensor.Event
	snd       otelsensor.Send
	commit    otelsensor.Commit
	assign    otelsensor.Assignment
	rebalance otelsensor.Rebalance
	web       otelsensor.WebRequest
	handle    otelsensor.Handle
	batch     otelsensor.Batch
}

// startedTokens returns tokens of the callbacks' series, started now.
func startedTokens() tokens {
	t := time.Now()
	return tokens{
		msg:       otelsensor.Message{TopicPartition: tps[3], Offset: 42}.StartedAt(t),
		ev:        otelsensor.Event{TopicPartition: tps[3], Offset: 42, Stream: streams[0]}.StartedAt(t),
		snd:       otelsensor.Send{Topic: outTopic}.StartedAt(t),
		commit:    otelsensor.Commit{}.StartedAt(t),
		assign:    otelsensor.Assignment{}.StartedAt(t),
		rebalance: otelsensor.Rebalance{}.StartedAt(t),
		web:       web.StartedAt(t),
		handle:    otelsensor.Handle{Destination: "orders-queue", Size: valueSize}.StartedAt(t),
		batch:     otelsensor.Batch{Stream: shard.Topic}.StartedAt(t),
	}
}

// valueSize is the size of a message body in the callbacks that take one.
const valueSize = 256

// callbacks calls every callback through the front, each on series of the
// work that exist once every callback ran once. The ones marked monitor are
// methods of the Monitor itself, not of the front.
var callbacks = []struct {
	name    string
	monitor bool
	call    func(t *target)
}{
	{"OnMessageIn", false, func(t *target) { t.s.OnMessageIn(ctx, tps[3], 42) }},
	{"OnMessageOut", false, func(t *target) { t.s.OnMessageOut(ctx, t.tok.msg) }},
	{"OnStreamEventIn", false, func(t *target) { t.s.OnStreamEventIn(ctx, t.tok.msg, streams[0]) }},
	{"OnStreamEventOut", false, func(t *target) { t.s.OnStreamEventOut(ctx, t.tok.ev, nil) }},
	{"OnStreamEventOut/error", false, func(t *target) { t.s.OnStreamEventOut(ctx, t.tok.ev, errTimeout) }},
	{"OnTableGet", false, func(t *target) { t.s.OnTableGet(ctx, tableName) }},
	{"OnTableSet", false, func(t *target) { t.s.OnTableSet(ctx, tableName) }},
	{"OnTableDel", false, func(t *target) { t.s.OnTableDel(ctx, tableName) }},
	{"OnCommitInitiated", false, func(t *target) { t.s.OnCommitInitiated(ctx) }},
	{"OnCommitCompleted", false, func(t *target) { t.s.OnCommitCompleted(ctx, t.tok.commit, nil) }},
	{"OnOffsetCommitted", false, func(t *target) { t.s.OnOffsetCommitted(ctx, tps[3], 43) }},
	{"OnEndOffset", false, func(t *target) { t.s.OnEndOffset(ctx, tps[3], 50) }},
	{"OnLag", false, func(t *target) { t.s.OnLag(ctx, shard, 7) }},
	{"OnPending", false, func(t *target) { t.s.OnPending(ctx, shard, 2) }},
	{"OnDropped", false, func(t *target) { t.s.OnDropped(ctx, shard, 1) }},
	{"OnSendInitiated", false, func(t *target) { t.s.OnSendInitiated(ctx, outTopic) }},
	{"OnSendCompleted", false, func(t *target) { t.s.OnSendCompleted(ctx, t.tok.snd, 3, 42) }},
	{"OnSendError", false, func(t *target) { t.s.OnSendError(ctx, t.tok.snd, errTimeout) }},
	{"OnTopicBufferFull", false, func(t *target) { t.s.OnTopicBufferFull(ctx, tps[3]) }},
	{"OnAssignmentStart", false, func(t *target) { t.s.OnAssignmentStart(ctx) }},
	{"OnAssignmentError", false, func(t *target) { t.s.OnAssignmentError(ctx, t.tok.assign, errTimeout) }},
	{"OnAssignmentCompleted", false, func(t *target) { t.s.OnAssignmentCompleted(ctx, t.tok.assign) }},
	{"OnRebalanceStart", false, func(t *target) { t.s.OnRebalanceStart(ctx) }},
	{"OnRebalanceReturn", false, func(t *target) { t.s.OnRebalanceReturn(ctx, t.tok.rebalance) }},
	{"OnRebalanceEnd", false, func(t *target) { t.s.OnRebalanceEnd(ctx, t.tok.rebalance) }},
	{"OnWebRequestStart", false, func(t *target) { t.s.OnWebRequestStart(ctx, web) }},
	{"OnWebRequestEnd", false, func(t *target) { t.s.OnWebRequestEnd(ctx, t.tok.web, 200) }},
	{"OnHandleStart", false, func(t *target) { t.s.OnHandleStart(ctx, "orders-queue", valueSize) }},
	{"OnHandleEnd", false, func(t *target) { t.s.OnHandleEnd(ctx, t.tok.handle, otelsensor.StatusAcked, nil) }},
	{"OnHandleEnd/error", false, func(t *target) {
		t.s.OnHandleEnd(ctx, t.tok.handle, otelsensor.StatusError, errTimeout)
	}},
	{"OnBatchStart", false, func(t *target) { t.s.OnBatchStart(ctx, shard.Topic) }},
	{"OnBatchSent", false, func(t *target) { t.s.OnBatchSent(ctx, t.tok.batch, 100, 100*valueSize, nil) }},
	{"OnThrottle", false, func(t *target) { t.s.OnThrottle(ctx, shard.Topic) }},
	{"OnProducerQueue", false, func(t *target) { t.s.OnProducerQueue(ctx, shard.Topic, 10) }},
	{"OnRecords", false, func(t *target) { t.s.OnRecords(ctx, shard, 100, 100*valueSize) }},
	{"OnReceiveError", false, func(t *target) { t.s.OnReceiveError(ctx, shard, errTimeout) }},
	{"OnCheckpoint", false, func(t *target) { t.s.OnCheckpoint(ctx, shard, nil) }},
	{"OnRedelivered", false, func(t *target) { t.s.OnRedelivered(ctx, shard, 1) }},
	{"OnIteratorAge", false, func(t *target) { t.s.OnIteratorAge(ctx, shard, time.Second) }},
	{"OnConsumerQueue", false, func(t *target) { t.s.OnConsumerQueue(ctx, shard.Topic, 10) }},
	{"OnShards", false, func(t *target) { t.s.OnShards(ctx, shard.Topic, 4, 2) }},
	{"OnReshard", false, func(t *target) { t.s.OnReshard(ctx, shard.Topic) }},
	{"Count", true, func(t *target) { t.m.Count(ctx, "orders.valid", 1) }},
}

// nothing is the callback of BenchmarkCallback/loop, a variable so that it
// is called as the callbacks are: through a function value.
var nothing = func(*target) {}

// callbackProviders are what the callbacks run on: the Monitor on an SDK
// MeterProvider and on the no-op one, and the disabled front.
var callbackProviders = []string{"streamotel", "noop", "nop"}

// BenchmarkCallback measures each callback through the front: on a Monitor
// on an SDK MeterProvider and on the no-op one, once its series exist, and on
// the disabled front (a nil *otelsensor.Sensor). Its first sub-benchmark,
// loop, calls a function that does nothing the way the others call their
// callback: the benchmark's own cost, which every other figure includes.
func BenchmarkCallback(b *testing.B) {
	b.Run("loop", func(b *testing.B) {
		t := callbackTarget(b, "nop")
		b.ReportAllocs()
		for b.Loop() {
			nothing(t)
		}
	})
	for _, provider := range callbackProviders {
		for _, cb := range callbacks {
			if cb.monitor && provider == "nop" {
				continue
			}
			b.Run(provider+"/"+cb.name, func(b *testing.B) {
				t := callbackTarget(b, provider)
				b.ReportAllocs()
				for b.Loop() {
					cb.call(t)
				}
			})
		}
	}
}

// callbackTarget returns the target of provider on which every callback ran
// once.
func callbackTarget(tb testing.TB, provider string) *target {
	t := &target{tok: startedTokens()}
	switch provider {
	case "nop":
		return t
	case "noop":
		t.m = newMonitor(tb, noop.NewMeterProvider())
	default:
		t.m = newMonitor(tb, sdkProvider(tb))
	}
	t.s = otelsensor.NewSensor(t.m)
	for _, cb := range callbacks {
		cb.call(t)
	}
	return t
}

// TestCallbacksCoverTheTable checks that the callbacks above are those of
// the semconv table that the front and the Monitor have, so that a callback
// added to the table is measured too.
func TestCallbacksCoverTheTable(t *testing.T) {
	have := map[string]bool{}
	for _, cb := range callbacks {
		have[strings.SplitN(cb.name, "/", 2)[0]] = true
	}
	want := map[string]bool{}
	for _, row := range semconv.Callbacks() {
		if strings.HasSuffix(row.Hook, "Hook") || row.Hook == "Monitor" {
			want[row.Method] = true
			if !have[row.Method] {
				t.Errorf("callback %s (%s) is not benchmarked", row.Method, row.Hook)
			}
		}
	}
	for name := range have {
		if !want[name] {
			t.Errorf("benchmarked callback %s is not in the semconv table", name)
		}
	}
}
