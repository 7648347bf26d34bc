package otelsensor

import (
	"context"
	"sync/atomic"

	"github.com/streamotel/streamotel/internal/series"
	"github.com/streamotel/streamotel/semconv"
)

// The shards of a sharded stream (ShardHook): Kinesis' active and closed
// shards, and their splits and merges.

var _ ShardHook = (*Monitor)(nil)

// shardCounts is the shard state of one stream.
type shardCounts struct {
	active, closed known
	reshards       atomic.Int64
	attrs          opts
	activeOpts     opts
	closedOpts     opts
}

func newShardCounts(attrs opts) *shardCounts {
	return &shardCounts{
		attrs:      attrs,
		activeOpts: attrs.with(semconv.ShardState.String(semconv.ShardStateActive)),
		closedOpts: attrs.with(semconv.ShardState.String(semconv.ShardStateClosed)),
	}
}

func (m *Monitor) initShards() {
	m.sharded = newMap(m, func(stream string) *shardCounts {
		return newShardCounts(m.base.with(semconv.MessagingDestinationName.String(stream)))
	}, func() *shardCounts { return newShardCounts(m.base.with(m.overflow)) }).WithClean(clean).WithFront(series.StringHint)
}

// OnShards records the numbers of active and closed shards of the stream.
// Negative numbers are not recorded.
func (m *Monitor) OnShards(ctx context.Context, stream string, active, closed int) {
	if m.closed.Load() {
		return
	}
	s := m.sharded.Get(stream)
	s.active.set(int64(active))
	s.closed.set(int64(closed))
}

// OnReshard counts a split or merge of the stream's shards.
func (m *Monitor) OnReshard(ctx context.Context, stream string) {
	if !m.closed.Load() {
		m.sharded.Get(stream).reshards.Add(1)
	}
}

func (m *Monitor) observeShards(o observer) {
	m.sharded.Each(func(s *shardCounts) {
		o.known(m.inst.shards, &s.active, s.activeOpts)
		o.known(m.inst.shards, &s.closed, s.closedOpts)
		o.count(m.inst.reshards, s.reshards.Load(), s.attrs)
	})
}
