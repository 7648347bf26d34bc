package redissensor

import (
	"strings"

	"github.com/redis/go-redis/v9"
)

// kind is what the hook does with a command: the stream commands it
// reports, and everything else, which it passes on untouched.
type kind uint8

const (
	other kind = iota
	xadd
	xack
	xread
	xreadgroup
	xclaim
	xautoclaim
)

// kindOf returns the kind of cmd from its name, compared without regard to
// case (go-redis sends "xadd", Do may send "XADD") and without allocating:
// a command whose name does not start with an X costs one type assertion
// and a byte comparison. A stream command whose first argument is not a
// string is not reported.
func kindOf(cmd redis.Cmder) kind {
	args := cmd.Args()
	if len(args) < 2 {
		return other
	}
	name, ok := args[0].(string)
	if !ok || len(name) < 4 || name[0]|0x20 != 'x' {
		return other
	}
	if _, ok := args[1].(string); !ok { // a stream's name as []byte, through Do
		return other
	}
	switch len(name) {
	case 4:
		if strings.EqualFold(name, "xadd") {
			return xadd
		}
		if strings.EqualFold(name, "xack") {
			return xack
		}
	case 5:
		if strings.EqualFold(name, "xread") {
			return xread
		}
	case 6:
		if strings.EqualFold(name, "xclaim") {
			return xclaim
		}
	case 10:
		if strings.EqualFold(name, "xreadgroup") {
			return xreadgroup
		}
		if strings.EqualFold(name, "xautoclaim") {
			return xautoclaim
		}
	}
	return other
}

// arg returns the i-th argument of args if it is a string, else "".
func arg(args []any, i int) string {
	if i < len(args) {
		if s, ok := args[i].(string); ok {
			return s
		}
	}
	return ""
}

// readKeys returns, for the arguments of XREAD or XREADGROUP (k), the
// streams read (the keys after STREAMS) and the IDs read from (as many
// arguments after them). Options are skipped by their shape, so that a group,
// consumer or stream named "streams" is not mistaken for the keyword. Both
// are sub-slices of args: nothing is copied.
func readKeys(k kind, args []any) (streams, ids []any) {
	i := 1
	if k == xreadgroup {
		i = 4 // GROUP group consumer
	}
	for i < len(args) {
		switch s := arg(args, i); {
		case strings.EqualFold(s, "streams"):
			keys := args[i+1:]
			if len(keys)%2 != 0 {
				return nil, nil
			}
			return keys[:len(keys)/2], keys[len(keys)/2:]
		case strings.EqualFold(s, "noack"):
			i++
		default: // COUNT n, BLOCK ms, CLAIM ms: every other option has a value
			i += 2
		}
	}
	return nil, nil
}

// bodySize returns the bytes of an entry's body: its field names and
// values (the values the server sent as strings).
func bodySize(msg *redis.XMessage) int {
	n := 0
	for k, v := range msg.Values {
		n += len(k)
		if s, ok := v.(string); ok {
			n += len(s)
		}
	}
	return n
}
