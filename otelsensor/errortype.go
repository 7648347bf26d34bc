package otelsensor

import (
	"errors"
	"fmt"
	"reflect"
	"sync"

	otel "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/streamotel/streamotel/semconv"
)

// maxErrorTypes bounds the distinct error.type values a Monitor reports;
// further types are reported as _OTHER.
const maxErrorTypes = 32

// errorTypes turns errors into low-cardinality error.type values as the
// conventions describe them: an ErrorType() string method wins, otherwise the
// package-qualified type name of the error, fmt wrappers removed. The value
// for each dynamic type is computed once; later lookups do not allocate.
type errorTypes struct {
	mu     sync.Mutex
	byType map[reflect.Type]string
	seen   map[string]struct{}
}

var fmtWrapType = reflect.TypeOf(fmt.Errorf("w: %w", errors.New("e")))

func (e *errorTypes) of(err error) string {
	if et, ok := err.(interface{ ErrorType() string }); ok {
		if s := et.ErrorType(); s != "" {
			return e.bound(s)
		}
	}
	for reflect.TypeOf(err) == fmtWrapType {
		u := errors.Unwrap(err)
		if u == nil {
			break
		}
		err = u
	}
	t := reflect.TypeOf(err)
	e.mu.Lock()
	s, ok := e.byType[t]
	e.mu.Unlock()
	if ok {
		return s
	}
	s = e.bound(otel.ErrorType(err).Value.AsString())
	e.mu.Lock()
	if e.byType == nil {
		e.byType = make(map[reflect.Type]string)
	}
	if len(e.byType) < 4*maxErrorTypes {
		e.byType[t] = s
	}
	e.mu.Unlock()
	return s
}

// bound returns s while fewer than maxErrorTypes values were seen, _OTHER
// after.
func (e *errorTypes) bound(s string) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, ok := e.seen[s]; ok {
		return s
	}
	if len(e.seen) >= maxErrorTypes {
		return semconv.ErrorTypeOther
	}
	if e.seen == nil {
		e.seen = make(map[string]struct{})
	}
	e.seen[s] = struct{}{}
	return s
}
