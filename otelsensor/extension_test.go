package otelsensor

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/stats"
)

type decodeError struct{}

func (decodeError) Error() string { return "decode" }

func status(s string) attribute.KeyValue { return semconv.MessageStatus.String(s) }

func TestHandler(t *testing.T) {
	m, r, c := newMonitor(t)
	for _, s := range []Status{StatusAcked, StatusAcked, StatusNacked, StatusRejected, StatusSkipped} {
		st := m.OnHandleStart(ctx, "orders", 100)
		c.advance(100 * time.Millisecond)
		m.OnHandleEnd(ctx, "orders", st, s, nil)
	}
	st := m.OnHandleStart(ctx, "orders", 5000)
	c.advance(time.Second)
	m.OnHandleEnd(ctx, "orders", st, StatusError, decodeError{})
	m.OnHandleEnd(ctx, "orders", m.OnHandleStart(ctx, "orders", -1), StatusError, nil)
	m.OnHandleStart(ctx, "orders", 7) // still in process

	got := collect(t, r)
	dest := topicAttr("orders")
	wantValue(t, got, semconv.ConsumedMessages, 8, dest, semconv.MessagingOperationName.String("receive"),
		semconv.MessagingSystem.String("kafka"), semconv.MessagingConsumerGroupName.String("orders-app"))
	wantValue(t, got, semconv.MessagesActive, 1, dest)
	wantHistogram(t, got, semconv.MessageSize, 7, 5507, dest)
	wantValue(t, got, semconv.MessagesProcessed, 2, dest, status("acked"), semconv.MessagingOperationName.String("process"))
	for _, s := range []string{"nacked", "rejected", "skipped"} {
		wantValue(t, got, semconv.MessagesProcessed, 1, dest, status(s))
	}
	wantValue(t, got, semconv.MessagesProcessed, 2, dest, status("error"))
	wantValue(t, got, semconv.ProcessErrors, 1, dest, semconv.ErrorType.String("github.com/streamotel/streamotel/otelsensor.decodeError"))
	wantValue(t, got, semconv.ProcessErrors, 1, dest, semconv.ErrorType.String("unknown"))
	wantHistogram(t, got, semconv.ProcessDuration, 7, 1.5, dest, semconv.MessagingOperationName.String("process"))
	wantHistogram(t, got, semconv.ProcessDuration, 1, 1, dest, semconv.ErrorType.String("github.com/streamotel/streamotel/otelsensor.decodeError"))
}

func TestBatchingProducer(t *testing.T) {
	m, r, c := newMonitor(t)
	st := m.OnBatchStart(ctx, "clicks")
	c.advance(40 * time.Millisecond)
	m.OnBatchSent(ctx, "clicks", 500, 64000, st, nil)
	st = m.OnBatchStart(ctx, "clicks")
	c.advance(10 * time.Millisecond)
	m.OnBatchSent(ctx, "clicks", 20, 2000, st, decodeError{})
	m.OnThrottle(ctx, "clicks")
	m.OnThrottle(ctx, "clicks")
	m.OnProducerQueue(ctx, "clicks", 12)
	m.OnProducerQueue(ctx, "clicks", 3)
	m.OnProducerQueue(ctx, "clicks", -1) // not recorded

	got := collect(t, r)
	dest := topicAttr("clicks")
	send := semconv.MessagingOperationName.String("send")
	errType := semconv.ErrorType.String("github.com/streamotel/streamotel/otelsensor.decodeError")
	wantValue(t, got, semconv.SentMessages, 520, dest, send)
	wantValue(t, got, semconv.SentMessages, 20, dest, errType)
	wantValue(t, got, semconv.SendErrors, 20, dest, errType)
	wantValue(t, got, semconv.SentBytes, 64000, dest, send)
	wantValue(t, got, semconv.Throttles, 2, dest)
	wantValue(t, got, semconv.QueueSize, 3, dest, send)
	wantHistogram(t, got, semconv.BatchSize, 2, 520, dest)
	wantHistogram(t, got, semconv.BatchSize, 1, 20, errType)
	wantHistogram(t, got, semconv.OperationDuration, 2, 0.05, dest, send)
	wantValue(t, got, semconv.SendsActive, 0, dest) // a batch starts and ends in OnBatchSent
	if s := m.Snapshot(); s.MessagesSent != 520 || s.SendErrors != 20 {
		t.Errorf("snapshot sent %d, errors %d", s.MessagesSent, s.SendErrors)
	}
}

