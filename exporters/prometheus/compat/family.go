package compat

import (
	"go.opentelemetry.io/otel/attribute"

	promclient "github.com/prometheus/client_golang/prometheus"

	sc "github.com/streamotel/streamotel/semconv"
)

// kind is a peer metric's Prometheus type.
type kind uint8

const (
	counter kind = iota
	gauge
	histogram
)

// family is one metric of a peer: its name after the prefix (a counter's
// without _total, as the Python client takes it), help, type, labels, and
// where its values come from.
type family struct {
	name   string
	help   string
	kind   kind
	labels []label
	// sources add up to a counter's or gauge's value.
	sources []source
	// latest makes series that fold into one peer series take the largest
	// value instead of the sum: for positions such as offsets.
	latest bool
	// hist is a histogram's source; bounds are the peer's boundaries, in
	// the peer's unit, which is scale times the source's.
	hist   source
	scale  float64
	bounds []float64
}

// label is one of a peer metric's labels and how its value is made from a
// series' attributes and the application name.
type label struct {
	name  string
	value func(attrs attribute.Set, app string) string
}

// source selects the series of one instrument that feed a peer metric.
type source struct {
	from  string
	where func(attribute.Set) bool // nil: every series
	// count takes a histogram's count instead of a number's value.
	count bool
	// negate subtracts the value.
	negate bool
}

func (s source) takes(attrs attribute.Set) bool {
	return s.where == nil || s.where(attrs)
}

// fullName is the name of the family's samples with prefix p: counters end
// in _total.
func (f *family) fullName(p string) string {
	if f.kind == counter {
		return p + "_" + f.name + "_total"
	}
	return p + "_" + f.name
}

// createdName is the name of the gauge the Python client adds to counters
// and histograms, with the time each series started; "" for gauges.
func (f *family) createdName(p string) string {
	if f.kind == gauge {
		return ""
	}
	return p + "_" + f.name + "_created"
}

func (f *family) labelNames() []string {
	names := make([]string, len(f.labels))
	for i, l := range f.labels {
		names[i] = l.name
	}
	return names
}

// descs returns the descriptions of the family's samples with prefix p:
// the family's, then its _created gauge's, if any.
func (f *family) descs(p string) (main, created *promclient.Desc) {
	names := f.labelNames()
	main = promclient.NewDesc(f.fullName(p), f.help, names, nil)
	if n := f.createdName(p); n != "" {
		created = promclient.NewDesc(n, f.help, names, nil)
	}
	return main, created
}

// valuesOf returns the peer's label values for a series.
func (f *family) valuesOf(attrs attribute.Set, app string) []string {
	vs := make([]string, len(f.labels))
	for i, l := range f.labels {
		vs[i] = l.value(attrs, app)
	}
	return vs
}

// Label value makers.

// attr is the value of key, "" if the series does not have it (as the
// overflow series past the cardinality limit).
func attr(key attribute.Key) func(attribute.Set, string) string {
	return func(s attribute.Set, _ string) string {
		v, _ := s.Value(key)
		return v.Emit()
	}
}

// prefixed is the value of key after a fixed text, as Faust's topic.orders.
func prefixed(before string, key attribute.Key) func(attribute.Set, string) string {
	return func(s attribute.Set, _ string) string {
		v, _ := s.Value(key)
		return before + v.Emit()
	}
}

// present is yes when the series has key, else no.
func present(key attribute.Key, yes, no string) func(attribute.Set, string) string {
	return func(s attribute.Set, _ string) string {
		if s.HasValue(key) {
			return yes
		}
		return no
	}
}

// mapped is the value of key translated by m; values m does not have
// stay as they are.
func mapped(key attribute.Key, m map[string]string) func(attribute.Set, string) string {
	return func(s attribute.Set, _ string) string {
		v, _ := s.Value(key)
		if to, ok := m[v.Emit()]; ok {
			return to
		}
		return v.Emit()
	}
}

// appName is the application name.
func appName(_ attribute.Set, app string) string { return app }

// Series selectors.

var (
	// isSend selects sends among the client operations (not commits).
	isSend = is(sc.MessagingOperationName, sc.OperationSend)
	// failed selects the series of failures.
	failed = has(sc.ErrorType)
)

// is selects the series whose key has the value v.
func is(key attribute.Key, v string) func(attribute.Set) bool {
	return func(s attribute.Set) bool {
		got, ok := s.Value(key)
		return ok && got.Emit() == v
	}
}

// has selects the series that have key.
func has(key attribute.Key) func(attribute.Set) bool {
	return func(s attribute.Set) bool { return s.HasValue(key) }
}

// not selects the series that f does not.
func not(f func(attribute.Set) bool) func(attribute.Set) bool {
	return func(s attribute.Set) bool { return !f(s) }
}

// and selects the series that every f selects.
func and(fs ...func(attribute.Set) bool) func(attribute.Set) bool {
	return func(s attribute.Set) bool {
		for _, f := range fs {
			if !f(s) {
				return false
			}
		}
		return true
	}
}
