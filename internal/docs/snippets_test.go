// Package docs checks that the Go snippets of the README and of docs/*.md
// compile: each one stands, line for line, in a test file of the
// repository, which the build compiles and the tests run.
package docs

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var goBlock = regexp.MustCompile("(?s)```go\n(.*?)```")

// generated lists the documents that are written by a generator and hold
// no Go snippet.
var generated = map[string]bool{
	"docs/semconv.md": true,
}

// normalize drops indentation and blank lines, so that a snippet matches
// the body of the Example it comes from.
func normalize(s string) string {
	var out []string
	for _, line := range strings.Split(s, "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// testSources returns the normalized text of every _test.go file under
// root, the contrib and examples modules included.
func testSources(t *testing.T, root string) []string {
	t.Helper()
	var tests []string
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasPrefix(d.Name(), ".") && path != root {
			return filepath.SkipDir
		}
		if strings.HasSuffix(path, "_test.go") {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			tests = append(tests, normalize(string(b)))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return tests
}

func TestDocSnippetsAreCompiled(t *testing.T) {
	root := filepath.Join("..", "..")
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"README.md"}
	for _, d := range docs {
		rel, err := filepath.Rel(root, d)
		if err != nil {
			t.Fatal(err)
		}
		rel = filepath.ToSlash(rel)
		if !generated[rel] {
			files = append(files, rel)
		}
	}
	if len(files) < 2 {
		t.Fatalf("found no document under docs/: %v", files)
	}
	tests := testSources(t, root)
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			text, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
			if err != nil {
				t.Fatal(err)
			}
			snippets := goBlock.FindAllStringSubmatch(string(text), -1)
			if file == "README.md" && len(snippets) == 0 {
				t.Fatal("README.md has no Go snippet")
			}
			for _, s := range snippets {
				want := normalize(s[1])
				if !slices.ContainsFunc(tests, func(src string) bool { return strings.Contains(src, want) }) {
					first, _, _ := strings.Cut(want, "\n")
					t.Errorf("the %s snippet starting %q is in no test file: copy it from, or into, an Example", file, first)
				}
			}
		})
	}
}
