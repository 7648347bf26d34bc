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

// statvent's calls, as docs/migrating.md writes them in Go. It is compiled,
// not run: it serves the pipe in the shared default directory.
func Example_statvent() {
	run := func() error {
		stats.Incr("requests", 1)
		stats.Set("pool.size", 8)
		stats.Record("latency", 0.2)
		defer stats.Default().Time("load").Stop() // Record of the seconds it took

		w, err := statpipe.NewWriter(stats.Default()) // stats/statpipe; /tmp/stats-pipe/<pid>.stats
		if err != nil {
			return err // e.g. a directory that another user owns
		}
		defer w.Close()

		return nil
	}
	if err := run(); err != nil {
		log.Fatal(err)
	}
}
