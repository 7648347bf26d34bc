// Package testtool finds the external programs that end-to-end tests run
// against (an OpenTelemetry Collector, Prometheus, a statsd daemon, a
// browser). scripts/test installs or builds them under .cache/bin.
//
// A test that cannot find its tool is skipped on a developer's machine and
// fails when the CI environment variable is "true": CI never passes by
// skipping.
package testtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir returns the folder scripts/test installs tools into: $STREAMOTEL_TOOLS
// if set, else .cache/bin at the root of the module.
func Dir() string {
	if d := os.Getenv("STREAMOTEL_TOOLS"); d != "" {
		return d
	}
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", ".cache", "bin")
}

// Find returns the path of the named program: in Dir first, then on PATH.
func Find(name string) (string, bool) {
	p := filepath.Join(Dir(), name)
	if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
		return p, true
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, true
	}
	return "", false
}

// Require returns the path of the named program, or ends the test: skipped
// outside CI, failed in CI.
func Require(t testing.TB, name string) string {
	t.Helper()
	if p, ok := Find(name); ok {
		return p
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s not found in %s or on PATH; scripts/test installs it", name, Dir())
	}
	t.Skipf("%s not installed (run scripts/test to install it)", name)
	return ""
}
