package otelsensor

import (
	"errors"
	"testing"
)

func TestSnapshotEventsErrors(t *testing.T) {
	m, _, c := newMonitor(t)
	other := TopicPartition{Topic: "payments", Partition: 0}
	for i, tp := range []TopicPartition{orders, orders, other, other, other} {
		st := m.OnStreamEventIn(ctx, tp, int64(i), agent)
		c.advance(1)
		var err error
		if i%2 == 0 {
			err = errors.New("boom")
		}
		m.OnStreamEventOut(ctx, tp, int64(i), agent, st, err)
	}
	// An event ended without its start is not counted as an error.
	m.OnStreamEventOut(ctx, orders, 9, agent, State{}, errors.New("boom"))

	s := m.Snapshot()
	if s.EventsTotal != 5 || s.EventsErrors != 3 {
		t.Errorf("events_total = %d, events_errors = %d, want 5 and 3", s.EventsTotal, s.EventsErrors)
	}
}
