package testtool

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFindPrefersToolDir(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("STREAMOTEL_TOOLS", dir)
	if _, ok := Find("streamotel-no-such-tool"); ok {
		t.Fatal("found a tool that does not exist")
	}
	p := filepath.Join(dir, "streamotel-no-such-tool")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if got, ok := Find("streamotel-no-such-tool"); !ok || got != p {
		t.Errorf("Find = %q, %v; want %q", got, ok, p)
	}
	if got := Require(t, "streamotel-no-such-tool"); got != p {
		t.Errorf("Require = %q", got)
	}
}
