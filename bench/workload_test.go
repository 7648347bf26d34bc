package bench

import (
	"context"
	"strconv"

	"github.com/streamotel/streamotel/otelsensor"
)

// The work every contender instruments: messages of one input topic with
// eight partitions, processed by two streams, which read and write one table
// and send one message each to an output topic.
const (
	system     = "kafka"
	group      = "orders-app"
	inTopic    = "orders"
	outTopic   = "enriched-orders"
	tableName  = "order-counts"
	partitions = 8
	// commitEvery is how many messages pass between two offset commits.
	commitEvery = 100
	keySize     = 16
	valueSize   = 256
)

var (
	ctx     = context.Background()
	streams = [2]otelsensor.Stream{
		{Name: "orders-stream", Task: "count_orders"},
		{Name: "audit-stream", Task: "audit_orders"},
	}
	tps = func() (tps [partitions]otelsensor.TopicPartition) {
		for p := range tps {
			tps[p] = otelsensor.TopicPartition{Topic: inTopic, Partition: int32(p)}
		}
		return tps
	}()
)

// message is the i-th message of the work: its partition, offset and the
// stream that processes it.
type message struct {
	tp     otelsensor.TopicPartition
	offset int64
	stream otelsensor.Stream
	commit bool // an offset commit follows this message
}

func nth(i int) message {
	return message{
		tp:     tps[i%partitions],
		offset: int64(i / partitions),
		stream: streams[(i/partitions)%len(streams)],
		commit: i%commitEvery == commitEvery-1,
	}
}

// contender instruments the work one way.
type contender interface {
	// lifecycle instruments one message from its arrival to its
	// acknowledgement, and the offset commit that follows it, if any.
	lifecycle(m message)
}

// sensor drives an otelsensor.Sensor through the lifecycle.
type sensor struct{ s otelsensor.Sensor }

func (c sensor) lifecycle(m message) {
	s := c.s
	in := s.OnMessageIn(ctx, m.tp, m.offset)
	ev := s.OnStreamEventIn(ctx, m.tp, m.offset, m.stream)
	s.OnTableGet(ctx, tableName)
	s.OnTableSet(ctx, tableName)
	s.OnStreamEventOut(ctx, m.tp, m.offset, m.stream, ev, nil)
	send := s.OnSendInitiated(ctx, outTopic, keySize, valueSize)
	s.OnSendCompleted(ctx, otelsensor.TopicPartition{Topic: outTopic, Partition: m.tp.Partition}, m.offset, send)
	s.OnMessageOut(ctx, m.tp, m.offset, in)
	if m.commit {
		st := s.OnCommitInitiated(ctx)
		for _, tp := range tps {
			s.OnOffsetCommitted(ctx, tp, m.offset)
		}
		s.OnCommitCompleted(ctx, st, nil)
	}
}

// partitionLabel is the partition as the messaging conventions spell it.
func partitionLabel(p int32) string { return strconv.Itoa(int(p)) }
