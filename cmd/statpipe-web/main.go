//go:build unix

// Command statpipe-web serves, as JSON over HTTP, the sums of the stats that
// every process publishes on a named pipe in one directory (see package
// stats/statpipe), as python -m statvent.web does.
//
// Usage:
//
//	statpipe-web [-dir /tmp/stats-pipe] [-addr 127.0.0.1:8000] [-timeout 1s] [-idle-timeout 60s]
//
// It listens on the loopback interface unless -addr says otherwise. A
// request's header must arrive within 10 s, its answer is written within
// -timeout plus 5 s, and a keep-alive connection is closed after
// -idle-timeout without a request.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/streamotel/streamotel/internal/httpserver"
	"github.com/streamotel/streamotel/stats/statpipe"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stderr, nil); err != nil {
		fmt.Fprintln(os.Stderr, "statpipe-web:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends; listening is called with the bound address.
func run(ctx context.Context, args []string, stderr io.Writer, listening func(addr string)) error {
	fs := flag.NewFlagSet("statpipe-web", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", statpipe.DefaultDir, "directory of the <pid>.stats pipes")
	addr := fs.String("addr", "127.0.0.1:8000", "address to serve on")
	timeout := fs.Duration("timeout", statpipe.DefaultTimeout, "how long to wait for each pipe")
	idle := fs.Duration("idle-timeout", httpserver.Default.Idle, "how long a keep-alive connection may wait for its next request")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *timeout <= 0 {
		return fmt.Errorf("-timeout must be positive, got %v", *timeout)
	}
	if *idle <= 0 {
		return fmt.Errorf("-idle-timeout must be positive, got %v", *idle)
	}
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := httpserver.Timeouts{
		ReadHeader: httpserver.Default.ReadHeader,
		Write:      *timeout + 5*time.Second,
		Idle:       *idle,
	}.Server(statpipe.Handler(*dir, *timeout, logger))
	logger.Info("serving stats", "addr", ln.Addr().String(), "dir", *dir)
	if listening != nil {
		listening(ln.Addr().String())
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
