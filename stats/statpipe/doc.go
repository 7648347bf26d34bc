// Package statpipe publishes a process's stats on a named pipe and reads the
// pipes of every process back, as statvent does for Python workers.
//
// A Writer creates the FIFO <dir>/<pid>.stats (DefaultDir unless told
// otherwise) and waits, in one goroutine blocked in open(2), for a reader.
// Nothing is computed until another process opens the pipe; then the Writer
// writes the current stats as "name: value" lines, ends them with an empty
// line, and closes its end, so that each reader gets one complete snapshot.
//
// Sum reads every pipe in a directory, each with a timeout, and adds up the
// values of each name across processes. It removes the pipes of processes
// that are gone and skips malformed lines with a logged warning. Handler
// serves those sums as JSON; cmd/statpipe-web runs it.
package statpipe
