package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// changeFlow is the shared sub-model of every write: it shows the exact
// records and fields, then writes them ("Fazer por mim") with a progress
// bar, or shows the IXC menu path and re-checks live until the change is
// seen ("Vou fazer no IXC").
type changeFlow struct {
	s       *Session
	plan    steps.Plan
	hint    i18n.Text
	recheck func() tea.Cmd // re-plans live; the result comes back as planMsg
	// hintFor, when set, is the "Vou fazer no IXC" path of the plan still
	// to do (exactly its fields, tab by tab); it replaces hint and the list
	// of changes on the manual screen.
	hintFor func(steps.Plan) i18n.Text
	// describe names a field of a change and shows its value as the
	// technician reads them ("Unidade padrão (unidade)", "SER (13)"); nil:
	// IXC's labels and the names the session read (fieldlabels.go).
	describe func(ch steps.Change, field, v string) (label, shown string)

	phase   flowPhase
	action  string
	form    *huh.Form
	done    int
	results []steps.ChangeOutcome
	err     error
	stopped bool
	gen     int
	// foundID is the record a manual re-check found.
	foundID string
	// retrying: the re-check after a failure leads back to the confirmation.
	retrying bool
}

type flowPhase int

const (
	flowConfirm flowPhase = iota
	flowApplying
	flowManual
	flowChecking
	flowFailed
	flowDone
)

// planMsg carries a fresh plan (after a manual change, or a re-plan).
type planMsg struct {
	gen  int
	plan steps.Plan
	id   string // the record the plan is about, when a re-check finds it
	err  error
}

// appliedMsg is the outcome of one change.
type appliedMsg struct {
	gen int
	res *steps.ApplyResult
	err error
	// journal is the run's journal (created by the first write's command);
	// journalErr: it could not be created, nothing was written.
	journal    *journal.Journal
	journalErr bool
}

func newChangeFlow(s *Session, plan steps.Plan, hint i18n.Text, recheck func() tea.Cmd) *changeFlow {
	f := &changeFlow{s: s, plan: plan, hint: hint, recheck: recheck}
	f.confirm()
	return f
}

func (f *changeFlow) confirm() {
	c := f.s.Common
	f.phase = flowConfirm
	doIt := c.T("Fazer por mim: gravar no IXC agora", "Do it for me: write to IXC now")
	if c.DryRun {
		doIt = c.T("Simular (--dry-run: nada será gravado)", "Simulate (--dry-run: nothing is written)")
	}
	f.form = c.choiceForm(c.Tf("%s no IXC", "%s in IXC", c.N(len(f.plan.Changes), "alteração", "alterações", "change", "changes")), "", &f.action,
		choice{"do", doIt},
		choice{"manual", c.T("Vou fazer no IXC (mostra o caminho no menu)", "I will do it in IXC (shows the menu path)")},
		choice{"back", c.T("Voltar", "Back")})
}

// finished reports whether the flow has ended; ok when every change is in
// IXC (written, already there, or seen after a manual change).
func (f *changeFlow) finished() bool { return f.phase == flowDone }

func (f *changeFlow) busy() bool { return f.phase == flowApplying || f.phase == flowChecking }

// ok reports whether the flow ended with every change in place.
func (f *changeFlow) ok() bool {
	if f.err != nil || f.stopped {
		return false
	}
	for _, o := range f.results {
		if o.State == "failed" || o.State == "unknown" {
			return false
		}
	}
	return true
}

// firstID is the id the first change resulted in (created or found), or
// the record a manual re-check found.
func (f *changeFlow) firstID() string {
	if len(f.results) > 0 && f.results[0].ID != "" {
		return f.results[0].ID
	}
	return f.foundID
}

func (f *changeFlow) back() (bool, tea.Cmd) {
	c := f.s.Common
	switch f.phase {
	case flowApplying:
		f.stopped = true // the change in flight finishes; no new one starts
		return true, nil
	case flowManual, flowChecking:
		f.gen++
		f.retrying = false
		f.confirm()
		return true, c.initForm(f.form)
	}
	return false, nil
}

