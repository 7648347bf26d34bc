package semconv_test

import (
	"bytes"
	"os"
	"regexp"
	"testing"

	"github.com/streamotel/streamotel/semconv"
	"github.com/streamotel/streamotel/semconv/internal/doc"
)

func TestDocIsGenerated(t *testing.T) {
	have, err := os.ReadFile("../docs/semconv.md")
	if err != nil {
		t.Fatal(err)
	}
	if want := append(doc.Markdown(), '\n'); !bytes.Equal(have, want) {
		t.Fatal("docs/semconv.md is stale: run go generate ./semconv")
	}
}

var (
	nameRE = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$`)
	unitRE = regexp.MustCompile(`^(s|By|\{[a-z]+\})$`)
)

func TestInstruments(t *testing.T) {
	seen := map[string]bool{}
	for _, in := range semconv.Instruments() {
		if seen[in.Name] {
			t.Errorf("%s listed twice", in.Name)
		}
		seen[in.Name] = true
		if !nameRE.MatchString(in.Name) || len(in.Name) > 255 {
			t.Errorf("%s: not a valid, dotted lower-case instrument name", in.Name)
		}
		if !unitRE.MatchString(in.Unit) {
			t.Errorf("%s: unit %q is not a UCUM unit this project uses", in.Name, in.Unit)
		}
		if in.Description == "" || len(in.Attributes) == 0 {
			t.Errorf("%s: needs a description and attributes", in.Name)
		}
		own := in.Convention == ""
		if ns := regexp.MustCompile(`^` + semconv.Namespace + `\.`); own != ns.MatchString(in.Name) {
			t.Errorf("%s: own instruments and only they use the %s. namespace", in.Name, semconv.Namespace)
		}
		if (in.Kind == semconv.Histogram) != (len(in.Buckets) > 0) {
			t.Errorf("%s: histograms and only they carry bucket advice", in.Name)
		}
		if in.Kind == semconv.Histogram && in.Unit != "s" && in.Unit != "By" && in.Unit != "{message}" {
			t.Errorf("%s: histogram in %q", in.Name, in.Unit)
		}
	}
	driven := map[string]bool{}
	for _, c := range semconv.Callbacks() {
		for _, d := range c.Drives {
			if !seen[d] {
				t.Errorf("%s drives unknown instrument %s", c.Method, d)
			}
			driven[d] = true
		}
	}
	for name := range seen {
		if !driven[name] {
			t.Errorf("no callback drives %s", name)
		}
	}
}

func TestLookupAndCopies(t *testing.T) {
	in, ok := semconv.Lookup(semconv.ProcessDuration)
	if !ok || in.Kind != semconv.Histogram || in.Unit != "s" {
		t.Fatalf("Lookup(%s) = %+v, %v", semconv.ProcessDuration, in, ok)
	}
	in.Buckets[0] = 99
	if again, _ := semconv.Lookup(semconv.ProcessDuration); again.Buckets[0] == 99 {
		t.Error("Lookup returned the table's own slice")
	}
	if _, ok := semconv.Lookup("nope"); ok {
		t.Error("Lookup found an unknown name")
	}
}
