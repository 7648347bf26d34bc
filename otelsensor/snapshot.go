package otelsensor

import (
	"context"
	"sync"
	"time"
)

// Snapshot is the Monitor's state at one moment, with the fields of Faust's
// Monitor. Its JSON encoding uses Faust's field names (Monitor.asdict), plus
// events_runtime, events_errors, topic_lag, topic_pending and handlers, which
// Faust does not report. Latencies and runtimes are in seconds; the *_avg fields are their
// means. MessagesS and EventsS are per wall-clock second over the last
// RateWindow or more (see Monitor.Snapshot). Per-partition maps are keyed by
// topic, then partition. Messages of handlers count in the messages fields,
// by destination. Series past the cardinality limit are reported under
// OverflowName.
type Snapshot struct {
	MessagesActive          int64                      `json:"messages_active"`
	MessagesReceivedTotal   int64                      `json:"messages_received_total"`
	MessagesReceivedByTopic map[string]int64           `json:"messages_received_by_topic"`
	MessagesS               float64                    `json:"messages_s"`
	MessagesSent            int64                      `json:"messages_sent"`
	MessagesSentByTopic     map[string]int64           `json:"messages_sent_by_topic"`
	EventsActive            int64                      `json:"events_active"`
	EventsTotal             int64                      `json:"events_total"`
	EventsS                 float64                    `json:"events_s"`
	EventsRuntimeAvg        float64                    `json:"events_runtime_avg"`
	EventsRuntime           []float64                  `json:"events_runtime"`
	EventsByTask            map[string]int64           `json:"events_by_task"`
	EventsByStream          map[string]int64           `json:"events_by_stream"`
	EventsErrors            int64                      `json:"events_errors"`
	CommitLatency           []float64                  `json:"commit_latency"`
	SendLatency             []float64                  `json:"send_latency"`
	SendErrors              int64                      `json:"send_errors"`
	AssignmentLatency       []float64                  `json:"assignment_latency"`
	AssignmentsCompleted    int64                      `json:"assignments_completed"`
	AssignmentsFailed       int64                      `json:"assignments_failed"`
	TopicBufferFull         map[string]int64           `json:"topic_buffer_full"`
	Tables                  map[string]TableState      `json:"tables"`
	MetricCounts            map[string]int64           `json:"metric_counts"`
	TopicCommittedOffsets   map[string]map[int32]int64 `json:"topic_committed_offsets"`
	TopicReadOffsets        map[string]map[int32]int64 `json:"topic_read_offsets"`
	TopicEndOffsets         map[string]map[int32]int64 `json:"topic_end_offsets"`
	TopicLag                map[string]map[int32]int64 `json:"topic_lag"`
	TopicPending            map[string]map[int32]int64 `json:"topic_pending"`
	Rebalances              int64                      `json:"rebalances"`
	RebalanceReturnLatency  []float64                  `json:"rebalance_return_latency"`
	RebalanceEndLatency     []float64                  `json:"rebalance_end_latency"`
	RebalanceReturnAvg      float64                    `json:"rebalance_return_avg"`
	RebalanceEndAvg         float64                    `json:"rebalance_end_avg"`
	HTTPResponseCodes       map[int]int64              `json:"http_response_codes"`
	HTTPResponseLatency     []float64                  `json:"http_response_latency"`
	HTTPResponseLatencyAvg  float64                    `json:"http_response_latency_avg"`
	Handlers                map[string]HandlerState    `json:"handlers"`
}

// TableState counts the key operations on one table.
type TableState struct {
	KeysRetrieved int64 `json:"keys_retrieved"`
	KeysUpdated   int64 `json:"keys_updated"`
	KeysDeleted   int64 `json:"keys_deleted"`
}

// HandlerState counts the messages of the handlers of one destination, by
// how they were settled.
type HandlerState struct {
	Received int64 `json:"received"`
	Acked    int64 `json:"acked"`
	Nacked   int64 `json:"nacked"`
	Rejected int64 `json:"rejected"`
	Skipped  int64 `json:"skipped"`
	Errors   int64 `json:"errors"`
}

// RateWindow is the shortest window over which a Snapshot's rates are
// computed.
const RateWindow = 5 * time.Second

// rates derives messages and events per second from their totals, from
// samples taken when a Snapshot is taken: a rate
// is the change of the total since the newest sample at least RateWindow
// old (or the oldest, right after New) divided by the wall-clock time
// between the two.
type rates struct {
	mu      sync.Mutex
	samples [64]sample // a ring, guarded by mu
	next    int        // guarded by mu: where the next sample goes
}

// sample is the totals at one time.
type sample struct {
	at               stamp
	messages, events int64
}

// start takes the sample of New, with no messages yet.
func (r *rates) start(at stamp) { r.samples[0] = sample{at: at}; r.next = 1 }

// rate returns the rates at now given the totals, and keeps the totals as a
// sample if the newest one is a second old.
func (r *rates) rate(now stamp, messages, events int64) (messagesS, eventsS float64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := len(r.samples)
	newest := r.samples[(r.next-1+n)%n]
	from := newest
	for i := 1; i <= n; i++ {
		s := r.samples[(r.next-i+n)%n]
		if s.at == 0 {
			break
		}
		from = s
		if time.Duration(now-s.at) >= RateWindow {
			break
		}
	}
	if time.Duration(now-newest.at) >= time.Second {
		r.samples[r.next] = sample{at: now, messages: messages, events: events}
		r.next = (r.next + 1) % n
	}
	secs := time.Duration(now - from.at).Seconds()
	if secs <= 0 {
		return 0, 0
	}
	return float64(messages-from.messages) / secs, float64(events-from.events) / secs
}

// Snapshot returns the Monitor's current state, after running the sources of
// Sensor.Poll. Counts are read one by one, without stopping callbacks, so a
// snapshot taken under load may mix values a few events apart.
func (m *Monitor) Snapshot() Snapshot {
	m.poll(context.Background())
	s := Snapshot{
		MessagesReceivedByTopic: map[string]int64{},
		MessagesSentByTopic:     map[string]int64{},
		EventsByTask:            map[string]int64{},
		EventsByStream:          map[string]int64{},
		TopicBufferFull:         map[string]int64{},
		Tables:                  map[string]TableState{},
		MetricCounts:            map[string]int64{},
		TopicCommittedOffsets:   map[string]map[int32]int64{},
		TopicReadOffsets:        map[string]map[int32]int64{},
		TopicEndOffsets:         map[string]map[int32]int64{},
		TopicLag:                map[string]map[int32]int64{},
		TopicPending:            map[string]map[int32]int64{},
		HTTPResponseCodes:       map[int]int64{},
		Handlers:                map[string]HandlerState{},
	}
	m.snapshotConsume(&s)
	m.snapshotProcess(&s)
	m.snapshotHandle(&s)
	m.snapshotProduce(&s)
	m.snapshotCoordinate(&s)
	m.snapshotTables(&s)
	m.snapshotWeb(&s)
	m.snapshotCounts(&s)
	s.MessagesS, s.EventsS = m.rates.rate(m.now(), s.MessagesReceivedTotal, s.EventsTotal)
	return s
}
