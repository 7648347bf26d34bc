package bench

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/streamotel/streamotel/otelsensor"
	"github.com/streamotel/streamotel/semconv"
)

// Prometheus label names of the attributes the work uses.
var (
	partitionLabels = []string{"messaging_system", "messaging_consumer_group_name", "messaging_destination_name", "messaging_destination_partition_id"}
	consumeLabels   = append(append([]string{}, partitionLabels...), "messaging_operation_name")
	streamLabels    = []string{"messaging_system", "messaging_consumer_group_name", "streamotel_stream_name", "streamotel_task_name"}
	tableLabels     = []string{"messaging_system", "messaging_consumer_group_name", "streamotel_table_name", "streamotel_table_operation"}
	processLabels   = []string{"messaging_system", "messaging_consumer_group_name", "messaging_operation_name", "messaging_destination_name", "messaging_destination_partition_id", "streamotel_stream_name"}
	sendLabels      = []string{"messaging_system", "messaging_operation_name", "messaging_operation_type", "messaging_destination_name"}
	sentLabels      = append(append([]string{}, sendLabels...), "messaging_destination_partition_id")
	commitLabels    = []string{"messaging_system", "messaging_consumer_group_name", "messaging_operation_name", "messaging_operation_type"}
)

// vecs are the metrics of the work as client_golang vectors.
type vecs struct {
	consumed, streamEvents, tableOps, sent                                 *prometheus.CounterVec
	messagesActive, eventsActive, sendsActive, readOffset, committedOffset *prometheus.GaugeVec
	processDuration, sendDuration, commitDuration                          *prometheus.HistogramVec
}

func newVecs(reg prometheus.Registerer) *vecs {
	counter := func(name string, labels []string) *prometheus.CounterVec {
		c := prometheus.NewCounterVec(prometheus.CounterOpts{Name: name, Help: name}, labels)
		reg.MustRegister(c)
		return c
	}
	gauge := func(name string, labels []string) *prometheus.GaugeVec {
		g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: name}, labels)
		reg.MustRegister(g)
		return g
	}
	histogram := func(name string, labels []string) *prometheus.HistogramVec {
		h := prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: name, Help: name, Buckets: semconv.DurationBuckets}, labels)
		reg.MustRegister(h)
		return h
	}
	return &vecs{
		consumed:        counter("messaging_client_consumed_messages_total", consumeLabels),
		streamEvents:    counter("streamotel_stream_events_total", streamLabels),
		tableOps:        counter("streamotel_table_operations_total", tableLabels),
		sent:            counter("messaging_client_sent_messages_total", sentLabels),
		messagesActive:  gauge("streamotel_messages_active", partitionLabels),
		eventsActive:    gauge("streamotel_events_active", streamLabels),
		sendsActive:     gauge("streamotel_sends_active", sendLabels),
		readOffset:      gauge("streamotel_offset_read", partitionLabels),
		committedOffset: gauge("streamotel_offset_committed", partitionLabels),
		processDuration: histogram("messaging_process_duration_seconds", processLabels),
		// Prometheus needs one name per label set: the send and commit
		// durations share an OpenTelemetry instrument but not a vector.
		sendDuration:   histogram("messaging_client_operation_duration_seconds", sentLabels),
		commitDuration: histogram("messaging_client_commit_duration_seconds", commitLabels),
	}
}

// promVec instruments the work with client_golang as its documentation
// shows: WithLabelValues on every call.
type promVec struct{ v *vecs }

func (c promVec) lifecycle(m message) {
	v := c.v
	partition := partitionLabel(m.tp.Partition)
	v.consumed.WithLabelValues(system, group, m.tp.Topic, partition, semconv.OperationReceive).Inc()
	v.messagesActive.WithLabelValues(system, group, m.tp.Topic, partition).Inc()
	v.readOffset.WithLabelValues(system, group, m.tp.Topic, partition).Set(float64(m.offset))

	eventStart := time.Now()
	v.streamEvents.WithLabelValues(system, group, m.stream.Name, m.stream.Task).Inc()
	v.eventsActive.WithLabelValues(system, group, m.stream.Name, m.stream.Task).Inc()
	v.tableOps.WithLabelValues(system, group, tableName, semconv.TableOperationGet).Inc()
	v.tableOps.WithLabelValues(system, group, tableName, semconv.TableOperationSet).Inc()
	v.eventsActive.WithLabelValues(system, group, m.stream.Name, m.stream.Task).Dec()
	v.processDuration.WithLabelValues(system, group, semconv.OperationProcess, m.tp.Topic, partition, m.stream.Name).
		Observe(time.Since(eventStart).Seconds())

	sendStart := time.Now()
	v.sendsActive.WithLabelValues(system, semconv.OperationSend, "send", outTopic).Inc()
	v.sent.WithLabelValues(system, semconv.OperationSend, "send", outTopic, partition).Inc()
	v.sendsActive.WithLabelValues(system, semconv.OperationSend, "send", outTopic).Dec()
	v.sendDuration.WithLabelValues(system, semconv.OperationSend, "send", outTopic, partition).Observe(time.Since(sendStart).Seconds())

	v.messagesActive.WithLabelValues(system, group, m.tp.Topic, partition).Dec()

	if m.commit {
		commitStart := time.Now()
		for _, tp := range tps {
			v.committedOffset.WithLabelValues(system, group, tp.Topic, partitionLabel(tp.Partition)).Set(float64(m.next(tp.Partition)))
		}
		v.commitDuration.WithLabelValues(system, group, semconv.OperationCommit, "settle").Observe(time.Since(commitStart).Seconds())
	}
}

