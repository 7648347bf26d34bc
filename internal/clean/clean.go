// Package clean turns names that users pass (topics, streams, tables, metric
// names, error types, URL schemes) into values that are safe to export:
// valid UTF-8, no control characters, at most MaxLen bytes and never empty.
//
// A name that is already safe is kept as it is. Any other name is cleaned
// (invalid UTF-8 bytes become U+FFFD, control characters, line breaks
// included, become '_'), cut to leave room for a mark, and marked: '~' and
// the eight hex digits of the CRC-32C of its raw bytes. Raw names that clean
// to the same text, such as "orders\n" and "orders\r", or two long names
// that share their first bytes, so keep distinct names and distinct series
// instead of silently merging; one raw name always gets the same mark, in
// every process. The empty name becomes Empty.
//
// Cleaning costs one pass over the first MaxLen bytes and, for names that
// need it, a hash of the raw bytes (about 25 GB/s where the CPU has a CRC
// instruction): a 1 MB name costs some tens of microseconds, never more
// than linear in its length.
package clean

import (
	"hash/crc32"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"
)

// MaxLen bounds the length, in bytes, of a cleaned name, its mark included.
const MaxLen = 255

// Empty replaces an empty name.
const Empty = "_EMPTY"

// markLen is the length of the mark of a cleaned name: '~' and 8 hex digits.
const markLen = 9

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Name returns name as it is safe to export, as the package documentation
// says: unchanged if it already is, otherwise cleaned, cut and marked with a
// hash of its raw bytes. Names are sanitised, never rejected, so that no
// count is lost.
func Name(name string) string {
	if name == "" {
		return Empty
	}
	if len(name) <= MaxLen && utf8.ValidString(name) && strings.IndexFunc(name, unicode.IsControl) < 0 {
		return name
	}
	// Only the first MaxLen bytes can show; the rest only goes into the
	// mark.
	head := name[:min(len(name), MaxLen)]
	head = strings.ToValidUTF8(head, "\uFFFD")
	head = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return '_'
		}
		return r
	}, head)
	if cut := MaxLen - markLen; len(head) > cut {
		for cut > 0 && !utf8.RuneStart(head[cut]) {
			cut--
		}
		head = head[:cut]
	}
	return head + mark(name)
}

// checksum returns the CRC-32C of s. The bytes of s are read in place:
// converting s to a []byte would copy the whole name, a megabyte for a
// megabyte name, and crc32 only reads them.
func checksum(s string) uint32 {
	return crc32.Checksum(unsafe.Slice(unsafe.StringData(s), len(s)), castagnoli)
}

// mark returns '~' and the hash of raw.
func mark(raw string) string {
	var b [markLen]byte
	b[0] = '~'
	return string(appendHex(b[:1], checksum(raw)))
}

// AppendHash appends to b the hash that marks a cleaned name, eight
// lowercase hex digits of the CRC-32C of raw, for encoders that clean names
// by their own rules (StatsD's character set) and mark them the same way.
func AppendHash(b, raw []byte) []byte {
	return appendHex(b, crc32.Checksum(raw, castagnoli))
}

func appendHex(b []byte, sum uint32) []byte {
	const digits = "0123456789abcdef"
	for shift := 28; shift >= 0; shift -= 4 {
		b = append(b, digits[sum>>shift&0xf])
	}
	return b
}
