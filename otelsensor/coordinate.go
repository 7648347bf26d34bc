package otelsensor

import (
	"cmp"
	"context"
	"sync/atomic"

	"github.com/streamotel/streamotel/semconv"
)

// Coordination with the broker: offset commits (CommitHook), partition
// assignments (AssignmentHook) and group rebalances (RebalanceHook).

var (
	_ CommitHook     = (*Monitor)(nil)
	_ AssignmentHook = (*Monitor)(nil)
	_ RebalanceHook  = (*Monitor)(nil)
)

// coordinate is the Monitor's state of commits, assignments and rebalances.
type coordinate struct {
	commit          variantsOf
	commitLatency   *history
	assign          variantsOf
	assignOK        atomic.Int64
	assignLatency   *history
	rebalances      atomic.Int64
	phases          [2]opts // return, end
	rebalanceReturn *history
	rebalanceEnd    *history
}

func (m *Monitor) initCoordinate() {
	c := &m.coord
	c.commit = *newVariantsOf(m.group.with(
		semconv.MessagingOperationName.String(semconv.OperationCommit),
		semconv.MessagingOperationType.String("settle")))
	c.commitLatency = newHistory(m.cfg.commitHistory)
	c.assign = *newVariantsOf(m.group)
	c.assignLatency = newHistory(m.cfg.assignmentHistory)
	c.phases = [2]opts{
		m.group.with(semconv.RebalancePhase.String(semconv.RebalancePhaseReturn)),
		m.group.with(semconv.RebalancePhase.String(semconv.RebalancePhaseEnd)),
	}
	c.rebalanceReturn = newHistory(m.cfg.avgHistory)
	c.rebalanceEnd = newHistory(m.cfg.avgHistory)
}

// OnCommitInitiated does nothing: the commit's token carries its start.
func (m *Monitor) OnCommitInitiated(ctx context.Context, c Commit) {}

// OnCommitCompleted records the commit's duration as
// messaging.client.operation.duration with operation type settle.
func (m *Monitor) OnCommitCompleted(ctx context.Context, c Commit, err error) {
	e, ok := m.end(c.stamp)
	if m.closed.Load() || !ok {
		return
	}
	record(ctx, m.inst.operationDuration, e.secs, m.attrs(&m.coord.commit, err, 1))
	m.coord.commitLatency.add(0, e)
}

// OnAssignmentStart does nothing: the assignment's token carries its start.
func (m *Monitor) OnAssignmentStart(ctx context.Context, a Assignment) {}

// OnAssignmentError counts a failed assignment and records its duration.
func (m *Monitor) OnAssignmentError(ctx context.Context, a Assignment, err error) {
	err = cmp.Or(err, errUnknown)
	m.assignmentEnded(ctx, a, err)
}

// OnAssignmentCompleted counts a completed assignment and records its
// duration.
func (m *Monitor) OnAssignmentCompleted(ctx context.Context, a Assignment) {
	m.assignmentEnded(ctx, a, nil)
}

func (m *Monitor) assignmentEnded(ctx context.Context, a Assignment, err error) {
	if m.closed.Load() {
		return
	}
	o := m.attrs(&m.coord.assign, err, 1)
	if err == nil {
		m.coord.assignOK.Add(1)
	}
	if e, ok := m.end(a.stamp); ok {
		record(ctx, m.inst.assignmentDuration, e.secs, o)
		m.coord.assignLatency.add(0, e)
	}
}

// OnRebalanceStart counts a rebalance and forgets the positions of every
// partition, so that revoked partitions stop being reported.
func (m *Monitor) OnRebalanceStart(ctx context.Context, r Rebalance) {
	if m.closed.Load() {
		return
	}
	m.coord.rebalances.Add(1)
	m.forgetPartitions()
}

// OnRebalanceReturn records the time from the rebalance's start to its
// return.
func (m *Monitor) OnRebalanceReturn(ctx context.Context, r Rebalance) {
	if e, ok := m.end(r.stamp); ok && !m.closed.Load() {
		record(ctx, m.inst.rebalanceDuration, e.secs, m.coord.phases[0])
		m.coord.rebalanceReturn.add(0, e)
	}
}

// OnRebalanceEnd records the rebalance's full duration and forgets partition
// positions again, as Faust does: positions reported during the rebalance
// may belong to revoked partitions.
func (m *Monitor) OnRebalanceEnd(ctx context.Context, r Rebalance) {
	if m.closed.Load() {
		return
	}
	if e, ok := m.end(r.stamp); ok {
		record(ctx, m.inst.rebalanceDuration, e.secs, m.coord.phases[1])
		m.coord.rebalanceEnd.add(0, e)
	}
	m.forgetPartitions()
}

func (m *Monitor) observeCoordinate(o observer) {
	i, c := &m.inst, &m.coord
	o.count(i.assignments, c.assignOK.Load(), c.assign.ok)
	o.errors(i.assignments, c.assign.errors)
	o.count(i.rebalances, c.rebalances.Load(), m.group)
}

func (m *Monitor) snapshotCoordinate(s *Snapshot) {
	c := &m.coord
	s.CommitLatency = c.commitLatency.values()
	s.AssignmentLatency = c.assignLatency.values()
	s.AssignmentsCompleted = c.assignOK.Load()
	s.AssignmentsFailed = c.assign.sum()
	s.Rebalances = c.rebalances.Load()
	s.RebalanceReturnLatency = c.rebalanceReturn.values()
	s.RebalanceReturnAvg = mean(s.RebalanceReturnLatency)
	s.RebalanceEndLatency = c.rebalanceEnd.values()
	s.RebalanceEndAvg = mean(s.RebalanceEndLatency)
}
