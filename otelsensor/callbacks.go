package otelsensor

import "context"

// OnMessageIn counts a received message, marks it active and records the
// partition's read offset. A negative offset is not recorded. No duration of
// a message is recorded, so the State it returns is untimed.
func (m *Monitor) OnMessageIn(ctx context.Context, tp TopicPartition, offset int64) State {
	if m.closed.Load() {
		return State{}
	}
	p := m.partitions.get(tp)
	p.received.Add(1)
	p.active.Add(1)
	p.read.set(offset)
	return State{start: untimed}
}

// OnMessageOut marks the message no longer active. Given the zero State (no
// OnMessageIn was seen) it changes nothing.
func (m *Monitor) OnMessageOut(ctx context.Context, tp TopicPartition, offset int64, st State) {
	if m.closed.Load() || !st.Started() {
		return
	}
	m.partitions.get(tp).active.Add(-1)
}

// OnStreamEventIn counts an event of the stream and marks it active.
func (m *Monitor) OnStreamEventIn(ctx context.Context, tp TopicPartition, offset int64, s Stream) State {
	if m.closed.Load() {
		return State{}
	}
	m.streams.get(s).events.add(shardOf(tp.Partition), 1, 1)
	return m.start()
}

// OnStreamEventOut ends the event: it records messaging.process.duration,
// with error.type when err is not nil, and keeps the runtime for Faust's
// averages. Given the zero State it records nothing.
func (m *Monitor) OnStreamEventOut(ctx context.Context, tp TopicPartition, offset int64, s Stream, st State, err error) {
	e, ok := m.end(st)
	if m.closed.Load() || !ok {
		return
	}
	m.streams.get(s).events.add(shardOf(tp.Partition), 0, -1)
	o := m.attrs(m.processes.get(processKey{tp: tp, stream: s.Name}), err)
	record(ctx, m.inst.processDuration, e.secs, o)
	m.eventsRuntime.add(shardOf(tp.Partition), e)
}

// OnTableGet counts a key read from the table.
func (m *Monitor) OnTableGet(ctx context.Context, table string) {
	if !m.closed.Load() {
		m.tables.get(table).gets.Add(1)
	}
}

// OnTableSet counts a key written to the table.
func (m *Monitor) OnTableSet(ctx context.Context, table string) {
	if !m.closed.Load() {
		m.tables.get(table).sets.Add(1)
	}
}

// OnTableDel counts a key deleted from the table.
func (m *Monitor) OnTableDel(ctx context.Context, table string) {
	if !m.closed.Load() {
		m.tables.get(table).dels.Add(1)
	}
}

// OnCommitInitiated starts timing a commit.
func (m *Monitor) OnCommitInitiated(ctx context.Context) State {
	return m.start()
}

// OnCommitCompleted records the commit's duration as
// messaging.client.operation.duration with operation type settle.
func (m *Monitor) OnCommitCompleted(ctx context.Context, st State, err error) {
	e, ok := m.end(st)
	if m.closed.Load() || !ok {
		return
	}
	o := m.attrs(&m.commit, err)
	record(ctx, m.inst.operationDuration, e.secs, o)
	m.commitLatency.add(0, e)
}

// OnOffsetCommitted records the partition's committed offset. A negative
// offset is not recorded.
func (m *Monitor) OnOffsetCommitted(ctx context.Context, tp TopicPartition, offset int64) {
	if !m.closed.Load() {
		m.partitions.get(tp).committed.set(offset)
	}
}

// OnEndOffset records the partition's log end offset. A negative offset is
// not recorded.
func (m *Monitor) OnEndOffset(ctx context.Context, tp TopicPartition, offset int64) {
	if !m.closed.Load() {
		m.partitions.get(tp).end.set(offset)
	}
}

// OnSendInitiated counts a message handed to the producer (Faust's
// messages_sent) and marks it active.
func (m *Monitor) OnSendInitiated(ctx context.Context, topic string, keySize, valueSize int) State {
	if m.closed.Load() {
		return State{}
	}
	m.topics.get(topic).initiated.Add(1)
	return m.start()
}

// OnSendCompleted counts a sent message and records the send's duration, by
// the partition sent to.
func (m *Monitor) OnSendCompleted(ctx context.Context, tp TopicPartition, offset int64, st State) {
	if m.closed.Load() {
		return
	}
	s := m.sendTo(tp)
	s.sent.Add(1)
	e, ok := m.end(st)
	if !ok {
		return
	}
	shard := shardOf(tp.Partition)
	s.topic.ends.add(shard, 1, 0)
	record(ctx, m.inst.operationDuration, e.secs, s.attrs)
	m.sendLatency.add(shard, e)
}

