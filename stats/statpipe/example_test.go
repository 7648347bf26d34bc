//go:build unix

package statpipe_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/streamotel/streamotel/stats"
	"github.com/streamotel/streamotel/stats/statpipe"
)

// A worker publishes its stats; a reader (here the same process, usually
// cmd/statpipe-web) sums the pipes of every worker.
func ExampleNewWriter() {
	dir, err := os.MkdirTemp("", "stats-pipe")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)

	stats.Incr("jobs.done", 3)
	w, err := statpipe.NewWriter(stats.Default(), statpipe.WithDir(dir))
	if err != nil {
		log.Fatal(err)
	}
	defer w.Close()

	sums, err := statpipe.Sum(context.Background(), dir, time.Second, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("jobs.done", sums["jobs.done"])
	// Output: jobs.done 3
}
