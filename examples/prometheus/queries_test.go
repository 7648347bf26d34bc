// Package prometheus_test checks the alerting rules and the Grafana
// dashboard in examples/: they pass promtool, every metric and label they
// query is one that the OpenTelemetry Prometheus exporter emits for the
// instruments of the semconv table, and a real Prometheus scraping the demo
// pipeline answers every dashboard query and evaluates every rule.
package prometheus_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/streamotel/streamotel/internal/testtool"
	"github.com/streamotel/streamotel/semconv"
)

const dashboardFile = "../grafana/streamotel.json"

func promtool(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command(testtool.Require(t, "promtool"), args...).CombinedOutput()
	if err != nil {
		t.Fatalf("promtool %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

func TestRulesPassPromtool(t *testing.T) {
	out := promtool(t, "check", "rules", "rules.yml")
	if !strings.Contains(out, "SUCCESS") {
		t.Errorf("promtool check rules:\n%s", out)
	}
	if out := promtool(t, "test", "rules", "rules_test.yml"); !strings.Contains(out, "SUCCESS") {
		t.Errorf("promtool test rules:\n%s", out)
	}
}

// exported returns the Prometheus names of every instrument of the table
// as the exporter writes them (dots become underscores, the unit a suffix,
// _seconds or _bytes, unless the name has it already, counters end in
// _total, histograms are _bucket, _sum and _count), and the label names of
// their attributes.
func exported(t *testing.T) (metrics map[string]string, labels map[string]bool) {
	t.Helper()
	metrics = map[string]string{}
	labels = map[string]bool{"job": true, "instance": true, "le": true}
	for _, in := range semconv.Instruments() {
		name := strings.ReplaceAll(in.Name, ".", "_")
		var unit string
		switch {
		case in.Unit == "s":
			unit = "seconds"
		case in.Unit == "By":
			unit = "bytes"
		case strings.HasPrefix(in.Unit, "{") && strings.HasSuffix(in.Unit, "}"):
			// An annotation: no suffix.
		default:
			t.Fatalf("%s: unit %q has no Prometheus suffix rule here; add one", in.Name, in.Unit)
		}
		if unit != "" && !slices.Contains(strings.Split(name, "_"), unit) {
			name += "_" + unit // not twice: streamotel.sent.bytes is streamotel_sent_bytes
		}
		switch in.Kind {
		case semconv.Counter:
			metrics[name+"_total"] = in.Name
		case semconv.Histogram:
			for _, s := range []string{"_bucket", "_sum", "_count"} {
				metrics[name+s] = in.Name
			}
		default:
			metrics[name] = in.Name
		}
		for _, a := range in.Attributes {
			labels[strings.ReplaceAll(a, ".", "_")] = true
		}
	}
	return metrics, labels
}

var (
	quotedRE   = regexp.MustCompile(`"(?:[^"\\]|\\.)*"`)
	matchersRE = regexp.MustCompile(`\{([^}]*)\}`)
	matcherRE  = regexp.MustCompile(`([a-zA-Z_][a-zA-Z0-9_]*)\s*(?:=~|!~|!=|=)`)
	groupingRE = regexp.MustCompile(`\b(?:by|without|on|ignoring|group_left|group_right)\s*\(([^)]*)\)`)
	rangeRE    = regexp.MustCompile(`\[[^\]]*\]`)
	tokenRE    = regexp.MustCompile(`[a-zA-Z_:][a-zA-Z0-9_:]*(\s*\()?`)
	keywords   = []string{"and", "or", "unless", "bool", "offset", "group_left", "group_right", "inf", "nan"}
)

// parts returns the metric names and label names that a PromQL expression
// refers to.
func parts(expr string) (metrics, labels []string) {
	for _, m := range matcherRE.FindAllStringSubmatch(strings.Join(matchersRE.FindAllString(expr, -1), ","), -1) {
		labels = append(labels, m[1])
	}
	expr = quotedRE.ReplaceAllString(expr, `""`)
	expr = matchersRE.ReplaceAllString(expr, "")
	for _, m := range groupingRE.FindAllStringSubmatch(expr, -1) {
		for _, l := range strings.Split(m[1], ",") {
			if l = strings.TrimSpace(l); l != "" {
				labels = append(labels, l)
			}
		}
	}
	expr = groupingRE.ReplaceAllString(expr, "")
	expr = rangeRE.ReplaceAllString(expr, "")
	for _, m := range tokenRE.FindAllStringSubmatch(expr, -1) {
		if m[1] != "" || slices.Contains(keywords, strings.ToLower(m[0])) {
			continue // a function or aggregation, or a keyword
		}
		metrics = append(metrics, m[0])
	}
	return metrics, labels
}

func TestParts(t *testing.T) {
	m, l := parts(`sum by (job, le) (rate(a_total{x="1", y=~"$v"}[5m])) / on (job) group_left b > 0 and bool c{z!=""}`)
	if !slices.Equal(m, []string{"a_total", "b", "c"}) || !slices.Equal(l, []string{"x", "y", "z", "job", "le", "job"}) {
		t.Errorf("parts = %v, %v", m, l)
	}
}

// ruleExprs returns the expressions of rules.yml: each "expr:" line, or the
// block indented below "expr: |".
func ruleExprs(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile("rules.yml")
	if err != nil {
		t.Fatal(err)
	}
	var exprs []string
	lines := strings.Split(string(b), "\n")
	for i := 0; i < len(lines); i++ {
		key, value, ok := strings.Cut(strings.TrimSpace(lines[i]), "expr:")
		if !ok || key != "" {
			continue
		}
		if value = strings.TrimSpace(value); value != "|" {
			exprs = append(exprs, value)
			continue
		}
		indent := len(lines[i]) - len(strings.TrimLeft(lines[i], " "))
		var block []string
		for i+1 < len(lines) && (strings.TrimSpace(lines[i+1]) == "" || len(lines[i+1])-len(strings.TrimLeft(lines[i+1], " ")) > indent) {
			i++
			block = append(block, lines[i])
		}
		exprs = append(exprs, strings.Join(block, "\n"))
	}
	out := promtool(t, "check", "rules", "rules.yml")
	if want := fmt.Sprintf("%d rules found", len(exprs)); !strings.Contains(out, want) {
		t.Fatalf("read %d expressions from rules.yml, promtool says:\n%s", len(exprs), out)
	}
	return exprs
}

// dashboard is the part of the Grafana dashboard the tests read.
type dashboard struct {
	Panels []struct {
		ID      int    `json:"id"`
		Type    string `json:"type"`
		Title   string `json:"title"`
		GridPos struct {
			H, W, X, Y int
		} `json:"gridPos"`
		Targets []struct {
			Expr  string `json:"expr"`
			RefID string `json:"refId"`
		} `json:"targets"`
	} `json:"panels"`
	Templating struct {
		List []struct {
			Name  string `json:"name"`
			Type  string `json:"type"`
			Query any    `json:"query"`
		} `json:"list"`
	} `json:"templating"`
}

func readDashboard(t *testing.T) dashboard {
	t.Helper()
	b, err := os.ReadFile(dashboardFile)
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// queries returns every PromQL expression of the dashboard, by where it is,
// with template variables left in.
func (d dashboard) queries() map[string]string {
	qs := map[string]string{}
	for _, p := range d.Panels {
		for _, tg := range p.Targets {
			qs[fmt.Sprintf("panel %q query %s", p.Title, tg.RefID)] = tg.Expr
		}
	}
	labelValues := regexp.MustCompile(`^label_values\((.*),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$`)
	for _, v := range d.Templating.List {
		q, ok := v.Query.(map[string]any)
		if v.Type != "query" || !ok {
			continue
		}
		m := labelValues.FindStringSubmatch(q["query"].(string))
		if m == nil {
			qs["variable "+v.Name] = q["query"].(string)
			continue
		}
		// The label a variable lists is checked as a grouping label.
		qs["variable "+v.Name] = fmt.Sprintf("count by (%s) (%s)", m[2], m[1])
	}
	return qs
}

func TestQueriesUseExportedNames(t *testing.T) {
	metrics, labels := exported(t)
	all := map[string]string{}
	for i, e := range ruleExprs(t) {
		all[fmt.Sprintf("rule %d", i)] = e
	}
	for where, e := range readDashboard(t).queries() {
		all[where] = e
	}
	for where, expr := range all {
		ms, ls := parts(expr)
		if len(ms) == 0 {
			t.Errorf("%s queries no metric: %s", where, expr)
		}
		for _, m := range ms {
			if _, ok := metrics[m]; !ok {
				t.Errorf("%s queries %s, which no instrument exports", where, m)
			}
		}
		for _, l := range ls {
			if !labels[l] {
				t.Errorf("%s uses label %s, which no instrument has", where, l)
			}
		}
	}
}

func TestDashboardShowsEveryInstrument(t *testing.T) {
	metrics, _ := exported(t)
	shown := map[string]bool{}
	for _, e := range readDashboard(t).queries() {
		ms, _ := parts(e)
		for _, m := range ms {
			shown[metrics[m]] = true
		}
	}
	for _, in := range semconv.Instruments() {
		if !shown[in.Name] {
			t.Errorf("no panel of the dashboard shows %s", in.Name)
		}
	}
}

// TestDashboardQueriesParse has Prometheus' own parser read every query of
// the dashboard, with Grafana's variables given values: as recording rules,
// which promtool checks.
func TestDashboardQueriesParse(t *testing.T) {
	vars := strings.NewReplacer("$__rate_interval", "5m", "$job", ".*", "$group", ".*")
	type rule struct {
		Record string `json:"record"`
		Expr   string `json:"expr"`
	}
	var rules []rule
	for where, e := range readDashboard(t).queries() {
		if strings.Contains(vars.Replace(e), "$") {
			t.Errorf("%s has a variable the dashboard does not define: %s", where, e)
		}
		rules = append(rules, rule{Record: fmt.Sprintf("dashboard:query_%d", len(rules)), Expr: vars.Replace(e)})
	}
	b, err := json.Marshal(map[string]any{"groups": []any{map[string]any{"name": "dashboard", "rules": rules}}})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "dashboard-queries.json")
	if err := os.WriteFile(file, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if out := promtool(t, "check", "rules", file); !strings.Contains(out, fmt.Sprintf("SUCCESS: %d rules found", len(rules))) {
		t.Errorf("promtool check rules:\n%s", out)
	}
}

func TestDashboardLayout(t *testing.T) {
	d := readDashboard(t)
	ids := map[int]bool{}
	for _, p := range d.Panels {
		if ids[p.ID] {
			t.Errorf("panel id %d used twice", p.ID)
		}
		ids[p.ID] = true
		if g := p.GridPos; g.W <= 0 || g.H <= 0 || g.X < 0 || g.X+g.W > 24 {
			t.Errorf("panel %q at %+v is outside Grafana's 24 columns", p.Title, g)
		}
		if p.Type == "row" {
			continue
		}
		refs := map[string]bool{}
		for _, tg := range p.Targets {
			if refs[tg.RefID] || tg.RefID == "" {
				t.Errorf("panel %q: refId %q empty or used twice", p.Title, tg.RefID)
			}
			refs[tg.RefID] = true
		}
		if len(p.Targets) == 0 {
			t.Errorf("panel %q has no query", p.Title)
		}
	}
}
