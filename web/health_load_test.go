package web_test

import (
	"io"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/streamotel/streamotel/health"
	"github.com/streamotel/streamotel/internal/race"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/web"
)

// TestHealthUnderLoad probes /health of a worker with 2,000 lagging
// partitions from 16 clients for two seconds: every probe gets its 503, and
// the 99th percentile of the time to answer stays under 100 ms (not
// asserted under the race detector, which slows every request).
func TestHealthUnderLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("two seconds of load")
	}
	m, _ := newMonitor(t)
	for p := range 2000 {
		tp := otelsensor.TopicPartition{Topic: "orders", Partition: int32(p)}
		m.OnEndOffset(ctx, tp, 1000)
		m.OnOffsetCommitted(ctx, tp, 10)
	}
	c, err := health.New(m, health.WithMaxLag(100))
	if err != nil {
		t.Fatal(err)
	}
	srv := serve(t, m, web.WithHealth(c))
	var (
		mu    sync.Mutex
		waits []time.Duration
		wg    sync.WaitGroup
	)
	end := time.Now().Add(2 * time.Second)
	for range 16 {
		wg.Go(func() {
			client := &http.Client{Transport: &http.Transport{}}
			for time.Now().Before(end) {
				start := time.Now()
				resp, err := client.Get(srv.URL + "/health")
				if err != nil {
					t.Error(err)
					return
				}
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				d := time.Since(start)
				if resp.StatusCode != http.StatusServiceUnavailable {
					t.Errorf("status %d, want 503", resp.StatusCode)
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
	t.Logf("%d probes in 2 s from 16 clients (%.0f/s): p50 %v, p99 %v, max %v",
		len(waits), float64(len(waits))/2, waits[len(waits)/2], p99, waits[len(waits)-1])
	if p99 > 100*time.Millisecond && !race.Enabled {
		t.Errorf("p99 %v, want under 100ms", p99)
	}
}
