//go:build unix

package statpipe

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/streamotel/streamotel/stats"
)

// A test binary started with STATPIPE_CHILD set is a writer process: it
// counts STATPIPE_N requests, publishes its stats in STATPIPE_DIR, says
// "ready" and serves until its standard input closes.
func TestMain(m *testing.M) {
	if os.Getenv("STATPIPE_CHILD") != "" {
		os.Exit(child())
	}
	os.Exit(m.Run())
}

func child() int {
	n, _ := strconv.Atoi(os.Getenv("STATPIPE_N"))
	r, err := stats.New()
	if err != nil {
		return 1
	}
	var wg sync.WaitGroup
	for range 4 { // concurrent writers while readers read
		wg.Go(func() {
			for range n / 4 {
				r.Incr("requests", 1)
			}
		})
	}
	wg.Wait()
	r.Set("queue", float64(n)/100)
	r.Record("latency", 0.5)
	w, err := NewWriter(r, WithDir(os.Getenv("STATPIPE_DIR")))
	if err != nil {
		return 1
	}
	os.Stdout.WriteString("ready\n")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := w.Close(); err != nil {
		return 1
	}
	return 0
}

type writerProcess struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
}

func startWriter(t *testing.T, dir string, n int) *writerProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "STATPIPE_CHILD=1", "STATPIPE_DIR="+dir, "STATPIPE_N="+strconv.Itoa(n))
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || line != "ready\n" {
		t.Fatalf("writer process said %q, %v", line, err)
	}
	return &writerProcess{cmd: cmd, stdin: stdin}
}

// logs collects what a test logger logs.
type logs struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logs) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logs) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func newLogger() (*slog.Logger, *logs) {
	l := &logs{}
	return slog.New(slog.NewTextHandler(l, nil)), l
}

