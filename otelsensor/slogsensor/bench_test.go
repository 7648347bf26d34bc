package slogsensor_test

import (
	"io"
	"log/slog"
	"testing"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/otelsensor/slogsensor"
)

// BenchmarkDisabled measures callbacks through the front that do not log,
// against a front with no hook as the baseline: "off" is a noisy callback,
// off by default, "level" one turned on at Debug under an Info handler.
func BenchmarkDisabled(b *testing.B) {
	h := slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo})
	for _, s := range []struct {
		name   string
		sensor *otelsensor.Sensor
	}{
		{"none", otelsensor.NewSensor()},
		{"off", otelsensor.NewSensor(newHook(b, h))},
		{"level", otelsensor.NewSensor(newHook(b, h, slogsensor.WithSampling(1)))},
	} {
		b.Run("OnTableGet/"+s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.sensor.OnTableGet(ctx, "counts")
			}
		})
		b.Run("OnStreamEventOut/"+s.name, func(b *testing.B) {
			ev := otelsensor.Event{TopicPartition: orders, Offset: 42, Stream: agent}
			b.ReportAllocs()
			for b.Loop() {
				s.sensor.OnStreamEventOut(ctx, ev, nil)
			}
		})
		b.Run("OnMessageIn/"+s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.sensor.OnMessageIn(ctx, orders, 42)
			}
		})
	}
}

// BenchmarkEnabled measures records that are written, to a text handler on
// io.Discard, and sampled 1 in 100.
func BenchmarkEnabled(b *testing.B) {
	h := slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug})
	for _, s := range []struct {
		name  string
		every uint64
	}{{"all", 1}, {"sampled100", 100}} {
		hk := newHook(b, h, slogsensor.WithSampling(s.every, "OnStreamEventOut"))
		b.Run("OnStreamEventOut/"+s.name, func(b *testing.B) {
			ev := otelsensor.Event{TopicPartition: orders, Offset: 42, Stream: agent}
			b.ReportAllocs()
			for b.Loop() {
				hk.OnStreamEventOut(ctx, ev, nil)
			}
		})
	}
}

// TestDisabledFrontAllocatesNothing checks that the front, dispatching to a
// Hook that logs nothing, allocates nothing for a message's lifecycle.
func TestDisabledFrontAllocatesNothing(t *testing.T) {
	h := slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo})
	s := otelsensor.NewSensor(newHook(t, h, slogsensor.WithSampling(1)))
	n := testing.AllocsPerRun(100, func() {
		msg := s.OnMessageIn(ctx, orders, 42)
		ev := s.OnStreamEventIn(ctx, msg, agent)
		s.OnTableGet(ctx, "counts")
		s.OnStreamEventOut(ctx, ev, nil)
		s.OnSendCompleted(ctx, s.OnSendInitiated(ctx, "totals"), 1, 7)
		s.OnMessageOut(ctx, msg)
	})
	if n != 0 {
		t.Errorf("%v allocations per lifecycle", n)
	}
}
