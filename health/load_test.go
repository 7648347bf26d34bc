package health

import (
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/streamotel/streamotel/otelsensor"
)

// laggingMonitor returns a Monitor with n partitions that each lag.
func laggingMonitor(t testing.TB, n int) *otelsensor.Monitor {
	m := newMonitor(t.(*testing.T))
	for p := range n {
		tp := otelsensor.TopicPartition{Topic: "orders", Partition: int32(p)}
		m.OnEndOffset(ctx, tp, 1000)
		m.OnOffsetCommitted(ctx, tp, 10)
	}
	return m
}

// TestCheckUnderLoad asks 32 goroutines for the health of a worker with
// 2,000 lagging partitions for a second: every answer reports the lag, and
// the 99th percentile of the time to answer stays under 100 ms.
func TestCheckUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("a second of load")
	}
	m := laggingMonitor(t, 2000)
	c, err := New(m, WithMaxLag(100))
	if err != nil {
		t.Fatal(err)
	}
	var (
		mu    sync.Mutex
		waits []time.Duration
		wg    sync.WaitGroup
	)
	end := time.Now().Add(time.Second)
	for range 32 {
		wg.Go(func() {
			for time.Now().Before(end) {
				start := time.Now()
				r := c.Check()
				d := time.Since(start)
				if r.Healthy || len(r.Failures) != 2000 {
					t.Errorf("report healthy=%v with %d failures, want 2000", r.Healthy, len(r.Failures))
					return
				}
				mu.Lock()
				waits = append(waits, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	slices.Sort(waits)
	p99 := waits[len(waits)*99/100]
	t.Logf("%d checks in 1 s from 32 goroutines: p50 %v, p99 %v, max %v",
		len(waits), waits[len(waits)/2], p99, waits[len(waits)-1])
	if p99 > 100*time.Millisecond {
		t.Errorf("p99 %v, want under 100ms", p99)
	}
}

// TestReportIsServedForMaxAge checks that a report is reused while younger
// than the max age, then checked again.
func TestReportIsServedForMaxAge(t *testing.T) {
	m := newMonitor(t)
	c, clk := newTestChecker(t, m, WithMaxLag(5), WithMaxAge(time.Second))
	tp := otelsensor.TopicPartition{Topic: "orders", Partition: 1}
	m.OnEndOffset(ctx, tp, 100)
	m.OnOffsetCommitted(ctx, tp, 1)
	first := c.Check()
	if first.Healthy {
		t.Fatal("lag of 99 not reported")
	}
	m.OnOffsetCommitted(ctx, tp, 100)
	clk.advance(999 * time.Millisecond)
	if r := c.Check(); r.Healthy || !r.Time.Equal(first.Time) {
		t.Errorf("within the max age: %+v, want the first report", r)
	}
	clk.advance(time.Millisecond)
	if r := c.Check(); !r.Healthy {
		t.Errorf("after the max age: %+v, want a new check", r)
	}
	if _, err := New(m, WithMaxAge(-time.Second)); err == nil {
		t.Error("a negative max age was accepted")
	}
}
