// Package slogsensor provides a hook that logs a worker's callbacks through
// log/slog, the Go equal of Faust's LoggingSensor, for reading what a worker
// does while debugging it. Give the [Hook] that [New] returns to
// otelsensor.NewSensor, alone or next to the Monitor:
//
//	sensor := otelsensor.NewSensor(monitor, hook)
//
// The Hook implements every hook interface of otelsensor, the extension
// lifecycles (handlers, batching producers, consumers, shards) included.
//
// # Records
//
// Each callback logs one record. Its message is the callback's method name
// in words, without "On": OnMessageIn logs "message in", OnSendError logs
// "send error". Its fields carry the callback's arguments under the names
// of the OpenTelemetry attributes that the metrics use
// (messaging.destination.name, messaging.destination.partition.id,
// streamotel.stream.name, streamotel.table.name, error.type, ...), plus the
// keys declared below for what no such attribute names: [OffsetKey] for
// offsets, [DurationKey] for the time since the token's start, from the
// token itself, [ErrorMessageKey] for an error's text. Attributes of the
// handler (its WithAttrs and WithGroup) and its level apply as usual.
//
// # Rules, by callback name
//
// Options select callbacks by the names of the semconv table
// (semconv.Callbacks): a callback's method name, such as "OnMessageIn", or
// the name of a hook interface, such as "ConsumerHook", for all of its
// callbacks; no name selects every callback. New checks each name once and
// returns an error that names the unknown ones. The names are the table's
// rather than an enumeration of this package: the table is the one list of
// callbacks, and a method name is how a user already finds a callback in
// go doc, in the table and in Faust's vocabulary. Hook interface names alone
// would be too coarse, as one interface holds both a per-message callback
// (OnMessageIn) and a rare one (OnTopicBufferFull).
//
// Each callback has two rules: one for its ordinary records and one for the
// records of a call with a non-nil error (a failed stream event, commit,
// send, assignment, handler, batch, fetch or checkpoint), so that failures
// log while successes stay quiet. By default, callbacks that happen for
// every message, event, table access, send, offset, request, batch or fetch
// are off; rare ones log at Debug (completed commits and checkpoints), Info
// (assignments, rebalances, shard counts, reshards) or Warn (a full topic
// buffer, a throttled producer); failures log every time, at Warn, or at
// Error for failed sends and assignments. [WithSampling] and
// [WithErrorSampling] turn callbacks on, off or to one record in n;
// [WithLevel] and [WithErrorLevel] change their levels.
//
// A callback that is off, or whose level the handler does not enable, costs
// one map lookup and one level check, and does not allocate.
package slogsensor
