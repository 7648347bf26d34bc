package middleware

import (
	"context"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/otelsensor"
)

// BenchmarkHandler compares a bare handler (the baseline) with the wrapped
// one reporting to the default sensor before SetDefault (disabled) and to a Monitor on the SDK.
func BenchmarkHandler(b *testing.B) {
	fn := func(context.Context, []byte) error { return nil }
	body := []byte("payload")
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))
	defer mp.Shutdown(ctx)
	mon, err := otelsensor.New(otelsensor.WithMeterProvider(mp))
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		h    func(context.Context, []byte) error
	}{
		{"baseline=bare", fn},
		{"default-disabled", Handler("orders", fn)},
		{"monitor", Handler("orders", fn, WithSensor(otelsensor.NewSensor(mon)))},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = bc.h(ctx, body)
			}
		})
	}
}
