// Package dashboardtest loads the web dashboard in headless Chromium and
// reads back what it drew: the numbers each chart, legend and tile carries
// as data-value attributes, with the names they are labelled with.
package dashboardtest

import (
	"bytes"
	"context"
	"html"
	"os/exec"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/streamotel/streamotel/internal/testtool"
)

// Browse runs headless Chromium on url with a fresh profile and no network
// but the page's own server, giving the page five seconds of virtual time
// (five polls), and returns what Chromium printed: with "--dump-dom" among
// args, the page's DOM once that time is spent.
func Browse(t *testing.T, url string, args ...string) []byte {
	t.Helper()
	bin := testtool.Require(t, "chromium")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, append([]string{
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--no-first-run", "--user-data-dir=" + t.TempDir(),
		"--virtual-time-budget=5000",
	}, append(args, url)...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.Bytes())
	}
	return out
}

// Page is the dashboard's DOM as Chromium serialized it.
type Page string

// DumpDOM loads the dashboard at url and returns its DOM.
func DumpDOM(t *testing.T, url string) Page {
	t.Helper()
	return Page(Browse(t, url, "--dump-dom"))
}

var (
	bodyRE   = regexp.MustCompile(`<body data-state="([^"]*)" data-polls="(\d+)"`)
	tileRE   = regexp.MustCompile(`<div class="tile" data-key="([^"]*)" data-value="([^"]*)"`)
	seriesRE = regexp.MustCompile(`<li class="c\d+" data-series="([^"]*)" data-value="([^"]*)"`)
	barRE    = regexp.MustCompile(`<g class="bar c\d+" data-label="([^"]*)" data-value="([^"]*)"`)
)

// Loaded fails the test unless the page's script ran and drew at least
// polls snapshots.
func (p Page) Loaded(t *testing.T, polls int) {
	t.Helper()
	m := bodyRE.FindStringSubmatch(string(p))
	if m == nil || m[1] != "ok" {
		t.Fatalf("page state %v, want ok; page:\n%s", m, p)
	}
	if n, _ := strconv.Atoi(m[2]); n < polls {
		t.Fatalf("page drew %d snapshots, want at least %d", n, polls)
	}
}

// Chart returns the markup of the chart called name ("lag", "tables",
// "http", "rates", ...).
func (p Page) Chart(t *testing.T, name string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<figure class="chart" data-chart="` + regexp.QuoteMeta(name) + `">(.*?)</figure>`).FindStringSubmatch(string(p))
	if m == nil {
		t.Fatalf("no chart %q in the page", name)
	}
	return m[1]
}

// Bars returns the bars of a bar chart by label.
func (p Page) Bars(t *testing.T, chart string) map[string]float64 {
	t.Helper()
	return values(t, barRE, p.Chart(t, chart))
}

// Series returns the last value of every time series, by its snapshot key
// ("messages_s", "events_runtime_avg", "send_latency", ...).
func (p Page) Series(t *testing.T) map[string]float64 {
	t.Helper()
	return values(t, seriesRE, string(p))
}

// Tiles returns the totals shown as tiles, by snapshot key.
func (p Page) Tiles(t *testing.T) map[string]float64 {
	t.Helper()
	return values(t, tileRE, string(p))
}

func values(t *testing.T, re *regexp.Regexp, in string) map[string]float64 {
	t.Helper()
	out := map[string]float64{}
	for _, m := range re.FindAllStringSubmatch(in, -1) {
		v, err := strconv.ParseFloat(m[2], 64)
		if err != nil {
			t.Fatalf("%q: %v", m[0], err)
		}
		out[html.UnescapeString(m[1])] = v
	}
	return out
}
