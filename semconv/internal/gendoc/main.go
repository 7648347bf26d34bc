// Command gendoc writes docs/semconv.md from the semantic-convention table.
package main

import (
	"flag"
	"log"
	"os"

	"github.com/streamotel/streamotel/semconv/internal/doc"
)

func main() {
	out := flag.String("o", "docs/semconv.md", "file to write")
	flag.Parse()
	if err := os.WriteFile(*out, append(doc.Markdown(), '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
}
