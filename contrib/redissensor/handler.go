package redissensor

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/redis/go-redis/v9"

	"github.com/streamotel/streamotel/otelsensor"
)

// Handler wraps fn, the handler of entries a consumer reads from stream, so
// that each call reports to sensor's handler lifecycle (OnHandleStart with
// the size of the entry's body, then OnHandleEnd) with how fn settled the
// entry:
//   - otelsensor.StatusAcked: fn returned nil after acknowledging the entry,
//     an XACK of its ID on stream sent with fn's context (or one derived
//     from it) through a client that has a Hook;
//   - otelsensor.StatusSkipped: fn returned nil without acknowledging it, so
//     that the entry stays pending, to be claimed or read again;
//   - otelsensor.StatusError: fn returned an error (whether it acknowledged
//     the entry or not), or panicked; the panic goes on.
//
// fn's error is returned unchanged. Each call allocates the context that
// carries the entry to the Hook; nothing else. With a nil sensor, Handler
// returns fn.
func Handler(sensor *otelsensor.Sensor, stream string, fn func(context.Context, redis.XMessage) error) func(context.Context, redis.XMessage) error {
	if sensor == nil {
		return fn
	}
	return func(ctx context.Context, msg redis.XMessage) error {
		h := &handling{Context: ctx, stream: stream, id: msg.ID}
		tok := sensor.OnHandleStart(ctx, stream, bodySize(&msg))
		done := false
		defer func() {
			if done {
				return
			}
			v := recover()
			sensor.OnHandleEnd(ctx, tok, otelsensor.StatusError, panicked(v))
			if v != nil { // nil: fn called runtime.Goexit, which goes on
				panic(v)
			}
		}()
		err := fn(h, msg)
		done = true
		switch {
		case err != nil:
			sensor.OnHandleEnd(ctx, tok, otelsensor.StatusError, err)
		case h.acked.Load():
			sensor.OnHandleEnd(ctx, tok, otelsensor.StatusAcked, nil)
		default:
			sensor.OnHandleEnd(ctx, tok, otelsensor.StatusSkipped, nil)
		}
		return err
	}
}

// handling is the context a Handler gives its fn: it carries the entry
// being handled to the Hook that sees its XACK.
type handling struct {
	context.Context
	stream, id string
	acked      atomic.Bool
}

type handlingKey struct{}

func (h *handling) Value(key any) any {
	if key == (handlingKey{}) {
		return h
	}
	return h.Context.Value(key)
}

// markAcked records, when ctx comes from a Handler, that an XACK of ids on
// stream succeeded, if the handled entry is among them.
func markAcked(ctx context.Context, stream string, ids []any) {
	h, ok := ctx.Value(handlingKey{}).(*handling)
	if !ok || h.stream != stream {
		return
	}
	for _, id := range ids {
		if s, ok := id.(string); ok && s == h.id {
			h.acked.Store(true)
			return
		}
	}
}

// panicked returns the error a Handler reports a panic of its fn with, v
// being the panic's value: nil for runtime.Goexit.
func panicked(v any) error {
	err := errors.New("redissensor: handler called runtime.Goexit")
	if v != nil {
		err = fmt.Errorf("redissensor: handler panicked: %v", v)
	}
	return otelsensor.WithErrorType(err, "panic")
}
