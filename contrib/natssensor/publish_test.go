package natssensor

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"go.opentelemetry.io/otel/attribute"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

func TestPublishErrorTypes(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	nc := connect(t, srv)
	rec := newRecorder()
	sensor := otelsensor.NewSensor(rec)
	js, err := NewJetStream(sensor, nc)
	if err != nil {
		t.Fatal(err)
	}
	newStream(t, js, time.Minute)
	ctx := context.Background()
	conn := WrapConn(sensor, nc)

	publishes := []struct {
		name    string
		publish func() error
		errType string // "" for a success
	}{
		{"jetstream", func() error { _, err := js.Publish(ctx, "orders.created", nil); return err }, ""},
		{"jetstream msg", func() error { _, err := js.PublishMsg(ctx, &nats.Msg{Subject: "orders.created"}); return err }, ""},
		{"no stream", func() error { _, err := js.Publish(ctx, "nowhere", nil); return err }, "no_stream_response"},
		{"api error", func() error {
			_, err := js.Publish(ctx, "orders.created", nil, jetstream.WithExpectLastSequence(99))
			return err
		}, "wrong_last_sequence"},
		{"core", func() error { return conn.Publish("orders.created", nil) }, ""},
		{"core msg", func() error { return conn.PublishMsg(&nats.Msg{Subject: "events.x"}) }, ""},
		{"bad subject", func() error { return conn.Publish("", nil) }, "bad_subject"},
		{"max payload", func() error {
			return conn.Publish("events.x", make([]byte, nc.MaxPayload()+1))
		}, "max_payload"},
	}
	for _, p := range publishes {
		err := p.publish()
		if (err != nil) != (p.errType != "") {
			t.Errorf("%s: error %v", p.name, err)
		}
	}

	defer rec.lock()()
	wantErrs := map[string]int{}
	for _, p := range publishes {
		if p.errType != "" {
			wantErrs[p.errType]++
		}
	}
	for typ, n := range wantErrs {
		if rec.sendErrs[typ] != n {
			t.Errorf("error.type %q: %d sends, want %d (all: %v)", typ, rec.sendErrs[typ], n, rec.sendErrs)
		}
	}
	if len(rec.sendErrs) != len(wantErrs) {
		t.Errorf("send errors %v, want %v", rec.sendErrs, wantErrs)
	}
	if rec.sent["orders.created"] != 3 || rec.sent["events.x"] != 1 {
		t.Errorf("sent %v, want 3 to orders.created and 1 to events.x", rec.sent)
	}
	if want := []int64{1, 2, -1, -1}; !equal(rec.offsets, want) {
		t.Errorf("offsets %v, want %v: stream sequences, -1 for core NATS", rec.offsets, want)
	}
	if rec.sending != 0 {
		t.Errorf("%d sends still in progress", rec.sending)
	}
}

func TestPublishDestination(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	rec := newRecorder()
	conn := WrapConn(otelsensor.NewSensor(rec), connect(t, srv),
		WithPublishDestination(func(subject string) string { return subject[:strings.LastIndexByte(subject, '.')+1] + "*" }))
	for _, id := range []string{"1", "2", "3"} {
		if err := conn.Publish("orders."+id, nil); err != nil {
			t.Fatal(err)
		}
	}
	defer rec.lock()()
	if rec.sent["orders.*"] != 3 || len(rec.sent) != 1 {
		t.Errorf("sent %v, want 3 under orders.*", rec.sent)
	}
}

