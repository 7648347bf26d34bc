package otelsensor

import "sync/atomic"

var defaultSensor atomic.Pointer[Sensor]

// Default returns the process-wide Sensor set by SetDefault. Until then it is
// disabled: instrumented code that calls Default costs one atomic load and a
// nil check per callback, as log/slog's Default does for logging.
func Default() *Sensor { return defaultSensor.Load() }

// SetDefault makes s the Sensor that Default returns; nil disables it again.
func SetDefault(s *Sensor) { defaultSensor.Store(s) }
