package promtest

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestConfigFile(t *testing.T) {
	b, err := Config{
		EvaluationInterval: 1500 * time.Millisecond,
		RuleFiles:          []string{"rules.yml"},
		Jobs:               []Job{{Name: "a", MetricsPath: "/a", Targets: []string{"127.0.0.1:1"}}, {Name: "b", Targets: []string{"127.0.0.1:2"}}},
	}.file()
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	rules, _ := filepath.Abs("rules.yml")
	want := map[string]any{
		"global":     map[string]any{"scrape_interval": "1s", "evaluation_interval": "1500ms"},
		"rule_files": []any{rules},
		"scrape_configs": []any{
			map[string]any{"job_name": "a", "metrics_path": "/a", "static_configs": []any{map[string]any{"targets": []any{"127.0.0.1:1"}}}},
			map[string]any{"job_name": "b", "static_configs": []any{map[string]any{"targets": []any{"127.0.0.1:2"}}}},
		},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("configuration\n%s\nwant %v", b, want)
	}

	if b, err := (Config{YAML: "global: {}\n"}).file(); err != nil || string(b) != "global: {}\n" {
		t.Errorf("YAML config = %q, %v", b, err)
	}
	if _, err := (Config{YAML: "global: {}\n", Jobs: []Job{{Name: "a", Targets: []string{"x:1"}}}}).file(); err == nil {
		t.Error("a Config with both YAML and jobs is accepted")
	}
	if _, err := (Config{Jobs: []Job{{Name: "a"}}}).file(); err == nil {
		t.Error("a job without targets is accepted")
	}
}

// TestStart scrapes a fixed exposition and evaluates a rule file.
func TestStart(t *testing.T) {
	target := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/custom" {
			http.NotFound(w, r)
			return
		}
		fmt.Fprint(w, "# TYPE promtest_value gauge\npromtest_value{kind=\"a\"} 2\npromtest_value{kind=\"b\"} 3\npromtest_value{kind=\"nan\"} NaN\n")
	}))
	t.Cleanup(target.Close)
	rules := filepath.Join(t.TempDir(), "rules.yml")
	if err := os.WriteFile(rules, []byte("groups:\n  - name: promtest\n    rules:\n      - record: promtest:value:sum\n        expr: sum(promtest_value{kind!=\"nan\"})\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr := strings.TrimPrefix(target.URL, "http://")
	p := Start(t, Config{
		EvaluationInterval: time.Second,
		RuleFiles:          []string{rules},
		Jobs:               []Job{{Name: "custom", MetricsPath: "/custom", Targets: []string{addr}}},
		LogLevel:           "warn",
	})

	Eventually(t, "scraped", func() error {
		s, err := p.Query(`promtest_value{job="custom"}`)
		if err == nil && len(s) != 3 {
			err = fmt.Errorf("%d series", len(s))
		}
		return err
	})
	s, err := p.Query(`promtest_value{job="custom"}`)
	if err != nil {
		t.Fatal(err)
	}
	values := map[string]float64{}
	for _, x := range s {
		if x.Labels["instance"] != addr || x.Labels["__name__"] != "promtest_value" {
			t.Errorf("labels %v", x.Labels)
		}
		values[x.Labels["kind"]] = x.Value
	}
	if values["a"] != 2 || values["b"] != 3 || !math.IsNaN(values["nan"]) {
		t.Errorf("values %v", values)
	}

	Eventually(t, "rule evaluated", func() error {
		s, err := p.Query(`promtest:value:sum`)
		if err == nil && (len(s) != 1 || s[0].Value != 5) {
			err = fmt.Errorf("recorded %v", s)
		}
		return err
	})
	var kinds []string
	if err := p.API("/api/v1/label/kind/values", &kinds); err != nil || fmt.Sprint(kinds) != "[a b nan]" {
		t.Errorf("kind values %v, %v", kinds, err)
	}

	if _, err := p.Query(`promtest_value[1m]`); err == nil || !strings.Contains(err.Error(), "not a vector") {
		t.Errorf("range query: %v", err)
	}
	if _, err := p.Query(`sum(`); err == nil {
		t.Error("a query that does not parse has no error")
	}
	var v any
	if err := p.API("/api/v1/nowhere", &v); err == nil {
		t.Error("an unknown API path has no error")
	}
}

func TestRetry(t *testing.T) {
	n := 0
	if err := retry(time.Minute, func() error {
		if n++; n < 3 {
			return errors.New("not yet")
		}
		return nil
	}); err != nil || n != 3 {
		t.Errorf("retry = %v after %d calls", err, n)
	}
	n = 0
	if err := retry(0, func() error { n++; return errors.New("never") }); err == nil || n != 1 {
		t.Errorf("retry with no time = %v after %d calls", err, n)
	}
}
