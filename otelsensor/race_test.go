//go:build race

package otelsensor

const raceEnabled = true
