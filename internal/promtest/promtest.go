// Package promtest runs a real Prometheus for a test and queries its HTTP
// API. The program is found with internal/testtool: a test that cannot find
// it is skipped on a developer's machine and fails when the CI environment
// variable is "true".
//
// Start writes a configuration from a Config (scrape jobs, intervals, rule
// files) or takes one whole, runs Prometheus on a free port of 127.0.0.1
// with its storage in a temporary folder, waits until it is ready and stops
// it when the test ends, logging its output if the test failed.
package promtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/streamotel/streamotel/internal/testtool"
)

// Timeout is how long Start waits for Prometheus to be ready, and how long
// Eventually retries.
const Timeout = 30 * time.Second

// poll is how often Start and Eventually try again.
const poll = 250 * time.Millisecond

// stopGrace is how long Prometheus has to end after SIGTERM before it is
// killed.
const stopGrace = 10 * time.Second

// Config is what a Prometheus started by Start scrapes and evaluates.
type Config struct {
	// ScrapeInterval is the global scrape interval. Zero means one second.
	ScrapeInterval time.Duration
	// EvaluationInterval is the global rule evaluation interval. Zero
	// leaves it out of the configuration (Prometheus' default, one
	// minute).
	EvaluationInterval time.Duration
	// RuleFiles are the rule files Prometheus loads. A relative path is
	// relative to the test's working directory (its package's folder).
	RuleFiles []string
	// Jobs are the scrape jobs.
	Jobs []Job
	// YAML, when not empty, is the whole configuration file, written as
	// it is: ScrapeInterval, EvaluationInterval, RuleFiles and Jobs must
	// then be left empty.
	YAML string
	// LogLevel, when not empty, is passed to Prometheus as --log.level
	// (debug, info, warn or error); empty leaves Prometheus' default.
	LogLevel string
}

// Job is one scrape job of a Config.
type Job struct {
	// Name is the job's name, its job label.
	Name string
	// MetricsPath is the path scraped on each target. Empty means
	// Prometheus' default, /metrics.
	MetricsPath string
	// Targets are the host:port addresses scraped.
	Targets []string
}

// Server is a running Prometheus started by Start.
type Server struct {
	// URL is the root of its web server and HTTP API: http://127.0.0.1:port.
	URL string

	log  string
	cmd  *exec.Cmd
	done chan struct{}
}

// Start runs Prometheus with the configuration cfg describes and returns
// it once /-/ready answers. It ends the test if Prometheus is not
// installed (skipped outside CI, failed in CI), if cfg is invalid, or if
// Prometheus exits or is not ready within Timeout. Prometheus is stopped
// when the test ends; if the test failed, its log is logged.
func Start(t testing.TB, cfg Config) *Server {
	t.Helper()
	bin := testtool.Require(t, "prometheus")
	dir := t.TempDir()
	config, err := cfg.file()
	if err != nil {
		t.Fatal(err)
	}
	configPath := filepath.Join(dir, "prometheus.yml")
	if err := os.WriteFile(configPath, config, 0o644); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	args := []string{
		"--config.file=" + configPath,
		"--storage.tsdb.path=" + filepath.Join(dir, "data"),
		"--web.listen-address=" + addr,
	}
	if cfg.LogLevel != "" {
		args = append(args, "--log.level="+cfg.LogLevel)
	}
	s := &Server{URL: "http://" + addr, log: filepath.Join(dir, "prometheus.log"), done: make(chan struct{})}
	logs, err := os.Create(s.log)
	if err != nil {
		t.Fatal(err)
	}
	s.cmd = exec.Command(bin, args...)
	s.cmd.Stdout, s.cmd.Stderr = logs, logs
	if err := s.cmd.Start(); err != nil {
		logs.Close()
		t.Fatal(err)
	}
	go func() {
		_ = s.cmd.Wait()
		logs.Close()
		close(s.done)
	}()
	startFailed := false
	t.Cleanup(func() {
		s.stop(t)
		if t.Failed() && !startFailed {
			t.Logf("prometheus log:\n%s", s.Log())
		}
	})
	err = retry(Timeout, func() error {
		if s.exited() {
			return nil // no use waiting
		}
		return s.ready()
	})
	if s.exited() {
		err = fmt.Errorf("prometheus exited: %v", s.cmd.ProcessState)
	}
	if err != nil {
		startFailed = true
		t.Fatalf("prometheus did not become ready: %v\nprometheus log:\n%s", err, s.Log())
	}
	return s
}

// exited reports whether Prometheus has ended.
func (s *Server) exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// ready reports whether /-/ready answers 200 OK.
func (s *Server) ready() error {
	resp, err := http.Get(s.URL + "/-/ready")
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New(resp.Status)
	}
	return nil
}

