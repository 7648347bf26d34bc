package redissensor

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/streamotel/streamotel/otelsensor"
)

// LagTimeout bounds each read of the groups' lag, so that a server that does
// not answer cannot hold up a collection for longer.
const LagTimeout = 2 * time.Second

// maxGroups bounds the consumer groups a Hook reads the lag of; groups read
// with XREADGROUP after that many are not reported.
const maxGroups = 256

// Group is the state of a consumer group of a stream, as XINFO GROUPS
// replied at the last read.
type Group struct {
	Stream string
	Name   string
	// Lag is the number of entries of the stream not yet delivered to the
	// group, or -1 when the server cannot tell (XINFO GROUPS replies nil
	// after entries were deleted, or when the group was created or moved
	// to an arbitrary ID).
	Lag int64
	// Pending is the number of entries delivered to the group's consumers
	// and not yet acknowledged (the group's pending entries list).
	Pending int64
}

// Groups returns the groups whose lag the Hook read (see WithLag), as of the
// last complete read, sorted by stream and group. It is empty without
// WithLag.
func (h *Hook) Groups() []Group {
	if h.lag == nil {
		return nil
	}
	if g := h.lag.last.Load(); g != nil {
		return slices.Clone(*g)
	}
	return nil
}

// groupKey names a consumer group of a stream.
type groupKey struct{ stream, group string }

// lag learns the groups the client reads with and reads their lag when the
// Sensor's hooks collect.
type lag struct {
	sensor *otelsensor.Sensor
	client redis.Cmdable
	stop   func()

	mu      sync.Mutex                        // serialises writers of known
	known   atomic.Pointer[map[groupKey]bool] // copied on write: read without locks
	last    atomic.Pointer[[]Group]
	version atomic.Uint64 // the server's major version; 0 until asked
}

func newLag(sensor *otelsensor.Sensor, client redis.Cmdable, every time.Duration) *lag {
	l := &lag{sensor: sensor, client: client}
	l.stop = sensor.Poll(every, l.read)
	return l
}

// learn adds the group of stream to those read, once; it is a map lookup
// for a group already known.
func (l *lag) learn(stream, group string) {
	key := groupKey{stream, group}
	if m := l.known.Load(); m != nil && (*m)[key] {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	old := l.known.Load()
	if old != nil && ((*old)[key] || len(*old) >= maxGroups) {
		return
	}
	next := make(map[groupKey]bool, 1+len(derefOr(old)))
	for k := range derefOr(old) {
		next[k] = true
	}
	next[key] = true
	l.known.Store(&next)
}

func derefOr(m *map[groupKey]bool) map[groupKey]bool {
	if m == nil {
		return nil
	}
	return *m
}

// read reads XINFO GROUPS of every stream a known group reads, in one
// pipeline, and reports each known group's lag: its number, or -1 when the
// server cannot tell. A stream the server answers with an error (it was
// deleted, or is no longer a stream) is left out; when the server cannot be
// reached nothing is reported this time, and Groups keeps the last read.
func (l *lag) read(ctx context.Context) {
	known := derefOr(l.known.Load())
	if len(known) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(ctx, LagTimeout)
	defer cancel()
	hasLag, err := l.serverHasLag(ctx)
	if err != nil {
		return
	}
	var streams []string
	for k := range known {
		streams = append(streams, k.stream)
	}
	slices.Sort(streams)
	streams = slices.Compact(streams)
	pipe := l.client.Pipeline()
	replies := make([]*redis.XInfoGroupsCmd, len(streams))
	for i, stream := range streams {
		replies[i] = pipe.XInfoGroups(ctx, stream)
	}
	_, _ = pipe.Exec(ctx) // each reply has its own error
	var groups []Group
	for i, stream := range streams {
		infos, err := replies[i].Result()
		if err != nil {
			var reply redis.Error
			if errors.As(err, &reply) && !errors.Is(err, redis.Nil) {
				continue
			}
			return
		}
		for _, g := range infos {
			if !known[groupKey{stream, g.Name}] {
				continue
			}
			if !hasLag {
				g.Lag = -1
			}
			// -1 is "unknown": redis.XInfoGroup's Lag for a nil reply.
			l.sensor.OnLag(ctx, partition(stream), g.Lag)
			l.sensor.OnPending(ctx, partition(stream), g.Pending)
			groups = append(groups, Group{Stream: stream, Name: g.Name, Lag: g.Lag, Pending: g.Pending})
		}
	}
	slices.SortFunc(groups, func(a, b Group) int {
		return cmp.Or(strings.Compare(a.Stream, b.Stream), strings.Compare(a.Name, b.Name))
	})
	l.last.Store(&groups)
}

// serverHasLag reports whether the server's XINFO GROUPS replies a lag:
// Redis 7 and later, and the servers that report themselves as such. Before
// that the field is missing, which go-redis reads as 0. The answer is asked
// once, at the first read that gets one.
func (l *lag) serverHasLag(ctx context.Context) (bool, error) {
	if v := l.version.Load(); v != 0 {
		return v >= 7, nil
	}
	info, err := l.client.Info(ctx, "server").Result()
	if err != nil {
		return false, err
	}
	_, after, _ := strings.Cut(info, "redis_version:")
	major, _, _ := decimal(after)
	l.version.Store(max(major, 1)) // 1: unknown, taken as old
	return major >= 7, nil
}
