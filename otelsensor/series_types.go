package otelsensor

import (
	"strconv"
	"sync/atomic"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/metric"

	"github.com/streamotel/streamotel/semconv"
)

// opts holds the measurement options of one attribute set, built once.
type opts struct {
	set attribute.Set
	obs []metric.ObserveOption
	rec []metric.RecordOption
}

func newOpts(kvs ...attribute.KeyValue) opts {
	set := attribute.NewSet(kvs...)
	o := metric.WithAttributeSet(set)
	return opts{set: set, obs: []metric.ObserveOption{o}, rec: []metric.RecordOption{o}}
}

// with returns the attributes of o plus kvs.
func (o opts) with(kvs ...attribute.KeyValue) opts {
	return newOpts(append(o.set.ToSlice(), kvs...)...)
}

// offset holds an offset plus one, so that zero means "not known".
type offset struct{ v atomic.Int64 }

func (o *offset) set(v int64) {
	if v >= 0 {
		o.v.Store(v + 1)
	}
}

func (o *offset) get() (int64, bool) {
	v := o.v.Load()
	return v - 1, v != 0
}

func (o *offset) clear() { o.v.Store(0) }

// partition is the state of one topic partition on the consumer side.
type partition struct {
	received   atomic.Int64
	active     atomic.Int64
	bufferFull atomic.Int64
	read       offset
	committed  offset
	end        offset
	topic      string
	partition  int32
	attrs      opts // system, group, destination, partition
	consume    opts // attrs plus messaging.operation.name=receive
	_          apart
}

// lag returns end minus committed, when both are known.
func (p *partition) lag() (int64, bool) {
	c, okc := p.committed.get()
	e, oke := p.end.get()
	if !okc || !oke {
		return 0, false
	}
	return max(e-c, 0), true
}

// processKey identifies the processing series of one stream on one
// partition.
type processKey struct {
	tp     TopicPartition
	stream string
}

// stream is the state of one stream and its owning task.
type stream struct {
	name, task string
	events     pair // events, and events in progress
	attrs      opts
}

// table is the state of one table.
type table struct {
	name                string
	gets, sets, dels    atomic.Int64
	getOp, setOp, delOp opts
}

// topic is the producer-side state of one topic. The sends in progress are
// the initiated ones less those that ended. Ends are counted by the shard of
// the partition sent to, so that workers sending to different partitions do
// not write the same line; initiations, which know no partition, are not.
type topic struct {
	name        string
	partitioned bool         // sends are split by partition; false for the overflow series
	initiated   atomic.Int64 // Faust's messages_sent
	ends        pair         // sends that ended with a State: completed, failed
	send        variantsOf   // system, operation send, destination; errors count failed sends
	unknown     sendTo       // sends to a partition past the cardinality limit, or unknown
}

// sendTo is the series of the sends to one partition of a topic. Workers
// send to different partitions, so they do not share its count, nor, in the
// SDK, the series of its duration.
type sendTo struct {
	sent  atomic.Int64 // sends that succeeded
	topic *topic
	attrs opts // the topic's, plus the partition
	_     apart
}

// outcome is a count and the options of one attribute set; variants of a
// series by error.type are outcomes.
type outcome struct {
	n     atomic.Int64
	attrs opts
}

// variants maps an error.type value to the outcome of a series with that
// error type. It is bounded by the error types a Monitor reports.
type variants = seriesMap[string, outcome]

func newVariants(base opts) *variants {
	mk := func(errType string) *outcome {
		return &outcome{attrs: base.with(semconv.ErrorType.String(errType))}
	}
	return newSeriesMap(maxErrorTypes+1, mk, func() *outcome { return mk(semconv.ErrorTypeOther) })
}

// webKey identifies the active requests of a method and scheme.
type webKey struct{ method, scheme string }

// requestKey identifies a request series.
type requestKey struct {
	method, scheme, route string
	status                int
}

// request is the state of one request series.
type request struct {
	status int
	n      atomic.Int64
	attrs  opts
}

func requestAttrs(k requestKey) []attribute.KeyValue {
	kvs := []attribute.KeyValue{
		semconv.HTTPRequestMethod.String(k.method),
		semconv.URLScheme.String(cleanName(k.scheme)),
		semconv.HTTPResponseStatusCode.Int(k.status),
	}
	if k.route != "" {
		kvs = append(kvs, semconv.HTTPRoute.String(cleanName(k.route)))
	}
	if k.status >= 500 {
		kvs = append(kvs, semconv.ErrorType.String(strconv.Itoa(k.status)))
	}
	return kvs
}
