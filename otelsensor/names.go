package otelsensor

import "github.com/streamotel/streamotel/stats"

// cleanName returns name as a safe attribute value, as stats.CleanName
// cleans the names of stats: valid UTF-8, no control characters, at most 255
// bytes, never empty.
func cleanName(name string) string { return stats.CleanName(name) }

// httpMethods are the methods http.request.method reports by name; others
// are reported as _OTHER, as the conventions ask.
var httpMethods = map[string]string{
	"CONNECT": "CONNECT", "DELETE": "DELETE", "GET": "GET", "HEAD": "HEAD",
	"OPTIONS": "OPTIONS", "PATCH": "PATCH", "POST": "POST", "PUT": "PUT",
	"TRACE": "TRACE", "QUERY": "QUERY",
}

func cleanMethod(m string) string {
	if s, ok := httpMethods[m]; ok {
		return s
	}
	return "_OTHER"
}
