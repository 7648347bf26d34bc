package kgosensor

import (
	"time"

	"github.com/streamotel/streamotel/otelsensor"
)

// An Option configures the Hooks made by New.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	stream       otelsensor.Stream
	traceContext bool
	groupLag     time.Duration
}

func newConfig(opts []Option) config {
	c := config{traceContext: true}
	for _, o := range opts {
		o.apply(&c)
	}
	return c
}

// WithStream names the stream that processes the consumed records, for the
// stream-event instruments and messaging.process.duration. By default each
// record is an event of a stream named after its topic, with no task.
func WithStream(s otelsensor.Stream) Option {
	return optionFunc(func(c *config) { c.stream = s })
}

// WithoutTraceContext stops the Hooks from reading the W3C traceparent and
// tracestate headers of consumed records. By default a record that carries
// them gets, in its Context, the remote span context of the producer, so
// that the exemplars of messaging.process.duration link to the producer's
// trace; reading them costs a few allocations per record that has them.
func WithoutTraceContext() Option {
	return optionFunc(func(c *config) { c.traceContext = false })
}

// WithGroupLag reads the committed and end offsets of every partition of the
// client's consumer group with kadm.Client.Lag, at most once every interval,
// when metrics are collected: the lag of the whole group, the partitions of
// other members included, at the cost of a ListOffsets, a DescribeGroups and
// an OffsetFetch request to the brokers per read. Without it, lag covers the
// partitions this client consumes and needs no request. A read that takes
// longer than 5 seconds is abandoned until the next interval.
func WithGroupLag(interval time.Duration) Option {
	return optionFunc(func(c *config) { c.groupLag = interval })
}
