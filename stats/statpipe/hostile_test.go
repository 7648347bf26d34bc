//go:build unix

package statpipe

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/streamotel/streamotel/stats"
)

// TestWriterDoesNotFollowASwappedSymlink replaces the pipe with a symlink
// to a file between two reads: the writer must not write to the file.
func TestWriterDoesNotFollowASwappedSymlink(t *testing.T) {
	dir := t.TempDir()
	r, _ := stats.New()
	r.Incr("hits", 1)
	w, err := NewWriter(r, WithDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if got := sum(t, dir, nil); got["hits"] != 1 {
		t.Fatalf("sums = %v", got)
	}
	target := filepath.Join(t.TempDir(), "precious")
	if err := os.WriteFile(target, []byte("keep me\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(w.Path()); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, w.Path()); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if b, _ := os.ReadFile(target); string(b) != "keep me\n" {
		t.Errorf("the symlink's target was written: %q", b)
	}
}

// TestWriterRefusesUnsafeDirectories checks that a pipe directory that
// others may write to, or that another user owns, is refused.
func TestWriterRefusesUnsafeDirectories(t *testing.T) {
	open := filepath.Join(t.TempDir(), "open")
	if err := os.Mkdir(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if w, err := NewWriter(&countingSource{}, WithDir(open)); err == nil {
		w.Close()
		t.Error("a directory writable by others was accepted")
	}
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	if w, err := NewWriter(&countingSource{}, WithDir(link)); err == nil {
		w.Close()
		t.Error("a symlink was accepted as the directory")
	}
	created := filepath.Join(t.TempDir(), "new", "pipes")
	w, err := NewWriter(&countingSource{}, WithDir(created))
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if fi, err := os.Stat(created); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("created directory: %v, %v; want mode 0700", fi.Mode(), err)
	}
	if os.Geteuid() != 0 {
		t.Skip("changing a directory's owner needs root")
	}
	theirs := filepath.Join(t.TempDir(), "theirs")
	if err := os.Mkdir(theirs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Chown(theirs, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	if w, err := NewWriter(&countingSource{}, WithDir(theirs)); err == nil {
		w.Close()
		t.Error("a directory owned by another user was accepted")
	}
}

// TestCloseAfterThePipeWasRemoved removes the pipe, as a /tmp cleaner
// would, then closes twice: both return promptly.
func TestCloseAfterThePipeWasRemoved(t *testing.T) {
	w, err := NewWriter(&countingSource{}, WithDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond) // the writer waits for a reader
	if err := os.Remove(w.Path()); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		done := make(chan error, 1)
		go func() { done <- w.Close() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Close %d: %v", i+1, err)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("Close %d hangs", i+1)
		}
	}
}

// TestOverflowingSumsAreServed sends values whose sum overflows: the
// handler still serves every stat as JSON.
func TestOverflowingSumsAreServed(t *testing.T) {
	dir := t.TempDir()
	fakeWriter(t, dir, "big: 1.7e308\nbig: 1.7e308\nsmall: 2\n\n")
	srv := httptest.NewServer(Handler(dir, time.Second, nil))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got map[string]float64
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatalf("%s: body is not JSON: %v", resp.Status, err)
	}
	if got["small"] != 2 || got["big"] < 1.7e308 {
		t.Errorf("sums = %v", got)
	}
}

// TestLongLineDropsOnlyItself sends a 2 MB line in the middle of a
// snapshot: the lines after it still count.
func TestLongLineDropsOnlyItself(t *testing.T) {
	dir := t.TempDir()
	fakeWriter(t, dir, "a: 1\n"+strings.Repeat("x", 2<<20)+": 1\nb: 2\n\n")
	logger, logged := newLogger()
	if got := sum(t, dir, logger); got["a"] != 1 || got["b"] != 2 || len(got) != 2 {
		t.Errorf("sums = %.200v", got)
	}
	if !strings.Contains(logged.String(), "malformed line skipped") {
		t.Errorf("the long line was not logged: %.300s", logged)
	}
}

// TestFloodingPipeIsCapped writes without end: the reader stops at
// MaxSnapshotSize, not at its timeout (which says "no writer answered in
// time"), and skips the pipe.
func TestFloodingPipeIsCapped(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, strconv.Itoa(os.Getpid())+Suffix)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	written := make(chan int64, 1)
	go func() {
		var n int64
		defer func() { written <- n }()
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		line := []byte(strings.Repeat("flood: 1\n", 1<<10))
		for {
			m, err := f.Write(line)
			n += int64(m)
			if err != nil {
				return
			}
		}
	}()
	logger, logged := newLogger()
	start := time.Now()
	got, err := Sum(context.Background(), dir, 10*time.Second, logger)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("Sum of a flooding pipe took %v", time.Since(start))
	if len(got) != 0 {
		t.Errorf("sums of a flooding pipe = %v, want it skipped", got)
	}
	if !strings.Contains(logged.String(), "larger than") {
		t.Errorf("not logged: %s", logged)
	}
	if n := <-written; n > 2*MaxSnapshotSize {
		t.Errorf("the reader took %d bytes, more than twice MaxSnapshotSize", n)
	}
}
