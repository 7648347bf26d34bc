package compat_test

// Every call into otelsensor and middleware made by this package's tests is
// in this file, so that a change of their API touches this file alone.

import (
	"context"
	"errors"
	"time"

	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/middleware"
	"github.com/streamotel/streamotel/otelsensor"
)

// Names the workload uses.
const (
	system      = "kafka"
	group       = "orders-app"
	inTopic     = "orders"
	outTopic    = "order-totals"
	table       = "order_counts"
	handled     = "invoices"
	published   = "receipts"
	countedName = "orders_seen"
)

// stream is named as Faust's shortlabel names a stream over topic orders.
var stream = otelsensor.Stream{Name: "Topic: orders", Task: "count_orders"}

// Per round: what the workload does, for tests to compare counts with.
const (
	partitions      = 2  // of inTopic, one message each
	failedEvents    = 1  // of the partitions' events, the first fails, after slowEvent
	tableGets       = 3  // and as many sets, and one delete
	sends           = 2  // to outTopic, plus one that fails
	requests        = 2  // web requests: one 200, one 404
	handlerMessages = 5  // one per status: acked, nacked, rejected, skipped, error
	publishes       = 2  // to published, plus one that fails
	offsetAhead     = 10 // the end offset is this far past the committed one
)

// slowEvent is how long the failing event takes: more than Faust's first
// bucket, 5 ms.
const slowEvent = 6 * time.Millisecond

// Errors the workload reports: a type of its own, and a plain error, which
// the Monitor reports as error.type _OTHER.
var (
	errInvalid error = invalidOrder{}
	errBusy          = errors.New("broker busy")
)

type invalidOrder struct{}

func (invalidOrder) Error() string { return "invalid order" }

// workload drives a Sensor over one Monitor through every callback the
// peers' metrics come from, one round at a time.
type workload struct {
	mon     *otelsensor.Monitor
	s       *otelsensor.Sensor
	handle  func(context.Context, []byte) error
	publish func(context.Context, []byte) error
	rounds  int
}

// newWorkload returns a workload on a Monitor of mp, with one assignment that
// fails, one that completes and a full rebalance already done.
func newWorkload(mp metric.MeterProvider) (*workload, error) {
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp), otelsensor.WithSystem(system), otelsensor.WithConsumerGroup(group))
	if err != nil {
		return nil, err
	}
	s := otelsensor.NewSensor(mon)
	ctx := context.Background()
	s.OnAssignmentError(ctx, s.OnAssignmentStart(ctx), errBusy)
	s.OnAssignmentCompleted(ctx, s.OnAssignmentStart(ctx))
	rb := s.OnRebalanceStart(ctx)
	s.OnRebalanceReturn(ctx, rb)
	s.OnRebalanceEnd(ctx, rb)

	outcomes := []error{nil, middleware.ErrNack, middleware.ErrReject, middleware.ErrSkip, errInvalid}
	n := 0
	w := &workload{mon: mon, s: s}
	w.handle = middleware.Handler(handled, func(context.Context, []byte) error {
		n++
		return outcomes[(n-1)%len(outcomes)]
	}, middleware.WithSensor(s))
	p := 0
	w.publish = middleware.Publisher(published, func(context.Context, []byte) error {
		p++
		if p%(publishes+1) == 0 {
			return errBusy
		}
		return nil
	}, middleware.WithSensor(s))
	return w, nil
}

// close closes the Monitor.
func (w *workload) close() error { return w.mon.Close() }

// round runs one round of the workload: the numbers above.
func (w *workload) round(ctx context.Context) {
	m := w.s
	offset := int64(w.rounds)
	for p := range partitions {
		tp := otelsensor.TopicPartition{Topic: inTopic, Partition: int32(p)}
		msg := m.OnMessageIn(ctx, tp, offset)
		ev := m.OnStreamEventIn(ctx, msg, stream)
		var err error
		if p < failedEvents {
			time.Sleep(slowEvent)
			err = errInvalid
		}
		m.OnStreamEventOut(ctx, ev, err)
		m.OnMessageOut(ctx, msg)
	}
	for range tableGets {
		m.OnTableGet(ctx, table)
		m.OnTableSet(ctx, table)
	}
	m.OnTableDel(ctx, table)
	for i := range sends {
		m.OnSendCompleted(ctx, m.OnSendInitiated(ctx, outTopic), int32(i), offset)
	}
	m.OnSendError(ctx, m.OnSendInitiated(ctx, outTopic), errBusy)
	c := m.OnCommitInitiated(ctx)
	for p := range partitions {
		tp := otelsensor.TopicPartition{Topic: inTopic, Partition: int32(p)}
		m.OnOffsetCommitted(ctx, tp, offset+1)
		m.OnEndOffset(ctx, tp, offset+1+offsetAhead)
	}
	m.OnCommitCompleted(ctx, c, nil)
	req := otelsensor.WebRequest{Method: "GET", Scheme: "http", Route: "/monitor"}
	for _, code := range []int{200, 404} {
		m.OnWebRequestEnd(ctx, m.OnWebRequestStart(ctx, req), code)
	}
	w.mon.Count(ctx, countedName, 1)
	body := make([]byte, 100)
	for range handlerMessages {
		_ = w.handle(ctx, body)
	}
	for range publishes + 1 {
		_ = w.publish(ctx, body)
	}
	w.rounds++
}

// rebalance starts a rebalance and, as told, has the consumer return its
// assignment and the rebalance end.
func (w *workload) rebalance(ctx context.Context, returned, ended bool) {
	r := w.s.OnRebalanceStart(ctx)
	if returned {
		w.s.OnRebalanceReturn(ctx, r)
	}
	if ended {
		w.s.OnRebalanceEnd(ctx, r)
	}
}

// run calls round every interval until ctx is done.
func (w *workload) run(ctx context.Context, interval time.Duration) {
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		w.round(ctx)
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
