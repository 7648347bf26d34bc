package statsd_test

import (
	"context"
	"net"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/exporters/statsd"
)

func TestEnvOptions(t *testing.T) {
	addr, read := listen(t)
	host, port, _ := net.SplitHostPort(addr)
	t.Setenv(statsd.EnvHost, host)
	t.Setenv(statsd.EnvPort, port)
	t.Setenv(statsd.EnvPrefix, "orders-app")
	t.Setenv(statsd.EnvFlavor, "DogStatsD")
	t.Setenv(statsd.EnvMaxPacketSize, "512")
	opts, err := statsd.EnvOptions()
	if err != nil {
		t.Fatal(err)
	}
	meter, flush := pipeline(t, newExporter(t, opts...))
	c, _ := meter.Int64Counter("events")
	c.Add(context.Background(), 2, metric.WithAttributes(attribute.String("stream", "s")))
	flush()
	if got := strings.Join(read(), "\n"); got != "orders-app.events:2|c|#stream:s" {
		t.Errorf("got %q", got)
	}
}

func TestEnvOptionsErrors(t *testing.T) {
	for _, tc := range []struct{ env, value string }{
		{statsd.EnvPort, "statsd"},
		{statsd.EnvPort, "0"},
		{statsd.EnvPort, "70000"},
		{statsd.EnvFlavor, "graphite"},
		{statsd.EnvMaxPacketSize, "10"},
		{statsd.EnvMaxPacketSize, "big"},
	} {
		t.Run(tc.env+"="+tc.value, func(t *testing.T) {
			t.Setenv(tc.env, tc.value)
			if _, err := statsd.EnvOptions(); err == nil || !strings.Contains(err.Error(), tc.env) {
				t.Errorf("error %v does not name %s", err, tc.env)
			}
		})
	}
}

func TestEnvOptionsUnset(t *testing.T) {
	for _, env := range []string{statsd.EnvHost, statsd.EnvPort, statsd.EnvPrefix, statsd.EnvFlavor, statsd.EnvMaxPacketSize} {
		t.Setenv(env, "")
	}
	opts, err := statsd.EnvOptions()
	if err != nil || len(opts) != 0 {
		t.Errorf("empty environment gave %d options, error %v", len(opts), err)
	}
}

func TestInvalidOptions(t *testing.T) {
	for name, opt := range map[string]statsd.Option{
		"packet too small": statsd.WithMaxPacketSize(10),
		"packet too large": statsd.WithMaxPacketSize(70000),
		"no port":          statsd.WithAddress("localhost"),
		"unknown flavor":   statsd.WithFlavor(statsd.Flavor(7)),
	} {
		if _, err := statsd.New(opt); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
