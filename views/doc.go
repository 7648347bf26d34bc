// Package views holds the OpenTelemetry Views that shape streamotel's
// instruments before they are exported: histogram boundaries for every
// duration, exponential histograms, per-instrument boundaries, attribute
// filters, value limits and drops ([New]), and the deprecated compatibility
// Views that add streams under some metric names of Faust's
// PrometheusMonitor ([Faust]) and of FastStream's Prometheus middleware
// ([FastStream]); their labels stay the conventions'. For the peers' exact
// output, dashboards included, use package exporters/prometheus/compat.
//
// The OpenTelemetry SDK creates one stream for every View that matches an
// instrument. [New] therefore returns a single View that applies all of its
// options to an instrument together; passing two Views that both match the
// same instrument would export it twice under one name. The compatibility
// Views add streams under other names: combined with [New], an instrument is
// exported under its own name and its compatibility names; alone, under the
// compatibility names only.
package views
