package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/streamotel/streamotel/exporters/statsd"
	"github.com/streamotel/streamotel/internal/testtool"
)

// daemon is Etsy's statsd daemon listening on 127.0.0.1. It never flushes
// during a test, so its management interface shows everything received.
type daemon struct {
	addr string // UDP address metrics go to
	mgmt string // TCP address of the management interface
	cmd  *exec.Cmd
	out  *lockedBuffer

	stopOnce sync.Once
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// freePort returns a port that was free on 127.0.0.1 for the network.
func freeNetPort(t *testing.T, network string) int {
	t.Helper()
	if network == "udp" {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		defer pc.Close()
		return pc.LocalAddr().(*net.UDPAddr).Port
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// startDaemon runs the statsd daemon with no backend and a flush interval of
// an hour, and waits until its management interface answers.
func startDaemon(t *testing.T) *daemon {
	t.Helper()
	bin := testtool.Require(t, "statsd")
	udp, mgmt := freeNetPort(t, "udp"), freeNetPort(t, "tcp")
	cfg := filepath.Join(t.TempDir(), "config.js")
	conf := fmt.Sprintf(`{
  address: "127.0.0.1", port: %d,
  mgmt_address: "127.0.0.1", mgmt_port: %d,
  flushInterval: 3600000, backends: [], automaticConfigReload: false
}`, udp, mgmt)
	if err := os.WriteFile(cfg, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	d := &daemon{
		addr: net.JoinHostPort("127.0.0.1", strconv.Itoa(udp)),
		mgmt: net.JoinHostPort("127.0.0.1", strconv.Itoa(mgmt)),
		cmd:  exec.Command(bin, cfg),
		out:  &lockedBuffer{},
	}
	d.cmd.Stdout, d.cmd.Stderr = d.out, d.out
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		d.stop()
		if t.Failed() {
			t.Logf("statsd output:\n%s", d.out)
		}
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		if s, err := d.command("health"); err == nil && strings.Contains(s, "health: up") {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("statsd did not start; output:\n%s", d.out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop ends the daemon that startDaemon started.
func (d *daemon) stop() {
	d.stopOnce.Do(func() {
		_ = d.cmd.Process.Kill()
		_ = d.cmd.Wait()
	})
}

// command sends one management command and returns the answer, which ends
// with "END" for the metric dumps and after one line for the others.
func (d *daemon) command(cmd string) (string, error) {
	c, err := net.DialTimeout("tcp", d.mgmt, time.Second)
	if err != nil {
		return "", err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := fmt.Fprintf(c, "%s\n", cmd); err != nil {
		return "", err
	}
	var out strings.Builder
	sc := bufio.NewScanner(c)
	sc.Buffer(nil, 1<<22)
	for sc.Scan() {
		line := sc.Text()
		if line == "END" || (cmd == "health" && strings.HasPrefix(line, "health:")) {
			out.WriteString(line)
			return out.String(), nil
		}
		out.WriteString(line + "\n")
	}
	return out.String(), fmt.Errorf("statsd %s: answer ended early: %v", cmd, sc.Err())
}

// The management interface prints its maps with node's util.inspect: keys
// (quoted when they are not identifiers) and numbers or arrays of numbers.
var inspectEntry = regexp.MustCompile(`'?([A-Za-z0-9_.;=\-]+)'?: (\[[^\]]*\]|[-+0-9.eE]+|NaN)`)

// values returns the numbers of a "counters", "gauges" or "timers" dump, one
// slice per key (a single number for counters and gauges).
func (d *daemon) values(t *testing.T, cmd string) map[string][]float64 {
	t.Helper()
	s, err := d.command(cmd)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]float64{}
	for _, m := range inspectEntry.FindAllStringSubmatch(s, -1) {
		var vs []float64
		for _, f := range strings.FieldsFunc(m[2], func(r rune) bool { return strings.ContainsRune("[], \n", r) }) {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatalf("statsd %s: %q in %q", cmd, f, s)
			}
			vs = append(vs, v)
		}
		out[m[1]] = vs
	}
	return out
}

// counters returns the daemon's counters.
func (d *daemon) counters(t *testing.T) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for k, v := range d.values(t, "counters") {
		out[k] = v[0]
	}
	return out
}

// waitPackets waits until the daemon has counted n packets received, for it
// reads its socket on its own schedule.
func (d *daemon) waitPackets(t *testing.T, n uint64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := d.counters(t)["statsd.packets_received"]
		if got >= float64(n) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("statsd received %v packets of %d sent", got, n)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func newExporter(t *testing.T, opts ...statsd.Option) *statsd.Exporter {
	t.Helper()
	exp, err := statsd.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return exp
}
