package statsd_test

import (
	"context"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/exporters/statsd"
)

// TestSanitisedValuesStayDistinct sends values that sanitise to the same
// text: each keeps its own series, in both flavours.
func TestSanitisedValuesStayDistinct(t *testing.T) {
	for _, flavor := range []statsd.Flavor{statsd.StatsD, statsd.DogStatsD} {
		t.Run(flavor.String(), func(t *testing.T) {
			addr, read := listen(t)
			meter, flush := pipeline(t, newExporter(t, statsd.WithAddress(addr), statsd.WithFlavor(flavor)))
			c, _ := meter.Int64Counter("events")
			for _, v := range []string{"a:b", "a,b", "a b", "a_b", "z\xfcrich", "zürich", "z_rich"} {
				c.Add(context.Background(), 1, metric.WithAttributes(attribute.String("topic", v)))
			}
			flush()
			got := lines(read())
			if len(got) != 7 {
				t.Fatalf("%d lines, want 7: %q", len(got), got)
			}
			seen := map[string]bool{}
			for _, l := range got {
				if seen[l] {
					t.Errorf("two values sent as %q", l)
				}
				seen[l] = true
			}
			if !seen["events.topic.a_b:1|c"] && !seen["events:1|c|#topic:a_b"] {
				t.Errorf("a_b is not sent as it is: %q", got)
			}
			if flavor == statsd.DogStatsD && !seen["events:1|c|#topic:zürich"] {
				t.Errorf("a DogStatsD tag lost its letters: %q", got)
			}
			for _, l := range got {
				if flavor == statsd.StatsD && strings.ContainsFunc(l, func(r rune) bool { return r > 127 }) {
					t.Errorf("a StatsD line holds non-ASCII: %q", l)
				}
			}
		})
	}
}

// TestLastOptionWins gives a bad option, then a good one of the same kind:
// the good one is what counts.
func TestLastOptionWins(t *testing.T) {
	if _, err := statsd.New(statsd.WithFlavor(9), statsd.WithFlavor(statsd.StatsD)); err != nil {
		t.Errorf("WithFlavor(9), WithFlavor(StatsD): %v", err)
	}
	if _, err := statsd.New(statsd.WithMaxPacketSize(1), statsd.WithMaxPacketSize(512)); err != nil {
		t.Errorf("WithMaxPacketSize(1), WithMaxPacketSize(512): %v", err)
	}
	_, err := statsd.New(statsd.WithFlavor(9), statsd.WithMaxPacketSize(1))
	if err == nil || !strings.Contains(err.Error(), "flavor") || !strings.Contains(err.Error(), "packet size") {
		t.Errorf("two bad options: %v, want both named", err)
	}
}
