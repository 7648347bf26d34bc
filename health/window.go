package health

import (
	"time"

	"github.com/streamotel/streamotel/otelsensor"
)

// ringSize bounds the samples a Checker keeps.
const ringSize = 64

// sample is the counts the error rates are computed from, at one time.
type sample struct {
	at                  time.Time
	sent, sendErrors    int64
	events, eventErrors int64
}

// sampleOf takes the counts of s; the messages of handlers count as events,
// their failures as processing errors.
func sampleOf(at time.Time, s otelsensor.Snapshot) sample {
	smp := sample{at: at, sent: s.MessagesSent, sendErrors: s.SendErrors, events: s.EventsTotal, eventErrors: s.EventsErrors}
	for _, h := range s.Handlers {
		smp.events += h.Received
		smp.eventErrors += h.Errors
	}
	return smp
}

// ring keeps the last ringSize samples, spaced by at least every, in a fixed
// array: adding a sample never allocates.
type ring struct {
	buf   [ringSize]sample
	n     int // samples held
	next  int // where the next sample goes
	every time.Duration
}

// spacing returns the least time between kept samples for the given
// windows (zero for an unused one): a fraction of the shortest, large enough
// that ringSize samples span more than the longest.
func spacing(windows ...time.Duration) time.Duration {
	var shortest, longest time.Duration
	for _, w := range windows {
		if w <= 0 {
			continue
		}
		if shortest == 0 || w < shortest {
			shortest = w
		}
		longest = max(longest, w)
	}
	return max(shortest/8, longest/(ringSize-4))
}

func (r *ring) newest() sample {
	return r.buf[(r.next+ringSize-1)%ringSize]
}

// add keeps s unless the newest sample is more recent than r.every.
func (r *ring) add(s sample) {
	if r.n > 0 && s.at.Sub(r.newest().at) < r.every {
		return
	}
	r.buf[r.next] = s
	r.next = (r.next + 1) % ringSize
	r.n = min(r.n+1, ringSize)
}

// base returns the sample a rate over window ending at now starts from: the
// newest taken at least window before now, or the oldest if none is that
// old. The ring is never empty: New adds a first sample.
func (r *ring) base(now time.Time, window time.Duration) sample {
	cutoff := now.Add(-window)
	oldest := (r.next + ringSize - r.n) % ringSize
	for i := r.n - 1; i >= 0; i-- {
		s := r.buf[(oldest+i)%ringSize]
		if !s.at.After(cutoff) {
			return s
		}
	}
	return r.buf[oldest]
}
