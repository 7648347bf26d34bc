package statsd

import (
	"unicode"
	"unicode/utf8"

	"github.com/streamotel/streamotel/internal/clean"
)

// class says which characters a sanitiser keeps.
type class uint8

const (
	// className keeps what a metric name may hold, dots included.
	className class = iota
	// classSegment keeps what one segment of a name may hold: dots would
	// split it.
	classSegment
	// classTag keeps what a DogStatsD tag key or value may hold, letters
	// and digits of any script included.
	classTag
)

// keep reports whether the ASCII byte c may appear unchanged in the given
// class. Bytes that frame the protocol (':', '|', '@', '#', ',', newlines)
// are never kept.
func keep(c byte, cl class) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '-':
		return true
	case c == '.':
		return cl != classSegment
	case c == '/':
		return cl == classTag
	}
	return false
}

// keepRune reports whether the non-ASCII rune r may appear in the class:
// Datadog reads tags as Unicode, so letters and digits stay in tags; StatsD
// daemons and Graphite drop non-ASCII, so names and segments stay ASCII.
func keepRune(r rune, cl class) bool {
	return cl == classTag && r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

// appendSanitised appends s to dst. Every character the class does not keep
// becomes '_'. If that changed more than the dots of a segment (which become
// '_' so that the key "messaging.system" reads messaging_system in a
// Graphite path), the result ends with '-' and eight hex digits of a hash of
// s, so that values that differ only in what was replaced ("a:b", "a,b",
// "a b") stay distinct series. An empty s is appended as "_" so that no name
// segment or tag is empty.
func appendSanitised(dst, s []byte, cl class) []byte {
	if len(s) == 0 {
		return append(dst, '_')
	}
	marked := !kept(s, cl)
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if !keep(c, cl) {
				c = '_'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		if keepRune(r, cl) {
			dst = append(dst, s[i:i+n]...)
		} else {
			dst = append(dst, '_')
		}
		i += n
	}
	if !marked {
		return dst
	}
	return clean.AppendHash(append(dst, '-'), s)
}

// kept reports whether the class keeps every character of s, the dots of a
// segment counted as kept.
func kept(s []byte, cl class) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if !keep(c, cl) && !(c == '.' && cl == classSegment) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(s[i:])
		if !keepRune(r, cl) {
			return false
		}
		i += n
	}
	return true
}
