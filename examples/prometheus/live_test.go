package prometheus_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	promclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	otelprom "go.opentelemetry.io/otel/exporters/prometheus"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/internal/demo"
	"github.com/streamotel/streamotel/internal/promtest"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/stats"
	"github.com/streamotel/streamotel/web"
)

// live is the worker of the tests: its Monitor and the Sensor over it, the
// application's stats, and the server of its web bundle.
type live struct {
	mon   *otelsensor.Monitor
	s     *otelsensor.Sensor
	stats *stats.Registry
	srv   *httptest.Server
}

// worker runs the demo pipeline on a Monitor exported with OpenTelemetry's
// Prometheus exporter, with a stats Registry exported by the same
// MeterProvider, served at /metrics of the web bundle on 127.0.0.1.
func worker(t *testing.T) live {
	t.Helper()
	reg := promclient.NewRegistry()
	exp, err := otelprom.New(otelprom.WithRegisterer(reg))
	if err != nil {
		t.Fatal(err)
	}
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(exp))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"), otelsensor.WithConsumerGroup("orders-app"))
	if err != nil {
		t.Fatal(err)
	}
	statsReg, err := stats.New()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := statsReg.Register(mp); err != nil {
		t.Fatal(err)
	}
	s := otelsensor.NewSensor(mon)
	bundle, err := web.NewHandler(mon, web.WithSensor(s), web.WithMetrics(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(bundle)
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := demo.Run(ctx, s, demo.Config{Duration: time.Hour, Rate: 200, CommitEvery: 20, FailEvery: 10})
		done <- err
	}()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("demo: %v", err)
		}
	})
	return live{mon: mon, s: s, stats: statsReg, srv: srv}
}

// prometheusServer is a real Prometheus on 127.0.0.1 that scrapes one
// target every second and evaluates rules.yml every second.
type prometheusServer struct{ *promtest.Server }

func startPrometheus(t *testing.T, target string) prometheusServer {
	t.Helper()
	return prometheusServer{promtest.Start(t, promtest.Config{
		ScrapeInterval:     time.Second,
		EvaluationInterval: time.Second,
		RuleFiles:          []string{"rules.yml"},
		Jobs:               []promtest.Job{{Name: "worker", Targets: []string{target}}},
		LogLevel:           "warn",
	})}
}

// series returns how many series a query returns now.
func (p prometheusServer) series(query string) (int, error) {
	s, err := p.Query(query)
	return len(s), err
}

// TestOnLivePrometheus scrapes the demo pipeline with a real Prometheus
// loaded with rules.yml, and checks that every query of the Grafana
// dashboard returns series, that every rule evaluates, and that the
// pipeline's 10% of failures, a lag of 5000, a shard 10 minutes behind and
// eight quick rebalances trigger the alerts they should.
func TestOnLivePrometheus(t *testing.T) {
	w := worker(t)
	mon, s, srv := w.mon, w.s, w.srv
	ctx := context.Background()
	backlog := otelsensor.TopicPartition{Topic: "backlog", Partition: 0}
	// What the demo pipeline does not call: handlers, batches, shards and
	// the application's own stats. Again after the rebalances, which
	// forget partitions.
	shard := otelsensor.TopicPartition{Topic: "clicks", Partition: 1}
	others := func() {
		mon.Count(ctx, "orders.rejected", 3)
		w.stats.Set("orders.open", 12)
		w.stats.Record("orders.load", 0.25)
		s.OnTopicBufferFull(ctx, backlog)
		s.OnHandleEnd(ctx, s.OnHandleStart(ctx, "payments", 512), otelsensor.StatusAcked, nil)
		s.OnHandleEnd(ctx, s.OnHandleStart(ctx, "payments", 64), otelsensor.StatusError, errors.New("bad payment"))
		s.OnBatchSent(ctx, s.OnBatchStart(ctx, "clicks"), 25, 4096, nil)
		s.OnBatchSent(ctx, s.OnBatchStart(ctx, "clicks"), 5, 512, errors.New("throughput exceeded"))
		s.OnThrottle(ctx, "clicks")
		s.OnProducerQueue(ctx, "clicks", 7)
		s.OnConsumerQueue(ctx, "clicks", 3)
		s.OnRecords(ctx, shard, 10, 2048)
		s.OnReceiveError(ctx, shard, errors.New("expired iterator"))
		s.OnCheckpoint(ctx, shard, nil)
		s.OnRedelivered(ctx, shard, 2)
		s.OnDropped(ctx, shard, 1)
		s.OnIteratorAge(ctx, shard, 10*time.Minute)
		s.OnShards(ctx, "clicks", 4, 2)
		s.OnReshard(ctx, "clicks")
	}
	others()
	if _, err := http.Get(srv.URL + "/nowhere"); err != nil {
		t.Fatal(err)
	}

	p := startPrometheus(t, srv.Listener.Addr().String())
	promtest.Eventually(t, "three scrapes", func() error {
		if n, err := p.series(`count_over_time(up{job="worker"}[1m]) >= 3`); err != nil || n != 1 {
			return fmt.Errorf("%d series, %v", n, err)
		}
		return nil
	})
	// A rebalance storm, with one failed assignment; then a backlog (the
	// rebalances forget offsets).
	for i := range 8 {
		rb := s.OnRebalanceStart(ctx)
		as := s.OnAssignmentStart(ctx)
		if i == 0 {
			s.OnAssignmentError(ctx, as, errors.New("no coordinator"))
		} else {
			s.OnAssignmentCompleted(ctx, as)
		}
		s.OnRebalanceReturn(ctx, rb)
		s.OnRebalanceEnd(ctx, rb)
		time.Sleep(300 * time.Millisecond)
	}
	s.OnEndOffset(ctx, backlog, 5000)
	s.OnOffsetCommitted(ctx, backlog, 0)
	s.OnPending(ctx, backlog, 12)
	others()

	vars := strings.NewReplacer("$__rate_interval", "10s", "$job", "worker", "$group", ".*")
	for where, q := range readDashboard(t).queries() {
		q = vars.Replace(q)
		promtest.Eventually(t, where+": "+q, func() error {
			if n, err := p.series(q); err != nil || n == 0 {
				return fmt.Errorf("%d series, %v", n, err)
			}
			return nil
		})
	}

	want := map[string]string{
		"StreamotelConsumerLagHigh":         "pending",
		"StreamotelIteratorAgeHigh":         "pending",
		"StreamotelSendErrorRateHigh":       "pending",
		"StreamotelProcessingErrorRateHigh": "pending",
		"StreamotelRebalanceStorm":          "firing",
		"StreamotelNoProgress":              "inactive",
	}
	promtest.Eventually(t, "rule states", func() error {
		var data struct {
			Groups []struct {
				Rules []struct {
					Name      string `json:"name"`
					State     string `json:"state"`
					Health    string `json:"health"`
					LastError string `json:"lastError"`
				} `json:"rules"`
			} `json:"groups"`
		}
		if err := p.API("/api/v1/rules", &data); err != nil {
			return err
		}
		got := map[string]string{}
		for _, g := range data.Groups {
			for _, r := range g.Rules {
				if r.Health != "ok" {
					return fmt.Errorf("rule %s: health %q %s", r.Name, r.Health, r.LastError)
				}
				got[r.Name] = r.State
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("rule states %v, want %v", got, want)
		}
		return nil
	})
}
