package compat

import (
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"

	sc "github.com/streamotel/streamotel/semconv"
)

// Boundaries of FastStream's histograms: the Python client's defaults for
// durations, in seconds, and FastStream's for message sizes, in bytes.
var (
	secondBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}
	sizeBuckets   = []float64{1 << 4, 1 << 6, 1 << 8, 1 << 10, 1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20, 1 << 22, 1 << 24}
)

// FastStream returns an Exporter whose output is that of FastStream's
// Prometheus middleware: its 9 metrics with its names (prefix, by default
// "faststream"), labels (app_name, broker, handler or destination, status,
// exception_type), boundaries and units.
//
// app_name is [WithAppName], else the resource's service.name, else the
// prefix; broker is messaging.system ("kafka"); handler and destination are
// the destination of the handler or the publish.
func FastStream(opts ...Option) (*Exporter, error) {
	c := configure(opts)
	prefix := c.prefix
	if prefix == "" {
		prefix = "faststream"
	}
	names := func(res *resource.Resource) (string, string) {
		if c.appName != "" {
			return prefix, c.appName
		}
		if name, ok := serviceName(res); ok {
			return prefix, name
		}
		return prefix, prefix
	}
	return newExporter(fastStreamFamilies, names, prefix, c)
}

var (
	fsApp         = label{"app_name", appName}
	fsBroker      = label{"broker", attr(sc.MessagingSystem)}
	fsHandler     = label{"handler", attr(sc.MessagingDestinationName)}
	fsDestination = label{"destination", attr(sc.MessagingDestinationName)}
	fsException   = label{"exception_type", typeName}
)

// typeName is FastStream's exception_type, the bare name of the error's
// class (Python's type(err).__name__): error.type without its package and
// pointer ("PathError" for "*fs.PathError"); a name that an ErrorType
// method gave stays as it is.
func typeName(s attribute.Set, _ string) string {
	v, _ := s.Value(sc.ErrorType)
	name := v.Emit()
	return strings.TrimPrefix(name[strings.LastIndexByte(name, '.')+1:], "*")
}

// fastStreamFamilies are the metrics of FastStream's MetricsContainer, in
// its order.
var fastStreamFamilies = []family{
	{name: "received_messages", help: "Count of received messages by broker and handler", kind: counter,
		labels: []label{fsApp, fsBroker, fsHandler}, sources: []source{{from: sc.ConsumedMessages}}},
	{name: "received_messages_size_bytes", help: "Histogram of received messages size in bytes by broker and handler", kind: histogram,
		labels: []label{fsApp, fsBroker, fsHandler}, hist: source{from: sc.MessageSize}, scale: 1, bounds: sizeBuckets},
	{name: "received_messages_in_process", help: "Gauge of received messages in process by broker and handler", kind: gauge,
		labels: []label{fsApp, fsBroker, fsHandler}, sources: []source{{from: sc.MessagesActive}}},
	{name: "received_processed_messages", help: "Count of received processed messages by broker, handler and status", kind: counter,
		labels:  []label{fsApp, fsBroker, fsHandler, {"status", attr(sc.MessageStatus)}},
		sources: []source{{from: sc.MessagesProcessed}}},
	{name: "received_processed_messages_duration_seconds", help: "Histogram of received processed messages duration in seconds by broker and handler", kind: histogram,
		labels: []label{fsApp, fsBroker, fsHandler}, hist: source{from: sc.ProcessDuration}, scale: 1, bounds: secondBuckets},
	{name: "received_processed_messages_exceptions", help: "Count of received processed messages exceptions by broker, handler and exception_type", kind: counter,
		labels: []label{fsApp, fsBroker, fsHandler, fsException}, sources: []source{{from: sc.ProcessErrors}}},
	{name: "published_messages", help: "Count of published messages by destination and status", kind: counter,
		labels:  []label{fsApp, fsBroker, fsDestination, {"status", present(sc.ErrorType, "error", "success")}},
		sources: []source{{from: sc.SentMessages}}},
	{name: "published_messages_duration_seconds", help: "Histogram of published messages duration in seconds by broker and destination", kind: histogram,
		labels: []label{fsApp, fsBroker, fsDestination}, hist: source{from: sc.OperationDuration, where: isSend}, scale: 1, bounds: secondBuckets},
	{name: "published_messages_exceptions", help: "Count of published messages exceptions by broker, destination and exception_type", kind: counter,
		labels: []label{fsApp, fsBroker, fsDestination, fsException}, sources: []source{{from: sc.SendErrors}}},
}
