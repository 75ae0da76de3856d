// Package cli parses the command line of ixc-leveduca, wires the packages
// together and maps outcomes to the exit codes of design.md §4.
package cli

import (
	"fmt"
	"io"
	"os"
)

// Version is set at build time with -ldflags "-X .../cli.Version=...".
var Version = "0.1.0-dev"

// Exit codes shared by every command (design.md §4).
const (
	ExitOK          = 0   // no finding of severity error
	ExitFindings    = 1   // at least one error finding
	ExitUsage       = 2   // usage or input error
	ExitIXC         = 3   // IXC could not be used at all
	ExitInterrupted = 130 // Ctrl+C in the wizard
)

// IO is where a command reads and writes; tests pass buffers.
type IO struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	Getenv func(string) string
}

// StdIO returns the process's standard streams and environment.
func StdIO() IO {
	return IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv}
}

// Main runs the program with args (without the program name) and returns the
// exit code.
func Main(args []string, io IO) int {
	if len(args) > 0 {
		switch args[0] {
		case "--version", "-version", "version":
			fmt.Fprintf(io.Out, "ixc-leveduca %s\n", Version)
			return ExitOK
		}
	}
	fmt.Fprintln(io.Err, "ixc-leveduca: not available yet")
	return ExitUsage
}
