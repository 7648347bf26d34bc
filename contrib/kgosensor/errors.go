package kgosensor

import (
	"context"
	"errors"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/streamotel/streamotel/otelsensor"
)

// clientErrors name the failures kgo reports with sentinel errors, as Kafka
// names its error codes.
var clientErrors = []struct {
	err  error
	name string
}{
	{kgo.ErrRecordTimeout, "RECORD_TIMEOUT"},
	{kgo.ErrRecordRetries, "RECORD_RETRIES"},
	{kgo.ErrMaxBuffered, "MAX_BUFFERED"},
	{kgo.ErrAborting, "ABORTING"},
	{kgo.ErrClientClosed, "CLIENT_CLOSED"},
	{context.Canceled, "CANCELED"},
	{context.DeadlineExceeded, "DEADLINE_EXCEEDED"},
}

// kafkaError returns err with the name of its Kafka error code, or of the
// client's failure, as its error.type; other errors are returned as they
// are. The Kafka code wins: a record that failed after retries on
// NOT_LEADER_FOR_PARTITION is NOT_LEADER_FOR_PARTITION.
func kafkaError(err error) error {
	var ke *kerr.Error
	if errors.As(err, &ke) {
		return otelsensor.WithErrorType(err, ke.Message)
	}
	for _, c := range clientErrors {
		if errors.Is(err, c.err) {
			return otelsensor.WithErrorType(err, c.name)
		}
	}
	return err
}
