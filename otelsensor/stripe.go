package otelsensor

import "sync/atomic"

// stripes is how many cache lines the state that every worker writes is
// split over. Callbacks that know the partition they handle pick the line
// by it, so consumer group members, which own different partitions, write
// to different lines: one shared line made every write a cross-core cache
// miss once two cores recorded.
const stripes = 8

// cacheLine is the size of a cache line on the machines Go runs on most.
const cacheLine = 64

// apart ends a series that one worker writes, such as a partition's: the
// series are allocated side by side, and without it the counts at the start
// of one would share a cache line with the end of the one before, written or
// read by another worker.
type apart [cacheLine]byte

// stripeOf returns the stripe of a partition.
func stripeOf(partition int32) uint { return uint(partition) % stripes }

// pair is two counts split over stripes; the two counts of a stripe share a
// cache line.
type pair [stripes]struct {
	a, b atomic.Int64
	_    [cacheLine - 16]byte
}

// add adds a and b to the counts of stripe.
func (p *pair) add(stripe uint, a, b int64) {
	s := &p[stripe%stripes]
	if a != 0 {
		s.a.Add(a)
	}
	if b != 0 {
		s.b.Add(b)
	}
}

// load returns the two counts summed over the stripes.
func (p *pair) load() (a, b int64) {
	for i := range p {
		a += p[i].a.Load()
		b += p[i].b.Load()
	}
	return a, b
}
