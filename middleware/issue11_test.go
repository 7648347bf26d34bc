package middleware

import (
	"context"
	"errors"
	"testing"

	"go.opentelemetry.io/otel/attribute"

	"github.com/streamotel/streamotel/internal/race"
	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// counting is a hook that counts the handler and send callbacks it gets.
type counting struct{ handles, sends int }

func (c *counting) OnHandleStart(context.Context, otelsensor.Handle) { c.handles++ }
func (c *counting) OnHandleEnd(context.Context, otelsensor.Handle, otelsensor.Status, error) {
	c.handles++
}
func (c *counting) OnSendInitiated(context.Context, otelsensor.Send)               { c.sends++ }
func (c *counting) OnSendCompleted(context.Context, otelsensor.Send, int32, int64) { c.sends++ }
func (c *counting) OnSendError(context.Context, otelsensor.Send, error)            { c.sends++ }

// TestFastPathBeforeSetDefault is the regression test of issue 11's bug (1):
// the wrappers tested for a sensor type that Default never returned, so the
// disabled default still cost every callback. Until SetDefault, Default is
// nil and the wrappers call fn alone: no hook is called, nothing allocates,
// and fn's error comes back unchanged.
func TestFastPathBeforeSetDefault(t *testing.T) {
	if otelsensor.Default() != nil {
		t.Fatal("Default is set before SetDefault")
	}
	t.Cleanup(func() { otelsensor.SetDefault(nil) })
	h := Handler("orders", handle) // no WithSensor: the default at each call
	p := Publisher("invoices", publish)
	ok, bad := order{ID: "ok"}, order{ID: "invalid"}
	body, down := []byte("a"), []byte("down")
	calls := func() {
		_ = h(ctx, ok)
		_ = p(ctx, body)
	}
	if err := h(ctx, bad); err != results["invalid"] {
		t.Errorf("handler returned %v, want its error unchanged", err)
	}
	if err := p(ctx, down); err != publishResults["down"] {
		t.Errorf("publisher returned %v, want its error unchanged", err)
	}
	if !race.Enabled {
		if n := testing.AllocsPerRun(100, calls); n != 0 {
			t.Errorf("the disabled default allocates %v times per handled and published message", n)
		}
	}

	// The same wrappers report once a default is set, and stop again when
	// it is cleared: the default is read at each call.
	hook := &counting{}
	otelsensor.SetDefault(otelsensor.NewSensor(hook))
	calls()
	if hook.handles != 2 || hook.sends != 2 {
		t.Errorf("after SetDefault the hook got %d handler and %d send callbacks, want 2 and 2", hook.handles, hook.sends)
	}
	otelsensor.SetDefault(nil)
	calls()
	if hook.handles != 2 || hook.sends != 2 {
		t.Errorf("after SetDefault(nil) the hook got %d handler and %d send callbacks, want still 2 and 2", hook.handles, hook.sends)
	}
}

// TestPublisherExportsNoPartition is the regression test of issue 11's bug
// (3): the Publisher, which knows no partition, sent -1 and the Monitor
// exported messaging.destination.partition.id="-1". Its sends, completed or
// failed, carry no partition attribute at all.
func TestPublisherExportsNoPartition(t *testing.T) {
	s, r := newSensor(t)
	p := Publisher("invoices", func(_ context.Context, b []byte) error {
		if len(b) == 0 {
			return errors.New("empty")
		}
		return nil
	}, WithSensor(s))
	_ = p(ctx, []byte("x"))
	_ = p(ctx, nil)
	got := collect(t, r)
	wantValue(t, got, semconv.SentMessages, 2, dest("invoices"))
	for _, name := range []string{semconv.SentMessages, semconv.OperationDuration, semconv.SendErrors} {
		sets := got.Attributes(name)
		if len(sets) == 0 {
			t.Errorf("%s has no points", name)
		}
		for _, set := range sets {
			if v, ok := set.Value(semconv.MessagingDestinationPartition); ok {
				t.Errorf("%s has a point with %s=%q: %v", name, semconv.MessagingDestinationPartition, v.Emit(), set.Encoded(attribute.DefaultEncoder()))
			}
		}
	}
}
