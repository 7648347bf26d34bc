package health

import (
	"fmt"
	"math"
	"time"
)

// Option sets a threshold of a Checker.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// rateLimit is the threshold of an error rate over a window.
type rateLimit struct {
	max    float64
	window time.Duration
}

type config struct {
	maxLag          int64 // <0: not checked
	sendErrors      rateLimit
	processErrors   rateLimit
	progressTimeout time.Duration
	maxMemory       uint64
	maxAge          time.Duration
	errs            []error
}

// DefaultMaxAge is how long a Checker serves one check's Report unless
// WithMaxAge says otherwise.
const DefaultMaxAge = time.Second

func (c *config) invalid(format string, args ...any) {
	c.errs = append(c.errs, fmt.Errorf("health: "+format, args...))
}

// WithMaxLag fails the check when the consumer lag of any partition (its
// end offset minus its committed offset) is above messages. Zero makes any
// lag a failure; a negative value is rejected.
func WithMaxLag(messages int64) Option {
	return optionFunc(func(c *config) {
		if messages < 0 {
			c.invalid("max lag must not be negative, got %d", messages)
			return
		}
		c.maxLag = messages
	})
}

// WithMaxSendErrorRate fails the check when more than rate (a fraction from
// 0 to 1) of the messages handed to the producer during the last window
// failed to send. Windows without sends pass.
func WithMaxSendErrorRate(rate float64, window time.Duration) Option {
	return optionFunc(func(c *config) {
		if c.checkRate("send error rate", rate, window) {
			c.sendErrors = rateLimit{rate, window}
		}
	})
}

// WithMaxProcessingErrorRate fails the check when more than rate (a fraction
// from 0 to 1) of the stream events started during the last window ended
// with an error. Windows without events pass.
func WithMaxProcessingErrorRate(rate float64, window time.Duration) Option {
	return optionFunc(func(c *config) {
		if c.checkRate("processing error rate", rate, window) {
			c.processErrors = rateLimit{rate, window}
		}
	})
}

func (c *config) checkRate(name string, rate float64, window time.Duration) bool {
	ok := true
	if math.IsNaN(rate) || rate < 0 || rate > 1 {
		c.invalid("%s must be a fraction from 0 to 1, got %v", name, rate)
		ok = false
	}
	if window <= 0 {
		c.invalid("%s window must be positive, got %v", name, window)
		ok = false
	}
	return ok
}

// WithProgressTimeout fails the check when no stream event started for
// timeout although messages arrived in that time or some partition lags:
// the worker is stuck. Use it for workers that report stream events
// (OnStreamEventIn); timeout must be positive.
func WithProgressTimeout(timeout time.Duration) Option {
	return optionFunc(func(c *config) {
		if timeout <= 0 {
			c.invalid("progress timeout must be positive, got %v", timeout)
			return
		}
		c.progressTimeout = timeout
	})
}

// WithMaxMemory fails the check when the memory the Go runtime holds from
// the operating system (mapped memory minus what it released) is above
// bytes, which must not be zero.
func WithMaxMemory(bytes uint64) Option {
	return optionFunc(func(c *config) {
		if bytes == 0 {
			c.invalid("max memory must be positive")
			return
		}
		c.maxMemory = bytes
	})
}

// WithMaxAge sets how long the Report of one check is served before Check
// runs another (default DefaultMaxAge). Probes that come more often share
// one check, so that a worker with thousands of lagging partitions answers
// every probe promptly. Zero runs a check on every call; a negative value is
// rejected.
func WithMaxAge(d time.Duration) Option {
	return optionFunc(func(c *config) {
		if d < 0 {
			c.invalid("max age must not be negative, got %v", d)
			return
		}
		c.maxAge = d
	})
}
