//go:build race

package redissensor_test

// raceEnabled is whether the race detector runs, under which allocation
// counts are not those of a normal build.
const raceEnabled = true
