package semconv

// Kind is the kind of OpenTelemetry instrument.
type Kind int

// Instrument kinds. Counters and up-down counters are exported by otelsensor
// as observable instruments that read its in-process state at collection time;
// their semantics (monotonic sum, non-monotonic sum) are those of the kind.
const (
	Counter Kind = iota
	UpDownCounter
	Histogram
	Gauge
)

// String returns the kind as the OpenTelemetry specification names it.
func (k Kind) String() string {
	switch k {
	case Counter:
		return "counter"
	case UpDownCounter:
		return "updowncounter"
	case Histogram:
		return "histogram"
	case Gauge:
		return "gauge"
	}
	return "unknown"
}

// Instrument describes one metric instrument.
type Instrument struct {
	// Name is the instrument name.
	Name string
	// Kind is the instrument kind.
	Kind Kind
	// Unit is the UCUM unit; durations are always seconds ("s").
	Unit string
	// Description is the instrument description.
	Description string
	// Attributes are the keys the instrument may carry, besides those of
	// the resource.
	Attributes []string
	// Buckets is the explicit bucket boundaries advice for histograms.
	Buckets []float64
	// Convention names the OpenTelemetry convention that defines the
	// instrument; empty for this project's own instruments.
	Convention string
}

// Callback describes one sensor callback and the instruments it drives.
type Callback struct {
	// Method is the Go method name on otelsensor.Sensor and on its hook
	// interface.
	Method string
	// Hook names the otelsensor hook interface the method belongs to, or
	// the type that has it when it is not a callback ("Monitor",
	// "stats.Registry").
	Hook string
	// Faust is the name of the matching Faust sensor method, if any.
	Faust string
	// When says when an application calls it.
	When string
	// Drives lists the names of the instruments it changes.
	Drives []string
}

// Instrument names.
const (
	ConsumedMessages   = "messaging.client.consumed.messages"
	SentMessages       = "messaging.client.sent.messages"
	OperationDuration  = "messaging.client.operation.duration"
	ProcessDuration    = "messaging.process.duration"
	HTTPServerDuration = "http.server.request.duration"
	HTTPServerActive   = "http.server.active_requests"

	MessagesActive  = Namespace + ".messages.active"
	EventsActive    = Namespace + ".events.active"
	StreamEvents    = Namespace + ".stream.events"
	TableOperations = Namespace + ".table.operations"
	SendsActive     = Namespace + ".sends.active"
	TopicBufferFull = Namespace + ".topic.buffer_full"
	Assignments     = Namespace + ".assignments"
	AssignmentTime  = Namespace + ".assignment.duration"
	Rebalances      = Namespace + ".rebalances"
	RebalanceTime   = Namespace + ".rebalance.duration"
	ReadOffset      = Namespace + ".offset.read"
	CommittedOffset = Namespace + ".offset.committed"
	EndOffset       = Namespace + ".offset.end"
	ConsumerLag     = Namespace + ".consumer.lag"
	MetricCounts    = Namespace + ".metric.counts"
	MetricValues    = Namespace + ".metric.values"
	MetricRecorded  = Namespace + ".metric.recorded"

	// Message handler and publisher middleware (FastStream's).
	MessageSize       = Namespace + ".message.size"
	MessagesProcessed = Namespace + ".messages.processed"
	ProcessErrors     = Namespace + ".process.errors"
	SendErrors        = Namespace + ".send.errors"

	// Batching producers and consumers, shards (async-kinesis').
	SentBytes     = Namespace + ".sent.bytes"
	ReceivedBytes = Namespace + ".received.bytes"
	ReceiveErrors = Namespace + ".receive.errors"
	Throttles     = Namespace + ".throttles"
	BatchSize     = Namespace + ".batch.size"
	QueueSize     = Namespace + ".queue.size"
	Checkpoints   = Namespace + ".checkpoints"
	IteratorAge   = Namespace + ".iterator.age"
	Shards        = Namespace + ".shards"
	ReshardEvents = Namespace + ".reshards"

	// Redeliveries (NATS JetStream, Redis Streams claims).
	MessagesRedelivered = Namespace + ".messages.redelivered"
	ConsumerPending     = Namespace + ".consumer.pending"
	MessagesDropped     = Namespace + ".messages.dropped"
)

