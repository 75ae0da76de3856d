package ui

import (
	"path/filepath"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// authScreen: how subscribers log in to LevEduca, with the live coverage:
// entitled contracts, ready ones, and the problem records by finding,
// browsable and exportable as CSV.
type authScreen struct {
	s       *Session
	phase   authPhase
	form    *huh.Form
	method  profile.AuthMethod
	action  string
	gen     int
	browse  string // finding code being browsed
	message string
	// fromResult: the check in flight was asked from the results, which
	// Esc goes back to.
	fromResult bool
	// The check in flight: its progress and when it started.
	prog    *readProgress
	snap    progressSnap
	started time.Time
}

type authPhase int

const (
	authAsk authPhase = iota
	authChecking
	authExporting
	authResult
	authRecords
)

func newAuthScreen(s *Session) *authScreen { return &authScreen{s: s} }

func (m *authScreen) Enter() tea.Cmd {
	c := m.s.Common
	m.phase = authAsk
	m.message = ""
	m.method = m.s.Profile.Auth.Method
	if m.method == "" {
		m.method = profile.AuthHotsite
	}
	m.form = c.newForm(huh.NewGroup(huh.NewSelect[profile.AuthMethod]().
		Title(c.T("Como os assinantes entram na LevEduca?", "How do subscribers log in to LevEduca?")).
		Options(
			huh.NewOption(c.T("Login do Hotsite (Central do Assinante)", "Hotsite login (Central do Assinante)"), profile.AuthHotsite),
			huh.NewOption(c.T("Login PPPoE do contrato", "The contract's PPPoE login"), profile.AuthPPPoE),
			huh.NewOption(c.T("CPF/CNPJ do cliente", "The customer's CPF/CNPJ"), profile.AuthCPFCNPJ),
			huh.NewOption(c.T("CPF do funcionário (planos para colaboradores)", "Employee CPF (staff plans)"), profile.AuthEmployeeCPF)).
		Value(&m.method)))
	return c.initForm(m.form)
}

func (m *authScreen) check() tea.Cmd {
	// From the results ("Verificar de novo"), Esc goes back to them.
	m.fromResult = m.phase == authResult && m.s.Report != nil
	m.message = "" // it spoke of the results being replaced
	m.phase = authChecking
	m.gen = m.s.nextGen()
	m.prog, m.snap, m.started = newReadProgress(), progressSnap{}, m.s.Now()
	return tea.Batch(m.s.audit(m.gen, m.prog), m.prog.next())
}

// incomplete reports whether the report could not compute the coverage:
// the auth step did not run (IXC stopped answering, a read failed, a
// table is denied, the link step could not run).
func (m *authScreen) incomplete() bool {
	rep := m.s.Report
	if rep == nil {
		return true
	}
	a := rep.Step(steps.StepAuth)
	return a == nil || a.Status == steps.StatusSkipped
}

// onlySimulated: a dry run whose products are all drafts (simulated, not
// created), so no contract can be entitled yet and the check had nothing
// to count: not a failure to try again.
func (m *authScreen) onlySimulated() bool {
	return m.s.Common.DryRun && len(m.s.draftProducts) > 0 && len(m.s.productIDs()) == 0 && m.incomplete() && m.s.Report != nil
}

func (m *authScreen) resultForm() {
	c := m.s.Common
	m.phase = authResult
	if m.onlySimulated() {
		m.form = c.choiceForm(c.T("E agora?", "What next?"), "", &m.action,
			choice{"next", c.T("Continuar para a entrega", "Continue to the hand-off")},
			choice{"method", c.T("Trocar o método de autenticação", "Change the auth method")})
		return
	}
	if m.incomplete() {
		// The way forward is to try again; nothing was counted.
		m.form = c.choiceForm(c.T("E agora?", "What next?"), "", &m.action,
			choice{"recheck", c.T("Tentar de novo", "Try again")},
			choice{"method", c.T("Trocar o método de autenticação", "Change the auth method")},
			choice{"next", c.T("Continuar para a entrega mesmo assim", "Continue to the hand-off anyway")})
		return
	}
	opts := []choice{{"next", c.T("Continuar para a entrega", "Continue to the hand-off")}}
	for _, f := range m.authFindings() {
		if len(f.Records) > 0 {
			opts = append(opts, choice{"see:" + f.Code, c.Tf("Ver %s de %s", "See %s of %s", c.N(len(f.Records), "registro", "registros", "record", "records"), f.Code)})
		}
	}
	if hasFindings(m.s.Report) { // the CSV has every step's problems
		opts = append(opts, choice{"csv", c.T("Exportar os problemas em CSV", "Export the problems as CSV")})
	}
	opts = append(opts,
		choice{"recheck", c.T("Verificar de novo (depois de corrigir no IXC)", "Check again (after fixing in IXC)")},
		choice{"method", c.T("Trocar o método de autenticação", "Change the auth method")})
	m.form = c.choiceForm(c.T("E agora?", "What next?"), "", &m.action, opts...)
}

func (m *authScreen) authFindings() []steps.Finding {
	if m.s.Report == nil {
		return nil
	}
	if st := m.s.Report.Step(steps.StepAuth); st != nil {
		return st.Findings
	}
	return nil
}

func (m *authScreen) Update(msg tea.Msg) (tea.Cmd, nav) {
	c := m.s.Common
	if msg, ok := msg.(progressMsg); ok {
		if msg.p != m.prog || m.phase != authChecking {
			return nil, stay
		}
		m.snap = msg.snap
		return m.prog.next(), stay
	}
	if msg, ok := msg.(auditDoneMsg); ok {
		if msg.gen != m.gen || m.phase != authChecking {
			return nil, stay
		}
		m.s.Report = msg.rep
		if msg.err == nil {
			m.s.adoptReport(msg.rep, msg.key)
		} else {
			m.s.Report = nil // cancelled mid-way: nothing of it is shown
		}
		// After a long read the menu's default is the way forward.
		m.action = ""
		m.resultForm()
		return c.initForm(m.form), stay
	}
	if msg, ok := msg.(csvExportedMsg); ok {
		if m.phase != authExporting {
			return nil, stay
		}
		if msg.err != nil {
			// The way on: the menu again, "Exportar" to try again.
			m.message = c.Styles.Err.Render(c.Tf("✗ O CSV não foi gravado: %s", "✗ The CSV was not written: %s", c.Msg(msg.err)))
		} else {
			m.s.noteWritten(msg.path)
			m.message = c.wrap(c.Styles.OK.Render(c.Tf("✓ Problemas exportados em %s", "✓ Problems exported to %s", msg.path)))
		}
		m.resultForm()
		return c.initForm(m.form), stay
	}
	if m.form == nil || m.Busy() {
		return nil, stay
	}
	cmd := updateForm(m.form, msg)
	if !formDone(m.form) {
		return cmd, stay
	}
	switch m.phase {
	case authAsk:
		m.s.Profile.Auth.Method = m.method
		m.s.authChosen(m.method)
		return tea.Batch(m.s.saveProfile(), m.check()), stay
	case authRecords:
		m.resultForm()
		return c.initForm(m.form), stay
	}
	switch {
	case m.action == "next":
		return cmd, nav{kind: navNext}
	case m.action == "recheck":
		m.action = "next" // after the check, the way forward
		// After a fix made in IXC: the logins are read again, the
		// contracts and their entitlement kept (nothing was written here).
		m.s.cache.ForgetAuth()
		return m.check(), stay
	case m.action == "method":
		// The next result starts on "Continuar", not on "Trocar…" (an
		// Enter there would ask for the method again).
		m.action = "next"
		return m.Enter(), stay
	case m.action == "csv":
		m.phase = authExporting
		path := filepath.Join(m.s.OutDir, "ixc-leveduca-problemas-"+string(m.method)+".csv")
		return exportCSV(path, m.s.Report, c.Lang), stay
	case strings.HasPrefix(m.action, "see:"):
		m.browse = strings.TrimPrefix(m.action, "see:")
		m.phase = authRecords
		m.form = c.choiceForm(c.T("Voltar ao resumo", "Back to the summary"), "", &m.action, choice{"back", c.T("Voltar", "Back")})
		return c.initForm(m.form), stay
	}
	return cmd, stay
}

func (m *authScreen) View() string {
	c := m.s.Common
	st := c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(c.T("Autenticação dos assinantes", "Subscriber authentication")) + "\n\n")
	switch m.phase {
	case authAsk:
		b.WriteString(c.formView(m.form))
	case authChecking:
		b.WriteString("{spin} " + c.T("Calculando quem tem direito e quem consegue entrar…", "Computing who is entitled and who can log in…") + "\n")
		b.WriteString(c.waitView(m.snap, m.s.Now().Sub(m.started)))
	case authExporting:
		b.WriteString("{spin} " + c.T("Exportando os problemas em CSV…", "Exporting the problems as CSV…") + "\n")
	case authResult:
		// The last action's message first: the summary below may be long.
		if m.message != "" {
			b.WriteString(m.message + "\n\n")
		}
		b.WriteString(m.coverageView())
		b.WriteString("\n" + c.formView(m.form))
	case authRecords:
		b.WriteString(m.recordsView() + "\n" + c.formView(m.form))
	}
	return b.String()
}

