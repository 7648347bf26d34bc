package slogsensor

import (
	"context"
	"log/slog"
	"time"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// The Hook implements every hook interface but CollectHook: it reads
// nothing at collection time.
var (
	_ otelsensor.MessageHook    = (*Hook)(nil)
	_ otelsensor.EventHook      = (*Hook)(nil)
	_ otelsensor.TableHook      = (*Hook)(nil)
	_ otelsensor.CommitHook     = (*Hook)(nil)
	_ otelsensor.OffsetHook     = (*Hook)(nil)
	_ otelsensor.SendHook       = (*Hook)(nil)
	_ otelsensor.AssignmentHook = (*Hook)(nil)
	_ otelsensor.RebalanceHook  = (*Hook)(nil)
	_ otelsensor.WebHook        = (*Hook)(nil)
	_ otelsensor.HandlerHook    = (*Hook)(nil)
	_ otelsensor.ProducerHook   = (*Hook)(nil)
	_ otelsensor.ConsumerHook   = (*Hook)(nil)
	_ otelsensor.ShardHook      = (*Hook)(nil)
)

// OnMessageIn logs "message in": topic, partition and offset.
func (hk *Hook) OnMessageIn(ctx context.Context, msg otelsensor.Message) {
	if r := hk.rule(ctx, "OnMessageIn", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.partition(msg.TopicPartition).offset(msg.Offset).list()...)
	}
}

// OnMessageOut logs "message out": topic, partition, offset and duration.
func (hk *Hook) OnMessageOut(ctx context.Context, msg otelsensor.Message) {
	if r := hk.rule(ctx, "OnMessageOut", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, since(a.partition(msg.TopicPartition).offset(msg.Offset), msg).list()...)
	}
}

// OnTopicBufferFull logs "topic buffer full": topic and partition.
func (hk *Hook) OnTopicBufferFull(ctx context.Context, tp otelsensor.TopicPartition) {
	if r := hk.rule(ctx, "OnTopicBufferFull", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.partition(tp).list()...)
	}
}

// OnStreamEventIn logs "stream event in": topic, partition, offset, stream
// and task.
func (hk *Hook) OnStreamEventIn(ctx context.Context, ev otelsensor.Event) {
	if r := hk.rule(ctx, "OnStreamEventIn", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.partition(ev.TopicPartition).offset(ev.Offset).stream(ev.Stream).list()...)
	}
}

// OnStreamEventOut logs "stream event out": topic, partition, offset,
// stream, task, duration and error.
func (hk *Hook) OnStreamEventOut(ctx context.Context, ev otelsensor.Event, err error) {
	if r := hk.rule(ctx, "OnStreamEventOut", err); r != nil {
		var a attrs
		hk.log(ctx, r, err, since(a.partition(ev.TopicPartition).offset(ev.Offset).stream(ev.Stream), ev).list()...)
	}
}

// OnTableGet logs "table get": the table.
func (hk *Hook) OnTableGet(ctx context.Context, table string) {
	if r := hk.rule(ctx, "OnTableGet", nil); r != nil {
		hk.log(ctx, r, nil, slog.String(string(semconv.TableName), table))
	}
}

// OnTableSet logs "table set": the table.
func (hk *Hook) OnTableSet(ctx context.Context, table string) {
	if r := hk.rule(ctx, "OnTableSet", nil); r != nil {
		hk.log(ctx, r, nil, slog.String(string(semconv.TableName), table))
	}
}

// OnTableDel logs "table del": the table.
func (hk *Hook) OnTableDel(ctx context.Context, table string) {
	if r := hk.rule(ctx, "OnTableDel", nil); r != nil {
		hk.log(ctx, r, nil, slog.String(string(semconv.TableName), table))
	}
}

// OnCommitInitiated logs "commit initiated".
func (hk *Hook) OnCommitInitiated(ctx context.Context, c otelsensor.Commit) {
	if r := hk.rule(ctx, "OnCommitInitiated", nil); r != nil {
		hk.log(ctx, r, nil)
	}
}

// OnCommitCompleted logs "commit completed": duration and error.
func (hk *Hook) OnCommitCompleted(ctx context.Context, c otelsensor.Commit, err error) {
	if r := hk.rule(ctx, "OnCommitCompleted", err); r != nil {
		var a attrs
		hk.log(ctx, r, err, since(&a, c).list()...)
	}
}

// OnOffsetCommitted logs "offset committed": topic, partition and the
// committed offset, the next one to read.
func (hk *Hook) OnOffsetCommitted(ctx context.Context, tp otelsensor.TopicPartition, next int64) {
	if r := hk.rule(ctx, "OnOffsetCommitted", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.partition(tp).offset(next).list()...)
	}
}

// OnEndOffset logs "end offset": topic, partition and the end offset.
func (hk *Hook) OnEndOffset(ctx context.Context, tp otelsensor.TopicPartition, end int64) {
	if r := hk.rule(ctx, "OnEndOffset", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.partition(tp).offset(end).list()...)
	}
}

