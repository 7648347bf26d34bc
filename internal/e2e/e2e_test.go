package e2e

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"net/http"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/streamotel/streamotel/exporters"
	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/internal/demo"
	"github.com/streamotel/streamotel/internal/testtool"
	"github.com/streamotel/streamotel/otelsensor"
	sc "github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/views"
)

// TestPipeline runs the demo pipeline with metrics set up from the
// environment alone (OTLP to a real Collector, Prometheus scraped by a real
// Prometheus) and checks that both received the exact counts. The export
// interval is an hour, so the Collector receives only what Shutdown
// flushes.
func TestPipeline(t *testing.T) {
	for _, protocol := range []string{"grpc", "http/protobuf"} {
		t.Run(strings.ReplaceAll(protocol, "/", "_"), func(t *testing.T) { testPipeline(t, protocol) })
	}
}

func testPipeline(t *testing.T, protocol string) {
	col := startCollector(t)
	promtool := testtool.Require(t, "promtool")
	metricsAddr := "127.0.0.1:" + freePort(t)
	prom := startPrometheus(t, metricsAddr)

	endpoint := col.grpc
	if protocol != "grpc" {
		endpoint = col.http
	}
	t.Setenv("OTEL_METRICS_EXPORTER", "otlp,prometheus")
	t.Setenv("OTEL_EXPORTER_OTLP_PROTOCOL", protocol)
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://"+endpoint)
	t.Setenv("OTEL_EXPORTER_OTLP_HEADERS", "x-tenant=e2e")
	t.Setenv("OTEL_METRIC_EXPORT_INTERVAL", "3600000")
	t.Setenv("OTEL_EXPORTER_PROMETHEUS_HOST", "127.0.0.1")
	t.Setenv("OTEL_EXPORTER_PROMETHEUS_PORT", strings.TrimPrefix(metricsAddr, "127.0.0.1:"))
	t.Setenv("OTEL_SERVICE_NAME", "e2e-worker")
	t.Setenv("OTEL_RESOURCE_ATTRIBUTES", "deployment.environment.name=test")

	ctx := context.Background()
	mem := memory.New()
	mp, shutdown, err := exporters.Setup(ctx,
		exporters.WithReader(mem),
		exporters.WithViews(append(append(views.Faust("e2e"), views.FastStream("faststream")...), views.New())...))
	if err != nil {
		t.Fatal(err)
	}
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"), otelsensor.WithConsumerGroup("e2e"))
	if err != nil {
		t.Fatal(err)
	}
	w, err := drive(ctx, mon, 2000)
	if err != nil {
		t.Fatal(err)
	}
	extConsumed, err := driveExtensions(ctx, mp)
	if err != nil {
		t.Fatal(err)
	}

	// Prometheus: wait for a scrape after the run, then compare.
	if !waitFor(30*time.Second, func() bool {
		v, _, err := prom.query(`sum(messaging_client_consumed_messages_total{messaging_system="kafka"})`)
		return err == nil && v == float64(w.Consumed)
	}) {
		v, n, err := prom.query(`sum(messaging_client_consumed_messages_total{messaging_system="kafka"})`)
		t.Fatalf("Prometheus never saw %d consumed messages: %v over %d series, %v", w.Consumed, v, n, err)
	}
	for expr, want := range map[string]float64{
		`sum(messaging_client_sent_messages_total{messaging_system="kafka"})`:                               float64(w.Sent + w.SendErrors),
		`sum(messaging_client_sent_messages_total{error_type="broker_busy"})`:                               float64(w.SendErrors),
		`sum(messaging_process_duration_seconds_count{messaging_system="kafka"})`:                           float64(w.Processed),
		`sum(messaging_client_operation_duration_seconds_count{messaging_operation_name="commit"})`:         float64(w.Commits),
		`sum(streamotel_table_operations_total{streamotel_table_operation="get"})`:                          float64(w.TableGets),
		`sum(streamotel_rebalances_total)`:                                                                  float64(w.Rebalances),
		`sum(streamotel_offset_committed{messaging_destination_partition_id="1"})`:                          float64(w.Committed[1]),
		`sum(streamotel_consumer_lag{messaging_system="kafka"})`:                                            0,
		`sum(http_server_request_duration_seconds_count{http_response_status_code="500"})`:                  float64(w.WebErrors),
		`sum(messaging_client_consumed_messages_total{messaging_destination_partition_id="3"})`:             float64(w.ConsumedByPartition[3]),
		`count(target_info{service_name="e2e-worker",deployment_environment_name="test",job="quickstart"})`: 1,
		`sum(e2e_messages_received_total)`:                                                                  float64(w.Consumed + extConsumed),
		`count(e2e_messages_received_total)`:                                                                1,
	} {
		got, _, err := prom.query(expr)
		if err != nil || got != want {
			t.Errorf("Prometheus %s = %v (%v), want %v", expr, got, err, want)
		}
	}

	// promtool lints the exposition: every instrument has help and a unit
	// that Prometheus accepts.
	body := scrapeBody(t, "http://"+metricsAddr+"/metrics")
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(body)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}

	var rm = mustCollect(t, mem)
	if err := shutdown(ctx); err != nil {
		t.Fatalf("shutdown: %v", err)
	}
	if err := mon.Close(); err != nil {
		t.Fatal(err)
	}

	// The collector: exactly what the process held, for every instrument.
	var got received
	if !waitFor(10*time.Second, func() bool {
		got = col.received()
		return got.requests > 0
	}) {
		t.Fatalf("collector received nothing:\n%s", col.log())
	}
	if got.requests != 1 {
		t.Errorf("collector got %d exports, want exactly the one Shutdown flushes", got.requests)
	}
	for k, v := range map[string]string{"service.name": "e2e-worker", "deployment.environment.name": "test", "telemetry.sdk.language": "go"} {
		if got.resource[k] != v {
			t.Errorf("resource %s = %q, want %q", k, got.resource[k], v)
		}
	}
	want := flatten(rm)
	for _, in := range sc.Instruments() {
		pts, ok := got.points[in.Name]
		if !ok {
			t.Errorf("collector did not receive %s", in.Name)
			continue
		}
		if len(pts) != len(want[in.Name]) {
			t.Errorf("%s: collector has %d series, the process %d", in.Name, len(pts), len(want[in.Name]))
		}
		for key, w := range want[in.Name] {
			if g := pts[key]; g.count != w.count || math.Abs(g.value-w.value) > 1e-9 {
				t.Errorf("%s{%s}: collector %+v, process %+v", in.Name, key, g, w)
			}
		}
	}
	base := []string{"messaging.system=kafka", "messaging.consumer.group.name=e2e"}
	for _, c := range []struct {
		name  string
		attrs []string
		value float64
		count uint64
	}{
		{sc.ConsumedMessages, []string{"messaging.destination.name=orders"}, float64(w.Consumed), 0},
		{sc.ConsumedMessages, []string{"messaging.destination.partition.id=2"}, float64(w.ConsumedByPartition[2]), 0},
		{sc.SentMessages, []string{"messaging.destination.name=" + demo.OutputTopic}, float64(w.Sent + w.SendErrors), 0},
		{sc.SentMessages, []string{"error.type=broker_busy"}, float64(w.SendErrors), 0},
		{sc.ProcessDuration, []string{"streamotel.stream.name=orders"}, -1, uint64(w.Processed)},
		{sc.OperationDuration, []string{"messaging.operation.name=commit"}, -1, uint64(w.Commits)},
		{sc.OperationDuration, []string{"messaging.operation.name=send"}, -1, uint64(w.Sent + w.SendErrors)},
		{sc.StreamEvents, []string{"streamotel.task.name=count_orders"}, float64(w.Processed), 0},
		{sc.TableOperations, []string{"streamotel.table.operation=get", "streamotel.table.name=" + demo.Table}, float64(w.TableGets), 0},
		{sc.TableOperations, []string{"streamotel.table.operation=set"}, float64(w.TableSets), 0},
		{sc.MessagesActive, nil, 0, 0},
		{sc.EventsActive, nil, 0, 0},
		{sc.SendsActive, nil, 0, 0},
		{sc.Rebalances, nil, float64(w.Rebalances), 0},
		{sc.Assignments, nil, 1, 0},
		{sc.RebalanceTime, []string{"streamotel.rebalance.phase=end"}, -1, 1},
		{sc.AssignmentTime, nil, -1, 1},
		{sc.CommittedOffset, []string{"messaging.destination.partition.id=0"}, float64(w.Committed[0]), 0},
		{sc.EndOffset, []string{"messaging.destination.partition.id=3"}, float64(w.End[3]), 0},
		{sc.ConsumerLag, nil, 0, 0},
		{sc.TopicBufferFull, nil, float64(w.BufferFull), 0},
		{sc.MetricCounts, []string{"streamotel.metric.name=orders_valid"}, float64(w.Counted), 0},
		{sc.HTTPServerDuration, []string{"http.route=/orders/{id}"}, -1, uint64(w.WebRequests)},
		{sc.HTTPServerDuration, []string{"http.response.status_code=500", "error.type=500"}, -1, uint64(w.WebErrors)},
		{sc.HTTPServerActive, nil, 0, 0},
	} {
		attrs := c.attrs
		if strings.HasPrefix(c.name, "messaging.") || strings.HasPrefix(c.name, sc.Namespace) && c.name != sc.MetricCounts {
			attrs = append(append([]string{}, base[:1]...), attrs...)
		}
		s, n := got.total(c.name, attrs...)
		if n == 0 {
			t.Errorf("%s%v: no series", c.name, attrs)
			continue
		}
		if (c.value >= 0 && s.value != c.value) || s.count != c.count {
			t.Errorf("%s%v = value %v count %d, want value %v count %d", c.name, attrs, s.value, s.count, c.value, c.count)
		}
	}
	if t.Failed() {
		t.Logf("collector received: %s", fmt.Sprint(got.points))
	}
}

func scrapeBody(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	if _, err := io.Copy(&b, resp.Body); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
