package bench

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/metric/noop"

	"github.com/streamotel/streamotel/otelsensor"
)

var (
	errTimeout = context.DeadlineExceeded
	web        = otelsensor.WebRequest{Method: "GET", Scheme: "http", Route: "/orders/{id}"}
)

// callbacks calls every callback of the Monitor, each on series of the work
// that exist once every callback ran once; st is a started State.
var callbacks = []struct {
	name string
	call func(m *otelsensor.Monitor, st otelsensor.State)
}{
	{"OnMessageIn", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnMessageIn(ctx, tps[3], 42) }},
	{"OnMessageOut", func(m *otelsensor.Monitor, st otelsensor.State) { m.OnMessageOut(ctx, tps[3], 42, st) }},
	{"OnStreamEventIn", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnStreamEventIn(ctx, tps[3], 42, streams[0]) }},
	{"OnStreamEventOut", func(m *otelsensor.Monitor, st otelsensor.State) {
		m.OnStreamEventOut(ctx, tps[3], 42, streams[0], st, nil)
	}},
	{"OnStreamEventOut/error", func(m *otelsensor.Monitor, st otelsensor.State) {
		m.OnStreamEventOut(ctx, tps[3], 42, streams[0], st, errTimeout)
	}},
	{"OnTableGet", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnTableGet(ctx, tableName) }},
	{"OnTableSet", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnTableSet(ctx, tableName) }},
	{"OnTableDel", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnTableDel(ctx, tableName) }},
	{"OnCommitInitiated", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnCommitInitiated(ctx) }},
	{"OnCommitCompleted", func(m *otelsensor.Monitor, st otelsensor.State) { m.OnCommitCompleted(ctx, st, nil) }},
	{"OnOffsetCommitted", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnOffsetCommitted(ctx, tps[3], 42) }},
	{"OnEndOffset", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnEndOffset(ctx, tps[3], 50) }},
	{"OnSendInitiated", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnSendInitiated(ctx, outTopic, keySize, valueSize) }},
	{"OnSendCompleted", func(m *otelsensor.Monitor, st otelsensor.State) {
		m.OnSendCompleted(ctx, otelsensor.TopicPartition{Topic: outTopic, Partition: 3}, 42, st)
	}},
	{"OnSendError", func(m *otelsensor.Monitor, st otelsensor.State) { m.OnSendError(ctx, outTopic, st, errTimeout) }},
	{"OnTopicBufferFull", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnTopicBufferFull(ctx, tps[3]) }},
	{"OnAssignmentStart", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnAssignmentStart(ctx) }},
	{"OnAssignmentError", func(m *otelsensor.Monitor, st otelsensor.State) { m.OnAssignmentError(ctx, st, errTimeout) }},
	{"OnAssignmentCompleted", func(m *otelsensor.Monitor, st otelsensor.State) { m.OnAssignmentCompleted(ctx, st) }},
	{"OnRebalanceStart", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnRebalanceStart(ctx) }},
	{"OnRebalanceReturn", func(m *otelsensor.Monitor, st otelsensor.State) { m.OnRebalanceReturn(ctx, st) }},
	{"OnRebalanceEnd", func(m *otelsensor.Monitor, st otelsensor.State) { m.OnRebalanceEnd(ctx, st) }},
	{"OnWebRequestStart", func(m *otelsensor.Monitor, _ otelsensor.State) { m.OnWebRequestStart(ctx, web) }},
	{"OnWebRequestEnd", func(m *otelsensor.Monitor, st otelsensor.State) { m.OnWebRequestEnd(ctx, web, 200, st) }},
	{"Count", func(m *otelsensor.Monitor, _ otelsensor.State) { m.Count(ctx, "orders.valid", 1) }},
}

// BenchmarkCallback measures each callback of the Monitor on an SDK
// MeterProvider and on the no-op one, once its series exist.
func BenchmarkCallback(b *testing.B) {
	for _, provider := range []string{"streamotel", "noop"} {
		for _, cb := range callbacks {
			b.Run(provider+"/"+cb.name, func(b *testing.B) {
				m := callbackMonitor(b, provider == "noop")
				st := otelsensor.Start()
				b.ReportAllocs()
				for b.Loop() {
					cb.call(m, st)
				}
			})
		}
	}
}

// callbackMonitor returns a Monitor on which every callback ran once.
func callbackMonitor(tb testing.TB, nop bool) *otelsensor.Monitor {
	var m *otelsensor.Monitor
	if nop {
		m = newMonitor(tb, noop.NewMeterProvider())
	} else {
		m = newMonitor(tb, sdkProvider(tb))
	}
	st := otelsensor.Start()
	for _, cb := range callbacks {
		cb.call(m, st)
	}
	return m
}
