package otelsensor

import (
	"context"
	"time"
)

var (
	_ HandlerSensor  = (*Fanout)(nil)
	_ ProducerSensor = (*Fanout)(nil)
	_ ConsumerSensor = (*Fanout)(nil)
	_ ShardSensor    = (*Fanout)(nil)
)

// extensions are the sensors of a Fanout that implement each extension
// interface, sorted out once when the set changes.
type extensions struct {
	handlers  []HandlerSensor
	producers []ProducerSensor
	consumers []ConsumerSensor
	shards    []ShardSensor
}

var noExtensions extensions

func newExtensions(sensors []Sensor) *extensions {
	e := &extensions{}
	for _, s := range sensors {
		if h, ok := s.(HandlerSensor); ok {
			e.handlers = append(e.handlers, h)
		}
		if p, ok := s.(ProducerSensor); ok {
			e.producers = append(e.producers, p)
		}
		if c, ok := s.(ConsumerSensor); ok {
			e.consumers = append(e.consumers, c)
		}
		if sh, ok := s.(ShardSensor); ok {
			e.shards = append(e.shards, sh)
		}
	}
	return e
}

func (f *Fanout) extensions() *extensions {
	if e := f.ext.Load(); e != nil {
		return e
	}
	return &noExtensions
}

// OnHandleStart implements HandlerSensor for the sensors that implement it.
func (f *Fanout) OnHandleStart(ctx context.Context, destination string, size int) State {
	st := Start()
	for _, s := range f.extensions().handlers {
		s.OnHandleStart(ctx, destination, size)
	}
	return st
}

// OnHandleEnd implements HandlerSensor for the sensors that implement it.
func (f *Fanout) OnHandleEnd(ctx context.Context, destination string, st State, status Status, err error) {
	for _, s := range f.extensions().handlers {
		s.OnHandleEnd(ctx, destination, st, status, err)
	}
}

// OnBatchStart implements ProducerSensor for the sensors that implement it.
func (f *Fanout) OnBatchStart(ctx context.Context, stream string) State {
	st := Start()
	for _, s := range f.extensions().producers {
		s.OnBatchStart(ctx, stream)
	}
	return st
}

// OnBatchSent implements ProducerSensor for the sensors that implement it.
func (f *Fanout) OnBatchSent(ctx context.Context, stream string, records, bytes int, st State, err error) {
	for _, s := range f.extensions().producers {
		s.OnBatchSent(ctx, stream, records, bytes, st, err)
	}
}

// OnThrottle implements ProducerSensor for the sensors that implement it.
func (f *Fanout) OnThrottle(ctx context.Context, stream string) {
	for _, s := range f.extensions().producers {
		s.OnThrottle(ctx, stream)
	}
}

// OnProducerQueue implements ProducerSensor for the sensors that implement
// it.
func (f *Fanout) OnProducerQueue(ctx context.Context, stream string, size int) {
	for _, s := range f.extensions().producers {
		s.OnProducerQueue(ctx, stream, size)
	}
}

// OnRecords implements ConsumerSensor for the sensors that implement it.
func (f *Fanout) OnRecords(ctx context.Context, tp TopicPartition, records, bytes int) {
	for _, s := range f.extensions().consumers {
		s.OnRecords(ctx, tp, records, bytes)
	}
}

// OnReceiveError implements ConsumerSensor for the sensors that implement
// it.
func (f *Fanout) OnReceiveError(ctx context.Context, tp TopicPartition, err error) {
	for _, s := range f.extensions().consumers {
		s.OnReceiveError(ctx, tp, err)
	}
}

// OnCheckpoint implements ConsumerSensor for the sensors that implement it.
func (f *Fanout) OnCheckpoint(ctx context.Context, tp TopicPartition, err error) {
	for _, s := range f.extensions().consumers {
		s.OnCheckpoint(ctx, tp, err)
	}
}

// OnIteratorAge implements ConsumerSensor for the sensors that implement it.
func (f *Fanout) OnIteratorAge(ctx context.Context, tp TopicPartition, age time.Duration) {
	for _, s := range f.extensions().consumers {
		s.OnIteratorAge(ctx, tp, age)
	}
}

// OnLag implements ConsumerSensor for the sensors that implement it.
func (f *Fanout) OnLag(ctx context.Context, tp TopicPartition, records int64) {
	for _, s := range f.extensions().consumers {
		s.OnLag(ctx, tp, records)
	}
}

// OnConsumerQueue implements ConsumerSensor for the sensors that implement
// it.
func (f *Fanout) OnConsumerQueue(ctx context.Context, stream string, size int) {
	for _, s := range f.extensions().consumers {
		s.OnConsumerQueue(ctx, stream, size)
	}
}

// OnShards implements ShardSensor for the sensors that implement it.
func (f *Fanout) OnShards(ctx context.Context, stream string, active, closed int) {
	for _, s := range f.extensions().shards {
		s.OnShards(ctx, stream, active, closed)
	}
}

// OnReshard implements ShardSensor for the sensors that implement it.
func (f *Fanout) OnReshard(ctx context.Context, stream string) {
	for _, s := range f.extensions().shards {
		s.OnReshard(ctx, stream)
	}
}