func (m *authScreen) coverageView() string {
	c := m.s.Common
	st := c.Styles
	rep := m.s.Report
	var b strings.Builder
	if m.onlySimulated() {
		msg := c.T("Simulação (--dry-run): o produto novo não foi criado, então ainda não há contrato com direito a ele. A cobertura dos logins só pode ser calculada depois de gravar de verdade.",
			"Dry run: the new product was not created, so no contract is entitled to it yet. The login coverage can only be computed once it is really written.")
		if len(m.s.draftProducts) > 1 {
			msg = c.T("Simulação (--dry-run): os produtos novos não foram criados, então ainda não há contrato com direito a eles. A cobertura dos logins só pode ser calculada depois de gravar de verdade.",
				"Dry run: the new products were not created, so no contract is entitled to them yet. The login coverage can only be computed once they are really written.")
		}
		return c.wrap(st.Warn.Render(msg)) + "\n"
	}
	if m.incomplete() {
		return m.unfinishedView()
	}
	sum := rep.Summary
	if c.DryRun {
		b.WriteString(c.wrap(st.Warn.Render(c.T("Simulação (--dry-run): nada foi gravado, então estes números são os do IXC de hoje, sem as gravações simuladas.",
			"Dry run: nothing was written, so these numbers are IXC's as it is today, without the simulated writes."))) + "\n")
	}
	if m.method == profile.AuthEmployeeCPF {
		b.WriteString(c.Tf("Colaboradores ativos com CPF válido: %s\n", "Active employees with a valid CPF: %s\n", st.Code.Render(i18n.Count(c.Lang, sum.ReadyEmployees))))
	} else {
		pct := 0
		if sum.EntitledContracts > 0 {
			pct = sum.ReadyContracts * 100 / sum.EntitledContracts
		}
		b.WriteString(c.Tf("Contratos com direito: %s · prontos para entrar: %s (%d%%)\n", "Entitled contracts: %s · ready to log in: %s (%d%%)\n",
			st.Code.Render(i18n.Count(c.Lang, sum.EntitledContracts)), st.Code.Render(i18n.Count(c.Lang, sum.ReadyContracts)), pct))
	}
	fs := m.authFindings()
	switch {
	case m.method != profile.AuthEmployeeCPF && sum.EntitledContracts == 0:
		// Nobody to log in is not "no problem".
		b.WriteString(c.wrap(st.Warn.Render(c.T("! Nenhum contrato ativo tem direito ao produto: ninguém conseguiria entrar. Confira o vínculo (um plano sem contratos ativos, por exemplo).",
			"! No active contract is entitled to the product: nobody could log in. Check the link (a plan with no active contracts, say)."))) + "\n")
	case m.method == profile.AuthEmployeeCPF && sum.ReadyEmployees == 0:
		b.WriteString(c.wrap(st.Warn.Render(c.T("! Nenhum colaborador ativo com CPF válido: ninguém conseguiria entrar.",
			"! No active employee with a valid CPF: nobody could log in."))) + "\n")
	case len(fs) == 0:
		b.WriteString(st.OK.Render(c.T("✓ Nenhum problema de login encontrado.", "✓ No login problem found.")) + "\n")
	}
	for _, f := range fs {
		b.WriteString(c.wrap(c.findingLine(f)) + "\n")
	}
	return b.String()
}

