package otelsensor

import (
	"sync"
	"testing"

	"github.com/streamotel/streamotel/semconv"
)

func TestDefault(t *testing.T) {
	t.Cleanup(func() { SetDefault(nil) })
	if Default() != nil {
		t.Fatalf("Default() = %p before SetDefault, want nil (disabled)", Default())
	}
	eq(t, "message started on the disabled Default", Default().OnMessageIn(ctx, orders, 1).Started(), false)

	w := newRig(t)
	SetDefault(w.Sensor)
	if Default() != w.Sensor {
		t.Fatal("Default() is not the Sensor set")
	}
	Default().OnMessageOut(ctx, Default().OnMessageIn(ctx, orders, 1))
	Default().OnRecords(ctx, orders, 2, 0)

	SetDefault(nil)
	if Default() != nil {
		t.Errorf("Default() = %p after SetDefault(nil)", Default())
	}
	Default().OnRecords(ctx, orders, 100, 0)
	wantValue(t, w.collect(t), semconv.ConsumedMessages, 3)
}

// TestDefaultConcurrently sets the Default while callbacks use it: each
// message that reached the Monitor is counted and ended there. Run it with
// -race.
func TestDefaultConcurrently(t *testing.T) {
	t.Cleanup(func() { SetDefault(nil) })
	w := newRig(t)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range 1000 {
			if i%2 == 0 {
				SetDefault(w.Sensor)
			} else {
				SetDefault(nil)
			}
		}
	})
	enabled := 0
	for range 1000 {
		s := Default()
		if s != nil {
			enabled++
		}
		s.OnMessageOut(ctx, s.OnMessageIn(ctx, orders, 1))
	}
	wg.Wait()
	snap := w.mon.Snapshot()
	eq(t, "messages received", snap.MessagesReceivedTotal, int64(enabled))
	eq(t, "messages active", snap.MessagesActive, 0)
}
