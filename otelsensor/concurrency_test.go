package otelsensor

import (
	"fmt"
	"sync"
	"testing"

	"github.com/streamotel/streamotel/semconv"
)

// TestConcurrentCallbacks runs callbacks, collections and snapshots at once;
// with -race it proves the Monitor's state is safe, and the totals prove no
// increment is lost.
func TestConcurrentCallbacks(t *testing.T) {
	m, r, _ := newMonitor(t)
	const workers, perWorker = 8, 2000
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			tp := TopicPartition{Topic: fmt.Sprint("t", w%3), Partition: int32(w)}
			for i := range perWorker {
				st := m.OnMessageIn(ctx, tp, int64(i))
				ev := m.OnStreamEventIn(ctx, tp, int64(i), agent)
				m.OnTableSet(ctx, "counts")
				m.OnStreamEventOut(ctx, tp, int64(i), agent, ev, nil)
				m.OnSendCompleted(ctx, tp, int64(i), m.OnSendInitiated(ctx, "out", 0, 0))
				m.OnMessageOut(ctx, tp, int64(i), st)
			}
		})
	}
	wg.Go(func() {
		for range 50 {
			_ = m.Snapshot()
			_ = collect(t, r)
		}
	})
	wg.Wait()

	const total = workers * perWorker
	got := collect(t, r)
	wantValue(t, got, semconv.ConsumedMessages, total)
	wantValue(t, got, semconv.MessagesActive, 0)
	wantValue(t, got, semconv.TableOperations, total)
	wantValue(t, got, semconv.SentMessages, total)
	wantHistogram(t, got, semconv.ProcessDuration, total, 0)
	s := m.Snapshot()
	if s.MessagesReceivedTotal != total || s.EventsTotal != total || s.MessagesSent != total || s.EventsActive != 0 {
		t.Errorf("snapshot = %+v", s)
	}
}

// TestSendsActiveNeverNegative collects while sends start, complete and fail
// on several goroutines: the sends in progress are the initiated ones less
// the ended ones, read in an order that cannot undercount them.
func TestSendsActiveNeverNegative(t *testing.T) {
	m, r, _ := newMonitor(t)
	const workers, perWorker = 4, 3000
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			tp := TopicPartition{Topic: "out", Partition: int32(w)}
			for i := range perWorker {
				st := m.OnSendInitiated(ctx, "out", 1, 1)
				if i%3 == 0 {
					m.OnSendError(ctx, "out", st, throttled{})
				} else {
					m.OnSendCompleted(ctx, tp, int64(i), st)
				}
			}
		})
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		if v, _ := collect(t, r).Value(semconv.SendsActive, topicAttr("out")); v < 0 {
			t.Fatalf("%s = %v, want no less than 0", semconv.SendsActive, v)
		}
	}
	wantValue(t, collect(t, r), semconv.SendsActive, 0, topicAttr("out"))
	wantValue(t, collect(t, r), semconv.SentMessages, workers*perWorker, topicAttr("out"))
}
