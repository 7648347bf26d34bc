// Package statsd is an OpenTelemetry metric exporter that sends metrics as
// StatsD lines over UDP, to Etsy's statsd daemon or anything that speaks its
// protocol, or as DogStatsD lines to a Datadog agent.
//
// The [Exporter] is a push exporter for [metric.NewPeriodicReader]: each
// collection cycle becomes one burst of UDP packets.
//
//   - Sums with delta temporality (counters) become counter lines, "name:3|c",
//     carrying what was added since the last export. Series that did not
//     change are not sent.
//   - Gauges and cumulative sums (up-down counters) become gauge lines,
//     "name:7|g". A negative value is sent as "name:0|g" followed by
//     "name:-7|g" in the same packet, since a leading minus alone means
//     "decrement" to a StatsD daemon.
//   - Histograms become timer lines, "name:12.5|ms|@0.25": the mean of the
//     values recorded during the interval, with a sample rate of 1/count. A
//     StatsD daemon or Datadog agent then counts the timer 1/rate times, so
//     count and rate are right (to the float rounding of 1/(1/count): 49
//     comes back as 48.99999999999999), the mean is exact, and so is the
//     sum for Datadog, which weights by the sample rate. Percentiles,
//     minimum and maximum are not:
//     the SDK hands exporters bucket counts, not the recorded values, and any
//     single value per bucket would distort the mean the daemon computes.
//     Instruments in seconds, microseconds or nanoseconds ("s", "us", "ns")
//     are sent in milliseconds; other units are sent unscaled.
//
// Two flavours carry attributes. [StatsD] folds them into the metric name as
// "name.key.value" segments, in key order, the way Faust's StatsdMonitor puts
// topics and streams in its metric names. [DogStatsD] sends them as tags,
// "|#key:value,key:value", which Datadog agents (and statsd 0.9, as Graphite
// tags) read.
//
// Names, keys and values are sanitised: every character outside
// [A-Za-z0-9_-] (plus '.' where it separates name segments, '.' and '/' in
// tags, and, in DogStatsD tags, letters and digits of any script, which
// Datadog reads as Unicode) becomes '_', so no attribute value can end a
// line, start a second metric or add a field. StatsD names stay ASCII, as
// StatsD daemons and Graphite drop other bytes. A name, key or value that
// sanitising changed ends with '-' and eight hex digits of the CRC-32C of
// its raw bytes, so "a:b", "a,b" and "a b" stay three series instead of
// merging into "a_b". The one change that is not marked is a dot inside a
// folded key or value of the StatsD flavour, which becomes '_' (the key
// messaging.system is the segment messaging_system): there "a.b" and "a_b"
// share a series; DogStatsD keeps them apart. Lines are packed into packets
// no larger than the configured size (1432 bytes by default: an Ethernet
// MTU less IP and UDP headers, with margin).
//
// UDP has no delivery guarantee: a write that fails (no daemon listening, for
// instance) is counted in [Exporter.Stats], reported as Export's error, and
// never retried or waited for.
package statsd
