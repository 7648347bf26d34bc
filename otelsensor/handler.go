package otelsensor

import "context"

var _ HandlerSensor = (*Monitor)(nil)

// OnHandleStart counts a message the handler of destination received
// (messaging.client.consumed.messages), records its size and marks it in
// process (streamotel.messages.active).
func (m *Monitor) OnHandleStart(ctx context.Context, destination string, size int) State {
	if m.closed.Load() {
		return State{}
	}
	h := m.x.handlers.get(destination)
	h.received.Add(1)
	h.active.Add(1)
	if size >= 0 {
		record(ctx, m.x.inst.messageSize, float64(size), h.attrs)
	}
	return m.start()
}

// OnHandleEnd counts the message by status, and an error by error.type; it
// records messaging.process.duration, with error.type for StatusError. A
// StatusError without an error is reported as error.type "unknown". Given
// the zero State it counts only.
func (m *Monitor) OnHandleEnd(ctx context.Context, destination string, st State, status Status, err error) {
	if m.closed.Load() {
		return
	}
	if status >= numStatuses {
		status = StatusError
	}
	h := m.x.handlers.get(destination)
	h.status[status].Add(1)
	o := h.proc
	if status == StatusError {
		if err == nil {
			err = errUnknown
		}
		e := h.errors.get(m.errTypes.of(err))
		e.n.Add(1)
		o = e.attrs
	}
	e, ok := m.end(st)
	if !ok {
		return
	}
	h.active.Add(-1)
	record(ctx, m.inst.processDuration, e.secs, o)
}
