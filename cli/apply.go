package cli

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// applyOptions are the flags of `ixc-leveduca apply`.
type applyOptions struct {
	demo, yes, dryRun, tokenStdin bool
	profile                       string
	conn                          connFlags
}

func (o *applyOptions) flags(fs *pflag.FlagSet, a *app) {
	fs.BoolVar(&o.demo, "demo", false, a.t("aplica no IXC simulado embutido (sandbox)", "apply to the built-in simulated IXC (sandbox)"))
	fs.StringVar(&o.profile, "profile", "", a.t("`ARQUIVO` de perfil (TOML) que descreve a configuração (obrigatório)", "profile `FILE` (TOML) describing the setup (required)"))
	fs.BoolVar(&o.yes, "yes", false, a.t("aplica sem perguntar (scripts)", "apply without asking (scripts)"))
	fs.BoolVar(&o.dryRun, "dry-run", false, a.t("mostra as gravações sem fazê-las", "show the writes without doing them"))
	tokenStdinFlag(fs, &o.tokenStdin, a)
	o.conn.flags(fs, a)
}

func (a *app) newApplyCmd() *cobra.Command {
	var o applyOptions
	c := &cobra.Command{
		Use:   "apply --profile " + a.t("ARQUIVO", "FILE"),
		Short: a.t("faz as gravações que o perfil descreve, sem o assistente", "make the writes a profile describes, without the wizard"),
		Long: a.t(`Cria ou corrige os produtos e os vínculos que o perfil descreve, sempre olhando o IXC antes (rodar de
novo não duplica nada). Mostra cada fase e pergunta [s/N] no stderr antes de gravar, a menos que --yes.
Cada gravação vai para um diário no diretório atual (desfaça com ixc-leveduca undo DIÁRIO). Depois roda
a auditoria. O progresso das gravações aparece no stderr quando ele é um terminal.`,
			`Creates or fixes the products and links the profile describes, always looking at IXC first (running
again duplicates nothing). Shows each phase and asks [y/N] on stderr before writing, unless --yes. Every
write goes to a journal in the current directory (undo it with ixc-leveduca undo JOURNAL). Then the audit
runs. Write progress shows on stderr when it is a terminal.`),
		Example: a.t(`  ixc-leveduca apply --profile perfil.toml --dry-run
  ixc-leveduca apply --profile perfil.toml
  ixc-leveduca apply --profile perfil.toml --yes --token-stdin < token.txt`,
			`  ixc-leveduca apply --profile profile.toml --dry-run
  ixc-leveduca apply --profile profile.toml
  ixc-leveduca apply --profile profile.toml --yes --token-stdin < token.txt`),
		Annotations: map[string]string{annExit: a.t(
			"0 aplicado (ou cancelado) e sem achados de erro · 1 achados de erro ou gravação falha/incerta · 2 erro de uso ou de entrada (perfil, token; sem resposta à pergunta) · 3 IXC inutilizável · 130 interrompido",
			"0 applied (or cancelled) and no error finding · 1 error findings or a failed/uncertain write · 2 usage or input error (profile, token; no answer to the question) · 3 IXC unusable · 130 interrupted")},
		Args: a.noArgs,
		RunE: func(*cobra.Command, []string) error {
			a.code = a.runApply(&o)
			return nil
		},
	}
	o.flags(c.Flags(), a)
	return c
}

