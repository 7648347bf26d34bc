package slogsensor_test

import (
	"io"
	"log/slog"
	"testing"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/otelsensor/slogsensor"
)

// BenchmarkDisabled measures callbacks that do not log, against the no-op
// Base as the baseline: "off" is a noisy callback off by default, "level" one
// turned on at Debug under an Info handler.
func BenchmarkDisabled(b *testing.B) {
	logger := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelInfo}))
	for _, s := range []struct {
		name   string
		sensor otelsensor.Sensor
	}{
		{"base", otelsensor.Base{}},
		{"off", slogsensor.New(logger)},
		{"level", slogsensor.New(logger, slogsensor.WithSampling(1, slogsensor.Noisy()...))},
	} {
		b.Run("OnTableGet/"+s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				s.sensor.OnTableGet(ctx, "counts")
			}
		})
		b.Run("OnStreamEventOut/"+s.name, func(b *testing.B) {
			var st otelsensor.State
			b.ReportAllocs()
			for b.Loop() {
				s.sensor.OnStreamEventOut(ctx, orders, 42, agent, st, nil)
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
	logger := slog.New(slog.NewTextHandler(io.Discard, &slog.HandlerOptions{Level: slog.LevelDebug}))
	for _, s := range []struct {
		name  string
		every uint64
	}{{"all", 1}, {"sampled100", 100}} {
		sensor := slogsensor.New(logger, slogsensor.WithSampling(s.every, slogsensor.Noisy()...))
		b.Run("OnStreamEventOut/"+s.name, func(b *testing.B) {
			st := otelsensor.Start()
			b.ReportAllocs()
			for b.Loop() {
				sensor.OnStreamEventOut(ctx, orders, 42, agent, st, nil)
			}
		})
	}
}
