package redissensor_test

import (
	"context"
	"errors"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/streamotel/streamotel/contrib/redissensor"
	"github.com/streamotel/streamotel/otelsensor"
)

// TestHandler settles four entries four ways: acknowledged, left pending,
// failed, panicked; and one acknowledged in a pipeline from a context
// derived from the handler's.
func TestHandler(t *testing.T) {
	_, rdb, _, rec := setup(t)
	sensor := otelsensor.NewSensor(rec)
	ctx := context.Background()
	const stream, group = "jobs", "g"
	must(t, rdb.XGroupCreateMkStream(ctx, stream, group, "0").Err())
	for _, v := range []string{"ack", "skip", "fail", "panic", "pipeline"} {
		must(t, rdb.XAdd(ctx, &redis.XAddArgs{Stream: stream, Values: []any{"do", v}}).Err())
	}
	res, err := rdb.XReadGroup(ctx, &redis.XReadGroupArgs{Group: group, Consumer: "c", Streams: []string{stream, ">"}, Block: -1}).Result()
	must(t, err)

	errFailed := errors.New("failed")
	handle := redissensor.Handler(sensor, stream, func(ctx context.Context, msg redis.XMessage) error {
		switch msg.Values["do"] {
		case "ack":
			return rdb.XAck(ctx, stream, group, msg.ID).Err()
		case "fail":
			_ = rdb.XAck(ctx, stream, group, msg.ID) // acked, then failed: an error
			return errFailed
		case "panic":
			panic("boom")
		case "pipeline":
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			_, err := rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
				p.XAck(ctx, stream, group, "0-1", msg.ID)
				return nil
			})
			return err
		}
		return rdb.XAck(ctx, stream, group, "0-1").Err() // another entry's ID: not an ack of this one
	})
	for _, msg := range res[0].Messages {
		func() {
			defer func() {
				if v := recover(); v != nil && v != "boom" {
					t.Errorf("panic %v", v)
				}
			}()
			err := handle(ctx, msg)
			if msg.Values["do"] == "fail" && err != errFailed {
				t.Errorf("handler error = %v, want it unchanged", err)
			}
		}()
	}
	got := counts(rec, rec.handled)
	want(t, "acked", got[otelsensor.StatusAcked], 2)
	want(t, "skipped", got[otelsensor.StatusSkipped], 1)
	want(t, "error", got[otelsensor.StatusError], 2)
	want(t, "panic error.type", counts(rec, rec.handleErrs)["panic"], 1)
	// An XACK outside a Handler is still a checkpoint.
	must(t, rdb.XAck(ctx, stream, group, "0-1").Err())
	want(t, "checkpoints", counts(rec, rec.checkpoints)[stream], 5)
}
