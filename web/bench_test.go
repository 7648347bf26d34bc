package web_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/web"
)

// discard is a ResponseWriter that keeps nothing, so that the benchmarks
// measure routing and instrumentation only.
type discard struct{ h http.Header }

func (d discard) Header() http.Header         { return d.h }
func (d discard) Write(b []byte) (int, error) { return len(b), nil }
func (d discard) WriteHeader(int)             {}

// BenchmarkMiddleware compares a ServeMux alone (the baseline) with the same
// mux behind Middleware reporting to the disabled Sensor (nil) and to a Monitor.
func BenchmarkMiddleware(b *testing.B) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /orders/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })
	mon, err := otelsensor.New()
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		h    http.Handler
	}{
		{"mux", mux},
		{"nop", web.Middleware(nil)(mux)},
		{"monitor", web.Middleware(otelsensor.NewSensor(mon))(mux)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			req := httptest.NewRequest("GET", "/orders/42", nil)
			w := discard{h: http.Header{}}
			b.ReportAllocs()
			for b.Loop() {
				bc.h.ServeHTTP(w, req)
			}
		})
	}
}
