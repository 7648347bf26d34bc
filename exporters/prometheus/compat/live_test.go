package compat_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/streamotel/streamotel/internal/promtest"
)

// prom is a real Prometheus on 127.0.0.1 scraping every second.
type prom struct{ *promtest.Server }

// startPrometheus runs Prometheus with one job per target path of addr.
func startPrometheus(t *testing.T, addr string, paths ...string) prom {
	t.Helper()
	var jobs []promtest.Job
	for _, p := range paths {
		jobs = append(jobs, promtest.Job{Name: strings.Trim(p, "/"), MetricsPath: p, Targets: []string{addr}})
	}
	return prom{promtest.Start(t, promtest.Config{ScrapeInterval: time.Second, Jobs: jobs, LogLevel: "warn"})}
}

// query runs an instant query and returns its series whose value is a
// number (not NaN).
func (p prom) query(q string) ([]promtest.Sample, error) {
	out, err := p.Query(q)
	return slices.DeleteFunc(out, func(s promtest.Sample) bool { return math.IsNaN(s.Value) }), err
}

// dataOf returns the query's series once it has some.
func (p prom) dataOf(t *testing.T, q string) []promtest.Sample {
	t.Helper()
	var out []promtest.Sample
	promtest.Eventually(t, q, func() error {
		var err error
		if out, err = p.query(q); err == nil && len(out) == 0 {
			err = errors.New("no data")
		}
		return err
	})
	return out
}

// dashboardQueries reads the PromQL of dashboard 22130 from testdata with
// the dashboard's default variable values.
func dashboardQueries(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("testdata/dashboard-22130.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	defaults := strings.NewReplacer("${metrics_prefix}", "faststream", "$app_name", ".+",
		"$destination", ".+", "$handler", ".+", "$__range", "15m")
	var qs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			qs = append(qs, defaults.Replace(line))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return qs
}

var labelValues = regexp.MustCompile(`^label_values\((.*),\s*(\w+)\)$`)

// TestLivePrometheus has a real Prometheus scrape both compatibility
// outputs of a running workload: every query of FastStream's dashboard
// 22130, with its default variables, and Faust's usual queries return data.
func TestLivePrometheus(t *testing.T) {
	f, fs, w := outputs(t)
	mux := http.NewServeMux()
	mux.Handle("/faust", f)
	mux.Handle("/faststream", fs)
	srv := httptestServer(t, mux)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { w.run(ctx, 50*time.Millisecond) })
	t.Cleanup(func() { // before outputs' cleanups close the workload
		cancel()
		wg.Wait()
	})

	p := startPrometheus(t, strings.TrimPrefix(srv, "http://"), "/faust", "/faststream")
	promtest.Eventually(t, "three scrapes of each", func() error {
		s, err := p.query(`count_over_time(up[1m]) >= 3`)
		if err == nil && len(s) != 2 {
			err = fmt.Errorf("%d targets scraped three times", len(s))
		}
		return err
	})

	t.Run("FastStream dashboard 22130", func(t *testing.T) {
		for _, q := range dashboardQueries(t) {
			if m := labelValues.FindStringSubmatch(q); m != nil {
				promtest.Eventually(t, q, func() error {
					var vs []string
					err := p.API("/api/v1/label/"+m[2]+"/values?match[]="+url.QueryEscape(m[1]), &vs)
					if err == nil && len(vs) == 0 {
						err = errors.New("no values")
					}
					return err
				})
				continue
			}
			t.Logf("%d series: %s", len(p.dataOf(t, q)), q)
		}
	})

	t.Run("Faust", func(t *testing.T) {
		byTopic := p.dataOf(t, `sum by (topic) (rate(orders_app_messages_received_per_topic_total[1m]))`)
		if len(byTopic) != 2 { // orders, and the handler's invoices
			t.Errorf("messages received by topic: %v", byTopic)
		}
		p.dataOf(t, `rate(orders_app_messages_received_total[1m])`)
		// Half the events take at least slowEvent (6 ms): the 99th
		// percentile is past Faust's first bucket, 5 ms; in seconds it
		// would be a fraction of one.
		p99 := p.dataOf(t, `histogram_quantile(0.99, sum by (le) (rate(orders_app_events_runtime_ms_bucket[1m])))`)
		if v := p99[0].Value; v <= 5 {
			t.Errorf("events runtime p99 = %v, want over 5 (ms)", v)
		}
		p.dataOf(t, `histogram_quantile(0.5, sum by (le) (rate(orders_app_events_runtime_ms_bucket[1m])))`)
		ops := p.dataOf(t, `sum by (table, operation) (rate(orders_app_table_operations_total[1m]))`)
		if len(ops) != 3 || ops[0].Labels["table"] != "table."+table {
			t.Errorf("table operations by table: %v", ops)
		}
		lag := p.dataOf(t, `orders_app_topic_partition_end_offset - on (topic, partition) orders_app_topic_partition_offset_commited`)
		if len(lag) != partitions {
			t.Errorf("end minus committed offset: %v", lag)
		}
		for _, s := range lag {
			if s.Value != offsetAhead {
				t.Errorf("end minus committed offset of %v = %v, want %v", s.Labels, s.Value, offsetAhead)
			}
		}
	})
}
