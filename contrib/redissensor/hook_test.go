package redissensor_test

import (
	"context"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/streamotel/streamotel/contrib/redissensor"
	"github.com/streamotel/streamotel/contrib/redissensor/internal/redistest"
	"github.com/streamotel/streamotel/otelsensor"
)

// setup starts a server and returns a client with a Hook that reports to a
// recorder and reads lag at every collection.
func setup(t *testing.T, opts ...func(*redis.Options)) (*redistest.Server, *redis.Client, *redissensor.Hook, *recorder) {
	t.Helper()
	srv := redistest.Start(t)
	o := &redis.Options{Addr: srv.Addr}
	for _, f := range opts {
		f(o)
	}
	rdb := redis.NewClient(o)
	t.Cleanup(func() { _ = rdb.Close() })
	rec := newRecorder()
	hook := redissensor.New(otelsensor.NewSensor(rec), redissensor.WithLag(rdb, time.Nanosecond))
	t.Cleanup(hook.Close)
	rdb.AddHook(hook)
	return srv, rdb, hook, rec
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func want[V comparable](t *testing.T, what string, got, want V) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// ids returns the IDs of msgs.
func ids(msgs []redis.XMessage) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.ID
	}
	return out
}

// TestStreams runs a consumer group through a stream's life on a real
// server: entries added singly and in a pipeline, read by two consumers,
// partly acknowledged, the rest claimed and re-read, then a deletion. At
// every step the counts are exact and the lag the Hook reported is the one
// XINFO GROUPS replies.
func TestStreams(t *testing.T) {
	_, rdb, hook, rec := setup(t)
	ctx := context.Background()
	const stream, group, n = "orders", "workers", 10

	checkLag := func(step string) {
		t.Helper()
		rec.collect()
		infos, err := rdb.XInfoGroups(ctx, stream).Result()
		must(t, err)
		lag, reports := rec.lastLag(stream)
		if reports == 0 || lag != infos[0].Lag {
			t.Errorf("%s: lag reported %d (%d reports), XINFO GROUPS says %d", step, lag, reports, infos[0].Lag)
		}
		if pending := rec.lastPending(stream); pending != infos[0].Pending {
			t.Errorf("%s: pending reported %d, XINFO GROUPS says %d", step, pending, infos[0].Pending)
		}
		g := hook.Groups()
		if len(g) != 1 || g[0] != (redissensor.Group{Stream: stream, Name: group, Lag: infos[0].Lag, Pending: infos[0].Pending}) {
			t.Errorf("%s: Groups() = %+v, XINFO GROUPS says %+v", step, g, infos[0])
		}
	}
	read := func(consumer, id string, count int64) []redis.XMessage {
		t.Helper()
		res, err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{
			Group: group, Consumer: consumer, Streams: []string{stream, id}, Count: count, Block: -1,
		}).Result()
		must(t, err)
		return res[0].Messages
	}

	must(t, rdb.XGroupCreateMkStream(ctx, stream, group, "0").Err())
	// A consumer starts: nothing to read yet, which is no error.
	_, err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: group, Consumer: "c1", Streams: []string{stream, ">"}, Block: 10 * time.Millisecond}).Result()
	if !errors.Is(err, redis.Nil) {
		t.Fatalf("empty read: %v, want redis.Nil", err)
	}
	checkLag("before any entry")

	bytes := 0
	body := func(i int) map[string]any {
		v := strconv.Itoa(i)
		bytes += len("n") + len(v)
		return map[string]any{"n": v}
	}
	for i := range n / 2 {
		must(t, rdb.XAdd(ctx, &redis.XAddArgs{Stream: stream, Values: body(i)}).Err())
	}
	_, err = rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for i := n / 2; i < n; i++ {
			p.XAdd(ctx, &redis.XAddArgs{Stream: stream, Values: body(i)})
			p.Get(ctx, "not-a-stream")
		}
		return nil
	})
	if !errors.Is(err, redis.Nil) { // the GETs of a missing key
		t.Fatalf("pipeline: %v", err)
	}
	checkLag("after adding")

	first := read("c1", ">", 6)
	checkLag("after c1 read")
	second := read("c2", ">", n)
	checkLag("after c2 read")
	want(t, "entries read", len(first)+len(second), n)

	must(t, rdb.XAck(ctx, stream, group, ids(first[:5])...).Err())
	_, err = rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.XAck(ctx, stream, group, ids(second[:2])...)
		p.Set(ctx, "not-a-stream", "x", 0)
		return nil
	})
	must(t, err)
	checkLag("after acks")

	// The entries not acknowledged are claimed: one by XCLAIM, then all
	// three by XAUTOCLAIM, which c1 reads once more from its pending list.
	claimed, err := rdb.XClaim(ctx, &redis.XClaimArgs{Stream: stream, Group: group, Consumer: "c2", Messages: ids(first[5:])}).Result()
	must(t, err)
	want(t, "XCLAIM", len(claimed), 1)
	auto, _, err := rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{Stream: stream, Group: group, Consumer: "c1", Start: "0-0", Count: n}).Result()
	must(t, err)
	want(t, "XAUTOCLAIM", len(auto), 3)
	again := read("c1", "0", n)
	want(t, "pending re-read", len(again), 3)
	must(t, rdb.XAck(ctx, stream, group, ids(again)...).Err())
	checkLag("after claims")

	claimedBytes := 0
	for _, m := range append(append(claimed, auto...), again...) {
		claimedBytes += len("n") + len(m.Values["n"].(string))
	}
	want(t, "sends initiated", counts(rec, rec.initiated)[stream], n)
	want(t, "sends completed", counts(rec, rec.sent)[stream], n)
	want(t, "records", counts(rec, rec.records)[stream], n+1+3+3)
	want(t, "bytes", counts(rec, rec.bytes)[stream], bytes+claimedBytes)
	want(t, "redelivered", counts(rec, rec.redelivered)[stream], 1+3+3)
	want(t, "checkpoints", counts(rec, rec.checkpoints)[stream], 3)
	if age := counts(rec, rec.ages)[stream]; age < 0 || age > time.Minute {
		t.Errorf("age of the newest entry read = %v", age)
	}
	for name, m := range map[string]map[string]int{
		"initiated": counts(rec, rec.initiated), "sent": counts(rec, rec.sent),
		"records": counts(rec, rec.records), "checkpoints": counts(rec, rec.checkpoints),
	} {
		if len(m) != 1 {
			t.Errorf("%s by stream = %v: only %q has stream traffic", name, m, stream)
		}
	}
	for name, m := range map[string]map[string]int{
		"send errors": counts(rec, rec.sendErrors), "receive errors": counts(rec, rec.recvErrors), "ack errors": counts(rec, rec.ackErrors),
	} {
		if len(m) != 0 {
			t.Errorf("%s = %v, want none", name, m)
		}
	}

	// A deleted entry the group has not read makes its lag unknown: the
	// server replies nil and the Hook reports -1, not a number.
	added := make([]string, 3)
	for i := range added {
		added[i], err = rdb.XAdd(ctx, &redis.XAddArgs{Stream: stream, Values: body(i)}).Result()
		must(t, err)
	}
	must(t, rdb.XDel(ctx, stream, added[1]).Err())
	checkLag("after a deletion")
	if g := hook.Groups(); len(g) != 1 || g[0].Lag != -1 {
		t.Errorf("Groups() after a deletion = %+v, want Lag -1", g)
	}
}

