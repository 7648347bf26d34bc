package natssensor

import (
	"context"
	"sync"
	"time"

	"github.com/streamotel/streamotel/otelsensor"
)

// recorder is a hook that keeps what it was told, for tests to assert on one
// value at a time.
type recorder struct {
	mu          sync.Mutex
	active      int
	handled     map[string]map[otelsensor.Status]int // by destination
	handleErrs  map[string]int                       // by error.type
	lag         map[otelsensor.TopicPartition]int64
	lags        int
	pending     map[otelsensor.TopicPartition]int64
	redelivered map[otelsensor.TopicPartition]int
	dropped     map[string]int
	age         map[otelsensor.TopicPartition]time.Duration
	full        map[otelsensor.TopicPartition]int
	queue       map[string]int
	sending     int
	sent        map[string]int // by topic
	sendErrs    map[string]int // by error.type
	receiveErrs map[string]int // by topic and error.type
	offsets     []int64
	poll        func(context.Context)
}

func newRecorder() *recorder {
	return &recorder{
		handled:     map[string]map[otelsensor.Status]int{},
		handleErrs:  map[string]int{},
		lag:         map[otelsensor.TopicPartition]int64{},
		pending:     map[otelsensor.TopicPartition]int64{},
		redelivered: map[otelsensor.TopicPartition]int{},
		dropped:     map[string]int{},
		age:         map[otelsensor.TopicPartition]time.Duration{},
		full:        map[otelsensor.TopicPartition]int{},
		queue:       map[string]int{},
		sent:        map[string]int{},
		sendErrs:    map[string]int{},
		receiveErrs: map[string]int{},
	}
}

func (r *recorder) lock() func() { r.mu.Lock(); return r.mu.Unlock }

func typeOf(err error) string {
	if et, ok := err.(interface{ ErrorType() string }); ok {
		return et.ErrorType()
	}
	return "untyped"
}

func (r *recorder) OnHandleStart(ctx context.Context, h otelsensor.Handle) {
	defer r.lock()()
	r.active++
}

func (r *recorder) OnHandleEnd(ctx context.Context, h otelsensor.Handle, status otelsensor.Status, err error) {
	defer r.lock()()
	r.active--
	if r.handled[h.Destination] == nil {
		r.handled[h.Destination] = map[otelsensor.Status]int{}
	}
	r.handled[h.Destination][status]++
	if err != nil {
		r.handleErrs[typeOf(err)]++
	}
}

func (r *recorder) OnMessageIn(context.Context, otelsensor.Message)  {}
func (r *recorder) OnMessageOut(context.Context, otelsensor.Message) {}
func (r *recorder) OnTopicBufferFull(ctx context.Context, tp otelsensor.TopicPartition) {
	defer r.lock()()
	r.full[tp]++
}

func (r *recorder) OnOffsetCommitted(context.Context, otelsensor.TopicPartition, int64) {}
func (r *recorder) OnEndOffset(context.Context, otelsensor.TopicPartition, int64)       {}
func (r *recorder) OnLag(ctx context.Context, tp otelsensor.TopicPartition, n int64) {
	defer r.lock()()
	r.lag[tp] = n
	r.lags++
}

func (r *recorder) OnPending(ctx context.Context, tp otelsensor.TopicPartition, n int64) {
	defer r.lock()()
	r.pending[tp] = n
}

func (r *recorder) OnRecords(context.Context, otelsensor.TopicPartition, int, int) {}
func (r *recorder) OnReceiveError(ctx context.Context, tp otelsensor.TopicPartition, err error) {
	defer r.lock()()
	r.receiveErrs[tp.Topic+" "+typeOf(err)]++
}
func (r *recorder) OnCheckpoint(context.Context, otelsensor.TopicPartition, error) {}
func (r *recorder) OnRedelivered(ctx context.Context, tp otelsensor.TopicPartition, n int) {
	defer r.lock()()
	r.redelivered[tp] += n
}
func (r *recorder) OnDropped(ctx context.Context, tp otelsensor.TopicPartition, n int) {
	defer r.lock()()
	r.dropped[tp.Topic] += n
}
func (r *recorder) OnIteratorAge(ctx context.Context, tp otelsensor.TopicPartition, age time.Duration) {
	defer r.lock()()
	r.age[tp] = age
}
func (r *recorder) OnConsumerQueue(ctx context.Context, stream string, size int) {
	defer r.lock()()
	r.queue[stream] = size
}

func (r *recorder) OnSendInitiated(ctx context.Context, s otelsensor.Send) {
	defer r.lock()()
	r.sending++
}
func (r *recorder) OnSendCompleted(ctx context.Context, s otelsensor.Send, partition int32, offset int64) {
	defer r.lock()()
	r.sending--
	r.sent[s.Topic]++
	r.offsets = append(r.offsets, offset)
}
func (r *recorder) OnSendError(ctx context.Context, s otelsensor.Send, err error) {
	defer r.lock()()
	r.sending--
	r.sendErrs[typeOf(err)]++
}

func (r *recorder) CollectFrom(poll func(context.Context)) { r.poll = poll }

// collect runs the sources registered with Sensor.Poll, as a collection
// does.
func (r *recorder) collect() { r.poll(context.Background()) }

var (
	_ otelsensor.CollectHook  = (*recorder)(nil)
	_ otelsensor.HandlerHook  = (*recorder)(nil)
	_ otelsensor.MessageHook  = (*recorder)(nil)
	_ otelsensor.OffsetHook   = (*recorder)(nil)
	_ otelsensor.ConsumerHook = (*recorder)(nil)
	_ otelsensor.SendHook     = (*recorder)(nil)
)
