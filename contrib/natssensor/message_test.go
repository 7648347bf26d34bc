package natssensor

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/streamotel/streamotel/otelsensor"
)

func TestHandlerSettlements(t *testing.T) {
	for _, tc := range []struct {
		name    string
		settle  func(jetstream.Msg) error
		fails   error // what the client's settlement returns
		status  otelsensor.Status
		errType string
	}{
		{"ack", jetstream.Msg.Ack, nil, otelsensor.StatusAcked, ""},
		{"double ack", func(m jetstream.Msg) error { return m.DoubleAck(context.Background()) }, nil, otelsensor.StatusAcked, ""},
		{"nak", jetstream.Msg.Nak, nil, otelsensor.StatusNacked, ""},
		{"nak with delay", func(m jetstream.Msg) error { return m.NakWithDelay(time.Second) }, nil, otelsensor.StatusNacked, ""},
		{"term", jetstream.Msg.Term, nil, otelsensor.StatusRejected, ""},
		{"term with reason", func(m jetstream.Msg) error { return m.TermWithReason("bad") }, nil, otelsensor.StatusRejected, ""},
		{"none", func(jetstream.Msg) error { return nil }, nil, otelsensor.StatusSkipped, ""},
		{"first counts", func(m jetstream.Msg) error { _ = m.Nak(); return m.Ack() }, nil, otelsensor.StatusNacked, ""},
		{"failed ack", jetstream.Msg.Ack, nats.ErrConnectionClosed, otelsensor.StatusError, "connection_closed"},
		{"error after ack", func(m jetstream.Msg) error { _ = m.Ack(); return errHandler }, nil, otelsensor.StatusError, "untyped"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder()
			msg := newFakeMsg()
			msg.err = tc.fails
			HandlerFunc(otelsensor.NewSensor(rec), func(m jetstream.Msg) error {
				err := tc.settle(m)
				if tc.fails != nil && !errors.Is(err, tc.fails) {
					t.Errorf("settling returned %v, want the client's %v", err, tc.fails)
				}
				if tc.fails != nil {
					return nil
				}
				return err
			})(msg)
			defer rec.lock()()
			if got := rec.handled["ORDERS"][tc.status]; got != 1 || rec.active != 0 {
				t.Errorf("handled %v with %d active, want one %v", rec.handled, rec.active, tc.status)
			}
			if tc.errType != "" && rec.handleErrs[tc.errType] != 1 {
				t.Errorf("errors %v, want one %s", rec.handleErrs, tc.errType)
			}
		})
	}
}

func TestHandlerPanicGoesOn(t *testing.T) {
	rec := newRecorder()
	handle := Handler(otelsensor.NewSensor(rec), func(jetstream.Msg) { panic("boom") })
	func() {
		defer func() {
			if v := recover(); v != "boom" {
				t.Errorf("recovered %v, want the handler's own panic", v)
			}
		}()
		handle(newFakeMsg())
	}()
	defer rec.lock()()
	if rec.handled["ORDERS"][otelsensor.StatusError] != 1 || rec.handleErrs["panic"] != 1 {
		t.Errorf("handled %v, errors %v: want one error of type panic", rec.handled, rec.handleErrs)
	}
}

// TestHandlerInProgressSettledConcurrently settles messages kept in progress
// from other goroutines, racing the handler's return.
func TestHandlerInProgressSettledConcurrently(t *testing.T) {
	rec := newRecorder()
	var wg sync.WaitGroup
	handle := Handler(otelsensor.NewSensor(rec), func(m jetstream.Msg) {
		_ = m.InProgress()
		wg.Go(func() { _ = m.Ack() })
	})
	const n = 1000
	for range n {
		handle(newFakeMsg())
	}
	wg.Wait()
	defer rec.lock()()
	if rec.handled["ORDERS"][otelsensor.StatusAcked] != n || rec.active != 0 {
		t.Errorf("handled %v with %d active, want %d acked", rec.handled, rec.active, n)
	}
}

func TestHandlerOnNilSensor(t *testing.T) {
	msg := newFakeMsg()
	var got jetstream.Msg
	Handler(nil, func(m jetstream.Msg) { got = m })(msg)
	if got != jetstream.Msg(msg) {
		t.Errorf("the handler got %T, want the message itself", got)
	}
}

func TestHandlerWithDestination(t *testing.T) {
	rec := newRecorder()
	Handler(otelsensor.NewSensor(rec), ack, WithDestination("audit"))(newFakeMsg())
	defer rec.lock()()
	if rec.handled["audit"][otelsensor.StatusAcked] != 1 {
		t.Errorf("handled %v, want one acked under audit", rec.handled)
	}
	if rec.lag[otelsensor.TopicPartition{Topic: "ORDERS"}] != 9 {
		t.Errorf("lag %v, want 9 for the stream ORDERS whatever the destination", rec.lag)
	}
}
