package compat

import (
	"regexp"
	"strings"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/sdk/resource"

	sc "github.com/streamotel/streamotel/semconv"
)

// msBuckets are the boundaries of every Faust histogram, in milliseconds.
var msBuckets = []float64{5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000}

// Faust returns an Exporter whose output is that of faust-streaming's
// PrometheusMonitor: its 26 metrics with its names (prefix, by default the
// application name with '-' and '.' as '_'), label names and values,
// millisecond histograms and boundaries.
//
// Without [WithPrefix] or [WithAppName], the prefix comes from the
// resource's service.name (OTEL_SERVICE_NAME), which is what Faust's
// application name is to a Go worker; set one of the three.
//
// Faust's assignment and rebalance latencies need boundaries that
// streamotel's defaults do not have; pass [FaustViews] to views.New.
func Faust(opts ...Option) (*Exporter, error) {
	c := configure(opts)
	fixed := faustPrefix(c.prefix)
	if fixed == "" {
		fixed = faustPrefix(c.appName)
	}
	names := func(res *resource.Resource) (string, string) {
		if fixed != "" {
			return fixed, ""
		}
		name, _ := serviceName(res)
		return faustPrefix(name), ""
	}
	return newExporter(faustFamilies, names, fixed, c)
}

// faustPrefix normalizes a prefix as Faust's setup_prometheus_sensors does.
func faustPrefix(p string) string { return faustPrefixer.Replace(p) }

var faustPrefixer = strings.NewReplacer("-", "_", ".", "_")

// faustNormalize is the pattern Faust's Monitor replaces with '_' in stream
// labels.
var faustNormalize = regexp.MustCompile(`[<>:\s]+`)

// faustStream is Faust's label of the events of a stream: the stream's
// channel ("Topic: orders") normalized, lower case, between "stream." and
// ".events".
func faustStream(s attribute.Set, _ string) string {
	v, _ := s.Value(sc.StreamName)
	name := strings.ToLower(strings.Trim(faustNormalize.ReplaceAllString(v.Emit(), "_"), "_"))
	return "stream." + name + ".events"
}

var (
	faustTopic     = label{"topic", attr(sc.MessagingDestinationName)}
	faustPartition = label{"partition", attr(sc.MessagingDestinationPartition)}
	returned       = is(sc.RebalancePhase, sc.RebalancePhaseReturn)
	ended          = is(sc.RebalancePhase, sc.RebalancePhaseEnd)
)

