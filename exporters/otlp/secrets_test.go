package otlp_test

import (
	"strings"
	"testing"

	"github.com/streamotel/streamotel/exporters/otlp"
)

// secrets are the parts of the values below that no error may show.
var secrets = []string{"abc123", "Bearer", "password", "s3cr3t", "user:"}

func noSecret(t *testing.T, what string, err error) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error", what)
		return
	}
	for _, s := range secrets {
		if strings.Contains(err.Error(), s) {
			t.Errorf("%s: error %q shows %q", what, err, s)
		}
	}
}

// TestErrorsHideSecrets sets malformed headers and endpoints that carry
// credentials: errors name the variable and where the value is wrong, and
// show no part of it.
func TestErrorsHideSecrets(t *testing.T) {
	for _, tc := range []struct {
		name, value, want string
	}{
		{"OTEL_EXPORTER_OTLP_HEADERS", "x-tenant=a,Authorization: Bearer abc123", "member 2"},
		{"OTEL_EXPORTER_OTLP_HEADERS", "Authorization=Bearer%zzabc123", "Authorization"},
		{"OTEL_EXPORTER_OTLP_HEADERS", "Bearer abc123=x", "member 1"},
		{"OTEL_EXPORTER_OTLP_METRICS_HEADERS", "api-key=abc123%0D%0Ax", "api-key"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://user:password@collector:4317", "scheme"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "https://user:password@collector:port/?token=s3cr3t", "URL"},
		{"OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "https://user:password@collector:0/?token=s3cr3t", "port"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "user:password@collector", "URL"},
		{"OTEL_EXPORTER_OTLP_ENDPOINT", "http://user:pass word@collector:4317/%zz?token=s3cr3t", "URL"},
	} {
		t.Run(tc.name+"="+tc.want, func(t *testing.T) {
			t.Setenv(tc.name, tc.value)
			_, err := otlp.New(t.Context())
			noSecret(t, tc.value, err)
			if err != nil && (!strings.Contains(err.Error(), tc.name) || !strings.Contains(err.Error(), tc.want)) {
				t.Errorf("error %q does not name %s and %q", err, tc.name, tc.want)
			}
		})
	}
	for _, endpoint := range []string{"ftp://user:password@collector:4317", "https://user:password@collector:0/?token=s3cr3t", "user:password@collector"} {
		_, err := otlp.New(t.Context(), otlp.WithEndpoint(endpoint))
		noSecret(t, "WithEndpoint("+endpoint+")", err)
	}
}
