package env

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseHeaders(t *testing.T) {
	h, err := ParseHeaders(" api-key = s%3Dcret , ,x-tenant=a%20b,empty=")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"api-key": "s=cret", "x-tenant": "a b", "empty": ""}
	if len(h) != len(want) {
		t.Fatalf("got %v, want %v", h, want)
	}
	for k, v := range want {
		if h[k] != v {
			t.Errorf("%s = %q, want %q", k, h[k], v)
		}
	}
	for _, bad := range []string{"novalue", "=v", "bad key=v", "k=%zz", "k=a%0Db", "k\x00=v"} {
		if _, err := ParseHeaders(bad); err == nil {
			t.Errorf("ParseHeaders(%q) succeeded", bad)
		}
	}
}

func FuzzParseHeaders(f *testing.F) {
	for _, s := range []string{"", "a=b", "a=b,c=d%20e", "=", ",,", "a=%", "a=%ff", "ü=1", "a=\r\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, err := ParseHeaders(s)
		if err != nil {
			return
		}
		for k, v := range h {
			if !isToken(k) || strings.ContainsAny(v, "\r\n\x00") {
				t.Fatalf("accepted %q=%q from %q", k, v, s)
			}
		}
	})
}

func TestPrecedenceAndErrors(t *testing.T) {
	t.Setenv("GENERAL", "100")
	t.Setenv("SPECIFIC", "250")
	if d, ok, err := Millis("SPECIFIC", "GENERAL"); err != nil || !ok || d != 250*time.Millisecond {
		t.Errorf("Millis = %v %v %v", d, ok, err)
	}
	t.Setenv("SPECIFIC", " ")
	if d, _, _ := Millis("SPECIFIC", "GENERAL"); d != 100*time.Millisecond {
		t.Errorf("blank variable not skipped: %v", d)
	}
	t.Setenv("BAD", "10s")
	_, _, err := Millis("BAD")
	var e *Error
	if !errors.As(err, &e) || e.Name != "BAD" || !strings.Contains(err.Error(), "BAD") {
		t.Errorf("error %v does not name the variable", err)
	}
	t.Setenv("B", "TRUE")
	if b, ok, err := Bool("B"); !b || !ok || err != nil {
		t.Errorf("Bool = %v %v %v", b, ok, err)
	}
	t.Setenv("B", "yes")
	if _, _, err := Bool("B"); err == nil {
		t.Error("Bool(yes) succeeded")
	}
	t.Setenv("L", " OTLP, ,prometheus")
	if l, ok := List("L"); !ok || strings.Join(l, "|") != "otlp|prometheus" {
		t.Errorf("List = %v", l)
	}
}
