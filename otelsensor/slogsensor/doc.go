// Package slogsensor provides a Sensor that logs a worker's callbacks through
// log/slog, the Go equal of Faust's LoggingSensor, for reading what a worker
// does while debugging it.
//
// Each record carries the fields of its callback under the names of the
// OpenTelemetry attributes that the metrics use (messaging.destination.name,
// messaging.destination.partition.id, streamotel.stream.name,
// streamotel.table.name, error.type, ...), plus [OffsetKey] for offsets,
// [DurationKey] for the time since the matching start callback in seconds,
// and [ErrorMessageKey] for an error's text. Attributes of the logger (its
// With and WithGroup) and its handler's level apply as usual.
//
// Callbacks that happen for every message, event, table access or send are
// off by default ([Noisy] lists them); rare ones log at Info (assignments,
// rebalances), Warn (a full topic buffer, failed stream events and commits)
// or Error (failed sends and assignments). [WithSampling] turns any
// [Callback] on, off or to one record in n, and [WithLevel] changes its
// level.
//
// A callback that is off, or whose level the handler does not enable, costs
// one check of the level and does not allocate.
//
// To log next to the metrics, add the Sensor and the Monitor to an
// otelsensor.Fanout.
package slogsensor
