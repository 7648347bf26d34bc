package stats

import "sync/atomic"

var std atomic.Pointer[Registry]

func init() {
	r, _ := New()
	std.Store(r)
}

// Default returns the process-wide Registry that the package functions use.
func Default() *Registry { return std.Load() }

// SetDefault makes r the process-wide Registry; nil is ignored.
func SetDefault(r *Registry) {
	if r != nil {
		std.Store(r)
	}
}

// Incr adds n to the count called name in the Default Registry.
func Incr(name string, n int64) { Default().Incr(name, n) }

// Set sets the value called name in the Default Registry.
func Set(name string, v float64) { Default().Set(name, v) }

// Record adds v to the history of name in the Default Registry.
func Record(name string, v float64) { Default().Record(name, v) }
