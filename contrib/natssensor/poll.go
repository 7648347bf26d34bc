package natssensor

import (
	"context"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/streamotel/streamotel/otelsensor"
)

// pollTimeout bounds one read of a consumer's info at collection time.
const pollTimeout = 2 * time.Second

// PollConsumer registers cons with s's collection (Sensor.Poll): at most once
// per every, when the Sensor's hooks collect, it reads the consumer's info
// from the server and reports, for TopicPartition{Topic: stream, Partition:
// 0}, its NumPending, the messages not delivered yet, as OnLag (the lag a
// handler reports with every message), and its NumAckPending, the messages
// delivered and not acknowledged yet, as OnPending. A read that fails
// reports nothing. It returns the function that unregisters cons.
func PollConsumer(s *otelsensor.Sensor, cons jetstream.Consumer, every time.Duration) (stop func()) {
	return s.Poll(every, func(ctx context.Context) {
		ctx, cancel := context.WithTimeout(ctx, pollTimeout)
		defer cancel()
		info, err := cons.Info(ctx)
		if err != nil {
			return
		}
		tp := otelsensor.TopicPartition{Topic: info.Stream}
		s.OnLag(ctx, tp, clampInt64(info.NumPending))
		s.OnPending(ctx, tp, int64(info.NumAckPending))
	})
}

// PollSubscription registers sub with s's collection (Sensor.Poll): at most
// once per every, when the Sensor's hooks collect, it reports the messages
// delivered to sub and not handled yet (Subscription.Pending) as
// OnConsumerQueue, and those the client dropped since the last read
// (Subscription.Dropped, a slow consumer's) as OnDropped, under the
// subscription's subject. It returns the function that unregisters sub.
func PollSubscription(s *otelsensor.Sensor, sub *nats.Subscription, every time.Duration) (stop func()) {
	var seen int // dropped messages already reported; a Poll never runs twice at once
	return s.Poll(every, func(ctx context.Context) {
		msgs, _, err := sub.Pending()
		if err != nil { // closed
			return
		}
		s.OnConsumerQueue(ctx, sub.Subject, msgs)
		if dropped, err := sub.Dropped(); err == nil && dropped > seen {
			s.OnDropped(ctx, otelsensor.TopicPartition{Topic: sub.Subject}, dropped-seen)
			seen = dropped
		}
	})
}
