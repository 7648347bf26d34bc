package statsd

import (
	"math"
	"strconv"

	"go.opentelemetry.io/otel/attribute"
)

// Metric types of the StatsD protocol.
const (
	typeCounter = "c"
	typeGauge   = "g"
	typeTimer   = "ms"
)

// encoder writes StatsD lines. It keeps its buffers between exports so that a
// steady set of series is encoded without allocating.
type encoder struct {
	flavor Flavor
	prefix []byte // sanitised, with its trailing '.', or empty
	name   []byte // prefix and sanitised instrument name of the current metric
	raw    []byte // scratch for names, keys and values before sanitising
	line   []byte // the line (or gauge line pair) being built
}

func newEncoder(flavor Flavor, prefix string) *encoder {
	e := &encoder{flavor: flavor}
	if prefix != "" {
		e.prefix = append(appendSanitised(nil, []byte(prefix), className), '.')
	}
	return e
}

// setName starts a new metric: the lines that follow carry its name.
func (e *encoder) setName(name string) {
	e.raw = append(e.raw[:0], name...)
	e.name = appendSanitised(append(e.name[:0], e.prefix...), e.raw, className)
}

// counter builds a counter line for a delta; it reports false for a value
// that cannot be sent (NaN, ±Inf).
func (e *encoder) counter(attrs *attribute.Set, v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	e.line = e.appendLine(e.line[:0], attrs, v, typeCounter, 0)
	return true
}

// gauge builds a gauge line, or for a negative value the line pair that sets
// it (zero first, since "-v" alone is a decrement).
func (e *encoder) gauge(attrs *attribute.Set, v float64) bool {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return false
	}
	e.line = e.line[:0]
	if v < 0 {
		e.line = append(e.appendLine(e.line, attrs, 0, typeGauge, 0), '\n')
	}
	e.line = e.appendLine(e.line, attrs, v, typeGauge, 0)
	return true
}

// timer builds a timer line for the mean of count values, sampled at 1/count
// so that the daemon counts it count times. Timers cannot be negative.
func (e *encoder) timer(attrs *attribute.Set, mean float64, count uint64) bool {
	if math.IsNaN(mean) || math.IsInf(mean, 0) || mean < 0 || count == 0 {
		return false
	}
	e.line = e.appendLine(e.line[:0], attrs, mean, typeTimer, count)
	return true
}

// appendLine appends one line: name (with attributes folded in for StatsD),
// value, type, sample rate 1/count when count > 1, and tags for DogStatsD.
func (e *encoder) appendLine(b []byte, attrs *attribute.Set, v float64, typ string, count uint64) []byte {
	b = append(b, e.name...)
	if e.flavor == StatsD {
		for it := attrs.Iter(); it.Next(); {
			kv := it.Attribute()
			b = append(b, '.')
			e.raw = append(e.raw[:0], kv.Key...)
			b = appendSanitised(b, e.raw, classSegment)
			b = append(b, '.')
			e.raw = appendValue(e.raw[:0], kv.Value)
			b = appendSanitised(b, e.raw, classSegment)
		}
	}
	b = append(b, ':')
	b = appendNumber(b, v)
	b = append(b, '|')
	b = append(b, typ...)
	if count > 1 {
		b = append(b, "|@"...)
		b = strconv.AppendFloat(b, 1/float64(count), 'f', -1, 64)
	}
	if e.flavor == DogStatsD && attrs.Len() > 0 {
		b = append(b, "|#"...)
		for i, it := 0, attrs.Iter(); it.Next(); i++ {
			kv := it.Attribute()
			if i > 0 {
				b = append(b, ',')
			}
			e.raw = append(e.raw[:0], kv.Key...)
			b = appendSanitised(b, e.raw, classTag)
			b = append(b, ':')
			e.raw = appendValue(e.raw[:0], kv.Value)
			b = appendSanitised(b, e.raw, classTag)
		}
	}
	return b
}

// appendNumber appends v in plain decimal notation: StatsD daemons parse it as
// a number, and an exponent would not survive every parser.
func appendNumber(b []byte, v float64) []byte {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return strconv.AppendInt(b, int64(v), 10)
	}
	return strconv.AppendFloat(b, v, 'f', -1, 64)
}

// appendValue appends an attribute value as text, before sanitising.
func appendValue(b []byte, v attribute.Value) []byte {
	switch v.Type() {
	case attribute.STRING:
		return append(b, v.AsString()...)
	case attribute.INT64:
		return strconv.AppendInt(b, v.AsInt64(), 10)
	case attribute.BOOL:
		return strconv.AppendBool(b, v.AsBool())
	case attribute.FLOAT64:
		return strconv.AppendFloat(b, v.AsFloat64(), 'f', -1, 64)
	}
	return append(b, v.Emit()...)
}
