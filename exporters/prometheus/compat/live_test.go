package compat_test

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/resource"

	"github.com/streamotel/streamotel/exporters/prometheus/compat"
	"github.com/streamotel/streamotel/internal/testtool"
	"github.com/streamotel/streamotel/views"
)

// prom is a real Prometheus on 127.0.0.1 scraping every second.
type prom struct{ base string }

// startPrometheus runs Prometheus with one job per target path of addr.
func startPrometheus(t *testing.T, addr string, paths ...string) prom {
	t.Helper()
	bin := testtool.Require(t, "prometheus")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	listen := ln.Addr().String()
	ln.Close()
	dir := t.TempDir()
	config := "global: {scrape_interval: 1s}\nscrape_configs:\n"
	for _, p := range paths {
		config += fmt.Sprintf("  - {job_name: %q, metrics_path: %q, static_configs: [{targets: [%q]}]}\n", strings.Trim(p, "/"), p, addr)
	}
	if err := os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	logs, err := os.Create(filepath.Join(dir, "prometheus.log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "data"), "--web.listen-address="+listen, "--log.level=warn")
	cmd.Stdout, cmd.Stderr = logs, logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		if t.Failed() {
			b, _ := os.ReadFile(logs.Name())
			t.Logf("prometheus log:\n%s", b)
		}
	})
	p := prom{base: "http://" + listen}
	eventually(t, "prometheus ready", func() error {
		resp, err := http.Get(p.base + "/-/ready")
		if err != nil {
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return errors.New(resp.Status)
		}
		return nil
	})
	return p
}

// eventually retries f for 30 seconds.
func eventually(t *testing.T, what string, f func() error) {
	t.Helper()
	var err error
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(250 * time.Millisecond) {
		if err = f(); err == nil {
			return
		}
	}
	t.Fatalf("%s: %v", what, err)
}

// get GETs an API path and decodes its data.
func (p prom) get(path string, data any) error {
	resp, err := http.Get(p.base + path)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var body struct {
		Status string          `json:"status"`
		Error  string          `json:"error"`
		Data   json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		return err
	}
	if body.Status != "success" {
		return fmt.Errorf("%s: %s", path, body.Error)
	}
	return json.Unmarshal(body.Data, data)
}

// sample is one series of an instant query's result.
type sample struct {
	labels map[string]string
	value  float64
}

// query runs an instant query and returns its series whose value is a
// number (not NaN).
func (p prom) query(q string) ([]sample, error) {
	var data struct {
		Result []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		} `json:"result"`
	}
	if err := p.get("/api/v1/query?query="+url.QueryEscape(q), &data); err != nil {
		return nil, err
	}
	var out []sample
	for _, r := range data.Result {
		s, _ := r.Value[1].(string)
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(v) {
			continue
		}
		out = append(out, sample{r.Metric, v})
	}
	return out, nil
}

// dataOf returns the query's series once it has some.
func (p prom) dataOf(t *testing.T, q string) []sample {
	t.Helper()
	var out []sample
	eventually(t, q, func() error {
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
	f, err := compat.Faust()
	if err != nil {
		t.Fatal(err)
	}
	fs, err := compat.FastStream()
	if err != nil {
		t.Fatal(err)
	}
	mp := sdkmetric.NewMeterProvider(
		sdkmetric.WithResource(resource.NewSchemaless(attribute.String("service.name", "orders-app"))),
		sdkmetric.WithReader(f), sdkmetric.WithReader(fs),
		sdkmetric.WithView(views.New(compat.FaustViews()...)),
	)
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	w, err := newWorkload(mp)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.Handle("/faust", f)
	mux.Handle("/faststream", fs)
	srv := httptestServer(t, mux)
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { w.run(ctx, 50*time.Millisecond) })
	t.Cleanup(func() {
		cancel()
		wg.Wait()
		_ = w.close()
	})

	p := startPrometheus(t, strings.TrimPrefix(srv, "http://"), "/faust", "/faststream")
	eventually(t, "three scrapes of each", func() error {
		s, err := p.query(`count_over_time(up[1m]) >= 3`)
		if err == nil && len(s) != 2 {
			err = fmt.Errorf("%d targets scraped three times", len(s))
		}
		return err
	})

	t.Run("FastStream dashboard 22130", func(t *testing.T) {
		for _, q := range dashboardQueries(t) {
			if m := labelValues.FindStringSubmatch(q); m != nil {
				eventually(t, q, func() error {
					var vs []string
					err := p.get("/api/v1/label/"+m[2]+"/values?match[]="+url.QueryEscape(m[1]), &vs)
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
		if v := p99[0].value; v <= 5 {
			t.Errorf("events runtime p99 = %v, want over 5 (ms)", v)
		}
		p.dataOf(t, `histogram_quantile(0.5, sum by (le) (rate(orders_app_events_runtime_ms_bucket[1m])))`)
		ops := p.dataOf(t, `sum by (table, operation) (rate(orders_app_table_operations_total[1m]))`)
		if len(ops) != 3 || ops[0].labels["table"] != "table."+table {
			t.Errorf("table operations by table: %v", ops)
		}
		lag := p.dataOf(t, `orders_app_topic_partition_end_offset - on (topic, partition) orders_app_topic_partition_offset_commited`)
		if len(lag) != partitions {
			t.Errorf("end minus committed offset: %v", lag)
		}
		for _, s := range lag {
			if s.value != offsetAhead {
				t.Errorf("end minus committed offset of %v = %v, want %v", s.labels, s.value, offsetAhead)
			}
		}
	})
}
