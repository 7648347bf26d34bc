package health

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/otelsensor"
)

var ctx = context.Background()

func newMonitor(t *testing.T) *otelsensor.Monitor {
	t.Helper()
	mp := sdkmetric.NewMeterProvider()
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	m, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// fakeClock drives a Checker's time.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }

// newTestChecker returns a Checker on a fake clock that checks on every
// call, unless opts set a max age.
func newTestChecker(t *testing.T, m *otelsensor.Monitor, opts ...Option) (*Checker, *fakeClock) {
	t.Helper()
	clk := &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	c, err := newChecker(m, clk.now, append([]Option{WithMaxAge(0)}, opts...))
	if err != nil {
		t.Fatal(err)
	}
	return c, clk
}

func failing(r Report, check string) []Failure {
	var fs []Failure
	for _, f := range r.Failures {
		if f.Check == check {
			fs = append(fs, f)
		}
	}
	return fs
}

func TestNewRejectsNonsense(t *testing.T) {
	m := newMonitor(t)
	for _, tc := range []struct {
		name string
		opt  Option
		want string
	}{
		{"negative lag", WithMaxLag(-1), "max lag"},
		{"NaN send rate", WithMaxSendErrorRate(math.NaN(), time.Minute), "send error rate"},
		{"negative send rate", WithMaxSendErrorRate(-0.1, time.Minute), "send error rate"},
		{"send rate above 1", WithMaxSendErrorRate(1.5, time.Minute), "send error rate"},
		{"infinite processing rate", WithMaxProcessingErrorRate(math.Inf(1), time.Minute), "processing error rate"},
		{"zero window", WithMaxProcessingErrorRate(0.1, 0), "window"},
		{"negative window", WithMaxSendErrorRate(0.1, -time.Second), "window"},
		{"zero progress timeout", WithProgressTimeout(0), "progress timeout"},
		{"zero memory", WithMaxMemory(0), "max memory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := New(m, WithMaxLag(10), tc.opt)
			if err == nil || !strings.Contains(err.Error(), tc.want) || c != nil {
				t.Errorf("New = %v, %v; want an error about %q", c, err, tc.want)
			}
		})
	}
	if _, err := New(nil); err == nil {
		t.Error("New(nil) succeeded")
	}
	if _, err := New(m, WithMaxLag(0), WithMaxSendErrorRate(0, time.Second), WithMaxSendErrorRate(1, time.Second)); err != nil {
		t.Errorf("boundary values rejected: %v", err)
	}
}

func TestNoThresholdsIsHealthy(t *testing.T) {
	m := newMonitor(t)
	c, _ := newTestChecker(t, m)
	m.OnEndOffset(ctx, otelsensor.TopicPartition{Topic: "orders"}, 1e6)
	m.OnOffsetCommitted(ctx, otelsensor.TopicPartition{Topic: "orders"}, 0)
	r := c.Check()
	if !r.Healthy || len(r.Checks) != 0 || r.Failures == nil || len(r.Failures) != 0 {
		t.Errorf("report = %+v, want healthy with no checks and an empty failure list", r)
	}
}

func TestLagFlipsAndRecovers(t *testing.T) {
	m := newMonitor(t)
	c, _ := newTestChecker(t, m, WithMaxLag(100))
	orders3 := otelsensor.TopicPartition{Topic: "orders", Partition: 3}
	orders1 := otelsensor.TopicPartition{Topic: "orders", Partition: 1}
	m.OnEndOffset(ctx, orders3, 1000)
	m.OnOffsetCommitted(ctx, orders3, 900) // lag 100: at the threshold, healthy
	m.OnEndOffset(ctx, orders1, 50)
	m.OnOffsetCommitted(ctx, orders1, 50)
	if r := c.Check(); !r.Healthy || len(r.Checks) != 1 || r.Checks[0] != ConsumerLag {
		t.Fatalf("lag at threshold: %+v, want healthy with the lag check", r)
	}

	m.OnEndOffset(ctx, orders3, 1500) // lag 600
	m.OnEndOffset(ctx, orders1, 252)  // lag 202
	r := c.Check()
	fs := failing(r, ConsumerLag)
	if r.Healthy || len(fs) != 2 {
		t.Fatalf("lagging: %+v, want two lag failures", r)
	}
	if f := fs[0]; f.Topic != "orders" || *f.Partition != 1 || f.Value != 202 || f.Threshold != 100 {
		t.Errorf("first failure = %+v, want orders[1] at 202 > 100", f)
	}
	if f := fs[1]; *f.Partition != 3 || f.Value != 600 || !strings.Contains(f.Message, `"orders" lags 600`) {
		t.Errorf("second failure = %+v (%s), want orders[3] at 600", f, f.Message)
	}

	m.OnOffsetCommitted(ctx, orders3, 1500)
	m.OnOffsetCommitted(ctx, orders1, 250)
	if r := c.Check(); !r.Healthy {
		t.Errorf("after catching up: %+v, want healthy", r)
	}
}

