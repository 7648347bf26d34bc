package middleware

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/exporters/memory"
	"github.com/streamotel/streamotel/internal/race"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

var ctx = context.Background()

// newSensor returns a Sensor over a Monitor of rabbitmq whose metrics r
// reads.
func newSensor(t *testing.T, opts ...otelsensor.Option) (*otelsensor.Sensor, *memory.Reader) {
	t.Helper()
	r := memory.New()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(r))
	t.Cleanup(func() { _ = mp.Shutdown(context.Background()) })
	m, err := otelsensor.New(append([]otelsensor.Option{otelsensor.WithMeterProvider(mp), otelsensor.WithSystem("rabbitmq")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return otelsensor.NewSensor(m), r
}

func collect(t *testing.T, r *memory.Reader) memory.Metrics {
	t.Helper()
	got, err := r.Metrics(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

func wantValue(t *testing.T, got memory.Metrics, name string, want float64, attrs ...attribute.KeyValue) {
	t.Helper()
	if v, ok := got.Value(name, attrs...); !ok || v != want {
		t.Errorf("%s%v = %v (found %v), want %v; points %v", name, attrs, v, ok, want, got.Attributes(name))
	}
}

func wantCount(t *testing.T, got memory.Metrics, name string, want uint64, attrs ...attribute.KeyValue) {
	t.Helper()
	if h, ok := got.Histogram(name, attrs...); !ok || h.Count != want {
		t.Errorf("%s%v count = %d (found %v), want %d", name, attrs, h.Count, ok, want)
	}
}

type order struct{ ID, Body string }

func (o order) Size() int { return len(o.Body) }

type invalidOrder struct{ id string }

func (e *invalidOrder) Error() string { return "invalid order " + e.id }

// retryLater is an application error that nacks.
type retryLater struct{}

func (retryLater) Error() string                         { return "retry later" }
func (retryLater) Outcome() otelsensor.Status            { return otelsensor.StatusNacked }
func status(s string) attribute.KeyValue                 { return semconv.MessageStatus.String(s) }
func errType(s string) attribute.KeyValue                { return semconv.ErrorType.String(s) }
func dest(s string) attribute.KeyValue                   { return semconv.MessagingDestinationName.String(s) }
func handle(_ context.Context, o order) error            { return results[o.ID] }
func publish(_ context.Context, body []byte) error       { return publishResults[string(body)] }
func publishString(_ context.Context, body string) error { return nil }

var results = map[string]error{
	"ok":       nil,
	"nack":     ErrNack,
	"reject":   ErrReject,
	"skip":     ErrSkip,
	"wrapped":  fmt.Errorf("giving up: %w", ErrReject),
	"retry":    retryLater{},
	"invalid":  &invalidOrder{"7"},
	"invalid2": fmt.Errorf("decode: %w", &invalidOrder{"8"}),
}

var publishResults = map[string]error{"down": errors.New("broker down")}

func TestHandlerStatuses(t *testing.T) {
	m, r := newSensor(t)
	h := Handler("orders", handle, WithSensor(m), WithSize(order.Size))
	for _, id := range []string{"ok", "ok", "nack", "reject", "skip", "wrapped", "retry", "invalid", "invalid2"} {
		if err := h(ctx, order{ID: id, Body: "12345"}); err != results[id] {
			t.Errorf("%s: handler returned %v, want %v unchanged", id, err, results[id])
		}
	}
	got := collect(t, r)
	d := dest("orders")
	wantValue(t, got, semconv.ConsumedMessages, 9, d, semconv.MessagingSystem.String("rabbitmq"))
	wantValue(t, got, semconv.MessagesActive, 0, d)
	if h, ok := got.Histogram(semconv.MessageSize, d); !ok || h.Count != 9 || h.Sum != 45 {
		t.Errorf("message size = %+v (found %v), want 9 messages of 5 bytes", h, ok)
	}
	wantValue(t, got, semconv.MessagesProcessed, 2, d, status("acked"))
	wantValue(t, got, semconv.MessagesProcessed, 2, d, status("nacked"))
	wantValue(t, got, semconv.MessagesProcessed, 2, d, status("rejected"))
	wantValue(t, got, semconv.MessagesProcessed, 1, d, status("skipped"))
	wantValue(t, got, semconv.MessagesProcessed, 2, d, status("error"))
	invalid := errType("*middleware.invalidOrder")
	wantValue(t, got, semconv.ProcessErrors, 2, d, invalid)
	wantValue(t, got, semconv.ProcessErrors, 2) // settling errors are not failures
	wantCount(t, got, semconv.ProcessDuration, 9, d)
	wantCount(t, got, semconv.ProcessDuration, 2, d, invalid)
}

func TestHandlerPanics(t *testing.T) {
	m, r := newSensor(t)
	boom := errors.New("boom")
	for _, v := range []any{"bad state", boom} {
		h := Handler("orders", func(context.Context, []byte) error { panic(v) }, WithSensor(m))
		func() {
			defer func() {
				if got := recover(); got != v {
					t.Errorf("recovered %v, want the handler's panic %v", got, v)
				}
			}()
			_ = h(ctx, []byte("x"))
			t.Error("the panic did not go on")
		}()
	}
	got := collect(t, r)
	wantValue(t, got, semconv.MessagesProcessed, 2, status("error"))
	wantValue(t, got, semconv.ProcessErrors, 1, errType("panic"))
	wantValue(t, got, semconv.ProcessErrors, 1, errType(semconv.ErrorTypeOther))
	wantValue(t, got, semconv.MessagesActive, 0)
}

func TestHandlerGoexit(t *testing.T) {
	m, r := newSensor(t)
	h := Handler("orders", func(context.Context, string) error { runtimeGoexit(); return nil }, WithSensor(m))
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = h(ctx, "x")
	}()
	<-done
	wantValue(t, collect(t, r), semconv.ProcessErrors, 1, errType("panic"))
}

func TestPublisher(t *testing.T) {
	m, r := newSensor(t)
	p := Publisher("invoices", publish, WithSensor(m))
	for _, body := range []string{"a", "b", "down"} {
		if err := p(ctx, []byte(body)); err != publishResults[body] {
			t.Errorf("publish %s returned %v", body, err)
		}
	}
	pp := Publisher("invoices", func(context.Context, []byte) error { panic("no connection") }, WithSensor(m))
	func() {
		defer func() { _ = recover() }()
		_ = pp(ctx, nil)
	}()
	got := collect(t, r)
	d := dest("invoices")
	send := semconv.MessagingOperationName.String("send")
	wantValue(t, got, semconv.SentMessages, 4, d, send)
	wantValue(t, got, semconv.SentMessages, 1, d, errType(semconv.ErrorTypeOther))
	wantValue(t, got, semconv.SendErrors, 1, d, errType(semconv.ErrorTypeOther))
	wantValue(t, got, semconv.SendErrors, 1, d, errType("panic"))
	wantCount(t, got, semconv.OperationDuration, 4, d, send)
	wantValue(t, got, semconv.SendsActive, 0, d)
}

func TestDefaultSensor(t *testing.T) {
	t.Cleanup(func() { otelsensor.SetDefault(nil) })
	h := Handler("orders", handle) // no WithSensor: the default, read at each call
	p := Publisher("invoices", publishString)
	if err := h(ctx, order{ID: "nack"}); err != ErrNack { // the no-op default
		t.Fatal(err)
	}
	m, r := newSensor(t)
	otelsensor.SetDefault(m)
	_ = h(ctx, order{ID: "ok"})
	_ = p(ctx, "hello")
	got := collect(t, r)
	wantValue(t, got, semconv.MessagesProcessed, 1, status("acked"))
	wantValue(t, got, semconv.SentMessages, 1, dest("invoices"))
	if _, ok := got.Value(semconv.MessagesProcessed, status("nacked")); ok {
		t.Error("a message handled before SetDefault was reported")
	}
}

// tableOnly is a hook of table callbacks only: no handler or send hook.
type tableOnly struct{ gets int }

func (h *tableOnly) OnTableGet(context.Context, string) { h.gets++ }
func (h *tableOnly) OnTableSet(context.Context, string) {}
func (h *tableOnly) OnTableDel(context.Context, string) {}

func TestSensorWithoutHandlerHooks(t *testing.T) {
	hook := &tableOnly{}
	s := otelsensor.NewSensor(hook)
	h := Handler("orders", handle, WithSensor(s))
	if err := h(ctx, order{ID: "invalid"}); err != results["invalid"] {
		t.Errorf("the handler returned %v, want its error unchanged", err)
	}
	p := Publisher("invoices", publish, WithSensor(s))
	if err := p(ctx, []byte("down")); err != publishResults["down"] {
		t.Errorf("the publisher returned %v, want its error unchanged", err)
	}
	s.OnTableGet(ctx, "t")
	if hook.gets != 1 {
		t.Errorf("the hook saw %d table gets, want 1", hook.gets)
	}
}

func TestStatusOf(t *testing.T) {
	for err, want := range map[error]otelsensor.Status{
		nil: otelsensor.StatusAcked, ErrNack: otelsensor.StatusNacked, ErrReject: otelsensor.StatusRejected,
		ErrSkip: otelsensor.StatusSkipped, retryLater{}: otelsensor.StatusNacked,
		fmt.Errorf("x: %w", ErrSkip): otelsensor.StatusSkipped, errors.New("x"): otelsensor.StatusError,
	} {
		if got := StatusOf(err); got != want {
			t.Errorf("StatusOf(%v) = %v, want %v", err, got, want)
		}
	}
	if !strings.Contains(ErrNack.Error(), "nack") {
		t.Errorf("ErrNack = %q", ErrNack)
	}
}

func TestSize(t *testing.T) {
	m, r := newSensor(t)
	_ = Handler("b", func(context.Context, []byte) error { return nil }, WithSensor(m))(ctx, []byte("ab"))
	_ = Handler("s", func(context.Context, string) error { return nil }, WithSensor(m))(ctx, "abc")
	_ = Handler("o", handle, WithSensor(m), WithSize(order.Size))(ctx, order{ID: "ok", Body: "abcd"})
	_ = Handler("n", func(context.Context, int) error { return nil }, WithSensor(m))(ctx, 42)
	_ = Handler("x", func(context.Context, int) error { return nil }, WithSensor(m), WithSize(order.Size))(ctx, 42)
	got := collect(t, r)
	for d, want := range map[string]float64{"b": 2, "s": 3, "o": 4} {
		if h, ok := got.Histogram(semconv.MessageSize, dest(d)); !ok || h.Count != 1 || h.Sum != want {
			t.Errorf("size of %s = %+v (found %v), want %v", d, h, ok, want)
		}
	}
	for _, d := range []string{"n", "x"} {
		if h, _ := got.Histogram(semconv.MessageSize, dest(d)); h.Count != 0 {
			t.Errorf("an unmeasured %s message has a size", d)
		}
	}
}

func TestNoAllocations(t *testing.T) {
	if race.Enabled {
		t.Skip("the race detector allocates")
	}
	m, _ := newSensor(t)
	h := Handler("orders", handle, WithSensor(m), WithSize(order.Size))
	hb := Handler("orders", func(context.Context, []byte) error { return nil }, WithSensor(m))
	p := Publisher("invoices", publish, WithSensor(m))
	body := []byte("payload")
	ok, bad := order{ID: "ok", Body: "x"}, order{ID: "invalid", Body: "x"}
	for name, f := range map[string]func(){
		"Handler ack":   func() { _ = h(ctx, ok) },
		"Handler error": func() { _ = h(ctx, bad) },
		"Handler bytes": func() { _ = hb(ctx, body) },
		"Publisher":     func() { _ = p(ctx, body) },
	} {
		f()
		if n := testing.AllocsPerRun(200, f); n != 0 {
			t.Errorf("%s allocates %v times per call", name, n)
		}
	}
}
