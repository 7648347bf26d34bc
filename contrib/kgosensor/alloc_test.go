//go:build !race

package kgosensor_test

import (
	"context"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/streamotel/streamotel/contrib/kgosensor"
)

// TestHooksAllocateNothing checks that a record produced and a record
// consumed, processed and fetched again allocate nothing once their series
// exist. (The race detector allocates: this test runs without it.)
func TestHooksAllocateNothing(t *testing.T) {
	in := newInstrumented(t)
	hooks := kgosensor.New(in.sensor)
	ctx := context.Background()
	sent := &kgo.Record{Topic: topic, Partition: 1, Offset: 7, Context: ctx}
	got := &kgo.Record{Topic: topic, Partition: 2, Offset: 9, Context: ctx, Headers: []kgo.RecordHeader{{Key: "k"}}}
	fetches := kgo.Fetches{{Topics: []kgo.FetchTopic{{Topic: topic, Partitions: []kgo.FetchPartition{{Partition: 2, HighWatermark: 10}}}}}}
	once := func() {
		sent.Timestamp = time.Now()
		hooks.OnProduceRecordBuffered(sent)
		hooks.OnProduceRecordUnbuffered(sent, nil)
		hooks.OnPollStart(ctx)
		hooks.OnFetchRecordUnbuffered(got, true)
		hooks.Fetched(ctx, fetches)
		hooks.Processed(got, nil)
	}
	once()
	if n := testing.AllocsPerRun(1000, once); n != 0 {
		t.Errorf("%v allocations per produced and consumed record, want 0", n)
	}
}
