package middleware

import (
	"context"
	"fmt"

	"github.com/streamotel/streamotel/otelsensor"
)

// Option configures a wrapper.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	sensor *otelsensor.Sensor
	size   any // func(M) int
}

// WithSensor makes the wrapper report to s instead of otelsensor.Default().
func WithSensor(s *otelsensor.Sensor) Option {
	return optionFunc(func(c *config) { c.sensor = s })
}

// WithSize sets how the wrapper measures a message body. Without it, a
// []byte or string message is measured by its length and other messages are
// not measured. A size function for another message type than the
// wrapper's is ignored.
func WithSize[M any](size func(M) int) Option {
	return optionFunc(func(c *config) { c.size = size })
}

// sizer returns the size function of the configuration for messages of
// type M.
func sizer[M any](c *config) func(M) int {
	if f, ok := c.size.(func(M) int); ok {
		return f
	}
	return lenOf[M]
}

// lenOf returns the length of a []byte or string message, -1 for others.
// It looks at msg through a pointer so that msg stays on the stack.
func lenOf[M any](msg M) int {
	switch p := any(&msg).(type) {
	case *[]byte:
		return len(*p)
	case *string:
		return len(*p)
	}
	return -1
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// get returns the configured sensor, or the default one at call time.
func (c *config) get() *otelsensor.Sensor {
	if c.sensor != nil {
		return c.sensor
	}
	return otelsensor.Default()
}

// Handler wraps fn, the handler of messages from destination, so that each
// call reports to the sensor's handler callbacks: the message is received
// (with its size, see WithSize) and in process until fn returns, then settled
// by what fn returned (see StatusOf). A panic in fn is reported as
// StatusError and panics on. fn's error is returned unchanged. A disabled
// sensor (the default before otelsensor.SetDefault) costs a nil check.
func Handler[M any](destination string, fn func(context.Context, M) error, opts ...Option) func(context.Context, M) error {
	c := newConfig(opts)
	size := sizer[M](&c)
	return func(ctx context.Context, msg M) (err error) {
		s := c.get()
		if s == nil {
			return fn(ctx, msg)
		}
		h := s.OnHandleStart(ctx, destination, size(msg))
		done := false
		defer func() {
			if done {
				return
			}
			v := recover()
			s.OnHandleEnd(ctx, h, otelsensor.StatusError, panicError(v))
			if v != nil { // nil: fn called runtime.Goexit, which goes on
				panic(v)
			}
		}()
		err = fn(ctx, msg)
		done = true
		status := StatusOf(err)
		var failure error
		if status == otelsensor.StatusError {
			failure = err
		}
		s.OnHandleEnd(ctx, h, status, failure)
		return err
	}
}

// Publisher wraps fn, which publishes messages to destination, so that each
// call reports to the sensor's send callbacks (OnSendInitiated, then
// OnSendCompleted, with no partition or offset, or OnSendError with fn's
// error): messages published by error type and the publish duration. A panic
// in fn is reported as a failed send and panics on.
func Publisher[M any](destination string, fn func(context.Context, M) error, opts ...Option) func(context.Context, M) error {
	c := newConfig(opts)
	return func(ctx context.Context, msg M) (err error) {
		s := c.get()
		if s == nil {
			return fn(ctx, msg)
		}
		snd := s.OnSendInitiated(ctx, destination)
		done := false
		defer func() {
			if done {
				return
			}
			v := recover()
			s.OnSendError(ctx, snd, panicError(v))
			if v != nil {
				panic(v)
			}
		}()
		err = fn(ctx, msg)
		done = true
		if err != nil {
			s.OnSendError(ctx, snd, err)
		} else {
			s.OnSendCompleted(ctx, snd, -1, -1)
		}
		return err
	}
}

// PanicError is what a panicking handler or publisher is reported with when
// the panic value is not an error; its error.type is "panic".
type PanicError struct {
	// Value is the value the handler panicked with.
	Value any
}

func (e PanicError) Error() string     { return fmt.Sprintf("panic: %v", e.Value) }
func (e PanicError) ErrorType() string { return "panic" }

// panicError returns the error a panic with value v is reported with: v
// itself when it is an error, a PanicError otherwise. A nil v is a
// runtime.Goexit (a panic(nil) recovers as *runtime.PanicNilError).
func panicError(v any) error {
	if err, ok := v.(error); ok {
		return err
	}
	if v == nil {
		return PanicError{Value: "runtime.Goexit"}
	}
	return PanicError{Value: v}
}
