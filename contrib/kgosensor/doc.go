// Package kgosensor reports what a franz-go client (github.com/twmb/franz-go/pkg/kgo)
// does to an otelsensor.Sensor, so that the Monitor exports a Kafka worker's
// messaging metrics, consumer lag, commits and rebalances from one line:
//
//	hooks := kgosensor.New(sensor)
//	cl, err := kgo.NewClient(kgo.SeedBrokers(seeds...), kgo.ConsumerGroup("orders-app"),
//		kgo.ConsumeTopics("orders"), kgo.WithHooks(hooks))
//
// Hooks see records being produced and acknowledged, records handed to the
// application, the client's round trips to the group coordinator and its
// group errors; at collection time they read the client's committed offsets
// and buffered record counts. Two things no hook sees are one call each:
//
//   - the partitions' high watermarks, which come back with each poll:
//     pass the poll's result to Hooks.Fetched, so that end offsets and lag
//     are known with no extra request to the brokers;
//   - the end of a record's processing and its error: call Hooks.Processed.
//     A record not passed to Processed is done when the client polls again.
//
// The adapter sets none of kgo's callbacks (OnPartitionsAssigned, Revoked,
// Lost, AutoCommitCallback), since setting one changes what kgo does:
// OnPartitionsRevoked replaces the commit on revoke, OnPartitionsAssigned
// changes how BlockRebalanceOnPoll gates rebalances, AutoCommitCallback
// replaces the logging of failed commits. Rebalances are read from the
// JoinGroup, SyncGroup, OffsetFetch and Heartbeat round trips instead, so a
// client's own callbacks stay as they are.
//
// Make one Hooks per client: the records a poll delivered are ended by that
// client's next poll.
package kgosensor
