package views

import (
	"slices"

	"go.opentelemetry.io/otel/attribute"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"

	"github.com/streamotel/streamotel/semconv"
)

// Option configures the View that [New] returns.
type Option interface{ apply(*config) }

type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	// exponential, when positive, is the MaxSize of the base-2 exponential
	// histogram used for durations instead of explicit boundaries.
	exponential int32
	rules       map[string]*rule
}

// rule is what the options say about one instrument.
type rule struct {
	boundaries  []float64
	maxBoundary float64
	capped      bool
	deny        []attribute.Key
	limits      []*valueLimit
	drop        bool
}

func (c *config) rule(name string) *rule {
	r, ok := c.rules[name]
	if !ok {
		r = &rule{}
		c.rules[name] = r
	}
	return r
}

// New returns one View that gives every duration histogram (an instrument
// of kind histogram with unit "s") bounded buckets and applies the options
// to the instruments they name.
//
// By default a duration histogram gets the boundaries the streamotel table
// advises for it (semconv.CoordinationBuckets for assignments and
// rebalances) and any other duration histogram gets the conventions'
// semconv.DurationBuckets, 0.005 s to 10 s, instead of the SDK's
// millisecond-oriented defaults. Instruments that no default and no option
// concern keep the SDK's defaults.
//
// The View matches every instrument, so that each keeps its own stream when
// other Views (such as [Faust]) match it too: the SDK exports an instrument
// under its own name only while no View, or a View that keeps that name,
// matches it.
func New(opts ...Option) sdkmetric.View {
	c := config{rules: map[string]*rule{}}
	for _, o := range opts {
		o.apply(&c)
	}
	return func(inst sdkmetric.Instrument) (sdkmetric.Stream, bool) {
		s := sdkmetric.Stream{Name: inst.Name, Description: inst.Description, Unit: inst.Unit}
		r, named := c.rules[inst.Name]
		if inst.Kind == sdkmetric.InstrumentKindHistogram && inst.Unit == "s" {
			s.Aggregation = c.durationAggregation(inst.Name)
		}
		if named {
			r.apply(inst, &s)
		}
		return s, true
	}
}

func (c *config) durationAggregation(name string) sdkmetric.Aggregation {
	if c.exponential > 0 {
		return sdkmetric.AggregationBase2ExponentialHistogram{MaxSize: c.exponential, MaxScale: 20}
	}
	bounds := semconv.DurationBuckets
	if in, ok := semconv.Lookup(name); ok && len(in.Buckets) > 0 {
		bounds = in.Buckets
	}
	return sdkmetric.AggregationExplicitBucketHistogram{Boundaries: bounds}
}

func (r *rule) apply(inst sdkmetric.Instrument, s *sdkmetric.Stream) {
	if r.drop {
		s.Aggregation = sdkmetric.AggregationDrop{}
		return
	}
	if inst.Kind == sdkmetric.InstrumentKindHistogram && (r.boundaries != nil || r.capped) {
		bounds := r.boundaries
		if bounds == nil {
			if h, ok := s.Aggregation.(sdkmetric.AggregationExplicitBucketHistogram); ok {
				bounds = h.Boundaries
			} else if in, ok := semconv.Lookup(inst.Name); ok && len(in.Buckets) > 0 {
				bounds = in.Buckets
			} else {
				bounds = semconv.DurationBuckets
			}
		}
		if r.capped {
			bounds = capBoundaries(bounds, r.maxBoundary)
		}
		s.Aggregation = sdkmetric.AggregationExplicitBucketHistogram{Boundaries: bounds}
	}
	var filters []attribute.Filter
	if len(r.deny) > 0 {
		filters = append(filters, attribute.NewDenyKeysFilter(r.deny...))
	}
	for _, l := range r.limits {
		filters = append(filters, l.keep)
	}
	switch len(filters) {
	case 0:
	case 1:
		s.AttributeFilter = filters[0]
	default:
		s.AttributeFilter = func(kv attribute.KeyValue) bool {
			for _, f := range filters {
				if !f(kv) {
					return false
				}
			}
			return true
		}
	}
}

// capBoundaries returns the boundaries not above max, in a new slice.
func capBoundaries(bounds []float64, max float64) []float64 {
	out := make([]float64, 0, len(bounds))
	for _, b := range bounds {
		if b <= max {
			out = append(out, b)
		}
	}
	return out
}

// Exponential makes every duration histogram a base-2 exponential histogram
// of at most maxSize buckets (the SDK's default is 160) at the finest scale
// that fits, instead of explicit boundaries. Instruments given [Boundaries]
// keep theirs. A maxSize below 2 is raised to 2.
func Exponential(maxSize int32) Option {
	return optionFunc(func(c *config) { c.exponential = max(maxSize, 2) })
}

// Boundaries replaces the bucket boundaries of the named histogram. The
// boundaries are sorted; duplicates and NaN are dropped.
func Boundaries(name string, boundaries ...float64) Option {
	b := slices.Clone(boundaries)
	b = slices.DeleteFunc(b, func(f float64) bool { return f != f })
	slices.Sort(b)
	b = slices.Compact(b)
	return optionFunc(func(c *config) { c.rule(name).boundaries = b })
}

// MaxBoundary caps the named histogram's boundaries: those above max are
// dropped, so values above it fall in the last, unbounded bucket.
func MaxBoundary(name string, max float64) Option {
	return optionFunc(func(c *config) {
		r := c.rule(name)
		r.maxBoundary, r.capped = max, true
	})
}

// DropAttributes removes the given attribute keys from the named
// instrument's measurements, merging the series that differed only by them
// (for example semconv.MessagingDestinationPartition to count per topic).
func DropAttributes(name string, keys ...attribute.Key) Option {
	keys = slices.Clone(keys)
	return optionFunc(func(c *config) {
		r := c.rule(name)
		r.deny = append(r.deny, keys...)
	})
}

// Drop stops the named instrument from being exported.
func Drop(name string) Option {
	return optionFunc(func(c *config) { c.rule(name).drop = true })
}
