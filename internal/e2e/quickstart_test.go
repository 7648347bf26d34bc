package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"testing"
	"time"

	sc "github.com/streamotel/streamotel/semconv"
)

// TestQuickstartToCollector runs the documented command,
//
//	OTEL_METRICS_EXPORTER=otlp OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4317 go run ./examples/quickstart
//
// against a real Collector on a free port, and checks that the Collector
// received as many consumed messages as the quickstart reports.
func TestQuickstartToCollector(t *testing.T) {
	clearEnv(t)
	col := startCollector(t)
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	bin := filepath.Join(t.TempDir(), "quickstart")
	// The quickstart is its own module: build it from its directory, with
	// or without the workspace.
	build := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "build", "-o", bin, ".")
	build.Dir = filepath.Join(root, "examples", "quickstart")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-duration", "1s")
	cmd.Env = append(os.Environ(),
		"OTEL_METRICS_EXPORTER=otlp",
		"OTEL_EXPORTER_OTLP_ENDPOINT=http://"+col.grpc,
	)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("quickstart: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`consumed (\d+),`).FindSubmatch(out)
	if m == nil {
		t.Fatalf("quickstart did not report its count:\n%s", out)
	}
	want, _ := strconv.Atoi(string(m[1]))
	var got float64
	if !waitFor(10*time.Second, func() bool {
		s, _ := col.received().total(sc.ConsumedMessages)
		got = s.value
		return got == float64(want)
	}) {
		t.Fatalf("collector has %v consumed messages, the quickstart reported %d\n%s", got, want, col.log())
	}
}
