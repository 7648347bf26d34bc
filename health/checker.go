package health

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/streamotel/streamotel/otelsensor"
)

// Names of the checks, as Report.Checks and Failure.Check give them.
const (
	ConsumerLag         = "consumer_lag"
	SendErrorRate       = "send_error_rate"
	ProcessingErrorRate = "processing_error_rate"
	NoProgress          = "no_progress"
	Memory              = "memory"
)

// Source is what a Checker reads; *otelsensor.Monitor is one.
type Source interface {
	Snapshot() otelsensor.Snapshot
}

// Report is the result of one Check.
type Report struct {
	// Healthy is true when no check failed.
	Healthy bool `json:"healthy"`
	// Time is when the check ran.
	Time time.Time `json:"time"`
	// Checks names the checks that ran, in a fixed order.
	Checks []string `json:"checks"`
	// Failures holds one entry per failing condition: one per lagging
	// partition, one per other failing check. It is empty, not nil, when
	// Healthy.
	Failures []Failure `json:"failures"`
}

// Failure is one failing condition.
type Failure struct {
	// Check is the name of the failing check.
	Check string `json:"check"`
	// Topic and Partition name the partition of a ConsumerLag failure.
	Topic     string `json:"topic,omitempty"`
	Partition *int32 `json:"partition,omitempty"`
	// Value is the measured value: messages of lag, a fraction of failed
	// sends or events, seconds without progress, bytes of memory.
	Value float64 `json:"value"`
	// Threshold is the configured limit that Value crossed, in the same
	// unit.
	Threshold float64 `json:"threshold"`
	// Message describes the failure for people.
	Message string `json:"message"`
}

// Checker checks a Source against thresholds. It is safe for concurrent
// use: a check runs at most once per WithMaxAge (default DefaultMaxAge),
// and the callers in between, however many, share its Report.
type Checker struct {
	src    Source
	cfg    config
	checks []string
	now    func() time.Time // replaced in tests

	last atomic.Pointer[Report] // the newest report, shared read-only

	mu       sync.Mutex // serialises checks and guards what follows
	ring     ring
	progress progress
	memory   memoryReader
}

// progress remembers when events_total last changed.
type progress struct {
	at       time.Time
	events   int64
	received int64
}

// New returns a Checker of src with the given thresholds; without any it
// always reports healthy. It takes a first Snapshot of src, from which the
// first rates and the progress timeout are measured.
func New(src Source, opts ...Option) (*Checker, error) {
	return newChecker(src, time.Now, opts)
}

func newChecker(src Source, now func() time.Time, opts []Option) (*Checker, error) {
	if src == nil {
		return nil, errors.New("health: nil Source")
	}
	cfg := config{maxLag: -1, maxAge: DefaultMaxAge}
	for _, o := range opts {
		o.apply(&cfg)
	}
	if err := errors.Join(cfg.errs...); err != nil {
		return nil, err
	}
	c := &Checker{src: src, cfg: cfg, now: now}
	for _, on := range []struct {
		name string
		on   bool
	}{
		{ConsumerLag, cfg.maxLag >= 0},
		{SendErrorRate, cfg.sendErrors.window > 0},
		{ProcessingErrorRate, cfg.processErrors.window > 0},
		{NoProgress, cfg.progressTimeout > 0},
		{Memory, cfg.maxMemory > 0},
	} {
		if on.on {
			c.checks = append(c.checks, on.name)
		}
	}
	c.ring.every = spacing(cfg.sendErrors.window, cfg.processErrors.window)
	s, at := src.Snapshot(), c.now()
	c.ring.add(sampleOf(at, s))
	c.progress = progress{at: at, events: s.EventsTotal, received: s.MessagesReceivedTotal}
	return c, nil
}

