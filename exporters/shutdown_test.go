package exporters_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/streamotel/streamotel/exporters"
)

// TestShutdownWithoutCollectorIsPrompt shuts down as docs/exporters.md
// does, with a context without deadline, while nothing listens on the OTLP
// port: shutdown returns within the default shutdown timeout with an error
// that says what happened.
func TestShutdownWithoutCollectorIsPrompt(t *testing.T) {
	for _, protocol := range []string{"grpc", "http/protobuf"} {
		t.Run(protocol, func(t *testing.T) {
			clearEnv(t)
			t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
			t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:"+freePort(t))
			mp, shutdown, err := exporters.Setup(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			c, _ := mp.Meter("t").Int64Counter("c")
			c.Add(context.Background(), 1)
			start := time.Now()
			err = shutdown(context.Background())
			d := time.Since(start)
			t.Logf("shutdown took %v: %v", d, err)
			if d > exporters.DefaultShutdownTimeout+500*time.Millisecond {
				t.Errorf("shutdown took %v", d)
			}
			if err == nil || !strings.Contains(err.Error(), "shutdown") {
				t.Errorf("shutdown error %v, want one that says the last export did not finish", err)
			}
		})
	}
}
