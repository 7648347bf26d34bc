package web

import (
	"embed"
	"encoding/json"
	"errors"
	"io/fs"
	"net/http"

	"github.com/streamotel/streamotel/health"
	"github.com/streamotel/streamotel/otelsensor"
)

// Option configures the handler bundle.
type Option interface {
	apply(*config)
}

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	health  *health.Checker
	metrics http.Handler
	sensor  *otelsensor.Sensor
}

// WithHealth sets the Checker that /health reports. Without it, or given
// nil, /health runs a Checker without thresholds: 200 while the process
// serves.
func WithHealth(c *health.Checker) Option {
	return optionFunc(func(cfg *config) { cfg.health = c })
}

// WithMetrics mounts h at /metrics: typically the Prometheus handler of the
// application's exporter. Without it, or given nil, /metrics is not found.
func WithMetrics(h http.Handler) Option {
	return optionFunc(func(cfg *config) { cfg.metrics = h })
}

// WithSensor sets the Sensor that the bundle reports its own requests to
// (for example the application's, with the Monitor and a logging hook).
// Without it, or given nil, the requests go to the Monitor alone.
func WithSensor(s *otelsensor.Sensor) Option {
	return optionFunc(func(cfg *config) { cfg.sensor = s })
}

// NewHandler returns the handler bundle of the Monitor m, instrumented with
// Middleware. Mount it at the root of a server, or under a prefix with
// http.StripPrefix: the dashboard's links are relative.
func NewHandler(m *otelsensor.Monitor, opts ...Option) (http.Handler, error) {
	if m == nil {
		return nil, errors.New("web: nil Monitor")
	}
	var cfg config
	for _, o := range opts {
		o.apply(&cfg)
	}
	if cfg.sensor == nil {
		cfg.sensor = otelsensor.NewSensor(m)
	}
	if cfg.health == nil {
		c, err := health.New(m)
		if err != nil {
			return nil, err
		}
		cfg.health = c
	}
	mux := http.NewServeMux()
	mux.Handle("GET /health", &healthHandler{checker: cfg.health})
	mux.HandleFunc("GET /monitor", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, m.Snapshot())
	})
	if cfg.metrics != nil {
		mux.Handle("GET /metrics", cfg.metrics)
	}
	mux.HandleFunc("GET /dashboard", func(w http.ResponseWriter, r *http.Request) {
		serveAsset(w, r, "dashboard.html")
	})
	mux.HandleFunc("GET /dashboard/{file}", func(w http.ResponseWriter, r *http.Request) {
		serveAsset(w, r, r.PathValue("file"))
	})
	return Middleware(cfg.sensor)(mux), nil
}

// writeJSON writes v as the JSON body of a response that no cache keeps.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "web: encode: "+err.Error(), http.StatusInternalServerError)
		return
	}
	writeBody(w, status, append(b, '\n'))
}

// writeBody writes a JSON body that no cache keeps.
func writeBody(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

//go:embed dashboard
var embedded embed.FS

// assets are the dashboard's files: the page, its script and its style.
var assets, _ = fs.Sub(embedded, "dashboard")

// contentPolicy lets the dashboard load only its own files and talk only to
// its own server: even a name that reached the page as markup could not run
// a script.
const contentPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

func serveAsset(w http.ResponseWriter, r *http.Request, name string) {
	if fi, err := fs.Stat(assets, name); err != nil || !fi.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", contentPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-cache")
	http.ServeFileFS(w, r, assets, name)
}
