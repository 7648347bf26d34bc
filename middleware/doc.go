// Package middleware wraps message handlers and publish calls so that they
// report what FastStream's Prometheus middleware reports: messages received,
// their size, messages in process, messages processed by status (acked,
// nacked, rejected, skipped, error), processing duration and errors by type;
// messages published, by error type, and publish duration.
//
// The wrappers report to an otelsensor sensor: the one given with
// WithSensor, or otelsensor.Default() at each call. A handler settles its
// message by what it returns: nil acks it, ErrNack, ErrReject and ErrSkip (or
// an error with an Outcome method) nack, reject or skip it, and any other
// error, or a panic, is a failure counted by error.type.
package middleware
