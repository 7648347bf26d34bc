package otelsensor

import (
	"context"
	"time"
)

// Sensor is what a worker and the client adapters call: one method for each
// of Faust's sensor callbacks, plus the callbacks Faust has no equivalent
// for (handlers, batching clients, shards). It dispatches each callback to
// the hooks it was made with, as a *slog.Logger does to its Handler.
//
// Start callbacks read the clock once (OnMessageIn not at all: see Message)
// and return a token that carries the lifecycle's identity and start; end
// callbacks take the token back with only what is new. A nil *Sensor and the zero Sensor are disabled: their
// callbacks return tokens that are not started and call nothing. A Sensor is
// safe for concurrent use.
type Sensor struct {
	messages    []MessageHook
	events      []EventHook
	tables      []TableHook
	commits     []CommitHook
	offsets     []OffsetHook
	sends       []SendHook
	assignments []AssignmentHook
	rebalances  []RebalanceHook
	web         []WebHook
	handlers    []HandlerHook
	producers   []ProducerHook
	consumers   []ConsumerHook
	shards      []ShardHook
	collectors  []CollectHook
	polls       *polls
}

// NewSensor returns a Sensor that dispatches each callback to the hooks that
// implement its hook interface, in the order given. A hook that is itself a
// *Sensor contributes its hooks. Nil hooks, and hooks that implement none of
// the interfaces, are ignored. A hook given twice is called twice. The
// first Poll hands each CollectHook the sources that Poll registers; a
// Sensor that never polls costs its CollectHooks nothing.
func NewSensor(hooks ...Hook) *Sensor {
	s := &Sensor{polls: new(polls)}
	for _, h := range hooks {
		s.add(h)
	}
	return s
}

func (s *Sensor) add(h Hook) {
	if inner, ok := h.(*Sensor); ok {
		if inner != nil {
			s.merge(inner)
		}
		return
	}
	appendIf(&s.messages, h)
	appendIf(&s.events, h)
	appendIf(&s.tables, h)
	appendIf(&s.commits, h)
	appendIf(&s.offsets, h)
	appendIf(&s.sends, h)
	appendIf(&s.assignments, h)
	appendIf(&s.rebalances, h)
	appendIf(&s.web, h)
	appendIf(&s.handlers, h)
	appendIf(&s.producers, h)
	appendIf(&s.consumers, h)
	appendIf(&s.shards, h)
	appendIf(&s.collectors, h)
}

// merge adds the hooks of inner, in inner's order.
func (s *Sensor) merge(inner *Sensor) {
	s.messages = append(s.messages, inner.messages...)
	s.events = append(s.events, inner.events...)
	s.tables = append(s.tables, inner.tables...)
	s.commits = append(s.commits, inner.commits...)
	s.offsets = append(s.offsets, inner.offsets...)
	s.sends = append(s.sends, inner.sends...)
	s.assignments = append(s.assignments, inner.assignments...)
	s.rebalances = append(s.rebalances, inner.rebalances...)
	s.web = append(s.web, inner.web...)
	s.handlers = append(s.handlers, inner.handlers...)
	s.producers = append(s.producers, inner.producers...)
	s.consumers = append(s.consumers, inner.consumers...)
	s.shards = append(s.shards, inner.shards...)
	s.collectors = append(s.collectors, inner.collectors...)
}

// appendIf appends h to *list if it implements the list's interface.
func appendIf[H any](list *[]H, h Hook) {
	if v, ok := h.(H); ok {
		*list = append(*list, v)
	}
}

// OnMessageIn reports a message delivered to the application, before it
// reaches any stream, and returns its token.
func (s *Sensor) OnMessageIn(ctx context.Context, tp TopicPartition, offset int64) Message {
	m := Message{TopicPartition: tp, Offset: offset}
	if s == nil {
		return m
	}
	return s.messageIn(ctx, m)
}

func (s *Sensor) messageIn(ctx context.Context, m Message) Message {
	if len(s.messages) == 0 {
		return m
	}
	m.stamp = untimed
	for _, h := range s.messages {
		h.OnMessageIn(ctx, m)
	}
	return m
}

// OnMessageOut reports that the message is fully acknowledged.
func (s *Sensor) OnMessageOut(ctx context.Context, m Message) {
	if s == nil {
		return
	}
	for _, h := range s.messages {
		h.OnMessageOut(ctx, m)
	}
}

// OnTopicBufferFull reports that a partition's buffer is full and the
// consumer has to wait.
func (s *Sensor) OnTopicBufferFull(ctx context.Context, tp TopicPartition) {
	if s == nil {
		return
	}
	for _, h := range s.messages {
		h.OnTopicBufferFull(ctx, tp)
	}
}

