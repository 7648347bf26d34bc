package otlp

import (
	"testing"
	"time"
)

func TestFromEnv(t *testing.T) {
	for _, k := range append(append(append(append(envEndpoint, envProtocol...), envHeaders...), envTimeout...), envCompression...) {
		t.Setenv(k, "")
	}
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "https://collector.example:4318/base")
	t.Setenv("OTEL_EXPORTER_OTLP_HEADERS", "authorization=Bearer%20t")
	t.Setenv("OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "1500")
	t.Setenv("OTEL_EXPORTER_OTLP_TIMEOUT", "99")
	t.Setenv("OTEL_EXPORTER_OTLP_COMPRESSION", "GZIP")
	var c config
	if err := c.fromEnv(); err != nil {
		t.Fatal(err)
	}
	if c.protocol != HTTPProtobuf || c.endpoint.String() != "https://collector.example:4318/base/v1/metrics" ||
		c.headers["authorization"] != "Bearer t" || c.timeout != 1500*time.Millisecond || !c.gzip {
		t.Errorf("config = %+v", c)
	}
	t.Setenv("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "http://127.0.0.1:4318/custom")
	c = config{}
	if err := c.fromEnv(); err != nil {
		t.Fatal(err)
	}
	if c.endpoint.String() != "http://127.0.0.1:4318/custom" {
		t.Errorf("metrics endpoint = %s, want it unchanged", c.endpoint)
	}
}

func TestOptionsOverrideEnv(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
	r, err := New(t.Context(), WithProtocol(GRPC), WithEndpoint("127.0.0.1:4317"), WithTimeout(time.Second))
	if err != nil || r == nil {
		t.Fatal(err)
	}
	_ = r.Shutdown(t.Context())
	for _, bad := range []Option{WithProtocol("udp"), WithEndpoint("localhost"), WithTimeout(0), WithInterval(-1)} {
		if _, err := New(t.Context(), bad); err == nil {
			t.Error("bad option accepted")
		}
	}
}

func FuzzParseEndpoint(f *testing.F) {
	for _, s := range []string{"http://127.0.0.1:4317", "localhost:4317", "https://[::1]:443/x", "://", "http://:1", "a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := parseEndpoint(s)
		if err == nil && (u.Host == "" || u.Port() == "") {
			t.Fatalf("accepted %q as %#v", s, u)
		}
	})
}

func TestURL(t *testing.T) {
	for _, tc := range []struct {
		protocol Protocol
		endpoint string
		insecure bool
		want     string
	}{
		{GRPC, "", false, "http://localhost:4317"},
		{HTTPProtobuf, "", false, "http://localhost:4318/v1/metrics"},
		{GRPC, "collector:4317", false, "https://collector:4317"},
		{GRPC, "collector:4317", true, "http://collector:4317"},
		{GRPC, "https://collector:4317/ignored", false, "https://collector:4317"},
		{HTTPProtobuf, "https://collector:4318", false, "https://collector:4318/v1/metrics"},
		{HTTPProtobuf, "https://collector:4318/custom", true, "http://collector:4318/custom"},
	} {
		c := config{protocol: tc.protocol, insecure: tc.insecure}
		if tc.endpoint != "" {
			u, err := parseEndpoint(tc.endpoint)
			if err != nil {
				t.Fatal(err)
			}
			c.endpoint = u
		}
		if got := c.url().String(); got != tc.want {
			t.Errorf("%s %q insecure=%v: %s, want %s", tc.protocol, tc.endpoint, tc.insecure, got, tc.want)
		}
	}
}