// OnLag logs "lag": topic, partition and the messages behind.
func (hk *Hook) OnLag(ctx context.Context, tp otelsensor.TopicPartition, messages int64) {
	if r := hk.rule(ctx, "OnLag", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.partition(tp).add(slog.Int64(LagKey, messages)).list()...)
	}
}

// OnPending logs "pending": topic, partition and the messages waiting for an
// acknowledgement.
func (hk *Hook) OnPending(ctx context.Context, tp otelsensor.TopicPartition, messages int64) {
	if r := hk.rule(ctx, "OnPending", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.partition(tp).add(slog.Int64(PendingKey, messages)).list()...)
	}
}

// OnSendInitiated logs "send initiated": the topic.
func (hk *Hook) OnSendInitiated(ctx context.Context, s otelsensor.Send) {
	if r := hk.rule(ctx, "OnSendInitiated", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.topic(s.Topic).list()...)
	}
}

// OnSendCompleted logs "send completed": topic, the partition and offset
// written to (each when known) and duration.
func (hk *Hook) OnSendCompleted(ctx context.Context, s otelsensor.Send, partition int32, offset int64) {
	if r := hk.rule(ctx, "OnSendCompleted", nil); r != nil {
		var a attrs
		a.topic(s.Topic)
		if partition >= 0 {
			a.add(slog.Int(string(semconv.MessagingDestinationPartition), int(partition)))
		}
		if offset >= 0 {
			a.offset(offset)
		}
		hk.log(ctx, r, nil, since(&a, s).list()...)
	}
}

// OnSendError logs "send error": topic, duration and error.
func (hk *Hook) OnSendError(ctx context.Context, s otelsensor.Send, err error) {
	if r := hk.rule(ctx, "OnSendError", err); r != nil {
		var a attrs
		hk.log(ctx, r, err, since(a.topic(s.Topic), s).list()...)
	}
}

// OnAssignmentStart logs "assignment start".
func (hk *Hook) OnAssignmentStart(ctx context.Context, as otelsensor.Assignment) {
	if r := hk.rule(ctx, "OnAssignmentStart", nil); r != nil {
		hk.log(ctx, r, nil)
	}
}

// OnAssignmentError logs "assignment error": duration and error.
func (hk *Hook) OnAssignmentError(ctx context.Context, as otelsensor.Assignment, err error) {
	if r := hk.rule(ctx, "OnAssignmentError", err); r != nil {
		var a attrs
		hk.log(ctx, r, err, since(&a, as).list()...)
	}
}

// OnAssignmentCompleted logs "assignment completed": duration.
func (hk *Hook) OnAssignmentCompleted(ctx context.Context, as otelsensor.Assignment) {
	if r := hk.rule(ctx, "OnAssignmentCompleted", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, since(&a, as).list()...)
	}
}

// OnRebalanceStart logs "rebalance start".
func (hk *Hook) OnRebalanceStart(ctx context.Context, rb otelsensor.Rebalance) {
	if r := hk.rule(ctx, "OnRebalanceStart", nil); r != nil {
		hk.log(ctx, r, nil)
	}
}

// OnRebalanceReturn logs "rebalance return": duration since the start.
func (hk *Hook) OnRebalanceReturn(ctx context.Context, rb otelsensor.Rebalance) {
	if r := hk.rule(ctx, "OnRebalanceReturn", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, since(&a, rb).list()...)
	}
}

// OnRebalanceEnd logs "rebalance end": duration since the start.
func (hk *Hook) OnRebalanceEnd(ctx context.Context, rb otelsensor.Rebalance) {
	if r := hk.rule(ctx, "OnRebalanceEnd", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, since(&a, rb).list()...)
	}
}

// OnWebRequestStart logs "web request start": method, scheme and route.
func (hk *Hook) OnWebRequestStart(ctx context.Context, req otelsensor.WebRequest) {
	if r := hk.rule(ctx, "OnWebRequestStart", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.web(req).list()...)
	}
}

// OnWebRequestEnd logs "web request end": method, scheme, route, status
// code and duration.
func (hk *Hook) OnWebRequestEnd(ctx context.Context, req otelsensor.WebRequest, status int) {
	if r := hk.rule(ctx, "OnWebRequestEnd", nil); r != nil {
		var a attrs
		a.web(req).add(slog.Int(string(semconv.HTTPResponseStatusCode), status))
		hk.log(ctx, r, nil, since(&a, req).list()...)
	}
}

// OnHandleStart logs "handle start": the destination and, when known, the
// body size.
func (hk *Hook) OnHandleStart(ctx context.Context, h otelsensor.Handle) {
	if r := hk.rule(ctx, "OnHandleStart", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, handle(&a, h).list()...)
	}
}

