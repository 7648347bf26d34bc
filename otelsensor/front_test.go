package otelsensor

import (
	"sync"
	"testing"
)

// TestFrontCache checks that a seriesMap with a front cache returns the same
// series as without one, when keys share a slot and past the limit.
func TestFrontCache(t *testing.T) {
	type series struct{ key string }
	s := newSeriesMap(3, func(k string) *series { return &series{key: k} },
		func() *series { return &series{key: "overflow"} }).withFront(func(string) uint { return 7 })

	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				for _, k := range []string{"a", "b", "c", "d", "a"} {
					got := s.get(k).key
					want := k
					if k == "d" {
						want = "overflow"
					}
					if got != want {
						t.Errorf("get(%q) = series %q, want %q", k, got, want)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if s.get("a") != s.get("a") || s.get("b") != s.get("b") || s.get("d") != s.get("e") {
		t.Error("get returns different series for one key")
	}
	if e := s.front.slots[7].Load(); e == nil || e.k == "d" || e.v != s.get(e.k) {
		t.Errorf("slot 7 holds %+v, want one of the keys within the limit", e)
	}
}

func TestHintsTellPartitionsApart(t *testing.T) {
	seen := map[uint]bool{}
	for p := range int32(16) {
		h := partitionHint(TopicPartition{Topic: "orders", Partition: p}) % frontSlots
		if seen[h] {
			t.Fatalf("partition %d shares slot %d with a lower partition", p, h)
		}
		seen[h] = true
	}
}
