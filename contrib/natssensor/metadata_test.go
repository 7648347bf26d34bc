package natssensor

import (
	"strconv"
	"strings"
	"testing"
)

func TestParseReply(t *testing.T) {
	for _, tc := range []struct {
		name  string
		reply string
		want  metadata
		ok    bool
	}{
		{"v1", "$JS.ACK.ORDERS.audit.3.41.17.1700000000000000000.9",
			metadata{"ORDERS", "audit", 3, 41, 9, 1700000000000000000}, true},
		{"v2 no domain", "$JS.ACK._.ACCHASH.ORDERS.audit.1.2.3.4.5.rnd",
			metadata{"ORDERS", "audit", 1, 2, 5, 4}, true},
		{"v2 with domain", "$JS.ACK.hub.ACCHASH.ORDERS.audit.1.2.3.4.5.rnd",
			metadata{"ORDERS", "audit", 1, 2, 5, 4}, true},
		{"v2 without token", "$JS.ACK.hub.ACCHASH.ORDERS.audit.1.2.3.4.5",
			metadata{"ORDERS", "audit", 1, 2, 5, 4}, true},
		{"v2 with more tokens", "$JS.ACK.hub.ACCHASH.ORDERS.audit.1.2.3.4.5.rnd.x",
			metadata{"ORDERS", "audit", 1, 2, 5, 4}, true},
		{"max uint64", "$JS.ACK.S.C.1.1.1.1.18446744073709551615",
			metadata{"S", "C", 1, 1, 1<<64 - 1, 1}, true},
		{"empty", "", metadata{}, false},
		{"inbox", "_INBOX.abc.def", metadata{}, false},
		{"prefix only", "$JS.ACK.", metadata{}, false},
		{"too few", "$JS.ACK.S.C.1.2.3.4", metadata{}, false},
		{"eight tokens", "$JS.ACK.a.b.S.C.1.2.3.4", metadata{}, false},
		{"not a number", "$JS.ACK.S.C.1.x.3.4.5", metadata{}, false},
		{"negative", "$JS.ACK.S.C.1.2.3.4.-5", metadata{}, false},
		{"empty number", "$JS.ACK.S.C.1..3.4.5", metadata{}, false},
		{"empty stream", "$JS.ACK..C.1.2.3.4.5", metadata{}, false},
		{"overflow", "$JS.ACK.S.C.1.2.3.4.18446744073709551616", metadata{}, false},
		{"timestamp overflow", "$JS.ACK.S.C.1.2.3.9223372036854775808.5", metadata{}, false},
		{"lower case prefix", "$js.ack.S.C.1.2.3.4.5", metadata{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := parseReply(tc.reply)
			if ok != tc.ok || got != tc.want {
				t.Errorf("parseReply(%q) = %+v, %v; want %+v, %v", tc.reply, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestParseReplyAllocs(t *testing.T) {
	reply := "$JS.ACK._.ACCHASH.ORDERS.audit.1.2.3.4.5.rnd"
	if n := testing.AllocsPerRun(100, func() { parseReply(reply) }); n != 0 {
		t.Errorf("parseReply allocates %v times", n)
	}
}

// referenceParse is parseReply written plainly, with strings.Split and
// strconv, as the fuzz target's oracle.
func referenceParse(reply string) (metadata, bool) {
	tok := strings.Split(reply, ".")
	if len(tok) < 2 || tok[0] != "$JS" || tok[1] != "ACK" {
		return metadata{}, false
	}
	switch {
	case len(tok) == 9:
		tok = tok[2:]
	case len(tok) >= 11:
		tok = tok[4:11]
	default:
		return metadata{}, false
	}
	var n [5]uint64
	for i := range n {
		s := tok[2+i]
		if s == "" || strings.TrimLeft(s, "0123456789") != "" {
			return metadata{}, false
		}
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			return metadata{}, false
		}
		n[i] = v
	}
	if tok[0] == "" || tok[1] == "" || n[3] > 1<<63-1 {
		return metadata{}, false
	}
	return metadata{tok[0], tok[1], n[0], n[1], n[4], int64(n[3])}, true
}

func FuzzParseReply(f *testing.F) {
	for _, s := range []string{
		"$JS.ACK.ORDERS.audit.3.41.17.1700000000000000000.9",
		"$JS.ACK._.ACCHASH.ORDERS.audit.1.2.3.4.5.rnd",
		"$JS.ACK.hub.ACCHASH.ORDERS.audit.1.2.3.4.5",
		"$JS.ACK.S.C.1.2.3.4.18446744073709551616",
		"$JS.ACK.S.C.1.2.3.4",
		"_INBOX.x",
		"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, reply string) {
		got, ok := parseReply(reply)
		want, wantOK := referenceParse(reply)
		if ok != wantOK || got != want {
			t.Fatalf("parseReply(%q) = %+v, %v; reference %+v, %v", reply, got, ok, want, wantOK)
		}
	})
}
