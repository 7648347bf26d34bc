// Package clean turns names that users pass (topics, streams, tables, metric
// names, error types) into values that are safe to export: valid UTF-8, no
// control characters, bounded in length and never empty.
package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxLen bounds the length, in bytes, of a cleaned name.
const MaxLen = 255

// Empty replaces an empty name.
const Empty = "_EMPTY"

// Name returns name as it is safe to export: invalid UTF-8 bytes become
// U+FFFD, control characters (line breaks included) become '_', the result is
// cut to MaxLen bytes on a rune boundary, and the empty name becomes Empty.
// Names are sanitised, never rejected, so that no count is lost.
func Name(name string) string {
	if name == "" {
		return Empty
	}
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "\uFFFD")
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		name = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return '_'
			}
			return r
		}, name)
	}
	if len(name) > MaxLen {
		cut := MaxLen
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = strings.Clone(name[:cut]) // keep no part of a long name alive
	}
	return name
}
