// Package exporters sets up, in one call, the OpenTelemetry MeterProvider
// that a streamotel worker reports to: its resource, Views and readers.
//
// [Setup] reads the standard OpenTelemetry environment variables, so where
// metrics go can change without code changes:
//
//	OTEL_METRICS_EXPORTER=otlp,prometheus     which exporters (otlp, prometheus, console, statsd, none)
//	OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317
//	OTEL_EXPORTER_OTLP_PROTOCOL=grpc          or http/protobuf
//	OTEL_EXPORTER_OTLP_HEADERS=api-key=secret
//	OTEL_EXPORTER_PROMETHEUS_HOST=127.0.0.1   and _PORT=9464
//	OTEL_METRIC_EXPORT_INTERVAL=10000         milliseconds
//	OTEL_SERVICE_NAME=orders-worker
//	OTEL_RESOURCE_ATTRIBUTES=deployment.environment.name=prod
//	OTEL_METRICS_EXEMPLAR_FILTER=trace_based
//
// Options given in code override the variables. A value that cannot be used
// (an unknown exporter, a malformed endpoint or header) makes Setup fail with
// an error naming the variable ([*EnvError] for the OTEL_ ones); nothing
// falls back silently.
//
// The readers themselves live in the subpackages otlp, prometheus, stdout and
// statsd (whose STATSD_* variables Setup honours when it is chosen),
// which can also be used on their own with the OpenTelemetry SDK.
package exporters
