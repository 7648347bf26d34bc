package web

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"sync"

	"github.com/streamotel/streamotel/otelsensor"
)

// UnmatchedRoute is the http.route of requests that matched no ServeMux
// pattern (not found, method not allowed, or no ServeMux saw the request): a
// fixed value, so that unknown paths do not create series.
const UnmatchedRoute = "_OTHER"

// Middleware returns a function that wraps a handler so that each request is
// reported to s: OnWebRequestStart when it starts, OnWebRequestEnd with its
// status code when the handler returns (500 if it panicked before writing a
// status).
//
// The route, given to OnWebRequestEnd, is the path of the ServeMux pattern
// that matched, without its method and host ("/orders/{id}"), never the raw
// path. It is read from Request.Pattern once the handler returns, as a
// ServeMux sets it on the request it is given: wrap the ServeMux, or
// handlers that pass it the same request. OnWebRequestStart is called
// before routing, with an empty route. Requests that matched no pattern
// (not found, method not allowed) get UnmatchedRoute.
//
// The middleware itself does not allocate. A nil s reports nowhere.
func Middleware(s *otelsensor.Sensor) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			req := otelsensor.WebRequest{Method: r.Method, Scheme: "http"}
			if r.TLS != nil {
				req.Scheme = "https"
			}
			ctx := r.Context()
			req = s.OnWebRequestStart(ctx, req)
			sw := writers.Get().(*statusWriter)
			*sw = statusWriter{ResponseWriter: w}
			returned := false
			defer func() {
				status := sw.status
				if status == 0 {
					status = http.StatusOK
					if !returned {
						status = http.StatusInternalServerError
					}
				}
				*sw = statusWriter{}
				writers.Put(sw)
				req.Route = routeOf(r.Pattern)
				s.OnWebRequestEnd(ctx, req, status)
			}()
			next.ServeHTTP(sw, r)
			returned = true
		})
	}
}

// writers recycles the statusWriters of ended requests: a handler must not
// use its ResponseWriter once it returned.
var writers = sync.Pool{New: func() any { return new(statusWriter) }}

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

// Hijack hands the connection over to the handler, when the wrapped writer
// can; the request is then reported with status 101 (Switching Protocols)
// unless a status was written.
func (w *statusWriter) Hijack() (net.Conn, *bufio.ReadWriter, error) {
	conn, rw, err := http.NewResponseController(w.ResponseWriter).Hijack()
	if err == nil && w.status == 0 {
		w.status = http.StatusSwitchingProtocols
	}
	return conn, rw, err
}

// Unwrap returns the wrapped writer, for http.ResponseController.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
