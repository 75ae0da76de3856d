package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/safefile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// auditOptions are the flags of `ixc-leveduca audit`.
type auditOptions struct {
	demo       bool
	profile    string
	format     string
	out        string
	baseline   string
	force      bool
	tokenStdin bool
	conn       connFlags
}

func (o *auditOptions) flags(fs *pflag.FlagSet, a *app) {
	fs.BoolVar(&o.demo, "demo", false, a.t("audita o IXC simulado embutido (sandbox)", "audit the built-in simulated IXC (sandbox)"))
	fs.StringVar(&o.profile, "profile", "", a.t("`ARQUIVO` de perfil (TOML)", "profile `FILE` (TOML)"))
	fs.StringVar(&o.format, "format", "text", a.t("`FORMATO` do relatório: text, json ou markdown", "report `FORMAT`: text, json or markdown"))
	fs.StringVar(&o.out, "out", "", a.t("grava o relatório em `ARQUIVO` novo (modo 0600) em vez da saída padrão; um arquivo que já existe só é substituído com --force",
		"write the report to a new `FILE` (mode 0600) instead of standard output; an existing file is replaced only with --force"))
	fs.BoolVar(&o.force, "force", false, a.t("com --out, substitui um arquivo que já existe (nunca um link simbólico)",
		"with --out, replace an existing file (never a symbolic link)"))
	fs.StringVar(&o.baseline, "baseline", "", a.t("compara com uma auditoria anterior: o `ARQUIVO` JSON de um audit --format json ou do relatório de entrega",
		"compare with an earlier audit: the JSON `FILE` of an audit --format json or of the hand-off"))
	tokenStdinFlag(fs, &o.tokenStdin, a)
	o.conn.flags(fs, a)
}

// tokenStdinFlag registers --token-stdin.
func tokenStdinFlag(fs *pflag.FlagSet, v *bool, a *app) {
	fs.BoolVar(v, "token-stdin", false, a.t("lê o token (id:hash) da primeira linha da entrada padrão, quando IXC_TOKEN não está definida",
		"read the token (id:hash) from the first line of standard input when IXC_TOKEN is not set"))
}

func (a *app) newAuditCmd() *cobra.Command {
	var o auditOptions
	c := &cobra.Command{
		Use:   "audit",
		Short: a.t("audita a integração (somente leitura) e imprime o relatório", "audit the integration (read-only) and print the report"),
		Long: a.t(`Confere, somente lendo o IXC, o token e as permissões, o(s) produto(s), os vínculos com os contratos
e a autenticação dos assinantes, e imprime o relatório (texto, JSON ou Markdown). Nada é gravado no IXC.
O progresso (páginas lidas por tabela) aparece no stderr quando ele é um terminal.`,
			`Checks, only reading IXC, the token and its permissions, the product(s), the links to contracts and
the subscribers' authentication, and prints the report (text, JSON or Markdown). Nothing is written to
IXC. Progress (pages read per table) shows on stderr when it is a terminal.`),
		Example: a.t(`  ixc-leveduca audit --demo
  IXC_TOKEN='42:0123…' ixc-leveduca audit --profile perfil.toml --format json
  ixc-leveduca audit --profile perfil.toml --token-stdin < token.txt
  ixc-leveduca audit --profile perfil.toml --format markdown --out relatorio.md
  ixc-leveduca audit --profile perfil.toml --format json --out auditoria-2026-12.json --baseline auditoria-2026-11.json`,
			`  ixc-leveduca audit --demo
  IXC_TOKEN='42:0123…' ixc-leveduca audit --profile profile.toml --format json
  ixc-leveduca audit --profile profile.toml --token-stdin < token.txt
  ixc-leveduca audit --profile profile.toml --format markdown --out report.md
  ixc-leveduca audit --profile profile.toml --format json --out audit-2026-12.json --baseline audit-2026-11.json`),
		Annotations: map[string]string{annExit: a.t(
			"0 nenhum achado de erro · 1 ao menos um achado de erro · 2 erro de uso ou de entrada (flag, perfil, token inutilizável, --baseline ilegível ou de outro IXC) · 3 IXC inutilizável (inacessível, TLS, não é IXC, token recusado, IP não liberado)",
			"0 no error finding · 1 at least one error finding · 2 usage or input error (flag, profile, unusable token, --baseline unreadable or of another IXC) · 3 IXC unusable (unreachable, TLS, not IXC, token rejected, IP not allowed)")},
		Args: a.noArgs,
		RunE: func(*cobra.Command, []string) error {
			a.code = a.runAudit(&o)
			return nil
		},
	}
	o.flags(c.Flags(), a)
	_ = c.MarkFlagFilename("baseline", "json")
	_ = c.RegisterFlagCompletionFunc("format", cobra.FixedCompletions([]string{"text", "json", "markdown"}, cobra.ShellCompDirectiveNoFileComp))
	return c
}

