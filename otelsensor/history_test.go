package otelsensor

import (
	"slices"
	"sync"
	"testing"
	"time"
)

func TestHistoryMergesShardsByTime(t *testing.T) {
	h := newHistory(5)
	// Twelve values over eleven shard numbers: 0 and 8 share a ring, and
	// the newest five are spread over four rings.
	for i := range 12 {
		h.add(uint(i%11), ended{at: time.Duration(i) * time.Millisecond, secs: float64(i)})
	}
	if got, want := h.values(), []float64{7, 8, 9, 10, 11}; !slices.Equal(got, want) {
		t.Errorf("values = %v, want %v", got, want)
	}
	h.add(3, ended{at: time.Second, secs: 99})
	if got, want := h.values(), []float64{8, 9, 10, 11, 99}; !slices.Equal(got, want) {
		t.Errorf("after one more: values = %v, want %v", got, want)
	}
}

func TestHistoryFewerValuesThanSize(t *testing.T) {
	h := newHistory(100)
	if got := h.values(); len(got) != 0 {
		t.Errorf("empty history: values = %v", got)
	}
	h.add(5, ended{at: 2, secs: 2})
	h.add(1, ended{at: 1, secs: 1})
	if got, want := h.values(), []float64{1, 2}; !slices.Equal(got, want) {
		t.Errorf("values = %v, want %v", got, want)
	}
}

// TestHistoryConcurrent adds values that grow with their time from several
// goroutines while reading: a value read together with the time of another
// would show as a value out of order.
func TestHistoryConcurrent(t *testing.T) {
	h := newHistory(30)
	var clock sync.Mutex
	var now time.Duration
	tick := func() time.Duration {
		clock.Lock()
		defer clock.Unlock()
		now++
		return now
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for range 5000 {
				at := tick()
				h.add(uint(w), ended{at: at, secs: float64(at)})
			}
		})
	}
	for range 200 {
		if got := h.values(); !slices.IsSorted(got) || len(got) > 30 {
			t.Fatalf("values out of order or too many: %v", got)
		}
	}
	wg.Wait()
	got := h.values()
	if len(got) != 30 || got[29] != float64(now) {
		t.Errorf("values = %v, want the last 30 up to %v", got, now)
	}
}
