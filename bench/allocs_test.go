package bench

import (
	"testing"

	"github.com/streamotel/streamotel/otelsensor"
)

// TestCallbacksDoNotAllocate checks that every callback of the Monitor, on
// an SDK MeterProvider and on the no-op one, allocates nothing once its
// series exist, and neither does the whole lifecycle.
func TestCallbacksDoNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	for _, provider := range []string{"streamotel", "noop"} {
		m := callbackMonitor(t, provider == "noop")
		st := otelsensor.Start()
		for _, cb := range callbacks {
			if n := testing.AllocsPerRun(100, func() { cb.call(m, st) }); n != 0 {
				t.Errorf("%s: %s allocates %v times per call", provider, cb.name, n)
			}
		}
		w := sensor{m}
		warm(w)
		i := 0
		if n := testing.AllocsPerRun(1000, func() { w.lifecycle(nth(i)); i++ }); n != 0 {
			t.Errorf("%s: the lifecycle allocates %v times per message", provider, n)
		}
	}
}
