package slogsensor

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	otelsemconv "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// Keys of the fields that no OpenTelemetry attribute of the metrics names.
const (
	// OffsetKey is the offset of a message in its partition, named as the
	// OpenTelemetry Kafka attribute.
	OffsetKey = "messaging.kafka.offset"
	// DurationKey is the time since the matching start callback, in
	// seconds, as a float. It is absent when the end callback was given the
	// zero State.
	DurationKey = "duration"
	// ErrorMessageKey is the text of an error, named as the OpenTelemetry
	// exception attribute; error.type holds its type.
	ErrorMessageKey = "exception.message"
	// BodySizeKey is the size of a sent message's value in bytes.
	BodySizeKey = "messaging.message.body.size"
)

// Sensor is an otelsensor.Sensor that logs callbacks to a slog.Handler. It is
// safe for concurrent use.
type Sensor struct {
	h     slog.Handler
	rules [numCallbacks]rule
}

// rule is what the Sensor does with one Callback.
type rule struct {
	level slog.Level
	every uint64        // 0: off; n: log the first call and every n-th after
	calls atomic.Uint64 // calls seen at an enabled level, for sampling
}

var _ otelsensor.Sensor = (*Sensor)(nil)

// Option configures a Sensor.
type Option func(*Sensor)

// WithLevel logs the given callbacks at level. Callbacks out of range are
// ignored.
func WithLevel(level slog.Level, cbs ...Callback) Option {
	return func(s *Sensor) {
		for _, c := range cbs {
			if c < numCallbacks {
				s.rules[c].level = level
			}
		}
	}
}

// WithSampling logs one call in every n of the given callbacks: the first,
// the (n+1)-th, and so on. n = 1 logs every call and n = 0 turns the
// callbacks off. Calls at a level the handler does not enable are not
// counted. Callbacks out of range are ignored.
func WithSampling(n uint64, cbs ...Callback) Option {
	return func(s *Sensor) {
		for _, c := range cbs {
			if c < numCallbacks {
				s.rules[c].every = n
			}
		}
	}
}

// New returns a Sensor that logs to logger's handler, or to slog.Default's
// when logger is nil.
func New(logger *slog.Logger, opts ...Option) *Sensor {
	if logger == nil {
		logger = slog.Default()
	}
	s := &Sensor{h: logger.Handler()}
	for c := range numCallbacks {
		s.rules[c].level = callbacks[c].level
		s.rules[c].every = callbacks[c].every
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

// enabled reports whether a record of kind c is to be logged now. A
// callback that is off, or below the handler's level, costs this check only.
func (s *Sensor) enabled(ctx context.Context, c Callback) bool {
	r := &s.rules[c]
	if r.every == 0 || !s.h.Enabled(ctx, r.level) {
		return false
	}
	return r.every == 1 || (r.calls.Add(1)-1)%r.every == 0
}

// log hands one record of kind c to the handler. The caller checked enabled.
func (s *Sensor) log(ctx context.Context, c Callback, attrs ...slog.Attr) {
	r := slog.NewRecord(time.Now(), s.rules[c].level, callbacks[c].msg, 0)
	r.AddAttrs(attrs...)
	_ = s.h.Handle(ctx, r) // as slog.Logger does, a handler's error is dropped
}

func topicPartition(tp otelsensor.TopicPartition) (slog.Attr, slog.Attr) {
	return slog.String(string(semconv.MessagingDestinationName), tp.Topic),
		slog.Int(string(semconv.MessagingDestinationPartition), int(tp.Partition))
}

func offset(o int64) slog.Attr { return slog.Int64(OffsetKey, o) }

func topic(name string) slog.Attr {
	return slog.String(string(semconv.MessagingDestinationName), name)
}

func stream(s otelsensor.Stream) (slog.Attr, slog.Attr) {
	return slog.String(string(semconv.StreamName), s.Name), slog.String(string(semconv.TaskName), s.Task)
}

func table(name string) slog.Attr { return slog.String(string(semconv.TableName), name) }

// appendDuration appends the duration since st started, if it did.
func appendDuration(attrs []slog.Attr, st otelsensor.State) []slog.Attr {
	if !st.Started() {
		return attrs
	}
	return append(attrs, slog.Float64(DurationKey, st.Elapsed().Seconds()))
}

// appendError appends error.type and the error's text.
func appendError(attrs []slog.Attr, err error) []slog.Attr {
	if err == nil {
		return attrs
	}
	return append(attrs,
		slog.String(string(semconv.ErrorType), otelsemconv.ErrorType(err).Value.AsString()),
		slog.String(ErrorMessageKey, err.Error()))
}

func web(req otelsensor.WebRequest) (slog.Attr, slog.Attr, slog.Attr) {
	return slog.String(string(semconv.HTTPRequestMethod), req.Method),
		slog.String(string(semconv.URLScheme), req.Scheme),
		slog.String(string(semconv.HTTPRoute), req.Route)
}
