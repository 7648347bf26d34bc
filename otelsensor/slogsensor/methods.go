package slogsensor

import (
	"context"
	"log/slog"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// maxAttrs is the most fields a record carries.
const maxAttrs = 8

// OnMessageIn logs MessageIn: topic, partition and offset.
func (s *Sensor) OnMessageIn(ctx context.Context, tp otelsensor.TopicPartition, off int64) otelsensor.State {
	if s.enabled(ctx, MessageIn) {
		t, p := topicPartition(tp)
		s.log(ctx, MessageIn, t, p, offset(off))
	}
	return otelsensor.Start()
}

// OnMessageOut logs MessageOut: topic, partition, offset and duration.
func (s *Sensor) OnMessageOut(ctx context.Context, tp otelsensor.TopicPartition, off int64, st otelsensor.State) {
	if s.enabled(ctx, MessageOut) {
		var buf [maxAttrs]slog.Attr
		t, p := topicPartition(tp)
		s.log(ctx, MessageOut, appendDuration(append(buf[:0], t, p, offset(off)), st)...)
	}
}

// OnStreamEventIn logs StreamEventIn: topic, partition, offset, stream and
// task.
func (s *Sensor) OnStreamEventIn(ctx context.Context, tp otelsensor.TopicPartition, off int64, stm otelsensor.Stream) otelsensor.State {
	if s.enabled(ctx, StreamEventIn) {
		t, p := topicPartition(tp)
		sn, tn := stream(stm)
		s.log(ctx, StreamEventIn, t, p, offset(off), sn, tn)
	}
	return otelsensor.Start()
}

// OnStreamEventOut logs StreamEventOut, or StreamEventError when err is not
// nil: topic, partition, offset, stream, task, duration and error.
func (s *Sensor) OnStreamEventOut(ctx context.Context, tp otelsensor.TopicPartition, off int64, stm otelsensor.Stream, st otelsensor.State, err error) {
	c := StreamEventOut
	if err != nil {
		c = StreamEventError
	}
	if s.enabled(ctx, c) {
		var buf [maxAttrs]slog.Attr
		t, p := topicPartition(tp)
		sn, tn := stream(stm)
		s.log(ctx, c, appendError(appendDuration(append(buf[:0], t, p, offset(off), sn, tn), st), err)...)
	}
}

// OnTableGet logs TableGet: the table.
func (s *Sensor) OnTableGet(ctx context.Context, name string) {
	if s.enabled(ctx, TableGet) {
		s.log(ctx, TableGet, table(name))
	}
}

// OnTableSet logs TableSet: the table.
func (s *Sensor) OnTableSet(ctx context.Context, name string) {
	if s.enabled(ctx, TableSet) {
		s.log(ctx, TableSet, table(name))
	}
}

// OnTableDel logs TableDel: the table.
func (s *Sensor) OnTableDel(ctx context.Context, name string) {
	if s.enabled(ctx, TableDel) {
		s.log(ctx, TableDel, table(name))
	}
}

// OnCommitInitiated logs CommitInitiated.
func (s *Sensor) OnCommitInitiated(ctx context.Context) otelsensor.State {
	if s.enabled(ctx, CommitInitiated) {
		s.log(ctx, CommitInitiated)
	}
	return otelsensor.Start()
}

// OnCommitCompleted logs CommitCompleted, or CommitError when err is not nil:
// duration and error.
func (s *Sensor) OnCommitCompleted(ctx context.Context, st otelsensor.State, err error) {
	c := CommitCompleted
	if err != nil {
		c = CommitError
	}
	if s.enabled(ctx, c) {
		var buf [maxAttrs]slog.Attr
		s.log(ctx, c, appendError(appendDuration(buf[:0], st), err)...)
	}
}

// OnOffsetCommitted logs OffsetCommitted: topic, partition and offset.
func (s *Sensor) OnOffsetCommitted(ctx context.Context, tp otelsensor.TopicPartition, off int64) {
	if s.enabled(ctx, OffsetCommitted) {
		t, p := topicPartition(tp)
		s.log(ctx, OffsetCommitted, t, p, offset(off))
	}
}

// OnEndOffset logs EndOffset: topic, partition and offset.
func (s *Sensor) OnEndOffset(ctx context.Context, tp otelsensor.TopicPartition, off int64) {
	if s.enabled(ctx, EndOffset) {
		t, p := topicPartition(tp)
		s.log(ctx, EndOffset, t, p, offset(off))
	}
}

// OnSendInitiated logs SendInitiated: topic and value size.
func (s *Sensor) OnSendInitiated(ctx context.Context, name string, keySize, valueSize int) otelsensor.State {
	if s.enabled(ctx, SendInitiated) {
		s.log(ctx, SendInitiated, topic(name), slog.Int(BodySizeKey, valueSize))
	}
	return otelsensor.Start()
}

// OnSendCompleted logs SendCompleted: topic, partition, offset and duration.
func (s *Sensor) OnSendCompleted(ctx context.Context, tp otelsensor.TopicPartition, off int64, st otelsensor.State) {
	if s.enabled(ctx, SendCompleted) {
		var buf [maxAttrs]slog.Attr
		t, p := topicPartition(tp)
		s.log(ctx, SendCompleted, appendDuration(append(buf[:0], t, p, offset(off)), st)...)
	}
}

// OnSendError logs SendError: topic, duration and error.
func (s *Sensor) OnSendError(ctx context.Context, name string, st otelsensor.State, err error) {
	if s.enabled(ctx, SendError) {
		var buf [maxAttrs]slog.Attr
		s.log(ctx, SendError, appendError(appendDuration(append(buf[:0], topic(name)), st), err)...)
	}
}

// OnTopicBufferFull logs TopicBufferFull: topic and partition.
func (s *Sensor) OnTopicBufferFull(ctx context.Context, tp otelsensor.TopicPartition) {
	if s.enabled(ctx, TopicBufferFull) {
		t, p := topicPartition(tp)
		s.log(ctx, TopicBufferFull, t, p)
	}
}

// OnAssignmentStart logs AssignmentStart.
func (s *Sensor) OnAssignmentStart(ctx context.Context) otelsensor.State {
	if s.enabled(ctx, AssignmentStart) {
		s.log(ctx, AssignmentStart)
	}
	return otelsensor.Start()
}

// OnAssignmentError logs AssignmentError: duration and error.
func (s *Sensor) OnAssignmentError(ctx context.Context, st otelsensor.State, err error) {
	if s.enabled(ctx, AssignmentError) {
		var buf [maxAttrs]slog.Attr
		s.log(ctx, AssignmentError, appendError(appendDuration(buf[:0], st), err)...)
	}
}

// OnAssignmentCompleted logs AssignmentCompleted: duration.
func (s *Sensor) OnAssignmentCompleted(ctx context.Context, st otelsensor.State) {
	s.logDuration(ctx, AssignmentCompleted, st)
}

// OnRebalanceStart logs RebalanceStart.
func (s *Sensor) OnRebalanceStart(ctx context.Context) otelsensor.State {
	if s.enabled(ctx, RebalanceStart) {
		s.log(ctx, RebalanceStart)
	}
	return otelsensor.Start()
}

// OnRebalanceReturn logs RebalanceReturn: duration since the rebalance
// started.
func (s *Sensor) OnRebalanceReturn(ctx context.Context, st otelsensor.State) {
	s.logDuration(ctx, RebalanceReturn, st)
}

// OnRebalanceEnd logs RebalanceEnd: duration since the rebalance started.
func (s *Sensor) OnRebalanceEnd(ctx context.Context, st otelsensor.State) {
	s.logDuration(ctx, RebalanceEnd, st)
}

// OnWebRequestStart logs WebRequestStart: method, scheme and route.
func (s *Sensor) OnWebRequestStart(ctx context.Context, req otelsensor.WebRequest) otelsensor.State {
	if s.enabled(ctx, WebRequestStart) {
		m, sc, r := web(req)
		s.log(ctx, WebRequestStart, m, sc, r)
	}
	return otelsensor.Start()
}

// OnWebRequestEnd logs WebRequestEnd: method, scheme, route, status code and
// duration.
func (s *Sensor) OnWebRequestEnd(ctx context.Context, req otelsensor.WebRequest, status int, st otelsensor.State) {
	if s.enabled(ctx, WebRequestEnd) {
		var buf [maxAttrs]slog.Attr
		m, sc, r := web(req)
		s.log(ctx, WebRequestEnd, appendDuration(append(buf[:0], m, sc, r, slog.Int(string(semconv.HTTPResponseStatusCode), status)), st)...)
	}
}

// logDuration logs a record of kind c whose only field is the duration.
func (s *Sensor) logDuration(ctx context.Context, c Callback, st otelsensor.State) {
	if s.enabled(ctx, c) {
		var buf [maxAttrs]slog.Attr
		s.log(ctx, c, appendDuration(buf[:0], st)...)
	}
}