// DurationBuckets are the conventions' advised boundaries, in seconds, for
// messaging and HTTP durations.
var DurationBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10}

// CoordinationBuckets are the boundaries, in seconds, for group
// coordination (assignments and rebalances), which take seconds to minutes.
var CoordinationBuckets = []float64{0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300}

// SizeBuckets are the boundaries, in bytes, for message sizes: powers of four
// from 16 B to 64 MiB.
var SizeBuckets = []float64{16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1 << 20, 4 << 20, 16 << 20, 64 << 20}

// BatchBuckets are the boundaries, in messages, for batch sizes; 500 is
// Kinesis' PutRecords limit.
var BatchBuckets = []float64{1, 2, 5, 10, 25, 50, 100, 250, 500, 1000}

const (
	conventionMessaging = "OpenTelemetry messaging metrics"
	conventionHTTP      = "OpenTelemetry HTTP metrics"
)

var (
	partitionAttrs = []string{string(MessagingSystem), string(MessagingConsumerGroupName), string(MessagingDestinationName), string(MessagingDestinationPartition)}
	consumeAttrs   = append([]string{string(MessagingOperationName)}, partitionAttrs...)
	processAttrs   = append(append([]string{}, consumeAttrs...), string(StreamName), string(ErrorType))
	sendAttrs      = []string{string(MessagingSystem), string(MessagingOperationName), string(MessagingOperationType), string(MessagingDestinationName), string(ErrorType)}
	sentAttrs      = []string{string(MessagingSystem), string(MessagingOperationName), string(MessagingOperationType), string(MessagingDestinationName), string(MessagingDestinationPartition), string(ErrorType)}
	clientOpAttrs  = []string{string(MessagingSystem), string(MessagingOperationName), string(MessagingOperationType), string(MessagingConsumerGroupName), string(MessagingDestinationName), string(MessagingDestinationPartition), string(ErrorType)}
	streamAttrs    = []string{string(MessagingSystem), string(MessagingConsumerGroupName), string(StreamName), string(TaskName)}
	groupAttrs     = []string{string(MessagingSystem), string(MessagingConsumerGroupName)}
	handlerAttrs   = []string{string(MessagingSystem), string(MessagingOperationName), string(MessagingConsumerGroupName), string(MessagingDestinationName)}
	queueAttrs     = []string{string(MessagingSystem), string(MessagingOperationName), string(MessagingOperationType), string(MessagingDestinationName)}
	shardAttrs     = []string{string(MessagingSystem), string(MessagingDestinationName)}
	httpAttrs      = []string{string(MessagingSystem), string(HTTPRequestMethod), string(URLScheme), string(HTTPRoute), string(HTTPResponseStatusCode), string(ErrorType)}
)