// unfinishedView says, in words, that the coverage was not computed and
// why: never counts of zero, never "no problem".
func (m *authScreen) unfinishedView() string {
	c := m.s.Common
	return c.unfinishedView(c.T("✗ A verificação não terminou: nada foi contado.", "✗ The check did not finish: nothing was counted."),
		m.s.Report)
}

// unfinishedView is head, then why a read of rep's audit did not finish
// (rep nil: it was interrupted): the auth step's reason, the token step's
// errors (IXC stopped answering, a table denied).
func (c *Common) unfinishedView(head string, rep *steps.Report) string {
	st := c.Styles
	var b strings.Builder
	b.WriteString(st.Err.Render(head) + "\n")
	if rep == nil {
		b.WriteString(c.wrap(c.T("A leitura foi interrompida antes do fim.", "The reading was interrupted before the end.")) + "\n")
		return b.String()
	}
	if a := rep.Step(steps.StepAuth); a != nil && !a.Why.IsZero() {
		b.WriteString(c.wrap(st.Warn.Render("! "+c.In(a.Why))) + "\n")
	}
	if t := rep.Step(steps.StepToken); t != nil {
		for _, f := range t.Findings {
			if f.Severity == steps.Error {
				b.WriteString(c.wrap(c.findingLine(f)) + "\n")
			}
		}
	}
	return b.String()
}

