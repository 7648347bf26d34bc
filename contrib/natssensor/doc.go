// Package natssensor reports what the NATS Go client (nats.go and its
// jetstream package) does to a streamotel Sensor: consumed messages and how
// handlers settled them, consumer lag and message age, redeliveries, slow
// consumers, and publishes with their outcome and duration.
//
// Wrap a JetStream consumer's handler and the JetStream used to publish:
//
//	js, err := natssensor.NewJetStream(sensor, nc) // instead of jetstream.New(nc)
//	cc, err := cons.Consume(natssensor.Handler(sensor, handle))
//	defer natssensor.PollConsumer(sensor, cons, 10*time.Second)()
//
// NATS maps onto the Sensor's model as follows. A JetStream stream is a
// topic with one partition, TopicPartition{Topic: stream, Partition: 0}:
// a stream has one sequence, so there are no partitions, and the consumer
// (durable or not) is what a Kafka consumer group is. Consumers keep their
// position on the server, so there are no commits and no rebalances: the
// commit, offset, assignment and rebalance callbacks are never called.
// Lag comes from the consumer's count of messages not delivered yet
// (OnLag), not from offsets. Subjects are destinations: a handler reports
// the stream's name, or for core NATS the subscription's subject, which for
// a wildcard subscription is its pattern rather than each subject it
// matches; a publish reports its subject (see WithPublishDestination).
package natssensor
