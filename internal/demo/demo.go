// Package demo is a self-contained stream-processing pipeline on in-memory
// topics, instrumented through an otelsensor.Sensor: a producer writes
// orders, an agent counts them per customer in a table and sends running
// totals to an output topic, offsets are committed periodically, and the
// consumer group rebalances once. Its counts are exact, so tests can compare
// what was exported with what happened.
package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/streamotel/streamotel/otelsensor"
)

// Topic, partition and stream names the pipeline uses.
const (
	InputTopic  = "orders"
	OutputTopic = "order-totals"
	Partitions  = 4
	Table       = "order_counts"
	Customers   = 25
)

// Stream is the agent's stream.
var Stream = otelsensor.Stream{Name: "orders", Task: "count_orders"}

// Errors the pipeline injects, so that error.type shows up.
var (
	ErrInvalidOrder error = demoError("invalid_order")
	ErrBrokerBusy   error = demoError("broker_busy")
)

// demoError is an error whose text is its error.type.
type demoError string

func (e demoError) Error() string     { return strings.ReplaceAll(string(e), "_", " ") }
func (e demoError) ErrorType() string { return string(e) }

// Config says how much work the pipeline does.
type Config struct {
	// Messages is how many orders are produced; the run ends when all are
	// processed and committed. Zero means as many as Duration allows.
	Messages int
	// Duration bounds the run when Messages is zero.
	Duration time.Duration
	// Rate is how many orders are produced per second; zero means as fast
	// as possible.
	Rate int
	// CommitEvery is how many messages are processed between commits.
	CommitEvery int
	// FailEvery makes every FailEvery-th event fail processing and every
	// FailEvery-th send fail; zero means never.
	FailEvery int
}

// Result counts what the run did.
type Result struct {
	Consumed, Processed, ProcessErrors int
	Sent, SendErrors                   int
	TableGets, TableSets               int
	Commits, Rebalances                int
	ConsumedByPartition                [Partitions]int
	Committed, End                     [Partitions]int64
}

type partitionLog struct {
	messages []int // customer ids
	read     int64 // next offset to read
}

// Run runs the pipeline until cfg's work is done or ctx is cancelled.
func Run(ctx context.Context, s *otelsensor.Sensor, cfg Config) (Result, error) {
	if cfg.Messages < 0 || cfg.Duration < 0 || cfg.Rate < 0 || cfg.CommitEvery < 0 || cfg.FailEvery < 0 {
		return Result{}, fmt.Errorf("demo: negative value in %+v", cfg)
	}
	if cfg.Messages == 0 && cfg.Duration == 0 {
		return Result{}, errors.New("demo: set Messages or Duration")
	}
	if cfg.CommitEvery == 0 {
		cfg.CommitEvery = 50
	}
	var (
		res      Result
		in       [Partitions]partitionLog
		outEnd   [2]int64
		table    = map[int]int{}
		produced int
		start    = time.Now()
		rebalAt  = cfg.Messages / 2
	)
	if cfg.Messages == 0 {
		rebalAt = -1 // by time, below
	}
	rebalanced := false
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()

	commit := func() {
		c := s.OnCommitInitiated(ctx)
		for p := range in {
			tp := otelsensor.TopicPartition{Topic: InputTopic, Partition: int32(p)}
			s.OnOffsetCommitted(ctx, tp, in[p].read)
			s.OnEndOffset(ctx, tp, int64(len(in[p].messages)))
			res.Committed[p], res.End[p] = in[p].read, int64(len(in[p].messages))
		}
		s.OnCommitCompleted(ctx, c, nil)
		res.Commits++
	}
	rebalance := func() {
		r := s.OnRebalanceStart(ctx)
		a := s.OnAssignmentStart(ctx)
		s.OnAssignmentCompleted(ctx, a)
		s.OnRebalanceReturn(ctx, r)
		s.OnRebalanceEnd(ctx, r)
		res.Rebalances++
		rebalanced = true
	}
	process := func(p int) {
		tp := otelsensor.TopicPartition{Topic: InputTopic, Partition: int32(p)}
		off := in[p].read
		customer := in[p].messages[off]
		in[p].read++
		msg := s.OnMessageIn(ctx, tp, off)
		res.Consumed++
		res.ConsumedByPartition[p]++
		ev := s.OnStreamEventIn(ctx, msg, Stream)
		s.OnTableGet(ctx, Table)
		res.TableGets++
		var err error
		if cfg.FailEvery > 0 && res.Consumed%cfg.FailEvery == 0 {
			err = ErrInvalidOrder
			res.ProcessErrors++
		} else {
			table[customer]++
			s.OnTableSet(ctx, Table)
			res.TableSets++
			snd := s.OnSendInitiated(ctx, OutputTopic)
			if cfg.FailEvery > 0 && (res.Sent+res.SendErrors+1)%cfg.FailEvery == 0 {
				s.OnSendError(ctx, snd, ErrBrokerBusy)
				res.SendErrors++
			} else {
				op := customer % len(outEnd)
				s.OnSendCompleted(ctx, snd, int32(op), outEnd[op])
				outEnd[op]++
				res.Sent++
			}
		}
		s.OnStreamEventOut(ctx, ev, err)
		res.Processed++
		s.OnMessageOut(ctx, msg)
		if res.Processed%cfg.CommitEvery == 0 {
			commit()
		}
	}

	for {
		// Produce what the rate allows by now.
		want := cfg.Messages
		if cfg.Rate > 0 {
			want = int(time.Since(start).Seconds() * float64(cfg.Rate))
			if cfg.Messages > 0 {
				want = min(want, cfg.Messages)
			}
		} else if cfg.Messages == 0 {
			want = produced + 100
		}
		for ; produced < want; produced++ {
			p := produced % Partitions
			in[p].messages = append(in[p].messages, produced%Customers)
		}
		// Consume everything produced so far.
		for p := range in {
			if len(in[p].messages)-int(in[p].read) > 1000 {
				s.OnTopicBufferFull(ctx, otelsensor.TopicPartition{Topic: InputTopic, Partition: int32(p)})
			}
			for in[p].read < int64(len(in[p].messages)) {
				process(p)
				if !rebalanced && rebalAt > 0 && res.Consumed >= rebalAt {
					rebalance()
				}
			}
		}
		if !rebalanced && rebalAt < 0 && time.Since(start) >= cfg.Duration/2 {
			rebalance()
		}
		done := cfg.Messages > 0 && res.Consumed >= cfg.Messages
		if !done && cfg.Messages == 0 && time.Since(start) >= cfg.Duration {
			done = true
		}
		if done {
			commit()
			return res, nil
		}
		select {
		case <-ctx.Done():
			commit()
			return res, ctx.Err()
		case <-tick.C:
		}
	}
}
