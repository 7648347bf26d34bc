package bench

import (
	"testing"

	"github.com/streamotel/streamotel/internal/race"
)

// TestCallbacksDoNotAllocate checks that every callback, through the front
// to a Monitor on an SDK MeterProvider and on the no-op one, and on the
// disabled front, allocates nothing once its series exist, and neither does
// the whole lifecycle.
func TestCallbacksDoNotAllocate(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	for _, provider := range callbackProviders {
		target := callbackTarget(t, provider)
		for _, cb := range callbacks {
			if cb.monitor && target.m == nil {
				continue
			}
			if n := testing.AllocsPerRun(100, func() { cb.call(target) }); n != 0 {
				t.Errorf("%s: %s allocates %v times per call", provider, cb.name, n)
			}
		}
		w := sensor{target.s}
		warm(w)
		i := 0
		if n := testing.AllocsPerRun(1000, func() { w.lifecycle(nth(i)); i++ }); n != 0 {
			t.Errorf("%s: the lifecycle allocates %v times per message", provider, n)
		}
	}
}
