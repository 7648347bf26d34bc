package natssensor

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/streamotel/streamotel/otelsensor"
)

// newStream makes the stream ORDERS (subjects orders.>) with the durable
// consumer audit, whose unacknowledged messages come back after ackWait.
func newStream(t *testing.T, js jetstream.JetStream, ackWait time.Duration) jetstream.Consumer {
	t.Helper()
	ctx := context.Background()
	if _, err := js.CreateStream(ctx, jetstream.StreamConfig{Name: "ORDERS", Subjects: []string{"orders.>"}}); err != nil {
		t.Fatal(err)
	}
	cons, err := js.CreateConsumer(ctx, "ORDERS", jetstream.ConsumerConfig{
		Durable: "audit", AckPolicy: jetstream.AckExplicitPolicy, AckWait: ackWait,
	})
	if err != nil {
		t.Fatal(err)
	}
	return cons
}

// waitForPending waits until the server counts n messages pending for
// cons: it counts them a moment after it stored them, and a message
// delivered before then carries the count of that moment.
func waitForPending(t *testing.T, cons jetstream.Consumer, n uint64) {
	t.Helper()
	waitFor(t, "the pending messages", func() bool {
		info, err := cons.Info(context.Background())
		return err == nil && info.NumPending == n
	})
}

var errHandler = errors.New("handler failed")

// settleBySequence settles a message by its stream sequence on its first
// delivery: sequence%5 0 naks, 1 terms, 2 returns an error, 3 leaves it
// unsettled, 4 acks. It acks every redelivery.
func settleBySequence(m jetstream.Msg) error {
	meta, err := m.Metadata()
	if err != nil {
		return err
	}
	if meta.NumDelivered > 1 {
		return m.Ack()
	}
	switch meta.Sequence.Stream % 5 {
	case 0:
		return m.Nak()
	case 1:
		return m.Term()
	case 2:
		return errHandler
	case 3:
		return nil
	}
	return m.Ack()
}

