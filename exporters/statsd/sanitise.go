package statsd

// class says which bytes a sanitiser keeps.
type class uint8

const (
	// className keeps what a metric name may hold, dots included.
	className class = iota
	// classSegment keeps what one segment of a name may hold: dots would
	// split it.
	classSegment
	// classTag keeps what a DogStatsD tag key or value may hold.
	classTag
)

// keep reports whether c may appear unchanged in the given class. Bytes that
// frame the protocol (':', '|', '@', '#', ',', newlines) are never kept, nor
// any byte of a multi-byte UTF-8 sequence.
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

// appendSanitised appends s to dst with every byte that the class does not
// keep replaced by '_'. An empty s is appended as "_" so that no name segment
// or tag is empty.
func appendSanitised[S ~string | ~[]byte](dst []byte, s S, cl class) []byte {
	if len(s) == 0 {
		return append(dst, '_')
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !keep(c, cl) {
			c = '_'
		}
		dst = append(dst, c)
	}
	return dst
}
