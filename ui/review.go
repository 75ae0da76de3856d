package ui

import (
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// reviewScreen: every finding still open, then save the profile and write
// the hand-off report for LevEduca support (the token only if asked).
type reviewScreen struct {
	s            *Session
	phase        reviewPhase
	form         *huh.Form
	gen          int
	err          error
	includeToken bool
	action       string
	since        auditSince // audit-only mode: the comparison and the saved report
	// The audit in flight: its progress and when it started.
	prog    *readProgress
	snap    progressSnap
	started time.Time
	// reused: the report is the auth screen's, nothing written since.
	reused bool
	// failed is the report of an audit that did not finish (nil: it was
	// interrupted); from is what the screen showed when the audit in flight
	// was asked for on it (ctrl+r, "Tentar de novo"), where Esc comes back
	// to (reviewChecking: the audit the screen opened with).
	failed *steps.Report
	from   reviewPhase
}

type reviewPhase int

const (
	reviewChecking reviewPhase = iota
	reviewAsk
	reviewWriting
	reviewDone
	// reviewUnfinished: the audit did not finish; nothing of it is
	// counted, "Tentar de novo" is the way on.
	reviewUnfinished
)

// auditUnfinished reports whether an audit did not run to its end: it was
// cancelled (err), or IXC could not be used, or stopped answering, on the
// way (its counts are then not counts).
func auditUnfinished(rep *steps.Report, err error) bool {
	return err != nil || rep == nil || rep.Outcome() == steps.OutcomeIXC
}

func newReviewScreen(s *Session) *reviewScreen { return &reviewScreen{s: s} }

func (m *reviewScreen) Enter() tea.Cmd {
	m.err = nil
	m.gen = m.s.nextGen()
	m.failed, m.from = nil, reviewChecking
	if !m.s.auditOnly && m.s.reportCurrent() && !auditUnfinished(m.s.Report, nil) {
		// The auth screen just audited this very profile and nothing was
		// written since: its report is the hand-off's (ctrl+r audits again).
		m.reused = true
		m.askForm()
		return m.s.Common.initForm(m.form)
	}
	return m.audit()
}

func (m *reviewScreen) audit() tea.Cmd {
	m.phase = reviewChecking
	m.reused = false
	m.prog, m.snap, m.started = newReadProgress(), progressSnap{}, m.s.Now()
	return tea.Batch(m.s.audit(m.gen, m.prog), m.prog.next())
}

// canReaudit reports whether "audit again" is offered: the report shown is
// one made earlier (the auth screen's).
func (m *reviewScreen) canReaudit() bool { return m.reused && m.phase == reviewAsk }

// reaudit reads everything again (something may have been fixed by hand
// in IXC since).
func (m *reviewScreen) reaudit() tea.Cmd {
	m.s.cache.Invalidate()
	return m.retry()
}

// retry runs the audit again from this screen: Esc comes back to what the
// screen showed.
func (m *reviewScreen) retry() tea.Cmd {
	m.gen = m.s.nextGen()
	m.from = m.phase
	return m.audit()
}

// unfinishedForm shows that the audit did not finish: "Tentar de novo"
// first; back to the Auth step's report when it still holds, or the
// hand-off with the unfinished audit in it; in audit-only mode, leave
// without keeping anything.
func (m *reviewScreen) unfinishedForm() {
	c := m.s.Common
	m.phase = reviewUnfinished
	m.action = ""
	opts := []choice{{"retry", c.T("Tentar de novo", "Try again")}}
	switch {
	case m.s.auditOnly:
		opts = append(opts, choice{"finish", c.T("Sair sem guardar nada", "Leave, keeping nothing")})
	case m.s.reportCurrent() && !auditUnfinished(m.s.Report, nil):
		opts = append(opts, choice{"reused", c.T("Voltar à auditoria da etapa Autenticação", "Back to the Auth step's audit")})
	case m.failed != nil:
		opts = append(opts, choice{"anyway", c.T("Gravar a entrega mesmo assim (com a auditoria incompleta)", "Write the hand-off anyway (with the unfinished audit)")})
	}
	m.form = c.choiceForm(c.T("E agora?", "What next?"), "", &m.action, opts...)
}

// updateUnfinished is Update while the unfinished audit's menu is shown.
func (m *reviewScreen) updateUnfinished(msg tea.Msg) (tea.Cmd, nav) {
	c := m.s.Common
	cmd := updateForm(m.form, msg)
	if !formDone(m.form) {
		return cmd, stay
	}
	switch m.action {
	case "finish":
		return cmd, nav{kind: navFinish}
	case "reused":
		m.reused = true
		m.askForm()
		return c.initForm(m.form), stay
	case "anyway":
		// The hand-off says what it is: IXC did not answer to the end.
		m.s.Report = m.failed
		m.reused = false
		m.askForm()
		return c.initForm(m.form), stay
	}
	return m.retry(), stay
}

func (m *reviewScreen) askForm() {
	c := m.s.Common
	m.phase = reviewAsk
	m.form = c.newForm(huh.NewGroup(
		huh.NewInput().Title(c.T("Salvar o perfil em", "Save the profile to")).
			Description(c.desc(c.T("O perfil não guarda o token; serve para auditar de novo: ixc-leveduca audit --profile ARQUIVO", "The profile holds no token; use it to audit again: ixc-leveduca audit --profile FILE"))).
			Value(&m.s.ProfilePath),
		huh.NewConfirm().Title(c.T("Incluir o token no relatório de entrega?", "Include the token in the hand-off report?")).
			Description(c.desc(c.T("A LevEduca precisa do token, mas ele pode ir por um canal separado. O padrão é não incluir.", "LevEduca needs the token, but it may go by a separate channel. The default is not to include it."))).
			Affirmative(c.T("Incluir", "Include")).Negative(c.T("Não incluir", "Leave out")).
			Value(&m.includeToken),
		huh.NewInput().Title(c.T("Nome do provedor (opcional, vai no relatório)", "ISP name (optional, goes in the report)")).
			Value(&m.s.ispName)))
}

// doneTitle closes the hand-off: "Tudo pronto." only when it is (no error,
// not a dry run).
func (m *reviewScreen) doneTitle() i18n.Text {
	switch {
	case m.s.Common.DryRun:
		return i18n.T("Simulação concluída.", "Dry run done.")
	case m.s.Report == nil || !m.s.Report.OK():
		return i18n.T("Entrega gravada; ainda há erros a corrigir.", "Hand-off written; there are still errors to fix.")
	}
	return i18n.T("Tudo pronto.", "All done.")
}

// write starts the saving of the profile and the hand-off files.
func (m *reviewScreen) write() tea.Cmd {
	s := m.s
	m.phase = reviewWriting
	m.gen = m.s.nextGen()
	h := report.Handoff{Report: s.Report, GeneratedAt: s.Now(), IncludeToken: m.includeToken,
		ISPName: strings.TrimSpace(s.ispName), ProductNames: s.productNames, Plans: s.handoffPlans(), DryRun: s.Common.DryRun}
	if m.includeToken {
		h.Token = s.Token.Reveal()
	}
	return s.writeHandoff(m.gen, h)
}

func (m *reviewScreen) Update(msg tea.Msg) (tea.Cmd, nav) {
	c := m.s.Common
	if msg, ok := msg.(progressMsg); ok {
		if msg.p != m.prog || m.phase != reviewChecking {
			return nil, stay
		}
		m.snap = msg.snap
		return m.prog.next(), stay
	}
	if msg, ok := msg.(auditDoneMsg); ok {
		if msg.gen != m.gen || m.phase != reviewChecking {
			return nil, stay
		}
		if auditUnfinished(msg.rep, msg.err) {
			// Never counts, never a comparison with the baseline (all
			// would read as resolved): an error, and "Tentar de novo".
			m.failed = msg.rep
			if msg.err != nil {
				m.failed = nil
			}
			m.unfinishedForm()
			return c.initForm(m.form), stay
		}
		m.failed = nil
		m.s.Report = msg.rep
		m.s.adoptReport(msg.rep, msg.key)
		if m.s.auditOnly {
			return m.auditOnlyStart(), stay
		}
		m.askForm()
		return c.initForm(m.form), stay
	}
	if msg, ok := msg.(handoffWrittenMsg); ok {
		if msg.gen != m.gen {
			return nil, stay
		}
		m.s.noteWritten(msg.written...)
		if msg.err != nil {
			// The way on: the same questions, the path editable.
			m.err = msg.err
			m.askForm()
			return c.initForm(m.form), stay
		}
		m.phase = reviewDone
		m.form = c.choiceForm(c.In(m.doneTitle()), "", &m.action, choice{"finish", c.T("Concluir", "Finish")})
		return c.initForm(m.form), stay
	}
	if m.phase == reviewUnfinished && m.form != nil {
		return m.updateUnfinished(msg)
	}
	if m.s.auditOnly {
		return m.auditOnlyUpdate(msg)
	}
	if m.form == nil || m.phase == reviewChecking || m.phase == reviewWriting {
		return nil, stay
	}
	cmd := updateForm(m.form, msg)
	if !formDone(m.form) {
		return cmd, stay
	}
	if m.phase == reviewDone {
		return cmd, nav{kind: navFinish}
	}
	m.err = nil
	return m.write(), stay
}

func (m *reviewScreen) View() string {
	if m.s.auditOnly {
		return m.auditOnlyView()
	}
	c := m.s.Common
	st := c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(c.T("Revisão e entrega", "Review and hand-off")) + "\n\n")
	if m.err != nil {
		b.WriteString(st.Err.Render("✗ "+c.Msg(m.err)) + "\n\n")
	}
	switch m.phase {
	case reviewChecking:
		b.WriteString("{spin} " + c.T("Auditando a configuração completa…", "Auditing the whole setup…") + "\n")
		b.WriteString(c.waitView(m.snap, m.s.Now().Sub(m.started)))
		return b.String()
	case reviewWriting:
		b.WriteString("{spin} " + c.T("Gravando o perfil e o relatório de entrega…", "Writing the profile and the hand-off report…") + "\n")
		return b.String()
	case reviewUnfinished:
		b.WriteString(m.unfinishedView() + "\n" + c.formView(m.form))
		return b.String()
	case reviewDone:
		// The verdict stays on screen with the files: what was handed off.
		b.WriteString(m.verdictLine() + "\n\n")
		b.WriteString(m.s.writtenView())
		if c.DryRun {
			b.WriteString("\n" + c.wrap(st.Warn.Render(c.T("Simulação (--dry-run): nada foi gravado no IXC, e o relatório diz isso. Não o envie como entrega: rode de novo sem --dry-run para gravar.",
				"Dry run: nothing was written to IXC, and the report says so. Do not send it as the hand-off: run again without --dry-run to write."))) + "\n\n")
		} else {
			b.WriteString("\n" + c.wrap(c.T("Envie o relatório de entrega ao suporte da LevEduca. Para auditar de novo no futuro: ixc-leveduca audit --profile "+m.s.ProfilePath,
				"Send the hand-off report to LevEduca support. To audit again later: ixc-leveduca audit --profile "+m.s.ProfilePath)) + "\n\n")
		}
		b.WriteString(c.formView(m.form))
		return b.String()
	}
	rep := m.s.Report
	sum := rep.Summary
	if auditUnfinished(rep, nil) {
		b.WriteString(m.unfinishedView())
	}
	b.WriteString(m.verdictLine() + "\n")
	// No counts from an audit whose auth step did not run.
	switch a := rep.Step(steps.StepAuth); {
	case a != nil && a.Status == steps.StatusSkipped:
	case m.s.Profile.Auth.Method == profile.AuthEmployeeCPF:
		b.WriteString(c.Tf("Colaboradores prontos para entrar: %s\n", "Employees ready to log in: %s\n", i18n.Count(c.Lang, sum.ReadyEmployees)))
	default:
		b.WriteString(c.Tf("Contratos com direito: %s · prontos para entrar: %s\n", "Entitled contracts: %s · ready to log in: %s\n",
			i18n.Count(c.Lang, sum.EntitledContracts), i18n.Count(c.Lang, sum.ReadyContracts)))
	}
	for _, pr := range m.s.Profile.Products {
		if ref := m.s.productRef(pr); pr.ID == "" && ref != "" {
			b.WriteString(c.wrap(c.Tf("Produto %s: novo, só simulado (--dry-run): %s", "Product %s: new, only simulated (--dry-run): %s",
				offerTitle(pr.Offer), safe(m.s.draftName(ref)))) + "\n")
			continue
		}
		if pr.ID == "" {
			continue
		}
		name := m.s.productNames[pr.Offer]
		b.WriteString(c.wrap(c.Tf("Produto %s: #%s %s", "Product %s: #%s %s", offerTitle(pr.Offer), pr.ID, name)) + "\n")
	}
	if plans := m.s.handoffPlans(); len(plans) > 0 {
		var cells []string
		for _, p := range plans {
			cell := "#" + p.ID
			if p.Name != "" {
				cell += " " + p.Name
			}
			var offers []string
			for _, o := range p.Offers {
				offers = append(offers, offerTitle(o))
			}
			if len(offers) > 0 {
				cell += " (" + strings.Join(offers, ", ") + ")"
			}
			cells = append(cells, cell)
		}
		b.WriteString(c.wrap(c.T("Planos: ", "Plans: ")+strings.Join(cells, "; ")) + "\n")
	}
	if m.reused {
		b.WriteString(st.Subtle.Render(c.wrap(c.T("Auditoria da etapa Autenticação, reaproveitada: nada foi gravado no IXC desde então",
			"The Auth step's audit, reused: nothing was written to IXC since")+c.keyHint(" (ctrl+r audita de novo)", " (ctrl+r audits again)")+".")) + "\n")
	}
	// Errors first: the body scrolls, and what blocks comes on top.
	shown := 0
	for _, sev := range []steps.Severity{steps.Error, steps.Warn, steps.Info} {
		for _, s := range rep.Steps {
			for _, f := range s.Findings {
				if f.Severity != sev {
					continue
				}
				if shown == 12 {
					b.WriteString(st.Subtle.Render(c.T("… veja todos no relatório de entrega", "… see them all in the hand-off report")) + "\n")
				}
				if shown < 12 {
					line := c.findingLine(f)
					if refs := report.RecordRefs(f.Records, 5, c.Lang); refs != "" {
						line += " " + st.Subtle.Render("("+refs+")")
					}
					b.WriteString(c.wrap(line) + "\n")
				}
				shown++
			}
		}
	}
	b.WriteString("\n" + yesKeyHint(c, c.formView(m.form), c.T("Incluir", "Include")))
	return b.String()
}

