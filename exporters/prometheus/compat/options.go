package compat

import (
	promclient "github.com/prometheus/client_golang/prometheus"
)

// config is what the options set.
type config struct {
	prefix     string
	appName    string
	registerer promclient.Registerer
}

// Option configures [Faust] and [FastStream].
type Option interface {
	apply(config) config
}

type optionFunc func(config) config

func (f optionFunc) apply(c config) config { return f(c) }

// WithPrefix sets the prefix of every metric name: Faust's name_prefix
// (by default the application name) or FastStream's metrics_prefix (by
// default "faststream"). As Faust does, '-' and '.' become '_' for Faust.
func WithPrefix(prefix string) Option {
	return optionFunc(func(c config) config { c.prefix = prefix; return c })
}

// WithAppName sets the application name: for FastStream the value of every
// series' app_name label, for Faust the name its default prefix comes from.
// By default it is the resource's service.name (OTEL_SERVICE_NAME); for
// FastStream, when the resource has only the SDK's unknown_service default,
// the metrics prefix, as FastStream does.
func WithAppName(name string) Option {
	return optionFunc(func(c config) config { c.appName = name; return c })
}

// WithRegisterer registers the exporter's collector with r as well, so that
// one registry can serve several peers (or the peers and the process's
// other metrics) at one endpoint. Names that two collectors would both
// produce make Register fail, or, when a name depends on the resource, the
// scrape report an error: peers never silently overwrite each other.
func WithRegisterer(r promclient.Registerer) Option {
	return optionFunc(func(c config) config { c.registerer = r; return c })
}
