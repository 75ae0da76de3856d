package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/charmbracelet/colorprofile"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// runAudit is `ixc-leveduca audit`: the read-only checks, headless.
func runAudit(args []string, io IO, lang i18n.Lang) int {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	demoFlag := fs.Bool("demo", false, "audit the built-in IXC sandbox")
	profilePath := fs.String("profile", "", "profile FILE (TOML)")
	format := fs.String("format", "text", "text, json or markdown")
	out := fs.String("out", "", "write the report to FILE instead of the standard output")
	connF := addConnFlags(fs)
	langFlag := addLangFlag(fs, lang)
	if err := fs.Parse(args); err != nil {
		return ExitUsage
	}
	lang, ok := parseLangFlag(*langFlag, io)
	if !ok {
		return ExitUsage
	}
	if fs.NArg() > 0 {
		return usageError(io, lang, i18n.Tf("argumento inesperado: %q", "unexpected argument: %q", fs.Arg(0)))
	}
	switch *format {
	case "text", "json", "markdown":
	default:
		return usageError(io, lang, i18n.Tf("--format %q inválido: use text, json ou markdown", "invalid --format %q: use text, json or markdown", *format))
	}

	env := io
	var p *profile.Profile
	if *demoFlag {
		d, err := startDemo()
		if err != nil {
			return usageError(io, lang, i18n.Tf("não foi possível iniciar o sandbox: %v", "cannot start the sandbox: %v", err))
		}
		defer d.Close()
		env = demoEnv(io, d)
		if *profilePath == "" {
			p, err = profile.Parse([]byte(d.profile))
			if err != nil {
				return usageError(io, lang, i18n.Tf("perfil de demonstração inválido: %v", "invalid demo profile: %v", err))
			}
		}
	}
	if p == nil {
		if *profilePath == "" {
			return usageError(io, lang, i18n.T("audit precisa de --profile ARQUIVO (ou --demo).", "audit needs --profile FILE (or --demo)."))
		}
		var err error
		p, err = profile.Load(*profilePath)
		if err != nil {
			return usageError(io, lang, i18n.T(i18n.Message(err, i18n.PT), i18n.Message(err, i18n.EN)))
		}
	}
	conn, cerr := resolveConnection(p, *connF, env)
	if cerr != nil {
		return usageError(io, lang, cerr.Text())
	}
	if conn.Insecure {
		fmt.Fprintln(io.Err, i18n.T("atenção: --insecure: o certificado TLS do IXC não será verificado.",
			"warning: --insecure: IXC's TLS certificate will not be verified.").In(lang))
	}

	var rep *steps.Report
	if !conn.TokenProblem.IsZero() {
		rep = steps.TokenFormatReport(conn.URL, conn.TokenUser, conn.TokenProblem)
	} else {
		client, err := conn.client()
		if err != nil {
			return usageError(io, lang, i18n.Tf("configuração de conexão inválida: %v", "invalid connection settings: %v", err))
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		rep = steps.Audit(ctx, client.Reader(), p, steps.Options{})
	}

	var buf bytes.Buffer
	switch *format {
	case "json":
		if err := report.JSON(&buf, rep, lang); err != nil {
			return usageError(io, lang, i18n.Tf("erro ao gerar o JSON: %v", "cannot render JSON: %v", err))
		}
	case "markdown":
		if err := report.Markdown(&buf, rep, lang); err != nil {
			return usageError(io, lang, i18n.Tf("erro ao gerar o Markdown: %v", "cannot render Markdown: %v", err))
		}
	default:
		buf.WriteString(report.Text(rep, lang, 80))
	}
	if *out != "" {
		data := buf.Bytes()
		if *format == "text" {
			data = []byte(stripANSI(buf.String()))
		}
		if err := os.WriteFile(*out, data, 0o644); err != nil {
			return usageError(io, lang, i18n.Tf("não foi possível gravar %s: %v", "cannot write %s: %v", *out, err))
		}
	} else if *format == "text" {
		w := colorprofile.NewWriter(io.Out, io.Environ)
		_, _ = w.Write(buf.Bytes())
	} else {
		_, _ = io.Out.Write(buf.Bytes())
	}
	return outcomeExit(rep.Outcome())
}

func outcomeExit(o steps.Outcome) int {
	switch o {
	case steps.OutcomeIXC:
		return ExitIXC
	case steps.OutcomeInput:
		return ExitUsage
	case steps.OutcomeFindings:
		return ExitFindings
	}
	return ExitOK
}

// demoEnv points IXC_URL and IXC_TOKEN at the in-process sandbox.
func demoEnv(io IO, d *demo) IO {
	env := io
	env.Getenv = func(k string) string {
		switch k {
		case "IXC_URL":
			return d.url
		case "IXC_TOKEN":
			return d.token
		}
		return io.getenv(k)
	}
	return env
}

func stripANSI(s string) string {
	var b bytes.Buffer
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.NoTTY}
	_, _ = w.Write([]byte(s))
	return b.String()
}