func (m *authScreen) recordsView() string {
	c := m.s.Common
	var b strings.Builder
	for _, f := range m.authFindings() {
		if f.Code != m.browse {
			continue
		}
		b.WriteString(c.findingLine(f) + "\n")
		b.WriteString(c.wrap(c.Styles.Subtle.Render(c.T("Como corrigir: ", "How to fix: "))+c.In(f.Hint)) + "\n\n")
		const limit = 30
		// Records as IXC's screens name them: "contrato #1137".
		b.WriteString(c.wrap(safe(report.RecordRefs(f.Records[:min(limit, len(f.Records))], 0, c.Lang))) + "\n")
		if len(f.Records) > limit {
			b.WriteString(c.Styles.Subtle.Render(c.Tf("… e mais %d (exporte em CSV para ver todos)", "… and %d more (export as CSV to see them all)", len(f.Records)-limit)) + "\n")
		}
	}
	return b.String()
}

func (m *authScreen) Form() *huh.Form {
	if m.Busy() {
		return nil
	}
	return m.form
}
func (m *authScreen) Busy() bool { return m.phase == authChecking || m.phase == authExporting }
func (m *authScreen) Back() (bool, tea.Cmd) {
	c := m.s.Common
	switch m.phase {
	case authChecking:
		// Esc cancels the check (the root cancelled its reads) and goes
		// back to the question that was waiting.
		m.gen = m.s.nextGen()
		m.prog.finish()
		if m.fromResult && m.s.Report != nil {
			// "Verificar de novo" cancelled: the results it was to
			// replace, said to be the earlier ones.
			m.message = c.wrap(c.Styles.Warn.Render(c.T("! Verificação interrompida: o resumo abaixo é o da verificação anterior.",
				"! Check stopped: the summary below is the earlier check's.")))
			m.action = "next"
			m.resultForm()
			return true, c.initForm(m.form)
		}
		return true, m.Enter()
	case authRecords:
		m.resultForm()
		return true, c.initForm(m.form)
	case authResult:
		return true, m.Enter()
	}
	return false, nil
}
func (m *authScreen) Help() i18n.Text {
	return i18n.T("Hotsite: e-mail e senha da Central do Assinante (Cadastros > Cliente > aba Contato). PPPoE: o login do contrato (aba Login). CPF/CNPJ: o documento do cliente. CPF do funcionário: colaboradores ativos (Folha de pagamento > Colaboradores).",
		"Hotsite: the Central do Assinante e-mail and password (Cadastros > Cliente > tab Contato). PPPoE: the contract's login (tab Login). CPF/CNPJ: the customer's document. Employee CPF: active employees (Folha de pagamento > Colaboradores).")
}

// hasFindings reports whether rep has a finding in any step.
func hasFindings(rep *steps.Report) bool {
	if rep == nil {
		return false
	}
	for _, st := range rep.Steps {
		if len(st.Findings) > 0 {
			return true
		}
	}
	return false
}
