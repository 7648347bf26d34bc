package otelsensor

import (
	"sync"
	"time"
)

// Snapshot is the Monitor's state at one moment, with the fields of Faust's
// Monitor. Its JSON encoding uses Faust's field names (Monitor.asdict), plus
// events_runtime, events_errors and topic_lag, which Faust does not report. Latencies and
// runtimes are in seconds; per-partition maps are keyed by topic, then
// partition. Series past the cardinality limit are reported under
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
	Rebalances              int64                      `json:"rebalances"`
	RebalanceReturnLatency  []float64                  `json:"rebalance_return_latency"`
	RebalanceEndLatency     []float64                  `json:"rebalance_end_latency"`
	RebalanceReturnAvg      float64                    `json:"rebalance_return_avg"`
	RebalanceEndAvg         float64                    `json:"rebalance_end_avg"`
	HTTPResponseCodes       map[int]int64              `json:"http_response_codes"`
	HTTPResponseLatency     []float64                  `json:"http_response_latency"`
	HTTPResponseLatencyAvg  float64                    `json:"http_response_latency_avg"`
}

// TableState counts the key operations on one table.
type TableState struct {
	KeysRetrieved int64 `json:"keys_retrieved"`
	KeysUpdated   int64 `json:"keys_updated"`
	KeysDeleted   int64 `json:"keys_deleted"`
}

// rates derives messages and events per second from the totals, sampled at
// most once a second when a Snapshot is taken (Faust samples every second).
type rates struct {
	mu             sync.Mutex
	at             time.Duration
	messages, evts int64
	messagesS      float64
	eventsS        float64
}

func (r *rates) sample(now time.Duration, messages, events int64) (float64, float64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch elapsed := now - r.at; {
	case r.at == 0:
		r.at, r.messages, r.evts = now, messages, events
	case elapsed >= time.Second:
		secs := elapsed.Seconds()
		r.messagesS = float64(messages-r.messages) / secs
		r.eventsS = float64(events-r.evts) / secs
		r.at, r.messages, r.evts = now, messages, events
	}
	return r.messagesS, r.eventsS
}

// Snapshot returns the Monitor's current state. Counts are read one by one,
// without stopping callbacks, so a snapshot taken under load may mix values
// a few events apart.
func (m *Monitor) Snapshot() Snapshot {
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
		HTTPResponseCodes:       map[int]int64{},
	}
	m.partitions.each(func(p *partition) {
		n := p.received.Load()
		s.MessagesReceivedTotal += n
		s.MessagesReceivedByTopic[p.topic] += n
		s.MessagesActive += p.active.Load()
		if f := p.bufferFull.Load(); f > 0 {
			s.TopicBufferFull[p.topic] += f
		}
		if p.partition < 0 {
			return
		}
		put := func(into map[string]map[int32]int64, get func() (int64, bool)) {
			v, ok := get()
			if !ok {
				return
			}
			if into[p.topic] == nil {
				into[p.topic] = map[int32]int64{}
			}
			into[p.topic][p.partition] = v
		}
		put(s.TopicReadOffsets, p.read.get)
		put(s.TopicCommittedOffsets, p.committed.get)
		put(s.TopicEndOffsets, p.end.get)
		put(s.TopicLag, p.lag)
	})
	m.streams.each(func(st *stream) {
		n, active := st.events.load()
		s.EventsTotal += n
		s.EventsByStream[st.name] += n
		s.EventsByTask[st.task] += n
		s.EventsActive += active
	})
	m.processes.each(func(p *variantsOf) {
		p.errors.each(func(e *outcome) { s.EventsErrors += e.n.Load() })
	})
	m.tables.each(func(t *table) {
		ts := s.Tables[t.name]
		ts.KeysRetrieved += t.gets.Load()
		ts.KeysUpdated += t.sets.Load()
		ts.KeysDeleted += t.dels.Load()
		s.Tables[t.name] = ts
	})
	m.topics.each(func(t *topic) {
		n := t.initiated.Load()
		s.MessagesSent += n
		s.MessagesSentByTopic[t.name] += n
		t.send.errors.each(func(e *outcome) { s.SendErrors += e.n.Load() })
	})
	m.stats.EachCount(func(name string, n int64) { s.MetricCounts[name] += n })
	m.requests.each(func(r *request) { s.HTTPResponseCodes[r.status] += r.n.Load() })

	s.AssignmentsCompleted = m.assignOK.Load()
	m.assign.errors.each(func(e *outcome) { s.AssignmentsFailed += e.n.Load() })
	s.Rebalances = m.rebalances.Load()

	s.EventsRuntime = m.eventsRuntime.values()
	s.EventsRuntimeAvg = median(s.EventsRuntime)
	s.CommitLatency = m.commitLatency.values()
	s.SendLatency = m.sendLatency.values()
	s.AssignmentLatency = m.assignmentLatency.values()
	s.RebalanceReturnLatency = m.rebalanceReturn.values()
	s.RebalanceReturnAvg = median(s.RebalanceReturnLatency)
	s.RebalanceEndLatency = m.rebalanceEnd.values()
	s.RebalanceEndAvg = median(s.RebalanceEndLatency)
	s.HTTPResponseLatency = m.httpLatency.values()
	s.HTTPResponseLatencyAvg = median(s.HTTPResponseLatency)
	s.MessagesS, s.EventsS = m.rates.sample(m.now(), s.MessagesReceivedTotal, s.EventsTotal)
	return s
}
