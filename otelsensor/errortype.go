package otelsensor

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"reflect"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/streamotel/streamotel/internal/series"
	"github.com/streamotel/streamotel/semconv"
)

// maxErrorTypes bounds the distinct error.type values a Monitor reports;
// further types are reported as _OTHER.
const maxErrorTypes = 32

// errorTypes turns errors into low-cardinality error.type values, looking
// down the error's chain (Unwrap, and the first of a joined list) as the
// conventions do:
//
//  1. the ErrorType() string of the first error in the chain that has one;
//  2. a name for the standard library's errors: "canceled",
//     "deadline_exceeded", "timeout" (a net.Error that timed out), "eof",
//     "unexpected_eof", "closed", "connection_refused", "connection_reset",
//     "broken_pipe";
//  3. the package-qualified type name of the innermost error that is not a
//     wrapper; a plain errors.New or fmt.Errorf error tells nothing, and is
//     _OTHER.
//
// Values are cleaned as names are, and bounded: past maxErrorTypes distinct
// values, _OTHER. No lock is taken once a type was seen.
type errorTypes struct {
	once   sync.Once
	seen   *series.Map[string, string] // value as given -> cleaned and bounded
	byType sync.Map                    // reflect.Type -> string, for types named by their type
	cached atomic.Int64                // entries of byType
}

type errorTyper interface{ ErrorType() string }

var (
	errorStringType = reflect.TypeOf(errors.New(""))
	other           = semconv.ErrorTypeOther
)

// ErrorType returns the error.type the Monitor reports for err, by the rules
// of errorTypes but unbounded, so that logs and other hooks name errors as
// the metrics do: an ErrorType() method in err's chain, the name of a
// standard library error, or the type name of the innermost error that is
// not a wrapper (_OTHER for a plain errors.New error), cleaned. A nil err is
// "".
func ErrorType(err error) string {
	if err == nil {
		return ""
	}
	if s := find(err, 0); s != "" {
		return cleanErrorType(s)
	}
	if t := reflect.TypeOf(innermost(err)); t != errorStringType {
		return cleanErrorType(typeName(t))
	}
	return other
}

func (e *errorTypes) of(err error) string {
	e.once.Do(func() {
		e.seen = series.New(maxErrorTypes, func(s string) *string { return &s },
			func() *string { return &other }).WithClean(cleanErrorType)
	})
	if s := find(err, 0); s != "" {
		return *e.seen.Get(s)
	}
	t := reflect.TypeOf(innermost(err))
	if s, ok := e.byType.Load(t); ok {
		return s.(string)
	}
	s := other
	if t != errorStringType {
		s = *e.seen.Get(typeName(t))
	}
	if e.cached.Add(1) <= 4*maxErrorTypes {
		e.byType.Store(t, s)
	}
	return s
}

// cleanErrorType cleans an error.type value; an empty one is _OTHER.
func cleanErrorType(s string) string {
	if s == "" {
		return other
	}
	return clean(s)
}

// maxDepth bounds the walk down an error's chain, against cycles.
const maxDepth = 32

// find returns the ErrorType of the first error in err's chain that has a
// non-empty one, or the name of the first standard error in it, or "".
func find(err error, depth int) string {
	for ; err != nil && depth < maxDepth; depth++ {
		if et, ok := err.(errorTyper); ok {
			if s := et.ErrorType(); s != "" {
				return s
			}
		}
		if s := stdName(err); s != "" {
			return s
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				if s := find(inner, depth+1); s != "" {
					return s
				}
			}
			return ""
		default:
			return ""
		}
	}
	return ""
}

// stdName returns the error.type of a standard library error, or "".
func stdName(err error) string {
	switch err {
	case context.Canceled:
		return "canceled"
	case context.DeadlineExceeded:
		return "deadline_exceeded"
	case os.ErrDeadlineExceeded:
		return "timeout"
	case io.EOF:
		return "eof"
	case io.ErrUnexpectedEOF:
		return "unexpected_eof"
	case net.ErrClosed, os.ErrClosed:
		return "closed"
	case syscall.ECONNREFUSED:
		return "connection_refused"
	case syscall.ECONNRESET:
		return "connection_reset"
	case syscall.EPIPE:
		return "broken_pipe"
	}
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		return "timeout"
	}
	return ""
}

// innermost returns the innermost error of err's chain that is not a
// wrapper, following the first error of a joined list.
func innermost(err error) error {
	for depth := 0; depth < maxDepth; depth++ {
		var next error
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			next = u.Unwrap()
		case interface{ Unwrap() []error }:
			if list := u.Unwrap(); len(list) > 0 {
				next = list[0]
			}
		}
		if next == nil || !isWrapper(err) {
			return err
		}
		err = next
	}
	return err
}

// isWrapper reports whether err only wraps others: the standard library's
// fmt.Errorf("...%w...") and errors.Join errors.
func isWrapper(err error) bool {
	switch reflect.TypeOf(err).String() {
	case "*fmt.wrapError", "*fmt.wrapErrors", "*errors.joinError":
		return true
	}
	return false
}

// typeName is the package-qualified name of t, as the conventions name a
// type.
func typeName(t reflect.Type) string {
	if pkg, name := t.PkgPath(), t.Name(); pkg != "" && name != "" {
		return pkg + "." + name
	}
	return t.String()
}

// errUnknown stands for the nil error of an error callback.
var errUnknown = WithErrorType(errors.New("unknown"), "unknown")

// WithErrorType returns err with typ as its error.type: an error that reads
// and unwraps as err and whose ErrorType method returns typ, so that the
// Monitor, ErrorType and the hooks report it under typ. It is how a client
// adapter names its client's errors. A nil err, or an empty typ, returns err
// as it is.
func WithErrorType(err error, typ string) error {
	if err == nil || typ == "" {
		return err
	}
	return typedError{err: err, typ: typ}
}

// typedError is an error given its error.type by WithErrorType.
type typedError struct {
	err error
	typ string
}

func (e typedError) Error() string     { return e.err.Error() }
func (e typedError) Unwrap() error     { return e.err }
func (e typedError) ErrorType() string { return e.typ }
