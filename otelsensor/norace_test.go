//go:build !race

package otelsensor

const raceEnabled = false