// runApply is `ixc-leveduca apply`: the wizard's writes from a profile,
// non-interactive (design.md §2, §4).
//
//   - --profile is required; a profile apply cannot use (a product with
//     neither id nor every field to create it…) is exit 2.
//   - --dry-run shows each phase's plan (summary and fields) and writes
//     nothing, not even a journal; exit 0 (2/3 on input or IXC problems).
//   - Without --yes each phase with writes is shown and confirmed on stdin
//     ("Aplicar N alterações? [s/N]"): "s"/"sim"/"y"/"yes" applies; any other
//     answer stops with nothing more written, exit 0; no answer at all (end
//     of input) also stops, but exit 2 with a hint to use --yes, so a script
//     that forgot it fails loudly.
//   - The journal goes to the current directory (its path is printed), and
//     is created only when something is about to be written.
//   - After a run that filled product ids, the profile file is rewritten
//     with them (canonical form; the previous file is kept as FILE.bak), so
//     a later audit finds the products.
//   - Then the audit runs with the profile and the exit code is its own
//     (0/1/3), at least 1 when a write failed or its outcome is unknown.
func (a *app) runApply(o *applyOptions) int {
	stdio, lang := a.stdio, a.lang
	if o.profile == "" {
		return usageError(stdio, lang, i18n.T("apply precisa de --profile ARQUIVO.", "apply needs --profile FILE."))
	}
	p, err := profile.Load(o.profile)
	if err != nil {
		return usageError(stdio, lang, localized(err))
	}
	if err := p.Validate(true); err != nil {
		return usageError(stdio, lang, i18n.T("perfil "+o.profile+": "+i18n.Message(err, i18n.PT),
			"profile "+o.profile+": "+i18n.Message(err, i18n.EN)))
	}

	env := stdio
	if o.demo {
		d, err := startDemo()
		if err != nil {
			return usageError(stdio, lang, failText(i18n.T("não foi possível iniciar o sandbox", "cannot start the sandbox"), err))
		}
		defer d.Close()
		env = demoEnv(stdio, d)
	}
	env, terr := a.withToken(env, o.tokenStdin)
	if terr != nil {
		return ExitInterrupted
	}
	conn, client, code := connect(p, o.conn, env, stdio, lang)
	if client == nil {
		return code
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if !o.dryRun {
		release, code := lockIXC(ctx, stdio, lang, "apply", conn.URL)
		if release == nil {
			return code
		}
		defer release()
	}

	w := stdio.Out
	in := a.stdin()
	eof := false
	prog := newProgress(stdio, lang)
	opts := steps.ApplyProfileOptions{
		DryRun: o.dryRun,
		Phase: func(phase int, plan steps.Plan, notes []i18n.Text) {
			printPlan(w, lang, phase, plan, notes)
		},
		Journal: func() (*journal.Journal, error) {
			j, err := journal.Create(cwd(), journal.Meta{IXCURL: conn.URL, TokenUser: conn.TokenUser, Command: "apply", Started: time.Now()})
			if err == nil {
				fmt.Fprintln(w, i18n.Tf("Diário das gravações: %s", "Journal of the writes: %s", j.Path()).In(lang))
			}
			return j, err
		},
	}
	if prog != nil {
		opts.Progress = func(done, total int, _ steps.Change) { prog.writes(done, total) }
	}
	if !o.yes {
		opts.Confirm = func(_ int, plan steps.Plan, _ []i18n.Text) (bool, error) {
			n := len(plan.Changes)
			ok, gotEOF := ask(stdio.Err, in, lang, nChanges(n, "Aplicar %s? [s/N] ", "Apply %s? [y/N] "))
			eof = gotEOF
			return ok, nil
		}
	}
	res, err := steps.ApplyProfile(ctx, client, p, opts)
	prog.clear()
	if res.Journal != nil {
		defer res.Journal.Close()
	}
	printOutcomes(w, lang, res.Result)
	if res.Journal != nil {
		fmt.Fprintln(w, i18n.Tf("Diário: %s (para desfazer: ixc-leveduca undo %s)",
			"Journal: %s (to undo: ixc-leveduca undo %s)", res.Journal.Path(), res.Journal.Path()).In(lang))
	}
	if !o.dryRun && res.IDsFilled(p) {
		if werr := profile.Save(o.profile, res.Profile); werr != nil {
			fmt.Fprintln(stdio.Err, textsafe.Clean(failText(i18n.T("atenção: não foi possível gravar os ids no perfil",
				"warning: cannot write the ids to the profile"), werr).In(lang)))
		} else {
			fmt.Fprintln(w, i18n.Tf("Perfil atualizado com os ids dos produtos: %s (o anterior ficou em %s.bak)",
				"Profile updated with the product ids: %s (the previous one is in %s.bak)", o.profile, o.profile).In(lang))
		}
	}
	switch {
	case errors.Is(err, steps.ErrDeclined):
		if eof {
			return usageError(stdio, lang, i18n.T("sem resposta: nada mais foi gravado. Use --yes para aplicar sem perguntar.",
				"no answer: nothing more was written. Use --yes to apply without asking."))
		}
		fmt.Fprintln(w, i18n.T("Cancelado: nada mais foi gravado.", "Cancelled: nothing more was written.").In(lang))
		return ExitOK
	case ctx.Err() != nil:
		fmt.Fprintln(stdio.Err, "ixc-leveduca: "+i18n.T("interrompido", "interrupted").In(lang))
		return ExitInterrupted
	case err != nil:
		fmt.Fprintln(stdio.Err, "ixc-leveduca: "+textsafe.Clean(steps.ErrorText(err).In(lang)))
		return errExit(err)
	}
	if o.dryRun {
		fmt.Fprintln(w, i18n.T("--dry-run: nada foi gravado.", "--dry-run: nothing was written.").In(lang))
		return ExitOK
	}
	if res.Result.Done == 0 && res.Result.Failed == 0 && res.Result.Unknown == 0 {
		fmt.Fprintln(w, i18n.T("Nada a fazer: o IXC já está como o perfil descreve.",
			"Nothing to do: IXC is already as the profile describes.").In(lang))
	}

	fmt.Fprintln(w)
	rep := steps.Audit(ctx, client.Reader(), res.Profile, steps.Options{})
	if ctx.Err() != nil {
		fmt.Fprintln(stdio.Err, "ixc-leveduca: "+i18n.T("interrompido", "interrupted").In(lang))
		return ExitInterrupted
	}
	fmt.Fprint(w, textsafe.Clean(report.Text(rep, lang, 80)))
	code = outcomeExit(rep.Outcome())
	if code == ExitOK && res.Result.Failed+res.Result.Unknown > 0 {
		code = ExitFindings
	}
	return code
}

// connect resolves the connection and builds the client; on failure it
// prints why and returns a nil client and the exit code.
func connect(p *profile.Profile, f connFlags, env, stdio IO, lang i18n.Lang) (*connection, *ixc.Client, int) {
	conn, cerr := resolveConnection(p, f, env)
	if conn != nil {
		conn.onResponse = killPoint(stdio)
	}
	if cerr != nil {
		return nil, nil, usageError(stdio, lang, cerr.Text())
	}
	if !conn.TokenProblem.IsZero() {
		return nil, nil, usageError(stdio, lang, conn.TokenProblem)
	}
	conn.warn(stdio, lang)
	client, err := conn.client()
	if err != nil {
		return nil, nil, clientError(stdio, lang, err)
	}
	return conn, client, ExitOK
}

// errExit maps an error of apply or undo to an exit code: IXC unusable 3,
// a program error (a query the client refused to send) 3 as well, as
// docs/reference.md says of errors that should never happen, another IXC
// refusal 1, anything else (profile, input, journal) 2.
func errExit(err error) int {
	var ie *ixc.Error
	if errors.As(err, &ie) {
		switch ie.Kind {
		case ixc.KindUnreachable, ixc.KindTLS, ixc.KindNotIXC, ixc.KindTokenRejected, ixc.KindIPNotAllowed, ixc.KindInvalidQuery:
			return ExitIXC
		}
		return ExitFindings
	}
	if errors.Is(err, context.Canceled) {
		return ExitInterrupted
	}
	return ExitUsage
}

// cwd is the current directory, absolute (so printed journal paths can be
// used from anywhere); "." if it cannot be found.
func cwd() string {
	if d, err := os.Getwd(); err == nil {
		return d
	}
	return "."
}

func localized(err error) i18n.Text {
	return steps.ErrorText(err)
}

func orEmpty(r io.Reader) io.Reader {
	if r == nil {
		return strings.NewReader("")
	}
	return r
}

// ask prints question and reads one line: yes for s, sim, y, yes.
func ask(w io.Writer, in *bufio.Reader, lang i18n.Lang, question i18n.Text) (yes, eof bool) {
	fmt.Fprint(w, question.In(lang))
	line, err := in.ReadString('\n')
	if err != nil && strings.TrimSpace(line) == "" {
		fmt.Fprintln(w)
		return false, true
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "s", "sim", "y", "yes":
		return true, false
	}
	return false, false
}

// printPlan shows one phase: each change's summary and fields. Summaries
// and notes carry names read from IXC and the profile: they are cleaned
// (textsafe); field values are quoted (%q escapes control characters).
func printPlan(w io.Writer, lang i18n.Lang, phase int, plan steps.Plan, notes []i18n.Text) {
	for _, n := range notes {
		fmt.Fprintln(w, "• "+textsafe.Clean(n.In(lang)))
	}
	if plan.Empty() {
		return
	}
	title := nChanges(len(plan.Changes), "Fase 1 — produtos: %s", "Phase 1 — products: %s")
	if phase == 2 {
		title = nChanges(len(plan.Changes), "Fase 2 — vínculos: %s", "Phase 2 — links: %s")
	}
	fmt.Fprintln(w, "\n"+title.In(lang))
	for i, ch := range plan.Changes {
		fmt.Fprintf(w, "%3d. %s\n", i+1, textsafe.Line(ch.Summary.In(lang)))
		for _, d := range ch.Diff() {
			// IXC's screen name first, the API name second.
			name := textsafe.Line(d.Field)
			if l, ok := steps.FieldLabel(ch.Table, d.Field); ok {
				name = l + " (" + name + ")"
			}
			if ch.Kind == steps.ChangeUpdate {
				fmt.Fprintf(w, "       %s: %s → %s\n", name, quote(d.Before), quote(d.After))
			} else if steps.IsDraftRef(d.After) {
				// The id of a record this dry run only simulated.
				fmt.Fprintf(w, "       %s = %s\n", name, steps.DraftShown.In(lang))
			} else {
				fmt.Fprintf(w, "       %s = %s\n", name, quote(d.After))
			}
		}
	}
}

// nChanges fills pt and en with "1 alteração" / "2 alterações" ("1 change"
// / "2 changes").
func nChanges(n int, pt, en string) i18n.Text {
	return i18n.T(fmt.Sprintf(pt, i18n.Plural(i18n.PT, n, "alteração", "alterações")),
		fmt.Sprintf(en, i18n.Plural(i18n.EN, n, "change", "changes")))
}

// stateText names an outcome state for people.
func stateText(state string) i18n.Text {
	switch state {
	case steps.ApplyDone:
		return i18n.T("feito", "done")
	case steps.ApplySkipped:
		return i18n.T("já estava", "already there")
	case steps.ApplyFailed:
		return i18n.T("FALHOU", "FAILED")
	case steps.ApplyUnknown:
		return i18n.T("INCERTO", "UNKNOWN")
	case steps.ApplyPlanned:
		return i18n.T("planejado", "planned")
	case steps.UndoNothing:
		return i18n.T("nada a desfazer", "nothing to undo")
	}
	return i18n.T(state, state)
}

// quote shows a value as a Go string literal: control characters, DEL and
// C1 (not printable) come out as escapes, never raw.
func quote(s string) string { return strconv.QuoteToGraphic(s) }

// printOutcomes lists what Apply did, one line per change (cleaned, like
// printPlan), with the note of a change another run made at the same time.
func printOutcomes(w io.Writer, lang i18n.Lang, r *steps.ApplyResult) {
	if r == nil || len(r.Outcomes) == 0 {
		return
	}
	fmt.Fprintln(w, "\n"+i18n.T("Resultado:", "Result:").In(lang))
	for _, o := range r.Outcomes {
		line := fmt.Sprintf("  [%s] %s", stateText(o.State).In(lang), o.Change.Summary.In(lang))
		if o.ID != "" {
			line += " (id " + o.ID + ")"
		}
		if o.Err != nil {
			line += ": " + steps.Reason(o.Err).In(lang)
		}
		fmt.Fprintln(w, textsafe.Line(line))
		if !o.Note.IsZero() {
			fmt.Fprintln(w, "      "+textsafe.Line(o.Note.In(lang)))
		}
	}
	fmt.Fprintln(w, i18n.Tf("Feitas %d, já existiam %d, falharam %d, incertas %d, planejadas %d.",
		"Done %d, already there %d, failed %d, unknown %d, planned %d.",
		r.Done, r.Skipped, r.Failed, r.Unknown, r.Planned).In(lang))
}
