//go:build !race

package natssensor

import (
	"testing"

	"github.com/streamotel/streamotel/otelsensor"
)

// The race detector makes sync.Pool drop items on purpose, so allocations
// are counted without it.

func TestHandlerDoesNotAllocate(t *testing.T) {
	msg := newFakeMsg()
	handle := Handler(otelsensor.NewSensor(nopHook{}), ack)
	handle(msg) // fills the pool
	if n := testing.AllocsPerRun(1000, func() { handle(msg) }); n != 0 {
		t.Errorf("a wrapped handler allocates %v times per message", n)
	}
}
