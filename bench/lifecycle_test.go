package bench

import (
	"runtime"
	"sync/atomic"
	"testing"
)

// BenchmarkLifecycle measures one message's lifecycle, each contender driving
// the same metrics with the same attributes.
func BenchmarkLifecycle(b *testing.B) {
	for _, c := range contenders {
		b.Run(c.name, func(b *testing.B) {
			w := c.new(b)
			warm(w)
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				w.lifecycle(nth(i))
			}
		})
	}
}

// BenchmarkLifecycleParallel runs the lifecycle on GOMAXPROCS goroutines that
// share the partitions out as consumer group members do: goroutine g of n
// handles partitions g, g+n, ... Compare -cpu 1 with -cpu 2 for scaling.
func BenchmarkLifecycleParallel(b *testing.B) {
	for _, c := range contenders {
		b.Run(c.name, func(b *testing.B) {
			w := c.new(b)
			warm(w)
			var next atomic.Int64
			b.ReportAllocs()
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				step := runtime.GOMAXPROCS(0)
				for i := int(next.Add(1)) - 1; pb.Next(); i += step {
					w.lifecycle(nth(i))
				}
			})
		})
	}
}
