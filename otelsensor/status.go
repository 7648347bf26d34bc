package otelsensor

import "github.com/streamotel/streamotel/semconv"

// Status is how a handler settled a message: FastStream's statuses.
type Status uint8

// The statuses of a handled message.
const (
	StatusAcked Status = iota
	StatusNacked
	StatusRejected
	StatusSkipped
	StatusError
	numStatuses
)

var statusNames = [numStatuses]string{
	semconv.MessageStatusAcked, semconv.MessageStatusNacked, semconv.MessageStatusRejected,
	semconv.MessageStatusSkipped, semconv.MessageStatusError,
}

// String returns the status as streamotel.message.status reports it.
func (s Status) String() string {
	if s < numStatuses {
		return statusNames[s]
	}
	return semconv.MessageStatusError
}
