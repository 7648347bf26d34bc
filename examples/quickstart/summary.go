package main

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/streamotel/streamotel/otelsensor"
)

// watchLag reads the Monitor's total lag of inputTopic every 100ms until
// the returned function is called, which returns the largest seen.
func watchLag(mon *otelsensor.Monitor) (stop func() int64) {
	done := make(chan struct{})
	var (
		wg   sync.WaitGroup
		peak int64
	)
	wg.Go(func() {
		tick := time.NewTicker(100 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				var total int64
				for _, lag := range mon.Snapshot().TopicLag[inputTopic] {
					total += lag
				}
				peak = max(peak, total)
			}
		}
	})
	return func() int64 {
		close(done)
		wg.Wait()
		return peak
	}
}

// lagByPartition is the lag of each partition of inputTopic in s, in
// partition order; "-" for a partition with no lag known.
func lagByPartition(s otelsensor.Snapshot) string {
	out := make([]string, partitions)
	for p := range out {
		out[p] = "-"
		if lag, ok := s.TopicLag[inputTopic][int32(p)]; ok {
			out[p] = fmt.Sprint(lag)
		}
	}
	return strings.Join(out, " ")
}