// TestErrorTypes checks the error.type of each failure a stream command
// gets from a real server.
func TestErrorTypes(t *testing.T) {
	_, rdb, _, rec := setup(t)
	ctx := context.Background()
	must(t, rdb.Set(ctx, "plain", "v", 0).Err())
	must(t, rdb.XGroupCreateMkStream(ctx, "s", "g", "$").Err())
	must(t, rdb.XAdd(ctx, &redis.XAddArgs{Stream: "s", ID: "5-0", Values: []any{"f", "v"}}).Err())

	_ = rdb.XAdd(ctx, &redis.XAddArgs{Stream: "plain", Values: []any{"f", "v"}})
	_ = rdb.XAdd(ctx, &redis.XAddArgs{Stream: "s", ID: "1-0", Values: []any{"f", "v"}}) // below the top ID
	_ = rdb.XAdd(ctx, &redis.XAddArgs{Stream: "missing", NoMkStream: true, Values: []any{"f", "v"}})
	_ = rdb.Do(ctx, "XADD", "plain", "*", "f", "v") // upper case, through Do
	want(t, "send errors", len(counts(rec, rec.sendErrors)), 3)
	want(t, "WRONGTYPE sends", counts(rec, rec.sendErrors)["WRONGTYPE"], 2)
	want(t, "ERR sends", counts(rec, rec.sendErrors)["ERR"], 1)
	want(t, "nil sends", counts(rec, rec.sendErrors)["nil"], 1)

	_ = rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "nogroup", Consumer: "c", Streams: []string{"s", ">"}, Block: -1})
	_ = rdb.XAutoClaim(ctx, &redis.XAutoClaimArgs{Stream: "s", Group: "nogroup", Consumer: "c", Start: "0"})
	_ = rdb.XRead(ctx, &redis.XReadArgs{Streams: []string{"plain", "0"}, Block: -1})
	want(t, "NOGROUP receives", counts(rec, rec.recvErrors)["NOGROUP"], 2)
	want(t, "WRONGTYPE receives", counts(rec, rec.recvErrors)["WRONGTYPE"], 1)

	_ = rdb.XAck(ctx, "plain", "g", "1-0")
	want(t, "WRONGTYPE acks", counts(rec, rec.ackErrors)["WRONGTYPE"], 1)
}