func TestSendErrorRateOverWindow(t *testing.T) {
	m := newMonitor(t)
	c, clk := newTestChecker(t, m, WithMaxSendErrorRate(0.1, time.Minute))
	sensor := otelsensor.NewSensor(m)
	send := func(n, failed int) {
		for i := range n {
			snd := sensor.OnSendInitiated(ctx, "out")
			if i < failed {
				sensor.OnSendError(ctx, snd, errors.New("broker down"))
			} else {
				sensor.OnSendCompleted(ctx, snd, 0, int64(i))
			}
		}
	}
	send(100, 10) // 10%: at the threshold
	clk.advance(time.Second)
	if r := c.Check(); !r.Healthy {
		t.Fatalf("10%% errors: %+v, want healthy", r)
	}
	send(100, 30) // 40 of 200 in the window
	clk.advance(time.Second)
	r := c.Check()
	fs := failing(r, SendErrorRate)
	if r.Healthy || len(fs) != 1 || fs[0].Value != 0.2 || fs[0].Threshold != 0.1 ||
		!strings.Contains(fs[0].Message, "40 of 200 sends") {
		t.Fatalf("20%% errors: %+v, want one send error rate failure at 0.2", r)
	}
	// Errors older than the window no longer count: two minutes of clean
	// sends, checked every ten seconds.
	for range 12 {
		clk.advance(10 * time.Second)
		send(10, 0)
		c.Check()
	}
	if r := c.Check(); !r.Healthy {
		t.Errorf("after a clean window: %+v, want healthy", r)
	}
	// No sends in the window: nothing to judge.
	clk.advance(2 * time.Minute)
	c.Check()
	clk.advance(2 * time.Minute)
	if r := c.Check(); !r.Healthy {
		t.Errorf("without sends: %+v, want healthy", r)
	}
}

func TestProcessingErrorRate(t *testing.T) {
	m := newMonitor(t)
	c, clk := newTestChecker(t, m, WithMaxProcessingErrorRate(0.5, 30*time.Second))
	tp := otelsensor.TopicPartition{Topic: "orders"}
	s := otelsensor.Stream{Name: "orders", Task: "count"}
	sensor := otelsensor.NewSensor(m)
	process := func(n, failed int) {
		for i := range n {
			ev := sensor.OnStreamEventIn(ctx, otelsensor.Message{TopicPartition: tp, Offset: int64(i)}, s)
			var err error
			if i < failed {
				err = errors.New("bad order")
			}
			sensor.OnStreamEventOut(ctx, ev, err)
		}
	}
	process(4, 3)
	clk.advance(time.Second)
	fs := failing(c.Check(), ProcessingErrorRate)
	if len(fs) != 1 || fs[0].Value != 0.75 || fs[0].Threshold != 0.5 {
		t.Fatalf("3 of 4 failed: %+v, want a failure at 0.75", fs)
	}
	clk.advance(time.Minute)
	c.Check()
	process(10, 1)
	clk.advance(time.Second)
	if r := c.Check(); !r.Healthy {
		t.Errorf("1 of 10 failed in the window: %+v, want healthy", r)
	}
}

