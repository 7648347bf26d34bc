package semconv

import (
	"go.opentelemetry.io/otel/attribute"
	otel "go.opentelemetry.io/otel/semconv/v1.43.0"

	"github.com/streamotel/streamotel/internal/series"
)

// SchemaURL is the OpenTelemetry schema that the convention names in this
// table follow.
const SchemaURL = otel.SchemaURL

// Namespace prefixes every instrument and attribute that the OpenTelemetry
// conventions do not define.
const Namespace = "streamotel"

// Attribute keys defined by the OpenTelemetry conventions, re-exported so that
// the table and its users name them one way.
const (
	MessagingSystem               = otel.MessagingSystemKey
	MessagingDestinationName      = otel.MessagingDestinationNameKey
	MessagingDestinationPartition = otel.MessagingDestinationPartitionIDKey
	MessagingConsumerGroupName    = otel.MessagingConsumerGroupNameKey
	MessagingOperationName        = otel.MessagingOperationNameKey
	MessagingOperationType        = otel.MessagingOperationTypeKey
	ErrorType                     = otel.ErrorTypeKey
	HTTPRequestMethod             = otel.HTTPRequestMethodKey
	HTTPRoute                     = otel.HTTPRouteKey
	HTTPResponseStatusCode        = otel.HTTPResponseStatusCodeKey
	URLScheme                     = otel.URLSchemeKey
)

// Attribute keys that are this project's own.
const (
	// StreamName names the stream (Faust's stream, a handler's input) that
	// processed an event.
	StreamName attribute.Key = Namespace + ".stream.name"
	// TaskName names the task or agent that owns a stream.
	TaskName attribute.Key = Namespace + ".task.name"
	// TableName names a table (a keyed state store).
	TableName attribute.Key = Namespace + ".table.name"
	// TableOperation is one of TableOperationGet, TableOperationSet or
	// TableOperationDel.
	TableOperation attribute.Key = Namespace + ".table.operation"
	// RebalancePhase is RebalancePhaseReturn or RebalancePhaseEnd.
	RebalancePhase attribute.Key = Namespace + ".rebalance.phase"
	// MetricName names an application-defined count (Faust's metric_counts).
	MetricName attribute.Key = Namespace + ".metric.name"
	// MetricStatistic names the statistic of a recorded value's history:
	// StatisticMean or one of the StatisticP* percentiles.
	MetricStatistic attribute.Key = Namespace + ".metric.statistic"
	// MessageStatus is how a handler settled a message: one of the
	// MessageStatus* values.
	MessageStatus attribute.Key = Namespace + ".message.status"
	// ShardState is ShardStateActive or ShardStateClosed.
	ShardState attribute.Key = Namespace + ".shard.state"
)

// Values of the attributes above and of the conventions' enumerations as this
// project uses them.
const (
	TableOperationGet    = "get"
	TableOperationSet    = "set"
	TableOperationDel    = "del"
	RebalancePhaseReturn = "return"
	RebalancePhaseEnd    = "end"

	// OperationReceive is messaging.operation.name for consumed messages.
	OperationReceive = "receive"
	// OperationProcess is messaging.operation.name for processed events.
	OperationProcess = "process"
	// OperationSend is messaging.operation.name for sent messages.
	OperationSend = "send"
	// OperationCommit is messaging.operation.name for offset commits; its
	// messaging.operation.type is "settle".
	OperationCommit = "commit"

	// Values of MessageStatus, FastStream's processed-message statuses.
	MessageStatusAcked    = "acked"
	MessageStatusNacked   = "nacked"
	MessageStatusRejected = "rejected"
	MessageStatusSkipped  = "skipped"
	MessageStatusError    = "error"

	ShardStateActive = "active"
	ShardStateClosed = "closed"

	// OperationSettle is messaging.operation.type for commits and
	// checkpoints.
	OperationSettle = "settle"

	// Values of MetricStatistic.
	StatisticMean = "mean"
	StatisticP50  = "p50"
	StatisticP90  = "p90"
	StatisticP95  = "p95"
	StatisticP99  = "p99"

	// ErrorTypeOther is the error.type value for errors past the cardinality
	// cap, and the conventions' fallback.
	ErrorTypeOther = "_OTHER"
)

// OverflowKey is the attribute that marks the single series into which
// measurements for new attribute sets fall once a cardinality limit is
// reached, as the OpenTelemetry SDK marks its own overflow series. It is the
// one overflow name of streamotel's bounded maps.
const OverflowKey attribute.Key = series.Overflow
