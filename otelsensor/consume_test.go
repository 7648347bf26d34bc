package otelsensor

import "testing"

// TestNegativeLagForgets checks that a lag or pending count the broker can
// no longer tell (negative) is forgotten, not kept at its last value.
func TestNegativeLagForgets(t *testing.T) {
	w := newRig(t)
	w.OnLag(ctx, orders, 7)
	w.OnPending(ctx, orders, 2)
	s := w.mon.Snapshot()
	eq(t, "lag", s.TopicLag[orders.Topic][orders.Partition], 7)
	eq(t, "pending", s.TopicPending[orders.Topic][orders.Partition], 2)

	w.OnLag(ctx, orders, -1)
	w.OnPending(ctx, orders, -1)
	s = w.mon.Snapshot()
	if _, ok := s.TopicLag[orders.Topic][orders.Partition]; ok {
		t.Error("lag still reported after a negative one")
	}
	if _, ok := s.TopicPending[orders.Topic][orders.Partition]; ok {
		t.Error("pending still reported after a negative count")
	}
}