// stop asks Prometheus to end (SIGTERM), kills it after stopGrace, and
// waits for it.
func (s *Server) stop(t testing.TB) {
	if s.exited() {
		return
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(stopGrace):
		t.Logf("prometheus did not stop in %v; killing it", stopGrace)
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// Log returns what Prometheus has written to its standard output and
// error so far.
func (s *Server) Log() string {
	b, err := os.ReadFile(s.log)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

// API GETs path, a path of the HTTP API with its query string (for
// example /api/v1/rules), and decodes the data of a successful answer into
// data. An answer whose status is not "success" is an error carrying
// Prometheus' message.
func (s *Server) API(path string, data any) error {
	resp, err := http.Get(s.URL + path)
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

// Sample is one series of an instant query's result.
type Sample struct {
	// Labels are the series' labels, __name__ included when the result
	// keeps it.
	Labels map[string]string
	// Value is the series' value, NaN and infinities included.
	Value float64
}

// Query runs an instant query now and returns every series of its result,
// which must be a vector.
func (s *Server) Query(expr string) ([]Sample, error) {
	var data struct {
		ResultType string `json:"resultType"`
		Result     []struct {
			Metric map[string]string `json:"metric"`
			Value  [2]any            `json:"value"`
		} `json:"result"`
	}
	if err := s.API("/api/v1/query?query="+url.QueryEscape(expr), &data); err != nil {
		return nil, err
	}
	if data.ResultType != "vector" {
		return nil, fmt.Errorf("query %s: result type %q, not a vector", expr, data.ResultType)
	}
	out := make([]Sample, 0, len(data.Result))
	for _, r := range data.Result {
		str, _ := r.Value[1].(string)
		v, err := strconv.ParseFloat(str, 64)
		if err != nil {
			return nil, fmt.Errorf("query %s: value %v: %w", expr, r.Value[1], err)
		}
		out = append(out, Sample{Labels: r.Metric, Value: v})
	}
	return out, nil
}

// Eventually calls f until it returns nil, every quarter of a second for
// at most Timeout, and otherwise fails the test with what and f's last
// error.
func Eventually(t testing.TB, what string, f func() error) {
	t.Helper()
	if err := retry(Timeout, f); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// retry calls f, at least once, until it returns nil or timeout has
// passed, and returns f's last error.
func retry(timeout time.Duration, f func() error) error {
	deadline := time.Now().Add(timeout)
	for {
		if err := f(); err == nil || !time.Now().Before(deadline) {
			return err
		}
		time.Sleep(poll)
	}
}

// file returns the configuration file cfg describes.
func (cfg Config) file() ([]byte, error) {
	if cfg.YAML != "" {
		if cfg.ScrapeInterval != 0 || cfg.EvaluationInterval != 0 || len(cfg.RuleFiles) != 0 || len(cfg.Jobs) != 0 {
			return nil, errors.New("promtest: a Config with YAML has no intervals, rule files or jobs")
		}
		return []byte(cfg.YAML), nil
	}
	type job struct {
		Name          string `json:"job_name"`
		MetricsPath   string `json:"metrics_path,omitempty"`
		StaticConfigs []struct {
			Targets []string `json:"targets"`
		} `json:"static_configs"`
	}
	var file struct {
		Global    map[string]string `json:"global"`
		RuleFiles []string          `json:"rule_files,omitempty"`
		Jobs      []job             `json:"scrape_configs"`
	}
	scrape := cfg.ScrapeInterval
	if scrape == 0 {
		scrape = time.Second
	}
	file.Global = map[string]string{"scrape_interval": duration(scrape)}
	if cfg.EvaluationInterval != 0 {
		file.Global["evaluation_interval"] = duration(cfg.EvaluationInterval)
	}
	for _, r := range cfg.RuleFiles {
		abs, err := filepath.Abs(r)
		if err != nil {
			return nil, err
		}
		file.RuleFiles = append(file.RuleFiles, abs)
	}
	file.Jobs = []job{}
	for _, j := range cfg.Jobs {
		if j.Name == "" || len(j.Targets) == 0 {
			return nil, fmt.Errorf("promtest: job %+v needs a name and a target", j)
		}
		pj := job{Name: j.Name, MetricsPath: j.MetricsPath}
		pj.StaticConfigs = append(pj.StaticConfigs, struct {
			Targets []string `json:"targets"`
		}{j.Targets})
		file.Jobs = append(file.Jobs, pj)
	}
	// JSON is YAML.
	return json.MarshalIndent(file, "", "  ")
}

// duration writes d as a Prometheus duration: whole seconds, or else
// whole milliseconds.
func duration(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10) + "s"
	}
	return strconv.FormatInt(d.Milliseconds(), 10) + "ms"
}