// OnStreamEventIn reports that stream starts processing the message m as an
// event, and returns the event's token.
func (s *Sensor) OnStreamEventIn(ctx context.Context, m Message, stream Stream) Event {
	if s == nil {
		return Event{TopicPartition: m.TopicPartition, Offset: m.Offset, Stream: stream}
	}
	return s.eventIn(ctx, m, stream)
}

func (s *Sensor) eventIn(ctx context.Context, m Message, stream Stream) Event {
	e := Event{TopicPartition: m.TopicPartition, Offset: m.Offset, Stream: stream}
	if len(s.events) == 0 {
		return e
	}
	e.stamp = now()
	for _, h := range s.events {
		h.OnStreamEventIn(ctx, e)
	}
	return e
}

// OnStreamEventOut reports that the stream is done with the event; err is
// what processing returned.
func (s *Sensor) OnStreamEventOut(ctx context.Context, e Event, err error) {
	if s == nil {
		return
	}
	for _, h := range s.events {
		h.OnStreamEventOut(ctx, e, err)
	}
}

// OnTableGet reports a key read from table.
func (s *Sensor) OnTableGet(ctx context.Context, table string) {
	if s == nil {
		return
	}
	for _, h := range s.tables {
		h.OnTableGet(ctx, table)
	}
}

// OnTableSet reports a key created or changed in table.
func (s *Sensor) OnTableSet(ctx context.Context, table string) {
	if s == nil {
		return
	}
	for _, h := range s.tables {
		h.OnTableSet(ctx, table)
	}
}

// OnTableDel reports a key deleted from table.
func (s *Sensor) OnTableDel(ctx context.Context, table string) {
	if s == nil {
		return
	}
	for _, h := range s.tables {
		h.OnTableDel(ctx, table)
	}
}

// OnCommitInitiated reports that the consumer is about to commit, and
// returns the commit's token.
func (s *Sensor) OnCommitInitiated(ctx context.Context) Commit {
	var c Commit
	if s == nil {
		return c
	}
	return s.commitInitiated(ctx, c)
}

func (s *Sensor) commitInitiated(ctx context.Context, c Commit) Commit {
	if len(s.commits) == 0 {
		return c
	}
	c.stamp = now()
	for _, h := range s.commits {
		h.OnCommitInitiated(ctx, c)
	}
	return c
}

// OnCommitCompleted reports that the commit ended; err is its error.
func (s *Sensor) OnCommitCompleted(ctx context.Context, c Commit, err error) {
	if s == nil {
		return
	}
	for _, h := range s.commits {
		h.OnCommitCompleted(ctx, c, err)
	}
}

// OnOffsetCommitted reports a partition's committed offset: the offset of
// the next message to read, as Kafka commits it (the last processed offset
// plus one). Lag is the end offset minus this one.
func (s *Sensor) OnOffsetCommitted(ctx context.Context, tp TopicPartition, next int64) {
	if s == nil {
		return
	}
	for _, h := range s.offsets {
		h.OnOffsetCommitted(ctx, tp, next)
	}
}

// OnEndOffset reports a partition's log end offset (Kafka's high watermark):
// the offset the next message written to it will get.
func (s *Sensor) OnEndOffset(ctx context.Context, tp TopicPartition, end int64) {
	if s == nil {
		return
	}
	for _, h := range s.offsets {
		h.OnEndOffset(ctx, tp, end)
	}
}

// OnLag reports how many messages the consumer of tp is behind, for brokers
// whose positions are not int64 offsets; a negative count, that the broker
// cannot tell now. Report a partition's lag with OnLag or with its offsets,
// not both.
func (s *Sensor) OnLag(ctx context.Context, tp TopicPartition, messages int64) {
	if s == nil {
		return
	}
	for _, h := range s.offsets {
		h.OnLag(ctx, tp, messages)
	}
}

// OnPending reports how many messages of tp were delivered to the consumer
// and not yet acknowledged; a negative count, that it is unknown.
func (s *Sensor) OnPending(ctx context.Context, tp TopicPartition, messages int64) {
	if s == nil {
		return
	}
	for _, h := range s.offsets {
		h.OnPending(ctx, tp, messages)
	}
}

// OnSendInitiated reports a message handed to the producer for topic, and
// returns the send's token.
func (s *Sensor) OnSendInitiated(ctx context.Context, topic string) Send {
	snd := Send{Topic: topic}
	if s == nil {
		return snd
	}
	return s.sendInitiated(ctx, snd)
}

