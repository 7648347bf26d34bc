package web

import (
	"net/http"
	"strings"

	"github.com/streamotel/streamotel/otelsensor"
)

// UnmatchedRoute is the http.route of requests that matched no pattern (not
// found, method not allowed) or whose handler is not a ServeMux: a fixed
// value, so that unknown paths do not create series.
const UnmatchedRoute = "_OTHER"

// router is what *http.ServeMux offers to find a request's pattern before
// serving it.
type router interface {
	Handler(r *http.Request) (h http.Handler, pattern string)
}

// Middleware returns a function that wraps a handler so that each request is
// reported to s: OnWebRequestStart when it starts, OnWebRequestEnd with its
// status code when the handler returns (500 if it panicked before writing a
// status).
//
// The route is the path of the ServeMux pattern that matched, without its
// method and host ("/orders/{id}"), never the raw path. When the wrapped
// handler is a *http.ServeMux the route is known from the start; otherwise
// it is read from Request.Pattern once the handler returns, as set by a
// ServeMux further in that was given the same request, and the start
// callback sees an empty route. Requests that matched no pattern get
// UnmatchedRoute.
func Middleware(s otelsensor.Sensor) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		mux, _ := next.(router)
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			req := otelsensor.WebRequest{Method: r.Method, Scheme: "http"}
			if r.TLS != nil {
				req.Scheme = "https"
			}
			if mux != nil {
				_, pattern := mux.Handler(r)
				req.Route = routeOf(pattern)
			}
			ctx := r.Context()
			st := s.OnWebRequestStart(ctx, req)
			sw := &statusWriter{ResponseWriter: w}
			returned := false
			defer func() {
				status := sw.status
				if status == 0 {
					status = http.StatusOK
					if !returned {
						status = http.StatusInternalServerError
					}
				}
				if mux == nil {
					req.Route = routeOf(r.Pattern)
				}
				s.OnWebRequestEnd(ctx, req, status, st)
			}()
			next.ServeHTTP(sw, r)
			returned = true
		})
	}
}

// routeOf returns the path of a ServeMux pattern, "[METHOD ][HOST]/[PATH]",
// with the trailing {$} that anchors it removed, or UnmatchedRoute.
func routeOf(pattern string) string {
	if i := strings.IndexAny(pattern, " \t"); i >= 0 {
		pattern = pattern[i:]
	}
	i := strings.IndexByte(pattern, '/')
	if i < 0 {
		return UnmatchedRoute
	}
	return strings.TrimSuffix(pattern[i:], "{$}")
}

// statusWriter remembers the status code of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the first final (non-1xx) status code.
func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 && code >= 200 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

// Write records an implicit 200 before the first write.
func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

// Flush sends buffered data, when the wrapped writer can.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		if w.status == 0 {
			w.status = http.StatusOK
		}
		f.Flush()
	}
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
