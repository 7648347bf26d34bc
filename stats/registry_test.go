package stats

import (
	"math"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/streamotel/streamotel/internal/clean"
	"github.com/streamotel/streamotel/internal/race"
)

func newRegistry(t *testing.T, opts ...Option) *Registry {
	t.Helper()
	r, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestConcurrentIncrLosesNothing is statvent's open issue: "+=" across
// threads loses increments. Run it with -race.
func TestConcurrentIncrLosesNothing(t *testing.T) {
	r := newRegistry(t)
	const goroutines, perG = 16, 20000
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range perG {
				r.Incr("hits", 1)
				r.Incr("by-goroutine."+string(rune('a'+g%4)), 2)
				r.Record("latency", float64(i))
				r.Set("last", float64(g))
			}
		})
	}
	wg.Wait()
	s := r.Snapshot()
	if got, want := s.Counts["hits"], int64(goroutines*perG); got != want {
		t.Errorf("hits = %d, want %d", got, want)
	}
	var byG int64
	for _, c := range []string{"a", "b", "c", "d"} {
		byG += s.Counts["by-goroutine."+c]
	}
	if want := int64(2 * goroutines * perG); byG != want {
		t.Errorf("sum of by-goroutine counts = %d, want %d", byG, want)
	}
	if got := s.Records["latency"].Count; got != DefaultHistorySize {
		t.Errorf("latency history holds %d values, want %d", got, DefaultHistorySize)
	}
}

func TestSummary(t *testing.T) {
	r := newRegistry(t, WithHistorySize(100))
	for i := 1; i <= 200; i++ { // only 101..200 are kept
		r.Record("latency", float64(i))
	}
	got := r.Snapshot().Records["latency"]
	want := Summary{Count: 100, Mean: 150.5, P50: 150, P90: 190, P95: 195, P99: 199}
	if got != want {
		t.Errorf("summary = %+v, want %+v", got, want)
	}
	r.Record("one", 7)
	if got := r.Snapshot().Records["one"]; got != (Summary{Count: 1, Mean: 7, P50: 7, P90: 7, P95: 7, P99: 7}) {
		t.Errorf("summary of one value = %+v", got)
	}
}

// TestResizeAppliesToExistingRecords is statvent's other open issue:
// resizing only affected stats created afterwards.
func TestResizeAppliesToExistingRecords(t *testing.T) {
	r := newRegistry(t, WithHistorySize(10))
	for i := range 10 {
		r.Record("old", float64(i))
	}
	if err := r.SetHistorySize(4); err != nil {
		t.Fatal(err)
	}
	if got := r.Snapshot().Records["old"]; got.Count != 4 || got.Mean != 7.5 {
		t.Errorf("after shrinking, old = %+v, want the newest 4 values (6..9)", got)
	}
	r.Record("old", 100)
	if got := r.Snapshot().Records["old"]; got.Count != 4 || got.Mean != (7+8+9+100)/4.0 {
		t.Errorf("after one more value, old = %+v", got)
	}
	if err := r.SetHistorySize(6); err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		r.Record("new", float64(i))
		r.Record("old", 1)
	}
	s := r.Snapshot()
	if s.Records["old"].Count != 6 || s.Records["new"].Count != 6 || r.HistorySize() != 6 {
		t.Errorf("after growing to 6: old %+v, new %+v", s.Records["old"], s.Records["new"])
	}
	if err := r.SetHistorySize(0); err == nil {
		t.Error("SetHistorySize(0) did not fail")
	}
}

func TestNonFiniteValuesAreDropped(t *testing.T) {
	r := newRegistry(t)
	r.Set("v", 1.5)
	for _, v := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		r.Set("v", v)
		r.Record("r", v)
	}
	r.Record("r", 2)
	s := r.Snapshot()
	if s.Values["v"] != 1.5 || s.Records["r"] != (Summary{Count: 1, Mean: 2, P50: 2, P90: 2, P95: 2, P99: 2}) || s.Dropped != 6 {
		t.Errorf("snapshot = %+v", s)
	}
}

