package otelsensor

import (
	"strings"
	"unicode/utf8"
)

// maxNameLen bounds the length, in bytes, of a name used as an attribute
// value.
const maxNameLen = 255

// emptyName replaces an empty topic, stream, table or metric name.
const emptyName = "_EMPTY"

// cleanName returns name as a safe attribute value: valid UTF-8 (invalid
// bytes become U+FFFD), at most maxNameLen bytes, never empty.
func cleanName(name string) string {
	if name == "" {
		return emptyName
	}
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "\uFFFD")
	}
	if len(name) > maxNameLen {
		cut := maxNameLen
		for cut > 0 && !utf8.RuneStart(name[cut]) {
			cut--
		}
		name = name[:cut]
	}
	return name
}

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
