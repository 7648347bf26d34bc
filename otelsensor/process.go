package otelsensor

import (
	"context"
	"strconv"

	"github.com/streamotel/streamotel/internal/series"
	"github.com/streamotel/streamotel/semconv"
)

// Stream events (EventHook): counted by stream and task, timed by stream and
// partition.

var _ EventHook = (*Monitor)(nil)

// process is the Monitor's state of stream events.
type process struct {
	streams   *series.Map[Stream, stream]
	processes *series.Map[processKey, variantsOf]
	runtime   *history // Faust's events_runtime
}

// stream is the state of one stream and its owning task.
type stream struct {
	name, task string
	events     pair // events, and events in progress
	attrs      opts
}

// processKey identifies the processing series of one stream on one
// partition.
type processKey struct {
	tp     TopicPartition
	stream string
}

func (m *Monitor) initProcess() {
	overflow := m.group.with(m.overflow)
	m.process.runtime = newHistory(m.cfg.avgHistory)
	m.process.streams = newMap(m, func(k Stream) *stream {
		s := &stream{name: k.Name, task: k.Task}
		s.attrs = m.group.with(semconv.StreamName.String(s.name), semconv.TaskName.String(s.task))
		return s
	}, func() *stream {
		return &stream{name: OverflowName, task: OverflowName, attrs: overflow}
	}).WithClean(func(k Stream) Stream {
		return Stream{Name: clean(k.Name), Task: clean(k.Task)}
	}).WithFront(func(k Stream) uint {
		return series.StringHint(k.Name)*33 + series.StringHint(k.Task)
	})
	m.process.processes = newMap(m, func(k processKey) *variantsOf {
		return newVariantsOf(m.group.with(
			semconv.MessagingOperationName.String(semconv.OperationProcess),
			semconv.MessagingDestinationName.String(k.tp.Topic),
			semconv.MessagingDestinationPartition.String(strconv.Itoa(int(k.tp.Partition))),
			semconv.StreamName.String(k.stream)))
	}, func() *variantsOf { return newVariantsOf(overflow) }).WithClean(func(k processKey) processKey {
		return processKey{tp: cleanPartition(k.tp), stream: clean(k.stream)}
	}).WithFront(func(k processKey) uint {
		return partitionHint(k.tp)*33 + series.StringHint(k.stream)
	})
}

// OnStreamEventIn counts an event of the stream and marks it active.
func (m *Monitor) OnStreamEventIn(ctx context.Context, ev Event) {
	if !m.closed.Load() {
		m.process.streams.Get(ev.Stream).events.add(stripeOf(ev.Partition), 1, 1)
	}
}

// OnStreamEventOut ends the event: it records messaging.process.duration,
// with error.type when err is not nil, and keeps the runtime for Faust's
// averages. Given a token that did not start it records nothing.
func (m *Monitor) OnStreamEventOut(ctx context.Context, ev Event, err error) {
	e, ok := m.end(ev.stamp)
	if m.closed.Load() || !ok {
		return
	}
	stripe := stripeOf(ev.Partition)
	m.process.streams.Get(ev.Stream).events.add(stripe, 0, -1)
	o := m.attrs(m.process.processes.Get(processKey{tp: ev.TopicPartition, stream: ev.Stream.Name}), err, 1)
	record(ctx, m.inst.processDuration, e.secs, o)
	m.process.runtime.add(stripe, e)
}

func (m *Monitor) observeProcess(o observer) {
	i := &m.inst
	m.process.streams.Each(func(s *stream) {
		total, active := s.events.load()
		o.value(i.streamEvents, total, s.attrs)
		o.value(i.eventsActive, max(active, 0), s.attrs)
	})
}

func (m *Monitor) snapshotProcess(s *Snapshot) {
	m.process.streams.Each(func(st *stream) {
		n, active := st.events.load()
		s.EventsTotal += n
		s.EventsByStream[st.name] += n
		s.EventsByTask[st.task] += n
		s.EventsActive += max(active, 0)
	})
	m.process.processes.Each(func(p *variantsOf) { s.EventsErrors += p.sum() })
	s.EventsRuntime = m.process.runtime.values()
	s.EventsRuntimeAvg = mean(s.EventsRuntime)
}
