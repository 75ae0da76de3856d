package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// undoOptions are the flags of `ixc-leveduca undo`.
type undoOptions struct {
	yes, tokenStdin bool
	profile         string
	conn            connFlags
}

func (o *undoOptions) flags(fs *pflag.FlagSet, a *app) {
	fs.BoolVar(&o.yes, "yes", false, a.t("desfaz sem perguntar (exige IXC_URL ou --profile com o IXC do diário)",
		"undo without asking (needs IXC_URL or --profile naming the journal's IXC)"))
	fs.StringVar(&o.profile, "profile", "", a.t("`ARQUIVO` de perfil cujo IXC deve ser o do diário (e de onde vêm as opções de conexão)",
		"profile `FILE` whose IXC must be the journal's (and the source of the connection settings)"))
	tokenStdinFlag(fs, &o.tokenStdin, a)
	o.conn.flags(fs, a)
}

func (a *app) newUndoCmd() *cobra.Command {
	var o undoOptions
	c := &cobra.Command{
		Use:   "undo " + a.t("ARQUIVO_DIARIO", "JOURNAL_FILE"),
		Short: a.t("desfaz as gravações de um diário", "revert the writes of a journal"),
		Long: a.t(`Desfaz, da mais nova para a mais antiga, as gravações registradas num diário de apply ou do assistente,
depois de listar o que vai fazer e o que vai deixar (registros que alguém mudou depois, campo a campo).
Sem --yes pergunta [s/N] no stderr. O IXC é o do diário (IXC_URL, se definida, deve ser o mesmo); o token
vem de IXC_TOKEN, --token-stdin ou do terminal. O undo registra suas gravações num novo diário.`,
			`Reverts, newest first, the writes recorded in a journal of apply or the wizard, after listing what it
will do and what it will leave (records someone changed since, field by field). Without --yes it asks
[y/N] on stderr. The IXC is the journal's (IXC_URL, when set, must be the same); the token comes from
IXC_TOKEN, --token-stdin or the terminal. Undo records its own writes in a new journal.`),
		Example: a.t(`  ixc-leveduca undo ixc-leveduca-journal-20261207-101500.jsonl
  ixc-leveduca undo ixc-leveduca-journal-20261207-101500.jsonl --yes`,
			`  ixc-leveduca undo ixc-leveduca-journal-20261207-101500.jsonl
  ixc-leveduca undo ixc-leveduca-journal-20261207-101500.jsonl --yes`),
		Annotations: map[string]string{annExit: a.t(
			"0 tudo desfeito (ou nada a desfazer, ou cancelado) · 1 algo ficou para o técnico (mudado depois, falhou, incerto) · 2 erro de uso ou no diário · 3 IXC inutilizável",
			"0 everything reverted (or nothing to revert, or cancelled) · 1 something left for the technician (changed since, failed, unknown) · 2 usage or journal error · 3 IXC unusable")},
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErr{a.t("uso: ixc-leveduca undo ARQUIVO_DIARIO [--yes]", "usage: ixc-leveduca undo JOURNAL_FILE [--yes]") + a.seeHelp(c)}
			}
			return nil
		},
		RunE: func(_ *cobra.Command, args []string) error {
			a.code = a.runUndo(&o, args[0])
			return nil
		},
	}
	o.flags(c.Flags(), a)
	return c
}