func TestNamesAreSanitised(t *testing.T) {
	r := newRegistry(t)
	r.Incr("", 1)
	r.Incr("bad\xffname", 1)
	r.Incr("bad\xffname", 1)
	r.Incr("two\nlines: 5", 1)
	r.Incr(strings.Repeat("é", 200), 1)
	s := r.Snapshot()
	if s.Counts[clean.Empty] != 1 || s.Counts[clean.Name("bad\xffname")] != 2 || s.Counts[clean.Name("two\nlines: 5")] != 1 {
		t.Errorf("counts = %v", s.Counts)
	}
	for name := range s.Counts {
		if len(name) > 255 || !utf8.ValidString(name) || strings.Contains(name, "\n") {
			t.Errorf("kept name %q", name)
		}
	}
}

func TestLimitOverflows(t *testing.T) {
	r := newRegistry(t, WithLimit(3))
	for i := range 10 {
		r.Incr(string(rune('a'+i)), 1)
	}
	s := r.Snapshot()
	if len(s.Counts) != 4 || s.Counts[OverflowName] != 7 {
		t.Errorf("counts = %v, want 3 names and 7 in %s", s.Counts, OverflowName)
	}
}

func TestBadOptions(t *testing.T) {
	for _, o := range []Option{WithHistorySize(0), WithLimit(-1)} {
		if _, err := New(o); err == nil {
			t.Error("New accepted a bad option")
		}
	}
}

func TestAppendText(t *testing.T) {
	r := newRegistry(t)
	r.Incr("requests", 3)
	r.Set("queue", 2.5)
	r.Record("latency", 0.25)
	want := `latency.count: 1
latency.mean: 0.25
latency.p50: 0.25
latency.p90: 0.25
latency.p95: 0.25
latency.p99: 0.25
queue: 2.5
requests: 3
`
	if got := string(r.AppendText(nil)); got != want {
		t.Errorf("text =\n%s\nwant\n%s", got, want)
	}
}

func TestDefault(t *testing.T) {
	old := Default()
	t.Cleanup(func() { SetDefault(old) })
	r := newRegistry(t)
	SetDefault(r)
	SetDefault(nil)
	Incr("a", 2)
	Set("b", 3)
	Record("c", 4)
	if s := r.Snapshot(); s.Counts["a"] != 2 || s.Values["b"] != 3 || s.Records["c"].Mean != 4 {
		t.Errorf("default registry = %+v", s)
	}
}

func TestTime(t *testing.T) {
	r := newRegistry(t)
	func() { defer r.Time("work").Stop() }()
	if s := r.Snapshot().Records["work"]; s.Count != 1 || s.Mean < 0 || s.Mean > 1 {
		t.Errorf("work = %+v", s)
	}
}

func TestNoAllocations(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	r := newRegistry(t)
	r.Incr("a", 1)
	r.Set("b", 1)
	r.Record("c", 1)
	for name, f := range map[string]func(){
		"Incr":   func() { r.Incr("a", 1) },
		"Set":    func() { r.Set("b", 2) },
		"Record": func() { r.Record("c", 3) },
		"Time":   func() { r.Time("c").Stop() },
	} {
		if n := testing.AllocsPerRun(1000, f); n != 0 {
			t.Errorf("%s allocates %v times", name, n)
		}
	}
}

// lockedCounts is the baseline: a map of counts under one mutex, the
// simplest correct version of statvent's dictionary of stats.
type lockedCounts struct {
	mu sync.Mutex
	m  map[string]int64
}

func (l *lockedCounts) incr(name string, n int64) {
	l.mu.Lock()
	l.m[name] += n
	l.mu.Unlock()
}

// BenchmarkIncr compares Incr with the mutex-and-map baseline, from all
// cores at once.
func BenchmarkIncr(b *testing.B) {
	b.Run("baseline=mutex-map", func(b *testing.B) {
		l := &lockedCounts{m: map[string]int64{}}
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				l.incr("hits", 1)
			}
		})
	})
	b.Run("registry", func(b *testing.B) {
		r, _ := New()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				r.Incr("hits", 1)
			}
		})
	})
}

func BenchmarkRecord(b *testing.B) {
	r, _ := New()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			r.Record("latency", 0.5)
		}
	})
}
