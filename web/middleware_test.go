package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/web"
)

// recorder is a WebHook that keeps the web requests it was told about,
// without their start.
type recorder struct {
	mu     sync.Mutex
	starts []otelsensor.WebRequest
	ends   []end
}

type end struct {
	req    otelsensor.WebRequest
	status int
}

// unstarted returns req without its start, to compare it.
func unstarted(req otelsensor.WebRequest) otelsensor.WebRequest {
	return otelsensor.WebRequest{Method: req.Method, Scheme: req.Scheme, Route: req.Route}
}

func (r *recorder) OnWebRequestStart(_ context.Context, req otelsensor.WebRequest) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !req.Started() {
		panic("a start callback with a token that did not start")
	}
	r.starts = append(r.starts, unstarted(req))
}

func (r *recorder) OnWebRequestEnd(_ context.Context, req otelsensor.WebRequest, status int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !req.Started() {
		panic("end without the start's token")
	}
	r.ends = append(r.ends, end{unstarted(req), status})
}

// sensor returns a Sensor that reports to r.
func (r *recorder) sensor() *otelsensor.Sensor { return otelsensor.NewSensor(r) }

func routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusEarlyHints)
		w.WriteHeader(http.StatusAccepted)
	})
	mux.HandleFunc("POST example.com/{$}", func(w http.ResponseWriter, r *http.Request) {})
	mux.HandleFunc("/boom", func(w http.ResponseWriter, r *http.Request) { panic(http.ErrAbortHandler) })
	mux.HandleFunc("/flush", func(w http.ResponseWriter, r *http.Request) {
		if err := http.NewResponseController(w).Flush(); err != nil {
			panic(err)
		}
	})
	return mux
}

func TestMiddlewareLetsHandlersHijack(t *testing.T) {
	rec := &recorder{}
	srv := httptest.NewServer(web.Middleware(rec.sensor())(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, rw, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		defer conn.Close()
		_, _ = rw.WriteString("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi")
		_ = rw.Flush()
	})))
	defer srv.Close()
	_, body := get(t, srv.URL)
	// The server does not wait for handlers of hijacked connections.
	var ends []end
	for deadline := time.Now().Add(5 * time.Second); len(ends) == 0 && time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		rec.mu.Lock()
		ends = slices.Clone(rec.ends)
		rec.mu.Unlock()
	}
	if body != "hi" || len(ends) != 1 || ends[0].status != http.StatusSwitchingProtocols {
		t.Errorf("body %q, ends %+v; want hi and one request with status 101", body, ends)
	}
}

func TestMiddlewareDoesNotAllocate(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /static", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	req := httptest.NewRequest("GET", "/static", nil)
	w := discard{h: http.Header{}}
	bare := testing.AllocsPerRun(100, func() { mux.ServeHTTP(w, req) })
	for name, s := range map[string]*otelsensor.Sensor{
		"disabled":     nil,
		"without hook": otelsensor.NewSensor(),
		"web hook":     otelsensor.NewSensor(nopWeb{}),
	} {
		h := web.Middleware(s)(mux)
		if wrapped := testing.AllocsPerRun(100, func() { h.ServeHTTP(w, req) }); wrapped != bare {
			t.Errorf("%s: the mux allocates %v times a request, with the middleware %v", name, bare, wrapped)
		}
	}
}

// nopWeb is a WebHook that does nothing.
type nopWeb struct{}

func (nopWeb) OnWebRequestStart(context.Context, otelsensor.WebRequest)    {}
func (nopWeb) OnWebRequestEnd(context.Context, otelsensor.WebRequest, int) {}

func TestMiddlewareRouteAndStatus(t *testing.T) {
	for _, tc := range []struct {
		name     string
		wrap     func(http.Handler) http.Handler
		wantCopy bool // the handler serves a copy of the request: no route
	}{
		{"ServeMux", func(h http.Handler) http.Handler { return h }, false},
		{"handler around a ServeMux", func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) })
		}, false},
		{"handler that copies the request", func(h http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r.WithContext(r.Context())) })
		}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			h := web.Middleware(rec.sensor())(tc.wrap(routes()))
			for _, req := range []*http.Request{
				httptest.NewRequest("GET", "/orders/12345", nil),
				httptest.NewRequest("POST", "http://example.com/", nil),
				httptest.NewRequest("GET", "/nowhere/67890", nil),
				httptest.NewRequest("DELETE", "/orders/1", nil),
				httptest.NewRequest("GET", "https://example.com/flush", nil),
			} {
				h.ServeHTTP(httptest.NewRecorder(), req)
			}
			func() {
				defer func() {
					if p := recover(); p != http.ErrAbortHandler {
						t.Errorf("panic = %v, want it passed on", p)
					}
				}()
				h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/boom", nil))
			}()

			want := []end{
				{otelsensor.WebRequest{Method: "GET", Scheme: "http", Route: "/orders/{id}"}, 202},
				{otelsensor.WebRequest{Method: "POST", Scheme: "http", Route: "/"}, 200},
				{otelsensor.WebRequest{Method: "GET", Scheme: "http", Route: web.UnmatchedRoute}, 404},
				{otelsensor.WebRequest{Method: "DELETE", Scheme: "http", Route: web.UnmatchedRoute}, 405},
				{otelsensor.WebRequest{Method: "GET", Scheme: "https", Route: "/flush"}, 200},
				{otelsensor.WebRequest{Method: "GET", Scheme: "http", Route: "/boom"}, 500},
			}
			if len(rec.ends) != len(want) || len(rec.starts) != len(want) {
				t.Fatalf("%d starts and %d ends, want %d", len(rec.starts), len(rec.ends), len(want))
			}
			for i, w := range want {
				if tc.wantCopy {
					w.req.Route = web.UnmatchedRoute
				}
				if got := rec.ends[i]; got != w {
					t.Errorf("end %d = %+v, want %+v", i, got, w)
				}
				start := w.req
				start.Route = "" // not routed yet
				if got := rec.starts[i]; got != start {
					t.Errorf("start %d = %+v, want %+v", i, got, start)
				}
			}
		})
	}
}
