package otelsensor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"syscall"
	"testing"

	"github.com/streamotel/streamotel/semconv"
)

// busy gives its own error.type.
type busy struct{}

func (busy) Error() string     { return "broker busy" }
func (busy) ErrorType() string { return "broker_busy" }

// timeoutError is a net.Error; timeout says whether it timed out.
type timeoutError struct{ timeout bool }

func (e timeoutError) Error() string   { return "i/o" }
func (e timeoutError) Timeout() bool   { return e.timeout }
func (e timeoutError) Temporary() bool { return false }

var _ net.Error = timeoutError{}

// emptyType has an ErrorType, but an empty one.
type emptyType struct{}

func (emptyType) Error() string     { return "empty" }
func (emptyType) ErrorType() string { return "" }

func TestErrorTypeNames(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"errors.New", errors.New("boom"), semconv.ErrorTypeOther},
		{"fmt.Errorf", fmt.Errorf("boom %d", 1), semconv.ErrorTypeOther},
		{"wrapped errors.New", fmt.Errorf("read: %w", errors.New("boom")), semconv.ErrorTypeOther},
		{"context.Canceled", context.Canceled, "canceled"},
		{"wrapped context.Canceled", fmt.Errorf("poll: %w", context.Canceled), "canceled"},
		{"context.DeadlineExceeded", context.DeadlineExceeded, "deadline_exceeded"},
		{"net.Error timeout", timeoutError{timeout: true}, "timeout"},
		{"wrapped net.Error timeout", &net.OpError{Op: "read", Net: "tcp", Err: timeoutError{timeout: true}}, "timeout"},
		{"net.Error, no timeout", timeoutError{}, "github.com/streamotel/streamotel/otelsensor.timeoutError"},
		{"os.ErrDeadlineExceeded", os.ErrDeadlineExceeded, "timeout"},
		{"io.EOF", io.EOF, "eof"},
		{"wrapped io.EOF", fmt.Errorf("decode: %w", io.EOF), "eof"},
		{"io.ErrUnexpectedEOF", io.ErrUnexpectedEOF, "unexpected_eof"},
		{"net.ErrClosed", net.ErrClosed, "closed"},
		{"ECONNREFUSED", &os.SyscallError{Syscall: "connect", Err: syscall.ECONNREFUSED}, "connection_refused"},
		{"ECONNRESET", syscall.ECONNRESET, "connection_reset"},
		{"EPIPE", syscall.EPIPE, "broken_pipe"},
		{"ErrorType", busy{}, "broker_busy"},
		{"ErrorType wrapped", fmt.Errorf("send: %w", busy{}), "broker_busy"},
		{"ErrorType joined second", errors.Join(errors.New("a"), busy{}), "broker_busy"},
		{"first named error of a join", errors.Join(io.EOF, busy{}), "eof"},
		{"empty ErrorType", emptyType{}, "github.com/streamotel/streamotel/otelsensor.emptyType"},
		{"type name", decodeError{}, decodeErrorType},
		{"pointer type name", &net.DNSError{Err: "no such host"}, "*net.DNSError"},
		{"joined", errors.Join(decodeError{}), decodeErrorType},
	} {
		t.Run(c.name, func(t *testing.T) {
			var e errorTypes
			eq(t, "error.type", e.of(c.err), c.want)
			eq(t, "error.type from the cache", e.of(c.err), c.want)
		})
	}
}

// TestErrorTypeCacheFollowsTheChain is issue 11's bug 2: the cache of
// error types was keyed by the outer error's type, so after
// errors.Join(busy{}) every joined error, errors.Join(io.EOF) included, was
// broker_busy.
func TestErrorTypeCacheFollowsTheChain(t *testing.T) {
	sequence := []struct {
		err  error
		want string
	}{
		{errors.Join(busy{}), "broker_busy"},
		{errors.Join(io.EOF), "eof"},
		{errors.Join(decodeError{}), decodeErrorType},
		{errors.Join(errors.New("x")), semconv.ErrorTypeOther},
		{fmt.Errorf("a: %w", busy{}), "broker_busy"},
		{fmt.Errorf("a: %w", context.Canceled), "canceled"},
		{&net.OpError{Op: "dial", Err: timeoutError{timeout: true}}, "timeout"},
		{&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, "connection_refused"},
		{errors.Join(busy{}), "broker_busy"},
	}
	var e errorTypes
	for i, c := range sequence {
		eq(t, fmt.Sprintf("error.type of error %d (%v)", i, c.err), e.of(c.err), c.want)
	}

	w := newRig(t)
	w.OnSendError(ctx, w.OnSendInitiated(ctx, "out"), errors.Join(busy{}))
	w.OnSendError(ctx, w.OnSendInitiated(ctx, "out"), errors.Join(io.EOF))
	got := w.collect(t)
	wantValue(t, got, semconv.SendErrors, 1, errType("broker_busy"))
	wantValue(t, got, semconv.SendErrors, 1, errType("eof"))
}

// cyclic unwraps to itself.
type cyclic struct{}

func (c *cyclic) Error() string { return "cycle" }
func (c *cyclic) Unwrap() error { return c }

func TestErrorTypeOfACycle(t *testing.T) {
	var e errorTypes
	eq(t, "error.type", e.of(&cyclic{}), "*otelsensor.cyclic")
}

// BenchmarkSendErrorParallel measures a typed-error callback from several
// goroutines (issue 12's weakness 3: they took one mutex per Monitor). Run
// with -cpu 1,2: the time per call should not grow with the goroutines.
func BenchmarkSendErrorParallel(b *testing.B) {
	w := newRig(b)
	w.OnSendError(ctx, w.OnSendInitiated(ctx, "out"), throttled{})
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			w.OnSendError(ctx, w.OnSendInitiated(ctx, "out"), throttled{})
		}
	})
}

func TestWithErrorType(t *testing.T) {
	base := fmt.Errorf("send: %w", io.EOF)
	err := WithErrorType(base, "broker_busy")
	if err.Error() != base.Error() || !errors.Is(err, io.EOF) {
		t.Errorf("WithErrorType(%v) reads %q and unwraps to io.EOF: %v", base, err, errors.Is(err, io.EOF))
	}
	if got := ErrorType(fmt.Errorf("retry: %w", err)); got != "broker_busy" {
		t.Errorf("ErrorType of a wrapped typed error = %q, want broker_busy", got)
	}
	if got := WithErrorType(base, ""); got != base {
		t.Errorf("WithErrorType with no type = %v, want the error itself", got)
	}
	if got := WithErrorType(nil, "x"); got != nil {
		t.Errorf("WithErrorType(nil) = %v, want nil", got)
	}
}
