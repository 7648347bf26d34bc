package otelsensor

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// counting is a custom sensor built on Base that overrides two methods.
type counting struct {
	Base
	in    atomic.Int64
	took  atomic.Int64 // nanoseconds
	start atomic.Int64 // the State given to OnStreamEventOut
}

func (c *counting) OnMessageIn(context.Context, TopicPartition, int64) State {
	c.in.Add(1)
	return Start()
}

func (c *counting) OnStreamEventOut(_ context.Context, _ TopicPartition, _ int64, _ Stream, st State, _ error) {
	c.took.Add(int64(st.Elapsed()))
	c.start.Store(int64(st.start))
}

func TestFanoutForwardsAndSharesState(t *testing.T) {
	m, r, _ := newMonitor(t)
	a, b := &counting{}, &counting{}
	f := NewFanout(m, a, nil)
	f.Add(b)
	if n := len(f.Sensors()); n != 3 {
		t.Fatalf("%d sensors, want 3 (nil is ignored)", n)
	}
	f.OnMessageIn(ctx, orders, 1)
	st := f.OnStreamEventIn(ctx, orders, 1, agent)
	time.Sleep(2 * time.Millisecond)
	f.OnStreamEventOut(ctx, orders, 1, agent, st, nil)
	if a.in.Load() != 1 || b.in.Load() != 1 {
		t.Errorf("custom sensors saw %d and %d messages", a.in.Load(), b.in.Load())
	}
	if a.took.Load() < int64(2*time.Millisecond) || a.start.Load() != b.start.Load() || a.start.Load() != int64(st.start) {
		t.Errorf("sensors measured %v and %v from starts %d and %d, want ≥2ms from the fan-out's start %d",
			time.Duration(a.took.Load()), time.Duration(b.took.Load()), a.start.Load(), b.start.Load(), st.start)
	}
	got := collect(t, r)
	wantValue(t, got, "messaging.client.consumed.messages", 1)
	if h, _ := got.Histogram("messaging.process.duration"); h.Count != 1 || h.Sum < 0.002 {
		t.Errorf("the Monitor behind the fan-out recorded %+v", h)
	}

	if !f.Remove(a) || f.Remove(a) {
		t.Error("Remove should succeed once")
	}
	f.OnMessageIn(ctx, orders, 2)
	if a.in.Load() != 1 || b.in.Load() != 2 {
		t.Errorf("after Remove: a saw %d, b saw %d", a.in.Load(), b.in.Load())
	}
}

type uncomparable struct {
	Base
	_ []int
}

func TestFanoutRemoveUncomparable(t *testing.T) {
	f := NewFanout(uncomparable{}, Nop())
	if f.Remove(uncomparable{}) {
		t.Error("removed an uncomparable sensor")
	}
	if !f.Remove(Nop()) {
		t.Error("could not remove Nop past an uncomparable sensor")
	}
}

func TestFanoutChangesWhileRunning(t *testing.T) {
	f := NewFanout()
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for range 4 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
					f.OnMessageOut(ctx, orders, 1, f.OnMessageIn(ctx, orders, 1))
				}
			}
		})
	}
	sensors := make([]*counting, 50)
	for i := range sensors {
		sensors[i] = &counting{}
		f.Add(sensors[i])
	}
	for _, s := range sensors[:25] {
		f.Remove(s)
	}
	close(stop)
	wg.Wait()
	if n := len(f.Sensors()); n != 25 {
		t.Errorf("%d sensors left, want 25", n)
	}
}