// applyNext writes the next change (one tea.Cmd per change, so the bar
// moves and Esc can stop between changes).
func (f *changeFlow) applyNext() tea.Cmd {
	if f.stopped || f.done >= len(f.plan.Changes) {
		return f.settle()
	}
	s, gen, ch := f.s, f.gen, f.plan.Changes[f.done]
	dry, j, meta, dir := s.Common.DryRun, s.Journal, s.journalMeta(), s.OutDir
	return s.liveWrite(func(ctx context.Context) tea.Msg {
		var err error
		if !dry {
			// One run writes to an IXC at a time on this machine (the lock
			// apply and undo take too).
			release, lerr := lockWrites(ctx, meta.IXCURL)
			if lerr != nil {
				return appliedMsg{gen: gen, err: lerr}
			}
			defer release()
			// The journal is created at the first write, here in the
			// command; the message hands it to the session.
			if j, err = openJournal(j, meta, dir); err != nil {
				return appliedMsg{gen: gen, err: err, journalErr: true}
			}
		} else {
			j = nil
		}
		res, err := steps.Apply(ctx, s.Client, steps.Plan{Changes: []steps.Change{ch}}, j, dry, nil)
		return appliedMsg{gen: gen, res: res, err: err, journal: j}
	})
}

func (f *changeFlow) update(msg tea.Msg) tea.Cmd {
	c := f.s.Common
	switch msg := msg.(type) {
	case appliedMsg:
		f.s.adoptJournal(msg.journal)
		if msg.gen != f.gen {
			return nil
		}
		if msg.journalErr {
			r := steps.Reason(msg.err) // the system's error in words
			f.err = &i18n.Error{Msg: i18n.T("o diário de gravações não pôde ser criado em "+f.s.OutDir+" (nada foi gravado no IXC): "+r.PT,
				"the write journal could not be created in "+f.s.OutDir+" (nothing was written to IXC): "+r.EN)}
			return f.settle()
		}
		if msg.res != nil {
			f.results = append(f.results, msg.res.Outcomes...)
		}
		f.done++
		if msg.err != nil {
			f.err = msg.err
			return f.settle()
		}
		return f.applyNext()
	case planMsg:
		if msg.gen != f.gen {
			return nil
		}
		if msg.err != nil {
			f.err = msg.err
			f.phase = flowManual
			return nil
		}
		if msg.plan.Empty() {
			f.plan = msg.plan
			f.foundID = msg.id
			f.phase = flowDone
			return nil
		}
		f.plan = msg.plan
		if f.retrying {
			f.retrying = false
			f.confirm()
			return c.initForm(f.form)
		}
		f.phase = flowManual
		f.manualForm()
		return c.initForm(f.form)
	}
	if f.form == nil || (f.phase != flowConfirm && f.phase != flowManual && f.phase != flowFailed) {
		return nil
	}
	cmd := updateForm(f.form, msg)
	if !formDone(f.form) {
		return cmd
	}
	switch {
	case f.phase == flowConfirm && f.action == "do":
		f.phase = flowApplying
		return f.applyNext()
	case f.phase == flowConfirm && f.action == "manual":
		f.phase = flowManual
		f.manualForm()
		return c.initForm(f.form)
	case f.phase == flowManual && f.action == "check":
		f.phase = flowChecking
		f.gen++
		return f.recheck()
	case f.phase == flowFailed && f.action == "retry":
		// Look at IXC again: what is already there is skipped, the rest is
		// confirmed again.
		f.results, f.done, f.stopped, f.err = nil, 0, false, nil
		f.phase, f.retrying = flowChecking, true
		f.gen++
		return f.recheck()
	case f.phase == flowManual && f.action == "auto":
		f.confirm()
		return c.initForm(f.form)
	default: // back
		f.stopped, f.phase = true, flowDone
		return nil
	}
}

// settle ends a run of writes: done when everything is in IXC, otherwise
// the result stays on screen with the choice to try again or go back.
func (f *changeFlow) settle() tea.Cmd {
	f.phase = flowDone
	if f.ok() {
		return nil
	}
	c := f.s.Common
	f.phase = flowFailed
	f.form = c.choiceForm(c.T("E agora?", "What next?"), "", &f.action,
		choice{"retry", c.T("Verificar o IXC e continuar o que falta", "Check IXC and carry on with what is left")},
		choice{"back", c.T("Voltar", "Back")})
	return c.initForm(f.form)
}

func (f *changeFlow) manualForm() {
	c := f.s.Common
	f.form = c.choiceForm(c.T("Quando terminar no IXC, verifique:", "When you are done in IXC, check:"), "", &f.action,
		choice{"check", c.T("Já fiz: verificar no IXC agora", "Done: check IXC now")},
		choice{"auto", c.T("Prefiro que o programa faça", "I'd rather the program did it")},
		choice{"back", c.T("Voltar", "Back")})
}

