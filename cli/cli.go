// Package cli parses the command line of ixc-leveduca, wires the packages
// together and maps outcomes to the exit codes of design.md §4.
package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/ui"
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
	// Environ is the environment as KEY=VALUE (for colour detection).
	Environ []string
}

// StdIO returns the process's standard streams and environment.
func StdIO() IO {
	return IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr, Getenv: os.Getenv, Environ: os.Environ()}
}

func (io IO) getenv(k string) string {
	if io.Getenv == nil {
		return ""
	}
	return io.Getenv(k)
}

// Main runs the program with args (without the program name) and returns the
// exit code.
func Main(args []string, io IO) int {
	lang := defaultLang(io)
	if len(args) > 0 {
		switch args[0] {
		case "--version", "-version", "version":
			fmt.Fprintf(io.Out, "ixc-leveduca %s\n", Version)
			return ExitOK
		case "audit":
			return runAudit(args[1:], io, lang)
		case "sandbox":
			return runSandbox(args[1:], io, lang)
		case "apply":
			return runApply(args[1:], io, lang)
		case "undo":
			return runUndo(args[1:], io, lang)
		case "help", "-h", "--help", "-help":
			fmt.Fprint(io.Out, usage().In(lang))
			return ExitOK
		}
	}
	return runWizard(args, io, lang)
}

// defaultLang is pt unless IXC_LEVEDUCA_LANG says otherwise.
func defaultLang(io IO) i18n.Lang {
	if v := io.getenv("IXC_LEVEDUCA_LANG"); v != "" {
		if l, err := i18n.ParseLang(v); err == nil {
			return l
		}
	}
	return i18n.PT
}

func parseLangFlag(v string, io IO) (i18n.Lang, bool) {
	l, err := i18n.ParseLang(v)
	if err != nil {
		fmt.Fprintf(io.Err, "ixc-leveduca: --lang: %q: use pt ou en / use pt or en\n", v)
		return i18n.PT, false
	}
	return l, true
}

// usageError prints msg (and where to find help) and returns ExitUsage.
func usageError(io IO, lang i18n.Lang, msg i18n.Text) int {
	fmt.Fprintf(io.Err, "ixc-leveduca: %s\n", msg.In(lang))
	return ExitUsage
}

func usage() i18n.Text {
	en := `ixc-leveduca — set up, validate and audit the IXC Provedor × LevEduca integration.

Usage:
  ixc-leveduca [--demo] [--profile FILE] [--lang pt|en] [--accessible] [--insecure] [--ca-cert FILE]
  ixc-leveduca audit  [--demo] [--profile FILE] [--format text|json|markdown] [--out FILE] [--insecure] [--ca-cert FILE]
  ixc-leveduca apply  [--demo] --profile FILE [--yes] [--dry-run]
  ixc-leveduca undo   JOURNAL_FILE [--yes]
  ixc-leveduca sandbox [--addr HOST:PORT] [--contracts N] [--seed N] [--latency DURATION] [--tls]
  ixc-leveduca --version

Connection: the profile's [ixc] url and token_user, then IXC_URL and IXC_TOKEN (id:hash).
IXC_CONCURRENCY (1 to 16, default 4): requests to IXC at once; lower it for a busy IXC.
Exit codes (audit, apply): 0 no error finding, 1 error findings, 2 usage or input error, 3 IXC unusable.
`
	pt := `ixc-leveduca — configura, valida e audita a integração IXC Provedor × LevEduca.

Uso:
  ixc-leveduca [--demo] [--profile ARQUIVO] [--lang pt|en] [--accessible] [--insecure] [--ca-cert ARQUIVO]
  ixc-leveduca audit  [--demo] [--profile ARQUIVO] [--format text|json|markdown] [--out ARQUIVO] [--insecure] [--ca-cert ARQUIVO]
  ixc-leveduca apply  [--demo] --profile ARQUIVO [--yes] [--dry-run]
  ixc-leveduca undo   ARQUIVO_DIARIO [--yes]
  ixc-leveduca sandbox [--addr HOST:PORTA] [--contracts N] [--seed N] [--latency DURACAO] [--tls]
  ixc-leveduca --version

Conexão: url e token_user de [ixc] no perfil, depois IXC_URL e IXC_TOKEN (id:hash).
IXC_CONCURRENCY (1 a 16, padrão 4): requisições ao IXC ao mesmo tempo; diminua para um IXC sobrecarregado.
Códigos de saída (audit, apply): 0 sem erros, 1 achados de erro, 2 erro de uso ou de entrada, 3 IXC inutilizável.
`
	return i18n.T(pt, en)
}

