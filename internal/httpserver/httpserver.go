// Package httpserver builds the HTTP servers that streamotel starts itself
// (the Prometheus exporter's, cmd/statpipe-web), bounded in how long they
// wait on a client.
package httpserver

import (
	"net/http"
	"time"
)

// Timeouts bound how long a server waits on a client.
type Timeouts struct {
	// ReadHeader bounds reading a request's header.
	ReadHeader time.Duration
	// Write bounds a response, from the end of the request's header.
	Write time.Duration
	// Idle bounds how long a keep-alive connection waits for its next
	// request.
	Idle time.Duration
}

// Default holds the timeouts of the servers streamotel starts: 10 s to read a
// header, 30 s to write a response (a scrape of thousands of series over a
// slow link), 60 s between the requests of a keep-alive connection (longer
// than Prometheus' default scrape interval, so scrapes reuse theirs).
var Default = Timeouts{ReadHeader: 10 * time.Second, Write: 30 * time.Second, Idle: 60 * time.Second}

// Server returns a server of h with the timeouts t.
func (t Timeouts) Server(h http.Handler) *http.Server {
	return &http.Server{Handler: h, ReadHeaderTimeout: t.ReadHeader, WriteTimeout: t.Write, IdleTimeout: t.Idle}
}