// faustFamilies are the metrics of FaustMetrics.create, in its order.
var faustFamilies = []family{
	{name: "messages_received", help: "Total messages received", kind: counter,
		sources: []source{{from: sc.ConsumedMessages}}},
	{name: "active_messages", help: "Total active messages", kind: gauge,
		sources: []source{{from: sc.MessagesActive}}},
	{name: "messages_received_per_topic", help: "Messages received per topic", kind: counter,
		labels: []label{faustTopic}, sources: []source{{from: sc.ConsumedMessages}}},
	{name: "messages_received_per_topics_partition", help: "Messages received per topic/partition", kind: gauge,
		labels: []label{faustTopic, faustPartition}, sources: []source{{from: sc.ReadOffset}}, latest: true},
	{name: "events_runtime_ms", help: "Events runtime in ms", kind: histogram,
		hist: source{from: sc.ProcessDuration, where: has(sc.StreamName)}, scale: 1000, bounds: msBuckets},
	{name: "total_events", help: "Total events received", kind: counter,
		sources: []source{{from: sc.StreamEvents}}},
	{name: "total_active_events", help: "Total active events", kind: gauge,
		sources: []source{{from: sc.EventsActive}}},
	{name: "total_events_per_stream", help: "Events received per Stream", kind: counter,
		labels: []label{{"stream", faustStream}}, sources: []source{{from: sc.StreamEvents}}},
	{name: "table_operations", help: "Total table operations", kind: counter,
		labels: []label{
			{"table", prefixed("table.", sc.TableName)},
			{"operation", mapped(sc.TableOperation, map[string]string{
				sc.TableOperationGet: "keys_retrieved", sc.TableOperationSet: "keys_updated", sc.TableOperationDel: "keys_deleted",
			})},
		},
		sources: []source{{from: sc.TableOperations}}},
	// Faust counts a send when it is initiated: those that ended and those
	// still in flight.
	{name: "topic_messages_sent", help: "Total messages sent per topic", kind: counter,
		labels:  []label{{"topic", prefixed("topic.", sc.MessagingDestinationName)}},
		sources: []source{{from: sc.SentMessages}, {from: sc.SendsActive}}},
	{name: "total_sent_messages", help: "Total messages sent", kind: counter,
		sources: []source{{from: sc.SentMessages, where: not(failed)}}},
	{name: "producer_send_latency", help: "Producer send latency in ms", kind: histogram,
		hist: source{from: sc.OperationDuration, where: and(isSend, not(failed))}, scale: 1000, bounds: msBuckets},
	{name: "total_error_messages_sent", help: "Total error messages sent", kind: counter,
		sources: []source{{from: sc.SentMessages, where: failed}}},
	{name: "producer_error_send_latency", help: "Producer error send latency in ms", kind: histogram,
		hist: source{from: sc.OperationDuration, where: and(isSend, failed)}, scale: 1000, bounds: msBuckets},
	{name: "assignment_operations", help: "Total assigment operations (completed/error)", kind: counter,
		labels:  []label{{"operation", present(sc.ErrorType, "error", "completed")}},
		sources: []source{{from: sc.Assignments}}},
	{name: "assign_latency", help: "Assignment latency in ms", kind: histogram,
		hist: source{from: sc.AssignmentTime}, scale: 1000, bounds: msBuckets},
	// Rebalances started and not yet returned, and returned and not yet
	// ended: the Monitor counts the starts, and the returns and ends as
	// the counts of their durations.
	{name: "total_rebalances", help: "Total rebalances", kind: gauge,
		sources: []source{{from: sc.Rebalances}, {from: sc.RebalanceTime, where: returned, count: true, negate: true}}},
	{name: "total_rebalances_recovering", help: "Total rebalances recovering", kind: gauge,
		sources: []source{{from: sc.RebalanceTime, where: returned, count: true}, {from: sc.RebalanceTime, where: ended, count: true, negate: true}}},
	{name: "rebalance_done_consumer_latency", help: "Consumer replying that rebalance is done to broker in ms", kind: histogram,
		hist: source{from: sc.RebalanceTime, where: returned}, scale: 1000, bounds: msBuckets},
	{name: "rebalance_done_latency", help: "Rebalance finished latency in ms", kind: histogram,
		hist: source{from: sc.RebalanceTime, where: ended}, scale: 1000, bounds: msBuckets},
	{name: "metrics_by_name", help: "Total metrics by name", kind: gauge,
		labels: []label{{"metric", attr(sc.MetricName)}}, sources: []source{{from: sc.MetricCounts}}},
	{name: "http_status_codes", help: "Total http_status code", kind: counter,
		labels:  []label{{"status_code", attr(sc.HTTPResponseStatusCode)}},
		sources: []source{{from: sc.HTTPServerDuration, count: true}}},
	{name: "http_latency", help: "Http response latency in ms", kind: histogram,
		hist: source{from: sc.HTTPServerDuration}, scale: 1000, bounds: msBuckets},
	{name: "topic_partition_end_offset", help: "Offset ends per topic/partition", kind: gauge,
		labels: []label{faustTopic, faustPartition}, sources: []source{{from: sc.EndOffset}}, latest: true},
	{name: "topic_partition_offset_commited", help: "Offset commited per topic/partition", kind: gauge,
		labels: []label{faustTopic, faustPartition}, sources: []source{{from: sc.CommittedOffset}}, latest: true},
	{name: "consumer_commit_latency", help: "Consumer commit latency in ms", kind: histogram,
		hist: source{from: sc.OperationDuration, where: is(sc.MessagingOperationName, sc.OperationCommit)}, scale: 1000, bounds: msBuckets},
}
