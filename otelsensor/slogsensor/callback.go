package slogsensor

import (
	"log/slog"
	"strconv"
)

// Callback names a kind of record the Sensor can log: one per Sensor method,
// plus the failed outcomes of OnStreamEventOut and OnCommitCompleted, which
// are switched apart from the successful ones.
type Callback uint8

// The kinds of record.
const (
	MessageIn Callback = iota
	MessageOut
	StreamEventIn
	StreamEventOut
	StreamEventError
	TableGet
	TableSet
	TableDel
	CommitInitiated
	CommitCompleted
	CommitError
	OffsetCommitted
	EndOffset
	SendInitiated
	SendCompleted
	SendError
	TopicBufferFull
	AssignmentStart
	AssignmentError
	AssignmentCompleted
	RebalanceStart
	RebalanceReturn
	RebalanceEnd
	WebRequestStart
	WebRequestEnd
	numCallbacks
)

// callbackInfo is a Callback's name, message and defaults.
type callbackInfo struct {
	name  string
	msg   string
	level slog.Level
	every uint64 // 0: off by default
}

var callbacks = [numCallbacks]callbackInfo{
	MessageIn:           {"MessageIn", "message in", slog.LevelDebug, 0},
	MessageOut:          {"MessageOut", "message out", slog.LevelDebug, 0},
	StreamEventIn:       {"StreamEventIn", "stream event in", slog.LevelDebug, 0},
	StreamEventOut:      {"StreamEventOut", "stream event out", slog.LevelDebug, 0},
	StreamEventError:    {"StreamEventError", "stream event failed", slog.LevelWarn, 1},
	TableGet:            {"TableGet", "table get", slog.LevelDebug, 0},
	TableSet:            {"TableSet", "table set", slog.LevelDebug, 0},
	TableDel:            {"TableDel", "table del", slog.LevelDebug, 0},
	CommitInitiated:     {"CommitInitiated", "commit initiated", slog.LevelDebug, 0},
	CommitCompleted:     {"CommitCompleted", "commit completed", slog.LevelDebug, 1},
	CommitError:         {"CommitError", "commit failed", slog.LevelWarn, 1},
	OffsetCommitted:     {"OffsetCommitted", "offset committed", slog.LevelDebug, 0},
	EndOffset:           {"EndOffset", "end offset", slog.LevelDebug, 0},
	SendInitiated:       {"SendInitiated", "send initiated", slog.LevelDebug, 0},
	SendCompleted:       {"SendCompleted", "send completed", slog.LevelDebug, 0},
	SendError:           {"SendError", "send failed", slog.LevelError, 1},
	TopicBufferFull:     {"TopicBufferFull", "topic buffer full", slog.LevelWarn, 1},
	AssignmentStart:     {"AssignmentStart", "assignment started", slog.LevelInfo, 1},
	AssignmentError:     {"AssignmentError", "assignment failed", slog.LevelError, 1},
	AssignmentCompleted: {"AssignmentCompleted", "assignment completed", slog.LevelInfo, 1},
	RebalanceStart:      {"RebalanceStart", "rebalance started", slog.LevelInfo, 1},
	RebalanceReturn:     {"RebalanceReturn", "rebalance returned", slog.LevelInfo, 1},
	RebalanceEnd:        {"RebalanceEnd", "rebalance ended", slog.LevelInfo, 1},
	WebRequestStart:     {"WebRequestStart", "web request started", slog.LevelDebug, 0},
	WebRequestEnd:       {"WebRequestEnd", "web request ended", slog.LevelDebug, 0},
}

// String returns the Callback's name, such as "MessageIn".
func (c Callback) String() string {
	if c >= numCallbacks {
		return "Callback(" + strconv.Itoa(int(c)) + ")"
	}
	return callbacks[c].name
}

// Message returns the message of the Callback's records, such as
// "message in".
func (c Callback) Message() string {
	if c >= numCallbacks {
		return ""
	}
	return callbacks[c].msg
}

// Noisy returns the callbacks that happen for every message, stream event,
// table access, send, offset or web request, and are off by default.
func Noisy() []Callback {
	var out []Callback
	for c := range numCallbacks {
		if callbacks[c].every == 0 {
			out = append(out, c)
		}
	}
	return out
}
