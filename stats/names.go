package stats

import (
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"
)

// maxNameLen bounds the length, in bytes, of a name.
const maxNameLen = 255

// EmptyName replaces an empty name.
const EmptyName = "_EMPTY"

// CleanName returns the name a Registry keeps for name: invalid UTF-8 bytes
// become U+FFFD, control characters (line breaks included) become '_', the
// result is cut to 255 bytes, and the empty name becomes EmptyName. Names are
// sanitised, never rejected, so that no count is lost.
func CleanName(name string) string {
	if name == "" {
		return EmptyName
	}
	if !utf8.ValidString(name) {
		name = strings.ToValidUTF8(name, "\uFFFD")
	}
	if strings.IndexFunc(name, unicode.IsControl) >= 0 {
		name = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return '_'
			}
			return r
		}, name)
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

// names is a bounded, copy-on-write map from a name as given to its entry.
// Names that clean to the same name share one entry. Reads are one atomic
// load and one map lookup; a new name copies the map once.
type names[V any] struct {
	m      atomic.Pointer[map[string]*V]
	mu     sync.Mutex
	clean  map[string]*V // by cleaned name; guarded by mu
	limit  int
	create func() *V
}

func newNames[V any](limit int, create func() *V) *names[V] {
	return &names[V]{limit: limit, create: create, clean: map[string]*V{}}
}

func (n *names[V]) get(name string) *V {
	if m := n.m.Load(); m != nil {
		if v, ok := (*m)[name]; ok {
			return v
		}
	}
	return n.add(name)
}

func (n *names[V]) add(name string) *V {
	n.mu.Lock()
	defer n.mu.Unlock()
	var old map[string]*V
	if m := n.m.Load(); m != nil {
		old = *m
	}
	if v, ok := old[name]; ok {
		return v
	}
	c := CleanName(name)
	v, ok := n.clean[c]
	if !ok {
		if len(n.clean) >= n.limit {
			c = OverflowName
			v = n.clean[c]
		}
		if v == nil {
			v = n.create()
			n.clean[c] = v
		}
	}
	if len(old) >= 4*n.limit {
		return v // raw spellings are bounded too; this one is not cached
	}
	next := make(map[string]*V, len(old)+1)
	for k, e := range old {
		next[k] = e
	}
	next[name] = v
	n.m.Store(&next)
	return v
}

// each calls f for every entry with its cleaned name, in no order.
func (n *names[V]) each(f func(string, *V)) {
	n.mu.Lock()
	defer n.mu.Unlock()
	for name, v := range n.clean {
		f(name, v)
	}
}