func (f *changeFlow) view() string {
	c := f.s.Common
	st := c.Styles
	var b strings.Builder
	switch f.phase {
	case flowConfirm:
		if c.DryRun {
			b.WriteString(st.Warn.Render(c.T("Simulação (--dry-run): nada será gravado. Isto é o que o programa gravaria no IXC:",
				"Dry run: nothing is written. This is what the program would write to IXC:")) + "\n\n")
		} else {
			b.WriteString(c.T("O programa vai gravar exatamente isto no IXC:", "The program will write exactly this to IXC:") + "\n\n")
		}
		b.WriteString(f.changesView())
		b.WriteString("\n" + c.formView(f.form))
	case flowApplying:
		total := len(f.plan.Changes)
		b.WriteString(fmt.Sprintf("{spin} %s %d/%d\n", c.T("Gravando no IXC…", "Writing to IXC…"), f.done, total))
		b.WriteString(progressBar(f.done, total, min(c.contentWidth()-10, 50)) + "\n")
		b.WriteString(st.Subtle.Render(c.T("esc interrompe depois da alteração em curso", "esc stops after the change in flight")) + "\n")
	case flowManual, flowChecking:
		// The check's state first: the path below may be longer than the
		// screen, and what the check found must not hide below it.
		if f.err != nil {
			b.WriteString(c.wrap(st.Err.Render(c.T("Erro ao verificar: ", "Check failed: ")+c.Msg(f.err))) + "\n\n")
		}
		if f.phase == flowChecking {
			b.WriteString("{spin} " + c.T("Verificando no IXC…", "Checking IXC…") + "\n\n")
		} else if len(f.results) == 0 && f.gen > 0 {
			b.WriteString(st.Warn.Render(c.T("! Ainda não vejo a alteração no IXC.", "! The change is not in IXC yet.")) + "\n\n")
		}
		b.WriteString(st.Title.Render(c.T("Faça no IXC:", "Do it in IXC:")) + "\n")
		if f.hintFor != nil {
			b.WriteString(c.wrap(c.In(f.hintFor(f.plan))) + "\n\n")
		} else {
			b.WriteString(c.wrap(c.In(f.hint)) + "\n\n")
			b.WriteString(f.changesView())
		}
		if f.phase == flowManual {
			b.WriteString("\n" + c.formView(f.form))
		}
	case flowFailed:
		b.WriteString(f.resultView())
		b.WriteString("\n" + c.formView(f.form))
	case flowDone:
		b.WriteString(f.resultView())
	}
	return b.String()
}

// bigPlan: a plan of more changes than this shows the changes that write
// the same fields (one per contract, one per plan) together: their fields
// once, every contract or plan named.
const bigPlan = 50

// changesView lists every change the plan writes, its summary and its
// fields; the body scrolls (layout.go), nothing is left out.
func (f *changeFlow) changesView() string {
	c := f.s.Common
	st := c.Styles
	describe := f.describer()
	var b strings.Builder
	if len(f.plan.Changes) <= bigPlan {
		for _, ch := range f.plan.Changes {
			b.WriteString(c.wrap(st.Code.Render("• "+c.In(ch.Summary))) + "\n")
			b.WriteString(f.fieldsView(ch, describe, ""))
		}
		return b.String()
	}
	book := newFieldBook(f.s, nil)
	for _, g := range groupChanges(f.plan.Changes) {
		ch := g.changes[0]
		if len(g.changes) == 1 {
			b.WriteString(c.wrap(st.Code.Render("• "+c.In(ch.Summary))) + "\n")
			b.WriteString(f.fieldsView(ch, describe, ""))
			continue
		}
		n := len(g.changes)
		b.WriteString(c.wrap(st.Code.Render("• "+c.Tf("%s com os mesmos campos, uma por %s (%s):", "%s with the same fields, one per %s (%s):",
			c.N(n, "alteração", "alterações", "change", "changes"), targetNoun(c, g.target, false), g.target))) + "\n")
		b.WriteString(c.wrap("  "+strings.Join(book.targetIDs(g), ", ")) + "\n")
		b.WriteString(c.wrap("  "+st.Subtle.Render(c.T("por exemplo: ", "for example: ")+c.In(ch.Summary))) + "\n")
		b.WriteString(f.fieldsView(ch, describe, g.target))
	}
	return b.String()
}

// describer is the flow's describer, IXC's labels by default.
func (f *changeFlow) describer() func(steps.Change, string, string) (string, string) {
	if f.describe != nil {
		return f.describe
	}
	return newFieldBook(f.s, nil).describe
}

