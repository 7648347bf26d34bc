//go:build unix

package statpipe

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"time"
)

// DefaultDir is where pipes are created and read, as statvent does.
const DefaultDir = "/tmp/stats-pipe"

// Suffix ends the name of every pipe: <pid>.stats.
const Suffix = ".stats"

// writeTimeout bounds how long a Writer waits for a slow reader.
const writeTimeout = 5 * time.Second

// Source is what a Writer publishes: *stats.Registry is one.
type Source interface {
	// AppendText appends the stats as "name: value" lines to b.
	AppendText(b []byte) []byte
}

// Option configures a Writer.
type Option func(*config)

type config struct {
	dir    string
	logger *slog.Logger
}

// WithDir sets the directory of the pipe instead of DefaultDir.
func WithDir(dir string) Option { return func(c *config) { c.dir = dir } }

// WithLogger sets where write errors are logged; slog.Default() otherwise.
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// Writer publishes a Source on the named pipe of this process.
type Writer struct {
	path   string
	src    Source
	logger *slog.Logger

	mu     sync.Mutex // guards closed
	closed bool
	done   chan struct{}
}

// NewWriter creates the directory (mode 0755) if needed and the pipe
// <dir>/<pid>.stats (mode 0600, replacing a stale one) and starts serving
// src to readers. Close removes the pipe.
func NewWriter(src Source, opts ...Option) (*Writer, error) {
	c := config{dir: DefaultDir, logger: slog.Default()}
	for _, o := range opts {
		o(&c)
	}
	if err := os.MkdirAll(c.dir, 0o755); err != nil {
		return nil, fmt.Errorf("statpipe: %w", err)
	}
	path := filepath.Join(c.dir, strconv.Itoa(os.Getpid())+Suffix)
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("statpipe: remove stale pipe: %w", err)
	}
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		return nil, fmt.Errorf("statpipe: mkfifo %s: %w", path, err)
	}
	w := &Writer{path: path, src: src, logger: c.logger, done: make(chan struct{})}
	go w.serve()
	return w, nil
}

// Path returns the path of the pipe.
func (w *Writer) Path() string { return w.path }

func (w *Writer) isClosed() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.closed
}

// serve waits for a reader, writes one snapshot to it and starts again.
func (w *Writer) serve() {
	defer close(w.done)
	var buf []byte
	for !w.isClosed() {
		f, err := os.OpenFile(w.path, os.O_WRONLY, 0) // blocks until a reader opens
		if err != nil {
			w.logger.Warn("statpipe: open pipe", "path", w.path, "err", err)
			return
		}
		if w.isClosed() {
			f.Close()
			return
		}
		buf = append(w.src.AppendText(buf[:0]), '\n')
		_ = f.SetWriteDeadline(time.Now().Add(writeTimeout))
		if _, err := f.Write(buf); err != nil && !errors.Is(err, syscall.EPIPE) {
			w.logger.Warn("statpipe: write stats", "path", w.path, "err", err)
		}
		f.Close()
		time.Sleep(settle)
	}
}

// settle is how long a Writer waits after a snapshot before it opens the
// pipe again, so that the reader of that snapshot sees its end of stream (cat
// stops) before another writer end exists. A reader cannot be told apart
// from the next one, so this is a delay rather than a check; it also bounds
// a process to 50 snapshots a second.
const settle = 20 * time.Millisecond

// Close stops serving and removes the pipe. It is safe to call more than
// once.
func (w *Writer) Close() error {
	w.mu.Lock()
	already := w.closed
	w.closed = true
	w.mu.Unlock()
	if already {
		<-w.done
		return nil
	}
	// Opening the read end lets the blocked open(2) of serve return; the
	// read end stays open until serve has seen closed.
	r, err := os.OpenFile(w.path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err == nil {
		<-w.done
		r.Close()
	} else {
		w.logger.Warn("statpipe: unblock writer", "path", w.path, "err", err)
	}
	if err := os.Remove(w.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("statpipe: %w", err)
	}
	return nil
}
