// Package cli parses the command line of ixc-leveduca (spf13/cobra), wires
// the packages together and maps outcomes to the exit codes of the
// command-line contract (docs/reference.md).
//
// The command tree is in root.go, the help renderer in help.go; each
// command has its options struct, its flags and its run function in its
// own file (audit.go, apply.go, undo.go, sandbox.go, wizard.go).
package cli

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// Exit codes shared by every command (docs/reference.md).
const (
	ExitOK          = 0   // no finding of severity error
	ExitFindings    = 1   // at least one error finding
	ExitUsage       = 2   // usage or input error
	ExitIXC         = 3   // IXC could not be used at all (and internal errors)
	ExitInterrupted = 130 // Ctrl+C in the wizard
)

// IO is where a command reads and writes; tests pass buffers.
type IO struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	Getenv func(string) string
	// Environ is the environment as KEY=VALUE (for colour detection).
	Environ []string
}

// StdIO returns the process's standard streams and environment.
func StdIO() IO {
	return IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv, Environ: os.Environ()}
}

func (s IO) getenv(k string) string {
	if s.Getenv == nil {
		return ""
	}
	return s.Getenv(k)
}

// Main runs the program with args (without the program name) and returns the
// exit code. A panic never reaches the user as a Go stack trace: it becomes
// a short message in the user's language and exit 3.
func Main(args []string, stdio IO) (code int) {
	lang := prescanLang(args, defaultLang(stdio))
	defer func() {
		if r := recover(); r != nil {
			code = internalError(stdio, lang, r)
		}
	}()
	return newApp(stdio, lang).execute(args)
}

// internalError reports a panic (a bug) without a stack trace.
func internalError(stdio IO, lang i18n.Lang, r any) int {
	msg := redactToken(stdio, fmt.Sprint(r))
	msg = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return ' '
		}
		return r
	}, msg)
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	fmt.Fprintln(stdio.Err, i18n.Tf(
		"ixc-leveduca: erro interno do programa (%s). Nada mais foi feito; se havia gravações em curso, o diário mostra o que foi gravado. Envie esta mensagem aos mantenedores.",
		"ixc-leveduca: internal program error (%s). Nothing more was done; if writes were under way, the journal shows what was written. Please send this message to the maintainers.",
		msg).In(lang))
	return ExitIXC
}

// redactToken removes the token of IXC_TOKEN (whole, and its secret part)
// from s.
func redactToken(stdio IO, s string) string {
	tok := strings.TrimSpace(stdio.getenv("IXC_TOKEN"))
	if tok == "" {
		return s
	}
	s = strings.ReplaceAll(s, tok, "***")
	if _, secret, ok := strings.Cut(tok, ":"); ok && len(secret) >= 8 {
		s = strings.ReplaceAll(s, secret, "***")
	}
	return s
}

// defaultLang is pt unless IXC_LEVEDUCA_LANG says otherwise.
func defaultLang(stdio IO) i18n.Lang {
	if v := stdio.getenv("IXC_LEVEDUCA_LANG"); v != "" {
		if l, err := i18n.ParseLang(v); err == nil {
			return l
		}
	}
	return i18n.PT
}

// prescanLang finds --lang in args before the command tree is built, so
// that the help and the flag descriptions are in the user's language. An
// invalid value is left for the parser to report.
func prescanLang(args []string, def i18n.Lang) i18n.Lang {
	for i, a := range args {
		if a == "--" {
			break
		}
		var v string
		switch {
		case a == "--lang" || a == "-lang":
			if i+1 >= len(args) {
				continue
			}
			v = args[i+1]
		case strings.HasPrefix(a, "--lang="):
			v = strings.TrimPrefix(a, "--lang=")
		case strings.HasPrefix(a, "-lang="):
			v = strings.TrimPrefix(a, "-lang=")
		default:
			continue
		}
		if l, err := i18n.ParseLang(v); err == nil {
			def = l
		}
	}
	return def
}

// usageError prints msg (cleaned: it may quote a profile, a journal or an
// IXC answer) and returns ExitUsage.
func usageError(stdio IO, lang i18n.Lang, msg i18n.Text) int {
	fmt.Fprintf(stdio.Err, "ixc-leveduca: %s\n", textsafe.Clean(msg.In(lang)))
	return ExitUsage
}
