package otelsensor

import "sync/atomic"

var defaultSensor atomic.Pointer[Sensor]

// Default returns the process-wide sensor set by SetDefault. Until then it
// returns Nop: instrumented code that calls Default costs one atomic load
// and empty calls, as log/slog's Default does for logging.
func Default() Sensor {
	if p := defaultSensor.Load(); p != nil {
		return *p
	}
	return Nop()
}

// SetDefault makes s the sensor that Default returns; nil restores the no-op
// default.
func SetDefault(s Sensor) {
	if s == nil {
		defaultSensor.Store(nil)
		return
	}
	defaultSensor.Store(&s)
}