func TestHandlerStatusesAndLag(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	nc := connect(t, srv)
	rec := newRecorder()
	sensor := otelsensor.NewSensor(rec)
	js, err := NewJetStream(sensor, nc)
	if err != nil {
		t.Fatal(err)
	}
	cons := newStream(t, js, 300*time.Millisecond)
	ctx := context.Background()
	const n = 20
	for i := range n {
		if _, err := js.Publish(ctx, "orders.created", []byte{byte(i)}); err != nil {
			t.Fatal(err)
		}
	}

	waitForPending(t, cons, n)

	handle := HandlerFunc(sensor, settleBySequence)
	tp := otelsensor.TopicPartition{Topic: "ORDERS"}
	handled := 0
	for handled < n+12 { // 12 redeliveries: the naked, failed and unsettled ones
		batch, err := cons.Fetch(4, jetstream.FetchMaxWait(2*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for m := range batch.Messages() {
			handle(m)
			got++
		}
		if err := batch.Error(); err != nil {
			t.Fatal(err)
		}
		if got == 0 {
			continue
		}
		handled += got
		info, err := cons.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		rec.mu.Lock()
		lag := rec.lag[tp]
		rec.mu.Unlock()
		if lag != int64(info.NumPending) {
			t.Fatalf("after %d messages: lag %d, consumer's NumPending %d", handled, lag, info.NumPending)
		}
	}

	defer rec.lock()()
	want := map[otelsensor.Status]int{
		otelsensor.StatusAcked:    4 + 12,
		otelsensor.StatusNacked:   4,
		otelsensor.StatusRejected: 4,
		otelsensor.StatusError:    4,
		otelsensor.StatusSkipped:  4,
	}
	for status, count := range want {
		if got := rec.handled["ORDERS"][status]; got != count {
			t.Errorf("%v: %d messages, want %d", status, got, count)
		}
	}
	if rec.active != 0 {
		t.Errorf("%d messages still in process", rec.active)
	}
	if got := rec.redelivered[tp]; got != 12 {
		t.Errorf("redelivered %d, want 12", got)
	}
	if got := rec.handleErrs["untyped"]; got != 4 {
		t.Errorf("handler errors %v, want 4 of errHandler", rec.handleErrs)
	}
	if got := rec.lag[tp]; got != 0 {
		t.Errorf("final lag %d, want 0", got)
	}
	if age := rec.age[tp]; age <= 0 || age > time.Minute {
		t.Errorf("age %v of the last message, want a positive duration below a minute", age)
	}
}

func TestConsumeErrHandler(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	rec := newRecorder()
	sensor := otelsensor.NewSensor(rec)
	js, err := jetstream.New(connect(t, srv))
	if err != nil {
		t.Fatal(err)
	}
	cons := newStream(t, js, time.Minute)
	userErrs := make(chan error, 10)
	cc, err := cons.Consume(Handler(sensor, ack), ConsumeErrHandler(sensor, cons,
		func(_ jetstream.ConsumeContext, err error) { userErrs <- err }))
	if err != nil {
		t.Fatal(err)
	}
	defer cc.Stop()
	// One message handled: the consumer's pull request waits at the server,
	// which answers it when the consumer is deleted.
	if _, err := js.Publish(context.Background(), "orders.created", nil); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "a message handled", func() bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return rec.handled["ORDERS"][otelsensor.StatusAcked] == 1
	})
	if err := js.DeleteConsumer(context.Background(), "ORDERS", "audit"); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-userErrs:
		if !errors.Is(err, jetstream.ErrConsumerDeleted) {
			t.Fatalf("the application's handler got %v, want the consumer deleted", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no error reached the application's handler")
	}
	defer rec.lock()()
	if got := rec.receiveErrs["ORDERS consumer_deleted"]; got != 1 {
		t.Errorf("receive errors %v, want one consumer_deleted for ORDERS", rec.receiveErrs)
	}
}

func TestPollConsumer(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	rec := newRecorder()
	sensor := otelsensor.NewSensor(rec)
	js, err := jetstream.New(connect(t, srv))
	if err != nil {
		t.Fatal(err)
	}
	cons := newStream(t, js, time.Minute)
	stop := PollConsumer(sensor, cons, time.Hour)
	tp := otelsensor.TopicPartition{Topic: "ORDERS"}
	lag := func() (int64, int) {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		return rec.lag[tp], rec.lags
	}
	for range 7 {
		if _, err := js.Publish(context.Background(), "orders.created", nil); err != nil {
			t.Fatal(err)
		}
	}
	waitForPending(t, cons, 7)
	rec.collect()
	if got, reads := lag(); got != 7 || reads != 1 {
		t.Fatalf("lag %d after %d reads, want 7 after 1", got, reads)
	}
	if _, err := js.Publish(context.Background(), "orders.created", nil); err != nil {
		t.Fatal(err)
	}
	rec.collect() // within the hour: not read again
	if got, reads := lag(); got != 7 || reads != 1 {
		t.Errorf("lag %d after %d reads, want 7 after 1: read again within its interval", got, reads)
	}
	stop()
	rec.collect()
	if _, reads := lag(); reads != 1 {
		t.Errorf("%d reads, want 1: read after it was stopped", reads)
	}

	// Two messages delivered and not acknowledged: pending, no longer lag.
	defer PollConsumer(sensor, cons, 0)()
	batch, err := cons.Fetch(2)
	if err != nil {
		t.Fatal(err)
	}
	for range batch.Messages() {
	}
	waitFor(t, "two messages waiting for their acks", func() bool {
		info, err := cons.Info(context.Background())
		return err == nil && info.NumAckPending == 2
	})
	rec.collect()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.lag[tp] != 6 || rec.pending[tp] != 2 {
		t.Errorf("lag %d and pending %d, want 6 and 2", rec.lag[tp], rec.pending[tp])
	}
}

// TestParseReplyMatchesMetadata checks parseReply against nats.go's own
// parser on messages of a real server.
func TestParseReplyMatchesMetadata(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	js, err := jetstream.New(connect(t, srv))
	if err != nil {
		t.Fatal(err)
	}
	cons := newStream(t, js, time.Minute)
	ctx := context.Background()
	for range 3 {
		if _, err := js.Publish(ctx, "orders.created", nil); err != nil {
			t.Fatal(err)
		}
	}
	batch, err := cons.Fetch(3)
	if err != nil {
		t.Fatal(err)
	}
	for m := range batch.Messages() {
		meta, err := m.Metadata()
		if err != nil {
			t.Fatal(err)
		}
		got, ok := parseReply(m.Reply())
		want := metadata{meta.Stream, meta.Consumer, meta.NumDelivered, meta.Sequence.Stream, meta.NumPending, meta.Timestamp.UnixNano()}
		if !ok || got != want {
			t.Errorf("parseReply(%q) = %+v, %v; Metadata says %+v", m.Reply(), got, ok, want)
		}
	}
}

func TestHandlerInProgressStaysInProcess(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	rec := newRecorder()
	sensor := otelsensor.NewSensor(rec)
	js, err := jetstream.New(connect(t, srv))
	if err != nil {
		t.Fatal(err)
	}
	cons := newStream(t, js, time.Minute)
	if _, err := js.Publish(context.Background(), "orders.created", nil); err != nil {
		t.Fatal(err)
	}
	var kept jetstream.Msg
	handle := Handler(sensor, func(m jetstream.Msg) {
		if err := m.InProgress(); err != nil {
			t.Error(err)
		}
		kept = m
	})
	batch, err := cons.Fetch(1)
	if err != nil {
		t.Fatal(err)
	}
	for m := range batch.Messages() {
		handle(m)
	}
	rec.mu.Lock()
	active, acked := rec.active, rec.handled["ORDERS"][otelsensor.StatusAcked]
	rec.mu.Unlock()
	if active != 1 || acked != 0 {
		t.Fatalf("in progress after the handler returned: %d active, %d acked; want 1, 0", active, acked)
	}
	done := make(chan error)
	go func() { done <- kept.Ack() }() // settled later, elsewhere
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	defer rec.lock()()
	if rec.active != 0 || rec.handled["ORDERS"][otelsensor.StatusAcked] != 1 {
		t.Errorf("after the later Ack: %d active, %v; want 0 and one acked", rec.active, rec.handled)
	}
}

func TestHandlerPanicIsAnError(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	rec := newRecorder()
	sensor := otelsensor.NewSensor(rec)
	nc := connect(t, srv)
	handle := MsgHandler(sensor, func(*nats.Msg) { panic("boom") })
	sub, err := nc.SubscribeSync("jobs.*")
	if err != nil {
		t.Fatal(err)
	}
	if err := nc.Publish("jobs.1", []byte("x")); err != nil {
		t.Fatal(err)
	}
	m, err := sub.NextMsg(5 * time.Second)
	if err != nil {
		t.Fatal(err)
	}
	func() {
		defer func() {
			if v := recover(); v != "boom" {
				t.Errorf("recovered %v, want the handler's panic", v)
			}
		}()
		handle(m)
	}()
	defer rec.lock()()
	if got := rec.handled["jobs.*"][otelsensor.StatusError]; got != 1 {
		t.Errorf("handled %v, want one error under the subscription's pattern jobs.*", rec.handled)
	}
	if got := rec.handleErrs["panic"]; got != 1 {
		t.Errorf("errors %v, want one panic", rec.handleErrs)
	}
}