// yesKeyHint writes, in Portuguese, "s" for the key of a confirm's yes in
// the form's help line: huh always writes "y" there, though the key map
// takes "s" (and "y") as yes in Portuguese (keys.go).
func yesKeyHint(c *Common, view, yes string) string {
	if c.Lang != i18n.PT {
		return view
	}
	lines := strings.Split(view, "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		plain := stripStyles(lines[i])
		if !strings.Contains(plain, "y "+yes) {
			continue
		}
		at := strings.Index(lines[i], yes)
		if y := strings.LastIndexByte(lines[i][:at], 'y'); y >= 0 {
			lines[i] = lines[i][:y] + "s" + lines[i][y+1:]
		}
		break
	}
	return strings.Join(lines, "\n")
}

// offerTitle is an offer's name as the ISP sells it.
func offerTitle(offer string) string {
	if offer == profile.OfferParamount {
		return "Paramount+"
	}
	return "LevEduca"
}

// handoffPlans are the linked plans with their names and the offers each
// carries, from what the link screen read.
func (s *Session) handoffPlans() []report.HandoffPlan {
	offerOf := map[string]string{}
	for _, pr := range s.Profile.Products {
		if ref := s.productRef(pr); ref != "" {
			offerOf[ref] = pr.Offer // a draft's Ref in a dry run
		}
	}
	var out []report.HandoffPlan
	for _, id := range s.Profile.Link.Plans {
		hp := report.HandoffPlan{ID: id, Offers: []string{}}
		carries := map[string]bool{}
		for _, pl := range s.plans {
			if pl.ID == id {
				hp.Name = pl.Name
				for _, pid := range pl.Carries {
					carries[pid] = true
				}
			}
		}
		for pid, ps := range s.planProducts {
			if slices.Contains(ps, id) {
				carries[pid] = true
			}
		}
		for _, pr := range s.Profile.Products {
			ref := s.productRef(pr)
			if ref != "" && carries[ref] && !slices.Contains(hp.Offers, offerOf[ref]) {
				hp.Offers = append(hp.Offers, offerOf[ref])
			}
		}
		out = append(out, hp)
	}
	return out
}