// TestServerStops stops the server in the middle of a run: every command
// fails within its timeouts, each failure is counted with a readable
// error.type, and a collection does not wait for the lag of a server that
// is gone.
func TestServerStops(t *testing.T) {
	srv, rdb, hook, rec := setup(t, func(o *redis.Options) {
		o.DialTimeout = 200 * time.Millisecond
		o.ReadTimeout = 200 * time.Millisecond
		o.WriteTimeout = 200 * time.Millisecond
		o.MaxRetries = -1 // each error as it happened, not the retry's
		o.DialerRetries = 1
	})
	ctx := context.Background()
	must(t, rdb.XGroupCreateMkStream(ctx, "s", "g", "0").Err())
	must(t, rdb.XAdd(ctx, &redis.XAddArgs{Stream: "s", Values: []any{"f", "v"}}).Err())
	_, err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "c", Streams: []string{"s", ">"}, Block: -1}).Result()
	must(t, err)
	rec.collect()
	before := hook.Groups()

	// A consumer waits for entries when the server goes away.
	blocked := make(chan error)
	go func() {
		blocked <- rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "c", Streams: []string{"s", ">"}, Block: time.Minute}).Err()
	}()
	time.Sleep(100 * time.Millisecond)
	srv.Stop()
	select {
	case err := <-blocked:
		if err == nil {
			t.Fatal("a read blocked on a stopped server succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a read blocked on a stopped server hangs")
	}

	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 3 {
			_ = rdb.XAdd(ctx, &redis.XAddArgs{Stream: "s", Values: []any{"f", "v"}})
			_ = rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "c", Streams: []string{"s", ">"}, Block: 100 * time.Millisecond})
			_ = rdb.XAck(ctx, "s", "g", "1-0")
		}
		rec.collect()
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("commands to a stopped server hang")
	}

	readable := map[string]bool{"eof": true, "connection_refused": true, "connection_reset": true, "broken_pipe": true, "timeout": true}
	for name, m := range map[string]map[string]int{
		"send errors": counts(rec, rec.sendErrors), "receive errors": counts(rec, rec.recvErrors), "ack errors": counts(rec, rec.ackErrors),
	} {
		t.Logf("%s by error.type: %v", name, m)
		total := 0
		for typ, n := range m {
			total += n
			if !readable[typ] {
				t.Errorf("%s: error.type %q (%d)", name, typ, n)
			}
		}
		if name == "receive errors" {
			total-- // the blocked read
		}
		want(t, name, total, 3)
	}
	if m := counts(rec, rec.recvErrors); m["eof"]+m["connection_reset"] != 1 {
		t.Errorf("the read blocked when the server stopped: %v, want one eof or connection_reset", m)
	}
	if after := hook.Groups(); len(after) != 1 || after[0] != before[0] {
		t.Errorf("Groups() after the server stopped = %+v, want the last read %+v", after, before)
	}
}

