package middleware

import (
	"errors"

	"github.com/streamotel/streamotel/otelsensor"
)

// Errors a handler returns to settle its message other than by acking it.
// They are not failures: they are counted by status only.
var (
	// ErrNack asks for the message to be redelivered.
	ErrNack error = outcomeError{otelsensor.StatusNacked}
	// ErrReject asks for the message to be dropped (or dead-lettered).
	ErrReject error = outcomeError{otelsensor.StatusRejected}
	// ErrSkip says the handler ignored the message.
	ErrSkip error = outcomeError{otelsensor.StatusSkipped}
)

// Outcomer is implemented by errors that say how the message is settled, so
// that an application's own error types can nack, reject or skip. An
// Outcome of StatusError makes the error a failure.
type Outcomer interface {
	Outcome() otelsensor.Status
}

type outcomeError struct{ s otelsensor.Status }

func (e outcomeError) Error() string              { return "middleware: " + e.s.String() }
func (e outcomeError) Outcome() otelsensor.Status { return e.s }

// StatusOf returns how a handler that returned err settled its message: acked
// for nil, the Outcome of the first error in err's tree (as errors.As walks
// it) that has one, and StatusError otherwise. It does not allocate.
func StatusOf(err error) otelsensor.Status {
	if err == nil {
		return otelsensor.StatusAcked
	}
	if s, ok := outcome(err); ok {
		return s
	}
	return otelsensor.StatusError
}

func outcome(err error) (otelsensor.Status, bool) {
	for err != nil {
		if o, ok := err.(Outcomer); ok {
			return o.Outcome(), true
		}
		if multi, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range multi.Unwrap() {
				if s, ok := outcome(e); ok {
					return s, true
				}
			}
			return 0, false
		}
		err = errors.Unwrap(err)
	}
	return 0, false
}