// verdictLine is the hand-off's verdict: ready to turn on or not, and why
// ("pronto para ativar: não — 3 erros").
func (m *reviewScreen) verdictLine() string {
	c := m.s.Common
	st := c.Styles
	v := report.Verdict(m.s.Report, c.Lang)
	switch {
	case m.s.Report.OK() && report.NobodyCanLogIn(m.s.Report):
		return c.wrap(st.Warn.Render("! " + v))
	case m.s.Report.OK():
		return c.wrap(st.OK.Render("✓ " + v))
	}
	return c.wrap(st.Err.Render("✗ " + v))
}

func (m *reviewScreen) Form() *huh.Form {
	if m.Busy() {
		return nil
	}
	return m.form
}
func (m *reviewScreen) Busy() bool { return m.phase == reviewChecking || m.phase == reviewWriting }
func (m *reviewScreen) Back() (bool, tea.Cmd) {
	c := m.s.Common
	switch {
	case m.phase == reviewWriting:
		// The files are local and written at once: Esc waits for the
		// outcome (the files written, or why not), never hides it.
		return true, nil
	case m.phase != reviewChecking:
		return false, nil
	case m.from == reviewAsk && m.s.reportCurrent() && !auditUnfinished(m.s.Report, nil):
		// Esc on "audit again": the reads are cancelled (the root) and
		// the hand-off's questions come back with the report they had.
		m.gen = m.s.nextGen()
		m.prog.finish()
		m.reused = true
		m.askForm()
		return true, c.initForm(m.form)
	case m.from == reviewUnfinished:
		// Esc on "Tentar de novo": the reads are cancelled and the
		// unfinished audit's menu comes back.
		m.gen = m.s.nextGen()
		m.prog.finish()
		m.unfinishedForm()
		return true, c.initForm(m.form)
	}
	// Esc on the audit the screen opened with: the reads are cancelled
	// and the step before comes back.
	m.gen = m.s.nextGen()
	m.prog.finish()
	return false, nil
}

