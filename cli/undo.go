package cli

import (
	"bufio"
	"context"
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
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

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
func runUndo(args []string, io IO, lang i18n.Lang) int {
	fs := flag.NewFlagSet("undo", flag.ContinueOnError)
	fs.SetOutput(io.Err)
	yes := fs.Bool("yes", false, "undo without asking")
	connF := addConnFlags(fs)
	langFlag := addLangFlag(fs, lang)
	// Flags may come before or after the file.
	var files []string
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return ExitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	lang, ok := parseLangFlag(*langFlag, io)
	if !ok {
		return ExitUsage
	}
	if len(files) != 1 {
		return usageError(io, lang, i18n.T("uso: ixc-leveduca undo ARQUIVO_DIARIO [--yes]", "usage: ixc-leveduca undo JOURNAL_FILE [--yes]"))
	}
	file := files[0]
	meta, entries, err := journal.Read(file)
	if err != nil {
		return usageError(io, lang, i18n.Tf("não foi possível ler o diário: %v", "cannot read the journal: %v", err))
	}
	if v := strings.TrimSpace(io.getenv("IXC_URL")); v != "" {
		a, aerr := ixc.NormalizeURL(v)
		b, berr := ixc.NormalizeURL(meta.IXCURL)
		if aerr != nil || berr != nil || a != b {
			return usageError(io, lang, i18n.Tf("o diário é do IXC %s, mas IXC_URL aponta para %s: desfaça no mesmo IXC (ou remova IXC_URL)",
				"the journal is of IXC %s, but IXC_URL points to %s: undo on the same IXC (or unset IXC_URL)", meta.IXCURL, v))
		}
	}
	p := &profile.Profile{IXC: profile.IXC{URL: meta.IXCURL, TokenUser: meta.TokenUser}}
	conn, client, code := connect(p, *connF, io, io, lang)
	if client == nil {
		return code
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	w := io.Out

	fmt.Fprintln(w, i18n.Tf("Diário %s (%s, %s, %d linha(s)).", "Journal %s (%s, %s, %d line(s)).",
		file, meta.Command, meta.IXCURL, len(entries)).In(lang))
	plan, err := steps.Undo(ctx, client, entries, nil, file, true)
	printUndo(w, lang, plan)
	if err != nil {
		fmt.Fprintln(io.Err, "ixc-leveduca: "+i18n.Message(err, lang))
		return errExit(err)
	}
	if plan.Planned == 0 {
		fmt.Fprintln(w, i18n.T("Nada a desfazer.", "Nothing to undo.").In(lang))
		return undoExit(plan)
	}
	if !*yes {
		in := bufio.NewReader(orEmpty(io.In))
		ok, eof := ask(w, in, lang, i18n.Tf("Desfazer %d alteração(ões)? [s/N] ", "Undo %d change(s)? [y/N] ", plan.Planned))
		if !ok {
			if eof {
				return usageError(io, lang, i18n.T("sem resposta: nada foi desfeito. Use --yes para desfazer sem perguntar.",
					"no answer: nothing was undone. Use --yes to undo without asking."))
			}
			fmt.Fprintln(w, i18n.T("Cancelado: nada foi desfeito.", "Cancelled: nothing was undone.").In(lang))
			return ExitOK
		}
	}
	j, err := journal.Create(cwd(), journal.Meta{IXCURL: conn.URL, TokenUser: conn.TokenUser, Command: "undo", Started: time.Now()})
	if err != nil {
		return usageError(io, lang, i18n.Tf("não foi possível criar o diário: %v", "cannot create the journal: %v", err))
	}
	defer j.Close()
	fmt.Fprintln(w, i18n.Tf("Diário do undo: %s", "Journal of the undo: %s", j.Path()).In(lang))
	res, err := steps.Undo(ctx, client, entries, j, file, false)
	fmt.Fprintln(w, "\n"+i18n.T("Resultado:", "Result:").In(lang))
	printUndo(w, lang, res)
	if err != nil {
		fmt.Fprintln(io.Err, "ixc-leveduca: "+i18n.Message(err, lang))
		return errExit(err)
	}
	return undoExit(res)
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
		fmt.Fprintf(w, "  [%s] %s\n", state.In(lang), o.Summary.In(lang))
		if !o.Reason.IsZero() {
			fmt.Fprintf(w, "      %s\n", o.Reason.In(lang))
		}
		for _, d := range o.Changed {
			fmt.Fprintln(w, i18n.Tf("      %s: gravado %q, agora %q", "      %s: written %q, now %q", d.Field, d.Before, d.After).In(lang))
		}
	}
	fmt.Fprintln(w, i18n.Tf("Desfeitas %d, a desfazer %d, deixadas %d, falharam %d, incertas %d, sem nada a desfazer %d.",
		"Undone %d, to undo %d, left %d, failed %d, unknown %d, nothing to undo %d.",
		r.Done, r.Planned, r.Skipped, r.Failed, r.Unknown, r.Nothing).In(lang))
}