func sum(t *testing.T, dir string, logger *slog.Logger) map[string]float64 {
	t.Helper()
	got, err := Sum(context.Background(), dir, 2*time.Second, logger)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func TestTwoWriterProcesses(t *testing.T) {
	dir := t.TempDir()
	a := startWriter(t, dir, 4000)
	b := startWriter(t, dir, 1000)
	logger, logged := newLogger()

	for round := range 3 { // each read gets one snapshot of each process, no more
		got := sum(t, dir, logger)
		if got["requests"] != 5000 || got["queue"] != 50 || got["latency.count"] != 2 || got["latency.mean"] != 1 {
			t.Fatalf("round %d: sums = %v", round, got)
		}
	}

	// A process that dies without closing leaves its pipe: it is skipped
	// and removed.
	if err := a.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = a.cmd.Wait()
	deadPipe := filepath.Join(dir, strconv.Itoa(a.cmd.Process.Pid)+Suffix)
	if _, err := os.Stat(deadPipe); err != nil {
		t.Fatalf("the killed process's pipe is not there: %v", err)
	}
	if got := sum(t, dir, logger); got["requests"] != 1000 {
		t.Errorf("after one writer died, sums = %v", got)
	}
	if _, err := os.Stat(deadPipe); !os.IsNotExist(err) {
		t.Errorf("the dead process's pipe was not removed: %v", err)
	}
	if !strings.Contains(logged.String(), "gone") {
		t.Errorf("removal not logged: %s", logged)
	}

	// A process that exits cleanly removes its own pipe.
	b.stdin.Close()
	if err := b.cmd.Wait(); err != nil {
		t.Fatalf("writer process: %v", err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("pipes left after both writers ended: %v", entries)
	}
}

// TestCatSeesOneSnapshot reads a pipe with cat(1), which reads until the end
// of the stream: the writer must end it and not start another snapshot.
func TestCatSeesOneSnapshot(t *testing.T) {
	cat, err := exec.LookPath("cat")
	if err != nil {
		t.Skip("no cat")
	}
	r, _ := stats.New()
	r.Incr("hits", 3)
	w, err := NewWriter(r, WithDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for range 3 {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		out, err := exec.CommandContext(ctx, cat, w.Path()).Output()
		cancel()
		if err != nil || string(out) != "hits: 3\n\n" {
			t.Fatalf("cat = %q, %v", out, err)
		}
	}
}

// countingSource counts how often it is read.
type countingSource struct{ n atomic.Int64 }

func (c *countingSource) AppendText(b []byte) []byte {
	c.n.Add(1)
	return append(b, "x: 1\n"...)
}

func TestNothingIsComputedUntilRead(t *testing.T) {
	src := &countingSource{}
	dir := t.TempDir()
	w, err := NewWriter(src, WithDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(50 * time.Millisecond)
	if n := src.n.Load(); n != 0 {
		t.Fatalf("stats read %d times with no reader", n)
	}
	if got := sum(t, dir, nil); got["x"] != 1 {
		t.Errorf("sums = %v", got)
	}
	time.Sleep(50 * time.Millisecond)
	if n := src.n.Load(); n != 1 {
		t.Errorf("stats read %d times for one reader", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if _, err := os.Stat(w.Path()); !os.IsNotExist(err) {
		t.Errorf("pipe left after Close: %v", err)
	}
}

// fakeWriter serves one raw snapshot on a pipe named after this (live)
// process.
func fakeWriter(t *testing.T, dir, content string) {
	t.Helper()
	path := filepath.Join(dir, strconv.Itoa(os.Getpid())+Suffix)
	if err := syscall.Mkfifo(path, 0o600); err != nil {
		t.Fatal(err)
	}
	if content == "" {
		return // no writer at all
	}
	go func() {
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		_, _ = f.WriteString(content)
	}()
}

func TestMalformedLinesAreSkipped(t *testing.T) {
	dir := t.TempDir()
	fakeWriter(t, dir, "good: 1\nno colon here\nbad: one\n: 5\nnan: NaN\nname: with: colons: 2\n\nafter: 9\n")
	logger, logged := newLogger()
	got := sum(t, dir, logger)
	want := map[string]float64{"good": 1, "name: with: colons": 2}
	if len(got) != len(want) || got["good"] != 1 || got["name: with: colons"] != 2 {
		t.Errorf("sums = %v, want %v", got, want)
	}
	if n := strings.Count(logged.String(), "malformed line skipped"); n != 4 {
		t.Errorf("%d malformed lines logged, want 4:\n%s", n, logged)
	}
}

func TestPipeWithoutWriterDoesNotHang(t *testing.T) {
	dir := t.TempDir()
	fakeWriter(t, dir, "")
	if err := os.WriteFile(filepath.Join(dir, "12.stats"), nil, 0o600); err != nil { // not a pipe
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "notes.txt"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	logger, logged := newLogger()
	start := time.Now()
	got, err := Sum(context.Background(), dir, 200*time.Millisecond, logger)
	if err != nil || len(got) != 0 {
		t.Errorf("Sum = %v, %v", got, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Sum took %v with a 200ms timeout", d)
	}
	for _, want := range []string{"no writer answered in time", "not a named pipe"} {
		if !strings.Contains(logged.String(), want) {
			t.Errorf("%q not logged:\n%s", want, logged)
		}
	}
}

func TestHandlerServesSums(t *testing.T) {
	dir := t.TempDir()
	startWriter(t, dir, 400)
	startWriter(t, dir, 800)
	srv := httptest.NewServer(Handler(dir, time.Second, nil))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got map[string]float64
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	if resp.Header.Get("Content-Type") != "application/json" || got["requests"] != 1200 || got["latency.p99"] != 1 {
		t.Errorf("%s: %v", resp.Header.Get("Content-Type"), got)
	}
	resp, err = http.Post(srv.URL, "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %s", resp.Status)
	}
}

func TestMissingDir(t *testing.T) {
	if _, err := Sum(context.Background(), filepath.Join(t.TempDir(), "none"), time.Second, nil); err == nil {
		t.Error("Sum of a missing directory did not fail")
	}
}

func FuzzParseLine(f *testing.F) {
	for _, s := range []string{"a: 1", "a:1", "a: b: 2", ": 1", "a:", "x: NaN", "x: 1e309", "é: -0.5", "\xff: 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		name, v, err := ParseLine(line)
		if err != nil {
			return
		}
		if name == "" || name != strings.TrimSpace(name) || v != v {
			t.Errorf("ParseLine(%q) = %q, %v", line, name, v)
		}
		// What a Registry writes parses back to itself.
		if n2, v2, err := ParseLine(name + ": " + strconv.FormatFloat(v, 'g', -1, 64)); err != nil || n2 != name || v2 != v {
			t.Errorf("round trip of %q, %v: %q, %v, %v", name, v, n2, v2, err)
		}
	})
}
