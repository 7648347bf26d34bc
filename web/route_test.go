package web

import (
	"strings"
	"testing"
)

func TestRouteOf(t *testing.T) {
	for pattern, want := range map[string]string{
		"":                           UnmatchedRoute,
		"/":                          "/",
		"/{$}":                       "/",
		"GET /orders/{id}":           "/orders/{id}",
		"GET  \t/orders/{id...}":     "/orders/{id...}",
		"example.com/health":         "/health",
		"POST example.com/{$}":       "/",
		"GET /files/":                "/files/",
		"GET":                        UnmatchedRoute,
		"GET example.com":            UnmatchedRoute,
		"GET /{$}/x{$}":              "/{$}/x",
		"\xff /caf\xc3\xa9/{name}":   "/caf\xc3\xa9/{name}",
		"get /lowercase/methods/too": "/lowercase/methods/too",
	} {
		if got := routeOf(pattern); got != want {
			t.Errorf("routeOf(%q) = %q, want %q", pattern, got, want)
		}
	}
}

// FuzzRouteOf checks that any pattern gives the fixed unmatched value or a
// path cut from the pattern itself.
func FuzzRouteOf(f *testing.F) {
	for _, s := range []string{"", "/", "GET /orders/{id}", "example.com/{$}", "GET\t/x", " ", "{$}", "\x00/\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, pattern string) {
		got := routeOf(pattern)
		if got == UnmatchedRoute {
			return
		}
		if !strings.HasPrefix(got, "/") || !strings.Contains(pattern, got) {
			t.Errorf("routeOf(%q) = %q", pattern, got)
		}
	})
}
