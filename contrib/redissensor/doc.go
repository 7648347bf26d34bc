// Package redissensor reports the Redis Streams traffic of a go-redis v9
// client to an otelsensor.Sensor: one hook, added with one line,
//
//	rdb.AddHook(redissensor.New(sensor, redissensor.WithLag(rdb, 0)))
//
// gives sends, consumed entries, acknowledgements, redeliveries, entry ages
// and consumer-group lag, where go-redis' own OpenTelemetry extension
// (redisotel) times commands and knows nothing of streams.
//
// The package is named redissensor, not redis, so that it can be imported
// beside github.com/redis/go-redis/v9 (package redis) without renaming.
//
// # What each command reports
//
// The Hook looks at every command the client sends, alone or in a pipeline
// or transaction, by its name; a command whose name does not start with an X
// (GET, HELLO, CLIENT SETINFO...) costs a type assertion and a byte
// comparison, and is not reported. A Redis stream is one ordered log, so it
// is reported as partition 0 of the topic named after the stream.
//
//   - XADD: OnSendInitiated before it is sent, then OnSendCompleted (offset
//     -1: an entry ID is not an int64 offset) or OnSendError. Its duration is
//     the command's round trip; the sends of a pipeline share the pipeline's.
//   - XREADGROUP and XREAD: OnRecords with the entries and body bytes
//     (field names and values) returned for each stream, and OnIteratorAge
//     with the age of the newest of them. A read that blocked for nothing
//     (redis.Nil) reports nothing; a failed read, OnReceiveError for each
//     stream named. A read's duration includes its BLOCK wait, so it is
//     not reported as an operation duration. An XREADGROUP from an ID other
//     than ">" returns the consumer's pending entries again: they are
//     reported by OnRedelivered too, as are entries that come with a delivery
//     count above one (XREADGROUP CLAIM).
//   - XACK: OnCheckpoint, with the error if it failed; in a Handler, it also
//     settles the entry as acked.
//   - XCLAIM and XAUTOCLAIM: OnRedelivered with the entries claimed, and
//     OnRecords and OnIteratorAge for those whose bodies came back (not for
//     JUSTID); a failure, OnReceiveError.
//
// Errors carry an error.type named by what went wrong, never a Go type
// name: the server's error code (WRONGTYPE, NOGROUP, BUSYGROUP, ERR...;
// anything that is not a code is ERR), "nil" for redis.Nil, the client's
// "closed", "pool_timeout" or "pool_exhausted", the context's "canceled" or
// "deadline_exceeded", the network's "connection_refused",
// "connection_reset", "broken_pipe", "eof", "timeout" or "network", and
// "_OTHER" for anything else.
//
// # Lag
//
// With WithLag, the Hook reads XINFO GROUPS for each stream that the client
// reads with XREADGROUP, when the Sensor's hooks collect (through
// Sensor.Poll, at most once per interval), and reports the lag of each
// group it read with through OnLag: the server's own count of entries not
// yet delivered to the group (Redis 7 and later). When the server cannot
// tell (it replies nil after entries were deleted or when a group starts at
// an arbitrary ID; older servers have no lag at all), the Hook reports -1,
// "unknown", and the Monitor then reports no lag, never a number of its
// own. Each group's pending count (delivered, not acknowledged) goes to
// OnPending (streamotel.consumer.pending). Groups returns what the last read
// saw. The reads are not reported as traffic.
//
// # Entry IDs and the instruments that apply
//
// Entry IDs are "<milliseconds>-<sequence>" strings, not int64 offsets: the
// offset instruments (streamotel.offset.read, .committed, .end) do not apply
// and are never reported, and lag comes from the server instead of from
// subtracting offsets. The milliseconds give each entry's age
// (streamotel.iterator.age), meaningful for IDs the server generated ("*");
// an ID the producer chose can make it anything.
//
// # Handlers
//
// Handler wraps the function that processes one entry so that it reports
// through the handler lifecycle: acked when it acknowledged the entry (an
// XACK through a hooked client with the handler's context), skipped when it
// returned without acknowledging it, error when it failed.
package redissensor