// OnHandleEnd logs "handle end": the destination, the body size when known,
// status, duration and error.
func (hk *Hook) OnHandleEnd(ctx context.Context, h otelsensor.Handle, status otelsensor.Status, err error) {
	if r := hk.rule(ctx, "OnHandleEnd", err); r != nil {
		var a attrs
		handle(&a, h).add(slog.String(string(semconv.MessageStatus), status.String()))
		hk.log(ctx, r, err, since(&a, h).list()...)
	}
}

func handle(a *attrs, h otelsensor.Handle) *attrs {
	a.topic(h.Destination)
	if h.Size >= 0 {
		a.add(slog.Int(BodySizeKey, h.Size))
	}
	return a
}

// OnBatchStart logs "batch start": the stream.
func (hk *Hook) OnBatchStart(ctx context.Context, b otelsensor.Batch) {
	if r := hk.rule(ctx, "OnBatchStart", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.topic(b.Stream).list()...)
	}
}

// OnBatchSent logs "batch sent": stream, messages, bytes, duration and
// error.
func (hk *Hook) OnBatchSent(ctx context.Context, b otelsensor.Batch, records, bytes int, err error) {
	if r := hk.rule(ctx, "OnBatchSent", err); r != nil {
		var a attrs
		a.topic(b.Stream).add(slog.Int(CountKey, records), slog.Int(BytesKey, bytes))
		hk.log(ctx, r, err, since(&a, b).list()...)
	}
}

// OnThrottle logs "throttle": the stream.
func (hk *Hook) OnThrottle(ctx context.Context, stream string) {
	if r := hk.rule(ctx, "OnThrottle", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.topic(stream).list()...)
	}
}

// OnProducerQueue logs "producer queue": stream and queue size.
func (hk *Hook) OnProducerQueue(ctx context.Context, stream string, size int) {
	if r := hk.rule(ctx, "OnProducerQueue", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.topic(stream).add(slog.Int(QueueSizeKey, size)).list()...)
	}
}

// OnRecords logs "records": topic, partition, messages and bytes.
func (hk *Hook) OnRecords(ctx context.Context, tp otelsensor.TopicPartition, records, bytes int) {
	if r := hk.rule(ctx, "OnRecords", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.partition(tp).add(slog.Int(CountKey, records), slog.Int(BytesKey, bytes)).list()...)
	}
}

// OnReceiveError logs "receive error": topic, partition and error.
func (hk *Hook) OnReceiveError(ctx context.Context, tp otelsensor.TopicPartition, err error) {
	if r := hk.rule(ctx, "OnReceiveError", err); r != nil {
		var a attrs
		hk.log(ctx, r, err, a.partition(tp).list()...)
	}
}

// OnCheckpoint logs "checkpoint": topic, partition and error.
func (hk *Hook) OnCheckpoint(ctx context.Context, tp otelsensor.TopicPartition, err error) {
	if r := hk.rule(ctx, "OnCheckpoint", err); r != nil {
		var a attrs
		hk.log(ctx, r, err, a.partition(tp).list()...)
	}
}

// OnRedelivered logs "redelivered": topic, partition and messages.
func (hk *Hook) OnRedelivered(ctx context.Context, tp otelsensor.TopicPartition, n int) {
	if r := hk.rule(ctx, "OnRedelivered", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.partition(tp).add(slog.Int(CountKey, n)).list()...)
	}
}

// OnDropped logs "dropped": topic, partition and messages.
func (hk *Hook) OnDropped(ctx context.Context, tp otelsensor.TopicPartition, n int) {
	if r := hk.rule(ctx, "OnDropped", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.partition(tp).add(slog.Int(CountKey, n)).list()...)
	}
}

// OnIteratorAge logs "iterator age": topic, partition and age.
func (hk *Hook) OnIteratorAge(ctx context.Context, tp otelsensor.TopicPartition, age time.Duration) {
	if r := hk.rule(ctx, "OnIteratorAge", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.partition(tp).add(slog.Float64(AgeKey, age.Seconds())).list()...)
	}
}

// OnConsumerQueue logs "consumer queue": stream and queue size.
func (hk *Hook) OnConsumerQueue(ctx context.Context, stream string, size int) {
	if r := hk.rule(ctx, "OnConsumerQueue", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.topic(stream).add(slog.Int(QueueSizeKey, size)).list()...)
	}
}

// OnShards logs "shards": stream and the numbers of active and closed
// shards.
func (hk *Hook) OnShards(ctx context.Context, stream string, active, closed int) {
	if r := hk.rule(ctx, "OnShards", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.topic(stream).add(slog.Int(ActiveShardsKey, active), slog.Int(ClosedShardsKey, closed)).list()...)
	}
}

// OnReshard logs "reshard": the stream.
func (hk *Hook) OnReshard(ctx context.Context, stream string) {
	if r := hk.rule(ctx, "OnReshard", nil); r != nil {
		var a attrs
		hk.log(ctx, r, nil, a.topic(stream).list()...)
	}
}
