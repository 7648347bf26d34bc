package redissensor

import (
	"context"
	"errors"
	"io"
	"net"
	"os"
	"syscall"

	"github.com/redis/go-redis/v9"

	"github.com/streamotel/streamotel/otelsensor"
)

// typed returns err with a readable error.type (see errorType), or nil.
func typed(err error) error {
	if err == nil {
		return nil
	}
	return otelsensor.WithErrorType(err, errorType(err))
}

// errorType names err for error.type, by what went wrong rather than by Go
// type:
//   - an error reply from the server: its prefix, the word Redis puts first
//     ("ERR", "WRONGTYPE", "NOGROUP", "BUSYGROUP", "NOSCRIPT", "MOVED"...);
//   - redis.Nil (no reply where one was needed, as XADD NOMKSTREAM to a
//     missing stream): "nil";
//   - the client's own: "closed" (the client was closed), "pool_timeout",
//     "pool_exhausted";
//   - the context's: "canceled", "deadline_exceeded";
//   - the network's: "timeout", "connection_refused", "connection_reset",
//     "broken_pipe", "eof" (the server closed the connection), and
//     "network" for any other net.Error;
//   - anything else: "_OTHER".
func errorType(err error) string {
	var rerr redis.Error
	switch {
	case errors.Is(err, redis.Nil):
		return "nil"
	case errors.As(err, &rerr):
		return replyPrefix(rerr.Error())
	case errors.Is(err, redis.ErrClosed):
		return "closed"
	case errors.Is(err, redis.ErrPoolTimeout):
		return "pool_timeout"
	case errors.Is(err, redis.ErrPoolExhausted):
		return "pool_exhausted"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "deadline_exceeded"
	case errors.Is(err, syscall.ECONNREFUSED):
		return "connection_refused"
	case errors.Is(err, syscall.ECONNRESET):
		return "connection_reset"
	case errors.Is(err, syscall.EPIPE):
		return "broken_pipe"
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "eof"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "timeout"
	}
	var nerr net.Error
	if errors.As(err, &nerr) {
		if nerr.Timeout() {
			return "timeout"
		}
		return "network"
	}
	return "_OTHER"
}

// replyPrefix returns the error code that starts a Redis error reply: its
// first word when that is 1 to 32 upper-case letters, digits or
// underscores, as every code of the server and of the common modules is;
// "ERR" otherwise, so that no free text reaches an attribute.
func replyPrefix(msg string) string {
	i := 0
	for ; i < len(msg) && i <= 32; i++ {
		c := msg[i]
		if c == ' ' {
			break
		}
		if !('A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '_') {
			return "ERR"
		}
	}
	if i == 0 || i > 32 {
		return "ERR"
	}
	return msg[:i]
}
