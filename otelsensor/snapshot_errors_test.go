package otelsensor

import (
	"errors"
	"testing"
)

func TestSnapshotEventsErrors(t *testing.T) {
	w := newRig(t)
	other := TopicPartition{Topic: "payments", Partition: 0}
	for i, tp := range []TopicPartition{orders, orders, other, other, other} {
		ev := w.OnStreamEventIn(ctx, w.OnMessageIn(ctx, tp, int64(i)), agent)
		var err error
		if i%2 == 0 {
			err = errors.New("boom")
		}
		w.OnStreamEventOut(ctx, ev, err)
	}
	// An event ended without its start is not counted as an error.
	w.OnStreamEventOut(ctx, Event{TopicPartition: orders, Offset: 9, Stream: agent}, errors.New("boom"))

	s := w.mon.Snapshot()
	eq(t, "events_total", s.EventsTotal, 5)
	eq(t, "events_errors", s.EventsErrors, 3)
}
