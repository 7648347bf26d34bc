package redissensor

import (
	"time"

	"github.com/redis/go-redis/v9"
)

// An Option configures the Hook that New returns.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	lagClient redis.Cmdable
	lagEvery  time.Duration
}

// DefaultLagEvery is how often, at most, WithLag reads the groups when it is
// given no interval.
const DefaultLagEvery = 10 * time.Second

// WithLag makes the Hook report the lag and pending count of every consumer
// group that the hooked client reads with XREADGROUP, read with XINFO GROUPS
// through client (usually the hooked client itself) when the Sensor's
// hooks collect, at most once per every (DefaultLagEvery when every is not
// positive). Each read is bounded by LagTimeout. Without this option the
// Hook reports no lag: a Hook cannot issue commands of its own.
func WithLag(client redis.Cmdable, every time.Duration) Option {
	return optionFunc(func(c *config) {
		c.lagClient = client
		c.lagEvery = every
		if every <= 0 {
			c.lagEvery = DefaultLagEvery
		}
	})
}
