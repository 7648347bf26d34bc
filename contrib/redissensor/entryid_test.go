package redissensor

import (
	"strconv"
	"strings"
	"testing"
)

func TestEntryMillis(t *testing.T) {
	for _, tc := range []struct {
		id string
		ms uint64
		ok bool
	}{
		{"1700000000000-0", 1700000000000, true},
		{"0-1", 0, true},
		{"18446744073709551615-18446744073709551615", 1<<64 - 1, true},
		{"18446744073709551616-0", 0, false}, // ms overflows
		{"1-18446744073709551616", 0, false}, // seq overflows
		{"1700000000000", 0, false},          // no sequence: not a reply's ID
		{"1700000000000-", 0, false},
		{"-0", 0, false},
		{"1-2-3", 0, false},
		{"+1-0", 0, false},
		{"1 -0", 0, false},
		{"*", 0, false},
		{"", 0, false},
	} {
		ms, ok := entryMillis(tc.id)
		if ms != tc.ms || ok != tc.ok {
			t.Errorf("entryMillis(%q) = %d, %v; want %d, %v", tc.id, ms, ok, tc.ms, tc.ok)
		}
	}
}

func TestEntryMillisAllocatesNothing(t *testing.T) {
	id := strconv.Itoa(1700000000000) + "-7"
	if n := testing.AllocsPerRun(100, func() { entryMillis(id) }); n != 0 {
		t.Errorf("entryMillis allocates %v times", n)
	}
}

// FuzzEntryMillis checks the parser against strconv: an ID is two unsigned
// decimal numbers without signs joined by one dash.
func FuzzEntryMillis(f *testing.F) {
	for _, s := range []string{"1700000000000-0", "0-0", "18446744073709551615-1", "1-", "-1", "1-+2", "١-٢", "1--1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		ms, ok := entryMillis(id)
		a, b, cut := strings.Cut(id, "-")
		wantMS, errA := strconv.ParseUint(a, 10, 64)
		_, errB := strconv.ParseUint(b, 10, 64)
		want := cut && errA == nil && errB == nil
		if ok != want || (ok && ms != wantMS) {
			t.Fatalf("entryMillis(%q) = %d, %v; strconv says %d, %v", id, ms, ok, wantMS, want)
		}
	})
}
