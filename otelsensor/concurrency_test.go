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
	w := newRig(t)
	start := w.at()
	const workers, perWorker = 8, 2000
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			tp := TopicPartition{Topic: fmt.Sprint("t", g%3), Partition: int32(g)}
			for i := range perWorker {
				msg := w.OnMessageIn(ctx, tp, int64(i))
				ev := w.OnStreamEventIn(ctx, msg, agent).StartedAt(start)
				w.OnTableSet(ctx, "counts")
				w.OnStreamEventOut(ctx, ev, nil)
				w.OnSendCompleted(ctx, w.OnSendInitiated(ctx, "out"), tp.Partition, int64(i))
				w.OnMessageOut(ctx, msg)
			}
		})
	}
	wg.Go(func() {
		for range 50 {
			_ = w.mon.Snapshot()
			_ = w.collect(t)
		}
	})
	wg.Wait()

	const total = workers * perWorker
	got := w.collect(t)
	wantValue(t, got, semconv.ConsumedMessages, total)
	wantValue(t, got, semconv.MessagesActive, 0)
	wantValue(t, got, semconv.TableOperations, total)
	wantValue(t, got, semconv.SentMessages, total)
	wantValue(t, got, semconv.SendsActive, 0)
	wantHistogram(t, got, semconv.ProcessDuration, total, 0)
	s := w.mon.Snapshot()
	eq(t, "messages_received_total", s.MessagesReceivedTotal, total)
	eq(t, "events_total", s.EventsTotal, total)
	eq(t, "messages_sent", s.MessagesSent, total)
	eq(t, "events_active", s.EventsActive, 0)
}

// TestSendsActiveNeverNegative collects while sends start, complete and fail
// on several goroutines: the sends in progress are the initiated ones less
// the ended ones, read in an order that cannot undercount them.
func TestSendsActiveNeverNegative(t *testing.T) {
	w := newRig(t)
	const workers, perWorker = 4, 3000
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			for i := range perWorker {
				snd := w.OnSendInitiated(ctx, "out")
				if i%3 == 0 {
					w.OnSendError(ctx, snd, throttled{})
				} else {
					w.OnSendCompleted(ctx, snd, int32(g), int64(i))
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
		if v, _ := w.collect(t).Value(semconv.SendsActive, topicAttr("out")); v < 0 {
			t.Fatalf("%s = %v, want no less than 0", semconv.SendsActive, v)
		}
	}
	got := w.collect(t)
	wantValue(t, got, semconv.SendsActive, 0, topicAttr("out"))
	wantValue(t, got, semconv.SentMessages, workers*perWorker, topicAttr("out"))
}
