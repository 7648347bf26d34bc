package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/png"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/streamotel/streamotel/health"
	"github.com/streamotel/streamotel/internal/dashboardtest"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/web"
)

func snapshotOf(t *testing.T, srv *httptest.Server) otelsensor.Snapshot {
	t.Helper()
	_, body := get(t, srv.URL+"/monitor")
	var s otelsensor.Snapshot
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(v))
	if n := len(s); n%2 == 1 {
		return s[n/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// populate gives m a state that stays put while the browser reads it.
func populate(m *otelsensor.Monitor, topic, table string) {
	s := otelsensor.NewSensor(m)
	rb := s.OnRebalanceStart(ctx)
	s.OnRebalanceReturn(ctx, rb)
	s.OnRebalanceEnd(ctx, rb)
	s.OnRebalanceEnd(ctx, s.OnRebalanceStart(ctx))
	stream := otelsensor.Stream{Name: "orders", Task: "count_orders"}
	for p, lag := range []int64{120, 0, 250} {
		tp := otelsensor.TopicPartition{Topic: topic, Partition: int32(p)}
		for i := range 5 {
			msg := s.OnMessageIn(ctx, tp, int64(i))
			ev := s.OnStreamEventIn(ctx, msg, stream)
			time.Sleep(time.Millisecond)
			var err error
			if i == 4 {
				err = fmt.Errorf("bad order %d", i)
			}
			s.OnStreamEventOut(ctx, ev, err)
			s.OnMessageOut(ctx, msg)
		}
		s.OnEndOffset(ctx, tp, 1000+lag)
		s.OnOffsetCommitted(ctx, tp, 1000)
	}
	s.OnEndOffset(ctx, otelsensor.TopicPartition{Topic: "payments", Partition: 7}, 9)
	s.OnOffsetCommitted(ctx, otelsensor.TopicPartition{Topic: "payments", Partition: 7}, 2)
	for range 3 {
		snd := s.OnSendInitiated(ctx, "totals-changelog")
		time.Sleep(2 * time.Millisecond)
		s.OnSendCompleted(ctx, snd, 0, 1)
	}
	s.OnSendError(ctx, s.OnSendInitiated(ctx, "totals-changelog"), fmt.Errorf("broker down"))
	for range 2 {
		c := s.OnCommitInitiated(ctx)
		time.Sleep(3 * time.Millisecond)
		s.OnCommitCompleted(ctx, c, nil)
	}
	for range 3 {
		s.OnTableGet(ctx, table)
	}
	s.OnTableSet(ctx, table)
	s.OnTableDel(ctx, "seen")
}

func TestDashboardDrawsWhatMonitorReports(t *testing.T) {
	m, _ := newMonitor(t)
	populate(m, "orders", "totals")
	check, err := health.New(m, health.WithMaxLag(200))
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, m, web.WithHealth(check))
	p := dashboardtest.DumpDOM(t, srv.URL+"/dashboard")
	after := snapshotOf(t, srv)
	p.Loaded(t, 3)

	tiles := p.Tiles(t)
	for key, want := range map[string]int64{
		"messages_received_total": after.MessagesReceivedTotal, "messages_active": after.MessagesActive,
		"events_total": after.EventsTotal, "events_active": after.EventsActive, "events_errors": after.EventsErrors,
		"messages_sent": after.MessagesSent, "send_errors": after.SendErrors, "rebalances": after.Rebalances,
		"assignments_failed": after.AssignmentsFailed,
	} {
		if got, ok := tiles[key]; !ok || got != float64(want) {
			t.Errorf("tile %s = %v (shown %v), /monitor says %d", key, got, ok, want)
		}
	}
	if after.EventsTotal != 15 || after.EventsErrors != 3 || after.Rebalances != 2 {
		t.Errorf("the state is not the one populated: %+v", after)
	}

	series := p.Series(t)
	for key, want := range map[string]float64{
		"events_runtime_avg": after.EventsRuntimeAvg,
		"send_latency":       median(after.SendLatency),
		"commit_latency":     median(after.CommitLatency),
		"rebalances":         float64(after.Rebalances),
	} {
		if got, ok := series[key]; !ok || got != want || want <= 0 {
			t.Errorf("series %s = %v (shown %v), /monitor says %v", key, got, ok, want)
		}
	}
	for _, key := range []string{"messages_s", "events_s"} {
		if v, ok := series[key]; !ok || v < 0 {
			t.Errorf("series %s = %v (shown %v)", key, v, ok)
		}
	}

	lag := map[string]float64{}
	for topic, parts := range after.TopicLag {
		for part, n := range parts {
			lag[fmt.Sprintf("%s [%d]", topic, part)] = float64(n)
		}
	}
	if got := p.Bars(t, "lag"); !equal(got, lag) || len(lag) != 4 {
		t.Errorf("lag bars = %v, /monitor says %v", got, lag)
	}
	tables := map[string]float64{}
	for name, ts := range after.Tables {
		for op, n := range map[string]int64{"get": ts.KeysRetrieved, "set": ts.KeysUpdated, "del": ts.KeysDeleted} {
			if n > 0 {
				tables[fmt.Sprintf("%s (%s)", name, op)] = float64(n)
			}
		}
	}
	if got := p.Bars(t, "tables"); !equal(got, tables) || len(tables) != 3 {
		t.Errorf("table bars = %v, /monitor says %v", got, tables)
	}
	// The page's own requests keep counting: what it drew lies between
	// its first request and what /monitor says after.
	codes := p.Bars(t, "http")
	if ok := codes["200"]; ok < 1 || ok > float64(after.HTTPResponseCodes[200]) || len(codes) != len(after.HTTPResponseCodes) {
		t.Errorf("http bars = %v, /monitor says %v", codes, after.HTTPResponseCodes)
	}

	// Lag 250 of orders[2] is above 200: the badge says so, with the reason.
	if !regexp.MustCompile(`<p id="health" class="badge" data-healthy="false">unhealthy</p>`).MatchString(string(p)) ||
		!regexp.MustCompile(`<li data-check="consumer_lag">partition 2 of "orders" lags 250 messages, above 200</li>`).MatchString(html.UnescapeString(string(p))) {
		t.Errorf("health not shown as unhealthy with the lag of orders[2]:\n%s", p.Chart(t, "lag"))
	}
}

func equal(a, b map[string]float64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func TestDashboardShowsNamesAsText(t *testing.T) {
	const name = `<img src=x onerror=alert(1)>`
	m, _ := newMonitor(t)
	populate(m, name, name)
	srv := serve(t, m)
	p := dashboardtest.DumpDOM(t, srv.URL+"/dashboard")
	p.Loaded(t, 1)

	if regexp.MustCompile(`(?i)<img`).MatchString(string(p)) {
		t.Fatalf("a name became an element:\n%s", p)
	}
	escaped := html.EscapeString(name)
	for chart, label := range map[string]string{"lag": name + " [2]", "tables": name + " (get)"} {
		if _, ok := p.Bars(t, chart)[label]; !ok {
			t.Errorf("no %s bar labelled %q: %v", chart, label, p.Bars(t, chart))
		}
		// As text: in the bar's tooltip and, cut to 30 characters, its label.
		text := regexp.MustCompile(`<title>` + regexp.QuoteMeta(html.EscapeString(label)) + `: `)
		if !text.MatchString(p.Chart(t, chart)) || !bytes.Contains([]byte(p.Chart(t, chart)), []byte(">"+escaped)) {
			t.Errorf("%s chart does not show %q as text:\n%s", chart, label, p.Chart(t, chart))
		}
	}
}

// TestDashboardScreenshot renders the page to PNG and checks that the
// stylesheet's colors made it to the pixels: the red badge of an unhealthy
// worker and the blue bars of lag. With STREAMOTEL_SCREENSHOT set, the PNG is
// kept there.
func TestDashboardScreenshot(t *testing.T) {
	m, _ := newMonitor(t)
	populate(m, "orders", "totals")
	check, err := health.New(m, health.WithMaxLag(200))
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, m, web.WithHealth(check))
	file := filepath.Join(t.TempDir(), "dashboard.png")
	if keep := os.Getenv("STREAMOTEL_SCREENSHOT"); keep != "" {
		file = keep
	}
	dashboardtest.Browse(t, srv.URL+"/dashboard", "--window-size=1280,1000", "--hide-scrollbars", "--screenshot="+file)
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 1000 {
		t.Errorf("screenshot is %v, want 1280×1000", b)
	}
	for name, c := range map[string]color.RGBA{
		"unhealthy badge": {0xc5, 0x30, 0x30, 0xff},
		"lag bars":        {0x31, 0x82, 0xce, 0xff},
	} {
		if n := count(img, c); n < 200 {
			t.Errorf("%s: %d pixels of %v, want at least 200", name, n, c)
		}
	}
}

func count(img image.Image, c color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if color.RGBAModel.Convert(img.At(x, y)).(color.RGBA) == c {
				n++
			}
		}
	}
	return n
}
