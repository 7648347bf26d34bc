package e2e

import (
	"context"
	"fmt"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"go.uber.org/goleak"

	"github.com/streamotel/streamotel/exporters"
	"github.com/streamotel/streamotel/exporters/otlp"
	promexp "github.com/streamotel/streamotel/exporters/prometheus"
	"github.com/streamotel/streamotel/health"
	"github.com/streamotel/streamotel/otelsensor"
	sc "github.com/streamotel/streamotel/semconv"
)

// soakError is an error with its own error.type.
type soakError string

func (e soakError) Error() string     { return string(e) }
func (e soakError) ErrorType() string { return string(e) }

const (
	soakInvalid  = soakError("invalid_order")
	soakBusy     = soakError("broker_busy")
	soakRejected = soakError("commit_rejected")
)

// soakTally counts exactly what one worker of TestSoak did.
type soakTally struct {
	consumed, events, eventErrors    int64
	gets, sets, dels                 int64
	sent, sendErrors                 int64
	commits, commitErrors, committed int64 // committed: the last offset committed
}

func (a *soakTally) add(b soakTally) {
	a.consumed += b.consumed
	a.events += b.events
	a.eventErrors += b.eventErrors
	a.gets += b.gets
	a.sets += b.sets
	a.dels += b.dels
	a.sent += b.sent
	a.sendErrors += b.sendErrors
	a.commits += b.commits
	a.commitErrors += b.commitErrors
}

// soakMaxHeapGrowth bounds the live heap (HeapInuse after a GC) of TestSoak
// above what it was before the run, at every sample and at the end. Every
// series the run touches exists after its first batches and the Monitor's
// histories are bounded, so the heap should stay flat whatever the count
// of callbacks; in the full run (240,000 message lifecycles of about ten
// callbacks each) a leak of 70 bytes per lifecycle crosses this.
const soakMaxHeapGrowth = 16 << 20

