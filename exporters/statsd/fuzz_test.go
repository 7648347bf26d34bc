package statsd

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
)

// What a well-formed line looks like, with every character of names, keys
// and values restricted to the sanitised set.
var (
	wellFormed = map[Flavor]*regexp.Regexp{
		StatsD:    regexp.MustCompile(`^[A-Za-z0-9_.\-]+:(-?[0-9]+(\.[0-9]+)?)\|(c|g|ms)(\|@0\.[0-9]+)?$`),
		DogStatsD: regexp.MustCompile(`^[A-Za-z0-9_.\-]+:(-?[0-9]+(\.[0-9]+)?)\|(c|g|ms)(\|@0\.[0-9]+)?(\|#([\p{L}\p{N}_./\-]+:[\p{L}\p{N}_./\-]+,?)+)?$`),
	}
)

// FuzzLine feeds arbitrary names, attribute keys and values and numbers to
// the encoder and checks that every line is well formed: one line per value
// (two for a negative gauge), no protocol character where it would frame a
// field, and the value read back as sent.
func FuzzLine(f *testing.F) {
	f.Add("messaging.client.consumed.messages", "messaging.destination.name", "orders", 3.0)
	f.Add("app", "k", "a:b|c\nevil:1|c", -2.5)
	f.Add("name|#x:y", "key,other:1", "v@0.5|#t", 0.25)
	f.Add("", "", "", 0.0)
	f.Add("\xff\xfe\n", "ключ", "значение\r\n", 1e300)
	f.Add("n", "n", "1", math.Inf(-1))
	f.Fuzz(func(t *testing.T, name, key, value string, v float64) {
		attrs := attribute.NewSet(attribute.String(key, value), attribute.Int("n", 1))
		for _, flavor := range []Flavor{StatsD, DogStatsD} {
			enc := newEncoder(flavor, "pre:fix|")
			enc.setName(name)
			for _, kind := range []string{typeCounter, typeGauge, typeTimer} {
				var ok bool
				switch kind {
				case typeCounter:
					ok = enc.counter(&attrs, v)
				case typeGauge:
					ok = enc.gauge(&attrs, v)
				case typeTimer:
					ok = enc.timer(&attrs, v, 3)
				}
				sendable := !math.IsNaN(v) && !math.IsInf(v, 0) && (kind != typeTimer || v >= 0)
				if ok != sendable {
					t.Fatalf("%s %v: encoded %v, want %v", kind, v, ok, sendable)
				}
				if !ok {
					continue
				}
				lines := strings.Split(string(enc.line), "\n")
				want := 1
				if kind == typeGauge && v < 0 {
					want = 2
				}
				if len(lines) != want {
					t.Fatalf("%s %v: %d lines, want %d: %q", kind, v, len(lines), want, enc.line)
				}
				last := lines[len(lines)-1]
				m := wellFormed[flavor].FindStringSubmatch(last)
				if m == nil {
					t.Fatalf("%v %s line not well formed: %q", flavor, kind, last)
				}
				if got, err := strconv.ParseFloat(m[1], 64); err != nil || got != v {
					t.Fatalf("%s value %q reads back as %v, want %v", kind, m[1], got, v)
				}
				if flavor == DogStatsD && strings.Count(last, ",")+1 != attrs.Len() {
					t.Fatalf("%d attributes, tags in %q", attrs.Len(), last)
				}
				if flavor == StatsD && !strings.Contains(strings.SplitN(last, ":", 2)[0]+".", ".n.1.") {
					t.Fatalf("attributes not folded into %q", last)
				}
			}
		}
	})
}
