package redissensor_test

import (
	"context"
	"errors"
	"maps"
	"sync"
	"time"

	"github.com/streamotel/streamotel/otelsensor"
)

// recorder is a hook that counts what the Hook reports, by stream, so that
// tests compare exact numbers with what the server says. It is a
// CollectHook: collect runs the sources registered with Sensor.Poll, as a
// Monitor's collection does.
type recorder struct {
	mu          sync.Mutex
	initiated   map[string]int
	sent        map[string]int
	sendErrors  map[string]int // by error.type
	records     map[string]int
	bytes       map[string]int
	recvErrors  map[string]int // by error.type
	checkpoints map[string]int
	ackErrors   map[string]int // by error.type
	redelivered map[string]int
	ages        map[string]time.Duration
	lags        map[string][]int64
	pending     map[string][]int64
	handled     map[otelsensor.Status]int
	handleErrs  map[string]int
	poll        func(context.Context)
}

// The interfaces the recorder must implement: a hook that misses a method
// of one would be skipped by NewSensor without a word.
var (
	_ otelsensor.SendHook     = (*recorder)(nil)
	_ otelsensor.ConsumerHook = (*recorder)(nil)
	_ otelsensor.OffsetHook   = (*recorder)(nil)
	_ otelsensor.HandlerHook  = (*recorder)(nil)
	_ otelsensor.CollectHook  = (*recorder)(nil)
)

func newRecorder() *recorder {
	return &recorder{
		initiated: map[string]int{}, sent: map[string]int{}, sendErrors: map[string]int{},
		records: map[string]int{}, bytes: map[string]int{}, recvErrors: map[string]int{},
		checkpoints: map[string]int{}, ackErrors: map[string]int{}, redelivered: map[string]int{},
		ages: map[string]time.Duration{}, lags: map[string][]int64{}, pending: map[string][]int64{},
		handled: map[otelsensor.Status]int{}, handleErrs: map[string]int{},
	}
}

func errType(err error) string {
	var et interface{ ErrorType() string }
	if errors.As(err, &et) {
		return et.ErrorType()
	}
	return "untyped"
}

func (r *recorder) CollectFrom(poll func(context.Context)) { r.poll = poll }

func (r *recorder) collect() { r.poll(context.Background()) }

func (r *recorder) OnSendInitiated(_ context.Context, s otelsensor.Send) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.initiated[s.Topic]++
}

func (r *recorder) OnSendCompleted(_ context.Context, s otelsensor.Send, partition int32, offset int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if s.Started() && partition == 0 && offset == -1 {
		r.sent[s.Topic]++
	}
}

func (r *recorder) OnSendError(_ context.Context, s otelsensor.Send, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sendErrors[errType(err)]++
}

func (r *recorder) OnRecords(_ context.Context, tp otelsensor.TopicPartition, records, bytes int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.records[tp.Topic] += records
	r.bytes[tp.Topic] += bytes
}

func (r *recorder) OnReceiveError(_ context.Context, tp otelsensor.TopicPartition, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.recvErrors[errType(err)]++
}

func (r *recorder) OnCheckpoint(_ context.Context, tp otelsensor.TopicPartition, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.ackErrors[errType(err)]++
		return
	}
	r.checkpoints[tp.Topic]++
}

func (r *recorder) OnDropped(context.Context, otelsensor.TopicPartition, int) {}

func (r *recorder) OnRedelivered(_ context.Context, tp otelsensor.TopicPartition, n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.redelivered[tp.Topic] += n
}

func (r *recorder) OnIteratorAge(_ context.Context, tp otelsensor.TopicPartition, age time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ages[tp.Topic] = age
}

func (r *recorder) OnConsumerQueue(context.Context, string, int) {}

func (r *recorder) OnOffsetCommitted(context.Context, otelsensor.TopicPartition, int64) {}

func (r *recorder) OnEndOffset(context.Context, otelsensor.TopicPartition, int64) {}

func (r *recorder) OnLag(_ context.Context, tp otelsensor.TopicPartition, n int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.lags[tp.Topic] = append(r.lags[tp.Topic], n)
}

func (r *recorder) OnPending(_ context.Context, tp otelsensor.TopicPartition, n int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pending[tp.Topic] = append(r.pending[tp.Topic], n)
}

func (r *recorder) OnHandleStart(context.Context, otelsensor.Handle) {}

func (r *recorder) OnHandleEnd(_ context.Context, h otelsensor.Handle, status otelsensor.Status, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.handled[status]++
	if err != nil {
		r.handleErrs[errType(err)]++
	}
}

// lastLag returns the last lag reported for stream, and how many were.
func (r *recorder) lastLag(stream string) (int64, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	l := r.lags[stream]
	if len(l) == 0 {
		return 0, 0
	}
	return l[len(l)-1], len(l)
}

// lastPending returns the last pending count reported for stream, or -2
// if none was.
func (r *recorder) lastPending(stream string) int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	if p := r.pending[stream]; len(p) > 0 {
		return p[len(p)-1]
	}
	return -2
}

// counts returns a copy of one of the maps, read under the lock.
func counts[K comparable, V any](r *recorder, m map[K]V) map[K]V {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(m)
}
