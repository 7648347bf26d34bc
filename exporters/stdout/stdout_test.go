package stdout_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/streamotel/streamotel/exporters/stdout"
)

func export(t *testing.T, opts ...stdout.Option) string {
	t.Helper()
	var out bytes.Buffer
	r, err := stdout.New(append(opts, stdout.WithWriter(&out))...)
	if err != nil {
		t.Fatal(err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r),
		sdkmetric.WithResource(resource.NewSchemaless(attribute.String("service.name", "svc"))))
	m := mp.Meter("t")
	c, _ := m.Int64UpDownCounter("active", metric.WithUnit("{message}"))
	c.Add(context.Background(), 2, metric.WithAttributes(attribute.String("topic", "a b")))
	h, _ := m.Float64Histogram("took", metric.WithUnit("s"))
	h.Record(context.Background(), 0.25)
	h.Record(context.Background(), 0.75)
	if err := mp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestText(t *testing.T) {
	out := export(t)
	for _, want := range []string{
		"service.name=svc",
		"active{topic=\"a b\"} 2 {message}\n",
		"took count=2 sum=1 min=0.25 max=0.75 s\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestJSON(t *testing.T) {
	out := export(t, stdout.WithJSON())
	var doc struct {
		ScopeMetrics []struct {
			Metrics []struct{ Name string }
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(doc.ScopeMetrics) != 1 || len(doc.ScopeMetrics[0].Metrics) != 2 {
		t.Errorf("decoded %+v", doc)
	}
}
