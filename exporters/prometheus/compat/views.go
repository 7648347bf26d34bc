package compat

import (
	sc "github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/views"
)

// FaustViews returns the options of views.New that give the assignment and
// rebalance durations the boundaries of Faust's latency histograms (5 ms to
// 10 s, where streamotel's defaults are 10 ms to 300 s), so that [Faust]
// can write assign_latency, rebalance_done_consumer_latency and
// rebalance_done_latency. The other durations already have them. The
// default output then has these boundaries too.
func FaustViews() []views.Option {
	seconds := make([]float64, len(msBuckets))
	for i, ms := range msBuckets {
		seconds[i] = ms / 1000
	}
	return []views.Option{
		views.Boundaries(sc.AssignmentTime, seconds...),
		views.Boundaries(sc.RebalanceTime, seconds...),
	}
}
