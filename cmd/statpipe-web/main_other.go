//go:build !unix

// Command statpipe-web needs named pipes, which only Unix systems have.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stderr, "statpipe-web: named pipes need a Unix system")
	os.Exit(1)
}