// runAudit is `ixc-leveduca audit`: the read-only checks, headless.
func (a *app) runAudit(o *auditOptions) int {
	stdio, lang := a.stdio, a.lang
	switch o.format {
	case "text", "json", "markdown":
	default:
		return usageError(stdio, lang, i18n.Tf("--format %q inválido: use text, json ou markdown", "invalid --format %q: use text, json or markdown", o.format))
	}

	env := stdio
	var p *profile.Profile
	if o.demo {
		d, err := startDemo()
		if err != nil {
			return usageError(stdio, lang, failText(i18n.T("não foi possível iniciar o sandbox", "cannot start the sandbox"), err))
		}
		defer d.Close()
		env = demoEnv(stdio, d)
		if o.profile == "" {
			p, err = profile.Parse([]byte(d.profile))
			if err != nil {
				return usageError(stdio, lang, failText(i18n.T("perfil de demonstração inválido", "invalid demo profile"), err))
			}
		}
	}
	if p == nil {
		if o.profile == "" {
			return usageError(stdio, lang, i18n.T("audit precisa de --profile ARQUIVO (ou --demo).", "audit needs --profile FILE (or --demo)."))
		}
		var err error
		p, err = profile.Load(o.profile)
		if err != nil {
			return usageError(stdio, lang, i18n.T(i18n.Message(err, i18n.PT), i18n.Message(err, i18n.EN)))
		}
	}
	base, berr := readBaseline(o.baseline)
	if berr != nil {
		return usageError(stdio, lang, berr.Text())
	}
	env, terr := a.withToken(env, o.tokenStdin)
	if terr != nil {
		return ExitInterrupted
	}
	conn, cerr := resolveConnection(p, o.conn, env)
	if cerr != nil {
		return usageError(stdio, lang, cerr.Text())
	}
	if o.demo {
		demoBaseline(base, conn.URL)
	}
	if berr := checkBaselineIXC(base, conn.URL); berr != nil {
		return usageError(stdio, lang, berr.Text())
	}
	conn.warn(stdio, lang)

	var rep *steps.Report
	if !conn.TokenProblem.IsZero() {
		rep = steps.TokenFormatReport(conn.URL, conn.TokenUser, conn.TokenProblem)
	} else {
		client, err := conn.client()
		if err != nil {
			return clientError(stdio, lang, err)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		prog := newProgress(stdio, lang)
		rep = steps.Audit(ixc.WithProgress(ctx, prog.pages), client.Reader(), p, steps.Options{})
		prog.clear()
		if ctx.Err() != nil {
			// SIGINT/SIGTERM: the reads were cancelled, not IXC unreachable.
			fmt.Fprintln(stdio.Err, "ixc-leveduca: "+i18n.T("interrompido", "interrupted").In(lang))
			return ExitInterrupted
		}
	}

	// The comparison changes the report, never the exit code.
	drift, berr := compareBaseline(base, rep, p)
	if berr != nil {
		return usageError(stdio, lang, berr.Text())
	}
	meta := report.Meta{GeneratedAt: time.Now(), Drift: drift}
	var buf bytes.Buffer
	switch o.format {
	case "json":
		if err := report.JSONWith(&buf, rep, lang, meta); err != nil {
			return usageError(stdio, lang, failText(i18n.T("erro ao gerar o JSON", "cannot render JSON"), err))
		}
	case "markdown":
		if err := report.MarkdownWith(&buf, rep, lang, meta); err != nil {
			return usageError(stdio, lang, failText(i18n.T("erro ao gerar o Markdown", "cannot render Markdown"), err))
		}
	default:
		buf.WriteString(report.TextWith(rep, lang, 80, meta))
	}
	if o.out != "" {
		data := buf.Bytes()
		if o.format == "text" {
			data = []byte(textsafe.Clean(buf.String()))
		}
		// One new file, 0600, never through a symbolic link; an existing
		// file only with --force, replaced atomically (safefile).
		if err := safefile.Write(o.out, data, safefile.Options{Overwrite: o.force}); err != nil {
			switch {
			case errors.Is(err, safefile.ErrExists):
				return usageError(stdio, lang, i18n.Tf("%s já existe: nada foi gravado; escolha outro nome ou use --force para substituí-lo",
					"%s already exists: nothing was written; choose another name or use --force to replace it", o.out))
			case errors.Is(err, safefile.ErrNotRegular):
				return usageError(stdio, lang, i18n.Tf("%s não é um arquivo comum (link simbólico, pasta ou dispositivo): nada foi gravado",
					"%s is not a regular file (a symbolic link, directory or device): nothing was written", o.out))
			}
			return usageError(stdio, lang, failText(i18n.Tf("não foi possível gravar %s", "cannot write %s", o.out), err))
		}
	} else if o.format == "text" {
		w := colorprofile.NewWriter(stdio.Out, stdio.Environ)
		_, _ = w.Write(buf.Bytes())
	} else {
		_, _ = stdio.Out.Write(buf.Bytes())
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
func demoEnv(stdio IO, d *demo) IO {
	env := stdio
	env.Getenv = func(k string) string {
		switch k {
		case "IXC_URL":
			return d.url
		case "IXC_TOKEN":
			return d.token
		}
		return stdio.getenv(k)
	}
	return env
}
