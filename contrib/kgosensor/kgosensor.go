package kgosensor

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/streamotel/streamotel/otelsensor"
)

// Hooks is a kgo hook that reports a client's work to an otelsensor.Sensor.
// Pass it to kgo.WithHooks. Its methods are safe for concurrent use.
type Hooks struct {
	sensor *otelsensor.Sensor
	cfg    config

	// consumed are the records the last poll delivered (consume.go).
	consumed pending
	// group is the state of the group's rebalance (group.go).
	group group

	// made is the client OnNewClient was called with, until its first
	// round trip registers what is read from it: kgo calls OnNewClient
	// before it sets the client's consumer up.
	made atomic.Pointer[kgo.Client]

	mu    sync.Mutex // guards stops
	stops []func()
}

var (
	_ kgo.HookNewClient               = (*Hooks)(nil)
	_ kgo.HookClientClosed            = (*Hooks)(nil)
	_ kgo.HookProduceRecordBuffered   = (*Hooks)(nil)
	_ kgo.HookProduceRecordUnbuffered = (*Hooks)(nil)
	_ kgo.HookFetchRecordUnbuffered   = (*Hooks)(nil)
	_ kgo.HookPollStart               = (*Hooks)(nil)
	_ kgo.HookBrokerThrottle          = (*Hooks)(nil)
	_ kgo.HookBrokerE2E               = (*Hooks)(nil)
	_ kgo.HookGroupManageError        = (*Hooks)(nil)
)

// New returns the Hooks that report to sensor. A nil sensor is disabled:
// the Hooks then do nothing.
func New(sensor *otelsensor.Sensor, opts ...Option) *Hooks {
	return &Hooks{sensor: sensor, cfg: newConfig(opts)}
}

// OnNewClient implements kgo.HookNewClient. Once the client made its first
// round trip to a broker, the Hooks register with the Sensor what is read
// from it at collection time, with no request to the brokers: its committed
// offsets (streamotel.offset.committed, and with the end offsets from
// Fetched, streamotel.consumer.lag) and the records it buffers
// (streamotel.queue.size, send and receive). With WithGroupLag they also
// register the group's lag read through kadm.
func (h *Hooks) OnNewClient(cl *kgo.Client) {
	if h.sensor != nil {
		h.made.Store(cl)
	}
}

// register registers the Poll sources of cl, the first time it is called
// after OnNewClient.
func (h *Hooks) register() {
	if h.made.Load() == nil { // a load, not a write, on every round trip
		return
	}
	cl := h.made.Swap(nil)
	if cl == nil {
		return
	}
	stops := []func(){h.sensor.Poll(0, func(ctx context.Context) { h.readClient(ctx, cl) })}
	if h.cfg.groupLag > 0 {
		if group, _ := cl.OptValue(kgo.ConsumerGroup).(string); group != "" {
			adm := kadm.NewClient(cl)
			stops = append(stops, h.sensor.Poll(h.cfg.groupLag, func(ctx context.Context) { h.readGroupLag(ctx, adm, group) }))
		}
	}
	h.mu.Lock()
	h.stops = append(h.stops, stops...)
	h.mu.Unlock()
}

// OnClientClosed implements kgo.HookClientClosed: it unregisters what
// OnNewClient registered.
func (h *Hooks) OnClientClosed(*kgo.Client) {
	h.made.Store(nil)
	h.mu.Lock()
	stops := h.stops
	h.stops = nil
	h.mu.Unlock()
	for _, stop := range stops {
		stop()
	}
}

// readClient reports the client's committed offsets and buffered records.
func (h *Hooks) readClient(ctx context.Context, cl *kgo.Client) {
	for topic, partitions := range cl.CommittedOffsets() {
		for p, at := range partitions {
			h.sensor.OnOffsetCommitted(ctx, otelsensor.TopicPartition{Topic: topic, Partition: p}, at.Offset)
		}
	}
	h.sensor.OnProducerQueue(ctx, "", int(cl.BufferedProduceRecords()))
	h.sensor.OnConsumerQueue(ctx, "", int(cl.BufferedFetchRecords()))
}

// readGroupLag reports the committed and end offsets of every partition of
// group, as kadm.Lag reads them.
func (h *Hooks) readGroupLag(ctx context.Context, adm *kadm.Client, group string) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	lags, err := adm.Lag(ctx, group)
	if err != nil {
		return
	}
	for _, l := range lags {
		if l.Error() != nil {
			continue
		}
		for topic, partitions := range l.Lag {
			for p, ml := range partitions {
				if ml.Err != nil {
					continue
				}
				tp := otelsensor.TopicPartition{Topic: topic, Partition: p}
				if ml.Commit.At >= 0 {
					h.sensor.OnOffsetCommitted(ctx, tp, ml.Commit.At)
				}
				h.sensor.OnEndOffset(ctx, tp, ml.End.Offset)
			}
		}
	}
}
