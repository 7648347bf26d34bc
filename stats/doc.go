// Package stats keeps named counts, values and bounded histories of recorded
// values in process, as statvent does for Python: Incr, Set and Record, safe
// for concurrent use, readable at any time as a Snapshot or as "name: value"
// lines.
//
// Registry.Register exports a Registry through an OpenTelemetry
// MeterProvider; package statpipe writes it to a named pipe. Every recorded
// history has the same fixed size, at most MaxHistorySize; SetHistorySize
// resizes all of them, existing ones included.
//
// Limits: a name is cleaned before it is kept. A name that is valid UTF-8,
// has no control characters and is at most 255 bytes long is kept as it
// is; in any other, invalid bytes become U+FFFD and control characters '_',
// the name is cut to leave 255 bytes in all, and '~' and eight hex digits
// of the CRC-32C of the raw name are appended, so that distinct raw names
// keep distinct entries. The empty name is "_EMPTY". Each kind (counts, values, records) keeps at
// most WithLimit names (DefaultLimit, 2000); further names share the entry
// called OverflowName. Counts stop at the bounds of int64 instead of
// wrapping; NaN and infinite values are dropped and counted.
package stats
