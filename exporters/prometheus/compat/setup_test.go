package compat_test

import (
	"context"
	"testing"

	"github.com/streamotel/streamotel/exporters"
	"github.com/streamotel/streamotel/exporters/prometheus/compat"
	"github.com/streamotel/streamotel/views"
)

// TestSetup runs the setup docs/exporters.md shows: both outputs as readers
// of exporters.Setup, Faust's boundaries in its Views, the application name
// from OTEL_SERVICE_NAME.
func TestSetup(t *testing.T) {
	t.Setenv("OTEL_METRICS_EXPORTER", "")
	t.Setenv("OTEL_SERVICE_NAME", "billing-app")
	faust, err := compat.Faust()
	if err != nil {
		t.Fatal(err)
	}
	fastStream, err := compat.FastStream()
	if err != nil {
		t.Fatal(err)
	}
	mp, shutdown, err := exporters.Setup(context.Background(),
		exporters.WithReader(faust), exporters.WithReader(fastStream),
		exporters.WithViews(views.New(compat.FaustViews()...)),
	)
	if err != nil {
		t.Fatal(err)
	}
	defer shutdown(context.Background())
	w, err := newWorkload(mp)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	w.round(context.Background())
	if got := value(find(scrape(t, httptestServer(t, faust)), "billing_app_assign_latency")); got != 2 {
		t.Errorf("billing_app_assign_latency count %v, want 2", got)
	}
	labels := []string{"app_name=billing-app", "broker=kafka", "handler=invoices"}
	if got := value(find(scrape(t, httptestServer(t, fastStream)), "faststream_received_messages_total", labels...)); got != handlerMessages {
		t.Errorf("faststream_received_messages_total%v = %v, want %v", labels, got, handlerMessages)
	}
}