// fieldsView lists a change's fields: before → after for an update, every
// field of an insert (blank ones as "—", or named together). tg: the
// field whose value is each change's own (a group's contract or plan).
func (f *changeFlow) fieldsView(ch steps.Change, describe func(steps.Change, string, string) (string, string), tg string) string {
	c := f.s.Common
	st := c.Styles
	var b strings.Builder
	if ch.Kind == steps.ChangeUpdate {
		b.WriteString("  " + st.Subtle.Render(c.Tf("alterar %s #%s:", "update %s #%s:", ch.Table, ch.ID)) + "\n")
		for _, d := range f.diff(ch) {
			label, before := f.show(describe, ch, d.Field, d.Before)
			_, after := f.show(describe, ch, d.Field, d.After)
			b.WriteString(fmt.Sprintf("    %s: %s → %s\n", label, before, after))
		}
		return b.String()
	}
	b.WriteString("  " + st.Subtle.Render(c.Tf("inserir em %s:", "insert into %s:", ch.Table)) + "\n")
	var kv, blanks []string
	for _, d := range f.diff(ch) {
		label, after := f.show(describe, ch, d.Field, d.After)
		switch {
		case d.Field == tg:
			kv = append(kv, label+" = "+c.T("o de cada alteração, acima", "each change's own, above"))
		case blank(d.After) && !shownBlank(ch.Table, d.Field) && !steps.IsDraftRef(d.After):
			blanks = append(blanks, label)
		default:
			kv = append(kv, label+" = "+after)
		}
	}
	b.WriteString(columns(kv, c.contentWidth()-4, "    "))
	if len(blanks) > 0 {
		b.WriteString(c.wrap("    "+c.T("outros campos, em branco ou 0: ", "other fields, blank or 0: ")+strings.Join(blanks, ", ")) + "\n")
	}
	return b.String()
}

// diff is a change's fields in the order of IXC's form.
func (f *changeFlow) diff(ch steps.Change) []steps.FieldChange {
	d := ch.Diff()
	sortDiff(ch.Table, d)
	return d
}

// show is a field's label and value on the confirmation.
func (f *changeFlow) show(describe func(steps.Change, string, string) (string, string), ch steps.Change, field, v string) (string, string) {
	label, shown := describe(ch, field, v)
	if steps.IsDraftRef(v) {
		// The id of a record this dry run only simulated.
		shown = f.s.Common.In(steps.DraftShown)
	}
	return safe(label), safe(shown)
}

// columns lays items out in two columns when they fit, one otherwise.
func columns(items []string, width int, indent string) string {
	colW := 0
	for _, it := range items {
		colW = max(colW, lipgloss.Width(it))
	}
	var b strings.Builder
	if colW*2+3 > width {
		for _, it := range items {
			b.WriteString(indent + it + "\n")
		}
		return b.String()
	}
	half := (len(items) + 1) / 2
	for i := 0; i < half; i++ {
		line := indent + padRight(items[i], colW+3)
		if j := i + half; j < len(items) {
			line += items[j]
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	return b.String()
}

func (f *changeFlow) resultView() string {
	c := f.s.Common
	st := c.Styles
	var b strings.Builder
	count := map[string]int{}
	for _, o := range f.results {
		count[o.State]++
	}
	switch {
	case f.err != nil:
		b.WriteString(st.Err.Render(c.T("✗ A gravação parou: ", "✗ Writing stopped: ")+c.Msg(f.err)) + "\n")
	case f.stopped && len(f.results) < len(f.plan.Changes) && len(f.plan.Changes) > 0:
		b.WriteString(st.Warn.Render(c.Tf("! Interrompido: %d de %d alterações feitas.", "! Stopped: %d of %d changes done.", len(f.results), len(f.plan.Changes))) + "\n")
	case len(f.plan.Changes) == 0 || len(f.results) == 0:
		b.WriteString(st.OK.Render(c.T("✓ O IXC já está como deveria.", "✓ IXC is already as it should be.")) + "\n")
	default:
		b.WriteString(st.OK.Render(c.Tf("✓ Feito: %s, %s.", "✓ Done: %s, %s.",
			c.N(count["done"]+count["planned"], "gravada", "gravadas", "written", "written"), c.N(count["skipped"], "já existia", "já existiam", "already there", "already there"))) + "\n")
	}
	if n := count["failed"] + count["unknown"]; n > 0 {
		b.WriteString(st.Err.Render(c.Tf("✗ %s; veja o diário %s", "✗ %s; see the journal %s", c.N(n, "alteração falhou", "alterações falharam", "change failed", "changes failed"), journalPath(f.s))) + "\n")
		for _, o := range f.results {
			if o.Err != nil {
				b.WriteString("  " + c.In(o.Change.Summary) + ": " + c.Msg(o.Err) + "\n")
			}
		}
	}
	return b.String()
}

func journalPath(s *Session) string {
	if s.Journal == nil {
		return "-"
	}
	return s.Journal.Path()
}

func progressBar(done, total, width int) string {
	if total <= 0 || width <= 0 {
		return ""
	}
	n := done * width / total
	return "[" + strings.Repeat("█", n) + strings.Repeat("░", width-n) + "]"
}
