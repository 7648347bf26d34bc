package redissensor_test

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/streamotel/streamotel/contrib/redissensor"
	"github.com/streamotel/streamotel/internal/race"
	"github.com/streamotel/streamotel/otelsensor"
)

// replied returns a ProcessHook that answers cmd as the server would, with
// no server: the Hook's own cost.
func replied(context.Context, redis.Cmder) error { return nil }

// TestHookAllocatesNothing runs the Hook's steady state: commands that are
// not streams, XADD, and an XREADGROUP that returns entries, with the lag
// group already learned.
func TestHookAllocatesNothing(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under the race detector")
	}
	ctx := context.Background()
	rec := newRecorder()
	hook := redissensor.New(otelsensor.NewSensor(rec), redissensor.WithLag(redis.NewClient(&redis.Options{}), time.Hour))
	defer hook.Close()
	process := hook.ProcessHook(replied)
	pipeline := hook.ProcessPipelineHook(func(context.Context, []redis.Cmder) error { return nil })

	get := redis.NewStringCmd(ctx, "get", "k")
	hello := redis.NewMapStringInterfaceCmd(ctx, "HELLO", 3)
	xadd := redis.NewStringCmd(ctx, "xadd", "s", "*", "f", "v")
	read := redis.NewXStreamSliceCmd(ctx, "xreadgroup", "group", "g", "c", "count", 10, "streams", "s", ">")
	read.SetVal([]redis.XStream{{Stream: "s", Messages: []redis.XMessage{
		{ID: "1700000000000-0", Values: map[string]any{"f": "v"}},
		{ID: "1700000000001-0", Values: map[string]any{"f": "v"}},
	}}})
	xack := redis.NewIntCmd(ctx, "xack", "s", "g", "1700000000000-0")
	cmds := []redis.Cmder{get, xadd, xack}

	for name, f := range map[string]func(){
		"GET":        func() { _ = process(ctx, get) },
		"HELLO":      func() { _ = process(ctx, hello) },
		"XADD":       func() { _ = process(ctx, xadd) },
		"XREADGROUP": func() { _ = process(ctx, read) },
		"XACK":       func() { _ = process(ctx, xack) },
		"pipeline":   func() { _ = pipeline(ctx, cmds) },
	} {
		f() // learn the group, make the recorder's keys
		if n := testing.AllocsPerRun(100, f); n != 0 {
			t.Errorf("%s: %v allocations per command", name, n)
		}
	}
	want(t, "records", counts(rec, rec.records)["s"], 2*101+2)
}

// TestNilSensor checks that a Hook without a Sensor is no hook at all.
func TestNilSensor(t *testing.T) {
	hook := redissensor.New(nil, redissensor.WithLag(redis.NewClient(&redis.Options{}), 0))
	defer hook.Close()
	called := 0
	next := func(context.Context, redis.Cmder) error { called++; return nil }
	_ = hook.ProcessHook(next)(context.Background(), redis.NewStringCmd(context.Background(), "xadd", "s", "*", "f", "v"))
	want(t, "next called", called, 1)
	want(t, "groups", len(hook.Groups()), 0)
}

// TestHandlerAllocatesOnce checks Handler's one allocation per entry: the
// context that carries the entry to the Hook.
func TestHandlerAllocatesOnce(t *testing.T) {
	if race.Enabled {
		t.Skip("allocation counts differ under the race detector")
	}
	ctx := context.Background()
	rec := newRecorder()
	sensor := otelsensor.NewSensor(rec)
	process := redissensor.New(sensor).ProcessHook(replied)
	xack := redis.NewIntCmd(ctx, "xack", "s", "g", "1-0")
	handle := redissensor.Handler(sensor, "s", func(ctx context.Context, msg redis.XMessage) error {
		return process(ctx, xack)
	})
	msg := redis.XMessage{ID: "1-0", Values: map[string]any{"f": "v"}}
	_ = handle(ctx, msg)
	if n := testing.AllocsPerRun(100, func() { _ = handle(ctx, msg) }); n != 1 {
		t.Errorf("%v allocations per entry, want 1", n)
	}
	want(t, "acked", counts(rec, rec.handled)[otelsensor.StatusAcked], 102)
}
