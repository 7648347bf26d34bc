package otelsensor

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/stats"
)

// hookTypes are the hook interfaces, by the names the semconv table uses.
var hookTypes = map[string]reflect.Type{
	"MessageHook":    reflect.TypeFor[MessageHook](),
	"EventHook":      reflect.TypeFor[EventHook](),
	"TableHook":      reflect.TypeFor[TableHook](),
	"CommitHook":     reflect.TypeFor[CommitHook](),
	"OffsetHook":     reflect.TypeFor[OffsetHook](),
	"SendHook":       reflect.TypeFor[SendHook](),
	"AssignmentHook": reflect.TypeFor[AssignmentHook](),
	"RebalanceHook":  reflect.TypeFor[RebalanceHook](),
	"WebHook":        reflect.TypeFor[WebHook](),
	"HandlerHook":    reflect.TypeFor[HandlerHook](),
	"ProducerHook":   reflect.TypeFor[ProducerHook](),
	"ConsumerHook":   reflect.TypeFor[ConsumerHook](),
	"ShardHook":      reflect.TypeFor[ShardHook](),
}

// TestEveryCallbackHasARow ties the Sensor and its hook interfaces to the
// semconv table: each row names a method of its hook interface, of the
// Sensor and of the Monitor (or of the type it names), and every hook method
// and every callback of the Sensor has a row.
func TestEveryCallbackHasARow(t *testing.T) {
	sensor, monitor := reflect.TypeFor[*Sensor](), reflect.TypeFor[*Monitor]()
	rows := map[string]string{} // method -> hook
	for _, c := range semconv.Callbacks() {
		t.Run(c.Method, func(t *testing.T) {
			if hook, dup := rows[c.Method]; dup {
				t.Errorf("two rows, for %s and %s", hook, c.Hook)
			}
			rows[c.Method] = c.Hook
			var owner reflect.Type
			switch c.Hook {
			case "Monitor":
				owner = monitor
			case "stats.Registry":
				owner = reflect.TypeFor[*stats.Registry]()
			default:
				h, ok := hookTypes[c.Hook]
				if !ok {
					t.Fatalf("row names hook %q, which is not a hook interface", c.Hook)
				}
				if _, ok := h.MethodByName(c.Method); !ok {
					t.Errorf("%s has no method %s", c.Hook, c.Method)
				}
				if _, ok := sensor.MethodByName(c.Method); !ok {
					t.Errorf("Sensor has no method %s", c.Method)
				}
				owner = monitor
			}
			if _, ok := owner.MethodByName(c.Method); !ok {
				t.Errorf("%s has no method %s", owner, c.Method)
			}
		})
	}
	for name, h := range hookTypes {
		if !monitor.Implements(h) {
			t.Errorf("Monitor does not implement %s", name)
		}
		for i := range h.NumMethod() {
			if m := h.Method(i).Name; rows[m] != name {
				t.Errorf("%s.%s has no row (or a row of %q)", name, m, rows[m])
			}
		}
	}
	for i := range sensor.NumMethod() {
		if m := sensor.Method(i).Name; strings.HasPrefix(m, "On") && rows[m] == "" {
			t.Errorf("Sensor.%s has no row in the semconv table", m)
		}
	}
}

// TestEveryInstrumentIsCreated checks that the Monitor exports every
// instrument of the table that a hook or the Monitor drives (the
// stats.Registry exports its own), each with its row's unit, description
// and attribute keys, once every callback is driven.
func TestEveryInstrumentIsCreated(t *testing.T) {
	w := newRig(t)
	drive(w)
	got := w.collect(t)
	driven := map[string]bool{}
	for _, c := range semconv.Callbacks() {
		if c.Hook != "stats.Registry" {
			for _, name := range c.Drives {
				driven[name] = true
			}
		}
	}
	for _, in := range semconv.Instruments() {
		if !driven[in.Name] {
			continue
		}
		t.Run(in.Name, func(t *testing.T) {
			md, ok := got.Metric(in.Name)
			if !ok {
				t.Fatal("not exported")
			}
			if md.Unit != in.Unit || md.Description != in.Description {
				t.Errorf("unit %q description %q, want the table's", md.Unit, md.Description)
			}
			for _, set := range got.Attributes(in.Name) {
				for _, kv := range set.ToSlice() {
					if !slices.Contains(in.Attributes, string(kv.Key)) {
						t.Errorf("carries %s, which its row does not list", kv.Key)
					}
				}
			}
		})
	}
}

// drive calls every callback once with plausible arguments.
func drive(w *rig) {
	msg := w.OnMessageIn(ctx, orders, 1)
	ev := w.OnStreamEventIn(ctx, msg, agent)
	w.OnTableGet(ctx, "t")
	w.OnTableSet(ctx, "t")
	w.OnTableDel(ctx, "t")
	snd := w.OnSendInitiated(ctx, "out")
	w.OnSendCompleted(ctx, snd, 0, 1)
	w.OnSendError(ctx, w.OnSendInitiated(ctx, "out"), throttled{})
	w.OnStreamEventOut(ctx, ev, nil)
	w.OnMessageOut(ctx, msg)
	w.OnCommitCompleted(ctx, w.OnCommitInitiated(ctx), nil)
	w.OnTopicBufferFull(ctx, orders)
	w.OnAssignmentCompleted(ctx, w.OnAssignmentStart(ctx))
	w.OnAssignmentError(ctx, w.OnAssignmentStart(ctx), throttled{})
	rb := w.OnRebalanceStart(ctx)
	w.OnRebalanceReturn(ctx, rb)
	w.OnRebalanceEnd(ctx, rb)
	w.OnOffsetCommitted(ctx, orders, 1)
	w.OnEndOffset(ctx, orders, 2)
	w.OnPending(ctx, orders, 1)
	w.OnMessageIn(ctx, orders, 2)
	w.OnWebRequestEnd(ctx, w.OnWebRequestStart(ctx, WebRequest{Method: "GET", Route: "/"}), 200)
	w.mon.Count(ctx, "n", 1)

	w.OnHandleEnd(ctx, w.OnHandleStart(ctx, "q", 10), StatusError, throttled{})
	w.OnBatchSent(ctx, w.OnBatchStart(ctx, "out"), 2, 20, nil)
	w.OnThrottle(ctx, "out")
	w.OnProducerQueue(ctx, "out", 1)
	w.OnRecords(ctx, orders, 2, 20)
	w.OnReceiveError(ctx, orders, throttled{})
	w.OnCheckpoint(ctx, orders, nil)
	w.OnRedelivered(ctx, orders, 1)
	w.OnDropped(ctx, orders, 1)
	w.OnIteratorAge(ctx, orders, time.Second)
	w.OnLag(ctx, TopicPartition{"orders", 9}, 1)
	w.OnConsumerQueue(ctx, "in", 1)
	w.OnShards(ctx, "in", 2, 0)
	w.OnReshard(ctx, "in")
}
