package stats

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// TestLongNamesCostLinear floods a Registry with 3,000 distinct 256 KB names
// that share all but their last bytes: each is cleaned to at most 255 bytes
// before it is kept, and the flood costs linear time, about the time it
// takes to read each name once (the hash that keeps them apart reads every
// byte).
func TestLongNamesCostLinear(t *testing.T) {
	r := newRegistry(t)
	raw := []byte(strings.Repeat("n", 256<<10))
	var spent time.Duration
	const names = 3000
	for i := range names {
		copy(raw[len(raw)-8:], strconv.Itoa(10000000+i))
		name := string(raw)
		start := time.Now()
		r.Incr(name, 1)
		if spent += time.Since(start); spent > 2*time.Second {
			t.Fatalf("%d names took %v", i+1, spent)
		}
	}
	t.Logf("%d names of 256 KB: %v", names, spent)
	if spent > time.Second {
		t.Errorf("%d names took %v, want well under a second", names, spent)
	}
	s := r.Snapshot()
	var total int64
	for name, n := range s.Counts {
		total += n
		if len(name) > 255 || !utf8.ValidString(name) {
			t.Errorf("kept a name of %d bytes", len(name))
		}
	}
	if total != names || len(s.Counts) != DefaultLimit+1 {
		t.Errorf("%d counts under %d names, want %d under the limit and %s", total, len(s.Counts), names, OverflowName)
	}
}

// TestNamesThatCleanAlikeStayApart checks that names that differ only by
// what cleaning replaces keep their own counts and values.
func TestNamesThatCleanAlikeStayApart(t *testing.T) {
	r := newRegistry(t)
	r.Incr("orders\n", 1)
	r.Incr("orders\r", 2)
	r.Set("lag\n", 5)
	r.Set("lag\r", 7)
	s := r.Snapshot()
	if len(s.Counts) != 2 || len(s.Values) != 2 {
		t.Fatalf("counts %v, values %v: merged", s.Counts, s.Values)
	}
	var sum float64
	for _, v := range s.Values {
		sum += v
	}
	if sum != 12 {
		t.Errorf("values %v, want 5 and 7", s.Values)
	}
}

func TestIncrSaturates(t *testing.T) {
	r := newRegistry(t)
	r.Incr("up", math.MaxInt64)
	r.Incr("up", 1)
	r.Incr("down", math.MinInt64)
	r.Incr("down", -1)
	r.Incr("back", math.MaxInt64)
	r.Incr("back", 1)
	r.Incr("back", -10)
	s := r.Snapshot()
	if s.Counts["up"] != math.MaxInt64 || s.Counts["down"] != math.MinInt64 || s.Counts["back"] != math.MaxInt64-10 {
		t.Errorf("counts = %v, want them held at the int64 bounds", s.Counts)
	}
}

func TestHugeValuesKeepAFiniteMean(t *testing.T) {
	r := newRegistry(t)
	r.Record("big", math.MaxFloat64)
	r.Record("big", math.MaxFloat64)
	r.Record("mixed", math.MaxFloat64)
	r.Record("mixed", -math.MaxFloat64)
	s := r.Snapshot()
	if got := s.Records["big"].Mean; got != math.MaxFloat64 {
		t.Errorf("mean of two MaxFloat64 = %v", got)
	}
	if got := s.Records["mixed"].Mean; got != 0 {
		t.Errorf("mean of MaxFloat64 and its opposite = %v", got)
	}
	if _, err := json.Marshal(s); err != nil {
		t.Errorf("json.Marshal(Snapshot): %v", err)
	}
}

func TestZeroTimer(t *testing.T) {
	var zero Timer
	zero.Stop() // records nothing and does not panic
}

func TestHistorySizeIsBounded(t *testing.T) {
	if _, err := New(WithHistorySize(MaxHistorySize + 1)); err == nil || !strings.Contains(err.Error(), "history size") {
		t.Errorf("New(WithHistorySize(MaxHistorySize+1)) = %v, want an error", err)
	}
	r := newRegistry(t)
	if err := r.SetHistorySize(MaxHistorySize + 1); err == nil {
		t.Error("SetHistorySize(MaxHistorySize+1) accepted")
	}
	if err := r.SetHistorySize(MaxHistorySize); err != nil {
		t.Errorf("SetHistorySize(MaxHistorySize): %v", err)
	}
}

func TestEveryBadOptionIsReported(t *testing.T) {
	_, err := New(WithHistorySize(0), WithLimit(-1))
	if err == nil || !strings.Contains(err.Error(), "history size") || !strings.Contains(err.Error(), "limit") {
		t.Errorf("New = %v, want both bad options named", err)
	}
}
