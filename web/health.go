package web

import (
	"encoding/json"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/streamotel/streamotel/health"
)

// healthHandler serves a Checker's reports. A Checker hands one Report to
// every probe within its max age; the handler encodes that Report once,
// since encoding thousands of failures for every probe would cost more than
// the check.
type healthHandler struct {
	checker *health.Checker
	last    atomic.Pointer[encodedReport]
}

// encodedReport is a Report and its JSON body.
type encodedReport struct {
	at   time.Time
	body []byte
}

// ServeHTTP answers 200 with the report when healthy, 503 when not.
func (h *healthHandler) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	rep := h.checker.Check()
	e := h.last.Load()
	if e == nil || !e.at.Equal(rep.Time) {
		b, err := json.Marshal(rep)
		if err != nil {
			http.Error(w, "web: encode: "+err.Error(), http.StatusInternalServerError)
			return
		}
		e = &encodedReport{at: rep.Time, body: append(b, '\n')}
		h.last.Store(e)
	}
	status := http.StatusOK
	if !rep.Healthy {
		status = http.StatusServiceUnavailable
	}
	writeBody(w, status, e.body)
}
