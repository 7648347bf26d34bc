package kgosensor

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/streamotel/streamotel/otelsensor"
)

// group follows a member's rebalance through its round trips to the group
// coordinator: a JoinGroup starts it (and the assignment), the SyncGroup
// returns it (the assignment is done), and the first OffsetFetch or
// Heartbeat after that ends it (the member resumed).
type group struct {
	mu    sync.Mutex
	phase phase
	reb   otelsensor.Rebalance
	ret   bool // reb returned
	asg   otelsensor.Assignment
}

type phase uint8

const (
	idle     phase = iota // no rebalance
	joining               // joined, waiting for the assignment
	returned              // assigned, resuming
)

// OnBrokerE2E implements kgo.HookBrokerE2E. Offset commits are commits
// (messaging.client.operation.duration of commit; the offsets committed are
// read at collection time). Group round trips drive the rebalance: a
// JoinGroup starts a rebalance (streamotel.rebalances) and an assignment, a
// SyncGroup ends the assignment (streamotel.assignments and
// streamotel.assignment.duration) and returns the rebalance, the next
// OffsetFetch or Heartbeat ends it (streamotel.rebalance.duration by phase).
// Each starts when its request was written. The first round trip of a new
// client also registers what the Hooks read from it (see OnNewClient).
func (h *Hooks) OnBrokerE2E(_ kgo.BrokerMetadata, key int16, e2e kgo.BrokerE2E) {
	if h.sensor == nil {
		return
	}
	h.register()
	ctx := context.Background()
	switch kmsg.Key(key) {
	case kmsg.OffsetCommit:
		h.sensor.OnCommitInitiated(ctx)
		c := otelsensor.Commit{}.StartedAt(time.Now().Add(-e2e.DurationE2E()))
		h.sensor.OnCommitCompleted(ctx, c, errOf(e2e))
	case kmsg.JoinGroup:
		h.joined(ctx, time.Now().Add(-e2e.DurationE2E()))
	case kmsg.SyncGroup:
		h.synced(ctx, errOf(e2e))
	case kmsg.OffsetFetch, kmsg.Heartbeat:
		h.resumed(ctx)
	}
}

// errOf returns the error of a round trip, named for error.type.
func errOf(e2e kgo.BrokerE2E) error {
	if err := e2e.Err(); err != nil {
		return kafkaError(err)
	}
	return nil
}

// OnGroupManageError implements kgo.HookGroupManageError: the member's
// group session died; kgo calls OnPartitionsLost and the member rejoins. An
// assignment in progress failed (streamotel.assignments with error.type),
// and a rebalance starts, so that the partitions the member lost are
// forgotten now, not at its next JoinGroup.
func (h *Hooks) OnGroupManageError(err error) {
	if h.sensor == nil || errors.Is(err, context.Canceled) || errors.Is(err, kgo.ErrClientClosed) {
		return
	}
	ctx := context.Background()
	g := &h.group
	g.mu.Lock()
	defer g.mu.Unlock()
	switch g.phase {
	case joining:
		h.sensor.OnAssignmentError(ctx, g.asg, kafkaError(err))
	case idle:
		g.reb, g.ret = h.sensor.OnRebalanceStart(ctx), false
	}
	g.phase = joining
	g.asg = otelsensor.Assignment{}
}

// joined starts a rebalance, unless one is under way: kgo joins twice when
// the coordinator first asks for a member ID, and a cooperative rebalance
// joins again after revoking. It starts an assignment.
func (h *Hooks) joined(ctx context.Context, start time.Time) {
	g := &h.group
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.phase == idle {
		h.sensor.OnRebalanceStart(ctx)
		g.reb, g.ret = otelsensor.Rebalance{}.StartedAt(start), false
	}
	g.phase = joining
	if !g.asg.Started() {
		g.asg = h.sensor.OnAssignmentStart(ctx)
	}
}

// synced ends the assignment and returns the rebalance the first time.
func (h *Hooks) synced(ctx context.Context, err error) {
	g := &h.group
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.phase != joining {
		return
	}
	asg := g.asg
	g.asg = otelsensor.Assignment{}
	if err != nil {
		h.sensor.OnAssignmentError(ctx, asg, err)
		return
	}
	h.sensor.OnAssignmentCompleted(ctx, asg)
	if !g.ret {
		h.sensor.OnRebalanceReturn(ctx, g.reb)
		g.ret = true
	}
	g.phase = returned
}

// resumed ends a returned rebalance.
func (h *Hooks) resumed(ctx context.Context) {
	g := &h.group
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.phase != returned {
		return
	}
	h.sensor.OnRebalanceEnd(ctx, g.reb)
	g.phase, g.reb = idle, otelsensor.Rebalance{}
}