// runUndo is `ixc-leveduca undo JOURNAL_FILE [--yes]`: it reverts the
// writes a journal records, newest first (steps.Undo), after listing what
// it will do and what it will leave (records changed since, with the
// fields). Without --yes it asks ("Desfazer N alterações? [s/N]"), with
// the same rules as apply (no: exit 0; end of input: exit 2). The IXC is
// the journal's (IXC_URL, when set, must name the same one); the token
// comes from IXC_TOKEN. Undo journals its own writes in a new journal
// (command "undo") in the current directory. Exit: 0 everything reverted
// (or nothing to revert), 1 something left for the technician (changed
// since, failed, outcome unknown), 2 usage/journal problem, 3 IXC unusable.
func (a *app) runUndo(o *undoOptions, file string) int {
	stdio, lang := a.stdio, a.lang
	meta, entries, err := journal.Read(file)
	if err != nil {
		return usageError(stdio, lang, failText(i18n.Tf("não foi possível ler o diário %s", "cannot read the journal %s", file), err))
	}
	// Nothing is sent anywhere before the journal and its IXC are checked:
	// a journal is a file anyone can edit.
	if err := steps.CheckJournal(entries); err != nil {
		return usageError(stdio, lang, localized(err))
	}
	p, code := a.undoTarget(o, meta)
	if p == nil {
		return code
	}
	env, terr := a.withToken(stdio, o.tokenStdin)
	if terr != nil {
		return ExitInterrupted
	}
	conn, client, code := connect(p, o.conn, env, stdio, lang)
	if client == nil {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	release, code := lockIXC(ctx, stdio, lang, "undo", conn.URL)
	if release == nil {
		return code
	}
	defer release()
	w := stdio.Out

	fmt.Fprintln(w, i18n.Tf("Diário %s (%s, %s, %d linha(s)).", "Journal %s (%s, %s, %d line(s)).",
		file, textsafe.Line(meta.Command), conn.URL, len(entries)).In(lang))
	plan, err := steps.Undo(ctx, client, entries, nil, file, true)
	printUndo(w, lang, plan)
	if err != nil {
		fmt.Fprintln(stdio.Err, "ixc-leveduca: "+textsafe.Clean(steps.ErrorText(err).In(lang)))
		return errExit(err)
	}
	if plan.Planned == 0 {
		fmt.Fprintln(w, i18n.T("Nada a desfazer.", "Nothing to undo.").In(lang))
		return undoExit(plan)
	}
	if !o.yes {
		ok, eof := ask(stdio.Err, a.stdin(), lang, nChanges(plan.Planned, "Desfazer %s? [s/N] ", "Undo %s? [y/N] "))
		if !ok {
			if eof {
				return usageError(stdio, lang, i18n.T("sem resposta: nada foi desfeito. Use --yes para desfazer sem perguntar.",
					"no answer: nothing was undone. Use --yes to undo without asking."))
			}
			fmt.Fprintln(w, i18n.T("Cancelado: nada foi desfeito.", "Cancelled: nothing was undone.").In(lang))
			return ExitOK
		}
	}
	j, err := journal.Create(cwd(), journal.Meta{IXCURL: conn.URL, TokenUser: conn.TokenUser, Command: "undo", Started: time.Now()})
	if err != nil {
		return usageError(stdio, lang, failText(i18n.Tf("não foi possível criar o diário em %s", "cannot create the journal in %s", cwd()), err))
	}
	defer j.Close()
	fmt.Fprintln(w, i18n.Tf("Diário do undo: %s", "Journal of the undo: %s", j.Path()).In(lang))
	if prog := newProgress(stdio, lang); prog != nil {
		// steps.Undo has no progress callback: count its writes as they
		// reach IXC (every exchange but a read).
		var done atomic.Int64
		total := plan.Planned
		prev := conn.onResponse
		client, err = conn.withOnResponse(func(ri ixc.ResponseInfo) {
			if prev != nil {
				prev(ri)
			}
			if ri.Method != "GET" {
				prog.writes(int(min(done.Add(1), int64(total))), total)
			}
		})
		if err != nil {
			return clientError(stdio, lang, err)
		}
		defer prog.clear()
	}
	res, err := steps.Undo(ctx, client, entries, j, file, false)
	fmt.Fprintln(w, "\n"+i18n.T("Resultado:", "Result:").In(lang))
	printUndo(w, lang, res)
	if err != nil {
		fmt.Fprintln(stdio.Err, "ixc-leveduca: "+textsafe.Clean(steps.ErrorText(err).In(lang)))
		return errExit(err)
	}
	return undoExit(res)
}

// undoTarget decides which IXC undo talks to, before any request
// (design.md §4): the journal's, and only when the user named it. With
// --yes, IXC_URL or --profile must name the journal's IXC (exit 2
// otherwise). Without --yes a named IXC must be the journal's too; when
// none is named, the journal's IXC is shown and the user asked (no answer:
// exit 2; "no": exit 0). The profile returned carries the journal's URL
// (and a --profile's TLS settings); nil means stop with code.
func (a *app) undoTarget(o *undoOptions, meta journal.Meta) (*profile.Profile, int) {
	stdio, lang := a.stdio, a.lang
	// Comparing addresses only (a LAN IXC over http included): connecting
	// still needs --allow-http for plain http to a host that is not loopback.
	lax := ixc.URLPolicy{AllowHTTP: true}
	jurl, err := lax.Normalize(meta.IXCURL)
	if err != nil || strings.TrimSpace(meta.IXCURL) == "" {
		return nil, usageError(stdio, lang, i18n.Tf("o diário não diz de que IXC é (url %q): nada foi desfeito",
			"the journal does not say which IXC it is of (url %q): nothing was undone", textsafe.Line(meta.IXCURL)))
	}
	p := &profile.Profile{}
	if o.profile != "" {
		lp, err := profile.Load(o.profile)
		if err != nil {
			return nil, usageError(stdio, lang, localized(err))
		}
		p = lp
	}
	type named struct{ what, url string }
	var names []named
	if v := strings.TrimSpace(stdio.getenv("IXC_URL")); v != "" {
		names = append(names, named{"IXC_URL", v})
	}
	if o.profile != "" && strings.TrimSpace(p.IXC.URL) != "" {
		names = append(names, named{"--profile " + o.profile, p.IXC.URL})
	}
	for _, n := range names {
		if u, err := lax.Normalize(n.url); err != nil || u != jurl {
			return nil, usageError(stdio, lang, i18n.Tf(
				"o diário é do IXC %s, mas %s aponta para %s: nada foi enviado; desfaça no IXC do diário",
				"the journal is of IXC %s, but %s points to %s: nothing was sent; undo on the journal's IXC",
				jurl, n.what, textsafe.Line(n.url)))
		}
	}
	if len(names) == 0 {
		if o.yes {
			return nil, usageError(stdio, lang, i18n.Tf(
				"com --yes, diga em que IXC desfazer: IXC_URL=%s ou --profile com esse IXC (o diário é desse IXC); nada foi enviado",
				"with --yes, name the IXC to undo on: IXC_URL=%s or --profile with that IXC (the journal is of that IXC); nothing was sent",
				jurl))
		}
		ok, eof := ask(stdio.Err, a.stdin(), lang, i18n.Tf(
			"O diário é do IXC %s (usuário do token %s). Conectar a esse IXC para desfazer? [s/N] ",
			"The journal is of IXC %s (token user %s). Connect to that IXC to undo? [y/N] ",
			jurl, orDash(textsafe.Line(meta.TokenUser))))
		if !ok {
			if eof {
				return nil, usageError(stdio, lang, i18n.T("sem resposta: nada foi enviado. Use IXC_URL ou --profile com o IXC do diário e --yes.",
					"no answer: nothing was sent. Use IXC_URL or --profile with the journal's IXC, and --yes."))
			}
			fmt.Fprintln(stdio.Out, i18n.T("Cancelado: nada foi desfeito.", "Cancelled: nothing was undone.").In(lang))
			return nil, ExitOK
		}
	}
	p.IXC.URL = jurl
	if p.IXC.TokenUser == "" {
		p.IXC.TokenUser = meta.TokenUser
	}
	return p, ExitOK
}

// undoExit is 1 when something is left for the technician.
func undoExit(r *steps.UndoResult) int {
	if r.Failed+r.Unknown > 0 {
		return ExitFindings
	}
	for _, o := range r.Outcomes {
		if o.State == steps.ApplySkipped && (len(o.Changed) > 0 || o.Action == "") {
			return ExitFindings
		}
	}
	return ExitOK
}

// printUndo lists each entry's outcome with its reason and changed fields.
func printUndo(w io.Writer, lang i18n.Lang, r *steps.UndoResult) {
	if r == nil {
		return
	}
	for _, o := range r.Outcomes {
		state := stateText(o.State)
		if o.State == steps.ApplyPlanned {
			state = i18n.T("desfazer", "to undo")
		}
		fmt.Fprintf(w, "  [%s] %s\n", state.In(lang), textsafe.Line(o.Summary.In(lang)))
		if !o.Reason.IsZero() {
			fmt.Fprintf(w, "      %s\n", textsafe.Line(o.Reason.In(lang)))
		}
		for _, d := range o.Changed {
			fmt.Fprintln(w, i18n.Tf("      %s: gravado %s, agora %s", "      %s: written %s, now %s",
				textsafe.Line(d.Field), quote(d.Before), quote(d.After)).In(lang))
		}
	}
	fmt.Fprintln(w, i18n.Tf("Desfeitas %d, a desfazer %d, deixadas %d, falharam %d, incertas %d, sem nada a desfazer %d.",
		"Undone %d, to undo %d, left %d, failed %d, unknown %d, nothing to undo %d.",
		r.Done, r.Planned, r.Skipped, r.Failed, r.Unknown, r.Nothing).In(lang))
}
