//go:build unix

package statpipe

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"time"
)

// Handler serves, on GET, the sums of every pipe in dir as one JSON object
// from name to value, as python -m statvent.web does.
func Handler(dir string, timeout time.Duration, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		sums, err := Sum(r.Context(), dir, timeout, logger)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		body, err := json.Marshal(sums)
		if err != nil {
			http.Error(w, "statpipe: "+err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(append(body, '\n'))
	})
}
