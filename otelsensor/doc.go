// Package otelsensor instruments stream-processing and messaging workers with
// OpenTelemetry metrics, after the Sensor and Monitor of Faust.
//
// A worker, and the adapters of its broker client, call a [Sensor]: a
// concrete front, as [log/slog.Logger] is, with one method for each of
// Faust's sensor callbacks and a few more. Start callbacks return a typed
// token ([Message], [Event], [Send], [Commit], ...) that carries the
// lifecycle's identity and start time; its end callback takes the token back
// with only what is new, so one lifecycle's token cannot end another's:
//
//	msg := sensor.OnMessageIn(ctx, tp, offset)
//	ev := sensor.OnStreamEventIn(ctx, msg, stream)
//	err := process(rec)
//	sensor.OnStreamEventOut(ctx, ev, err)
//	sensor.OnMessageOut(ctx, msg)
//
// A Sensor dispatches each callback to its hooks: any values that implement
// some of the small hook interfaces ([MessageHook], [EventHook], [SendHook],
// ...), each checked once by [NewSensor]. The [Monitor] is the
// OpenTelemetry-native hook: it keeps Faust's live state in process (rates,
// averages over a bounded history, counts per topic, partition, stream and
// table, offsets and lag), readable as a [Snapshot], and exports that state
// through the instruments that the semantic-convention table in package
// semconv names. Package slogsensor has a hook that logs.
//
// Counts live in the Monitor as atomics and are exported by observable
// instruments at collection time; durations are recorded on histograms with
// attribute sets built once per series. No callback allocates once its series
// exist. Names (topics, streams, tables, routes, error types) are cleaned
// before they are kept: valid UTF-8, no control characters, at most 255
// bytes. Series are bounded by a cardinality limit, past which measurements
// fall into one series marked otel.metric.overflow=true.
//
// Committed offsets follow Kafka's convention: the offset of the next message
// to read, so that lag is the end offset (high watermark) minus the committed
// offset. A caller's error gives its own error.type with an ErrorType()
// string method anywhere in its chain (or [WithErrorType]); otherwise the standard library's
// errors have readable names ("canceled", "timeout", "eof", ...) and other
// errors their type name (see [Monitor]).
//
// [Default] returns a process-wide Sensor that is disabled until
// [SetDefault] is called.
package otelsensor
