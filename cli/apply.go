package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

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
func runApply(args []string, io IO, lang i18n.Lang) int {
	fs := flag.NewFlagSet("apply", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	demoFlag := fs.Bool("demo", false, "apply to the built-in IXC sandbox")
	profilePath := fs.String("profile", "", "profile FILE (TOML) describing the setup")
	yes := fs.Bool("yes", false, "apply without asking")
	dryRun := fs.Bool("dry-run", false, "show the writes without doing them")
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
	if *profilePath == "" {
		return usageError(io, lang, i18n.T("apply precisa de --profile ARQUIVO.", "apply needs --profile FILE."))
	}
	p, err := profile.Load(*profilePath)
	if err != nil {
		return usageError(io, lang, localized(err))
	}
	if err := p.Validate(true); err != nil {
		return usageError(io, lang, i18n.T("perfil "+*profilePath+": "+i18n.Message(err, i18n.PT),
			"profile "+*profilePath+": "+i18n.Message(err, i18n.EN)))
	}

	env := io
	if *demoFlag {
		d, err := startDemo()
		if err != nil {
			return usageError(io, lang, i18n.Tf("não foi possível iniciar o sandbox: %v", "cannot start the sandbox: %v", err))
		}
		defer d.Close()
		env = demoEnv(io, d)
	}
	conn, client, code := connect(p, *connF, env, io, lang)
	if client == nil {
		return code
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	w := io.Out
	in := bufio.NewReader(orEmpty(io.In))
	eof := false
	opts := steps.ApplyProfileOptions{
		DryRun: *dryRun,
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
	if !*yes {
		opts.Confirm = func(_ int, plan steps.Plan, _ []i18n.Text) (bool, error) {
			n := len(plan.Changes)
			ok, gotEOF := ask(w, in, lang, i18n.Tf("Aplicar %d alteração(ões)? [s/N] ", "Apply %d change(s)? [y/N] ", n))
			eof = gotEOF
			return ok, nil
		}
	}
	res, err := steps.ApplyProfile(ctx, client, p, opts)
	if res.Journal != nil {
		defer res.Journal.Close()
	}
	printOutcomes(w, lang, res.Result)
	if res.Journal != nil {
		fmt.Fprintln(w, i18n.Tf("Diário: %s (para desfazer: ixc-leveduca undo %s)",
			"Journal: %s (to undo: ixc-leveduca undo %s)", res.Journal.Path(), res.Journal.Path()).In(lang))
	}
	if !*dryRun && res.IDsFilled(p) {
		if werr := writeBackProfile(*profilePath, res.Profile); werr != nil {
			fmt.Fprintln(io.Err, i18n.Tf("atenção: não foi possível gravar os ids no perfil: %v",
				"warning: cannot write the ids to the profile: %v", werr).In(lang))
		} else {
			fmt.Fprintln(w, i18n.Tf("Perfil atualizado com os ids dos produtos: %s (o anterior ficou em %s.bak)",
				"Profile updated with the product ids: %s (the previous one is in %s.bak)", *profilePath, *profilePath).In(lang))
		}
	}
	switch {
	case errors.Is(err, steps.ErrDeclined):
		if eof {
			return usageError(io, lang, i18n.T("sem resposta: nada mais foi gravado. Use --yes para aplicar sem perguntar.",
				"no answer: nothing more was written. Use --yes to apply without asking."))
		}
		fmt.Fprintln(w, i18n.T("Cancelado: nada mais foi gravado.", "Cancelled: nothing more was written.").In(lang))
		return ExitOK
	case err != nil:
		fmt.Fprintln(io.Err, "ixc-leveduca: "+i18n.Message(err, lang))
		return errExit(err)
	}
	if *dryRun {
		fmt.Fprintln(w, i18n.T("--dry-run: nada foi gravado.", "--dry-run: nothing was written.").In(lang))
		return ExitOK
	}
	if res.Result.Done == 0 && res.Result.Failed == 0 && res.Result.Unknown == 0 {
		fmt.Fprintln(w, i18n.T("Nada a fazer: o IXC já está como o perfil descreve.",
			"Nothing to do: IXC is already as the profile describes.").In(lang))
	}

	fmt.Fprintln(w)
	rep := steps.Audit(ctx, client.Reader(), res.Profile, steps.Options{})
	fmt.Fprint(w, stripANSI(report.Text(rep, lang, 80)))
	code = outcomeExit(rep.Outcome())
	if code == ExitOK && res.Result.Failed+res.Result.Unknown > 0 {
		code = ExitFindings
	}
	return code
}

// connect resolves the connection and builds the client; on failure it
// prints why and returns a nil client and the exit code.
func connect(p *profile.Profile, f connFlags, env, io IO, lang i18n.Lang) (*connection, *ixc.Client, int) {
	conn, cerr := resolveConnection(p, f, env)
	if conn != nil {
		conn.onResponse = killPoint(io)
	}
	if cerr != nil {
		return nil, nil, usageError(io, lang, cerr.Text())
	}
	if !conn.TokenProblem.IsZero() {
		return nil, nil, usageError(io, lang, conn.TokenProblem)
	}
	if conn.Insecure {
		fmt.Fprintln(io.Err, i18n.T("atenção: --insecure: o certificado TLS do IXC não será verificado.",
			"warning: --insecure: IXC's TLS certificate will not be verified.").In(lang))
	}
	client, err := conn.client()
	if err != nil {
		return nil, nil, usageError(io, lang, i18n.Tf("configuração de conexão inválida: %v", "invalid connection settings: %v", err))
	}
	return conn, client, ExitOK
}

// errExit maps an error of apply or undo to an exit code: IXC unusable 3,
// another IXC refusal 1, anything else (profile, input, journal) 2.
func errExit(err error) int {
	var ie *ixc.Error
	if errors.As(err, &ie) {
		switch ie.Kind {
		case ixc.KindUnreachable, ixc.KindTLS, ixc.KindNotIXC, ixc.KindTokenRejected, ixc.KindIPNotAllowed:
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
	return i18n.T(i18n.Message(err, i18n.PT), i18n.Message(err, i18n.EN))
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

// printPlan shows one phase: each change's summary and fields.
func printPlan(w io.Writer, lang i18n.Lang, phase int, plan steps.Plan, notes []i18n.Text) {
	for _, n := range notes {
		fmt.Fprintln(w, "• "+n.In(lang))
	}
	if plan.Empty() {
		return
	}
	title := i18n.Tf("Fase 1 — produtos: %d alteração(ões)", "Phase 1 — products: %d change(s)", len(plan.Changes))
	if phase == 2 {
		title = i18n.Tf("Fase 2 — vínculos: %d alteração(ões)", "Phase 2 — links: %d change(s)", len(plan.Changes))
	}
	fmt.Fprintln(w, "\n"+title.In(lang))
	for i, ch := range plan.Changes {
		fmt.Fprintf(w, "%3d. %s\n", i+1, ch.Summary.In(lang))
		for _, d := range ch.Diff() {
			if ch.Kind == steps.ChangeUpdate {
				fmt.Fprintf(w, "       %s: %q → %q\n", d.Field, d.Before, d.After)
			} else {
				fmt.Fprintf(w, "       %s = %q\n", d.Field, d.After)
			}
		}
	}
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

// printOutcomes lists what Apply did, one line per change.
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
			line += ": " + i18n.Message(o.Err, lang)
		}
		fmt.Fprintln(w, line)
	}
	fmt.Fprintln(w, i18n.Tf("Feitas %d, já existiam %d, falharam %d, incertas %d, planejadas %d.",
		"Done %d, already there %d, failed %d, unknown %d, planned %d.",
		r.Done, r.Skipped, r.Failed, r.Unknown, r.Planned).In(lang))
}

// writeBackProfile saves the previous file as path.bak and writes p
// (canonical; never a token) in its place, mode 0600.
func writeBackProfile(path string, p *profile.Profile) error {
	data, err := p.Marshal()
	if err != nil {
		return err
	}
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path+".bak", old, 0o600); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