// promPrebound instruments the work with client_golang children looked up
// once per series and kept in maps keyed as the Monitor's callbacks are: the
// floor for a pull-based library that is handed names, not handles.
type promPrebound struct {
	partitions map[otelsensor.TopicPartition]*promPartition
	streams    map[otelsensor.Stream]*promStream
	processes  map[processKey]prometheus.Observer
	tables     map[string]*promTable
	topics     map[string]prometheus.Gauge // sends in progress
	sends      map[otelsensor.TopicPartition]*promSend
	commit     prometheus.Observer
}

type processKey struct {
	tp     otelsensor.TopicPartition
	stream string
}

type promPartition struct {
	consumed                          prometheus.Counter
	active, readOffset, committedOffs prometheus.Gauge
}

type promStream struct {
	events prometheus.Counter
	active prometheus.Gauge
}

type promTable struct{ get, set prometheus.Counter }

type promSend struct {
	sent     prometheus.Counter
	duration prometheus.Observer
}

// newPromPrebound looks up the children of every series of the work.
func newPromPrebound(v *vecs) *promPrebound {
	c := &promPrebound{
		partitions: map[otelsensor.TopicPartition]*promPartition{},
		streams:    map[otelsensor.Stream]*promStream{},
		processes:  map[processKey]prometheus.Observer{},
		tables: map[string]*promTable{tableName: {
			get: v.tableOps.WithLabelValues(system, group, tableName, semconv.TableOperationGet),
			set: v.tableOps.WithLabelValues(system, group, tableName, semconv.TableOperationSet),
		}},
		topics: map[string]prometheus.Gauge{
			outTopic: v.sendsActive.WithLabelValues(system, semconv.OperationSend, "send", outTopic),
		},
		sends:  map[otelsensor.TopicPartition]*promSend{},
		commit: v.commitDuration.WithLabelValues(system, group, semconv.OperationCommit, "settle"),
	}
	for _, tp := range tps {
		p := partitionLabel(tp.Partition)
		c.sends[otelsensor.TopicPartition{Topic: outTopic, Partition: tp.Partition}] = &promSend{
			sent:     v.sent.WithLabelValues(system, semconv.OperationSend, "send", outTopic, p),
			duration: v.sendDuration.WithLabelValues(system, semconv.OperationSend, "send", outTopic, p),
		}
		c.partitions[tp] = &promPartition{
			consumed:      v.consumed.WithLabelValues(system, group, tp.Topic, p, semconv.OperationReceive),
			active:        v.messagesActive.WithLabelValues(system, group, tp.Topic, p),
			readOffset:    v.readOffset.WithLabelValues(system, group, tp.Topic, p),
			committedOffs: v.committedOffset.WithLabelValues(system, group, tp.Topic, p),
		}
		for _, s := range streams {
			c.processes[processKey{tp, s.Name}] = v.processDuration.WithLabelValues(system, group, semconv.OperationProcess, tp.Topic, p, s.Name)
		}
	}
	for _, s := range streams {
		c.streams[s] = &promStream{
			events: v.streamEvents.WithLabelValues(system, group, s.Name, s.Task),
			active: v.eventsActive.WithLabelValues(system, group, s.Name, s.Task),
		}
	}
	return c
}

func (c *promPrebound) lifecycle(m message) {
	p := c.partitions[m.tp]
	p.consumed.Inc()
	p.active.Inc()
	p.readOffset.Set(float64(m.offset))

	eventStart := time.Now()
	s := c.streams[m.stream]
	s.events.Inc()
	s.active.Inc()
	t := c.tables[tableName]
	t.get.Inc()
	t.set.Inc()
	c.streams[m.stream].active.Dec()
	c.processes[processKey{m.tp, m.stream.Name}].Observe(time.Since(eventStart).Seconds())

	sendStart := time.Now()
	c.topics[outTopic].Inc()
	out := c.sends[otelsensor.TopicPartition{Topic: outTopic, Partition: m.tp.Partition}]
	out.sent.Inc()
	c.topics[outTopic].Dec()
	out.duration.Observe(time.Since(sendStart).Seconds())

	c.partitions[m.tp].active.Dec()

	if m.commit {
		commitStart := time.Now()
		for _, tp := range tps {
			c.partitions[tp].committedOffs.Set(float64(m.next(tp.Partition)))
		}
		c.commit.Observe(time.Since(commitStart).Seconds())
	}
}
