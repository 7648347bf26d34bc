package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"time"

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
