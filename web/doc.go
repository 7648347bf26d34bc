// Package web serves a worker's Monitor over HTTP, as Faust's web server
// does: a health check, the Monitor's state as JSON with Faust's field names,
// the Prometheus endpoint of the application's choosing and a live
// dashboard that needs nothing else installed.
//
// [NewHandler] returns the bundle, to mount in the application's own server:
//
//	GET /health     the health.Report as JSON: 200 when healthy, 503 when not
//	GET /monitor    the otelsensor.Snapshot as JSON (messages_received_total, ...)
//	GET /metrics    the handler given with WithMetrics, if any
//	GET /dashboard  a self-contained page that polls /monitor and /health
//
// [Middleware] reports every request of a handler to a Sensor
// (OnWebRequestStart, OnWebRequestEnd), so that the Monitor records
// http.server.request.duration and http.server.active_requests with a
// low-cardinality http.route. The bundle instruments itself with it.
package web
