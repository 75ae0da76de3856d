package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/report"
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
}

type reviewPhase int

const (
	reviewChecking reviewPhase = iota
	reviewAsk
	reviewWriting
	reviewDone
)

func newReviewScreen(s *Session) *reviewScreen { return &reviewScreen{s: s} }

func (m *reviewScreen) Enter() tea.Cmd {
	m.phase = reviewChecking
	m.err = nil
	m.gen++
	return m.s.audit(m.gen)
}

func (m *reviewScreen) askForm() {
	c := m.s.Common
	m.phase = reviewAsk
	m.form = c.newForm(huh.NewGroup(
		huh.NewInput().Title(c.T("Salvar o perfil em", "Save the profile to")).
			Description(c.T("O perfil não guarda o token; serve para auditar de novo: ixc-leveduca audit --profile ARQUIVO", "The profile holds no token; use it to audit again: ixc-leveduca audit --profile FILE")).
			Value(&m.s.ProfilePath),
		huh.NewConfirm().Title(c.T("Incluir o token no relatório de entrega?", "Include the token in the hand-off report?")).
			Description(c.T("A LevEduca precisa do token, mas ele pode ir por um canal separado. O padrão é não incluir.", "LevEduca needs the token, but it may go by a separate channel. The default is not to include it.")).
			Affirmative(c.T("Incluir", "Include")).Negative(c.T("Não incluir", "Leave out")).
			Value(&m.includeToken)))
}

// write starts the saving of the profile and the hand-off files.
func (m *reviewScreen) write() tea.Cmd {
	s := m.s
	m.phase = reviewWriting
	m.gen++
	h := report.Handoff{Report: s.Report, GeneratedAt: s.Now(), IncludeToken: m.includeToken}
	if m.includeToken {
		h.Token = s.Token.Reveal()
	}
	return s.writeHandoff(m.gen, h)
}

func (m *reviewScreen) Update(msg tea.Msg) (tea.Cmd, nav) {
	c := m.s.Common
	if msg, ok := msg.(auditDoneMsg); ok {
		if msg.gen != m.gen {
			return nil, stay
		}
		m.s.Report = msg.rep
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
		m.form = c.choiceForm(c.T("Tudo pronto.", "All done."), "", &m.action, choice{"finish", c.T("Concluir", "Finish")})
		return c.initForm(m.form), stay
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
		return b.String()
	case reviewWriting:
		b.WriteString("{spin} " + c.T("Gravando o perfil e o relatório de entrega…", "Writing the profile and the hand-off report…") + "\n")
		return b.String()
	case reviewDone:
		b.WriteString(st.OK.Render(c.T("✓ Arquivos gravados:", "✓ Files written:")) + "\n")
		for _, p := range m.s.Written {
			b.WriteString("  " + p + "\n")
		}
		b.WriteString("\n" + c.wrap(c.T("Envie o relatório de entrega ao suporte da LevEduca. Para auditar de novo no futuro: ixc-leveduca audit --profile "+m.s.ProfilePath,
			"Send the hand-off report to LevEduca support. To audit again later: ixc-leveduca audit --profile "+m.s.ProfilePath)) + "\n\n")
		b.WriteString(c.formView(m.form))
		return b.String()
	}
	rep := m.s.Report
	sum := rep.Summary
	if rep.OK() {
		b.WriteString(st.OK.Render(c.T("✓ Nenhum erro: a configuração está pronta para a LevEduca.", "✓ No errors: the setup is ready for LevEduca.")) + "\n")
	} else {
		b.WriteString(st.Err.Render(c.Tf("✗ %s e %s ainda abertos.", "✗ %s and %s still open.",
			c.N(sum.Errors, "erro", "erros", "error", "errors"), c.N(sum.Warnings, "aviso", "avisos", "warning", "warnings"))) + "\n")
	}
	b.WriteString(c.Tf("Contratos com direito: %d · prontos para entrar: %d\n", "Entitled contracts: %d · ready to log in: %d\n", sum.EntitledContracts, sum.ReadyContracts))
	shown := 0
	for _, s := range rep.Steps {
		for _, f := range s.Findings {
			if shown == 12 {
				b.WriteString(st.Subtle.Render(c.T("… veja todos no relatório de entrega", "… see them all in the hand-off report")) + "\n")
				shown++
			}
			if shown < 12 {
				b.WriteString(c.wrap(c.findingLine(f)) + "\n")
			}
			shown++
		}
	}
	b.WriteString("\n" + c.formView(m.form))
	return b.String()
}

func (m *reviewScreen) Form() *huh.Form {
	if m.Busy() {
		return nil
	}
	return m.form
}
func (m *reviewScreen) Busy() bool            { return m.phase == reviewChecking || m.phase == reviewWriting }
func (m *reviewScreen) Back() (bool, tea.Cmd) { return false, nil }
func (m *reviewScreen) Help() i18n.Text {
	return i18n.T("A revisão audita a configuração inteira de novo. O perfil salvo (sem o token) permite repetir a auditoria: ixc-leveduca audit --profile ARQUIVO. O relatório de entrega (Markdown e JSON) vai para o suporte da LevEduca.",
		"The review audits the whole setup again. The saved profile (no token) lets you repeat the audit: ixc-leveduca audit --profile FILE. The hand-off report (Markdown and JSON) goes to LevEduca support.")
}
