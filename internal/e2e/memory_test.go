package e2e

import (
	"context"
	"testing"

	"go.opentelemetry.io/otel/sdk/metric/metricdata"

	"github.com/streamotel/streamotel/exporters/memory"
)

func mustCollect(t *testing.T, mem *memory.Reader) metricdata.ResourceMetrics {
	t.Helper()
	m, err := mem.Metrics(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return m.Resource
}