var instruments = []Instrument{
	{ConsumedMessages, Counter, "{message}", "Number of messages that were delivered to the application.", consumeAttrs, nil, conventionMessaging},
	{SentMessages, Counter, "{message}", "Number of messages producer attempted to send to the broker.", sentAttrs, nil, conventionMessaging},
	{OperationDuration, Histogram, "s", "Duration of messaging operation initiated by a producer or consumer client.", clientOpAttrs, DurationBuckets, conventionMessaging},
	{ProcessDuration, Histogram, "s", "Duration of processing operation.", processAttrs, DurationBuckets, conventionMessaging},
	{HTTPServerDuration, Histogram, "s", "Duration of HTTP server requests.", httpAttrs, DurationBuckets, conventionHTTP},
	{HTTPServerActive, UpDownCounter, "{request}", "Number of active HTTP server requests.", httpAttrs[:3], nil, conventionHTTP},

	{MessagesActive, UpDownCounter, "{message}", "Number of messages delivered to the application and not yet acknowledged.", partitionAttrs, nil, ""},
	{EventsActive, UpDownCounter, "{event}", "Number of stream events being processed.", streamAttrs, nil, ""},
	{StreamEvents, Counter, "{event}", "Number of stream events that started processing, by stream and task.", streamAttrs, nil, ""},
	{TableOperations, Counter, "{operation}", "Number of table key reads, writes and deletes.", append(append([]string{}, groupAttrs...), string(TableName), string(TableOperation)), nil, ""},
	{SendsActive, UpDownCounter, "{message}", "Number of messages handed to the producer and not yet acknowledged or failed.", sendAttrs[:4], nil, ""},
	{TopicBufferFull, Counter, "{event}", "Number of times a partition's buffer was full and the consumer had to wait.", partitionAttrs, nil, ""},
	{Assignments, Counter, "{assignment}", "Number of partition assignments that ended, failed ones with error.type.", append(append([]string{}, groupAttrs...), string(ErrorType)), nil, ""},
	{AssignmentTime, Histogram, "s", "Duration of partition assignments.", append(append([]string{}, groupAttrs...), string(ErrorType)), CoordinationBuckets, ""},
	{Rebalances, Counter, "{rebalance}", "Number of consumer group rebalances that started.", groupAttrs, nil, ""},
	{RebalanceTime, Histogram, "s", "Time from rebalance start to its return (assignment replied) or end (recovery done).", append(append([]string{}, groupAttrs...), string(RebalancePhase)), CoordinationBuckets, ""},
	{ReadOffset, Gauge, "{offset}", "Offset of the last message read from a partition.", partitionAttrs, nil, ""},
	{CommittedOffset, Gauge, "{offset}", "Last committed offset of a partition.", partitionAttrs, nil, ""},
	{EndOffset, Gauge, "{offset}", "Log end offset (high watermark) of a partition.", partitionAttrs, nil, ""},
	{ConsumerLag, Gauge, "{message}", "Messages between a partition's committed offset and its end offset.", partitionAttrs, nil, ""},
	{MetricCounts, Counter, "{count}", "Application-defined counts, by name.", []string{string(MessagingSystem), string(MetricName)}, nil, ""},
	{MetricValues, Gauge, "{value}", "Application-defined values, by name: the last value set.", []string{string(MessagingSystem), string(MetricName)}, nil, ""},
	{MetricRecorded, Gauge, "{value}", "Mean and percentiles of the bounded history of application-recorded values, by name.", []string{string(MessagingSystem), string(MetricName), string(MetricStatistic)}, nil, ""},

	{MessageSize, Histogram, "By", "Size of the bodies of messages a handler received.", handlerAttrs, SizeBuckets, ""},
	{MessagesProcessed, Counter, "{message}", "Number of messages a handler finished, by how it settled them.", append(append([]string{}, handlerAttrs...), string(MessageStatus)), nil, ""},
	{ProcessErrors, Counter, "{error}", "Number of errors (and panics) handlers returned, by error.type.", append(append([]string{}, handlerAttrs...), string(ErrorType)), nil, ""},
	{SendErrors, Counter, "{message}", "Number of messages the producer failed to send, by error.type.", sendAttrs, nil, ""},

	{SentBytes, Counter, "By", "Bytes of message bodies the producer sent.", sendAttrs[:4], nil, ""},
	{ReceivedBytes, Counter, "By", "Bytes of message bodies the consumer received.", consumeAttrs, nil, ""},
	{ReceiveErrors, Counter, "{error}", "Number of failed fetches from a partition or shard, by error.type.", append(append([]string{}, consumeAttrs...), string(ErrorType)), nil, ""},
	{Throttles, Counter, "{throttle}", "Number of times the broker throttled the client.", queueAttrs, nil, ""},
	{BatchSize, Histogram, "{message}", "Number of messages in each batch the producer sent.", sendAttrs, BatchBuckets, ""},
	{QueueSize, Gauge, "{message}", "Messages waiting in the client's in-process queue (messaging.operation.name send for the producer, receive for the consumer).", append(append([]string{}, queueAttrs...), string(MessagingConsumerGroupName)), nil, ""},
	{Checkpoints, Counter, "{checkpoint}", "Number of checkpoints written for a partition or shard, failed ones with error.type.", append(append([]string{}, partitionAttrs...), string(ErrorType)), nil, ""},
	{IteratorAge, Gauge, "s", "How far the consumer of a partition or shard is behind the newest message (Kinesis' MillisBehindLatest).", partitionAttrs, nil, ""},
	{Shards, Gauge, "{shard}", "Number of shards of a stream, by state.", append(append([]string{}, shardAttrs...), string(ShardState)), nil, ""},
	{ReshardEvents, Counter, "{event}", "Number of times the shards of a stream were split or merged.", shardAttrs, nil, ""},
	{ConsumerPending, Gauge, "{message}", "Messages of a partition delivered to the consumer and not yet acknowledged (JetStream's ack pending, a Redis group's pending entries).", partitionAttrs, nil, ""},
	{MessagesDropped, Counter, "{message}", "Number of messages the client dropped before delivering them (a NATS slow consumer's).", consumeAttrs, nil, ""},
	{MessagesRedelivered, Counter, "{message}", "Number of messages delivered again (NATS JetStream redeliveries, Redis Streams claims).", consumeAttrs, nil, ""},
}

