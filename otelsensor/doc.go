// Package otelsensor instruments stream-processing and messaging workers with
// OpenTelemetry metrics, after the Sensor and Monitor of Faust.
//
// A worker calls a [Sensor] from its consumer loop, its handlers and its
// producer. The [Monitor] is the OpenTelemetry-native Sensor: it keeps Faust's
// live state in process (rates, averages over a bounded history, counts per
// topic, partition, stream and table, offsets and lag), readable as a
// [Snapshot], and exports that state through the instruments that the
// semantic-convention table in package semconv names.
//
// Counts live in the Monitor as atomics and are exported by observable
// instruments at collection time; durations are recorded on histograms with
// attribute sets built once per series. No callback allocates once its series
// exist, and series are bounded by a cardinality limit, past which
// measurements fall into one series marked otel.metric.overflow=true.
//
// Callbacks that Faust has no equivalent of are on extension interfaces, so
// that Sensor keeps Faust's set: [HandlerSensor] for message handler
// middleware, [ProducerSensor] and [ConsumerSensor] for batching clients such
// as Kinesis', and [ShardSensor] for sharded streams. Monitor, [Base] and
// [Fanout] implement all of them. [Default] returns a process-wide sensor that
// does nothing until [SetDefault] is called.
package otelsensor
