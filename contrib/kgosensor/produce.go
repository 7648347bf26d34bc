package kgosensor

import (
	"context"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/streamotel/streamotel/otelsensor"
)

// OnProduceRecordBuffered implements kgo.HookProduceRecordBuffered: the
// record was handed to the producer (streamotel.sends.active).
func (h *Hooks) OnProduceRecordBuffered(r *kgo.Record) {
	h.sensor.OnSendInitiated(r.Context, r.Topic)
}

// OnProduceRecordUnbuffered implements kgo.HookProduceRecordUnbuffered: the
// broker acknowledged the record at its partition and offset, or producing
// it failed (messaging.client.sent.messages, its error.type the Kafka error
// code's name, and messaging.client.operation.duration).
//
// The duration is measured from the record's Timestamp, which Produce sets,
// truncated to the millisecond, when the application leaves it zero: the
// start travels with the record and nothing is allocated. For a record
// produced with a Timestamp of the application's own, the duration is the
// time since that timestamp.
func (h *Hooks) OnProduceRecordUnbuffered(r *kgo.Record, err error) {
	snd := otelsensor.Send{Topic: r.Topic}.StartedAt(r.Timestamp)
	if err != nil {
		h.sensor.OnSendError(r.Context, snd, kafkaError(err))
		return
	}
	h.sensor.OnSendCompleted(r.Context, snd, r.Partition, r.Offset)
}

// OnBrokerThrottle implements kgo.HookBrokerThrottle: a broker throttled
// the client (streamotel.throttles). Kafka throttles a client, not a topic:
// the throttle has no destination.
func (h *Hooks) OnBrokerThrottle(kgo.BrokerMetadata, time.Duration, bool) {
	h.sensor.OnThrottle(context.Background(), "")
}