func TestBatchingConsumer(t *testing.T) {
	m, r, _ := newMonitor(t, WithSystem("aws_kinesis"))
	shard0, shard1 := TopicPartition{"clicks", 0}, TopicPartition{"clicks", 1}
	m.OnRecords(ctx, shard0, 100, 10000)
	m.OnRecords(ctx, shard0, 50, 5000)
	m.OnRecords(ctx, shard1, 1, 10)
	m.OnReceiveError(ctx, shard1, decodeError{})
	m.OnReceiveError(ctx, shard1, nil)
	m.OnCheckpoint(ctx, shard0, nil)
	m.OnCheckpoint(ctx, shard0, nil)
	m.OnCheckpoint(ctx, shard0, errors.New("lease lost"))
	m.OnIteratorAge(ctx, shard0, 2500*time.Millisecond)
	m.OnIteratorAge(ctx, shard1, -time.Second) // not recorded
	m.OnLag(ctx, shard0, 42)
	m.OnConsumerQueue(ctx, "clicks", 7)

	got := collect(t, r)
	p0, p1 := partAttr("0"), partAttr("1")
	wantValue(t, got, semconv.ConsumedMessages, 150, p0, semconv.MessagingSystem.String("aws_kinesis"))
	wantValue(t, got, semconv.ReceivedBytes, 15000, p0, semconv.MessagingOperationName.String("receive"))
	wantValue(t, got, semconv.ReceivedBytes, 10, p1)
	wantValue(t, got, semconv.ReceiveErrors, 1, p1, semconv.ErrorType.String("github.com/streamotel/streamotel/otelsensor.decodeError"))
	wantValue(t, got, semconv.ReceiveErrors, 1, p1, semconv.ErrorType.String("unknown"))
	wantValue(t, got, semconv.Checkpoints, 3, p0)
	wantValue(t, got, semconv.Checkpoints, 1, p0, semconv.ErrorType.String("*errors.errorString"))
	wantValue(t, got, semconv.IteratorAge, 2.5, p0)
	if _, ok := got.Value(semconv.IteratorAge, p1); ok {
		t.Error("negative iterator age recorded")
	}
	wantValue(t, got, semconv.ConsumerLag, 42, p0)
	wantValue(t, got, semconv.QueueSize, 7, topicAttr("clicks"), semconv.MessagingOperationName.String("receive"))

	// A rebalance forgets lag and iterator age, as it forgets offsets.
	m.OnRebalanceStart(ctx)
	got = collect(t, r)
	for _, name := range []string{semconv.IteratorAge, semconv.ConsumerLag} {
		if _, ok := got.Value(name); ok {
			t.Errorf("%s reported after a rebalance", name)
		}
	}
}

func TestShards(t *testing.T) {
	m, r, _ := newMonitor(t)
	m.OnShards(ctx, "clicks", 4, 0)
	m.OnReshard(ctx, "clicks")
	m.OnShards(ctx, "clicks", 8, 4)
	got := collect(t, r)
	wantValue(t, got, semconv.Shards, 8, topicAttr("clicks"), semconv.ShardState.String("active"))
	wantValue(t, got, semconv.Shards, 4, topicAttr("clicks"), semconv.ShardState.String("closed"))
	wantValue(t, got, semconv.ReshardEvents, 1, topicAttr("clicks"))
}

func TestStatsExport(t *testing.T) {
	reg, err := stats.New(stats.WithHistorySize(10))
	if err != nil {
		t.Fatal(err)
	}
	m, r, _ := newMonitor(t, WithStats(reg))
	m.Count(ctx, "orders", 2)
	reg.Incr("orders", 3) // the same count
	reg.Set("pool.size", 4.5)
	for i := 1; i <= 10; i++ {
		reg.Record("latency", float64(i))
	}
	m.Time("load").Stop()

	if m.Stats() != reg {
		t.Error("Stats is not the registry given")
	}
	got := collect(t, r)
	name := semconv.MetricName.String
	stat := semconv.MetricStatistic.String
	wantValue(t, got, semconv.MetricCounts, 5, name("orders"))
	wantValue(t, got, semconv.MetricValues, 4.5, name("pool.size"))
	wantValue(t, got, semconv.MetricRecorded, 5.5, name("latency"), stat("mean"))
	wantValue(t, got, semconv.MetricRecorded, 5, name("latency"), stat("p50"))
	wantValue(t, got, semconv.MetricRecorded, 10, name("latency"), stat("p99"))
	if v, ok := got.Value(semconv.MetricRecorded, name("load"), stat("p99")); !ok || v < 0 || v > 1 {
		t.Errorf("load p99 = %v (found %v)", v, ok)
	}
	if s := m.Snapshot(); s.MetricCounts["orders"] != 5 {
		t.Errorf("snapshot counts = %v", s.MetricCounts)
	}
}

