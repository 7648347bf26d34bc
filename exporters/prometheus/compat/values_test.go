package compat_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	promclient "github.com/prometheus/client_golang/prometheus"
	dto "github.com/prometheus/client_model/go"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/streamotel/streamotel/exporters/prometheus/compat"
	"github.com/streamotel/streamotel/views"
)

// find returns the series of family name with exactly the given labels.
func find(fams map[string]*dto.MetricFamily, name string, labels ...string) *dto.Metric {
	for _, m := range fams[name].GetMetric() {
		var got []string
		for _, l := range m.GetLabel() {
			got = append(got, l.GetName()+"="+l.GetValue())
		}
		if strings.Join(got, ",") == strings.Join(labels, ",") {
			return m
		}
	}
	return nil
}

func value(m *dto.Metric) float64 {
	switch {
	case m == nil:
		return -1
	case m.Counter != nil:
		return m.GetCounter().GetValue()
	case m.Histogram != nil:
		return float64(m.GetHistogram().GetSampleCount())
	}
	return m.GetGauge().GetValue()
}

// TestValues checks what the workload did, counted in each peer's metrics,
// labels in Prometheus' order.
func TestValues(t *testing.T) {
	const rounds = 3
	faust, fastStream := peers(t, rounds)
	f, fs := scrape(t, faust), scrape(t, fastStream)
	fsLabels := func(dest string, more ...string) []string {
		return append([]string{"app_name=orders-app", "broker=kafka", dest}, more...)
	}
	for _, tc := range []struct {
		fams   map[string]*dto.MetricFamily
		name   string
		labels []string
		want   float64
	}{
		{f, "orders_app_messages_received_total", nil, rounds * (partitions + handlerMessages)},
		{f, "orders_app_messages_received_per_topic_total", []string{"topic=orders"}, rounds * partitions},
		{f, "orders_app_messages_received_per_topics_partition", []string{"partition=1", "topic=orders"}, rounds - 1},
		{f, "orders_app_active_messages", nil, 0},
		{f, "orders_app_total_events_total", nil, rounds * partitions},
		{f, "orders_app_total_events_per_stream_total", []string{"stream=stream.topic_orders.events"}, rounds * partitions},
		{f, "orders_app_events_runtime_ms", nil, rounds * partitions},
		{f, "orders_app_table_operations_total", []string{"operation=keys_retrieved", "table=table.order_counts"}, rounds * tableGets},
		{f, "orders_app_table_operations_total", []string{"operation=keys_updated", "table=table.order_counts"}, rounds * tableGets},
		{f, "orders_app_table_operations_total", []string{"operation=keys_deleted", "table=table.order_counts"}, rounds},
		{f, "orders_app_topic_messages_sent_total", []string{"topic=topic.order-totals"}, rounds * (sends + 1)},
		{f, "orders_app_total_sent_messages_total", nil, rounds * (sends + publishes)},
		{f, "orders_app_producer_send_latency", nil, rounds * (sends + publishes)},
		{f, "orders_app_total_error_messages_sent_total", nil, rounds * 2},
		{f, "orders_app_producer_error_send_latency", nil, rounds * 2},
		{f, "orders_app_consumer_commit_latency", nil, rounds},
		{f, "orders_app_assignment_operations_total", []string{"operation=completed"}, 1},
		{f, "orders_app_assignment_operations_total", []string{"operation=error"}, 1},
		{f, "orders_app_assign_latency", nil, 2},
		{f, "orders_app_total_rebalances", nil, 0},
		{f, "orders_app_rebalance_done_latency", nil, 1},
		{f, "orders_app_metrics_by_name", []string{"metric=" + countedName}, rounds},
		{f, "orders_app_http_status_codes_total", []string{"status_code=404"}, rounds},
		{f, "orders_app_http_latency", nil, rounds * requests},
		{f, "orders_app_topic_partition_offset_commited", []string{"partition=0", "topic=orders"}, rounds},
		{f, "orders_app_topic_partition_end_offset", []string{"partition=0", "topic=orders"}, rounds + offsetAhead},

		{fs, "faststream_received_messages_total", fsLabels("handler=invoices"), rounds * handlerMessages},
		{fs, "faststream_received_messages_size_bytes", fsLabels("handler=invoices"), rounds * handlerMessages},
		{fs, "faststream_received_messages_in_process", fsLabels("handler=invoices"), 0},
		{fs, "faststream_received_processed_messages_total", fsLabels("handler=invoices", "status=rejected"), rounds},
		{fs, "faststream_received_processed_messages_duration_seconds", fsLabels("handler=invoices"), rounds * handlerMessages},
		{fs, "faststream_received_processed_messages_exceptions_total", []string{"app_name=orders-app", "broker=kafka", "exception_type=invalidOrder", "handler=invoices"}, rounds},
		{fs, "faststream_published_messages_total", fsLabels("destination=receipts", "status=success"), rounds * publishes},
		{fs, "faststream_published_messages_total", fsLabels("destination=receipts", "status=error"), rounds},
		// Sends only: the commits of the same instrument are not publishes.
		{fs, "faststream_published_messages_duration_seconds", fsLabels("destination=receipts"), rounds * (publishes + 1)},
		{fs, "faststream_published_messages_exceptions_total", fsLabels("destination=receipts", "exception_type=_OTHER"), rounds},
	} {
		if got := value(find(tc.fams, tc.name, tc.labels...)); got != tc.want {
			t.Errorf("%s%v = %v, want %v", tc.name, tc.labels, got, tc.want)
		}
	}
	if n := len(fs["faststream_published_messages_duration_seconds"].GetMetric()); n != 2 {
		t.Errorf("%d publish duration series, want 2 (order-totals, receipts)", n)
	}
}

