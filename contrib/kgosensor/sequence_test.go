package kgosensor_test

import (
	"context"
	"slices"
	"sync"
	"testing"

	"github.com/streamotel/streamotel/contrib/kgosensor"
	"github.com/streamotel/streamotel/otelsensor"
)

// lifecycle records the group callbacks a Sensor dispatches, in order.
type lifecycle struct {
	mu    sync.Mutex
	calls []string
}

func (l *lifecycle) add(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, s)
}

func (l *lifecycle) get() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.calls)
}

func (l *lifecycle) OnRebalanceStart(context.Context, otelsensor.Rebalance) { l.add("rebalance start") }
func (l *lifecycle) OnRebalanceReturn(context.Context, otelsensor.Rebalance) {
	l.add("rebalance return")
}
func (l *lifecycle) OnRebalanceEnd(context.Context, otelsensor.Rebalance) { l.add("rebalance end") }
func (l *lifecycle) OnAssignmentStart(context.Context, otelsensor.Assignment) {
	l.add("assignment start")
}
func (l *lifecycle) OnAssignmentError(context.Context, otelsensor.Assignment, error) {
	l.add("assignment error")
}
func (l *lifecycle) OnAssignmentCompleted(context.Context, otelsensor.Assignment) {
	l.add("assignment completed")
}

// TestGroupRoundTripsDriveTheRebalance checks the order of the rebalance
// callbacks a member joining an empty group makes, from its JoinGroup,
// SyncGroup and OffsetFetch round trips.
func TestGroupRoundTripsDriveTheRebalance(t *testing.T) {
	c := startCluster(t)
	produce(t, newClient(t, c, nil), partitions)
	l := &lifecycle{}
	cl := newClient(t, c, kgosensor.New(otelsensor.NewSensor(l)), consumer()...)
	for read := 0; read < partitions; {
		read += cl.PollFetches(context.Background()).NumRecords()
	}
	waitFor(t, "the rebalance to end", func() bool { return slices.Contains(l.get(), "rebalance end") })
	want := []string{"rebalance start", "assignment start", "assignment completed", "rebalance return", "rebalance end"}
	if got := l.get(); !slices.Equal(got, want) {
		t.Errorf("callbacks %q, want %q", got, want)
	}
}
