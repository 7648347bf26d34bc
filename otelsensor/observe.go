package otelsensor

import (
	"context"

	"go.opentelemetry.io/otel/metric"
)

// observe reports the Monitor's state to the observable instruments. The SDK
// calls it once per collection, after the sources of Sensor.Poll ran.
func (m *Monitor) observe(ctx context.Context, mo metric.Observer) error {
	m.poll(ctx)
	o := observer{mo}
	m.observeConsume(o)
	m.observeProcess(o)
	m.observeHandle(o)
	m.observeProduce(o)
	m.observeCoordinate(o)
	m.observeTables(o)
	m.observeWeb(o)
	m.observeFetch(o)
	m.observeShards(o)
	m.observeCounts(o)
	return nil
}
