package natssensor

import (
	"context"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/streamotel/streamotel/otelsensor"
)

// ConsumeErrHandler returns the option of cons's Consume that receives the
// errors of consuming (a missed heartbeat, the consumer deleted, a
// leadership change): it reports each one to s as OnReceiveError for
// TopicPartition{Topic: stream, Partition: 0}, with a readable error.type
// ("no_heartbeat", "consumer_deleted", "consumer_not_found"), then calls
// next, the application's handler (nil for none):
//
//	cc, err := cons.Consume(natssensor.Handler(sensor, handle), natssensor.ConsumeErrHandler(sensor, cons, nil))
func ConsumeErrHandler(s *otelsensor.Sensor, cons jetstream.Consumer, next jetstream.ConsumeErrHandler) jetstream.ConsumeErrHandler {
	tp := otelsensor.TopicPartition{Topic: cons.CachedInfo().Stream}
	return func(cc jetstream.ConsumeContext, err error) {
		s.OnReceiveError(context.Background(), tp, typed(err))
		if next != nil {
			next(cc, err)
		}
	}
}
