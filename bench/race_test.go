//go:build race

package bench

// raceEnabled reports whether the race detector is on: it allocates and slows
// everything down, so allocation counts and heap sizes mean nothing under it.
const raceEnabled = true
