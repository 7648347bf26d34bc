package otelsensor

import (
	"context"
	"strconv"

	"go.opentelemetry.io/otel/attribute"

	"github.com/streamotel/streamotel/internal/series"
	"github.com/streamotel/streamotel/semconv"
)

// Requests to the worker's web server (WebHook), as the HTTP conventions
// measure them and Faust's web view counts them.

var _ WebHook = (*Monitor)(nil)

// web is the Monitor's state of web requests.
type web struct {
	active   *series.Map[webKey, outcome]
	requests *series.Map[requestKey, request]
	latency  *history // Faust's http_response_latency
}

// webKey identifies the active requests of a method and scheme.
type webKey struct{ method, scheme string }

// requestKey identifies a request series.
type requestKey struct {
	method, scheme, route string
	status                int
}

// request is the state of one request series.
type request struct {
	status int
	n      outcome
}

func (m *Monitor) initWeb() {
	m.web.latency = newHistory(m.cfg.avgHistory)
	m.web.active = newMap(m, func(k webKey) *outcome {
		return &outcome{attrs: m.base.with(semconv.HTTPRequestMethod.String(k.method), semconv.URLScheme.String(k.scheme))}
	}, func() *outcome { return &outcome{attrs: m.base.with(m.overflow)} }).WithClean(func(k webKey) webKey {
		return webKey{method: cleanMethod(k.method), scheme: scheme(k.scheme)}
	})
	m.web.requests = newMap(m, func(k requestKey) *request {
		return &request{status: k.status, n: outcome{attrs: m.base.with(requestAttrs(k)...)}}
	}, func() *request { return &request{n: outcome{attrs: m.base.with(m.overflow)}} }).WithClean(func(k requestKey) requestKey {
		k.method, k.scheme, k.route = cleanMethod(k.method), scheme(k.scheme), cleanOrEmpty(k.route)
		return k
	})
}

func requestAttrs(k requestKey) []attribute.KeyValue {
	kvs := []attribute.KeyValue{
		semconv.HTTPRequestMethod.String(k.method),
		semconv.URLScheme.String(k.scheme),
		semconv.HTTPResponseStatusCode.Int(k.status),
	}
	if k.route != "" {
		kvs = append(kvs, semconv.HTTPRoute.String(k.route))
	}
	if k.status >= 500 {
		kvs = append(kvs, semconv.ErrorType.String(strconv.Itoa(k.status)))
	}
	return kvs
}

// httpMethods are the methods http.request.method reports by name; others
// are reported as _OTHER, as the conventions ask.
var httpMethods = map[string]string{
	"CONNECT": "CONNECT", "DELETE": "DELETE", "GET": "GET", "HEAD": "HEAD",
	"OPTIONS": "OPTIONS", "PATCH": "PATCH", "POST": "POST", "PUT": "PUT",
	"TRACE": "TRACE", "QUERY": "QUERY",
}

func cleanMethod(method string) string {
	if s, ok := httpMethods[method]; ok {
		return s
	}
	return "_OTHER"
}

// scheme returns the url.scheme of a request: "http" when empty, cleaned
// otherwise.
func scheme(s string) string {
	if s == "" {
		return "http"
	}
	return clean(s)
}

// OnWebRequestStart marks a request active.
func (m *Monitor) OnWebRequestStart(ctx context.Context, req WebRequest) {
	if !m.closed.Load() {
		m.web.active.Get(webKey{req.Method, req.Scheme}).n.Add(1)
	}
}

// OnWebRequestEnd counts the response by status code and records
// http.server.request.duration. Given a token that did not start it counts
// the response only.
func (m *Monitor) OnWebRequestEnd(ctx context.Context, req WebRequest, status int) {
	if m.closed.Load() {
		return
	}
	r := m.web.requests.Get(requestKey{method: req.Method, scheme: req.Scheme, route: req.Route, status: status})
	r.n.n.Add(1)
	e, ok := m.end(req.stamp)
	if !ok {
		return
	}
	m.web.active.Get(webKey{req.Method, req.Scheme}).n.Add(-1)
	record(ctx, m.inst.httpDuration, e.secs, r.n.attrs)
	m.web.latency.add(0, e)
}

func (m *Monitor) observeWeb(o observer) {
	m.web.active.Each(func(a *outcome) { o.value(m.inst.httpActive, max(a.n.Load(), 0), a.attrs) })
}

func (m *Monitor) snapshotWeb(s *Snapshot) {
	m.web.requests.Each(func(r *request) { s.HTTPResponseCodes[r.status] += r.n.n.Load() })
	s.HTTPResponseLatency = m.web.latency.values()
	s.HTTPResponseLatencyAvg = mean(s.HTTPResponseLatency)
}
