// Package race tells tests whether the race detector is on: it allocates
// and slows everything down, so allocation counts, heap sizes and timings
// mean nothing under it.
package race