// wizardFlags are the flags of the default command (design.md §4).
type wizardFlags struct {
	demo, accessible, dryRun bool
	profile                  string
	lang                     i18n.Lang
	conn                     connFlags
}

func parseWizardFlags(args []string, io IO, lang i18n.Lang) (*wizardFlags, int) {
	fs := flag.NewFlagSet("ixc-leveduca", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	f := &wizardFlags{}
	fs.BoolVar(&f.demo, "demo", false, "run against the built-in IXC sandbox")
	fs.StringVar(&f.profile, "profile", "", "profile FILE (TOML) to start from")
	langFlag := addLangFlag(fs, lang)
	fs.BoolVar(&f.accessible, "accessible", false, "plain prompts for screen readers")
	fs.BoolVar(&f.dryRun, "dry-run", false, "show the writes without doing them")
	connF := addConnFlags(fs)
	if err := fs.Parse(args); err != nil {
		return nil, ExitUsage
	}
	f.conn = *connF
	l, ok := parseLangFlag(*langFlag, io)
	if !ok {
		return nil, ExitUsage
	}
	f.lang = l
	if fs.NArg() > 0 {
		return nil, usageError(io, l, i18n.Tf("comando desconhecido %q; veja ixc-leveduca --help", "unknown command %q; see ixc-leveduca --help", fs.Arg(0)))
	}
	return f, ExitOK
}

// runWizard is the default command: the interactive wizard.
func runWizard(args []string, io IO, lang i18n.Lang) int {
	f, code := parseWizardFlags(args, io, lang)
	if f == nil {
		return code
	}
	conc, cerr := concurrencyFromEnv(io)
	if cerr != nil {
		return usageError(io, f.lang, cerr.Text())
	}
	o := ui.Options{Lang: f.lang, Accessible: f.accessible, DryRun: f.dryRun, In: io.In, Out: io.Out, Environ: io.Environ,
		Insecure: f.conn.insecure, CACert: f.conn.caCert, URL: io.getenv("IXC_URL"), Token: io.getenv("IXC_TOKEN"),
		Concurrency: conc}
	if f.profile != "" {
		o.ProfilePath = f.profile
		if _, err := os.Stat(f.profile); err == nil {
			p, err := profile.Load(f.profile)
			if err != nil {
				return usageError(io, f.lang, i18n.T(i18n.Message(err, i18n.PT), i18n.Message(err, i18n.EN)))
			}
			o.Profile = p
		}
	}
	if f.demo {
		d, err := startDemo()
		if err != nil {
			return usageError(io, f.lang, i18n.Tf("não foi possível iniciar o sandbox: %v", "cannot start the sandbox: %v", err))
		}
		defer d.Close()
		o.URL, o.Token = d.url, d.token
		if o.Profile == nil {
			p, err := profile.Parse([]byte(d.profile))
			if err == nil {
				o.Profile = p
			}
		}
		if f.profile == "" {
			dir, err := os.MkdirTemp("", "ixc-leveduca-demo-")
			if err != nil {
				return usageError(io, f.lang, i18n.Tf("não foi possível criar a pasta da demonstração: %v", "cannot create the demo folder: %v", err))
			}
			o.OutDir, o.ProfilePath = dir, filepath.Join(dir, "ixc-leveduca.toml")
		}
	}
	if f.conn.insecure {
		fmt.Fprintln(io.Err, i18n.T("atenção: --insecure: o certificado TLS do IXC não será verificado.",
			"warning: --insecure: IXC's TLS certificate will not be verified.").In(f.lang))
	}
	return ui.Run(o)
}