// TestUnits checks Faust's milliseconds and FastStream's bytes against
// what the workload took and sent, bucket by bucket.
func TestUnits(t *testing.T) {
	const rounds = 3
	faust, fastStream := peers(t, rounds)
	h := find(scrape(t, faust), "orders_app_events_runtime_ms").GetHistogram()
	if min := float64(rounds * slowEvent.Milliseconds()); h.GetSampleSum() < min {
		t.Errorf("events runtime sum %v ms, want at least %v", h.GetSampleSum(), min)
	}
	for _, b := range h.GetBucket() {
		if b.GetUpperBound() == 5 && b.GetCumulativeCount() > rounds*(partitions-failedEvents) {
			t.Errorf("%d events within 5 ms, want at most the %d fast ones", b.GetCumulativeCount(), rounds*(partitions-failedEvents))
		}
	}
	size := find(scrape(t, fastStream), "faststream_received_messages_size_bytes", "app_name=orders-app", "broker=kafka", "handler=invoices").GetHistogram()
	if want := float64(rounds * handlerMessages * 100); size.GetSampleSum() != want {
		t.Errorf("size sum %v, want %v", size.GetSampleSum(), want)
	}
	for _, b := range size.GetBucket() {
		want := uint64(0)
		if b.GetUpperBound() >= 100 {
			want = rounds * handlerMessages
		}
		if b.GetCumulativeCount() != want {
			t.Errorf("le=%v: %d, want %d", b.GetUpperBound(), b.GetCumulativeCount(), want)
		}
	}
}

