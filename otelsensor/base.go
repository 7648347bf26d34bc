package otelsensor

import "context"

// Base implements every Sensor method as a no-op; start methods return
// Start(). Embed it in a custom sensor to implement only the methods it needs.
type Base struct{}

var _ Sensor = Base{}

// Nop returns a Sensor that does nothing. Unlike Base, its start methods do
// not read the clock: they return a State that is started but untimed. It
// implements the extension interfaces too.
func Nop() Sensor { return nop{} }

// nop is Base without the clock.
type nop struct{ Base }

func (nop) OnMessageIn(context.Context, TopicPartition, int64) State { return State{untimed} }
func (nop) OnStreamEventIn(context.Context, TopicPartition, int64, Stream) State {
	return State{untimed}
}
func (nop) OnCommitInitiated(context.Context) State                 { return State{untimed} }
func (nop) OnSendInitiated(context.Context, string, int, int) State { return State{untimed} }
func (nop) OnAssignmentStart(context.Context) State                 { return State{untimed} }
func (nop) OnRebalanceStart(context.Context) State                  { return State{untimed} }
func (nop) OnWebRequestStart(context.Context, WebRequest) State     { return State{untimed} }
func (nop) OnHandleStart(context.Context, string, int) State        { return State{untimed} }
func (nop) OnBatchStart(context.Context, string) State              { return State{untimed} }

// OnMessageIn implements Sensor.
func (Base) OnMessageIn(context.Context, TopicPartition, int64) State { return Start() }

// OnMessageOut implements Sensor.
func (Base) OnMessageOut(context.Context, TopicPartition, int64, State) {}

// OnStreamEventIn implements Sensor.
func (Base) OnStreamEventIn(context.Context, TopicPartition, int64, Stream) State { return Start() }

// OnStreamEventOut implements Sensor.
func (Base) OnStreamEventOut(context.Context, TopicPartition, int64, Stream, State, error) {}

// OnTableGet implements Sensor.
func (Base) OnTableGet(context.Context, string) {}

// OnTableSet implements Sensor.
func (Base) OnTableSet(context.Context, string) {}

// OnTableDel implements Sensor.
func (Base) OnTableDel(context.Context, string) {}

// OnCommitInitiated implements Sensor.
func (Base) OnCommitInitiated(context.Context) State { return Start() }

// OnCommitCompleted implements Sensor.
func (Base) OnCommitCompleted(context.Context, State, error) {}

// OnOffsetCommitted implements Sensor.
func (Base) OnOffsetCommitted(context.Context, TopicPartition, int64) {}

// OnEndOffset implements Sensor.
func (Base) OnEndOffset(context.Context, TopicPartition, int64) {}

// OnSendInitiated implements Sensor.
func (Base) OnSendInitiated(context.Context, string, int, int) State { return Start() }

// OnSendCompleted implements Sensor.
func (Base) OnSendCompleted(context.Context, TopicPartition, int64, State) {}

// OnSendError implements Sensor.
func (Base) OnSendError(context.Context, string, State, error) {}

// OnTopicBufferFull implements Sensor.
func (Base) OnTopicBufferFull(context.Context, TopicPartition) {}

// OnAssignmentStart implements Sensor.
func (Base) OnAssignmentStart(context.Context) State { return Start() }

// OnAssignmentError implements Sensor.
func (Base) OnAssignmentError(context.Context, State, error) {}

// OnAssignmentCompleted implements Sensor.
func (Base) OnAssignmentCompleted(context.Context, State) {}

// OnRebalanceStart implements Sensor.
func (Base) OnRebalanceStart(context.Context) State { return Start() }

// OnRebalanceReturn implements Sensor.
func (Base) OnRebalanceReturn(context.Context, State) {}

// OnRebalanceEnd implements Sensor.
func (Base) OnRebalanceEnd(context.Context, State) {}

// OnWebRequestStart implements Sensor.
func (Base) OnWebRequestStart(context.Context, WebRequest) State { return Start() }

// OnWebRequestEnd implements Sensor.
func (Base) OnWebRequestEnd(context.Context, WebRequest, int, State) {}
