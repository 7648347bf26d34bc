// Package stats keeps named counts, values and bounded histories of recorded
// values in process, as statvent does for Python: Incr, Set and Record, safe
// for concurrent use, readable at any time as a Snapshot or as "name: value"
// lines.
//
// Registry.Register exports a Registry through an OpenTelemetry
// MeterProvider; package statpipe writes it to a named pipe. Every
// recorded history has the same fixed size; SetHistorySize resizes all of
// them, existing ones included.
package stats
