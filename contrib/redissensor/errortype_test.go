package redissensor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/streamotel/streamotel/contrib/redissensor/internal/redistest"
)

func TestErrorType(t *testing.T) {
	refused := &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
	for _, tc := range []struct {
		err  error
		want string
	}{
		{redis.Nil, "nil"},
		{fmt.Errorf("xadd: %w", redis.Nil), "nil"},
		{redis.ErrClosed, "closed"},
		{redis.ErrPoolTimeout, "pool_timeout"},
		{redis.ErrPoolExhausted, "pool_exhausted"},
		{context.Canceled, "canceled"},
		{context.DeadlineExceeded, "deadline_exceeded"},
		{refused, "connection_refused"},
		{&net.OpError{Op: "read", Err: os.NewSyscallError("read", syscall.ECONNRESET)}, "connection_reset"},
		{&net.OpError{Op: "write", Err: os.NewSyscallError("write", syscall.EPIPE)}, "broken_pipe"},
		{io.EOF, "eof"},
		{io.ErrUnexpectedEOF, "eof"},
		{&net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}, "timeout"},
		{&net.DNSError{Err: "no such host", Name: "redis.invalid", IsNotFound: true}, "network"},
		{errors.New("something else"), "_OTHER"},
	} {
		if got := errorType(tc.err); got != tc.want {
			t.Errorf("errorType(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

func TestReplyPrefix(t *testing.T) {
	for msg, want := range map[string]string{
		"WRONGTYPE Operation against a key holding the wrong kind of value": "WRONGTYPE",
		"NOGROUP No such key 's' or consumer group 'g'":                     "NOGROUP",
		"BUSYGROUP Consumer Group name already exists":                      "BUSYGROUP",
		"ERR The ID specified in XADD is equal or smaller":                  "ERR",
		"MOVED 3999 127.0.0.1:6381":                                         "MOVED",
		"NOPERM":                                                            "NOPERM",
		"lower case text from a proxy":                                      "ERR",
		"":                                                                  "ERR",
		" leading space":                                                    "ERR",
		strings.Repeat("A", 33) + " too long to be a code":                  "ERR",
		strings.Repeat("A", 32) + " long code":                              strings.Repeat("A", 32),
		"ÉRR accented":                                                      "ERR",
	} {
		if got := replyPrefix(msg); got != want {
			t.Errorf("replyPrefix(%q) = %q, want %q", msg, got, want)
		}
	}
}

// TestErrorTypeFromServer checks error replies the server sends to commands
// the Hook does not report, through the same function.
func TestErrorTypeFromServer(t *testing.T) {
	srv := redistest.Start(t)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	defer rdb.Close()
	ctx := context.Background()
	if err := rdb.XGroupCreateMkStream(ctx, "s", "g", "$").Err(); err != nil {
		t.Fatal(err)
	}
	err := rdb.XGroupCreate(ctx, "s", "g", "$").Err()
	if got := errorType(err); got != "BUSYGROUP" {
		t.Errorf("errorType(%v) = %q, want BUSYGROUP", err, got)
	}
	err = rdb.Do(ctx, "NOSUCHCOMMAND").Err()
	if got := errorType(err); got != "ERR" {
		t.Errorf("errorType(%v) = %q, want ERR", err, got)
	}
}

// FuzzReplyPrefix checks that whatever a server replies, error.type is a
// code of 1 to 32 upper-case letters, digits or underscores that starts the
// reply, or ERR.
func FuzzReplyPrefix(f *testing.F) {
	for _, s := range []string{"WRONGTYPE Operation", "ERR", "", " x", "NOGROUP\x00", "LOADING Redis is loading"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, msg string) {
		got := replyPrefix(msg)
		if got == "ERR" {
			return
		}
		if len(got) > 32 || !strings.HasPrefix(msg, got) || strings.TrimLeft(got, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != "" {
			t.Fatalf("replyPrefix(%q) = %q", msg, got)
		}
		if rest := msg[len(got):]; rest != "" && rest[0] != ' ' {
			t.Fatalf("replyPrefix(%q) = %q: not a whole word", msg, got)
		}
	})
}