// unfinishedView says the audit did not finish, and why, in words.
func (m *reviewScreen) unfinishedView() string {
	c := m.s.Common
	rep := m.failed
	if m.phase != reviewUnfinished {
		rep = m.s.Report
	}
	return c.unfinishedView(c.T("✗ A auditoria não terminou: nada foi contado.", "✗ The audit did not finish: nothing was counted."), rep)
}
func (m *reviewScreen) Help() i18n.Text {
	return i18n.T("A revisão audita a configuração inteira de novo. O perfil salvo (sem o token) permite repetir a auditoria: ixc-leveduca audit --profile ARQUIVO. O relatório de entrega (Markdown e JSON) vai para o suporte da LevEduca.",
		"The review audits the whole setup again. The saved profile (no token) lets you repeat the audit: ixc-leveduca audit --profile FILE. The hand-off report (Markdown and JSON) goes to LevEduca support.")
}

// writtenView is the list of the files written, on the screen that ends
// the wizard: no indent, a path broken only after a "/".
func (s *Session) writtenView() string {
	c := s.Common
	var b strings.Builder
	b.WriteString(c.Styles.OK.Render(c.T("✓ Arquivos gravados:", "✓ Files written:")) + "\n")
	for _, p := range s.Written {
		b.WriteString(c.wrap(p) + "\n")
	}
	return b.String()
}
