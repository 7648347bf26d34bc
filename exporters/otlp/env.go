package otlp

import (
	"strings"

	"github.com/streamotel/streamotel/exporters/internal/env"
)

// Variable names: the signal-specific one first, so that it wins.
var (
	envEndpoint    = []string{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"}
	envProtocol    = []string{"OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"}
	envHeaders     = []string{"OTEL_EXPORTER_OTLP_METRICS_HEADERS", "OTEL_EXPORTER_OTLP_HEADERS"}
	envInsecure    = []string{"OTEL_EXPORTER_OTLP_METRICS_INSECURE", "OTEL_EXPORTER_OTLP_INSECURE"}
	envTimeout     = []string{"OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "OTEL_EXPORTER_OTLP_TIMEOUT"}
	envCompression = []string{"OTEL_EXPORTER_OTLP_METRICS_COMPRESSION", "OTEL_EXPORTER_OTLP_COMPRESSION"}
)

func (c *config) fromEnv() error {
	if v, ok := env.Lookup(envProtocol...); ok {
		switch p := Protocol(strings.ToLower(v.Value)); p {
		case GRPC, HTTPProtobuf:
			c.protocol = p
		default:
			return v.Errorf(`want "grpc" or "http/protobuf"`)
		}
	}
	if v, ok := env.Lookup(envEndpoint...); ok {
		u, err := parseEndpoint(v.Value)
		if err != nil {
			return v.Errorf("%v", err)
		}
		// The general variable is a base URL that the signal path is
		// appended to; the metrics-specific one is used as is.
		if v.Name == envEndpoint[1] && c.protocol == HTTPProtobuf {
			u = u.JoinPath("v1", "metrics")
		}
		c.endpoint = u
	}
	var err error
	if c.headers, _, err = env.Headers(envHeaders...); err != nil {
		return err
	}
	if c.insecure, _, err = env.Bool(envInsecure...); err != nil {
		return err
	}
	if c.timeout, _, err = env.Millis(envTimeout...); err != nil {
		return err
	}
	if v, ok := env.Lookup(envCompression...); ok {
		switch strings.ToLower(v.Value) {
		case "gzip":
			c.gzip = true
		case "none":
		default:
			return v.Errorf(`want "gzip" or "none"`)
		}
	}
	c.interval, c.readTimeout, err = env.Periodic()
	return err
}