// TestMonitorsApart runs two Monitors on one MeterProvider, each with its
// own attributes: their series stay apart.
func TestMonitorsApart(t *testing.T) {
	r := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	var mons []*Monitor
	for _, name := range []string{"ingest", "billing"} {
		m, err := New(WithMeterProvider(mp), WithAttributes(attribute.String("worker", name)))
		if err != nil {
			t.Fatal(err)
		}
		mons = append(mons, m)
	}
	mons[0].OnRecords(ctx, orders, 3, 30)
	mons[1].OnRecords(ctx, orders, 5, 50)
	mons[1].Count(ctx, "x", 1)
	got := collect(t, r)
	wantValue(t, got, semconv.ConsumedMessages, 3, attribute.String("worker", "ingest"))
	wantValue(t, got, semconv.ConsumedMessages, 5, attribute.String("worker", "billing"))
	wantValue(t, got, semconv.ConsumedMessages, 8)
	if _, ok := got.Value(semconv.MetricCounts, attribute.String("worker", "ingest")); ok {
		t.Error("a count of one Monitor shows in the other")
	}
}

func TestExtensionsAfterClose(t *testing.T) {
	m, r, _ := newMonitor(t)
	_ = m.Close()
	m.OnHandleEnd(ctx, "q", m.OnHandleStart(ctx, "q", 1), StatusAcked, nil)
	m.OnBatchSent(ctx, "s", 1, 1, m.OnBatchStart(ctx, "s"), nil)
	m.OnThrottle(ctx, "s")
	m.OnProducerQueue(ctx, "s", 1)
	m.OnRecords(ctx, orders, 1, 1)
	m.OnReceiveError(ctx, orders, nil)
	m.OnCheckpoint(ctx, orders, nil)
	m.OnIteratorAge(ctx, orders, time.Second)
	m.OnLag(ctx, orders, 1)
	m.OnConsumerQueue(ctx, "s", 1)
	m.OnShards(ctx, "s", 1, 1)
	m.OnReshard(ctx, "s")
	got := collect(t, r)
	if names := got.Names(); len(names) != 0 {
		for _, n := range names {
			if v, ok := got.Value(n); ok && v != 0 {
				t.Errorf("%s = %v after Close", n, v)
			}
			if h, ok := got.Histogram(n); ok && h.Count != 0 {
				t.Errorf("%s recorded after Close", n)
			}
		}
	}
}

// recorder is a sensor that implements only Sensor and HandlerSensor.
type recorder struct {
	Base
	mu    sync.Mutex
	calls []string
}

func (r *recorder) OnHandleEnd(_ context.Context, dest string, _ State, s Status, _ error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls = append(r.calls, dest+":"+s.String())
}

// plain implements Sensor only.
type plain struct{ Sensor }

func TestFanoutForwardsExtensions(t *testing.T) {
	m, r, _ := newMonitor(t)
	rec := &recorder{}
	f := NewFanout(plain{Nop()}, rec, m)
	var (
		h  HandlerSensor  = f
		p  ProducerSensor = f
		cs ConsumerSensor = f
		sh ShardSensor    = f
	)
	h.OnHandleEnd(ctx, "q", h.OnHandleStart(ctx, "q", 10), StatusNacked, nil)
	p.OnBatchSent(ctx, "s", 2, 20, p.OnBatchStart(ctx, "s"), nil)
	p.OnThrottle(ctx, "s")
	p.OnProducerQueue(ctx, "s", 4)
	cs.OnRecords(ctx, orders, 3, 30)
	cs.OnReceiveError(ctx, orders, nil)
	cs.OnCheckpoint(ctx, orders, nil)
	cs.OnIteratorAge(ctx, orders, time.Second)
	cs.OnLag(ctx, orders, 9)
	cs.OnConsumerQueue(ctx, "s", 5)
	sh.OnShards(ctx, "s", 2, 1)
	sh.OnReshard(ctx, "s")

	if len(rec.calls) != 1 || rec.calls[0] != "q:nacked" {
		t.Errorf("recorder saw %v", rec.calls)
	}
	got := collect(t, r)
	wantValue(t, got, semconv.MessagesProcessed, 1, status("nacked"))
	wantValue(t, got, semconv.SentBytes, 20)
	wantValue(t, got, semconv.Throttles, 1)
	wantValue(t, got, semconv.QueueSize, 9) // 4 sending, 5 receiving
	wantValue(t, got, semconv.ReceivedBytes, 30)
	wantValue(t, got, semconv.ReceiveErrors, 1)
	wantValue(t, got, semconv.Checkpoints, 1)
	wantValue(t, got, semconv.IteratorAge, 1)
	wantValue(t, got, semconv.ConsumerLag, 9)
	wantValue(t, got, semconv.Shards, 3)
	wantValue(t, got, semconv.ReshardEvents, 1)

	if !f.Remove(rec) {
		t.Fatal("Remove(recorder) = false")
	}
	h.OnHandleEnd(ctx, "q", State{}, StatusAcked, nil)
	if len(rec.calls) != 1 {
		t.Errorf("removed sensor still called: %v", rec.calls)
	}
}

