package compat_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	promclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/streamotel/streamotel/exporters"
	"github.com/streamotel/streamotel/exporters/prometheus/compat"
	"github.com/streamotel/streamotel/views"
)

// Both peers' metrics at one endpoint, next to whatever else the
// MeterProvider exports: Faust's named after the application, FastStream's
// with its app_name.
func Example() {
	reg := promclient.NewRegistry()
	faust, err := compat.Faust(compat.WithRegisterer(reg))
	if err != nil {
		panic(err)
	}
	fastStream, err := compat.FastStream(compat.WithRegisterer(reg))
	if err != nil {
		panic(err)
	}
	mp := sdkmetric.NewMeterProvider(
		sdkmetric.WithResource(resource.NewSchemaless(attribute.String("service.name", "orders-app"))),
		sdkmetric.WithReader(faust),
		sdkmetric.WithReader(fastStream),
		sdkmetric.WithView(views.New(compat.FaustViews()...)),
	)
	defer mp.Shutdown(context.Background())

	// A Monitor on mp, a middleware.Handler of "invoices" and the
	// consumer loop of "orders", as in the README, run one round.
	w, err := newWorkload(mp)
	if err != nil {
		panic(err)
	}
	w.round(context.Background())

	srv := httptest.NewServer(promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	defer srv.Close()
	resp, err := srv.Client().Get(srv.URL)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	for _, line := range strings.Split(string(body), "\n") {
		if strings.HasPrefix(line, "orders_app_table_operations_total") ||
			strings.HasPrefix(line, "faststream_received_processed_messages_total") {
			fmt.Println(line)
		}
	}
	// Output:
	// faststream_received_processed_messages_total{app_name="orders-app",broker="kafka",handler="invoices",status="acked"} 1
	// faststream_received_processed_messages_total{app_name="orders-app",broker="kafka",handler="invoices",status="error"} 1
	// faststream_received_processed_messages_total{app_name="orders-app",broker="kafka",handler="invoices",status="nacked"} 1
	// faststream_received_processed_messages_total{app_name="orders-app",broker="kafka",handler="invoices",status="rejected"} 1
	// faststream_received_processed_messages_total{app_name="orders-app",broker="kafka",handler="invoices",status="skipped"} 1
	// orders_app_table_operations_total{operation="keys_deleted",table="table.order_counts"} 1
	// orders_app_table_operations_total{operation="keys_retrieved",table="table.order_counts"} 3
	// orders_app_table_operations_total{operation="keys_updated",table="table.order_counts"} 3
}

// Both peers' outputs next to the default one, as docs/exporters.md sets
// them up. It is compiled, not run: it registers on http.DefaultServeMux.
func Example_setup() {
	ctx := context.Background()

	faust, err := compat.Faust()           // prefix: the application name, as Faust's
	fastStream, err := compat.FastStream() // prefix faststream; app_name: OTEL_SERVICE_NAME
	mp, shutdown, err := exporters.Setup(ctx,
		exporters.WithReader(faust), exporters.WithReader(fastStream),
		exporters.WithViews(views.New(compat.FaustViews()...)),
	)
	http.Handle("/metrics", faust) // where Faust's Prometheus scraped
	http.Handle("/faststream/metrics", fastStream)

	if err != nil {
		log.Fatal(err)
	}
	defer shutdown(ctx)
	_ = mp
}

// FastStream's output only, as docs/migrating.md shows it for a worker
// moving from FastStream. It is compiled, not run: it registers on
// http.DefaultServeMux.
func ExampleFastStream() {
	ctx := context.Background()

	fastStream, err := compat.FastStream(compat.WithAppName("orders-app")) // app_name; by default OTEL_SERVICE_NAME
	mp, shutdown, err := exporters.Setup(ctx, exporters.WithReader(fastStream))
	http.Handle("/metrics", fastStream)

	if err != nil {
		log.Fatal(err)
	}
	defer shutdown(ctx)
	_ = mp
}
