package redissensor

import (
	"slices"
	"testing"
)

func TestReadKeys(t *testing.T) {
	for _, tc := range []struct {
		k            kind
		args         []any
		streams, ids []any
	}{
		{xread, []any{"xread", "count", int64(5), "block", int64(0), "streams", "a", "b", "0", "$"}, []any{"a", "b"}, []any{"0", "$"}},
		{xreadgroup, []any{"xreadgroup", "group", "streams", "streams", "count", int64(1), "noack", "streams", "streams", ">"}, []any{"streams"}, []any{">"}},
		{xreadgroup, []any{"XREADGROUP", "GROUP", "g", "c", "CLAIM", int64(100), "STREAMS", "s", ">"}, []any{"s"}, []any{">"}},
		{xread, []any{"xread", "streams", "a", "b", "0"}, nil, nil}, // odd keys: not a read the server accepts
		{xread, []any{"xread", "count"}, nil, nil},
	} {
		streams, ids := readKeys(tc.k, tc.args)
		if !slices.Equal(streams, tc.streams) || !slices.Equal(ids, tc.ids) {
			t.Errorf("readKeys(%v) = %v, %v; want %v, %v", tc.args, streams, ids, tc.streams, tc.ids)
		}
	}
}

// FuzzReadKeys reads the arguments of XREADGROUP built from fuzzed words:
// it never panics, and the streams and IDs it returns are as many, and end
// the arguments.
func FuzzReadKeys(f *testing.F) {
	f.Add("group g c streams s >")
	f.Add("group streams streams count 5 noack streams streams streams 0 0")
	f.Add("streams")
	f.Fuzz(func(t *testing.T, words string) {
		args := []any{"xreadgroup"}
		start := 0
		for i := 0; i <= len(words); i++ {
			if i == len(words) || words[i] == ' ' {
				args = append(args, words[start:i])
				start = i + 1
			}
		}
		streams, ids := readKeys(xreadgroup, args)
		if len(streams) != len(ids) {
			t.Fatalf("readKeys(%q): %d streams, %d IDs", words, len(streams), len(ids))
		}
		if n := len(streams) + len(ids); n > 0 && !slices.Equal(append(slices.Clone(streams), ids...), args[len(args)-n:]) {
			t.Fatalf("readKeys(%q) = %v, %v: not the end of the arguments", words, streams, ids)
		}
	})
}
