package views

import (
	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	sc "github.com/streamotel/streamotel/semconv"
)

// rename exports one instrument as a second stream under another name with
// only the kept attributes.
type rename struct {
	to   string
	from string
	keep []attribute.Key
}

// faust maps Faust's PrometheusMonitor metrics (without their application
// name prefix) to the instruments they come from. docs/exporters.md lists
// the metrics that cannot map and why.
var faust = []rename{
	{"messages_received", sc.ConsumedMessages, nil},
	{"messages_received_per_topic", sc.ConsumedMessages, []attribute.Key{sc.MessagingDestinationName}},
	{"active_messages", sc.MessagesActive, nil},
	{"total_events", sc.StreamEvents, nil},
	{"total_events_per_stream", sc.StreamEvents, []attribute.Key{sc.StreamName}},
	{"total_active_events", sc.EventsActive, nil},
	{"table_operations", sc.TableOperations, []attribute.Key{sc.TableName, sc.TableOperation}},
	{"topic_messages_sent", sc.SentMessages, []attribute.Key{sc.MessagingDestinationName}},
	{"total_sent_messages", sc.SentMessages, nil},
	{"assignment_operations", sc.Assignments, []attribute.Key{sc.ErrorType}},
	{"topic_partition_end_offset", sc.EndOffset, []attribute.Key{sc.MessagingDestinationName, sc.MessagingDestinationPartition}},
	{"topic_partition_offset_commited", sc.CommittedOffset, []attribute.Key{sc.MessagingDestinationName, sc.MessagingDestinationPartition}},
}

// fastStream maps FastStream's Prometheus middleware metrics (without their
// prefix and without the _total and _seconds suffixes that the Prometheus
// exporter adds back from the instrument kind and unit).
var fastStream = []rename{
	{"received_messages", sc.ConsumedMessages, []attribute.Key{sc.MessagingSystem, sc.MessagingDestinationName}},
	{"received_messages_size", sc.MessageSize, []attribute.Key{sc.MessagingSystem, sc.MessagingDestinationName}},
	{"received_messages_in_process", sc.MessagesActive, []attribute.Key{sc.MessagingSystem, sc.MessagingDestinationName}},
	{"received_processed_messages", sc.MessagesProcessed, []attribute.Key{sc.MessagingSystem, sc.MessagingDestinationName, sc.MessageStatus}},
	{"received_processed_messages_duration", sc.ProcessDuration, []attribute.Key{sc.MessagingSystem, sc.MessagingDestinationName}},
	{"received_processed_messages_exceptions", sc.ProcessErrors, []attribute.Key{sc.MessagingSystem, sc.MessagingDestinationName, sc.ErrorType}},
	{"published_messages", sc.SentMessages, []attribute.Key{sc.MessagingSystem, sc.MessagingDestinationName, sc.ErrorType}},
	// Commits share messaging.client.operation.duration with sends; they
	// come out here too, as series without a destination.
	{"published_messages_duration", sc.OperationDuration, []attribute.Key{sc.MessagingSystem, sc.MessagingDestinationName}},
	{"published_messages_exceptions", sc.SendErrors, []attribute.Key{sc.MessagingSystem, sc.MessagingDestinationName, sc.ErrorType}},
}

// Faust returns Views that export, besides each instrument's own stream, the
// metrics of Faust's PrometheusMonitor that streamotel's instruments can
// reproduce, named prefix_name, or just name for an empty prefix, which is
// how faust-streaming's PrometheusMonitor registers them. Counters get
// Faust's _total suffix from the Prometheus exporter.
//
// A View can rename a stream and choose its attributes, nothing more: label
// names stay those of the conventions (messaging_destination_name, not
// topic), and Faust's millisecond histograms have no equivalent.
func Faust(prefix string) []sdkmetric.View {
	return compat(prefix, faust)
}

// FastStream returns Views that export, besides each instrument's own
// stream, the metrics of FastStream's Prometheus middleware that
// streamotel's instruments can reproduce, named prefix_name ("faststream"
// is FastStream's default prefix). Its label names (app_name, broker,
// handler, destination, status) stay those of the conventions.
func FastStream(prefix string) []sdkmetric.View {
	return compat(prefix, fastStream)
}

func compat(prefix string, table []rename) []sdkmetric.View {
	if prefix != "" {
		prefix += "_"
	}
	vs := make([]sdkmetric.View, len(table))
	for i, r := range table {
		name := prefix + r.to
		keep := attribute.NewAllowKeysFilter(r.keep...)
		from := r.from
		vs[i] = func(inst sdkmetric.Instrument) (sdkmetric.Stream, bool) {
			if inst.Name != from {
				return sdkmetric.Stream{}, false
			}
			s := sdkmetric.Stream{Name: name, Description: inst.Description, Unit: inst.Unit, AttributeFilter: keep}
			if inst.Kind == sdkmetric.InstrumentKindHistogram && inst.Unit == "s" {
				s.Aggregation = (&config{}).durationAggregation(from)
			}
			return s, true
		}
	}
	return vs
}