func TestNoProgress(t *testing.T) {
	m := newMonitor(t)
	c, clk := newTestChecker(t, m, WithProgressTimeout(time.Minute))
	tp := otelsensor.TopicPartition{Topic: "orders"}
	s := otelsensor.Stream{Name: "orders", Task: "count"}
	sensor := otelsensor.NewSensor(m)

	// Idle for long: no messages, no lag, no events. Healthy.
	clk.advance(time.Hour)
	if r := c.Check(); !r.Healthy {
		t.Fatalf("idle: %+v, want healthy", r)
	}
	// Messages arrive but no stream takes them.
	sensor.OnMessageIn(ctx, tp, 1)
	clk.advance(30 * time.Second)
	if r := c.Check(); !r.Healthy {
		t.Fatalf("30s without events: %+v, want healthy until the timeout", r)
	}
	sensor.OnMessageIn(ctx, tp, 2)
	clk.advance(31 * time.Second)
	fs := failing(c.Check(), NoProgress)
	if len(fs) != 1 || fs[0].Value != 61 || fs[0].Threshold != 60 {
		t.Fatalf("61s stuck: %+v, want a no_progress failure at 61s", fs)
	}
	// A stream starts again.
	sensor.OnStreamEventIn(ctx, otelsensor.Message{TopicPartition: tp, Offset: 1}, s)
	clk.advance(time.Second)
	if r := c.Check(); !r.Healthy {
		t.Errorf("after an event: %+v, want healthy", r)
	}
	// Lag without new messages also counts as work waiting.
	m.OnEndOffset(ctx, tp, 10)
	m.OnOffsetCommitted(ctx, tp, 2)
	clk.advance(2 * time.Minute)
	if fs := failing(c.Check(), NoProgress); len(fs) != 1 {
		t.Errorf("lagging for 2m without events: %+v, want a no_progress failure", fs)
	}
}

func TestMemory(t *testing.T) {
	m := newMonitor(t)
	low, _ := newTestChecker(t, m, WithMaxMemory(1))
	fs := failing(low.Check(), Memory)
	if len(fs) != 1 || fs[0].Value < 1<<20 || fs[0].Threshold != 1 {
		t.Errorf("1 byte limit: %+v, want a failure with the runtime's memory (at least 1 MiB)", fs)
	}
	high, _ := newTestChecker(t, m, WithMaxMemory(1<<50))
	if r := high.Check(); !r.Healthy {
		t.Errorf("1 PiB limit: %+v, want healthy", r)
	}
}

func TestReportJSON(t *testing.T) {
	m := newMonitor(t)
	c, _ := newTestChecker(t, m, WithMaxLag(0), WithMaxMemory(1<<50))
	tp := otelsensor.TopicPartition{Topic: "orders", Partition: 0}
	m.OnEndOffset(ctx, tp, 5)
	m.OnOffsetCommitted(ctx, tp, 2)
	b, err := json.Marshal(c.Check())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	f := got["failures"].([]any)[0].(map[string]any)
	if got["healthy"] != false || f["check"] != "consumer_lag" || f["topic"] != "orders" ||
		f["partition"] != 0.0 || f["value"] != 3.0 || f["threshold"] != 0.0 {
		t.Errorf("JSON = %s", b)
	}
	if checks := got["checks"].([]any); len(checks) != 2 || checks[0] != "consumer_lag" || checks[1] != "memory" {
		t.Errorf("checks = %v", checks)
	}
}

func TestRingIsBounded(t *testing.T) {
	r := ring{every: time.Second}
	at := time.Unix(0, 0)
	for i := range 1000 {
		r.add(sample{at: at, sent: int64(i)})
		r.add(sample{at: at.Add(time.Millisecond), sent: -1}) // too close: dropped
		at = at.Add(time.Second)
	}
	if r.n != ringSize {
		t.Fatalf("ring holds %d samples, want %d", r.n, ringSize)
	}
	now := at.Add(-time.Second) // the newest sample's time
	if b := r.base(now, 10*time.Second); b.sent != 989 {
		t.Errorf("base of a 10s window = %d, want the sample 10s back (989)", b.sent)
	}
	if b := r.base(now, time.Hour); b.sent != 1000-ringSize {
		t.Errorf("base of a window longer than the ring = %d, want the oldest (%d)", b.sent, 1000-ringSize)
	}
	if n := testing.AllocsPerRun(100, func() {
		at = at.Add(time.Second)
		r.add(sample{at: at})
		_ = r.base(at, time.Minute)
	}); n != 0 {
		t.Errorf("add and base allocate %v times, want 0", n)
	}
}

func TestSpacing(t *testing.T) {
	for _, tc := range []struct {
		windows []time.Duration
		want    time.Duration
	}{
		{[]time.Duration{0, 0}, 0},
		{[]time.Duration{time.Minute, 0}, time.Minute / 8},
		{[]time.Duration{time.Minute, time.Hour}, time.Hour / (ringSize - 4)},
	} {
		got := spacing(tc.windows...)
		if got != tc.want {
			t.Errorf("spacing(%v) = %v, want %v", tc.windows, got, tc.want)
		}
		if longest := max(tc.windows[0], tc.windows[1]); got*(ringSize-1) < longest {
			t.Errorf("spacing(%v) = %v: %d samples do not cover %v", tc.windows, got, ringSize, longest)
		}
	}
}