func equal(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestPublishAsyncServerStopped publishes asynchronously before, while and
// after the server is down: the publishes made while it is down fail by the
// ack timeout, nothing hangs, and the totals add up once it is back.
func TestPublishAsyncServerStopped(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, dir, 0)
	port := portOf(srv)
	nc := connect(t, srv)
	rec := newRecorder()
	mon, reader := newMonitor(t)
	sensor := otelsensor.NewSensor(rec, mon)
	userAcks, userErrs := 0, 0
	js, err := NewJetStream(sensor, nc,
		WithJetStreamOptions(jetstream.WithPublishAsyncTimeout(300*time.Millisecond)),
		WithPublishAsyncHandlers(
			func(jetstream.JetStream, *nats.Msg, *jetstream.PubAck) { userAcks++ },
			func(jetstream.JetStream, *nats.Msg, error) { userErrs++ }))
	if err != nil {
		t.Fatal(err)
	}
	newStream(t, js, time.Minute)

	publish := func(n int) {
		t.Helper()
		for range n {
			if _, err := js.PublishAsync("orders.created", []byte("x")); err != nil {
				t.Fatal(err)
			}
		}
		select {
		case <-js.PublishAsyncComplete():
		case <-time.After(10 * time.Second):
			t.Fatalf("%d async publishes still pending after 10s", js.PublishAsyncPending())
		}
	}

	publish(10)
	srv.Shutdown()
	srv.WaitForShutdown()
	waitFor(t, "the client to see the server gone", func() bool { return nc.Status() != nats.CONNECTED })
	// Buffered by the client; each fails, by the ack timeout or, when the
	// client resets its pending acks for the lost connection after they
	// were published, as disconnected.
	publish(5)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	_, err = js.Publish(ctx, "orders.created", nil)
	cancel()
	if err == nil {
		t.Fatal("a synchronous publish while the server is down succeeded")
	}

	startServer(t, dir, port)
	waitFor(t, "the client to reconnect", func() bool { return nc.Status() == nats.CONNECTED })
	publish(10)

	rec.mu.Lock()
	defer rec.mu.Unlock()
	if rec.sent["orders.created"] != 20 {
		t.Errorf("sent %v, want 20 acknowledged", rec.sent)
	}
	asyncErrs := rec.sendErrs["async_publish_timeout"] + rec.sendErrs["disconnected"]
	if asyncErrs != 5 || rec.sendErrs["timeout"] != 1 || len(rec.sendErrs) > 3 {
		t.Errorf("send errors %v, want 5 async_publish_timeout or disconnected, and 1 timeout", rec.sendErrs)
	}
	if rec.sending != 0 {
		t.Errorf("%d sends still in progress", rec.sending)
	}
	if userAcks != 20 || userErrs != 5 {
		t.Errorf("the application's handlers saw %d acks and %d errors, want 20 and 5", userAcks, userErrs)
	}

	m := collect(t, reader)
	dest := attribute.String("messaging.destination.name", "orders.created")
	for _, c := range []struct {
		name  string
		attrs []attribute.KeyValue
		want  int64
	}{
		{semconv.SentMessages, nil, 26},
		{semconv.SendErrors, []attribute.KeyValue{semconv.ErrorType.String("async_publish_timeout")}, int64(rec.sendErrs["async_publish_timeout"])},
		{semconv.SendErrors, []attribute.KeyValue{semconv.ErrorType.String("disconnected")}, int64(rec.sendErrs["disconnected"])},
		{semconv.SendErrors, []attribute.KeyValue{semconv.ErrorType.String("timeout")}, 1},
		{semconv.SendErrors, nil, 6},
		{semconv.SendsActive, nil, 0},
		{semconv.OperationDuration, nil, 26},
	} {
		if got := m.value(c.name, append(c.attrs, dest)...); got != c.want {
			t.Errorf("%s%v: %d, want %d", c.name, c.attrs, got, c.want)
		}
	}
}

func TestSlowConsumer(t *testing.T) {
	srv := startServer(t, t.TempDir(), 0)
	rec := newRecorder()
	mon, reader := newMonitor(t)
	sensor := otelsensor.NewSensor(rec, mon)
	userErrs := make(chan error, 100)
	nc := connect(t, srv, nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) { userErrs <- err }))
	nc.SetErrorHandler(ErrorHandler(sensor, nc.ErrorHandler()))

	release := make(chan struct{})
	sub, err := nc.Subscribe("slow.>", MsgHandler(sensor, func(*nats.Msg) { <-release }))
	if err != nil {
		t.Fatal(err)
	}
	if err := sub.SetPendingLimits(5, -1); err != nil {
		t.Fatal(err)
	}
	stop := PollSubscription(sensor, sub, 0)
	defer stop()
	for i := range 50 {
		if err := nc.Publish("slow.orders."+strings.Repeat("x", i%3+1), []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	if err := nc.Flush(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-userErrs:
		if err != nats.ErrSlowConsumer {
			t.Fatalf("the application's handler got %v, want the slow consumer", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no slow consumer reported to the application's handler")
	}
	// Wait until the client stopped dropping: every message it got is then
	// queued or dropped, and the count below cannot move.
	for last, i := -1, 0; i < 50; i++ {
		if d, _ := sub.Dropped(); d == last {
			break
		} else {
			last = d
		}
		time.Sleep(100 * time.Millisecond)
	}
	rec.collect()
	tp := otelsensor.TopicPartition{Topic: "slow.>"}
	rec.mu.Lock()
	full, queued, lost := rec.full[tp], rec.queue["slow.>"], rec.dropped["slow.>"]
	rec.mu.Unlock()
	if queued < 1 || queued > 5 {
		t.Errorf("consumer queue %d for slow.>, want 1 to 5 (its pending limit)", queued)
	}
	if full != 1 {
		t.Errorf("buffer full %d times for the pattern slow.>, want 1 (all: %v)", full, rec.full)
	}
	if got := collect(t, reader).value(semconv.TopicBufferFull, attribute.String("messaging.destination.name", "slow.>")); got != 1 {
		t.Errorf("exported %s %d for slow.>, want 1", semconv.TopicBufferFull, got)
	}
	dropped, err := sub.Dropped()
	if err != nil || dropped == 0 {
		t.Errorf("dropped %d, %v: want some", dropped, err)
	}
	if lost != dropped {
		t.Errorf("reported %d messages dropped, the subscription says %d", lost, dropped)
	}
	rec.collect() // a second read reports only what was dropped since: nothing
	rec.mu.Lock()
	again := rec.dropped["slow.>"]
	rec.mu.Unlock()
	if again != lost {
		t.Errorf("after a second read, %d messages reported dropped, want still %d", again, lost)
	}
	if got := collect(t, reader).value(semconv.MessagesDropped, attribute.String("messaging.destination.name", "slow.>")); got != int64(dropped) {
		t.Errorf("exported %s %d for slow.>, want %d", semconv.MessagesDropped, got, dropped)
	}
	close(release)
}
