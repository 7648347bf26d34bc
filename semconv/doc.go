// Package semconv is streamotel's semantic-convention table: for every sensor
// callback, the OpenTelemetry instruments it drives, with name, kind, unit,
// description, attribute keys and bucket advice.
//
// Where the OpenTelemetry messaging, HTTP and error conventions define an
// instrument, the table uses its name and attributes unchanged. Everything the
// conventions do not cover is named under the [Namespace] prefix and marked as
// this project's own ([Instrument.Convention] is empty).
//
// The table is the single source: otelsensor creates its instruments from it,
// views derive their defaults from it, and docs/semconv.md is generated from it
// by go generate.
package semconv

//go:generate go run ./internal/gendoc -o ../docs/semconv.md