// TestRebalancesInProgress checks Faust's two gauges: rebalances started
// and not returned, returned and not ended.
func TestRebalancesInProgress(t *testing.T) {
	f, err := compat.Faust(compat.WithPrefix("app"))
	if err != nil {
		t.Fatal(err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(f), sdkmetric.WithView(views.New(compat.FaustViews()...)))
	defer mp.Shutdown(context.Background())
	w, err := newWorkload(mp) // one complete rebalance
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	ctx := context.Background()
	w.rebalance(ctx, false, false)
	w.rebalance(ctx, false, false)
	w.rebalance(ctx, true, false)
	fams := scrape(t, httptestServer(t, f))
	if got := value(find(fams, "app_total_rebalances")); got != 2 {
		t.Errorf("total_rebalances %v, want 2", got)
	}
	if got := value(find(fams, "app_total_rebalances_recovering")); got != 1 {
		t.Errorf("total_rebalances_recovering %v, want 1", got)
	}
}

// TestNames checks where the prefix and app_name come from.
func TestNames(t *testing.T) {
	for _, tc := range []struct {
		name    string
		service string // "" for the SDK's default resource
		faust   []compat.Option
		fast    []compat.Option
		want    string // a Faust name
		wantApp string // FastStream's app_name
	}{
		{"resource", "orders-app.eu", nil, nil, "orders_app_eu_messages_received_total", "orders-app.eu"},
		{"options", "orders-app", []compat.Option{compat.WithAppName("billing.v2")}, []compat.Option{compat.WithAppName("billing")}, "billing_v2_messages_received_total", "billing"},
		{"prefix wins", "orders-app", []compat.Option{compat.WithAppName("x"), compat.WithPrefix("my-app")}, []compat.Option{compat.WithPrefix("fs")}, "my_app_messages_received_total", "orders-app"},
		{"unknown service", "", []compat.Option{compat.WithPrefix("f")}, nil, "f_messages_received_total", "faststream"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := compat.Faust(tc.faust...)
			if err != nil {
				t.Fatal(err)
			}
			fs, err := compat.FastStream(tc.fast...)
			if err != nil {
				t.Fatal(err)
			}
			res := resource.Default()
			if tc.service != "" {
				res = resource.NewSchemaless(attribute.String("service.name", tc.service))
			}
			mp := sdkmetric.NewMeterProvider(sdkmetric.WithResource(res), sdkmetric.WithReader(f), sdkmetric.WithReader(fs),
				sdkmetric.WithView(views.New(compat.FaustViews()...)))
			defer mp.Shutdown(context.Background())
			w, err := newWorkload(mp)
			if err != nil {
				t.Fatal(err)
			}
			defer w.close()
			w.round(context.Background())
			if _, ok := scrape(t, httptestServer(t, f))[tc.want]; !ok {
				t.Errorf("no %s", tc.want)
			}
			for name, fam := range scrape(t, httptestServer(t, fs)) {
				for _, m := range fam.GetMetric() {
					if got := m.GetLabel()[0]; got.GetName() != "app_name" || got.GetValue() != tc.wantApp {
						t.Fatalf("%s: %v=%q, want app_name=%q", name, got.GetName(), got.GetValue(), tc.wantApp)
					}
				}
			}
		})
	}
}

// TestPeersDoNotCollide registers both peers, and a second FastStream, in
// one registry: the peers coexist, the duplicate is refused.
func TestPeersDoNotCollide(t *testing.T) {
	reg := promclient.NewRegistry()
	if _, err := compat.Faust(compat.WithPrefix("faststream"), compat.WithRegisterer(reg)); err != nil {
		t.Fatal(err)
	}
	if _, err := compat.FastStream(compat.WithRegisterer(reg)); err != nil {
		t.Fatalf("FastStream next to Faust: %v", err)
	}
	if _, err := compat.FastStream(compat.WithRegisterer(reg)); err == nil {
		t.Error("a second FastStream output with the same prefix was registered")
	}
	if _, err := compat.FastStream(compat.WithPrefix("bad prefix")); err == nil {
		t.Error("a prefix that is not a metric name was accepted")
	}
}

// TestBoundariesMissing checks that without FaustViews the three Faust
// histograms whose boundaries the default Views do not have are left out
// with an error that says what to do, and the rest is served.
func TestBoundariesMissing(t *testing.T) {
	var (
		mu   sync.Mutex
		errs []error
	)
	defer otel.SetErrorHandler(otel.GetErrorHandler())
	otel.SetErrorHandler(otel.ErrorHandlerFunc(func(err error) {
		mu.Lock()
		defer mu.Unlock()
		errs = append(errs, err)
	}))
	f, err := compat.Faust(compat.WithPrefix("app"))
	if err != nil {
		t.Fatal(err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(f), sdkmetric.WithView(views.New()))
	defer mp.Shutdown(context.Background())
	w, err := newWorkload(mp)
	if err != nil {
		t.Fatal(err)
	}
	defer w.close()
	fams := scrape(t, httptestServer(t, f))
	for _, name := range []string{"app_assign_latency", "app_rebalance_done_consumer_latency", "app_rebalance_done_latency"} {
		if _, ok := fams[name]; ok {
			t.Errorf("%s served with the wrong boundaries", name)
		}
	}
	if _, ok := fams["app_events_runtime_ms"]; !ok {
		t.Error("the other histograms are left out too")
	}
	mu.Lock()
	defer mu.Unlock()
	if err := errors.Join(errs...); err == nil || !strings.Contains(err.Error(), "views.Boundaries") {
		t.Errorf("reported %v, want an error naming views.Boundaries", err)
	}
}
