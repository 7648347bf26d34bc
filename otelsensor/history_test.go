package otelsensor

import (
	"sync"
	"testing"
	"time"
)

func TestHistoryMergesStripesByTime(t *testing.T) {
	h := newHistory(5)
	// Twelve values over eleven stripe numbers: 0 and 8 share a ring, and
	// the newest five are spread over four rings.
	for i := range 12 {
		h.add(uint(i%11), ended{at: stamp(time.Duration(i) * time.Millisecond), secs: float64(i)})
	}
	eqSlice(t, "values", h.values(), []float64{7, 8, 9, 10, 11})
	h.add(3, ended{at: stamp(time.Second), secs: 99})
	eqSlice(t, "values after one more", h.values(), []float64{8, 9, 10, 11, 99})
}

func TestHistoryFewerValuesThanSize(t *testing.T) {
	h := newHistory(100)
	eq(t, "values of an empty history", len(h.values()), 0)
	h.add(5, ended{at: 2, secs: 2})
	h.add(1, ended{at: 1, secs: 1})
	eqSlice(t, "values", h.values(), []float64{1, 2})
}

func TestMean(t *testing.T) {
	for _, c := range []struct {
		name string
		vals []float64
		want float64
	}{
		{"empty", nil, 0},
		{"one", []float64{4}, 4},
		{"skewed, median 2", []float64{1, 2, 6}, 3},
	} {
		t.Run(c.name, func(t *testing.T) { eq(t, "mean", mean(c.vals), c.want) })
	}
}

// TestHistoryConcurrent adds values that grow with their time from several
// goroutines while reading: a value read together with the time of another
// would show as a value out of order.
func TestHistoryConcurrent(t *testing.T) {
	h := newHistory(30)
	var clock sync.Mutex
	var now stamp
	tick := func() stamp {
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
		got := h.values()
		for i := 1; i < len(got); i++ {
			if got[i] < got[i-1] {
				t.Fatalf("values out of order: %v", got)
			}
		}
		if len(got) > 30 {
			t.Fatalf("%d values, want at most 30", len(got))
		}
	}
	wg.Wait()
	got := h.values()
	eq(t, "len(values)", len(got), 30)
	eq(t, "newest", got[29], float64(now))
}
