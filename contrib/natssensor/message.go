package natssensor

import (
	"context"
	"sync"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/streamotel/streamotel/otelsensor"
)

// message is the jetstream.Msg a wrapped handler receives: it forwards every
// call to the delivered message and records how the handler settled it.
type message struct {
	jetstream.Msg

	sensor *otelsensor.Sensor
	tok    otelsensor.Handle

	mu       sync.Mutex
	settled  bool              // a final settlement was tried
	status   otelsensor.Status // how, when settled
	err      error             // why it failed, for StatusError
	progress bool              // InProgress was called
	kept     bool              // the handler returned it in progress
	ended    bool              // OnHandleEnd was called
}

var messages = sync.Pool{New: func() any { return new(message) }}

func newMessage(s *otelsensor.Sensor, m jetstream.Msg, tok otelsensor.Handle) *message {
	w := messages.Get().(*message)
	w.Msg, w.sensor, w.tok = m, s, tok
	return w
}

// returned ends the handler's part: err is what the handler returned (or
// errPanic). A message settled by then is ended with its status and reused;
// one in progress is kept until it is settled; one never settled is skipped
// and left to the handler, which may still hold it.
func (w *message) returned(err error) {
	w.mu.Lock()
	status, failure := w.status, w.err
	switch {
	case err != nil:
		status, failure = otelsensor.StatusError, err
	case w.settled:
	case w.progress:
		w.kept = true
		w.mu.Unlock()
		return
	default:
		status = otelsensor.StatusSkipped
	}
	w.ended = true
	reuse := w.settled
	w.mu.Unlock()
	w.sensor.OnHandleEnd(context.Background(), w.tok, status, failure)
	if reuse {
		*w = message{}
		messages.Put(w)
	}
}

// settle records a final settlement that returned err; the first one counts.
// A message the handler kept in progress ends here.
func (w *message) settle(status otelsensor.Status, err error) error {
	w.mu.Lock()
	if w.settled {
		w.mu.Unlock()
		return err
	}
	w.settled = true
	w.status = status
	if err != nil {
		w.status, w.err = otelsensor.StatusError, typed(err)
	}
	end := w.kept && !w.ended
	w.ended = w.ended || end
	w.mu.Unlock()
	if end {
		w.sensor.OnHandleEnd(context.Background(), w.tok, w.status, w.err)
	}
	return err
}

// Ack acknowledges the message, as jetstream.Msg's Ack does.
func (w *message) Ack() error { return w.settle(otelsensor.StatusAcked, w.Msg.Ack()) }

// DoubleAck acknowledges the message and waits for the server to confirm,
// as jetstream.Msg's DoubleAck does.
func (w *message) DoubleAck(ctx context.Context) error {
	return w.settle(otelsensor.StatusAcked, w.Msg.DoubleAck(ctx))
}

// Nak asks for the message to be redelivered, as jetstream.Msg's Nak does.
func (w *message) Nak() error { return w.settle(otelsensor.StatusNacked, w.Msg.Nak()) }

// NakWithDelay asks for the message to be redelivered after delay, as
// jetstream.Msg's NakWithDelay does.
func (w *message) NakWithDelay(delay time.Duration) error {
	return w.settle(otelsensor.StatusNacked, w.Msg.NakWithDelay(delay))
}

// Term tells the server never to redeliver the message, as jetstream.Msg's
// Term does.
func (w *message) Term() error { return w.settle(otelsensor.StatusRejected, w.Msg.Term()) }

// TermWithReason is Term with a reason, as jetstream.Msg's TermWithReason.
func (w *message) TermWithReason(reason string) error {
	return w.settle(otelsensor.StatusRejected, w.Msg.TermWithReason(reason))
}

// InProgress tells the server the message is being worked on, as
// jetstream.Msg's InProgress does; the message stays in process until it is
// settled.
func (w *message) InProgress() error {
	err := w.Msg.InProgress()
	if err == nil {
		w.mu.Lock()
		w.progress = true
		w.mu.Unlock()
	}
	return err
}