// TestOtherCommandsReportNothing sends commands that are not reported,
// stream commands among them, on a new connection (HELLO and CLIENT SETINFO
// go through the hooks too): nothing is recorded.
func TestOtherCommandsReportNothing(t *testing.T) {
	_, rdb, _, rec := setup(t)
	ctx := context.Background()
	must(t, rdb.Set(ctx, "k", "v", 0).Err())
	must(t, rdb.Get(ctx, "k").Err())
	must(t, rdb.XGroupCreateMkStream(ctx, "s", "g", "$").Err())
	must(t, rdb.XLen(ctx, "s").Err())
	must(t, rdb.XRange(ctx, "s", "-", "+").Err())
	must(t, rdb.XInfoGroups(ctx, "s").Err())
	must(t, rdb.XInfoStream(ctx, "s").Err())
	must(t, rdb.XTrimMaxLen(ctx, "s", 10).Err())
	must(t, rdb.Do(ctx, "XGROUP", "CREATECONSUMER", "s", "g", "c").Err())
	_, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		p.Get(ctx, "k")
		p.XLen(ctx, "s")
		return nil
	})
	must(t, err)
	rec.collect() // no group was read with XREADGROUP: no lag to read
	rec.mu.Lock()
	defer rec.mu.Unlock()
	for name, n := range map[string]int{
		"initiated": len(rec.initiated), "sent": len(rec.sent), "send errors": len(rec.sendErrors),
		"records": len(rec.records), "receive errors": len(rec.recvErrors), "checkpoints": len(rec.checkpoints),
		"ack errors": len(rec.ackErrors), "redelivered": len(rec.redelivered), "ages": len(rec.ages), "lags": len(rec.lags),
	} {
		if n != 0 {
			t.Errorf("%s: %d series recorded, want none", name, n)
		}
	}
}

// TestLagOfDeletedStream deletes one of two streams whose groups the Hook
// reads: the other's lag goes on being read.
func TestLagOfDeletedStream(t *testing.T) {
	_, rdb, hook, rec := setup(t)
	ctx := context.Background()
	for _, s := range []string{"a", "b"} {
		must(t, rdb.XGroupCreateMkStream(ctx, s, "g", "0").Err())
		_ = rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: "g", Consumer: "c", Streams: []string{s, ">"}, Block: -1})
	}
	rec.collect()
	want(t, "groups", len(hook.Groups()), 2)
	must(t, rdb.Del(ctx, "a").Err())
	must(t, rdb.XAdd(ctx, &redis.XAddArgs{Stream: "b", Values: []any{"f", "v"}}).Err())
	rec.collect()
	if lag, _ := rec.lastLag("b"); lag != 1 {
		t.Errorf("lag of b = %d after a was deleted, want 1", lag)
	}
	if g := hook.Groups(); len(g) != 1 || g[0].Stream != "b" {
		t.Errorf("Groups() = %+v, want b's group only", g)
	}
}
