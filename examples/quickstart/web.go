package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/streamotel/streamotel/health"
	"github.com/streamotel/streamotel/internal/httpserver"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/web"
)

// serveWeb serves the Monitor's web view on ln, with metrics at /metrics,
// until the returned function is called. /health fails on the thresholds a
// small pipeline like this one should stay within.
func serveWeb(mon *otelsensor.Monitor, metrics http.Handler, ln net.Listener, logw io.Writer) (stop func(), err error) {
	check, err := health.New(mon,
		health.WithMaxLag(2000),
		health.WithMaxSendErrorRate(0.05, time.Minute),
		health.WithMaxProcessingErrorRate(0.05, time.Minute),
		health.WithProgressTimeout(30*time.Second),
	)
	if err != nil {
		return nil, err
	}
	h, err := web.NewHandler(mon, web.WithHealth(check), web.WithMetrics(metrics))
	if err != nil {
		return nil, err
	}
	srv := httpserver.Default.Server(h)
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Print(err)
		}
	}()
	fmt.Fprintf(logw, "serving http://%s/dashboard (and /health, /monitor, /metrics)\n", ln.Addr())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}

// loopbackUnlessTold returns addr with host 127.0.0.1 when it names only a
// port ("8080" or ":8080"), so that the web view is not exposed to the
// network unless a host is given. Other values are returned as they are,
// for net.Listen to use or reject.
func loopbackUnlessTold(addr string) string {
	if !strings.Contains(addr, ":") {
		return net.JoinHostPort("127.0.0.1", addr)
	}
	if host, port, err := net.SplitHostPort(addr); err == nil && host == "" {
		return net.JoinHostPort("127.0.0.1", port)
	}
	return addr
}
