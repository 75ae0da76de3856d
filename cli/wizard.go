package cli

import (
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/pflag"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/ui"
)

// wizardOptions are the flags of the default command (the wizard).
type wizardOptions struct {
	demo, accessible, dryRun bool
	profile                  string
	conn                     connFlags
}

func (o *wizardOptions) flags(fs *pflag.FlagSet, a *app) {
	fs.BoolVar(&o.demo, "demo", false, a.t("usa o IXC simulado embutido (sandbox), com dados de demonstração", "use the built-in simulated IXC (sandbox) with demo data"))
	fs.StringVar(&o.profile, "profile", "", a.t("`ARQUIVO` de perfil (TOML) de onde começar ou retomar", "profile `FILE` (TOML) to start from or resume"))
	fs.BoolVar(&o.accessible, "accessible", false, a.t("perguntas simples, para leitores de tela (aceita respostas por pipe)", "plain prompts for screen readers (accepts piped answers)"))
	fs.BoolVar(&o.dryRun, "dry-run", false, a.t("mostra as gravações sem fazê-las", "show the writes without doing them"))
	o.conn.flags(fs, a)
}

// isTerminal reports whether r or w is a terminal.
func isTerminal(f any) bool {
	t, ok := f.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(t.Fd())
}

// hasFd reports whether f is a file (terminal or not).
func hasFd(f any) bool {
	_, ok := f.(interface{ Fd() uintptr })
	return ok
}

// runWizard is the default command: the interactive wizard.
func (a *app) runWizard(f *wizardOptions) int {
	stdio, lang := a.stdio, a.lang
	conc, cerr := concurrencyFromEnv(stdio)
	if cerr != nil {
		return usageError(stdio, lang, cerr.Text())
	}
	if !f.accessible && hasFd(stdio.In) && !isTerminal(stdio.In) {
		// Said on stderr, so that nothing lands in a pipe meant for data.
		return usageError(stdio, lang, i18n.T(
			"o assistente precisa de um terminal. Para responder por texto (ou por pipe) use --accessible; em scripts, use os comandos audit e apply.",
			"the wizard needs a terminal. To answer as plain text (or through a pipe) use --accessible; in scripts, use the audit and apply commands."))
	}
	o := ui.Options{Lang: lang, Accessible: f.accessible, DryRun: f.dryRun, In: stdio.In, Out: stdio.Out, Environ: stdio.Environ,
		Insecure: f.conn.insecure, CACert: f.conn.caCert, AllowHTTP: f.conn.allowHTTP, URL: stdio.getenv("IXC_URL"), Token: stdio.getenv("IXC_TOKEN"),
		Concurrency: conc}
	if f.profile != "" {
		o.ProfilePath = f.profile
		if _, err := os.Stat(f.profile); err == nil {
			p, err := profile.Load(f.profile)
			if err != nil {
				return usageError(stdio, lang, localized(err))
			}
			o.Profile = p
		}
	}
	if f.demo {
		d, err := startDemo()
		if err != nil {
			return usageError(stdio, lang, failText(i18n.T("não foi possível iniciar o sandbox", "cannot start the sandbox"), err))
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
				return usageError(stdio, lang, failText(i18n.T("não foi possível criar a pasta da demonstração", "cannot create the demo folder"), err))
			}
			o.OutDir, o.ProfilePath = dir, filepath.Join(dir, "ixc-leveduca.toml")
		}
	}
	if f.conn.insecure {
		fmt.Fprintln(stdio.Err, i18n.T("atenção: --insecure: o certificado TLS do IXC não será verificado.",
			"warning: --insecure: IXC's TLS certificate will not be verified.").In(lang))
	}
	// A LAN IXC over plain http, opted in before the wizard opens: said on
	// stderr like every command (the connection screen says it too, and
	// asks when the opt-in comes from nowhere else).
	if o.AllowHTTP || (o.Profile != nil && o.Profile.IXC.AllowHTTP) {
		raw := o.URL
		if raw == "" && o.Profile != nil {
			raw = o.Profile.IXC.URL
		}
		if u, err := (ixc.URLPolicy{AllowHTTP: true}).Normalize(raw); err == nil {
			if host, ok := ixc.PlainHTTP(u); ok {
				fmt.Fprintln(stdio.Err, plainHTTPWarning(host).In(lang))
			}
		}
	}
	o.Err = stdio.Err
	if f.accessible {
		// In a terminal Ctrl+C arrives as SIGINT, not as a key: the
		// accessible prompts ask before leaving (and list the files
		// written) instead of dying at once.
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, os.Interrupt)
		defer signal.Stop(sig)
		o.Interrupt = sig
		return ui.Run(o)
	}
	if !isTerminal(stdio.In) {
		return ui.Run(o)
	}
	return a.guardFullScreen(func() int { return ui.Run(o) })
}

// guardFullScreen runs the full-screen wizard. Bubble Tea catches a panic
// in it, restores the terminal, writes "Caught panic" and the Go stack
// trace on os.Stderr and makes the program fail. That text goes to a
// temporary file instead; a panic then ends like any other (a message in
// the user's language, exit 3), and anything else written there is passed
// on to the real stderr.
func (a *app) guardFullScreen(run func() int) int {
	tmp, err := os.CreateTemp("", "ixc-leveduca-stderr-")
	if err != nil {
		return run()
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	real := os.Stderr
	os.Stderr = tmp
	code := run()
	os.Stderr = real
	data, _ := os.ReadFile(tmp.Name())
	text := string(data)
	if i := strings.Index(text, "Caught panic:"); i >= 0 {
		val := strings.TrimSpace(strings.SplitN(strings.TrimSpace(strings.ReplaceAll(text[i+len("Caught panic:"):], "\r", "")), "\n", 2)[0])
		return internalError(a.stdio, a.lang, val)
	}
	if len(data) > 0 {
		_, _ = a.stdio.Err.Write(data)
	}
	return code
}
