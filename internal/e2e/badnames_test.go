package e2e

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/streamotel/streamotel/exporters"
	"github.com/streamotel/streamotel/internal/clean"
	"github.com/streamotel/streamotel/otelsensor"
	sc "github.com/streamotel/streamotel/semconv"
)

// rawType is an error whose ErrorType is whatever a caller wrote.
type rawType string

func (e rawType) Error() string     { return "raw" }
func (e rawType) ErrorType() string { return string(e) }

// TestBadNamesReachTheCollector sends names and error types that are not
// valid export values (invalid UTF-8, control characters, a megabyte)
// through a real Collector over both OTLP protocols. One invalid UTF-8
// string used to make every later export fail; now each arrives cleaned,
// and an export after them arrives too.
func TestBadNamesReachTheCollector(t *testing.T) {
	for _, protocol := range []string{"grpc", "http/protobuf"} {
		t.Run(strings.ReplaceAll(protocol, "/", "_"), func(t *testing.T) { testBadNames(t, protocol) })
	}
}

func testBadNames(t *testing.T, protocol string) {
	col := startCollector(t)
	endpoint := col.grpc
	if protocol != "grpc" {
		endpoint = col.http
	}
	t.Setenv("OTEL_METRICS_EXPORTER", "otlp")
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+endpoint)
	t.Setenv("OTEL_METRIC_EXPORT_INTERVAL", "3600000")
	ctx := context.Background()
	mp, shutdown, err := exporters.Setup(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer shutdown(ctx)
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"))
	if err != nil {
		t.Fatal(err)
	}
	s := otelsensor.NewSensor(mon)

	raw := []string{"bad\xff\xfe", "line\nbreak", strings.Repeat("x", 1<<20), "\x1b[31mred"}
	for _, r := range raw {
		s.OnSendError(ctx, s.OnSendInitiated(ctx, r), rawType(r))
		s.OnWebRequestEnd(ctx, s.OnWebRequestStart(ctx, otelsensor.WebRequest{Method: "GET", Scheme: r, Route: r}), 500)
	}
	if err := mp.ForceFlush(ctx); err != nil {
		t.Fatalf("export of cleaned names failed: %v", err)
	}
	// A later export goes through as well.
	s.OnSendCompleted(ctx, s.OnSendInitiated(ctx, "after"), 0, 1)
	if err := mp.ForceFlush(ctx); err != nil {
		t.Fatalf("export after the bad names failed: %v", err)
	}

	var got received
	if !waitFor(15*time.Second, func() bool {
		got = col.received()
		_, n := got.total(sc.SentMessages, "messaging.destination.name=after")
		return n == 1
	}) {
		t.Fatalf("the collector did not receive the export after the bad names:\n%s", col.log())
	}
	for _, r := range raw {
		name := clean.Name(r)
		if v, n := got.total(sc.SendErrors, "messaging.destination.name="+name, "error.type="+name); n != 1 || v.value != 1 {
			t.Errorf("send errors of %.20q: %d series, value %v; want one series of 1", r, n, v.value)
		}
		if _, n := got.total(sc.HTTPServerDuration, "url.scheme="+name, "http.route="+name); n != 1 {
			t.Errorf("request duration of scheme and route %.20q: %d series, want 1", r, n)
		}
	}
	for metric, pts := range got.points {
		for key := range pts {
			if !utf8.ValidString(key) || strings.ContainsAny(key, "\n\r\x1b") || len(key) > 4096 {
				t.Errorf("%s: attributes %.60q are not clean", metric, key)
			}
		}
	}
}
