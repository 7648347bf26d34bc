package kgosensor_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/plugin/kotel"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	"go.opentelemetry.io/otel/trace"

	"github.com/streamotel/streamotel/contrib/kgosensor"
	"github.com/streamotel/streamotel/semconv"
)

// errInvalid is the processing error of the tests, of error.type
// invalid_order.
var errInvalid error = invalidOrder{}

type invalidOrder struct{}

func (invalidOrder) Error() string     { return "invalid order" }
func (invalidOrder) ErrorType() string { return "invalid_order" }

// TestConsumeProduceCommitLag produces 40 records over 4 partitions,
// consumes 34 of them one poll at a time, fails every tenth, commits, and
// checks what the Monitor's Snapshot and the exported metrics hold against
// what happened, and its lag against kadm.Lag.
func TestConsumeProduceCommitLag(t *testing.T) {
	const produced, consumed = 40, 34 // 34 > 3×10: every partition delivered some
	c := startCluster(t)
	in := newInstrumented(t)
	prod := newClient(t, c, kgosensor.New(in.sensor))
	produce(t, prod, produced)

	hooks := kgosensor.New(in.sensor)
	cons := newClient(t, c, hooks, consumer()...)
	ctx := context.Background()
	var next [partitions]int64 // per partition, the offset after the last consumed
	var read, failed int
	for read < consumed {
		fetches := cons.PollRecords(ctx, 1)
		hooks.Fetched(ctx, fetches)
		fetches.EachRecord(func(r *kgo.Record) {
			read++
			next[r.Partition] = r.Offset + 1
			var err error
			if read%10 == 0 {
				err, failed = errInvalid, failed+1
			}
			hooks.Processed(r, err)
		})
	}
	if err := cons.CommitUncommittedOffsets(ctx); err != nil {
		t.Fatal(err)
	}

	s := in.mon.Snapshot()
	if s.MessagesReceivedTotal != consumed || s.MessagesSent != produced || s.SendErrors != 0 || s.EventsErrors != int64(failed) {
		t.Errorf("snapshot: received %d sent %d (%d errors), %d events failed; want %d, %d (0), %d",
			s.MessagesReceivedTotal, s.MessagesSent, s.SendErrors, s.EventsErrors, consumed, produced, failed)
	}
	if s.MessagesActive != 0 {
		t.Errorf("snapshot: %d messages active after Processed", s.MessagesActive)
	}
	if len(s.CommitLatency) == 0 {
		t.Error("snapshot: no commit latency")
	}
	kadmLag := groupLag(t, c)
	m := in.metrics(t)
	for p := range int32(partitions) {
		end, want := int64(produced/partitions), next[p]
		pa := semconv.MessagingDestinationPartition.String(strconv.Itoa(int(p)))
		if got := s.TopicReadOffsets[topic][p]; got != want-1 {
			t.Errorf("partition %d: read offset %d, want %d", p, got, want-1)
		}
		if got := s.TopicCommittedOffsets[topic][p]; got != want {
			t.Errorf("partition %d: committed %d, want %d", p, got, want)
		}
		if got := s.TopicEndOffsets[topic][p]; got != end {
			t.Errorf("partition %d: end offset %d, want %d", p, got, end)
		}
		if got := s.TopicLag[topic][p]; got != end-want || got != kadmLag[p] {
			t.Errorf("partition %d: lag %d, want %d, kadm says %d", p, got, end-want, kadmLag[p])
		}
		for name, want := range map[string]int64{
			semconv.CommittedOffset: want, semconv.EndOffset: end, semconv.ConsumerLag: end - want,
		} {
			if got, ok := m.Value(name, pa); !ok || got != float64(want) {
				t.Errorf("partition %d: exported %s = %v (%v), want %d", p, name, got, ok, want)
			}
		}
	}
	if got, _ := m.Value(semconv.ConsumedMessages); got != consumed {
		t.Errorf("exported %s = %v, want %d", semconv.ConsumedMessages, got, consumed)
	}
	if got, _ := m.Value(semconv.SentMessages); got != produced {
		t.Errorf("exported %s = %v, want %d", semconv.SentMessages, got, produced)
	}
	if h, _ := m.Histogram(semconv.ProcessDuration); h.Count != consumed {
		t.Errorf("exported %s count = %d, want %d", semconv.ProcessDuration, h.Count, consumed)
	}
	if h, _ := m.Histogram(semconv.ProcessDuration, semconv.ErrorType.String("invalid_order")); h.Count != uint64(failed) {
		t.Errorf("exported %s count with error.type = %d, want %d", semconv.ProcessDuration, h.Count, failed)
	}
}

