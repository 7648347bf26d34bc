// Package e2e holds end-to-end tests: an instrumented pipeline exports
// through the exporters package to a real OpenTelemetry Collector (built by
// scripts/tools/otelcol.sh) and is scraped by a real Prometheus (installed
// by scripts/tools/prometheus.sh), both started on free 127.0.0.1 ports and
// stopped by the test that started them.
package e2e
