package otelsensor

import (
	"context"
	"time"
)

var (
	_ HandlerSensor  = Base{}
	_ ProducerSensor = Base{}
	_ ConsumerSensor = Base{}
	_ ShardSensor    = Base{}
)

// OnHandleStart implements HandlerSensor.
func (Base) OnHandleStart(context.Context, string, int) State { return Start() }

// OnHandleEnd implements HandlerSensor.
func (Base) OnHandleEnd(context.Context, string, State, Status, error) {}

// OnBatchStart implements ProducerSensor.
func (Base) OnBatchStart(context.Context, string) State { return Start() }

// OnBatchSent implements ProducerSensor.
func (Base) OnBatchSent(context.Context, string, int, int, State, error) {}

// OnThrottle implements ProducerSensor.
func (Base) OnThrottle(context.Context, string) {}

// OnProducerQueue implements ProducerSensor.
func (Base) OnProducerQueue(context.Context, string, int) {}

// OnRecords implements ConsumerSensor.
func (Base) OnRecords(context.Context, TopicPartition, int, int) {}

// OnReceiveError implements ConsumerSensor.
func (Base) OnReceiveError(context.Context, TopicPartition, error) {}

// OnCheckpoint implements ConsumerSensor.
func (Base) OnCheckpoint(context.Context, TopicPartition, error) {}

// OnIteratorAge implements ConsumerSensor.
func (Base) OnIteratorAge(context.Context, TopicPartition, time.Duration) {}

// OnLag implements ConsumerSensor.
func (Base) OnLag(context.Context, TopicPartition, int64) {}

// OnConsumerQueue implements ConsumerSensor.
func (Base) OnConsumerQueue(context.Context, string, int) {}

// OnShards implements ShardSensor.
func (Base) OnShards(context.Context, string, int, int) {}

// OnReshard implements ShardSensor.
func (Base) OnReshard(context.Context, string) {}
