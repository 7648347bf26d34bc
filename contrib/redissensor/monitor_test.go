package redissensor_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/contrib/redissensor"
	"github.com/streamotel/streamotel/contrib/redissensor/internal/redistest"
	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// TestMonitor reads what a Monitor exports for a stream: sends, consumed
// entries and bytes, checkpoints, and a lag that the collection itself reads
// from the server, equal to what XINFO GROUPS replies.
func TestMonitor(t *testing.T) {
	srv := redistest.Start(t)
	reader := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("redis"), otelsensor.WithConsumerGroup("workers"))
	must(t, err)
	t.Cleanup(func() { _ = mon.Close() })
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	t.Cleanup(func() { _ = rdb.Close() })
	hook := redissensor.New(otelsensor.NewSensor(mon), redissensor.WithLag(rdb, time.Nanosecond))
	t.Cleanup(hook.Close)
	rdb.AddHook(hook)

	ctx := context.Background()
	const stream, group = "orders", "workers"
	dest := semconv.MessagingDestinationName.String(stream)
	collect := func() memory.Metrics {
		t.Helper()
		m, err := reader.Metrics(ctx)
		must(t, err)
		return m
	}
	value := func(m memory.Metrics, name string, attrs ...attribute.KeyValue) float64 {
		t.Helper()
		v, _ := m.Value(name, append(attrs, dest)...)
		return v
	}
	checkLag := func(step string, m memory.Metrics) {
		t.Helper()
		infos, err := rdb.XInfoGroups(ctx, stream).Result()
		must(t, err)
		got, ok := m.Value(semconv.ConsumerLag, dest)
		if !ok || int64(got) != infos[0].Lag {
			t.Errorf("%s: %s = %v (%v), XINFO GROUPS says %d", step, semconv.ConsumerLag, got, ok, infos[0].Lag)
		}
	}
	add := func(n int) {
		for range n {
			must(t, rdb.XAdd(ctx, &redis.XAddArgs{Stream: stream, Values: []any{"body", "12345"}}).Err())
		}
	}

	must(t, rdb.XGroupCreateMkStream(ctx, stream, group, "0").Err())
	_ = rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: group, Consumer: "c", Streams: []string{stream, ">"}, Block: -1})
	add(4)
	checkLag("after 4 sends", collect())

	res, err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: group, Consumer: "c", Streams: []string{stream, ">"}, Block: -1}).Result()
	must(t, err)
	m := collect()
	checkLag("after reading them", m)
	want(t, "consumed", value(m, semconv.ConsumedMessages), 4)
	want(t, "received bytes", value(m, semconv.ReceivedBytes), 4*float64(len("body12345")))

	add(2)
	must(t, rdb.XAck(ctx, stream, group, ids(res[0].Messages)...).Err())
	_ = rdb.Get(ctx, "missing").Err() // not a stream: adds nothing
	m = collect()
	checkLag("after 2 more sends and an ack", m)
	want(t, "sent", value(m, semconv.SentMessages), 6)
	want(t, "checkpoints", value(m, semconv.Checkpoints), 1)
	if h, ok := m.Histogram(semconv.OperationDuration, dest, semconv.MessagingOperationName.String(semconv.OperationSend)); !ok || h.Count != 6 {
		t.Errorf("send durations: %+v, %v; want 6", h, ok)
	}

	// A group whose lag the server cannot count (an entry it has not read
	// was deleted) has no lag point: no number is made up.
	const fresh = "fresh"
	must(t, rdb.XGroupCreateMkStream(ctx, fresh, group, "0").Err())
	for _, id := range []string{"1-0", "2-0", "3-0"} {
		must(t, rdb.XAdd(ctx, &redis.XAddArgs{Stream: fresh, ID: id, Values: []any{"f", "v"}}).Err())
	}
	must(t, rdb.XDel(ctx, fresh, "2-0").Err())
	must(t, rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: group, Consumer: "c", Streams: []string{fresh, ">"}, Count: 1, Block: -1}).Err())
	m = collect()
	if v, ok := m.Value(semconv.ConsumerLag, semconv.MessagingDestinationName.String(fresh)); ok {
		t.Errorf("lag of a group the server cannot count = %v, want no point", v)
	}
	if g := hook.Groups(); len(g) != 2 || g[0].Stream != fresh || g[0].Lag != -1 {
		t.Errorf("Groups() = %+v, want %s first with Lag -1", g, fresh)
	}

	must(t, rdb.XClaim(ctx, &redis.XClaimArgs{Stream: fresh, Group: group, Consumer: "c2", Messages: []string{"1-0"}}).Err())
	m = collect()
	if v, _ := m.Value(semconv.MessagesRedelivered, semconv.MessagingDestinationName.String(fresh)); v != 1 {
		t.Errorf("%s = %v after a claim, want 1", semconv.MessagesRedelivered, v)
	}
	if v, _ := m.Value(semconv.ConsumedMessages, semconv.MessagingDestinationName.String(fresh)); v != 2 {
		t.Errorf("consumed = %v after a read and a claim, want 2 deliveries", v)
	}
}
