package otelsensor

import "sync/atomic"

// shards is how many cache lines the state that every worker writes is
// split over. Callbacks that know the partition they handle pick the line
// by it, so consumer group members, which own different partitions, write
// to different lines: one shared line made every write a cross-core cache
// miss once two cores recorded.
const shards = 8

// cacheLine is the size of a cache line on the machines Go runs on most.
const cacheLine = 64

// shardOf returns the shard of a partition.
func shardOf(partition int32) uint { return uint(partition) % shards }

// counts is a pair of counts, a total and the number in progress, split
// over shards.
type counts [shards]struct {
	total, active atomic.Int64
	_             [cacheLine - 16]byte
}

// start counts one more, in progress, in shard.
func (c *counts) start(shard uint) {
	c[shard].total.Add(1)
	c[shard].active.Add(1)
}

// end counts one fewer in progress in shard.
func (c *counts) end(shard uint) { c[shard].active.Add(-1) }

// load returns the total and the number in progress.
func (c *counts) load() (total, active int64) {
	for i := range c {
		total += c[i].total.Load()
		active += c[i].active.Load()
	}
	return total, active
}
