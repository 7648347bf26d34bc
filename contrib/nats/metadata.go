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
	switch n := strings.Count(rest, ".") + 1; {
	case n == 7:
	case n >= 9: // the domain and the account hash come first
		_, rest, _ = strings.Cut(rest, ".")
		_, rest, _ = strings.Cut(rest, ".")
	default:
		return m, false
	}
	var tok [7]string
	for i := range tok {
		tok[i], rest, _ = strings.Cut(rest, ".")
	}
	m.Stream, m.Consumer = tok[0], tok[1]
	if m.Stream == "" || m.Consumer == "" {
		return metadata{}, false
	}
	var ts uint64
	for i, dst := range [...]*uint64{&m.Delivered, &m.Sequence, nil, &ts, &m.Pending} {
		v, ok := parseUint(tok[2+i])
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
