package otlp_test

import (
	"strings"
	"testing"
	"time"

	"github.com/streamotel/streamotel/exporters/otlp"
)

// TestOptionsAreValidatedTogether checks that options apply in order, the
// last of a kind winning, and that New names every bad one at once.
func TestOptionsAreValidatedTogether(t *testing.T) {
	r, err := otlp.New(t.Context(), otlp.WithTimeout(0), otlp.WithTimeout(time.Second),
		otlp.WithEndpoint("nohost"), otlp.WithEndpoint("http://127.0.0.1:4317"))
	if err != nil {
		t.Fatalf("a bad option overridden by a good one: %v", err)
	}
	_ = r.Shutdown(t.Context())
	_, err = otlp.New(t.Context(), otlp.WithProtocol("udp"), otlp.WithInterval(-1), otlp.WithTimeout(0))
	for _, want := range []string{"protocol", "interval", "timeout"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name the bad %s", err, want)
		}
	}
}
