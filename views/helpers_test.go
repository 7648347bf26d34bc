package views_test

import (
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/semconv"
)

type sdkView = sdkmetric.View

func sdkInstrument(in semconv.Instrument) sdkmetric.Instrument {
	kinds := map[semconv.Kind]sdkmetric.InstrumentKind{
		semconv.Counter:       sdkmetric.InstrumentKindObservableCounter,
		semconv.UpDownCounter: sdkmetric.InstrumentKindObservableUpDownCounter,
		semconv.Histogram:     sdkmetric.InstrumentKindHistogram,
		semconv.Gauge:         sdkmetric.InstrumentKindObservableGauge,
	}
	return sdkmetric.Instrument{Name: in.Name, Unit: in.Unit, Description: in.Description, Kind: kinds[in.Kind]}
}
