package otelsensor

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/streamotel/streamotel/semconv"
)

// TestPollRunsAtCollection checks that a source registered with Poll runs
// at each collection and each Snapshot, before the state is read: what it
// reports is in that very collection.
func TestPollRunsAtCollection(t *testing.T) {
	w := newRig(t)
	var n atomic.Int64
	stop := w.Poll(0, func(ctx context.Context) { w.OnLag(ctx, orders, n.Add(1)) })
	defer stop()
	eq(t, "runs before any collection", n.Load(), 0)
	wantValue(t, w.collect(t), semconv.ConsumerLag, 1, partAttr("3"))
	eq(t, "topic_lag of the snapshot", w.mon.Snapshot().TopicLag["orders"][3], 2)
	wantValue(t, w.collect(t), semconv.ConsumerLag, 3, partAttr("3"))
}

// TestPollInterval checks that a source runs at most once per interval,
// the first time at once.
func TestPollInterval(t *testing.T) {
	w := newRig(t)
	var hourly, always, often atomic.Int64
	defer w.Poll(time.Hour, func(context.Context) { hourly.Add(1) })()
	defer w.Poll(0, func(context.Context) { always.Add(1) })()
	defer w.Poll(300*time.Millisecond, func(context.Context) { often.Add(1) })()
	w.collect(t)
	w.mon.Snapshot()
	w.collect(t)
	eq(t, "runs of the hourly source", hourly.Load(), 1)
	eq(t, "runs of the source without an interval", always.Load(), 3)
	eq(t, "runs of the 300ms source, at once", often.Load(), 1)
	time.Sleep(350 * time.Millisecond)
	w.mon.Snapshot()
	eq(t, "runs of the 300ms source, 350ms later", often.Load(), 2)
	eq(t, "runs of the hourly source, 350ms later", hourly.Load(), 1)
}

// TestPollNeverTwiceAtOnce runs a collection while a source is still
// reading: the collection skips it rather than run it again or wait.
func TestPollNeverTwiceAtOnce(t *testing.T) {
	w := newRig(t)
	entered, release := make(chan struct{}), make(chan struct{})
	var running, most, n atomic.Int64
	var other atomic.Int64
	defer w.Poll(0, func(context.Context) {
		r := running.Add(1)
		defer running.Add(-1)
		if r > most.Load() {
			most.Store(r)
		}
		if n.Add(1) == 1 {
			close(entered)
			<-release
		}
	})()
	defer w.Poll(0, func(context.Context) { other.Add(1) })()

	var wg sync.WaitGroup
	wg.Go(func() { w.mon.Snapshot() })
	<-entered
	done := make(chan struct{})
	go func() {
		w.mon.Snapshot()
		w.collect(t)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("a collection waited for a source still reading")
	}
	eq(t, "runs while the first was reading", n.Load(), 1)
	// The Snapshot held up by the first source has not reached the other
	// yet; the two collections since each ran it.
	eq(t, "runs of the other source meanwhile", other.Load(), 2)
	close(release)
	wg.Wait()
	w.mon.Snapshot()
	eq(t, "runs once the first returned", n.Load(), 2)
	eq(t, "most at once", most.Load(), 1)
}

// TestPollStop checks that stop unregisters a source, and only it, and may
// be called twice.
func TestPollStop(t *testing.T) {
	w := newRig(t)
	var a, b atomic.Int64
	stopA := w.Poll(0, func(context.Context) { a.Add(1) })
	stopB := w.Poll(0, func(context.Context) { b.Add(1) })
	defer stopB()
	w.mon.Snapshot()
	stopA()
	stopA()
	w.mon.Snapshot()
	w.collect(t)
	eq(t, "runs of the stopped source", a.Load(), 1)
	eq(t, "runs of the other", b.Load(), 3)
}

// TestPollSensorsShareAMonitor gives one Monitor to two Sensors, and to a
// Sensor of a Sensor: the sources of each run once per collection.
func TestPollSensorsShareAMonitor(t *testing.T) {
	w := newRig(t)
	second := NewSensor(w.mon)
	outer := NewSensor(w.Sensor)
	var a, b, c atomic.Int64
	defer w.Poll(0, func(context.Context) { a.Add(1) })()
	defer second.Poll(0, func(context.Context) { b.Add(1) })()
	defer outer.Poll(0, func(context.Context) { c.Add(1) })()
	w.mon.Snapshot()
	w.collect(t)
	eq(t, "runs of the first Sensor's source", a.Load(), 2)
	eq(t, "runs of the second Sensor's source", b.Load(), 2)
	eq(t, "runs of the outer Sensor's source", c.Load(), 2)
}

// TestPollConcurrently registers and stops sources while collections run.
// Run it with -race.
func TestPollConcurrently(t *testing.T) {
	w := newRig(t)
	var n atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
				w.Poll(0, func(context.Context) { n.Add(1) })()
			}
		}
	})
	defer w.Poll(0, func(context.Context) { n.Add(1) })()
	for range 100 {
		w.mon.Snapshot()
	}
	close(stop)
	wg.Wait()
	if n.Load() < 100 {
		t.Errorf("%d runs over 100 snapshots, want at least 100", n.Load())
	}
}
