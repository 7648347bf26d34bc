// Package statpipe publishes a process's stats on a named pipe and reads the
// pipes of every process back, as statvent does for Python workers.
//
// A Writer creates the FIFO <dir>/<pid>.stats (DefaultDir unless told
// otherwise) in a directory of mode 0700 that must belong to the process's
// user and be writable by no one else, and looks for a reader every 10 ms
// by opening the pipe without blocking and without following symlinks.
// Nothing is computed until another process opens the pipe; then the Writer
// writes the current stats as "name: value" lines, ends them with an empty
// line, and closes its end, so that each reader gets one complete snapshot.
//
// Sum reads every pipe in a directory, each with a timeout and at most
// MaxSnapshotSize bytes, and adds up the values of each name across
// processes. It removes the pipes of processes that are gone and skips
// malformed lines, and lines longer than MaxLineLen, with a logged warning.
// Handler serves those sums as JSON; cmd/statpipe-web runs it.
package statpipe
