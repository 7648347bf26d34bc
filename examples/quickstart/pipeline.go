package main

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/streamotel/streamotel/contrib/kgosensor"
	"github.com/streamotel/streamotel/otelsensor"
)

// Topics, partitions, group and table of the pipeline.
const (
	inputTopic  = "orders"
	outputTopic = "order-totals"
	auditTopic  = "order-audit" // never created: sends to it fail with UNKNOWN_TOPIC_OR_PARTITION
	partitions  = 4
	group       = "quickstart"
	table       = "order_counts"
	customers   = 25
	commitEvery = 100
)

// stream is what the members' processing is reported as.
var stream = otelsensor.Stream{Name: inputTopic, Task: "count_orders"}

var errInvalidOrder = errors.New("invalid order")

// config says how much work the pipeline does.
type config struct {
	duration  time.Duration // how long orders are produced
	rate      int           // orders produced per second
	work      time.Duration // processing time of one order
	failEvery int64         // every failEvery-th order fails, and the total of another is also sent to auditTopic, which fails
	join      time.Duration // when the second member joins the group
}

// result counts what the run did.
type result struct {
	produced, consumed, processErrors atomic.Int64
	sent, sendErrors, commits         atomic.Int64
}

// pipeline runs a producer that writes orders to inputTopic of an
// in-process Kafka (kfake), and a consumer group of two members that count
// them by customer in a table and send running totals to outputTopic. Every
// client is instrumented only through kgosensor's hooks on sensor. The run
// ends when every order produced during cfg.duration is processed and
// committed, or ctx is done; the clients and the cluster stay up, idle,
// until stop is called.
func pipeline(ctx context.Context, sensor *otelsensor.Sensor, cfg config) (res *result, stop func(), err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	cluster, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.SeedTopics(partitions, inputTopic), kfake.SeedTopics(2, outputTopic))
	if err != nil {
		return nil, nil, err
	}
	var clients []*kgo.Client
	stop = func() {
		for _, cl := range clients {
			cl.Close()
		}
		cluster.Close()
	}
	client := func(opts ...kgo.Opt) (*kgo.Client, *kgosensor.Hooks, error) {
		hooks := kgosensor.New(sensor, kgosensor.WithStream(stream))
		cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(cluster.ListenAddrs()...), kgo.WithHooks(hooks)}, opts...)...)
		if err == nil {
			clients = append(clients, cl)
		}
		return cl, hooks, err
	}
	res = new(result)
	prod, _, err := client(kgo.DefaultProduceTopic(inputTopic))
	if err != nil {
		stop()
		return nil, nil, err
	}
	produced := make(chan struct{}) // closed when the producer is done
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(produced)
		produce(ctx, prod, cfg, res)
	})
	tbl := &counts{byCustomer: map[string]int{}}
	for i := range 2 {
		if i == 1 { // the second member joins later: a rebalance
			select {
			case <-time.After(cfg.join):
			case <-ctx.Done():
			}
		}
		cl, hooks, err := client(kgo.ConsumerGroup(group), kgo.ConsumeTopics(inputTopic), kgo.DisableAutoCommit(),
			kgo.DefaultProduceTopic(outputTopic), kgo.HeartbeatInterval(250*time.Millisecond),
			kgo.FetchMaxWait(100*time.Millisecond), kgo.UnknownTopicRetries(1),
			// Commit what was processed before a partition moves, as
			// kgo advises when autocommit is off.
			kgo.OnPartitionsRevoked(func(ctx context.Context, cl *kgo.Client, _ map[string][]int32) {
				_ = cl.CommitUncommittedOffsets(ctx)
			}))
		if err != nil {
			cancel()
			wg.Wait()
			stop()
			return nil, nil, err
		}
		m := &member{cl: cl, hooks: hooks, sensor: sensor, cfg: cfg, res: res, table: tbl}
		wg.Go(func() { m.run(ctx, produced) })
	}
	wg.Wait()
	return res, stop, ctx.Err()
}

// produce writes cfg.rate orders a second, in bursts every 100ms, for
// cfg.duration.
func produce(ctx context.Context, cl *kgo.Client, cfg config, res *result) {
	start := time.Now()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		elapsed := min(time.Since(start), cfg.duration)
		for want := int64(elapsed.Seconds() * float64(cfg.rate)); res.produced.Load() < want; {
			customer := []byte(strconv.FormatInt(res.produced.Add(1)%customers, 10))
			cl.Produce(ctx, &kgo.Record{Key: customer, Value: customer}, nil)
		}
		if elapsed == cfg.duration {
			_ = cl.Flush(ctx)
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// counts is the table: orders by customer.
type counts struct {
	mu         sync.Mutex
	byCustomer map[string]int
}

func (c *counts) add(customer string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.byCustomer[customer]++
	return c.byCustomer[customer]
}

// member is one member of the consumer group.
type member struct {
	cl     *kgo.Client
	hooks  *kgosensor.Hooks
	sensor *otelsensor.Sensor
	cfg    config
	res    *result
	table  *counts
}

// run polls and processes until the producer is done and the member has
// been idle for three polls in a row, then commits a last time.
func (m *member) run(ctx context.Context, produced <-chan struct{}) {
	var uncommitted, idle int
	for ctx.Err() == nil {
		pctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		fetches := m.cl.PollFetches(pctx)
		cancel()
		m.hooks.Fetched(ctx, fetches)
		fetches.EachRecord(func(r *kgo.Record) {
			m.hooks.Processed(r, m.process(r))
			uncommitted++
		})
		if uncommitted >= commitEvery {
			m.commit(ctx)
			uncommitted = 0
		}
		idle++
		if fetches.NumRecords() > 0 {
			idle = 0
		}
		select {
		case <-produced:
			if idle >= 3 && m.res.consumed.Load() >= m.res.produced.Load() {
				_ = m.cl.Flush(ctx)
				m.commit(ctx)
				return
			}
		default:
		}
	}
}

// process counts the order r in the table and sends the customer's total.
func (m *member) process(r *kgo.Record) error {
	ctx := r.Context
	n := m.res.consumed.Add(1)
	time.Sleep(m.cfg.work)
	m.sensor.OnTableGet(ctx, table)
	if m.cfg.failEvery > 0 && n%m.cfg.failEvery == 0 {
		m.res.processErrors.Add(1)
		return errInvalidOrder
	}
	total := []byte(strconv.Itoa(m.table.add(string(r.Value))))
	m.sensor.OnTableSet(ctx, table)
	m.cl.Produce(ctx, &kgo.Record{Key: r.Value, Value: total}, m.sent)
	if m.cfg.failEvery > 0 && n%m.cfg.failEvery == m.cfg.failEvery/2 {
		m.cl.Produce(ctx, &kgo.Record{Topic: auditTopic, Key: r.Value, Value: total}, m.sent)
	}
	return nil
}

// sent is the promise of the member's sends.
func (m *member) sent(_ *kgo.Record, err error) {
	if err != nil {
		m.res.sendErrors.Add(1)
		return
	}
	m.res.sent.Add(1)
}

func (m *member) commit(ctx context.Context) {
	if err := m.cl.CommitUncommittedOffsets(ctx); err == nil {
		m.res.commits.Add(1)
	}
}