// TestNextPollEndsProcessing checks that records not passed to Processed
// are done, without error, when the client polls again.
func TestNextPollEndsProcessing(t *testing.T) {
	c := startCluster(t)
	in := newInstrumented(t)
	produce(t, newClient(t, c, nil), 8)
	hooks := kgosensor.New(in.sensor)
	cons := newClient(t, c, hooks, consumer()...)
	ctx := context.Background()
	read := 0
	for read < 8 {
		n := cons.PollFetches(ctx).NumRecords()
		read += n
		if s := in.mon.Snapshot(); s.MessagesActive != int64(n) || s.EventsActive != int64(n) {
			t.Fatalf("after a poll of %d records: %d messages, %d events active", n, s.MessagesActive, s.EventsActive)
		}
	}
	ctx2, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	cons.PollFetches(ctx2)
	if s := in.mon.Snapshot(); s.MessagesActive != 0 || s.EventsActive != 0 || s.EventsTotal != 8 || s.EventsErrors != 0 {
		t.Errorf("after the next poll: %d messages, %d events active, %d events (%d failed)", s.MessagesActive, s.EventsActive, s.EventsTotal, s.EventsErrors)
	}
}

// assigned returns the partitions of topic that kadm says the member of
// client cl owns.
func assigned(t *testing.T, adm *kadm.Client, cl *kgo.Client) map[int32]bool {
	t.Helper()
	groups, err := adm.DescribeGroups(context.Background(), groupName)
	if err != nil {
		t.Fatal(err)
	}
	member, _ := cl.GroupMetadata()
	out := map[int32]bool{}
	for _, m := range groups[groupName].Members {
		if m.MemberID != member {
			continue
		}
		if ca, ok := m.Assigned.AsConsumer(); ok {
			for _, tp := range ca.Topics {
				for _, p := range tp.Partitions {
					out[p] = true
				}
			}
		}
	}
	return out
}

// TestRebalanceForgetsLostPartitions lets a second member join the group
// and leave it, and checks that the first member's Monitor counted the
// rebalances and holds series only for the partitions it owns.
func TestRebalanceForgetsLostPartitions(t *testing.T) {
	c := startCluster(t)
	in := newInstrumented(t)
	prod := newClient(t, c, nil)
	produce(t, prod, 8)
	hooks := kgosensor.New(in.sensor)
	a := newClient(t, c, hooks, consumer()...)
	adm := kadm.NewClient(newClient(t, c, nil))

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	polled := make(chan struct{})
	go func() {
		defer close(polled)
		for ctx.Err() == nil {
			fetches := a.PollFetches(ctx)
			hooks.Fetched(ctx, fetches)
			if fetches.NumRecords() > 0 {
				_ = a.CommitUncommittedOffsets(ctx)
			}
		}
	}()
	// owns waits until a's Monitor has partition series exactly for the
	// partitions a owns, count of them, with lag 0.
	owns := func(what string, count int) {
		t.Helper()
		waitFor(t, what, func() bool {
			produce(t, prod, partitions) // every partition fetched again
			own := assigned(t, adm, a)
			s := in.mon.Snapshot()
			if len(own) != count || len(s.TopicEndOffsets[topic]) != count || len(s.TopicCommittedOffsets[topic]) != count {
				return false
			}
			for p := range s.TopicEndOffsets[topic] {
				if _, ok := s.TopicCommittedOffsets[topic][p]; !ok || !own[p] {
					return false
				}
			}
			return true
		})
	}
	owns("the only member's series", partitions)
	first := in.mon.Snapshot().Rebalances
	if first < 1 {
		t.Errorf("%d rebalances after joining", first)
	}

	b := newClient(t, c, nil, consumer()...)
	go func() {
		for ctx.Err() == nil && b.PollFetches(ctx).Err() == nil {
		}
	}()
	owns("series of half the partitions after a second member joined", partitions/2)
	joined := in.mon.Snapshot().Rebalances
	if joined <= first {
		t.Errorf("%d rebalances after a member joined, %d before", joined, first)
	}
	m := in.metrics(t)
	if got := len(m.Attributes(semconv.EndOffset)); got != partitions/2 {
		t.Errorf("exported %d %s series, want %d", got, semconv.EndOffset, partitions/2)
	}

	b.Close()
	owns("every partition's series after the member left", partitions)
	if left := in.mon.Snapshot().Rebalances; left <= joined {
		t.Errorf("%d rebalances after a member left, %d before", left, joined)
	}
	cancel()
	<-polled
}

