package clean

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// TestName checks what a cleaned name keeps of the raw one: clean names
// unchanged, others cleaned and cut, then marked with a hash of the raw
// bytes.
func TestName(t *testing.T) {
	for _, tc := range []struct {
		raw, prefix string
		marked      bool
	}{
		{"orders", "orders", false},
		{"", Empty, false},
		{"é-topic", "é-topic", false},
		{strings.Repeat("y", MaxLen), strings.Repeat("y", MaxLen), false},
		{"orders\n", "orders_", true},
		{"line\r\nbreak", "line__break", true},
		{"bad\xffname", "bad\uFFFDname", true},
		{strings.Repeat("x", 300), strings.Repeat("x", MaxLen-9), true},
		{strings.Repeat("é", 200), strings.Repeat("é", (MaxLen-9)/2), true},
	} {
		got := Name(tc.raw)
		want := tc.prefix
		if tc.marked {
			if len(got) != len(tc.prefix)+9 {
				t.Errorf("Name(%.20q) = %.40q, want %.40q and a mark", tc.raw, got, tc.prefix)
				continue
			}
			want += got[len(tc.prefix):]
			if !isMark(got[len(tc.prefix):]) {
				t.Errorf("Name(%.20q) ends with %q, not ~ and 8 hex digits", tc.raw, got[len(tc.prefix):])
			}
		}
		if got != want {
			t.Errorf("Name(%.20q) = %.40q, want %.40q", tc.raw, got, want)
		}
	}
}

func isMark(s string) bool {
	if len(s) != 9 || s[0] != '~' {
		return false
	}
	for _, c := range s[1:] {
		if !strings.ContainsRune("0123456789abcdef", c) {
			return false
		}
	}
	return true
}

// TestNamesStayDistinct checks that raw names that clean to the same text
// keep distinct cleaned names, and that one raw name always cleans the
// same way.
func TestNamesStayDistinct(t *testing.T) {
	prefix := strings.Repeat("t", 1<<20)
	raws := []string{"orders\n", "orders\r", "orders\x00", "orders\x7f", "orders\xff", "orders\xfe",
		prefix + "a", prefix + "b", "orders_"}
	seen := map[string]string{}
	for _, raw := range raws {
		got := Name(raw)
		if other, ok := seen[got]; ok {
			t.Errorf("%.20q and %.20q both clean to %.40q", other, raw, got)
		}
		seen[got] = raw
		if again := Name(raw); again != got {
			t.Errorf("Name(%.20q) = %q, then %q", raw, got, again)
		}
	}
}

func FuzzName(f *testing.F) {
	for _, s := range []string{"", "orders", "orders\n", "\xff", "é\x00", strings.Repeat("ü", 200), "a~00000000"} {
		f.Add(s, "\r")
	}
	f.Fuzz(func(t *testing.T, raw, ctl string) {
		got := Name(raw)
		if !utf8.ValidString(got) || strings.IndexFunc(got, unicode.IsControl) >= 0 || got == "" || len(got) > MaxLen {
			t.Fatalf("Name(%q) = %q: not a clean name", raw, got)
		}
		if Name(raw) != got {
			t.Fatalf("Name(%q) is not deterministic", raw)
		}
		if utf8.ValidString(raw) && strings.IndexFunc(raw, unicode.IsControl) < 0 && raw != "" && len(raw) <= MaxLen && got != raw {
			t.Fatalf("Name(%q) = %q changed a clean name", raw, got)
		}
		// A control character added to a name gives another cleaned name.
		r, _ := utf8.DecodeRuneInString(ctl)
		if !unicode.IsControl(r) {
			return
		}
		other := raw + string(r)
		if Name(other) == got {
			t.Fatalf("Name(%q) and Name(%q) are both %q", raw, other, got)
		}
	})
}

// BenchmarkName cleans a name that is kept as it is, and a 1 MB name, which
// is cut and marked with the hash of all its bytes.
func BenchmarkName(b *testing.B) {
	for _, c := range []struct {
		name string
		s    string
	}{
		{"clean", "orders-enriched"},
		{"1MB", strings.Repeat("o", 1<<20)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Name(c.s)
			}
		})
	}
}
