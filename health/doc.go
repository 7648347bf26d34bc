// Package health checks a stream-processing worker against thresholds read
// from its otelsensor.Monitor: consumer lag per partition, the send and
// processing error rates over a recent window, progress (events keep being
// processed while messages arrive) and the process's memory.
//
// A [Checker] is built once with the thresholds as options; options that
// make no sense (a negative lag, a NaN rate, a rate above 1, an empty
// window) are rejected by [New]. [Checker.Check] returns a [Report]: healthy
// or not, and each failing condition with its value and threshold.
//
// Error rates need counts from the past: a Checker keeps a small ring of the
// counts it saw at each Check, at most 64 samples spaced by a fraction of the
// longest window, so the rates are computed over the window as seen by the
// checks that ran in it. Call Check periodically (a readiness probe does);
// a first Check computes the rates since the Checker was built.
package health
