package web_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

	"github.com/streamotel/streamotel/exporters"
	"github.com/streamotel/streamotel/exporters/prometheus"
	"github.com/streamotel/streamotel/health"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/web"
)

// Mount the bundle under a prefix of the application's own server.
func ExampleNewHandler() {
	mon, err := otelsensor.New(otelsensor.WithSystem("kafka"))
	if err != nil {
		panic(err)
	}
	check, err := health.New(mon, health.WithMaxLag(1000), health.WithProgressTimeout(time.Minute))
	if err != nil {
		panic(err)
	}
	bundle, err := web.NewHandler(mon, web.WithHealth(check))
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/streamotel/", http.StripPrefix("/streamotel", bundle))

	srv := httptest.NewServer(mux) // in production: http.ListenAndServe("127.0.0.1:8080", mux)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/streamotel/health")
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	fmt.Println(resp.Status, strings.Contains(string(body), `"healthy":true`))
	// Output: 200 OK true
}

// Instrument an application's own handlers: the Monitor records
// http.server.request.duration with the route pattern.
func ExampleMiddleware() {
	mon, err := otelsensor.New()
	if err != nil {
		panic(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "order %s", r.PathValue("id"))
	})
	handler := web.Middleware(otelsensor.NewSensor(mon))(mux)

	for _, path := range []string{"/orders/1", "/orders/2", "/nowhere"} {
		handler.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", path, nil))
	}
	fmt.Println(mon.Snapshot().HTTPResponseCodes)
	// Output: map[200:2 404:1]
}

// The whole bundle as docs/web.md sets it up: the Prometheus exporter's
// metrics, the health check with every threshold, and the dashboard. It is
// compiled, not run: it listens on 127.0.0.1:8080.
func ExampleNewHandler_setup() {
	run := func(ctx context.Context) error {
		prom, err := prometheus.New() // exporters/prometheus: a reader that is an http.Handler
		if err != nil {
			return err
		}
		mp, shutdown, err := exporters.Setup(ctx, exporters.WithReader(prom))
		if err != nil {
			return err
		}
		defer shutdown(context.Background())
		mon, _ := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"))
		check, err := health.New(mon,
			health.WithMaxLag(1000),                          // messages, per partition
			health.WithMaxSendErrorRate(0.05, 5*time.Minute), // fraction of sends over the window
			health.WithMaxProcessingErrorRate(0.05, 5*time.Minute),
			health.WithProgressTimeout(2*time.Minute), // stuck although work is waiting
			health.WithMaxMemory(2<<30),               // bytes the Go runtime holds
		)
		if err != nil {
			return err // a negative, NaN or out-of-range threshold
		}
		bundle, err := web.NewHandler(mon, web.WithHealth(check), web.WithMetrics(prom))
		if err != nil {
			return err
		}
		mux := http.NewServeMux()
		mux.Handle("/streamotel/", http.StripPrefix("/streamotel", bundle)) // links are relative
		go http.ListenAndServe("127.0.0.1:8080", mux)

		select {} // the worker runs until the process stops
	}
	if err := run(context.Background()); err != nil {
		log.Fatal(err)
	}
}
