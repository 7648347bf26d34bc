package series

import (
	"sync"
	"testing"
)

// TestFrontCache checks that a Map with a front cache returns the same
// series as without one, when keys share a slot and past the limit.
func TestFrontCache(t *testing.T) {
	type series struct{ key string }
	s := New(3, func(k string) *series { return &series{key: k} },
		func() *series { return &series{key: "overflow"} }).WithFront(func(string) uint { return 7 })

	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 100 {
				for _, k := range []string{"a", "b", "c", "d", "a"} {
					got := s.Get(k).key
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
	if s.Get("a") != s.Get("a") || s.Get("b") != s.Get("b") || s.Get("d") != s.Get("e") {
		t.Error("get returns different series for one key")
	}
	if e := s.front.slots[7].Load(); e == nil || e.k == "d" || e.v != s.Get(e.k) {
		t.Errorf("slot 7 holds %+v, want one of the keys within the limit", e)
	}
}

// TestSeriesMapPublishes creates series from several goroutines at once and
// checks that every key keeps one series, that each walks every series once,
// fresh ones included, and that the limit holds.
func TestSeriesMapPublishes(t *testing.T) {
	type series struct{ key int }
	const limit, keys = 1000, 1500
	s := New(limit, func(k int) *series { return &series{key: k} },
		func() *series { return &series{key: -1} })
	got := make([][]*series, 4)
	var wg sync.WaitGroup
	for g := range got {
		wg.Go(func() {
			for k := range keys {
				got[g] = append(got[g], s.Get(k))
			}
		})
	}
	wg.Wait()
	created := 0
	for k := range keys {
		v := s.Get(k)
		for g := range got {
			if got[g][k] != v {
				t.Fatalf("key %d has two series", k)
			}
		}
		if v.key == k {
			created++
		} else if v.key != -1 {
			t.Fatalf("key %d got the series of %d", k, v.key)
		}
	}
	if created != limit {
		t.Errorf("%d series created, want the limit %d", created, limit)
	}
	seen := map[*series]bool{}
	s.Each(func(v *series) {
		if seen[v] {
			t.Errorf("each walks series %d twice", v.key)
		}
		seen[v] = true
	})
	if len(seen) != limit+1 {
		t.Errorf("each walks %d series, want %d and the overflow", len(seen), limit)
	}
}
