// Package env reads and validates the OpenTelemetry environment variables
// that streamotel's exporters honour. Every bad value is an [*Error] naming
// its variable and what is wrong where in it, but never showing the value:
// headers and endpoints carry tokens and passwords, and errors end up in
// logs. The exporters never fall back silently.
package env

import (
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Error reports an environment variable whose value cannot be used. It
// holds no part of the value, which may be a secret.
type Error struct {
	// Name is the variable.
	Name string
	// Reason says what is wrong with the value, and where.
	Reason string
}

// Error says which variable is wrong and why.
func (e *Error) Error() string {
	return fmt.Sprintf("environment variable %s: %s", e.Name, e.Reason)
}

// Var is one variable that is set.
type Var struct {
	Name, Value string
}

// Errorf returns an *Error about v; the reason must not quote the value.
func (v Var) Errorf(format string, args ...any) *Error {
	return &Error{Name: v.Name, Reason: fmt.Sprintf(format, args...)}
}

// Lookup returns the first of the named variables that is set and not
// blank, so that a signal-specific variable listed first takes precedence
// over the general one.
func Lookup(names ...string) (Var, bool) {
	for _, n := range names {
		if v := strings.TrimSpace(os.Getenv(n)); v != "" {
			return Var{n, v}, true
		}
	}
	return Var{}, false
}

// Millis reads a non-negative integer number of milliseconds.
func Millis(names ...string) (time.Duration, bool, error) {
	v, ok := Lookup(names...)
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(v.Value, 10, 64)
	if err != nil || n < 0 || n > int64(time.Duration(1<<63-1)/time.Millisecond) {
		return 0, false, v.Errorf("want a non-negative integer number of milliseconds")
	}
	return time.Duration(n) * time.Millisecond, true, nil
}

// Bool reads "true" or "false", in any case.
func Bool(names ...string) (bool, bool, error) {
	v, ok := Lookup(names...)
	if !ok {
		return false, false, nil
	}
	switch strings.ToLower(v.Value) {
	case "true":
		return true, true, nil
	case "false":
		return false, true, nil
	}
	return false, false, v.Errorf(`want "true" or "false"`)
}

// Headers reads a header list such as "api-key=secret,x-tenant=a%20b".
func Headers(names ...string) (map[string]string, bool, error) {
	v, ok := Lookup(names...)
	if !ok {
		return nil, false, nil
	}
	h, err := ParseHeaders(v.Value)
	if err != nil {
		return nil, false, v.Errorf("%v", err)
	}
	return h, true, nil
}

// ParseHeaders parses the OpenTelemetry header list format: comma-separated
// key=value pairs whose values are percent-encoded. Keys must be HTTP header
// names (RFC 9110 tokens); empty members are allowed and skipped. Errors
// name the member by its position (from 1) and a valid key, never a value
// or an invalid key, which may be a misplaced secret.
func ParseHeaders(s string) (map[string]string, error) {
	h := map[string]string{}
	pos := 0
	for member := range strings.SplitSeq(s, ",") {
		pos++
		member = strings.TrimSpace(member)
		if member == "" {
			continue
		}
		k, val, ok := strings.Cut(member, "=")
		k = strings.TrimSpace(k)
		if !ok {
			return nil, fmt.Errorf("member %d has no '=' (want key=value)", pos)
		}
		if !isToken(k) {
			return nil, fmt.Errorf("member %d: the header name is not a valid token", pos)
		}
		dec, err := url.PathUnescape(strings.TrimSpace(val))
		if err != nil {
			return nil, fmt.Errorf("member %d: the value of header %q is not valid percent-encoding", pos, k)
		}
		if strings.ContainsAny(dec, "\r\n\x00") {
			return nil, fmt.Errorf("member %d: the value of header %q holds a line break or NUL", pos, k)
		}
		h[k] = dec
	}
	return h, nil
}

// isToken reports whether s is an RFC 9110 token.
func isToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}

// List reads a comma-separated list of lower-cased, trimmed names; empty
// members are skipped.
func List(name string) ([]string, bool) {
	v, ok := Lookup(name)
	if !ok {
		return nil, false
	}
	var out []string
	for m := range strings.SplitSeq(v.Value, ",") {
		if m = strings.ToLower(strings.TrimSpace(m)); m != "" {
			out = append(out, m)
		}
	}
	return out, true
}

// Periodic returns the export interval and timeout that
// OTEL_METRIC_EXPORT_INTERVAL and OTEL_METRIC_EXPORT_TIMEOUT set (zero when
// unset); zero values are refused, as they would make the reader spin.
func Periodic() (interval, timeout time.Duration, err error) {
	interval, ok, err := Millis("OTEL_METRIC_EXPORT_INTERVAL")
	if err == nil && ok && interval == 0 {
		v, _ := Lookup("OTEL_METRIC_EXPORT_INTERVAL")
		err = v.Errorf("want a positive number of milliseconds")
	}
	if err != nil {
		return 0, 0, err
	}
	timeout, ok, err = Millis("OTEL_METRIC_EXPORT_TIMEOUT")
	if err == nil && ok && timeout == 0 {
		v, _ := Lookup("OTEL_METRIC_EXPORT_TIMEOUT")
		err = v.Errorf("want a positive number of milliseconds")
	}
	return interval, timeout, err
}