// sendTo returns the series of the sends to tp: one per partition until the
// cardinality limit, then the topic's own.
func (m *Monitor) sendTo(tp TopicPartition) *sendTo {
	if s := m.sends.get(tp); s != nil {
		return s
	}
	return &m.topics.get(tp.Topic).unknown
}

// OnSendError counts a failed send, with error.type, and records its
// duration.
func (m *Monitor) OnSendError(ctx context.Context, topic string, st State, err error) {
	if err == nil {
		err = errUnknown
	}
	if m.closed.Load() {
		return
	}
	t := m.topics.get(topic)
	o := m.attrs(&t.send, err)
	e, ok := m.end(st)
	if !ok {
		return
	}
	t.ends.add(0, 0, 1)
	record(ctx, m.inst.operationDuration, e.secs, o)
}

// OnTopicBufferFull counts that the partition's buffer was full.
func (m *Monitor) OnTopicBufferFull(ctx context.Context, tp TopicPartition) {
	if !m.closed.Load() {
		m.partitions.get(tp).bufferFull.Add(1)
	}
}

// OnAssignmentStart starts timing a partition assignment.
func (m *Monitor) OnAssignmentStart(ctx context.Context) State {
	return m.start()
}

// OnAssignmentError counts a failed assignment and records its duration.
func (m *Monitor) OnAssignmentError(ctx context.Context, st State, err error) {
	if err == nil {
		err = errUnknown
	}
	m.assignmentEnded(ctx, st, err)
}

// OnAssignmentCompleted counts a completed assignment and records its
// duration.
func (m *Monitor) OnAssignmentCompleted(ctx context.Context, st State) {
	m.assignmentEnded(ctx, st, nil)
}

func (m *Monitor) assignmentEnded(ctx context.Context, st State, err error) {
	if m.closed.Load() {
		return
	}
	o := m.attrs(&m.assign, err)
	if err == nil {
		m.assignOK.Add(1)
	}
	if e, ok := m.end(st); ok {
		record(ctx, m.inst.assignmentDuration, e.secs, o)
		m.assignmentLatency.add(0, e)
	}
}

// OnRebalanceStart counts a rebalance and forgets the offsets of every
// partition, so that revoked partitions stop being reported.
func (m *Monitor) OnRebalanceStart(ctx context.Context) State {
	if m.closed.Load() {
		return State{}
	}
	m.rebalances.Add(1)
	m.forgetPartitions()
	return m.start()
}

// OnRebalanceReturn records the time from the rebalance's start to its return.
func (m *Monitor) OnRebalanceReturn(ctx context.Context, st State) {
	if e, ok := m.end(st); ok && !m.closed.Load() {
		record(ctx, m.inst.rebalanceDuration, e.secs, m.rebalanceOpts[0])
		m.rebalanceReturn.add(0, e)
	}
}

// OnRebalanceEnd records the rebalance's full duration and forgets partition
// offsets again, as Faust does: offsets reported during the rebalance may
// belong to revoked partitions.
func (m *Monitor) OnRebalanceEnd(ctx context.Context, st State) {
	if m.closed.Load() {
		return
	}
	if e, ok := m.end(st); ok {
		record(ctx, m.inst.rebalanceDuration, e.secs, m.rebalanceOpts[1])
		m.rebalanceEnd.add(0, e)
	}
	m.forgetPartitions()
}

func (m *Monitor) forgetPartitions() {
	m.partitions.each(func(p *partition) {
		p.read.clear()
		p.committed.clear()
		p.end.clear()
	})
	m.forgetShards()
}

// OnWebRequestStart marks a request active.
func (m *Monitor) OnWebRequestStart(ctx context.Context, req WebRequest) State {
	if m.closed.Load() {
		return State{}
	}
	m.active.get(webKey{cleanMethod(req.Method), scheme(req.Scheme)}).n.Add(1)
	return m.start()
}

// OnWebRequestEnd counts the response by status code and records
// http.server.request.duration. Given the zero State it counts the response
// only.
func (m *Monitor) OnWebRequestEnd(ctx context.Context, req WebRequest, status int, st State) {
	if m.closed.Load() {
		return
	}
	method, sch := cleanMethod(req.Method), scheme(req.Scheme)
	r := m.requests.get(requestKey{method: method, scheme: sch, route: req.Route, status: status})
	r.n.Add(1)
	e, ok := m.end(st)
	if !ok {
		return
	}
	m.active.get(webKey{method, sch}).n.Add(-1)
	record(ctx, m.inst.httpDuration, e.secs, r.attrs)
	m.httpLatency.add(0, e)
}

func scheme(s string) string {
	if s == "" {
		return "http"
	}
	return s
}

func (m *Monitor) start() State {
	return State{start: m.now() + 1}
}
