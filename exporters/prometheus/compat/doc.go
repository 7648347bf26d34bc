// Package compat serves streamotel's metrics to Prometheus exactly as a
// Python peer names them, so that the peer's dashboards and alerts keep
// working on a Go worker: [Faust] gives the metrics of faust-streaming's
// PrometheusMonitor, [FastStream] those of FastStream's Prometheus
// middleware.
//
// Each is a metric reader of its own, added to the MeterProvider next to
// any other reader, with an [http.Handler] for its endpoint. The default
// output (OpenTelemetry's names, through package exporters/prometheus or
// OTLP) is unchanged: the translation happens at scrape time, in this
// package's Prometheus collector, from the SDK's data. It
//
//   - names each metric as the peer does (prefix, then the peer's name; a
//     counter's samples end in _total and it has a _created gauge, as the
//     Python client writes them), without OpenTelemetry's name translation;
//   - gives each series the peer's label names and value formats (Faust's
//     topic.orders, table.counts, stream.topic_orders.events and
//     keys_retrieved; FastStream's app_name, broker, handler, destination,
//     status and exception_type), adding up the series that only differ by
//     attributes the peer does not have;
//   - converts seconds to Faust's milliseconds and re-buckets histograms to
//     the peer's boundaries, which is exact when every peer boundary is one
//     of the stream's (see [FaustViews] for the two that need a View).
//
// docs/exporters.md lists every peer metric with what it comes from, and
// the few things that cannot be the same (the text of le, Go type names as
// exception_type) and why.
package compat
