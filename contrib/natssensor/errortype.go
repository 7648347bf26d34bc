package natssensor

import (
	"context"
	"errors"
	"strconv"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/streamotel/streamotel/otelsensor"
)

// namedErrors are the errors of the NATS client by the error.type they are
// reported under, in the order they are matched with errors.Is.
var namedErrors = [...]struct {
	err  error
	name string
}{
	{nats.ErrTimeout, "timeout"},
	{nats.ErrNoResponders, "no_responders"},
	{nats.ErrConnectionClosed, "connection_closed"},
	{nats.ErrConnectionDraining, "connection_draining"},
	{nats.ErrConnectionReconnecting, "connection_reconnecting"},
	{nats.ErrDisconnected, "disconnected"},
	{nats.ErrReconnectBufExceeded, "reconnect_buffer_exceeded"},
	{nats.ErrStaleConnection, "stale_connection"},
	{nats.ErrInvalidConnection, "invalid_connection"},
	{nats.ErrMaxPayload, "max_payload"},
	{nats.ErrBadSubject, "bad_subject"},
	{nats.ErrInvalidMsg, "invalid_msg"},
	{nats.ErrHeadersNotSupported, "headers_not_supported"},
	{nats.ErrAuthorization, "authorization_violation"},
	{nats.ErrPermissionViolation, "permissions_violation"},
	{nats.ErrSlowConsumer, "slow_consumer"},
	{jetstream.ErrNoStreamResponse, "no_stream_response"},
	{jetstream.ErrAsyncPublishTimeout, "async_publish_timeout"},
	{jetstream.ErrTooManyStalledMsgs, "too_many_stalled_msgs"},
	{jetstream.ErrJetStreamPublisherClosed, "publisher_closed"},
	{jetstream.ErrAsyncPublishReplySubjectSet, "reply_subject_set"},
	{jetstream.ErrInvalidJSAck, "invalid_ack"},
	{jetstream.ErrConnectionClosed, "connection_closed"},
	{jetstream.ErrServerShutdown, "server_shutdown"},
	{jetstream.ErrMsgAlreadyAckd, "already_acked"},
	{jetstream.ErrMsgNotBound, "msg_not_bound"},
	{jetstream.ErrMsgNoReply, "msg_no_reply"},
	{jetstream.ErrNoHeartbeat, "no_heartbeat"},
	{jetstream.ErrConsumerDeleted, "consumer_deleted"},
	{jetstream.ErrConsumerLeadershipChanged, "leadership_changed"},
	{jetstream.ErrNoMessages, "no_messages"},
	{jetstream.ErrMaxBytesExceeded, "max_bytes_exceeded"},
	{context.DeadlineExceeded, "timeout"},
	{context.Canceled, "canceled"},
}

// apiErrorNames are the JetStream API error codes that get a name; other
// codes are reported as "api_<code>".
var apiErrorNames = map[jetstream.ErrorCode]string{
	jetstream.JSErrCodeBadRequest:                    "bad_request",
	jetstream.JSErrCodeStreamNotFound:                "stream_not_found",
	jetstream.JSErrCodeStreamWrongLastSequence:       "wrong_last_sequence",
	jetstream.JSErrCodeStreamMessageExceedsMaximum:   "message_exceeds_maximum",
	jetstream.JSErrCodeJetStreamNotEnabled:           "jetstream_not_enabled",
	jetstream.JSErrCodeJetStreamNotEnabledForAccount: "jetstream_not_enabled_for_account",
	jetstream.JSErrCodeConsumerNotFound:              "consumer_not_found",
}

// errorType returns the readable error.type of an error of the NATS
// client: the name of a known client error, the name or code of a
// JetStream API error, or "" for other errors.
func errorType(err error) string {
	for _, e := range namedErrors {
		if errors.Is(err, e.err) {
			return e.name
		}
	}
	var api *jetstream.APIError
	if errors.As(err, &api) {
		if name, ok := apiErrorNames[api.ErrorCode]; ok {
			return name
		}
		return "api_" + strconv.Itoa(int(api.ErrorCode))
	}
	return ""
}

// typed returns err with its readable error.type, or err itself when it is
// not a known error of the NATS client.
func typed(err error) error { return otelsensor.WithErrorType(err, errorType(err)) }
