package otelsensor

import (
	"testing"
	"time"

	"github.com/streamotel/streamotel/semconv"
)

// TestTokensNotStarted checks tokens built as literals: not started, no
// start time, nothing elapsed.
func TestTokensNotStarted(t *testing.T) {
	for _, c := range []struct {
		name string
		tok  starter
	}{
		{"Message", Message{}}, {"Event", Event{}}, {"Send", Send{}}, {"Commit", Commit{}},
		{"Assignment", Assignment{}}, {"Rebalance", Rebalance{}}, {"WebRequest", WebRequest{}},
		{"Handle", Handle{}}, {"Batch", Batch{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			eq(t, "started", c.tok.Started(), false)
			eq(t, "start is zero", c.tok.Start().IsZero(), true)
			eq(t, "elapsed", c.tok.Elapsed(), 0)
		})
	}
}

// sinceStart returns d, once the package has run for longer: StartedAt
// takes a time before the package started as its start.
func sinceStart(d time.Duration) time.Duration {
	if ran := time.Since(epoch); ran < d+time.Millisecond {
		time.Sleep(d + time.Millisecond - ran)
	}
	return d
}

// TestStartedAt checks that StartedAt gives each token the start given,
// and keeps its identity.
func TestStartedAt(t *testing.T) {
	ago := sinceStart(300 * time.Millisecond)
	at := time.Now().Add(-ago)
	for _, c := range []struct {
		name string
		tok  starter
		same bool // the identity survived
	}{
		{"Message", msgToken.StartedAt(at), msgToken.StartedAt(at).TopicPartition == orders},
		{"Event", eventToken.StartedAt(at), eventToken.StartedAt(at).Stream == agent},
		{"Send", sendToken.StartedAt(at), sendToken.StartedAt(at).Topic == "out"},
		{"Commit", Commit{}.StartedAt(at), true},
		{"Assignment", Assignment{}.StartedAt(at), true},
		{"Rebalance", Rebalance{}.StartedAt(at), true},
		{"WebRequest", webToken.StartedAt(at), webToken.StartedAt(at).Route == webToken.Route},
		{"Handle", handleToken.StartedAt(at), handleToken.StartedAt(at).Size == 10},
		{"Batch", batchToken.StartedAt(at), batchToken.StartedAt(at).Stream == "clicks"},
	} {
		t.Run(c.name, func(t *testing.T) {
			eq(t, "started", c.tok.Started(), true)
			eq(t, "identity kept", c.same, true)
			if d := c.tok.Start().Sub(at); d < -time.Microsecond || d > time.Microsecond {
				t.Errorf("start is %v off the time given", d)
			}
			if e := c.tok.Elapsed(); e < ago || e > ago+time.Minute {
				t.Errorf("elapsed %v, want about %v", e, ago)
			}
		})
	}
	t.Run("before the process started", func(t *testing.T) {
		before := epoch.Add(-time.Hour)
		tok := Send{}.StartedAt(before)
		eq(t, "started", tok.Started(), true)
		eq(t, "start kept", tok.Start().Equal(before), true)
		if e := tok.Elapsed(); e < time.Hour {
			t.Errorf("elapsed %v, want over an hour", e)
		}
	})
	t.Run("the zero Time", func(t *testing.T) {
		eq(t, "started", Send{}.StartedAt(time.Time{}).Started(), false)
	})
}

// TestStartedAtIsRecorded checks that a token given a start in the past
// ends with the duration since: clients that report a duration after the
// fact get it in the histograms.
func TestStartedAtIsRecorded(t *testing.T) {
	ago := sinceStart(200 * time.Millisecond)
	for _, c := range []struct {
		name   string
		end    func(w *rig, at time.Time)
		metric string
	}{
		{"send", func(w *rig, at time.Time) {
			w.OnSendCompleted(ctx, w.OnSendInitiated(ctx, "out").StartedAt(at), 0, 1)
		}, semconv.OperationDuration},
		{"commit", func(w *rig, at time.Time) {
			w.OnCommitCompleted(ctx, w.OnCommitInitiated(ctx).StartedAt(at), nil)
		}, semconv.OperationDuration},
		{"batch", func(w *rig, at time.Time) {
			w.OnBatchSent(ctx, Batch{Stream: "out"}.StartedAt(at), 1, 1, nil)
		}, semconv.OperationDuration},
		{"event", func(w *rig, at time.Time) {
			w.OnStreamEventOut(ctx, w.OnStreamEventIn(ctx, msgToken, agent).StartedAt(at), nil)
		}, semconv.ProcessDuration},
		{"handle", func(w *rig, at time.Time) {
			w.OnHandleEnd(ctx, Handle{Destination: "q"}.StartedAt(at), StatusAcked, nil)
		}, semconv.ProcessDuration},
		{"web request", func(w *rig, at time.Time) {
			w.OnWebRequestEnd(ctx, webToken.StartedAt(at), 200)
		}, semconv.HTTPServerDuration},
		{"assignment", func(w *rig, at time.Time) {
			w.OnAssignmentCompleted(ctx, Assignment{}.StartedAt(at))
		}, semconv.AssignmentTime},
		{"rebalance", func(w *rig, at time.Time) {
			w.OnRebalanceEnd(ctx, Rebalance{}.StartedAt(at))
		}, semconv.RebalanceTime},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := newRig(t)
			w.mon.now = now // the real clock
			c.end(w, time.Now().Add(-ago))
			h, ok := w.collect(t).Histogram(c.metric)
			if !ok || h.Count != 1 || h.Sum < ago.Seconds() || h.Sum > ago.Seconds()+30 {
				t.Errorf("%s = %+v (found %v), want one duration of about %v", c.metric, h, ok, ago)
			}
		})
	}
}