var callbacks = []Callback{
	{"OnMessageIn", "MessageHook", "on_message_in", "A message was delivered to the application, before it reaches any stream.", []string{ConsumedMessages, MessagesActive, ReadOffset}},
	{"OnMessageOut", "MessageHook", "on_message_out", "A message was fully acknowledged and can be committed.", []string{MessagesActive}},
	{"OnStreamEventIn", "EventHook", "on_stream_event_in", "A stream starts processing an event.", []string{StreamEvents, EventsActive}},
	{"OnStreamEventOut", "EventHook", "on_stream_event_out", "A stream is done processing an event (with its error, if any).", []string{EventsActive, ProcessDuration}},
	{"OnTableGet", "TableHook", "on_table_get", "A key was read from a table.", []string{TableOperations}},
	{"OnTableSet", "TableHook", "on_table_set", "A key was created or changed in a table.", []string{TableOperations}},
	{"OnTableDel", "TableHook", "on_table_del", "A key was deleted from a table.", []string{TableOperations}},
	{"OnCommitInitiated", "CommitHook", "on_commit_initiated", "The consumer is about to commit offsets.", nil},
	{"OnCommitCompleted", "CommitHook", "on_commit_completed", "The offset commit ended (with its error, if any).", []string{OperationDuration}},
	{"OnOffsetCommitted", "OffsetHook", "on_tp_commit", "The committed offset of a partition (the next offset to read) is known.", []string{CommittedOffset, ConsumerLag}},
	{"OnEndOffset", "OffsetHook", "track_tp_end_offset", "The log end offset of a partition is known.", []string{EndOffset, ConsumerLag}},
	{"OnLag", "OffsetHook", "", "How many messages a partition or shard is behind, when offsets cannot be subtracted (negative: unknown, forgotten).", []string{ConsumerLag}},
	{"OnPending", "OffsetHook", "", "How many messages of a partition wait for an acknowledgement.", []string{ConsumerPending}},
	{"OnSendInitiated", "SendHook", "on_send_initiated", "A message was handed to the producer.", []string{SendsActive}},
	{"OnSendCompleted", "SendHook", "on_send_completed", "The broker acknowledged a sent message.", []string{SentMessages, SendsActive, OperationDuration}},
	{"OnSendError", "SendHook", "on_send_error", "The producer failed to send a message.", []string{SentMessages, SendErrors, SendsActive, OperationDuration}},
	{"OnTopicBufferFull", "MessageHook", "on_topic_buffer_full", "A partition's buffer was full and the consumer has to wait.", []string{TopicBufferFull}},
	{"OnAssignmentStart", "AssignmentHook", "on_assignment_start", "The partition assignor starts.", nil},
	{"OnAssignmentError", "AssignmentHook", "on_assignment_error", "The partition assignment failed.", []string{Assignments, AssignmentTime}},
	{"OnAssignmentCompleted", "AssignmentHook", "on_assignment_completed", "The partition assignment completed.", []string{Assignments, AssignmentTime}},
	{"OnRebalanceStart", "RebalanceHook", "on_rebalance_start", "A consumer group rebalance started; partition state is forgotten.", []string{Rebalances, ReadOffset, CommittedOffset, EndOffset, ConsumerLag, ConsumerPending}},
	{"OnRebalanceReturn", "RebalanceHook", "on_rebalance_return", "The consumer replied to the group that its assignment is done.", []string{RebalanceTime}},
	{"OnRebalanceEnd", "RebalanceHook", "on_rebalance_end", "The rebalance fully completed, recovery included; partition state is forgotten again.", []string{RebalanceTime, ReadOffset, CommittedOffset, EndOffset, ConsumerLag, ConsumerPending}},
	{"OnWebRequestStart", "WebHook", "on_web_request_start", "The web server started working on a request.", []string{HTTPServerActive}},
	{"OnWebRequestEnd", "WebHook", "on_web_request_end", "The web server finished a request.", []string{HTTPServerActive, HTTPServerDuration}},
	{"Count", "Monitor", "count", "The application counts something by name (Faust's Monitor.count).", []string{MetricCounts}},
	{"Incr", "stats.Registry", "", "The application adds to a count by name (statvent's incr).", []string{MetricCounts}},
	{"Set", "stats.Registry", "", "The application sets a value by name (statvent's set).", []string{MetricValues}},
	{"Record", "stats.Registry", "", "The application records a value into the name's bounded history (statvent's record).", []string{MetricRecorded}},
	{"Time", "stats.Registry", "", "The returned Timer's Stop records the seconds since Time was called, as Record does.", []string{MetricRecorded}},

	{"OnHandleStart", "HandlerHook", "", "A message handler (FastStream subscriber) received a message.", []string{ConsumedMessages, MessageSize, MessagesActive}},
	{"OnHandleEnd", "HandlerHook", "", "The handler returned; its status says how the message was settled, its error why it failed.", []string{MessagesActive, MessagesProcessed, ProcessDuration, ProcessErrors}},

	{"OnBatchStart", "ProducerHook", "", "The producer starts sending (flushing) a batch.", nil},
	{"OnBatchSent", "ProducerHook", "", "The batch was sent (with its error, if any).", []string{SentMessages, SendErrors, SentBytes, BatchSize, OperationDuration}},
	{"OnThrottle", "ProducerHook", "", "The broker throttled the producer.", []string{Throttles}},
	{"OnProducerQueue", "ProducerHook", "", "The producer's queue holds this many messages.", []string{QueueSize}},

	{"OnRecords", "ConsumerHook", "", "A fetch from a partition or shard returned records (instead of OnMessageIn per record).", []string{ConsumedMessages, ReceivedBytes}},
	{"OnReceiveError", "ConsumerHook", "", "A fetch from a partition or shard failed.", []string{ReceiveErrors}},
	{"OnCheckpoint", "ConsumerHook", "", "A checkpoint of a partition or shard was written (with its error, if any).", []string{Checkpoints}},
	{"OnRedelivered", "ConsumerHook", "", "Messages of a partition were delivered again (NATS redelivery, Redis claim).", []string{MessagesRedelivered}},
	{"OnDropped", "ConsumerHook", "", "The client dropped messages of a partition before delivering them.", []string{MessagesDropped}},
	{"OnIteratorAge", "ConsumerHook", "", "How far behind the newest record a partition or shard is.", []string{IteratorAge}},
	{"OnConsumerQueue", "ConsumerHook", "", "The consumer's queue holds this many records.", []string{QueueSize}},

	{"OnShards", "ShardHook", "", "The number of active and closed shards of a stream is known.", []string{Shards}},
	{"OnReshard", "ShardHook", "", "The shards of a stream were split or merged.", []string{ReshardEvents}},
}

// Instruments returns every instrument in the table, in table order. The
// result is a copy: changing it does not change the table.
func Instruments() []Instrument {
	out := make([]Instrument, len(instruments))
	for i, in := range instruments {
		in.Attributes = append([]string(nil), in.Attributes...)
		in.Buckets = append([]float64(nil), in.Buckets...)
		out[i] = in
	}
	return out
}

// Callbacks returns every sensor callback in the table, in table order. The
// result is a copy.
func Callbacks() []Callback {
	out := make([]Callback, len(callbacks))
	for i, c := range callbacks {
		c.Drives = append([]string(nil), c.Drives...)
		out[i] = c
	}
	return out
}

// Lookup returns the instrument with the given name.
func Lookup(name string) (Instrument, bool) {
	for _, in := range Instruments() {
		if in.Name == name {
			return in, true
		}
	}
	return Instrument{}, false
}