// TestSoak is the reliability soak: a bounded run (about 45 s, 12 s with
// -short) of a worker whose metrics go both to a real OpenTelemetry
// Collector over OTLP (every 200 ms) and to the Prometheus exporter's own
// server, while
//
//   - 4 goroutines make a fixed number of message, event, table, send and
//     commit lifecycles through one Sensor, some of them failing, and count
//     exactly what they did;
//   - another goroutine scrapes Prometheus, takes Snapshots and runs a
//     health.Checker over and over, checking that every count only grows,
//     never past the final total, and that the worker stays healthy;
//   - the Collector is killed (SIGKILL, by PID) a third of the way through
//     and restarted on the same ports halfway through.
//
// At the end the Monitor is closed (later callbacks are ignored) and the
// provider shut down. It proves that under concurrency and a Collector crash
// no count is lost or doubled: the Snapshot, the final Prometheus scrape and
// the last cumulative export the restarted Collector received all equal the
// workers' tallies. It also proves that the live heap stays within
// soakMaxHeapGrowth of where it started, and that shutting down leaves no
// goroutine behind (goleak, with no exception beyond the goroutines that ran
// before the test).
func TestSoak(t *testing.T) {
	clearEnv(t)
	before := goleak.IgnoreCurrent()
	col := startCollector(t) // skipped without the Collector, failed in CI
	ctx := context.Background()

	const workers = 4
	duration, batches, perBatch := 45*time.Second, 300, 200
	if testing.Short() {
		duration, batches = 12*time.Second, 80
	}
	pace := duration / time.Duration(batches)

	prom, err := promexp.New(promexp.WithServer("127.0.0.1:0"))
	if err != nil {
		t.Fatal(err)
	}
	mp, shutdown, err := exporters.Setup(ctx,
		exporters.WithReader(prom),
		exporters.WithExporters("otlp"),
		exporters.WithOTLP(
			otlp.WithEndpoint("http://"+col.grpc),
			otlp.WithInterval(200*time.Millisecond),
			otlp.WithTimeout(time.Second),
			otlp.WithRetry(otlp.Retry{InitialInterval: 50 * time.Millisecond, MaxInterval: 200 * time.Millisecond, MaxElapsedTime: 500 * time.Millisecond}),
		),
		exporters.WithShutdownTimeout(10*time.Second))
	if err != nil {
		_ = prom.Shutdown(ctx)
		t.Fatal(err)
	}
	shut := false
	defer func() {
		if !shut {
			_ = shutdown(ctx)
		}
	}()
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("kafka"), otelsensor.WithConsumerGroup("soak"))
	if err != nil {
		t.Fatal(err)
	}
	defer mon.Close()
	check, err := health.New(mon,
		health.WithMaxLag(int64(10*perBatch)), // a failed commit leaves perBatch
		health.WithMaxSendErrorRate(0.5, 5*time.Second),
		health.WithMaxProcessingErrorRate(0.5, 5*time.Second),
		health.WithProgressTimeout(30*time.Second),
		health.WithMaxMemory(1<<30),
		health.WithMaxAge(0))
	if err != nil {
		t.Fatal(err)
	}
	s := otelsensor.NewSensor(mon)
	transport := &http.Transport{}
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}
	metricsURL := "http://" + prom.Addr().String() + "/metrics"

	heap0 := soakHeap()

	// The workers.
	tallies := make([]soakTally, workers)
	slowest := make([]time.Duration, workers)
	var batchesDone atomic.Int64
	var work sync.WaitGroup
	start := time.Now()
	for g := range workers {
		work.Go(func() {
			w := &tallies[g]
			tp := otelsensor.TopicPartition{Topic: "orders", Partition: int32(g)}
			stream := otelsensor.Stream{Name: "orders", Task: "count_orders"}
			var off int64
			for b := range batches {
				t0 := time.Now()
				for range perBatch {
					m := s.OnMessageIn(ctx, tp, off)
					w.consumed++
					ev := s.OnStreamEventIn(ctx, m, stream)
					w.events++
					s.OnTableGet(ctx, "counts")
					w.gets++
					var err error
					if off%10 == 3 {
						err = soakInvalid
						w.eventErrors++
					} else {
						s.OnTableSet(ctx, "counts")
						w.sets++
					}
					if off%50 == 7 {
						s.OnTableDel(ctx, "counts")
						w.dels++
					}
					snd := s.OnSendInitiated(ctx, "totals")
					if off%20 == 9 {
						s.OnSendError(ctx, snd, soakBusy)
						w.sendErrors++
					} else {
						s.OnSendCompleted(ctx, snd, int32(g), off)
						w.sent++
					}
					s.OnStreamEventOut(ctx, ev, err)
					s.OnMessageOut(ctx, m)
					off++
				}
				c := s.OnCommitInitiated(ctx)
				var err error
				if b%10 == 4 { // never the last batch: the run ends without lag
					err = soakRejected
					w.commitErrors++
				}
				s.OnCommitCompleted(ctx, c, err)
				w.commits++
				if err == nil {
					s.OnOffsetCommitted(ctx, tp, off)
					w.committed = off
				}
				s.OnEndOffset(ctx, tp, off)
				slowest[g] = max(slowest[g], time.Since(t0))
				batchesDone.Add(1)
				time.Sleep(time.Until(start.Add(time.Duration(b+1) * pace)))
			}
		})
	}
	workDone := make(chan struct{})
	go func() { work.Wait(); close(workDone) }()

	// The readers: Prometheus scrapes, Snapshots, health checks and heap
	// samples, until the workers are done. Their findings are checked
	// against the final totals afterwards.
	type reading struct {
		consumed, sent, events float64 // scraped from Prometheus
		snapConsumed           int64
		snapEvents             int64
	}
	var (
		readings             []reading
		scrapes, scrapeErrs  int
		checks, unhealthy    int
		firstUnhealthy       string
		heapMax              = heap0
		readersDone          = make(chan struct{})
		lastHeapAt           time.Time
		firstScrapeErr       error
		snapshotsOutOfOrder  int
		firstOutOfOrder      string
		prev                 reading
		scrapeP, snapP, chkP time.Duration
	)
	go func() {
		defer close(readersDone)
		for {
			select {
			case <-workDone:
				return
			case <-time.After(100 * time.Millisecond):
			}
			var r reading
			t0 := time.Now()
			fams, err := soakScrape(client, metricsURL)
			scrapeP = max(scrapeP, time.Since(t0))
			scrapes++
			if err != nil {
				scrapeErrs++
				if firstScrapeErr == nil {
					firstScrapeErr = err
				}
				r.consumed, r.sent, r.events = prev.consumed, prev.sent, prev.events
			} else {
				r.consumed, _, _ = soakProm(fams, "messaging_client_consumed_messages_total")
				r.sent, _, _ = soakProm(fams, "messaging_client_sent_messages_total")
				r.events, _, _ = soakProm(fams, "streamotel_stream_events_total")
			}
			t0 = time.Now()
			snap := mon.Snapshot()
			snapP = max(snapP, time.Since(t0))
			r.snapConsumed, r.snapEvents = snap.MessagesReceivedTotal, snap.EventsTotal
			t0 = time.Now()
			rep := check.Check()
			chkP = max(chkP, time.Since(t0))
			checks++
			if !rep.Healthy {
				unhealthy++
				if firstUnhealthy == "" {
					firstUnhealthy = fmt.Sprintf("%+v", rep.Failures)
				}
			}
			if r.consumed < prev.consumed || r.sent < prev.sent || r.events < prev.events ||
				r.snapConsumed < prev.snapConsumed || r.snapEvents < prev.snapEvents {
				snapshotsOutOfOrder++
				if firstOutOfOrder == "" {
					firstOutOfOrder = fmt.Sprintf("%+v after %+v", r, prev)
				}
			}
			prev = r
			readings = append(readings, r)
			if time.Since(lastHeapAt) >= time.Second {
				heapMax = max(heapMax, soakHeap())
				lastHeapAt = time.Now()
			}
		}
	}()

	// The Collector dies a third of the way through and comes back
	// halfway through, on the same ports.
	total := int64(workers * batches)
	if !waitFor(duration, func() bool { return batchesDone.Load() >= total/3 }) {
		t.Fatalf("the workers did %d of %d batches in %v", batchesDone.Load(), total, duration)
	}
	atKill := col.received()
	killed, _ := atKill.total(sc.ConsumedMessages)
	if atKill.requests == 0 {
		t.Fatalf("the Collector received nothing in the first third of the run:\n%s", soakLogTail(col))
	}
	if err := syscall.Kill(col.proc.cmd.Process.Pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	select {
	case <-col.proc.done:
	case <-time.After(10 * time.Second):
		t.Fatal("the Collector did not die of SIGKILL")
	}
	downAt := time.Now()
	waitFor(duration, func() bool { return batchesDone.Load() >= total/2 })
	col.start()
	down := time.Since(downAt)
	if !waitFor(30*time.Second, func() bool {
		r := col.received()
		c, _ := r.total(sc.ConsumedMessages)
		return r.requests > atKill.requests && c.value > killed.value
	}) {
		t.Fatalf("the restarted Collector received nothing new:\n%s", soakLogTail(col))
	}
	resumedAt := batchesDone.Load()

	<-workDone
	<-readersDone
	elapsed := time.Since(start)
	var want soakTally
	for _, w := range tallies {
		want.add(w)
	}

	// Close: callbacks after it are ignored, and the state stays for the
	// final collection.
	if err := mon.Close(); err != nil {
		t.Fatal(err)
	}
	s.OnMessageOut(ctx, s.OnMessageIn(ctx, otelsensor.TopicPartition{Topic: "orders"}, 1<<40))
	s.OnTableGet(ctx, "counts")

	// The Snapshot.
	snap := mon.Snapshot()
	for _, c := range []struct {
		what      string
		got, want int64
	}{
		{"messages received", snap.MessagesReceivedTotal, want.consumed},
		{"messages received from orders", snap.MessagesReceivedByTopic["orders"], want.consumed},
		{"messages active", snap.MessagesActive, 0},
		{"events", snap.EventsTotal, want.events},
		{"events of stream orders", snap.EventsByStream["orders"], want.events},
		{"events of task count_orders", snap.EventsByTask["count_orders"], want.events},
		{"event errors", snap.EventsErrors, want.eventErrors},
		{"events active", snap.EventsActive, 0},
		{"messages sent", snap.MessagesSent, want.sent + want.sendErrors},
		{"messages sent to totals", snap.MessagesSentByTopic["totals"], want.sent + want.sendErrors},
		{"send errors", snap.SendErrors, want.sendErrors},
		{"keys retrieved", snap.Tables["counts"].KeysRetrieved, want.gets},
		{"keys updated", snap.Tables["counts"].KeysUpdated, want.sets},
		{"keys deleted", snap.Tables["counts"].KeysDeleted, want.dels},
	} {
		if c.got != c.want {
			t.Errorf("Snapshot: %s = %d, want %d", c.what, c.got, c.want)
		}
	}
	for g, w := range tallies {
		p := int32(g)
		if got := snap.TopicCommittedOffsets["orders"][p]; got != w.committed {
			t.Errorf("Snapshot: committed offset of orders/%d = %d, want %d", g, got, w.committed)
		}
		if got, ok := snap.TopicLag["orders"][p]; !ok || got != 0 {
			t.Errorf("Snapshot: lag of orders/%d = %d (%v), want 0", g, got, ok)
		}
	}
	if r := check.Check(); !r.Healthy {
		t.Errorf("health after the run: %+v", r.Failures)
	}

	// What each exporter must hold: Prometheus' name and labels, the
	// Collector's name and attributes, and the count (a counter's or
	// gauge's value, a histogram's count).
	expect := []struct {
		prom      string
		promLabel []string
		otel      string
		otelAttr  []string
		want      int64
	}{
		{"messaging_client_consumed_messages_total", nil, sc.ConsumedMessages, nil, want.consumed},
		{"messaging_client_consumed_messages_total", []string{"messaging_destination_partition_id=2"},
			sc.ConsumedMessages, []string{"messaging.destination.partition.id=2"}, tallies[2].consumed},
		{"streamotel_stream_events_total", nil, sc.StreamEvents, nil, want.events},
		{"messaging_process_duration_seconds", nil, sc.ProcessDuration, nil, want.events},
		{"messaging_process_duration_seconds", []string{"error_type=" + string(soakInvalid)},
			sc.ProcessDuration, []string{"error.type=" + string(soakInvalid)}, want.eventErrors},
		{"streamotel_table_operations_total", []string{"streamotel_table_operation=get"},
			sc.TableOperations, []string{"streamotel.table.operation=get"}, want.gets},
		{"streamotel_table_operations_total", []string{"streamotel_table_operation=set"},
			sc.TableOperations, []string{"streamotel.table.operation=set"}, want.sets},
		{"streamotel_table_operations_total", []string{"streamotel_table_operation=del"},
			sc.TableOperations, []string{"streamotel.table.operation=del"}, want.dels},
		{"messaging_client_sent_messages_total", nil, sc.SentMessages, nil, want.sent + want.sendErrors},
		{"messaging_client_sent_messages_total", []string{"error_type=" + string(soakBusy)},
			sc.SentMessages, []string{"error.type=" + string(soakBusy)}, want.sendErrors},
		{"streamotel_send_errors_total", nil, sc.SendErrors, nil, want.sendErrors},
		{"messaging_client_operation_duration_seconds", []string{"messaging_operation_name=send"},
			sc.OperationDuration, []string{"messaging.operation.name=send"}, want.sent + want.sendErrors},
		{"messaging_client_operation_duration_seconds", []string{"messaging_operation_name=commit"},
			sc.OperationDuration, []string{"messaging.operation.name=commit"}, want.commits},
		{"messaging_client_operation_duration_seconds", []string{"messaging_operation_name=commit", "error_type=" + string(soakRejected)},
			sc.OperationDuration, []string{"messaging.operation.name=commit", "error.type=" + string(soakRejected)}, want.commitErrors},
		{"streamotel_messages_active", nil, sc.MessagesActive, nil, 0},
		{"streamotel_events_active", nil, sc.EventsActive, nil, 0},
		{"streamotel_sends_active", nil, sc.SendsActive, nil, 0},
		{"streamotel_consumer_lag", nil, sc.ConsumerLag, nil, 0},
	}

	// The final Prometheus scrape, and what the readers saw meanwhile.
	fams, err := soakScrape(client, metricsURL)
	if err != nil {
		t.Fatalf("final scrape: %v", err)
	}
	for _, e := range expect {
		v, count, n := soakProm(fams, e.prom, e.promLabel...)
		got := int64(v)
		if strings.HasSuffix(e.prom, "_seconds") {
			got = int64(count)
		}
		if n == 0 || got != e.want {
			t.Errorf("Prometheus %s%v = %d over %d series, want %d", e.prom, e.promLabel, got, n, e.want)
		}
	}
	if scrapeErrs > 0 {
		t.Errorf("%d of %d scrapes failed, the first with %v", scrapeErrs, scrapes, firstScrapeErr)
	}
	if snapshotsOutOfOrder > 0 {
		t.Errorf("%d readings went backwards, the first: %s", snapshotsOutOfOrder, firstOutOfOrder)
	}
	for _, r := range readings {
		if r.consumed > float64(want.consumed) || r.events > float64(want.events) || r.sent > float64(want.sent+want.sendErrors) ||
			r.snapConsumed > want.consumed || r.snapEvents > want.events {
			t.Errorf("a reading during the run is past the final totals: %+v", r)
			break
		}
	}
	if unhealthy > 0 {
		t.Errorf("%d of %d health checks failed during the run, the first with %s", unhealthy, checks, firstUnhealthy)
	}
	if least := int(duration / (2 * time.Second)); scrapes < least {
		t.Errorf("only %d rounds of scrapes, Snapshots and checks in %v, want at least %d", scrapes, elapsed, least)
	}

	// Shutdown flushes the final totals to the restarted Collector.
	sctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	shut = true
	if err := shutdown(sctx); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	var got received
	if !waitFor(20*time.Second, func() bool {
		got = col.received()
		c, _ := got.total(sc.ConsumedMessages)
		return c.value == float64(want.consumed)
	}) {
		c, _ := got.total(sc.ConsumedMessages)
		t.Errorf("the Collector has %v consumed messages, want %d\n%s", c.value, want.consumed, soakLogTail(col))
	}
	if killed.value >= float64(want.consumed) {
		t.Errorf("the Collector had %v consumed messages when killed: the final totals were not left for the restarted one", killed.value)
	}
	for _, e := range expect {
		v, n := got.total(e.otel, e.otelAttr...)
		g := int64(v.value)
		if strings.HasSuffix(e.prom, "_seconds") {
			g = int64(v.count)
		}
		if n == 0 || g != e.want {
			t.Errorf("Collector %s%v = %d over %d series, want %d", e.otel, e.otelAttr, g, n, e.want)
		}
	}
	col.stop()

	// The heap, and the goroutines.
	transport.CloseIdleConnections()
	heap1 := soakHeap()
	if growth := int64(max(heapMax, heap1)) - int64(heap0); growth > soakMaxHeapGrowth {
		t.Errorf("live heap grew by %d MiB (start %d MiB, peak %d MiB, end %d MiB), bound %d MiB",
			growth>>20, heap0>>20, heapMax>>20, heap1>>20, soakMaxHeapGrowth>>20)
	}
	goleak.VerifyNone(t, before)

	t.Logf("%d workers did %d message lifecycles (%d commits) in %v; the slowest batch of %d took %v",
		workers, want.consumed, want.commits, elapsed.Round(time.Millisecond), perBatch, slices.Max(slowest).Round(time.Microsecond))
	t.Logf("Collector down for %v, caught up after %d of %d batches; %d scrape+Snapshot+Check rounds (slowest %v, %v, %v)",
		down.Round(time.Millisecond), resumedAt, total, scrapes, scrapeP.Round(time.Microsecond), snapP.Round(time.Microsecond), chkP.Round(time.Microsecond))
	t.Logf("live heap: %.1f MiB at start, %.1f MiB peak, %.1f MiB at end", mib(heap0), mib(heapMax), mib(heap1))
}

