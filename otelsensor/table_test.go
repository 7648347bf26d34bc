package otelsensor

import (
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/stats"
)

// TestEveryCallbackHasARow ties the Sensor interface to the semconv table:
// every method has a row, and every row names a Monitor method or a method
// of the stats.Registry the Monitor exports.
func TestEveryCallbackHasARow(t *testing.T) {
	rows := map[string]bool{}
	for _, c := range semconv.Callbacks() {
		rows[c.Method] = true
		_, monitor := reflect.TypeOf(&Monitor{}).MethodByName(c.Method)
		_, registry := reflect.TypeOf(&stats.Registry{}).MethodByName(c.Method)
		if !monitor && !registry {
			t.Errorf("table row %s is neither a Monitor nor a stats.Registry method", c.Method)
		}
	}
	st := reflect.TypeOf((*Sensor)(nil)).Elem()
	for i := range st.NumMethod() {
		if name := st.Method(i).Name; !rows[name] {
			t.Errorf("Sensor.%s has no row in the semconv table", name)
		}
	}
	if st.NumMethod() != 23 {
		t.Errorf("Sensor has %d methods, want Faust's 21 plus OnOffsetCommitted and OnEndOffset", st.NumMethod())
	}
}

// TestEveryInstrumentIsCreated checks that the Monitor reports every
// instrument of the table once each is driven.
func TestEveryInstrumentIsCreated(t *testing.T) {
	m, r, c := newMonitor(t)
	drive(m, c)
	got := collect(t, r)
	for _, in := range semconv.Instruments() {
		md, ok := got.Metric(in.Name)
		if !ok {
			t.Errorf("%s not exported", in.Name)
			continue
		}
		if md.Unit != in.Unit || md.Description != in.Description {
			t.Errorf("%s: unit %q description %q, want the table's", in.Name, md.Unit, md.Description)
		}
		for _, set := range got.Attributes(in.Name) {
			for _, kv := range set.ToSlice() {
				if !slices.Contains(in.Attributes, string(kv.Key)) {
					t.Errorf("%s carries %s, which its row does not list", in.Name, kv.Key)
				}
			}
		}
	}
}

// drive calls every callback once with plausible arguments.
func drive(m *Monitor, c *clock) {
	st := m.OnMessageIn(ctx, orders, 1)
	ev := m.OnStreamEventIn(ctx, orders, 1, agent)
	m.OnTableGet(ctx, "t")
	m.OnTableSet(ctx, "t")
	m.OnTableDel(ctx, "t")
	snd := m.OnSendInitiated(ctx, "out", 1, 1)
	c.advance(time.Millisecond)
	m.OnSendCompleted(ctx, TopicPartition{"out", 0}, 1, snd)
	m.OnSendError(ctx, "out", m.OnSendInitiated(ctx, "out", 1, 1), throttled{})
	m.OnStreamEventOut(ctx, orders, 1, agent, ev, nil)
	m.OnMessageOut(ctx, orders, 1, st)
	m.OnCommitCompleted(ctx, m.OnCommitInitiated(ctx), nil)
	m.OnOffsetCommitted(ctx, orders, 1)
	m.OnEndOffset(ctx, orders, 2)
	m.OnTopicBufferFull(ctx, orders)
	m.OnAssignmentCompleted(ctx, m.OnAssignmentStart(ctx))
	m.OnAssignmentError(ctx, m.OnAssignmentStart(ctx), throttled{})
	rb := m.OnRebalanceStart(ctx)
	m.OnRebalanceReturn(ctx, rb)
	m.OnRebalanceEnd(ctx, rb)
	m.OnOffsetCommitted(ctx, orders, 1)
	m.OnEndOffset(ctx, orders, 2)
	m.OnMessageIn(ctx, orders, 2)
	req := WebRequest{Method: "GET", Route: "/"}
	m.OnWebRequestEnd(ctx, req, 200, m.OnWebRequestStart(ctx, req))
	m.Count(ctx, "n", 1)
	m.Stats().Set("v", 1)
	m.Time("t").Stop()

	m.OnHandleEnd(ctx, "q", m.OnHandleStart(ctx, "q", 10), StatusError, throttled{})
	m.OnBatchSent(ctx, "out", 2, 20, m.OnBatchStart(ctx, "out"), nil)
	m.OnThrottle(ctx, "out")
	m.OnProducerQueue(ctx, "out", 1)
	m.OnRecords(ctx, orders, 2, 20)
	m.OnReceiveError(ctx, orders, throttled{})
	m.OnCheckpoint(ctx, orders, nil)
	m.OnIteratorAge(ctx, orders, time.Second)
	m.OnLag(ctx, orders, 1)
	m.OnConsumerQueue(ctx, "in", 1)
	m.OnShards(ctx, "in", 2, 0)
	m.OnReshard(ctx, "in")
}
