//go:build unix

package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/streamotel/streamotel/stats"
	"github.com/streamotel/streamotel/stats/statpipe"
)

func TestServesSumsOnLoopback(t *testing.T) {
	dir := t.TempDir()
	r, _ := stats.New()
	r.Incr("jobs", 7)
	w, err := statpipe.NewWriter(r, statpipe.WithDir(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()

	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"-dir", dir, "-addr", "127.0.0.1:0"}, io.Discard, func(a string) { addrc <- a })
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-errc:
		t.Fatal(err)
	}
	if !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Errorf("listening on %s", addr)
	}
	resp, err := http.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]float64
	err = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if err != nil || got["jobs"] != 7 {
		t.Errorf("got %v, %v", got, err)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("run: %v", err)
	}
}

func TestBadFlags(t *testing.T) {
	if err := run(context.Background(), []string{"-timeout", "0s"}, io.Discard, nil); err == nil {
		t.Error("a zero timeout was accepted")
	}
	if err := run(context.Background(), []string{"-nope"}, io.Discard, nil); err == nil {
		t.Error("an unknown flag was accepted")
	}
}

// TestIdleConnectionsAreClosed makes one request on a keep-alive
// connection and then waits: the server closes the connection after
// -idle-timeout.
func TestIdleConnectionsAreClosed(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addrc := make(chan string, 1)
	errc := make(chan error, 1)
	go func() {
		errc <- run(ctx, []string{"-dir", t.TempDir(), "-addr", "127.0.0.1:0", "-idle-timeout", "200ms"}, io.Discard, func(a string) { addrc <- a })
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-errc:
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	r := bufio.NewReader(conn)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	if _, err := r.ReadByte(); err != io.EOF {
		t.Errorf("idle connection: %v, want it closed by the server", err)
	}
}
