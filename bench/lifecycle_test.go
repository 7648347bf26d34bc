package bench

import (
	"runtime"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkLifecycle measures one message's lifecycle, each contender driving
// the same metrics with the same attributes.
//
// The clock contender is the floor of those that time the work: it reads the
// monotonic clock as often as the Monitor must, and does nothing else.
func BenchmarkLifecycle(b *testing.B) {
	all := append(contenders[:len(contenders):len(contenders)], struct {
		name string
		new  func(testing.TB) contender
	}{"clock", func(testing.TB) contender { return new(clock) }})
	for _, c := range all {
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
//
// The cpu-bound contender does arithmetic that touches no shared memory
// instead of the work: how it scales is what the machine gives at the time,
// the ceiling for the others measured in the same run.
func BenchmarkLifecycleParallel(b *testing.B) {
	all := append(contenders[:len(contenders):len(contenders)], struct {
		name string
		new  func(testing.TB) contender
	}{"cpu-bound", func(testing.TB) contender { return new(spin) }})
	for _, c := range all {
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

// spin is the cpu-bound contender: a few hundred nanoseconds of arithmetic
// on the goroutine's own stack for each message.
type spin struct{ sink atomic.Uint64 }

func (s *spin) lifecycle(m message) {
	x := uint64(m.offset) | 1
	for range 256 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	if x == 0 { // never true: keeps the loop from being removed
		s.sink.Store(x)
	}
}

// clock is the clock-reading floor: a read at the start and at the end of
// each timed lifecycle (the event, the send, and the commit when there is
// one), as time.Since reads it, monotonic only.
type clock struct{ sink atomic.Int64 }

// origin is what the clock contender measures from.
var origin = time.Now()

func (c *clock) lifecycle(m message) {
	reads := 4
	if m.commit {
		reads += 2
	}
	var sum time.Duration
	for range reads {
		sum += time.Since(origin)
	}
	if sum < 0 { // never true: keeps the reads from being removed
		c.sink.Store(int64(sum))
	}
}
