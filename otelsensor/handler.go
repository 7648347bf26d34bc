package otelsensor

import (
	"cmp"
	"context"
	"sync/atomic"

	"github.com/streamotel/streamotel/internal/series"
	"github.com/streamotel/streamotel/semconv"
)

// Messages in handlers (HandlerHook), FastStream's subscriber middleware:
// received, in process, settled by status, failed by error type.

var _ HandlerHook = (*Monitor)(nil)

// handle is the Monitor's state of handlers.
type handle struct {
	handlers *series.Map[string, handler]
}

// handler is the state of the handlers of one destination.
type handler struct {
	name       string // the destination, cleaned
	received   atomic.Int64
	active     gauge
	status     [numStatuses]atomic.Int64
	attrs      opts        // system, group, destination
	recv       opts        // attrs plus operation name receive
	proc       *variantsOf // attrs plus operation name process, by error.type
	statusOpts [numStatuses]opts
}

func newHandler(name string, attrs opts) *handler {
	h := &handler{
		name:  name,
		attrs: attrs,
		recv:  attrs.with(semconv.MessagingOperationName.String(semconv.OperationReceive)),
		proc:  newVariantsOf(attrs.with(semconv.MessagingOperationName.String(semconv.OperationProcess))),
	}
	for s := range numStatuses {
		h.statusOpts[s] = h.proc.ok.with(semconv.MessageStatus.String(s.String()))
	}
	return h
}

func (m *Monitor) initHandle() {
	m.handle.handlers = newMap(m, func(dest string) *handler {
		return newHandler(dest, m.group.with(semconv.MessagingDestinationName.String(dest)))
	}, func() *handler { return newHandler(OverflowName, m.group.with(m.overflow)) }).WithClean(clean).WithFront(series.StringHint)
}

// OnHandleStart counts a message the handler of the destination received
// (messaging.client.consumed.messages), records its size and marks it in
// process (streamotel.messages.active).
func (m *Monitor) OnHandleStart(ctx context.Context, h Handle) {
	if m.closed.Load() {
		return
	}
	s := m.handle.handlers.Get(h.Destination)
	s.received.Add(1)
	s.active.add(1)
	if h.Size >= 0 {
		record(ctx, m.inst.messageSize, float64(h.Size), s.attrs)
	}
}

// OnHandleEnd counts the message by status, and an error by error.type; it
// records messaging.process.duration, with error.type for StatusError. A
// StatusError without an error is reported as error.type "unknown"; a status
// out of range as StatusError. Given a token that did not start it counts
// only.
func (m *Monitor) OnHandleEnd(ctx context.Context, h Handle, status Status, err error) {
	if m.closed.Load() {
		return
	}
	if status >= numStatuses {
		status = StatusError
	}
	s := m.handle.handlers.Get(h.Destination)
	s.status[status].Add(1)
	var failed error
	if status == StatusError {
		failed = cmp.Or(err, errUnknown)
	}
	o := m.attrs(s.proc, failed, 1)
	e, ok := m.end(h.stamp)
	if !ok {
		return
	}
	s.active.add(-1)
	record(ctx, m.inst.processDuration, e.secs, o)
}

func (m *Monitor) observeHandle(o observer) {
	i := &m.inst
	m.handle.handlers.Each(func(h *handler) {
		o.value(i.consumed, h.received.Load(), h.recv)
		o.value(i.messagesActive, h.active.get(), h.attrs)
		for s := range numStatuses {
			o.count(i.processed, h.status[s].Load(), h.statusOpts[s])
		}
		o.errors(i.processErrors, h.proc.errors)
	})
}

// snapshotHandle adds the handlers' messages to Faust's message counts, so
// that a worker built on handlers shows its traffic.
func (m *Monitor) snapshotHandle(s *Snapshot) {
	m.handle.handlers.Each(func(h *handler) {
		n := h.received.Load()
		s.MessagesReceivedTotal += n
		s.MessagesActive += h.active.get()
		s.MessagesReceivedByTopic[h.name] += n
		st := s.Handlers[h.name]
		st.Received += n
		st.Acked += h.status[StatusAcked].Load()
		st.Nacked += h.status[StatusNacked].Load()
		st.Rejected += h.status[StatusRejected].Load()
		st.Skipped += h.status[StatusSkipped].Load()
		st.Errors += h.status[StatusError].Load()
		s.Handlers[h.name] = st
	})
}