func TestDefault(t *testing.T) {
	t.Cleanup(func() { SetDefault(nil) })
	if _, ok := Default().(nop); !ok {
		t.Fatalf("Default() = %T before SetDefault, want Nop", Default())
	}
	m, r, _ := newMonitor(t)
	SetDefault(m)
	Default().OnMessageIn(ctx, orders, 1)
	Default().(ConsumerSensor).OnRecords(ctx, orders, 2, 0)
	wantValue(t, collect(t, r), semconv.ConsumedMessages, 3)
	SetDefault(nil)
	if _, ok := Default().(nop); !ok {
		t.Errorf("Default() = %T after SetDefault(nil)", Default())
	}
}

// TestNopDoesNotTime checks that every start method of Nop, the extension
// interfaces' included, returns a started State without reading the clock,
// where Base times.
func TestNopDoesNotTime(t *testing.T) {
	starts := func(s Sensor) []State {
		return []State{
			s.OnMessageIn(ctx, orders, 1),
			s.OnStreamEventIn(ctx, orders, 1, agent),
			s.OnCommitInitiated(ctx),
			s.OnSendInitiated(ctx, "out", 1, 1),
			s.OnAssignmentStart(ctx),
			s.OnRebalanceStart(ctx),
			s.OnWebRequestStart(ctx, WebRequest{Method: "GET"}),
			s.(HandlerSensor).OnHandleStart(ctx, "q", 1),
			s.(ProducerSensor).OnBatchStart(ctx, "stream"),
		}
	}
	for i, st := range starts(Nop()) {
		if st != (State{untimed}) {
			t.Errorf("Nop start %d = %+v, want started and untimed", i, st)
		}
	}
	for i, st := range starts(Base{}) {
		if !st.Started() || st.start == untimed {
			t.Errorf("Base start %d = %+v, want a time", i, st)
		}
	}
}

func TestStatusString(t *testing.T) {
	for s, want := range map[Status]string{StatusAcked: "acked", StatusNacked: "nacked", StatusRejected: "rejected",
		StatusSkipped: "skipped", StatusError: "error", Status(200): "error"} {
		if s.String() != want {
			t.Errorf("Status(%d) = %q, want %q", s, s.String(), want)
		}
	}
}

// TestExtensionsDoNotAllocate checks the steady state: once a series exists,
// callbacks allocate nothing.
func TestExtensionsDoNotAllocate(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates")
	}
	m, _, _ := newMonitor(t)
	boom := decodeError{}
	var f Sensor = NewFanout(m, Nop())
	calls := map[string]func(){
		"OnHandle":        func() { m.OnHandleEnd(ctx, "q", m.OnHandleStart(ctx, "q", 10), StatusAcked, nil) },
		"OnHandle error":  func() { m.OnHandleEnd(ctx, "q", m.OnHandleStart(ctx, "q", 10), StatusError, boom) },
		"OnBatchSent":     func() { m.OnBatchSent(ctx, "s", 10, 100, m.OnBatchStart(ctx, "s"), nil) },
		"OnBatchSent err": func() { m.OnBatchSent(ctx, "s", 10, 100, m.OnBatchStart(ctx, "s"), boom) },
		"OnThrottle":      func() { m.OnThrottle(ctx, "s") },
		"OnProducerQueue": func() { m.OnProducerQueue(ctx, "s", 3) },
		"OnRecords":       func() { m.OnRecords(ctx, orders, 10, 100) },
		"OnReceiveError":  func() { m.OnReceiveError(ctx, orders, boom) },
		"OnCheckpoint":    func() { m.OnCheckpoint(ctx, orders, nil) },
		"OnIteratorAge":   func() { m.OnIteratorAge(ctx, orders, time.Second) },
		"OnLag":           func() { m.OnLag(ctx, orders, 5) },
		"OnConsumerQueue": func() { m.OnConsumerQueue(ctx, "s", 3) },
		"OnShards":        func() { m.OnShards(ctx, "s", 2, 1) },
		"OnReshard":       func() { m.OnReshard(ctx, "s") },
		"Count":           func() { m.Count(ctx, "x", 1) },
		"Time":            func() { m.Time("t").Stop() },
		"Fanout":          func() { f.(ConsumerSensor).OnRecords(ctx, orders, 1, 1) },
		"Default":         func() { Default().(HandlerSensor).OnHandleStart(ctx, "q", 1) },
	}
	for name, call := range calls {
		call() // create the series
		if n := testing.AllocsPerRun(200, call); n != 0 {
			t.Errorf("%s allocates %v times per call", name, n)
		}
	}
}

