package slogsensor

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"
	"unicode"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// Keys of the fields that no OpenTelemetry attribute of the metrics names.
const (
	// OffsetKey is an offset in a partition, named as the OpenTelemetry
	// Kafka attribute: a message's, the committed one (the next offset to
	// read), the end offset, or the one a send was written at.
	OffsetKey = "messaging.kafka.offset"
	// DurationKey is the time since the token's start, in seconds, as a
	// float. It is absent when the token did not start.
	DurationKey = "duration"
	// ErrorMessageKey is the text of an error, named as the OpenTelemetry
	// exception attribute; error.type holds its type.
	ErrorMessageKey = "exception.message"
	// BodySizeKey is the size of a handled message's body in bytes.
	BodySizeKey = "messaging.message.body.size"
	// CountKey is a number of messages: in a batch sent or fetched (the
	// OpenTelemetry batch attribute), or delivered again.
	CountKey = "messaging.batch.message_count"
	// BytesKey is the bytes of the message bodies of a batch.
	BytesKey = "bytes"
	// LagKey is how many messages a consumer is behind (OnLag).
	LagKey = "lag"
	// PendingKey is how many messages wait for an acknowledgement
	// (OnPending).
	PendingKey = "pending"
	// QueueSizeKey is the number of messages waiting in a client's queue.
	QueueSizeKey = "queue.size"
	// AgeKey is how far a consumer is behind the newest record, in
	// seconds, as a float (OnIteratorAge).
	AgeKey = "age"
	// ActiveShardsKey and ClosedShardsKey are the numbers of shards of a
	// stream by state (OnShards).
	ActiveShardsKey = "shards.active"
	ClosedShardsKey = "shards.closed"
)

// Hook is an otelsensor hook that logs callbacks to a slog.Handler. It
// implements every hook interface of otelsensor; give it to
// otelsensor.NewSensor. It is safe for concurrent use. A nil *Hook logs
// nothing.
type Hook struct {
	h         slog.Handler
	callbacks map[string]*callback // by method name
}

// callback is what the Hook does with the calls of one callback.
type callback struct {
	ok     rule // a call without an error
	failed rule // a call with a non-nil error
}

// rule is how one kind of record of a callback is logged.
type rule struct {
	msg   string
	level slog.Level
	every uint64        // 0: off; n: log the first call and every n-th after
	calls atomic.Uint64 // calls seen at an enabled level, for sampling
}

// defaultLevels are the levels of the callbacks whose ordinary records log
// by default, every call, by method name; the others are off, at Debug.
var defaultLevels = map[string]slog.Level{
	"OnCommitCompleted":     slog.LevelDebug,
	"OnCheckpoint":          slog.LevelDebug,
	"OnTopicBufferFull":     slog.LevelWarn,
	"OnThrottle":            slog.LevelWarn,
	"OnAssignmentStart":     slog.LevelInfo,
	"OnAssignmentCompleted": slog.LevelInfo,
	"OnRebalanceStart":      slog.LevelInfo,
	"OnRebalanceReturn":     slog.LevelInfo,
	"OnRebalanceEnd":        slog.LevelInfo,
	"OnShards":              slog.LevelInfo,
	"OnReshard":             slog.LevelInfo,
}

// defaultErrorLevels are the levels of failed records other than Warn, the
// default; every failed record logs by default.
var defaultErrorLevels = map[string]slog.Level{
	"OnSendError":       slog.LevelError,
	"OnAssignmentError": slog.LevelError,
}

// Option configures a Hook.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// config is the options given to New, in order.
type config struct {
	settings []setting
}

// setting changes the rules of the callbacks names selects.
type setting struct {
	names []string
	set   func(*callback)
}

func (c *config) add(names []string, set func(*callback)) {
	c.settings = append(c.settings, setting{names: append([]string(nil), names...), set: set})
}

// WithLevel logs the ordinary records of the named callbacks at level. Names
// are method names or hook interface names of semconv.Callbacks; none
// selects every callback.
func WithLevel(level slog.Level, names ...string) Option {
	return optionFunc(func(c *config) {
		c.add(names, func(cb *callback) { cb.ok.level = level })
	})
}

// WithSampling logs one ordinary record in every n of the named callbacks:
// the first call, the (n+1)-th, and so on. n = 1 logs every call and n = 0
// turns them off. Calls at a level the handler does not enable are not
// counted. Names are as for WithLevel.
func WithSampling(n uint64, names ...string) Option {
	return optionFunc(func(c *config) {
		c.add(names, func(cb *callback) { cb.ok.every = n })
	})
}

// WithErrorLevel logs the records of the named callbacks called with a
// non-nil error at level. It does nothing to callbacks that take no error.
// Names are as for WithLevel.
func WithErrorLevel(level slog.Level, names ...string) Option {
	return optionFunc(func(c *config) {
		c.add(names, func(cb *callback) { cb.failed.level = level })
	})
}

// WithErrorSampling logs one record in every n of the calls of the named
// callbacks with a non-nil error, as WithSampling does for the others; n = 0
// turns their failures off. Names are as for WithLevel.
func WithErrorSampling(n uint64, names ...string) Option {
	return optionFunc(func(c *config) {
		c.add(names, func(cb *callback) { cb.failed.every = n })
	})
}

