package stats_test

import (
	"fmt"
	"log"
	"os"

	"github.com/streamotel/streamotel/stats"
)

func ExampleRegistry() {
	r, err := stats.New(stats.WithHistorySize(100))
	if err != nil {
		log.Fatal(err)
	}
	r.Incr("requests", 1)
	r.Incr("requests", 1)
	r.Set("pool.size", 8)
	for _, ms := range []float64{12, 15, 11, 90} {
		r.Record("latency_ms", ms)
	}
	os.Stdout.Write(r.AppendText(nil))

	s := r.Snapshot()
	fmt.Println("p50", s.Records["latency_ms"].P50, "mean", s.Records["latency_ms"].Mean)
	// Output:
	// latency_ms.count: 4
	// latency_ms.mean: 32
	// latency_ms.p50: 12
	// latency_ms.p90: 90
	// latency_ms.p95: 90
	// latency_ms.p99: 90
	// pool.size: 8
	// requests: 2
	// p50 12 mean 32
}