// soakLogTail is the end of the Collector's log: the whole of it holds a
// line per export.
func soakLogTail(c *collector) string {
	lines := strings.Split(strings.TrimRight(c.log(), "\n"), "\n")
	return strings.Join(lines[max(len(lines)-20, 0):], "\n")
}

func mib(b uint64) float64 { return float64(b) / (1 << 20) }

// soakHeap returns HeapInuse after a full collection.
func soakHeap() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

// soakScrape fetches a Prometheus text exposition and parses it.
func soakScrape(c *http.Client, url string) (map[string]*dto.MetricFamily, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "text/plain; version=0.0.4")
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	p := expfmt.NewTextParser(model.LegacyValidation)
	return p.TextToMetricFamilies(resp.Body)
}

// soakProm adds up the series of a family whose labels include all of want
// ("name=value" each): the value of counters and gauges, the sum and count
// of histograms. n is how many series matched.
func soakProm(fams map[string]*dto.MetricFamily, name string, want ...string) (value float64, count uint64, n int) {
	f := fams[name]
	if f == nil {
		return 0, 0, 0
	}
	for _, m := range f.GetMetric() {
		labels := make([]string, 0, len(m.GetLabel()))
		for _, l := range m.GetLabel() {
			labels = append(labels, l.GetName()+"="+l.GetValue())
		}
		if slices.ContainsFunc(want, func(w string) bool { return !slices.Contains(labels, w) }) {
			continue
		}
		n++
		switch {
		case m.Counter != nil:
			value += m.GetCounter().GetValue()
		case m.Gauge != nil:
			value += m.GetGauge().GetValue()
		case m.Histogram != nil:
			value += m.GetHistogram().GetSampleSum()
			count += m.GetHistogram().GetSampleCount()
		}
	}
	return value, count, n
}
