package natssensor

import (
	"context"
	"slices"
	"sync"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/streamotel/streamotel/otelsensor"
)

// NewJetStream is jetstream.New with publishing reported to s: Publish,
// PublishMsg, PublishAsync and PublishMsgAsync call OnSendInitiated, then
// OnSendCompleted with the message's stream sequence as its offset (and
// partition -1: NATS has none) or OnSendError with the error's readable
// error.type ("timeout", "no_stream_response", "wrong_last_sequence",
// "api_<code>" for other JetStream API errors). An asynchronous publish ends
// when the server acknowledges it or it fails (the ack timeout of
// jetstream.WithPublishAsyncTimeout, a reconnect), timed from the publish;
// NewJetStream sets the async ack and error handlers for it, so pass yours
// with WithPublishAsyncHandlers. Publishes are reported under their subject
// (see WithPublishDestination). Every other method is js's own.
func NewJetStream(s *otelsensor.Sensor, nc *nats.Conn, opts ...Option) (jetstream.JetStream, error) {
	p := &publisher{sensor: s, cfg: newConfig(opts)}
	jsOpts := append(slices.Clip(p.cfg.jsOpts),
		jetstream.WithPublishAsyncAckHandler(p.asyncAck),
		jetstream.WithPublishAsyncErrHandler(p.asyncErr))
	js, err := jetstream.New(nc, jsOpts...)
	if err != nil {
		return nil, err
	}
	p.JetStream = js
	return p, nil
}

// publisher is a jetstream.JetStream whose publishes report to a Sensor.
type publisher struct {
	jetstream.JetStream
	sensor *otelsensor.Sensor
	cfg    config

	mu       sync.Mutex
	inflight map[*nats.Msg]sends // guarded by mu: the async publishes not ended
}

// sends are the async publishes of one message in flight, oldest first: a
// message published again before its first publish ended adds to more.
type sends struct {
	first otelsensor.Send
	more  []otelsensor.Send
}

// Publish publishes data to subject and waits for the stream's
// acknowledgement, as jetstream.JetStream's Publish does.
func (p *publisher) Publish(ctx context.Context, subject string, data []byte, opts ...jetstream.PublishOpt) (*jetstream.PubAck, error) {
	snd := p.sensor.OnSendInitiated(ctx, p.cfg.publishDestination(subject))
	ack, err := p.JetStream.Publish(ctx, subject, data, opts...)
	p.end(ctx, snd, ack, err)
	return ack, err
}

// PublishMsg publishes m and waits for the stream's acknowledgement, as
// jetstream.JetStream's PublishMsg does.
func (p *publisher) PublishMsg(ctx context.Context, m *nats.Msg, opts ...jetstream.PublishOpt) (*jetstream.PubAck, error) {
	snd := p.sensor.OnSendInitiated(ctx, p.cfg.publishDestination(m.Subject))
	ack, err := p.JetStream.PublishMsg(ctx, m, opts...)
	p.end(ctx, snd, ack, err)
	return ack, err
}

// PublishAsync publishes data to subject without waiting, as
// jetstream.JetStream's PublishAsync does.
func (p *publisher) PublishAsync(subject string, data []byte, opts ...jetstream.PublishOpt) (jetstream.PubAckFuture, error) {
	return p.PublishMsgAsync(&nats.Msg{Subject: subject, Data: data}, opts...)
}

// PublishMsgAsync publishes m without waiting, as jetstream.JetStream's
// PublishMsgAsync does.
func (p *publisher) PublishMsgAsync(m *nats.Msg, opts ...jetstream.PublishOpt) (jetstream.PubAckFuture, error) {
	ctx := context.Background()
	snd := p.sensor.OnSendInitiated(ctx, p.cfg.publishDestination(m.Subject))
	p.put(m, snd)
	f, err := p.JetStream.PublishMsgAsync(m, opts...)
	if err != nil {
		if snd, ok := p.take(m); ok {
			p.end(ctx, snd, nil, err)
		}
	}
	return f, err
}

func (p *publisher) asyncAck(_ jetstream.JetStream, m *nats.Msg, ack *jetstream.PubAck) {
	if snd, ok := p.take(m); ok {
		p.end(context.Background(), snd, ack, nil)
	}
	if p.cfg.asyncAck != nil {
		p.cfg.asyncAck(p, m, ack)
	}
}

func (p *publisher) asyncErr(_ jetstream.JetStream, m *nats.Msg, err error) {
	if snd, ok := p.take(m); ok {
		p.end(context.Background(), snd, nil, err)
	}
	if p.cfg.asyncErr != nil {
		p.cfg.asyncErr(p, m, err)
	}
}

// end reports the end of a publish.
func (p *publisher) end(ctx context.Context, snd otelsensor.Send, ack *jetstream.PubAck, err error) {
	if err != nil {
		p.sensor.OnSendError(ctx, snd, typed(err))
		return
	}
	p.sensor.OnSendCompleted(ctx, snd, -1, clampInt64(ack.Sequence))
}

// put records the async publish snd of m.
func (p *publisher) put(m *nats.Msg, snd otelsensor.Send) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.inflight == nil {
		p.inflight = make(map[*nats.Msg]sends)
	}
	if have, ok := p.inflight[m]; ok {
		have.more = append(have.more, snd)
		p.inflight[m] = have
		return
	}
	p.inflight[m] = sends{first: snd}
}

// take removes and returns the oldest async publish of m in flight.
func (p *publisher) take(m *nats.Msg) (otelsensor.Send, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	have, ok := p.inflight[m]
	if !ok {
		return otelsensor.Send{}, false
	}
	if len(have.more) == 0 {
		delete(p.inflight, m)
		return have.first, true
	}
	snd := have.first
	have.first, have.more = have.more[0], have.more[1:]
	p.inflight[m] = have
	return snd, true
}

// Conn is a *nats.Conn whose Publish and PublishMsg report to a Sensor.
// Every other method is the connection's own.
type Conn struct {
	*nats.Conn
	sensor *otelsensor.Sensor
	cfg    config
}

// WrapConn returns nc with its core NATS publishes reported to s: Publish
// and PublishMsg call OnSendInitiated, then OnSendCompleted (partition and
// offset -1: core NATS has neither) when the message was written to the
// connection, or OnSendError with the error's readable error.type.
// Publishes are reported under their subject (see WithPublishDestination).
func WrapConn(s *otelsensor.Sensor, nc *nats.Conn, opts ...Option) *Conn {
	return &Conn{Conn: nc, sensor: s, cfg: newConfig(opts)}
}

// Publish publishes data to subject, as nats.Conn's Publish does.
func (c *Conn) Publish(subject string, data []byte) error {
	ctx := context.Background()
	snd := c.sensor.OnSendInitiated(ctx, c.cfg.publishDestination(subject))
	err := c.Conn.Publish(subject, data)
	c.end(ctx, snd, err)
	return err
}

// PublishMsg publishes m, as nats.Conn's PublishMsg does.
func (c *Conn) PublishMsg(m *nats.Msg) error {
	ctx := context.Background()
	snd := c.sensor.OnSendInitiated(ctx, c.cfg.publishDestination(m.Subject))
	err := c.Conn.PublishMsg(m)
	c.end(ctx, snd, err)
	return err
}

func (c *Conn) end(ctx context.Context, snd otelsensor.Send, err error) {
	if err != nil {
		c.sensor.OnSendError(ctx, snd, typed(err))
		return
	}
	c.sensor.OnSendCompleted(ctx, snd, -1, -1)
}
