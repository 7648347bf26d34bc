package natssensor

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/otelsensor"
)

// fakeMsg is a JetStream message as the client delivers it, without the
// client: the benchmarks measure the wrapper, not the network.
type fakeMsg struct {
	jetstream.Msg // nil: methods not overridden are not called
	reply         string
	data          []byte
	err           error // what settling it returns
}

func (m *fakeMsg) Reply() string   { return m.reply }
func (m *fakeMsg) Subject() string { return "orders.created" }
func (m *fakeMsg) Data() []byte    { return m.data }
func (m *fakeMsg) Ack() error      { return m.err }

func (m *fakeMsg) DoubleAck(context.Context) error  { return m.err }
func (m *fakeMsg) Nak() error                       { return m.err }
func (m *fakeMsg) NakWithDelay(time.Duration) error { return m.err }
func (m *fakeMsg) Term() error                      { return m.err }
func (m *fakeMsg) TermWithReason(string) error      { return m.err }
func (m *fakeMsg) InProgress() error                { return m.err }

func newFakeMsg() *fakeMsg {
	reply := "$JS.ACK._.ACCHASH.ORDERS.audit.1.41.17." + "1700000000000000000" + ".9.rnd"
	return &fakeMsg{reply: reply, data: make([]byte, 128)}
}

// nopHook receives the callbacks a handler makes and does nothing.
type nopHook struct{}

func (nopHook) OnHandleStart(context.Context, otelsensor.Handle)                         {}
func (nopHook) OnHandleEnd(context.Context, otelsensor.Handle, otelsensor.Status, error) {}
func (nopHook) OnOffsetCommitted(context.Context, otelsensor.TopicPartition, int64)      {}
func (nopHook) OnEndOffset(context.Context, otelsensor.TopicPartition, int64)            {}
func (nopHook) OnLag(context.Context, otelsensor.TopicPartition, int64)                  {}
func (nopHook) OnRecords(context.Context, otelsensor.TopicPartition, int, int)           {}
func (nopHook) OnReceiveError(context.Context, otelsensor.TopicPartition, error)         {}
func (nopHook) OnCheckpoint(context.Context, otelsensor.TopicPartition, error)           {}
func (nopHook) OnRedelivered(context.Context, otelsensor.TopicPartition, int)            {}
func (nopHook) OnDropped(context.Context, otelsensor.TopicPartition, int)                {}
func (nopHook) OnIteratorAge(context.Context, otelsensor.TopicPartition, time.Duration)  {}
func (nopHook) OnConsumerQueue(context.Context, string, int)                             {}

func ack(m jetstream.Msg) { _ = m.Ack() }

// BenchmarkHandler compares a handler that acks each message, unwrapped and
// wrapped by Handler reporting to a hook that does nothing and to the
// Monitor on an SDK MeterProvider.
func BenchmarkHandler(b *testing.B) {
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(
		sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))))
	if err != nil {
		b.Fatal(err)
	}
	defer mon.Close()
	msg := newFakeMsg()
	for _, bc := range []struct {
		name   string
		handle jetstream.MessageHandler
	}{
		{"handler=unwrapped", ack},
		{"handler=nop", Handler(otelsensor.NewSensor(nopHook{}), ack)},
		{"handler=monitor", Handler(otelsensor.NewSensor(mon), ack)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bc.handle(msg)
			}
		})
	}
}