// TestProduceErrorByKafkaName produces to a topic that does not exist on a
// cluster that does not create topics, and checks that the error is
// counted with its Kafka error code's name.
func TestProduceErrorByKafkaName(t *testing.T) {
	c := startCluster(t)
	in := newInstrumented(t)
	prod := newClient(t, c, kgosensor.New(in.sensor), kgo.RecordDeliveryTimeout(2*time.Second))
	err := prod.ProduceSync(context.Background(), &kgo.Record{Topic: "missing", Value: []byte("x")}).FirstErr()
	if err == nil {
		t.Fatal("produced to a missing topic")
	}
	if s := in.mon.Snapshot(); s.SendErrors != 1 || s.MessagesSent != 1 {
		t.Errorf("snapshot: %d send errors of %d sent; want 1 of 1", s.SendErrors, s.MessagesSent)
	}
	m := in.metrics(t)
	name := semconv.ErrorType.String("UNKNOWN_TOPIC_OR_PARTITION")
	if got, ok := m.Value(semconv.SentMessages, name); !ok || got != 1 {
		t.Errorf("exported %s with %v = %v (%v), want 1; error types: %v", semconv.SentMessages, name, got, ok, m.Attributes(semconv.SentMessages))
	}
}

// TestExemplarsCarryProducersTrace produces records carrying the W3C
// traceparent of a sampled span, and checks that the exemplars of
// messaging.process.duration carry that span's trace ID, and that
// WithoutTraceContext leaves them out.
func TestExemplarsCarryProducersTrace(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []kgosensor.Option
		want bool
	}{{"default", nil, true}, {"WithoutTraceContext", []kgosensor.Option{kgosensor.WithoutTraceContext()}, false}} {
		t.Run(tc.name, func(t *testing.T) {
			c := startCluster(t)
			in := newInstrumented(t)
			sc := trace.NewSpanContext(trace.SpanContextConfig{
				TraceID:    trace.TraceID{0x4b, 0xf9, 0x2f, 0x35, 0x77, 0xb3, 0x4d, 0xa6, 0xa3, 0xce, 0x92, 0x9d, 0x0e, 0x0e, 0x47, 0x36},
				SpanID:     trace.SpanID{0x00, 0xf0, 0x67, 0xaa, 0x0b, 0xa9, 0x02, 0xb7},
				TraceFlags: trace.FlagsSampled,
			})
			pctx := trace.ContextWithSpanContext(context.Background(), sc)
			prod := newClient(t, c, nil)
			for range 4 {
				r := &kgo.Record{Topic: topic, Value: []byte("traced")}
				propagation.TraceContext{}.Inject(pctx, kotel.NewRecordCarrier(r))
				if err := prod.ProduceSync(pctx, r).FirstErr(); err != nil {
					t.Fatal(err)
				}
			}
			hooks := kgosensor.New(in.sensor, tc.opts...)
			cons := newClient(t, c, hooks, consumer()...)
			ctx := context.Background()
			for read := 0; read < 4; {
				fetches := cons.PollFetches(ctx)
				fetches.EachRecord(func(r *kgo.Record) {
					read++
					if got := trace.SpanContextFromContext(r.Context).TraceID(); (got == sc.TraceID()) != tc.want {
						t.Errorf("record context has trace %s", got)
					}
					hooks.Processed(r, nil)
				})
			}
			md, ok := in.metrics(t).Metric(semconv.ProcessDuration)
			if !ok {
				t.Fatalf("no %s", semconv.ProcessDuration)
			}
			var exemplars int
			for _, dp := range md.Data.(metricdata.Histogram[float64]).DataPoints {
				for _, ex := range dp.Exemplars {
					exemplars++
					if trace.TraceID(ex.TraceID) != sc.TraceID() {
						t.Errorf("exemplar of trace %x, want %s", ex.TraceID, sc.TraceID())
					}
				}
			}
			if (exemplars > 0) != tc.want {
				t.Errorf("%d exemplars", exemplars)
			}
		})
	}
}

// TestGroupLagReadsEveryPartition consumes with two members and checks that
// the Monitor of the one made WithGroupLag has the lag of every partition
// of the group, the other member's included, as kadm.Lag does.
func TestGroupLagReadsEveryPartition(t *testing.T) {
	c := startCluster(t)
	in := newInstrumented(t)
	produce(t, newClient(t, c, nil), 40)
	a := newClient(t, c, kgosensor.New(in.sensor, kgosensor.WithGroupLag(time.Millisecond)), consumer()...)
	b := newClient(t, c, nil, consumer()...)
	ctx := context.Background()
	for _, cl := range []*kgo.Client{a, b} {
		pctx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
		cl.PollFetches(pctx)
		cancel()
		if err := cl.CommitUncommittedOffsets(ctx); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "the lag of every partition", func() bool {
		return len(in.mon.Snapshot().TopicLag[topic]) == partitions
	})
	want := groupLag(t, c)
	s := in.mon.Snapshot()
	for p, lag := range want {
		if s.TopicLag[topic][p] != lag {
			t.Errorf("partition %d: lag %d, kadm says %d", p, s.TopicLag[topic][p], lag)
		}
	}
}
