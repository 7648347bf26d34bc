package otelsensor

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
)

// Fanout is a Sensor that forwards every callback to a changing set of
// sensors, as Faust's SensorDelegate does. Sensors can be added and removed
// while callbacks run; a callback sees the set as it was when it began.
//
// Start methods read the clock once and hand the same State to every sensor's
// end method: a State carries only its start time.
type Fanout struct {
	mu      sync.Mutex // serialises writers
	sensors atomic.Pointer[[]Sensor]
	ext     atomic.Pointer[extensions] // the sensors implementing extensions
}

var _ Sensor = (*Fanout)(nil)

// NewFanout returns a Fanout that forwards to the given sensors.
func NewFanout(sensors ...Sensor) *Fanout {
	f := &Fanout{}
	for _, s := range sensors {
		f.Add(s)
	}
	return f
}

// Add appends s to the sensors that receive callbacks. A nil s is ignored.
func (f *Fanout) Add(s Sensor) {
	if s == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	old := f.list()
	next := make([]Sensor, 0, len(old)+1)
	next = append(append(next, old...), s)
	f.sensors.Store(&next)
	f.ext.Store(newExtensions(next))
}

// Remove removes the first occurrence of s and reports whether it was there.
// Sensors whose dynamic type is not comparable can only be removed by
// replacing the Fanout.
func (f *Fanout) Remove(s Sensor) bool {
	if s == nil || !reflect.TypeOf(s).Comparable() {
		return false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	old := f.list()
	for i, have := range old {
		if reflect.TypeOf(have).Comparable() && have == s {
			next := make([]Sensor, 0, len(old)-1)
			next = append(append(next, old[:i]...), old[i+1:]...)
			f.sensors.Store(&next)
			f.ext.Store(newExtensions(next))
			return true
		}
	}
	return false
}

// Sensors returns the current sensors.
func (f *Fanout) Sensors() []Sensor {
	return append([]Sensor(nil), f.list()...)
}

func (f *Fanout) list() []Sensor {
	if p := f.sensors.Load(); p != nil {
		return *p
	}
	return nil
}

// OnMessageIn implements Sensor.
func (f *Fanout) OnMessageIn(ctx context.Context, tp TopicPartition, offset int64) State {
	st := Start()
	for _, s := range f.list() {
		s.OnMessageIn(ctx, tp, offset)
	}
	return st
}

// OnMessageOut implements Sensor.
func (f *Fanout) OnMessageOut(ctx context.Context, tp TopicPartition, offset int64, st State) {
	for _, s := range f.list() {
		s.OnMessageOut(ctx, tp, offset, st)
	}
}

// OnStreamEventIn implements Sensor.
func (f *Fanout) OnStreamEventIn(ctx context.Context, tp TopicPartition, offset int64, stream Stream) State {
	st := Start()
	for _, s := range f.list() {
		s.OnStreamEventIn(ctx, tp, offset, stream)
	}
	return st
}

// OnStreamEventOut implements Sensor.
func (f *Fanout) OnStreamEventOut(ctx context.Context, tp TopicPartition, offset int64, stream Stream, st State, err error) {
	for _, s := range f.list() {
		s.OnStreamEventOut(ctx, tp, offset, stream, st, err)
	}
}

// OnTableGet implements Sensor.
func (f *Fanout) OnTableGet(ctx context.Context, table string) {
	for _, s := range f.list() {
		s.OnTableGet(ctx, table)
	}
}

// OnTableSet implements Sensor.
func (f *Fanout) OnTableSet(ctx context.Context, table string) {
	for _, s := range f.list() {
		s.OnTableSet(ctx, table)
	}
}

// OnTableDel implements Sensor.
func (f *Fanout) OnTableDel(ctx context.Context, table string) {
	for _, s := range f.list() {
		s.OnTableDel(ctx, table)
	}
}

// OnCommitInitiated implements Sensor.
func (f *Fanout) OnCommitInitiated(ctx context.Context) State {
	st := Start()
	for _, s := range f.list() {
		s.OnCommitInitiated(ctx)
	}
	return st
}

// OnCommitCompleted implements Sensor.
func (f *Fanout) OnCommitCompleted(ctx context.Context, st State, err error) {
	for _, s := range f.list() {
		s.OnCommitCompleted(ctx, st, err)
	}
}

// OnOffsetCommitted implements Sensor.
func (f *Fanout) OnOffsetCommitted(ctx context.Context, tp TopicPartition, offset int64) {
	for _, s := range f.list() {
		s.OnOffsetCommitted(ctx, tp, offset)
	}
}

// OnEndOffset implements Sensor.
func (f *Fanout) OnEndOffset(ctx context.Context, tp TopicPartition, offset int64) {
	for _, s := range f.list() {
		s.OnEndOffset(ctx, tp, offset)
	}
}

// OnSendInitiated implements Sensor.
func (f *Fanout) OnSendInitiated(ctx context.Context, topic string, keySize, valueSize int) State {
	st := Start()
	for _, s := range f.list() {
		s.OnSendInitiated(ctx, topic, keySize, valueSize)
	}
	return st
}

// OnSendCompleted implements Sensor.
func (f *Fanout) OnSendCompleted(ctx context.Context, tp TopicPartition, offset int64, st State) {
	for _, s := range f.list() {
		s.OnSendCompleted(ctx, tp, offset, st)
	}
}

// OnSendError implements Sensor.
func (f *Fanout) OnSendError(ctx context.Context, topic string, st State, err error) {
	for _, s := range f.list() {
		s.OnSendError(ctx, topic, st, err)
	}
}

// OnTopicBufferFull implements Sensor.
func (f *Fanout) OnTopicBufferFull(ctx context.Context, tp TopicPartition) {
	for _, s := range f.list() {
		s.OnTopicBufferFull(ctx, tp)
	}
}

// OnAssignmentStart implements Sensor.
func (f *Fanout) OnAssignmentStart(ctx context.Context) State {
	st := Start()
	for _, s := range f.list() {
		s.OnAssignmentStart(ctx)
	}
	return st
}

// OnAssignmentError implements Sensor.
func (f *Fanout) OnAssignmentError(ctx context.Context, st State, err error) {
	for _, s := range f.list() {
		s.OnAssignmentError(ctx, st, err)
	}
}

// OnAssignmentCompleted implements Sensor.
func (f *Fanout) OnAssignmentCompleted(ctx context.Context, st State) {
	for _, s := range f.list() {
		s.OnAssignmentCompleted(ctx, st)
	}
}

// OnRebalanceStart implements Sensor.
func (f *Fanout) OnRebalanceStart(ctx context.Context) State {
	st := Start()
	for _, s := range f.list() {
		s.OnRebalanceStart(ctx)
	}
	return st
}

// OnRebalanceReturn implements Sensor.
func (f *Fanout) OnRebalanceReturn(ctx context.Context, st State) {
	for _, s := range f.list() {
		s.OnRebalanceReturn(ctx, st)
	}
}

// OnRebalanceEnd implements Sensor.
func (f *Fanout) OnRebalanceEnd(ctx context.Context, st State) {
	for _, s := range f.list() {
		s.OnRebalanceEnd(ctx, st)
	}
}

// OnWebRequestStart implements Sensor.
func (f *Fanout) OnWebRequestStart(ctx context.Context, req WebRequest) State {
	st := Start()
	for _, s := range f.list() {
		s.OnWebRequestStart(ctx, req)
	}
	return st
}

// OnWebRequestEnd implements Sensor.
func (f *Fanout) OnWebRequestEnd(ctx context.Context, req WebRequest, status int, st State) {
	for _, s := range f.list() {
		s.OnWebRequestEnd(ctx, req, status, st)
	}
}
