package middleware

import "runtime"

func runtimeGoexit() { runtime.Goexit() }
