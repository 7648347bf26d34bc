package otelsensor

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Poll registers read, which reads a pull-based source (a client's buffered
// records, a consumer's pending count, a group's lag) and reports it through
// the Sensor's callbacks. The Sensor's CollectHooks run it when they collect
// (the Monitor: when its MeterProvider collects, and in Snapshot), at most
// once per every, and never twice at once; a read that runs long makes
// collections in the meantime skip it. Poll returns a function that
// unregisters read. On a disabled Sensor it does nothing.
func (s *Sensor) Poll(every time.Duration, read func(ctx context.Context)) (stop func()) {
	if s == nil || s.polls == nil || read == nil {
		return func() {}
	}
	s.polls.attach.Do(func() {
		for _, c := range s.collectors {
			c.CollectFrom(s.polls.run)
		}
	})
	return s.polls.add(&poll{every: every, read: read})
}

// polls are the sources registered with Poll.
type polls struct {
	attach sync.Once  // hands run to the Sensor's CollectHooks
	mu     sync.Mutex // serialises writers
	list   atomic.Pointer[[]*poll]
}

// poll is one registered source.
type poll struct {
	every time.Duration
	read  func(context.Context)
	mu    sync.Mutex // held while read runs
	last  stamp      // guarded by mu: when read last ran
}

func (p *polls) add(q *poll) (stop func()) {
	p.update(func(list []*poll) []*poll { return append(list, q) })
	return sync.OnceFunc(func() {
		p.update(func(list []*poll) []*poll {
			return slices.DeleteFunc(list, func(have *poll) bool { return have == q })
		})
	})
}

// update replaces the list by f of a copy of it.
func (p *polls) update(f func([]*poll) []*poll) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var list []*poll
	if old := p.list.Load(); old != nil {
		list = slices.Clone(*old)
	}
	next := f(list)
	p.list.Store(&next)
}

// run runs every source that is due.
func (p *polls) run(ctx context.Context) {
	list := p.list.Load()
	if list == nil {
		return
	}
	for _, q := range *list {
		if !q.mu.TryLock() {
			continue
		}
		if t := now(); q.last == 0 || time.Duration(t-q.last) >= q.every {
			q.last = t
			q.read(ctx)
		}
		q.mu.Unlock()
	}
}