func (s *Sensor) sendInitiated(ctx context.Context, snd Send) Send {
	if len(s.sends) == 0 {
		return snd
	}
	snd.stamp = now()
	for _, h := range s.sends {
		h.OnSendInitiated(ctx, snd)
	}
	return snd
}

// OnSendCompleted reports that the broker acknowledged the message, written
// to partition at offset; pass a negative partition or offset when the
// broker does not tell.
func (s *Sensor) OnSendCompleted(ctx context.Context, snd Send, partition int32, offset int64) {
	if s == nil {
		return
	}
	for _, h := range s.sends {
		h.OnSendCompleted(ctx, snd, partition, offset)
	}
}

// OnSendError reports that the producer failed to send the message.
func (s *Sensor) OnSendError(ctx context.Context, snd Send, err error) {
	if s == nil {
		return
	}
	for _, h := range s.sends {
		h.OnSendError(ctx, snd, err)
	}
}

// OnAssignmentStart reports that the partition assignor starts, and returns
// the assignment's token.
func (s *Sensor) OnAssignmentStart(ctx context.Context) Assignment {
	var a Assignment
	if s == nil {
		return a
	}
	return s.assignmentStart(ctx, a)
}

func (s *Sensor) assignmentStart(ctx context.Context, a Assignment) Assignment {
	if len(s.assignments) == 0 {
		return a
	}
	a.stamp = now()
	for _, h := range s.assignments {
		h.OnAssignmentStart(ctx, a)
	}
	return a
}

// OnAssignmentError reports that the assignment failed.
func (s *Sensor) OnAssignmentError(ctx context.Context, a Assignment, err error) {
	if s == nil {
		return
	}
	for _, h := range s.assignments {
		h.OnAssignmentError(ctx, a, err)
	}
}

// OnAssignmentCompleted reports that the assignment completed.
func (s *Sensor) OnAssignmentCompleted(ctx context.Context, a Assignment) {
	if s == nil {
		return
	}
	for _, h := range s.assignments {
		h.OnAssignmentCompleted(ctx, a)
	}
}

// OnRebalanceStart reports that a consumer group rebalance starts, and
// returns its token.
func (s *Sensor) OnRebalanceStart(ctx context.Context) Rebalance {
	var r Rebalance
	if s == nil {
		return r
	}
	return s.rebalanceStart(ctx, r)
}

func (s *Sensor) rebalanceStart(ctx context.Context, r Rebalance) Rebalance {
	if len(s.rebalances) == 0 {
		return r
	}
	r.stamp = now()
	for _, h := range s.rebalances {
		h.OnRebalanceStart(ctx, r)
	}
	return r
}

// OnRebalanceReturn reports that the consumer replied to the group that its
// assignment is done.
func (s *Sensor) OnRebalanceReturn(ctx context.Context, r Rebalance) {
	if s == nil {
		return
	}
	for _, h := range s.rebalances {
		h.OnRebalanceReturn(ctx, r)
	}
}

// OnRebalanceEnd reports that the rebalance fully completed, recovery
// included.
func (s *Sensor) OnRebalanceEnd(ctx context.Context, r Rebalance) {
	if s == nil {
		return
	}
	for _, h := range s.rebalances {
		h.OnRebalanceEnd(ctx, r)
	}
}

// OnWebRequestStart reports that the web server starts the request req (its
// Method, Scheme and Route), and returns it started.
func (s *Sensor) OnWebRequestStart(ctx context.Context, req WebRequest) WebRequest {
	if s == nil {
		return req
	}
	return s.webRequestStart(ctx, req)
}

func (s *Sensor) webRequestStart(ctx context.Context, req WebRequest) WebRequest {
	if len(s.web) == 0 {
		return req
	}
	req.stamp = now()
	for _, h := range s.web {
		h.OnWebRequestStart(ctx, req)
	}
	return req
}

// OnWebRequestEnd reports that the web server finished the request with the
// given status code.
func (s *Sensor) OnWebRequestEnd(ctx context.Context, req WebRequest, status int) {
	if s == nil {
		return
	}
	for _, h := range s.web {
		h.OnWebRequestEnd(ctx, req, status)
	}
}

// OnHandleStart reports that the handler of destination received a message
// whose body has size bytes (negative when unknown), and returns its token.
func (s *Sensor) OnHandleStart(ctx context.Context, destination string, size int) Handle {
	h := Handle{Destination: destination, Size: size}
	if s == nil {
		return h
	}
	return s.handleStart(ctx, h)
}

func (s *Sensor) handleStart(ctx context.Context, h Handle) Handle {
	if len(s.handlers) == 0 {
		return h
	}
	h.stamp = now()
	for _, hk := range s.handlers {
		hk.OnHandleStart(ctx, h)
	}
	return h
}

