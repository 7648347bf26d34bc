package series

import (
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// prefix cleans a key to its first 8 bytes, copied, as a name cleaner
// bounds names.
func prefix(k string) string {
	if len(k) > 8 {
		return strings.Clone(k[:8])
	}
	return k
}

type named struct{ key string }

func newNamed(limit int) *Map[string, named] {
	return New(limit, func(k string) *named { return &named{key: k} },
		func() *named { return &named{key: Overflow} }).WithClean(prefix)
}

// keys returns every key the map holds, published or fresh.
func (s *Map[K, V]) keys() []K {
	s.mu.Lock()
	defer s.mu.Unlock()
	var ks []K
	for k := range s.published() {
		ks = append(ks, k)
	}
	for k := range s.fresh {
		ks = append(ks, k)
	}
	return ks
}

func TestWithCleanSharesSeries(t *testing.T) {
	s := newNamed(2)
	a1 := s.Get("aaaaaaaa-one")
	a2 := s.Get("aaaaaaaa-two")
	if a1 != a2 {
		t.Error("two keys that clean alike have two series")
	}
	if a1.key != "aaaaaaaa" {
		t.Errorf("series created for %q, want the cleaned key", a1.key)
	}
	if s.Get("aaaaaaaa") != a1 {
		t.Error("the cleaned key has another series than the raw ones")
	}
	b := s.Get("bbbbbbbb-one")
	if b == a1 || b.key != "bbbbbbbb" {
		t.Errorf("second name got series %q", b.key)
	}
	// The limit counts cleaned keys: a third one overflows.
	if c := s.Get("cccccccc-one"); c.key != Overflow {
		t.Errorf("third name got series %q, want the overflow", c.key)
	}
	for _, k := range s.keys() {
		if len(k) > 8 {
			t.Errorf("map keeps the raw key %q", k)
		}
	}
}

// TestWithCleanFrontKeepsOnlyCleanKeys checks that the front cache never
// keeps a raw key, whether its lookup created the series, found it fresh or
// found it published; a clean key is cached.
func TestWithCleanFrontKeepsOnlyCleanKeys(t *testing.T) {
	s := newNamed(10).WithFront(func(string) uint { return 0 })
	raw := "aaaaaaaa" + strings.Repeat("x", 100)
	first := s.Get(raw) // created, and published
	s.Get(raw)          // found published
	s.Get("aaaaaaaa-other")
	if e := s.front.slots[0].Load(); e != nil {
		t.Fatalf("front cache holds %.20q after raw lookups, want nothing", e.k)
	}
	if s.Get("aaaaaaaa") != first {
		t.Fatal("the cleaned key has another series")
	}
	e := s.front.slots[0].Load()
	if e == nil || e.k != "aaaaaaaa" || e.v != first {
		t.Errorf("front cache holds %+v, want the clean key and its series", e)
	}
	if s.Get(raw) != first {
		t.Error("a raw key found another series once the clean one was cached")
	}
}

// TestWithCleanDropsRawKeys keeps 100 series for keys of 1 MB that clean
// to 8 bytes: the heap holds the cleaned keys, not the raw ones.
func TestWithCleanDropsRawKeys(t *testing.T) {
	s := newNamed(1000).WithFront(func(k string) uint { return uint(len(k)) })
	buf := []byte(strings.Repeat("x", 1<<20))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range 100 {
		copy(buf, fmt.Sprintf("%08d", i))
		s.Get(string(buf))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 20<<20 {
		t.Errorf("heap grew by %d MB for 100 keys of 1 MB, want well under 20 MB", grew>>20)
	}
	if n := len(s.keys()); n != 100 {
		t.Errorf("%d series, want 100", n)
	}
	runtime.KeepAlive(s)
}

// TestWithCleanConcurrent looks up raw and clean keys from several
// goroutines: every key keeps one series. Run it with -race.
func TestWithCleanConcurrent(t *testing.T) {
	s := newNamed(1000).WithFront(func(k string) uint { return uint(len(k)) })
	got := make([][]*named, 4)
	var wg sync.WaitGroup
	for g := range got {
		wg.Go(func() {
			for i := range 200 {
				k := fmt.Sprintf("%08d", i)
				if (i+g)%2 == 0 {
					k += "-raw"
				}
				got[g] = append(got[g], s.Get(k))
			}
		})
	}
	wg.Wait()
	for i := range 200 {
		want := s.Get(fmt.Sprintf("%08d", i))
		for g := range got {
			if got[g][i] != want {
				t.Fatalf("key %d has two series", i)
			}
		}
	}
}
