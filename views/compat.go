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
// name prefix) to the instruments they come from: those whose names the
// OpenTelemetry Prometheus exporter writes as Faust does. It drops the word
// "total" of total_events, total_events_per_stream and total_sent_messages
// (myapp_events_total), so these have no View here.
var faust = []rename{
	{"messages_received", sc.ConsumedMessages, nil},
	{"messages_received_per_topic", sc.ConsumedMessages, []attribute.Key{sc.MessagingDestinationName}},
	{"active_messages", sc.MessagesActive, nil},
	{"total_active_events", sc.EventsActive, nil},
	{"table_operations", sc.TableOperations, []attribute.Key{sc.TableName, sc.TableOperation}},
	{"topic_messages_sent", sc.SentMessages, []attribute.Key{sc.MessagingDestinationName}},
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

// Faust returns Views that export, besides each instrument's own stream, 9
// of the 26 metrics of Faust's PrometheusMonitor under its names,
// prefix_name; Faust's prefix is the application name with '-' and '.' as
// '_' ("orders-app" gives orders_app). Counters get Faust's _total suffix
// from the Prometheus exporter.
//
// A View can rename a stream and choose its attributes, nothing more: label
// names and values stay those of the conventions
// (messaging_destination_name="orders", not topic="orders";
// streamotel_table_operation="get", not operation="keys_retrieved"), so no
// Faust dashboard query that filters or groups by a label works, and Faust's
// millisecond histograms, gauges of rebalances and three of its names cannot
// be made.
//
// Deprecated: package exporters/prometheus/compat writes all of Faust's
// metrics exactly, labels and units included.
func Faust(prefix string) []sdkmetric.View {
	return compat(prefix, faust)
}

// FastStream returns Views that export, besides each instrument's own
// stream, the 9 metrics of FastStream's Prometheus middleware under its
// names, prefix_name ("faststream" is FastStream's default prefix). Their
// labels stay those of the conventions (messaging_system, not broker;
// messaging_destination_name, not handler or destination; error_type, not
// status or exception_type), app_name is on target_info only, and the
// publish durations include commits: none of the queries of FastStream's
// Grafana dashboard 22130 returns data.
//
// Deprecated: package exporters/prometheus/compat writes FastStream's
// metrics exactly, and dashboard 22130 works on it.
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
