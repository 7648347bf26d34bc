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
	i      int
	tp     otelsensor.TopicPartition
	offset int64
	stream otelsensor.Stream
	commit bool // an offset commit follows this message
}

func nth(i int) message {
	return message{
		i:      i,
		tp:     tps[i%partitions],
		offset: int64(i / partitions),
		stream: streams[(i/partitions)%len(streams)],
		commit: i%commitEvery == commitEvery-1,
	}
}

// next is the offset the commit after m reports for partition p: Kafka's
// committed offset, the next one to read, which is the last offset of p
// processed up to m, plus one.
func (m message) next(p int32) int64 {
	return int64((m.i-int(p))/partitions) + 1
}

// contender instruments the work one way.
type contender interface {
	// lifecycle instruments one message from its arrival to its
	// acknowledgement, and the offset commit that follows it, if any.
	lifecycle(m message)
}

// sensor drives an *otelsensor.Sensor, the front an application calls,
// through the lifecycle; a nil one is the disabled front.
type sensor struct{ s *otelsensor.Sensor }

func (c sensor) lifecycle(m message) {
	s := c.s
	msg := s.OnMessageIn(ctx, m.tp, m.offset)
	ev := s.OnStreamEventIn(ctx, msg, m.stream)
	s.OnTableGet(ctx, tableName)
	s.OnTableSet(ctx, tableName)
	s.OnStreamEventOut(ctx, ev, nil)
	snd := s.OnSendInitiated(ctx, outTopic)
	s.OnSendCompleted(ctx, snd, m.tp.Partition, m.offset)
	s.OnMessageOut(ctx, msg)
	if m.commit {
		c := s.OnCommitInitiated(ctx)
		for _, tp := range tps {
			s.OnOffsetCommitted(ctx, tp, m.next(tp.Partition))
		}
		s.OnCommitCompleted(ctx, c, nil)
	}
}

// partitionLabel is the partition as the messaging conventions spell it.
func partitionLabel(p int32) string { return strconv.Itoa(int(p)) }
