//go:build unix

package statpipe

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/streamotel/streamotel/internal/clean"
)

// DefaultTimeout bounds how long Sum waits for each pipe.
const DefaultTimeout = time.Second

// pollInterval is how often a reader looks again for a writer that has not
// opened its end yet.
const pollInterval = 2 * time.Millisecond

// Bounds of what a reader takes from one pipe.
const (
	// MaxSnapshotSize bounds the bytes read from one pipe for one snapshot:
	// a pipe that sends more is skipped with a warning, so that a broken or
	// hostile writer cannot make a reader buffer without end.
	MaxSnapshotSize = 16 << 20
	// MaxLineLen bounds one "name: value" line; a longer line is skipped
	// as malformed and the lines after it still count. A Registry's lines
	// are far shorter: its names are at most 255 bytes.
	MaxLineLen = 4096
)

// Sum reads every <pid>.stats pipe in dir, in parallel, each for at most
// timeout, and returns the sum of each name's values across them. Pipes of
// processes that no longer run are removed; pipes that do not answer in time
// or send more than MaxSnapshotSize, and lines that are not "name: value" or
// are longer than MaxLineLen, are skipped with a warning on logger
// (slog.Default() if nil). Names are cleaned as package stats cleans them.
// A sum that would overflow is held at ±math.MaxFloat64, so that every sum
// stays a finite number.
func Sum(ctx context.Context, dir string, timeout time.Duration, logger *slog.Logger) (map[string]float64, error) {
	if logger == nil {
		logger = slog.Default()
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("statpipe: %w", err)
	}
	var (
		mu   sync.Mutex
		sums = map[string]float64{}
		wg   sync.WaitGroup
	)
	for _, e := range entries {
		pid, ok := pidOf(e.Name())
		if !ok {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if e.Type()&fs.ModeNamedPipe == 0 {
			logger.Warn("statpipe: not a named pipe, skipped", "path", path)
			continue
		}
		if !alive(pid) {
			logger.Info("statpipe: removing the pipe of a process that is gone", "path", path)
			if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				logger.Warn("statpipe: remove pipe", "path", path, "err", err)
			}
			continue
		}
		wg.Go(func() {
			vals, err := readPipe(ctx, path, timeout, logger)
			if err != nil {
				logger.Warn("statpipe: pipe skipped", "path", path, "err", err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			for k, v := range vals {
				sums[k] = add(sums[k], v)
			}
		})
	}
	wg.Wait()
	return sums, nil
}

func pidOf(name string) (int, bool) {
	s, ok := strings.CutSuffix(name, Suffix)
	if !ok {
		return 0, false
	}
	pid, err := strconv.Atoi(s)
	return pid, err == nil && pid > 0
}

// alive reports whether process pid exists (it may belong to another user).
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// errNoWriter is returned for a pipe whose writer did not answer in time.
var errNoWriter = errors.New("no writer answered in time")

// readPipe reads one snapshot: the lines up to an empty line or the end of
// the stream. Opening the read end without blocking is what wakes the
// writer; until the writer has opened its end, reads see end-of-file, so
// the reader polls for it until the deadline.
func readPipe(ctx context.Context, path string, timeout time.Duration, logger *slog.Logger) (map[string]float64, error) {
	data, err := readSnapshot(ctx, path, timeout)
	if err != nil {
		return nil, err
	}
	return parse(data, path, logger), nil
}

func readSnapshot(ctx context.Context, path string, timeout time.Duration) ([]byte, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOFOLLOW, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	deadline := time.Now().Add(timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	if err := f.SetReadDeadline(deadline); err != nil {
		return nil, err
	}
	var data []byte
	for {
		data = slices.Grow(data, 32<<10)
		n, err := f.Read(data[len(data):cap(data)])
		data = data[:len(data)+n]
		if complete(data, len(data)-n) {
			break
		}
		if len(data) > MaxSnapshotSize {
			return nil, fmt.Errorf("snapshot larger than %d bytes", MaxSnapshotSize)
		}
		if errors.Is(err, io.EOF) {
			if len(data) > 0 { // the writer closed without the empty line
				break
			}
			if time.Now().After(deadline) || ctx.Err() != nil {
				return nil, errNoWriter
			}
			time.Sleep(pollInterval)
			continue
		}
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return nil, errNoWriter
		}
		if err != nil {
			return nil, err
		}
	}
	return data, nil
}

// complete reports whether data holds a full snapshot: it ends with an
// empty line. Only what was read since from is searched, so that a long
// snapshot costs linear time.
func complete(data []byte, from int) bool {
	return bytes.Equal(data, []byte("\n")) || bytes.Contains(data[max(from-1, 0):], []byte("\n\n"))
}

// parse reads "name: value" lines up to the first empty line.
func parse(data []byte, path string, logger *slog.Logger) map[string]float64 {
	vals := map[string]float64{}
	for line := 1; len(data) > 0; line++ {
		text, rest, _ := bytes.Cut(data, []byte("\n"))
		data = rest
		if len(text) == 0 {
			break
		}
		if len(text) > MaxLineLen {
			logger.Warn("statpipe: malformed line skipped", "path", path, "line", line,
				"err", fmt.Sprintf("line of %d bytes, longer than %d", len(text), MaxLineLen))
			continue
		}
		name, v, err := ParseLine(string(text))
		if err != nil {
			logger.Warn("statpipe: malformed line skipped", "path", path, "line", line, "err", err)
			continue
		}
		name = clean.Name(name)
		vals[name] = add(vals[name], v)
	}
	return vals
}

// add returns a+b held within ±math.MaxFloat64.
func add(a, b float64) float64 {
	return math.Max(-math.MaxFloat64, math.Min(math.MaxFloat64, a+b))
}

// ParseLine parses one "name: value" line. The name is everything before
// the last colon, without surrounding spaces, and must not be empty; the
// value must be a finite number.
func ParseLine(line string) (string, float64, error) {
	i := strings.LastIndexByte(line, ':')
	if i < 0 {
		return "", 0, fmt.Errorf("no colon in %q", line)
	}
	name := strings.TrimSpace(line[:i])
	if name == "" {
		return "", 0, fmt.Errorf("empty name in %q", line)
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(line[i+1:]), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return "", 0, fmt.Errorf("value of %q is not a finite number", name)
	}
	return name, v, nil
}