// OnHandleEnd reports that the handler returned: status says how the
// message was settled, and err, for StatusError, why it failed.
func (s *Sensor) OnHandleEnd(ctx context.Context, h Handle, status Status, err error) {
	if s == nil {
		return
	}
	for _, hk := range s.handlers {
		hk.OnHandleEnd(ctx, h, status, err)
	}
}

// OnBatchStart reports that a batching producer starts sending (flushing) a
// batch to stream, and returns its token.
func (s *Sensor) OnBatchStart(ctx context.Context, stream string) Batch {
	b := Batch{Stream: stream}
	if s == nil {
		return b
	}
	return s.batchStart(ctx, b)
}

func (s *Sensor) batchStart(ctx context.Context, b Batch) Batch {
	if len(s.producers) == 0 {
		return b
	}
	b.stamp = now()
	for _, h := range s.producers {
		h.OnBatchStart(ctx, b)
	}
	return b
}

// OnBatchSent reports that the batch of records messages and bytes bytes was
// sent, or failed with err.
func (s *Sensor) OnBatchSent(ctx context.Context, b Batch, records, bytes int, err error) {
	if s == nil {
		return
	}
	for _, h := range s.producers {
		h.OnBatchSent(ctx, b, records, bytes, err)
	}
}

// OnThrottle reports that the broker throttled the producer of stream.
func (s *Sensor) OnThrottle(ctx context.Context, stream string) {
	if s == nil {
		return
	}
	for _, h := range s.producers {
		h.OnThrottle(ctx, stream)
	}
}

// OnProducerQueue reports how many messages wait in the producer's queue
// for stream.
func (s *Sensor) OnProducerQueue(ctx context.Context, stream string, size int) {
	if s == nil {
		return
	}
	for _, h := range s.producers {
		h.OnProducerQueue(ctx, stream, size)
	}
}

// OnRecords reports a fetch that returned records records of bytes bytes in
// all. It counts consumed messages: call it instead of OnMessageIn for each
// record.
func (s *Sensor) OnRecords(ctx context.Context, tp TopicPartition, records, bytes int) {
	if s == nil {
		return
	}
	for _, h := range s.consumers {
		h.OnRecords(ctx, tp, records, bytes)
	}
}

// OnReceiveError reports a failed fetch.
func (s *Sensor) OnReceiveError(ctx context.Context, tp TopicPartition, err error) {
	if s == nil {
		return
	}
	for _, h := range s.consumers {
		h.OnReceiveError(ctx, tp, err)
	}
}

// OnCheckpoint reports a checkpoint written, or failed with err.
func (s *Sensor) OnCheckpoint(ctx context.Context, tp TopicPartition, err error) {
	if s == nil {
		return
	}
	for _, h := range s.consumers {
		h.OnCheckpoint(ctx, tp, err)
	}
}

// OnRedelivered reports n messages of tp delivered again.
func (s *Sensor) OnRedelivered(ctx context.Context, tp TopicPartition, n int) {
	if s == nil {
		return
	}
	for _, h := range s.consumers {
		h.OnRedelivered(ctx, tp, n)
	}
}

// OnDropped reports n messages of tp that the client dropped before
// delivering them.
func (s *Sensor) OnDropped(ctx context.Context, tp TopicPartition, n int) {
	if s == nil {
		return
	}
	for _, h := range s.consumers {
		h.OnDropped(ctx, tp, n)
	}
}

// OnIteratorAge reports how far the consumer of tp is behind the newest
// record in time, or the age of the message just received.
func (s *Sensor) OnIteratorAge(ctx context.Context, tp TopicPartition, age time.Duration) {
	if s == nil {
		return
	}
	for _, h := range s.consumers {
		h.OnIteratorAge(ctx, tp, age)
	}
}

// OnConsumerQueue reports how many records wait in the consumer's queue for
// stream.
func (s *Sensor) OnConsumerQueue(ctx context.Context, stream string, size int) {
	if s == nil {
		return
	}
	for _, h := range s.consumers {
		h.OnConsumerQueue(ctx, stream, size)
	}
}

// OnShards reports the numbers of active and closed shards of stream.
func (s *Sensor) OnShards(ctx context.Context, stream string, active, closed int) {
	if s == nil {
		return
	}
	for _, h := range s.shards {
		h.OnShards(ctx, stream, active, closed)
	}
}

// OnReshard reports that the shards of stream were split or merged.
func (s *Sensor) OnReshard(ctx context.Context, stream string) {
	if s == nil {
		return
	}
	for _, h := range s.shards {
		h.OnReshard(ctx, stream)
	}
}