// TestExtensionsConcurrently counts from many goroutines at once: no count
// is lost. Run it with -race.
func TestExtensionsConcurrently(t *testing.T) {
	m, r, _ := newMonitor(t)
	const goroutines, perG = 8, 2000
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			tp := TopicPartition{Topic: "clicks", Partition: int32(g % 2)}
			for range perG {
				m.OnRecords(ctx, tp, 2, 10)
				m.OnHandleEnd(ctx, "q", m.OnHandleStart(ctx, "q", 1), StatusAcked, nil)
				m.OnBatchSent(ctx, "out", 3, 30, State{}, nil)
				m.OnCheckpoint(ctx, tp, nil)
			}
		})
	}
	wg.Wait()
	got := collect(t, r)
	n := float64(goroutines * perG)
	wantValue(t, got, semconv.ConsumedMessages, 2*n+n) // records plus handled messages
	wantValue(t, got, semconv.ReceivedBytes, 10*n)
	wantValue(t, got, semconv.MessagesProcessed, n)
	wantValue(t, got, semconv.MessagesActive, 0)
	wantValue(t, got, semconv.SentMessages, 3*n)
	wantValue(t, got, semconv.SentBytes, 30*n)
	wantValue(t, got, semconv.Checkpoints, n)
}

func TestHandlerErrorTypesAreBounded(t *testing.T) {
	m, r, _ := newMonitor(t)
	for i := range maxErrorTypes + 5 {
		m.OnHandleEnd(ctx, "q", m.OnHandleStart(ctx, "q", 1), StatusError, errorString(fmt.Sprint("E", i)))
	}
	got := collect(t, r)
	if n := len(got.Attributes(semconv.ProcessErrors)); n != maxErrorTypes+1 {
		t.Errorf("%d error series, want %d and _OTHER", n, maxErrorTypes)
	}
	wantValue(t, got, semconv.ProcessErrors, 5, semconv.ErrorType.String("_OTHER"))
}

// BenchmarkExtensions compares extension callbacks with Count, the
// simplest Monitor method, as the baseline.
func BenchmarkExtensions(b *testing.B) {
	r := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	defer mp.Shutdown(ctx)
	m, err := New(WithMeterProvider(mp))
	if err != nil {
		b.Fatal(err)
	}
	shard := TopicPartition{Topic: "clicks", Partition: 1}
	for _, bc := range []struct {
		name string
		f    func()
	}{
		{"baseline=Count", func() { m.Count(ctx, "n", 1) }},
		{"OnRecords", func() { m.OnRecords(ctx, shard, 100, 1000) }},
		{"OnIteratorAge", func() { m.OnIteratorAge(ctx, shard, time.Second) }},
		{"OnBatchSent", func() { m.OnBatchSent(ctx, "clicks", 500, 5000, m.OnBatchStart(ctx, "clicks"), nil) }},
		{"OnHandle", func() { m.OnHandleEnd(ctx, "q", m.OnHandleStart(ctx, "q", 10), StatusAcked, nil) }},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.f()
			}
		})
	}
}

// TestFanoutExtensionsWhileChanging adds and removes sensors while
// extension callbacks run. Run it with -race.
func TestFanoutExtensionsWhileChanging(t *testing.T) {
	m, r, _ := newMonitor(t)
	f := NewFanout(m)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			rec := &recorder{}
			f.Add(rec)
			f.Remove(rec)
		}
	})
	const n = 5000
	for range n {
		f.OnRecords(ctx, orders, 1, 1)
	}
	close(stop)
	wg.Wait()
	wantValue(t, collect(t, r), semconv.ConsumedMessages, n)
	if len(f.Sensors()) != 1 || len(f.extensions().consumers) != 1 {
		t.Errorf("after the churn: %d sensors, %d consumers", len(f.Sensors()), len(f.extensions().consumers))
	}
}