// Check reports the conditions that fail. It returns the Report of the
// newest check if that ran less than the max age ago (Report.Time says
// when); otherwise it takes a Snapshot of the Source and checks it, while
// the callers that arrive meanwhile wait for that check instead of each
// running their own. Checks are serialised, so a worker with thousands of
// partitions costs one check per max age however often it is probed.
//
// The callers that share a check share its Report's slices: read them, do
// not change them.
func (c *Checker) Check() Report {
	if r, ok := c.fresh(); ok {
		return r
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if r, ok := c.fresh(); ok { // checked while this caller waited
		return r
	}
	r := c.check()
	c.last.Store(&r)
	return r
}

// fresh returns the newest report if it is younger than the max age.
func (c *Checker) fresh() (Report, bool) {
	r := c.last.Load()
	if r == nil || c.cfg.maxAge <= 0 || c.now().Sub(r.Time) >= c.cfg.maxAge {
		return Report{}, false
	}
	return *r, true
}

// check takes a Snapshot of the Source and reports the conditions that
// fail. c.mu must be held.
func (c *Checker) check() Report {
	s, now := c.src.Snapshot(), c.now()
	r := Report{Time: now, Checks: slices.Clone(c.checks), Failures: []Failure{}}
	cur := sampleOf(now, s)
	if c.cfg.maxLag >= 0 {
		r.Failures = append(r.Failures, lagFailures(s, c.cfg.maxLag)...)
	}
	for _, rc := range []struct {
		check, what string
		limit       rateLimit
		counts      func(sample) (failed, total int64)
	}{
		{SendErrorRate, "sends", c.cfg.sendErrors, func(s sample) (int64, int64) { return s.sendErrors, s.sent }},
		{ProcessingErrorRate, "events", c.cfg.processErrors, func(s sample) (int64, int64) { return s.eventErrors, s.events }},
	} {
		if rc.limit.window == 0 {
			continue
		}
		base := c.ring.base(now, rc.limit.window)
		failed0, total0 := rc.counts(base)
		failed1, total1 := rc.counts(cur)
		if f, ok := rateFailure(rc.check, rc.what, rc.limit, now.Sub(base.at), failed1-failed0, total1-total0); ok {
			r.Failures = append(r.Failures, f)
		}
	}
	c.ring.add(cur)
	if c.cfg.progressTimeout > 0 {
		if f, ok := c.progressFailure(s, now); ok {
			r.Failures = append(r.Failures, f)
		}
	}
	if c.cfg.maxMemory > 0 {
		if b := c.memory.bytes(); b > c.cfg.maxMemory {
			r.Failures = append(r.Failures, Failure{
				Check: Memory, Value: float64(b), Threshold: float64(c.cfg.maxMemory),
				Message: fmt.Sprintf("the Go runtime holds %d bytes, above %d", b, c.cfg.maxMemory),
			})
		}
	}
	r.Healthy = len(r.Failures) == 0
	return r
}

func lagFailures(s otelsensor.Snapshot, limit int64) []Failure {
	var fs []Failure
	for topic, parts := range s.TopicLag {
		for p, lag := range parts {
			if lag <= limit {
				continue
			}
			fs = append(fs, Failure{
				Check: ConsumerLag, Topic: topic, Partition: &p,
				Value: float64(lag), Threshold: float64(limit),
				Message: fmt.Sprintf("partition %d of %q lags %d messages, above %d", p, topic, lag, limit),
			})
		}
	}
	slices.SortFunc(fs, func(a, b Failure) int {
		return cmp.Or(cmp.Compare(a.Topic, b.Topic), cmp.Compare(*a.Partition, *b.Partition))
	})
	return fs
}

// rateFailure reports whether failed of total in the last span is above the
// limit. Spans without attempts, or whose counts went back (the Source was
// replaced), pass.
func rateFailure(check, what string, l rateLimit, span time.Duration, failed, total int64) (Failure, bool) {
	if total <= 0 || failed < 0 {
		return Failure{}, false
	}
	rate := float64(failed) / float64(total)
	if rate <= l.max {
		return Failure{}, false
	}
	return Failure{
		Check: check, Value: rate, Threshold: l.max,
		Message: fmt.Sprintf("%d of %d %s failed in the last %v (%.3g, above %.3g)",
			failed, total, what, span.Round(time.Millisecond), rate, l.max),
	}, true
}

// progressFailure reports a worker that started no event for the progress
// timeout although it had work: messages arrived or some partition lags. A
// worker without work is making all the progress it can: its clock restarts.
func (c *Checker) progressFailure(s otelsensor.Snapshot, now time.Time) (Failure, bool) {
	p := &c.progress
	arrived := s.MessagesReceivedTotal - p.received
	lagging := false
	for _, parts := range s.TopicLag {
		for _, lag := range parts {
			lagging = lagging || lag > 0
		}
	}
	if s.EventsTotal != p.events || (arrived <= 0 && !lagging) {
		*p = progress{at: now, events: s.EventsTotal, received: s.MessagesReceivedTotal}
		return Failure{}, false
	}
	idle := now.Sub(p.at)
	if idle < c.cfg.progressTimeout {
		return Failure{}, false
	}
	return Failure{
		Check: NoProgress, Value: idle.Seconds(), Threshold: c.cfg.progressTimeout.Seconds(),
		Message: fmt.Sprintf("no event started for %v while %d messages arrived (lagging: %v)",
			idle.Round(time.Millisecond), arrived, lagging),
	}, true
}
