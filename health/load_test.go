package health

import (
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/streamotel/streamotel/otelsensor"
)

// laggingMonitor returns a Monitor with n partitions that each lag.
func laggingMonitor(t *testing.T, n int) *otelsensor.Monitor {
	m := newMonitor(t)
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

// gatedSource is a Source whose Snapshot counts its calls and, the second
// time (the first check's; New takes the first), waits until released.
type gatedSource struct {
	*otelsensor.Monitor
	calls   atomic.Int64
	entered chan struct{}
	release chan struct{}
}

func (g *gatedSource) Snapshot() otelsensor.Snapshot {
	if g.calls.Add(1) == 2 {
		close(g.entered)
		<-g.release
	}
	return g.Monitor.Snapshot()
}

// TestCallersShareACheck checks that callers arriving while a check runs
// wait for it and get its report, rather than each running its own.
func TestCallersShareACheck(t *testing.T) {
	src := &gatedSource{Monitor: newMonitor(t), entered: make(chan struct{}), release: make(chan struct{})}
	c, err := New(src, WithMaxAge(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	const callers = 16
	reports := make(chan Report, callers)
	go func() { reports <- c.Check() }()
	<-src.entered // the first check runs, and waits
	var started sync.WaitGroup
	for range callers - 1 {
		started.Add(1)
		go func() {
			started.Done()
			reports <- c.Check()
		}()
	}
	started.Wait()
	time.Sleep(50 * time.Millisecond) // let them reach the check
	close(src.release)
	first := <-reports
	for range callers - 1 {
		if r := <-reports; !r.Time.Equal(first.Time) {
			t.Errorf("a caller got a report of %v, want the shared one of %v", r.Time, first.Time)
		}
	}
	if n := src.calls.Load() - 1; n != 1 {
		t.Errorf("%d callers ran %d checks, want 1", callers, n)
	}
}
