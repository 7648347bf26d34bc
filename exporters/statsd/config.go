package statsd

import (
	"errors"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
)

// Flavor selects how attributes travel in a line.
type Flavor int

const (
	// StatsD folds attributes into the metric name as ".key.value" segments,
	// for daemons without tags (Etsy's statsd with Graphite, Faust's
	// StatsdMonitor layout).
	StatsD Flavor = iota
	// DogStatsD sends attributes as "|#key:value" tags, as Datadog agents
	// read them.
	DogStatsD
)

// String returns the flavour's name as STATSD_FLAVOR spells it.
func (f Flavor) String() string {
	if f == DogStatsD {
		return "dogstatsd"
	}
	return "statsd"
}

// Defaults.
const (
	// DefaultAddress is where a StatsD daemon or Datadog agent listens by
	// default.
	DefaultAddress = "127.0.0.1:8125"
	// DefaultMaxPacketSize keeps a packet within one Ethernet frame: 1500
	// bytes less IP and UDP headers, with margin for tunnels.
	DefaultMaxPacketSize = 1432
	// maxUDPPayload is the largest payload of a UDP datagram over IPv4.
	maxUDPPayload = 65507
	// minPacketSize leaves room for a line of useful length.
	minPacketSize = 64
)

type config struct {
	address   string
	prefix    string
	flavor    Flavor
	maxPacket int
}

// Option configures an Exporter.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

// WithAddress sets the daemon's UDP address as host:port (default
// DefaultAddress). The host is resolved at the first export.
func WithAddress(hostport string) Option {
	return optionFunc(func(c *config) { c.address = hostport })
}

// WithPrefix sets a prefix put before every metric name, joined with a dot,
// as Faust's StatsdMonitor does with its prefix. The default is no prefix.
func WithPrefix(prefix string) Option {
	return optionFunc(func(c *config) { c.prefix = prefix })
}

// WithFlavor selects StatsD (the default) or DogStatsD lines.
func WithFlavor(f Flavor) Option {
	return optionFunc(func(c *config) { c.flavor = f })
}

// WithMaxPacketSize sets the largest UDP payload the exporter sends, in bytes
// (default DefaultMaxPacketSize, at least 64, at most 65507). Lines are
// packed into packets up to this size; a line longer than it is dropped.
func WithMaxPacketSize(n int) Option {
	return optionFunc(func(c *config) { c.maxPacket = n })
}

// newConfig applies opts in order, the last of each kind winning, and then
// reports every value that cannot be used.
func newConfig(opts []Option) (config, error) {
	c := config{address: DefaultAddress, maxPacket: DefaultMaxPacketSize}
	for _, o := range opts {
		o.apply(&c)
	}
	var errs []error
	if c.flavor != StatsD && c.flavor != DogStatsD {
		errs = append(errs, fmt.Errorf("statsd: unknown flavor %d", int(c.flavor)))
	}
	if c.maxPacket < minPacketSize || c.maxPacket > maxUDPPayload {
		errs = append(errs, fmt.Errorf("statsd: max packet size %d out of range [%d, %d]", c.maxPacket, minPacketSize, maxUDPPayload))
	}
	if _, _, err := net.SplitHostPort(c.address); err != nil {
		errs = append(errs, fmt.Errorf("statsd: address %q: %w", c.address, err))
	}
	return c, errors.Join(errs...)
}

// Environment variables read by EnvOptions.
const (
	EnvHost          = "STATSD_HOST"
	EnvPort          = "STATSD_PORT"
	EnvPrefix        = "STATSD_PREFIX"
	EnvFlavor        = "STATSD_FLAVOR"
	EnvMaxPacketSize = "STATSD_MAX_PACKET_SIZE"
)

// EnvOptions returns the options that the environment sets: STATSD_HOST
// (default 127.0.0.1), STATSD_PORT (default 8125), STATSD_PREFIX,
// STATSD_FLAVOR ("statsd" or "dogstatsd") and STATSD_MAX_PACKET_SIZE. Unset
// or empty variables keep the defaults; a variable that cannot be parsed is
// an error naming it. Options given to New after these override them.
func EnvOptions() ([]Option, error) {
	var opts []Option
	var errs []error
	host, port := os.Getenv(EnvHost), os.Getenv(EnvPort)
	if host != "" || port != "" {
		defHost, defPort, _ := net.SplitHostPort(DefaultAddress)
		if host == "" {
			host = defHost
		}
		if port == "" {
			port = defPort
		}
		if n, err := strconv.ParseUint(port, 10, 16); err != nil || n == 0 {
			errs = append(errs, fmt.Errorf("statsd: %s=%q is not a port number", EnvPort, port))
		} else {
			opts = append(opts, WithAddress(net.JoinHostPort(host, port)))
		}
	}
	if p := os.Getenv(EnvPrefix); p != "" {
		opts = append(opts, WithPrefix(p))
	}
	switch f := strings.ToLower(os.Getenv(EnvFlavor)); f {
	case "":
	case "statsd":
		opts = append(opts, WithFlavor(StatsD))
	case "dogstatsd", "datadog":
		opts = append(opts, WithFlavor(DogStatsD))
	default:
		errs = append(errs, fmt.Errorf("statsd: %s=%q: want statsd or dogstatsd", EnvFlavor, f))
	}
	if s := os.Getenv(EnvMaxPacketSize); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < minPacketSize || n > maxUDPPayload {
			errs = append(errs, fmt.Errorf("statsd: %s=%q: want a size in bytes from %d to %d", EnvMaxPacketSize, s, minPacketSize, maxUDPPayload))
		} else {
			opts = append(opts, WithMaxPacketSize(n))
		}
	}
	return opts, errors.Join(errs...)
}
