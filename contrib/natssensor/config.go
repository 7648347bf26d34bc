package natssensor

import (
	"github.com/nats-io/nats.go/jetstream"
)

// An Option configures a wrapper of this package. Each option says which
// wrappers it applies to; the others ignore it.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	destination string
	jsOpts      []jetstream.JetStreamOpt
	asyncAck    jetstream.MsgAckHandler
	asyncErr    jetstream.MsgErrHandler
	publishName func(subject string) string
}

func newConfig(opts []Option) config {
	var c config
	for _, o := range opts {
		if o != nil {
			o.apply(&c)
		}
	}
	return c
}

// WithDestination names the destination a handler reports its messages
// under (messaging.destination.name). By default, a JetStream handler
// reports the stream's name and a core NATS handler its subscription's
// subject, the wildcard pattern for a wildcard subscription. It applies to
// Handler, HandlerFunc and MsgHandler.
func WithDestination(name string) Option {
	return optionFunc(func(c *config) { c.destination = name })
}

// WithJetStreamOptions passes opts to jetstream.New. It applies to
// NewJetStream. Do not pass jetstream.WithPublishAsyncAckHandler or
// jetstream.WithPublishAsyncErrHandler here: NewJetStream sets both to
// observe asynchronous publishes, so pass your handlers with
// WithPublishAsyncHandlers instead.
func WithJetStreamOptions(opts ...jetstream.JetStreamOpt) Option {
	return optionFunc(func(c *config) { c.jsOpts = append(c.jsOpts, opts...) })
}

// WithPublishAsyncHandlers sets the handlers of asynchronous publishes'
// acknowledgements and errors, as jetstream.WithPublishAsyncAckHandler and
// jetstream.WithPublishAsyncErrHandler do; NewJetStream calls them after it
// recorded the outcome. Either may be nil. It applies to NewJetStream.
func WithPublishAsyncHandlers(ack jetstream.MsgAckHandler, err jetstream.MsgErrHandler) Option {
	return optionFunc(func(c *config) { c.asyncAck, c.asyncErr = ack, err })
}

// WithPublishDestination names the destination each publish is reported
// under (messaging.destination.name) by its subject; without it, the
// subject itself. Use it when subjects carry identifiers (orders.<id>), so
// that series stay few. It applies to NewJetStream and WrapConn.
func WithPublishDestination(name func(subject string) string) Option {
	return optionFunc(func(c *config) { c.publishName = name })
}

// publishDestination returns the destination a publish to subject is
// reported under.
func (c *config) publishDestination(subject string) string {
	if c.publishName != nil {
		return c.publishName(subject)
	}
	return subject
}
