// Package redistest starts a real redis-server for tests: Debian's
// redis-server, which scripts/tools/redis.sh installs and links into
// .cache/bin. Without the program a test is skipped on a developer's machine
// and fails when the CI environment variable is "true"; a program that is
// there but does not start fails the test everywhere.
package redistest

import (
	"bufio"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is a redis-server process on 127.0.0.1 without persistence.
type Server struct {
	// Addr is the host:port the server listens on.
	Addr string
	cmd  *exec.Cmd
	once sync.Once
	done chan struct{}
}

// Start starts a redis-server on a free 127.0.0.1 port, with no RDB
// snapshots and no append-only file, and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := program(t)
	var last error
	for range 3 { // a free port can be taken between choosing and binding it
		s, err := start(bin, t.TempDir())
		if err == nil {
			t.Cleanup(s.Stop)
			return s
		}
		last = err
	}
	t.Fatalf("redis-server did not start: %v", last)
	return nil
}

// program returns the path of redis-server: in $STREAMOTEL_TOOLS, else in
// .cache/bin at the root of the repository, else on PATH.
func program(t testing.TB) string {
	dir := os.Getenv("STREAMOTEL_TOOLS")
	if dir == "" {
		_, file, _, _ := runtime.Caller(0)
		dir = filepath.Join(filepath.Dir(file), "..", "..", "..", "..", ".cache", "bin")
	}
	if p := filepath.Join(dir, "redis-server"); isFile(p) {
		return p
	}
	if p, err := exec.LookPath("redis-server"); err == nil {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("redis-server not found in %s or on PATH; scripts/tools/redis.sh installs it", dir)
	}
	t.Skip("redis-server not installed (scripts/tools/redis.sh installs it)")
	return ""
}

func isFile(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

func start(bin, dir string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	log, err := os.Create(filepath.Join(dir, "redis.log"))
	if err != nil {
		return nil, err
	}
	defer log.Close()
	cmd := exec.Command(bin,
		"--bind", "127.0.0.1", "--port", strconv.Itoa(port),
		"--save", "", "--appendonly", "no", "--daemonize", "no",
		"--dir", dir, "--logfile", "")
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Server{Addr: addr, cmd: cmd, done: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(s.done) }()
	if err := s.waitReady(5 * time.Second); err != nil {
		s.Stop()
		out, _ := os.ReadFile(log.Name())
		return nil, fmt.Errorf("%w\n%s", err, out)
	}
	return s, nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// waitReady waits until the server answers PING.
func (s *Server) waitReady(timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		err := s.ping()
		if err == nil {
			return nil
		}
		select {
		case <-s.done:
			return fmt.Errorf("redis-server exited: %v", s.cmd.ProcessState)
		default:
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("redis-server on %s not ready after %v: %w", s.Addr, timeout, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func (s *Server) ping() error {
	c, err := net.DialTimeout("tcp", s.Addr, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte("PING\r\n")); err != nil {
		return err
	}
	line, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if !strings.HasPrefix(line, "+PONG") {
		return fmt.Errorf("PING replied %q", line)
	}
	return nil
}

// Stop stops the server by its PID: SIGTERM, then SIGKILL if it has not
// exited within 5 seconds. It waits for the process to exit, and may be
// called more than once.
func (s *Server) Stop() {
	s.once.Do(func() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-s.done:
		case <-time.After(5 * time.Second):
			_ = s.cmd.Process.Kill()
			<-s.done
		}
	})
}
