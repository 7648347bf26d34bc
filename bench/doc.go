// Package bench measures what streamotel costs per message against the
// alternatives: the OpenTelemetry API used by hand, Prometheus' client_golang
// used as its documentation shows and with label children cached, and the
// Monitor on a no-op MeterProvider. Every contender drives the same metrics,
// with the same attributes, for the same work: one message's lifecycle over
// eight topic-partitions and two streams.
//
// The package holds benchmarks and tests only. run.sh runs the suite with the
// flags docs/performance.md quotes and summarises it with benchstat.
package bench
