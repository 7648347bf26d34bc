package natssensor

import "strings"

// ackPrefix starts the reply subject of every JetStream message.
const ackPrefix = "$JS.ACK."

// metadata is what the reply subject of a JetStream message tells: the
// fields of jetstream.MsgMetadata that the instruments need. Stream and
// Consumer are substrings of the reply.
type metadata struct {
	Stream    string
	Consumer  string
	Delivered uint64 // how many times the message was delivered, this time included
	Sequence  uint64 // the message's sequence in the stream
	Pending   uint64 // messages of the consumer not delivered yet
	Timestamp int64  // when the stream stored the message, Unix nanoseconds
}

// parseReply reads the metadata from the reply subject of a JetStream
// message, in either of the forms the server sends:
//
//	$JS.ACK.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>
//	$JS.ACK.<domain>.<hash>.<stream>.<consumer>.<delivered>.<sseq>.<cseq>.<ts>.<pending>[.<token>...]
//
// as nats.go's jetstream.Msg.Metadata does, without its allocations. It
// reports false for anything else, an empty name, or a number that is not
// decimal digits or overflows.
func parseReply(reply string) (m metadata, ok bool) {
	rest, found := strings.CutPrefix(reply, ackPrefix)
	if !found {
		return m, false
	}
	// One pass: the ends of the first 9 tokens, and how many there are.
	var ends [9]int
	n := 0
	for i := 0; i < len(rest); i++ {
		if rest[i] == '.' {
			if n < len(ends) {
				ends[n] = i
			}
			n++
		}
	}
	if n < len(ends) {
		ends[n] = len(rest)
	}
	n++
	first := 0 // v1: stream, consumer, delivered, sseq, cseq, ts, pending
	switch {
	case n == 7:
	case n >= 9: // v2: domain and account hash first, maybe more tokens after
		first = 2
	default:
		return m, false
	}
	token := func(i int) string {
		i += first
		from := 0
		if i > 0 {
			from = ends[i-1] + 1
		}
		return rest[from:ends[i]]
	}
	m.Stream, m.Consumer = token(0), token(1)
	if m.Stream == "" || m.Consumer == "" {
		return metadata{}, false
	}
	var ts uint64
	for i, dst := range [...]*uint64{&m.Delivered, &m.Sequence, nil, &ts, &m.Pending} {
		v, ok := parseUint(token(2 + i))
		if !ok {
			return metadata{}, false
		}
		if dst != nil {
			*dst = v
		}
	}
	if ts > 1<<63-1 {
		return metadata{}, false
	}
	m.Timestamp = int64(ts)
	return m, true
}

// parseUint parses a non-empty string of decimal digits that fits in a
// uint64.
func parseUint(s string) (uint64, bool) {
	if s == "" {
		return 0, false
	}
	var n uint64
	for i := 0; i < len(s); i++ {
		d := uint64(s[i] - '0')
		if d > 9 || n > (1<<64-1-d)/10 {
			return 0, false
		}
		n = n*10 + d
	}
	return n, true
}
