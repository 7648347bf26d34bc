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
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	dir    string
	logger *slog.Logger
}

// WithDir sets the directory of the pipe instead of DefaultDir.
func WithDir(dir string) Option { return optionFunc(func(c *config) { c.dir = dir }) }

// WithLogger sets where write errors are logged; slog.Default() otherwise.
func WithLogger(l *slog.Logger) Option {
	return optionFunc(func(c *config) {
		if l != nil {
			c.logger = l
		}
	})
}

// Writer publishes a Source on the named pipe of this process.
type Writer struct {
	path   string
	src    Source
	logger *slog.Logger

	closing sync.Once
	stop    chan struct{} // closed by Close
	done    chan struct{} // closed when serve returns
}

// NewWriter creates the directory (mode 0700) if needed and the pipe
// <dir>/<pid>.stats (mode 0600, replacing a stale one) and starts serving
// src to readers. Close removes the pipe.
//
// The directory must be a directory, not a symlink, owned by this process's
// user and writable by no one else; otherwise NewWriter fails, so that
// another user of a shared /tmp cannot take the pipe over.
func NewWriter(src Source, opts ...Option) (*Writer, error) {
	c := config{dir: DefaultDir, logger: slog.Default()}
	for _, o := range opts {
		o.apply(&c)
	}
	if err := safeDir(c.dir); err != nil {
		return nil, err
	}
	path := filepath.Join(c.dir, strconv.Itoa(os.Getpid())+Suffix)
	if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("statpipe: remove stale pipe: %w", err)
	}
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		return nil, fmt.Errorf("statpipe: mkfifo %s: %w", path, err)
	}
	w := &Writer{path: path, src: src, logger: c.logger, stop: make(chan struct{}), done: make(chan struct{})}
	go w.serve()
	return w, nil
}

// safeDir creates dir (mode 0700) if needed and checks that only this
// process's user can change what it holds.
func safeDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("statpipe: %w", err)
	}
	fi, err := os.Lstat(dir)
	if err != nil {
		return fmt.Errorf("statpipe: %w", err)
	}
	if !fi.IsDir() {
		return fmt.Errorf("statpipe: %s is not a directory (%v)", dir, fi.Mode().Type())
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); ok && int(st.Uid) != os.Geteuid() {
		return fmt.Errorf("statpipe: %s is owned by user %d, not by this process's user %d", dir, st.Uid, os.Geteuid())
	}
	if fi.Mode().Perm()&0o022 != 0 {
		return fmt.Errorf("statpipe: %s is writable by other users (mode %v); want 0700", dir, fi.Mode().Perm())
	}
	return nil
}

// Path returns the path of the pipe.
func (w *Writer) Path() string { return w.path }

// pollWriter is how often a Writer looks for a reader.
const pollWriter = 10 * time.Millisecond

// serve waits for a reader, writes one snapshot to it and starts again,
// until Close. It looks for a reader by opening the pipe without blocking,
// so that nothing can leave it stuck in open(2), and without following a
// symlink; it stops serving if the pipe is gone or replaced by something
// other than a FIFO.
func (w *Writer) serve() {
	defer close(w.done)
	tick := time.NewTicker(pollWriter)
	defer tick.Stop()
	var buf []byte
	for {
		select {
		case <-w.stop:
			return
		case <-tick.C:
		}
		f, err := os.OpenFile(w.path, os.O_WRONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
		if errors.Is(err, syscall.ENXIO) {
			continue // no reader yet
		}
		if err != nil {
			w.logger.Warn("statpipe: the pipe is gone or replaced, serving stopped", "path", w.path, "err", err)
			return
		}
		if fi, err := f.Stat(); err != nil || fi.Mode().Type() != fs.ModeNamedPipe {
			f.Close()
			w.logger.Warn("statpipe: the pipe was replaced by something else, serving stopped", "path", w.path)
			return
		}
		buf = append(w.src.AppendText(buf[:0]), '\n')
		_ = f.SetWriteDeadline(time.Now().Add(writeTimeout))
		if _, err := f.Write(buf); err != nil && !errors.Is(err, syscall.EPIPE) {
			w.logger.Warn("statpipe: write stats", "path", w.path, "err", err)
		}
		f.Close()
		select {
		case <-w.stop:
			return
		case <-time.After(settle):
		}
	}
}

// settle is how long a Writer waits after a snapshot before it opens the
// pipe again, so that the reader of that snapshot sees its end of stream (cat
// stops) before another writer end exists. A reader cannot be told apart
// from the next one, so this is a delay rather than a check; it also bounds
// a process to 50 snapshots a second.
const settle = 20 * time.Millisecond

// Close stops serving and removes the pipe, also when the pipe was removed
// or replaced meanwhile. It is safe to call more than once.
func (w *Writer) Close() error {
	first := false
	w.closing.Do(func() {
		first = true
		close(w.stop)
	})
	<-w.done
	if !first {
		return nil
	}
	if err := os.Remove(w.path); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("statpipe: %w", err)
	}
	return nil
}