// New returns a Hook that logs to h, or to slog.Default's handler when h is
// nil. It returns an error, naming them, if options name callbacks or hook
// interfaces that semconv.Callbacks does not have.
func New(h slog.Handler, opts ...Option) (*Hook, error) {
	if h == nil {
		h = slog.Default().Handler()
	}
	var cfg config
	for _, o := range opts {
		if o != nil {
			o.apply(&cfg)
		}
	}
	hk := &Hook{h: h, callbacks: map[string]*callback{}}
	byHook := map[string][]*callback{}
	var all []*callback
	for _, row := range semconv.Callbacks() {
		if !strings.HasSuffix(row.Hook, "Hook") {
			continue // a method of the Monitor or of stats, not a callback
		}
		cb := newCallback(row.Method)
		hk.callbacks[row.Method] = cb
		byHook[row.Hook] = append(byHook[row.Hook], cb)
		all = append(all, cb)
	}
	var errs []error
	for _, s := range cfg.settings {
		if len(s.names) == 0 {
			for _, cb := range all {
				s.set(cb)
			}
			continue
		}
		for _, name := range s.names {
			if cb, ok := hk.callbacks[name]; ok {
				s.set(cb)
			} else if cbs, ok := byHook[name]; ok {
				for _, cb := range cbs {
					s.set(cb)
				}
			} else {
				errs = append(errs, fmt.Errorf("slogsensor: no callback or hook interface %q in semconv.Callbacks", name))
			}
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return hk, nil
}

// newCallback returns the default rules of the named callback.
func newCallback(method string) *callback {
	msg := words(method)
	cb := &callback{
		ok:     rule{msg: msg, level: slog.LevelDebug},
		failed: rule{msg: msg, level: slog.LevelWarn, every: 1},
	}
	if level, ok := defaultLevels[method]; ok {
		cb.ok.level, cb.ok.every = level, 1
	}
	if level, ok := defaultErrorLevels[method]; ok {
		cb.failed.level = level
	}
	return cb
}

// words returns a method name in lower-case words without "On":
// "OnStreamEventIn" is "stream event in".
func words(method string) string {
	var b strings.Builder
	for i, r := range strings.TrimPrefix(method, "On") {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte(' ')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// rule returns the rule by which a call of the named callback with err is
// logged now, or nil if it is not. A callback that is off, or below the
// handler's level, costs this check only.
func (hk *Hook) rule(ctx context.Context, name string, err error) *rule {
	if hk == nil {
		return nil
	}
	cb := hk.callbacks[name]
	if cb == nil {
		return nil
	}
	r := &cb.ok
	if err != nil {
		r = &cb.failed
	}
	if r.every == 0 || !hk.h.Enabled(ctx, r.level) {
		return nil
	}
	if r.every == 1 || (r.calls.Add(1)-1)%r.every == 0 {
		return r
	}
	return nil
}

// log hands one record by r to the handler, with attrs and then, when err
// is not nil, its type and text.
func (hk *Hook) log(ctx context.Context, r *rule, err error, attrs ...slog.Attr) {
	rec := slog.NewRecord(time.Now(), r.level, r.msg, 0)
	rec.AddAttrs(attrs...)
	if err != nil {
		rec.AddAttrs(
			slog.String(string(semconv.ErrorType), otelsensor.ErrorType(err)),
			slog.String(ErrorMessageKey, err.Error()))
	}
	_ = hk.h.Handle(ctx, rec) // as slog.Logger does, a handler's error is dropped
}

// maxAttrs is the most fields a record carries besides its error.
const maxAttrs = 8

// attrs is a record's fields, on the stack.
type attrs struct {
	buf [maxAttrs]slog.Attr
	n   int
}

func (a *attrs) add(kvs ...slog.Attr) *attrs {
	a.n += copy(a.buf[a.n:], kvs)
	return a
}

func (a *attrs) topic(name string) *attrs {
	return a.add(slog.String(string(semconv.MessagingDestinationName), name))
}

func (a *attrs) partition(tp otelsensor.TopicPartition) *attrs {
	return a.topic(tp.Topic).add(slog.Int(string(semconv.MessagingDestinationPartition), int(tp.Partition)))
}

func (a *attrs) offset(o int64) *attrs { return a.add(slog.Int64(OffsetKey, o)) }

func (a *attrs) stream(s otelsensor.Stream) *attrs {
	return a.add(slog.String(string(semconv.StreamName), s.Name), slog.String(string(semconv.TaskName), s.Task))
}

func (a *attrs) web(req otelsensor.WebRequest) *attrs {
	return a.add(slog.String(string(semconv.HTTPRequestMethod), req.Method),
		slog.String(string(semconv.URLScheme), req.Scheme),
		slog.String(string(semconv.HTTPRoute), req.Route))
}

// started is what every token has: its start.
type started interface {
	Started() bool
	Elapsed() time.Duration
}

// since adds to a the time since tok started, if it did.
func since[T started](a *attrs, tok T) *attrs {
	if !tok.Started() {
		return a
	}
	return a.add(slog.Float64(DurationKey, tok.Elapsed().Seconds()))
}

func (a *attrs) list() []slog.Attr { return a.buf[:a.n] }
