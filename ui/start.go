package ui

import (
	"os"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
)

// startScreen: new setup, resume an interrupted one, or audit a profile.
type startScreen struct {
	s      *Session
	form   *huh.Form
	choice string
	err    error
	// initial is the profile the session started with (flags, --demo), so
	// that "Nova configuração" starts from it, not from a profile resumed
	// and left, nor with the token user of an earlier test.
	initial *profile.Profile
}

func newStartScreen(s *Session) *startScreen { return &startScreen{s: s} }

// startLookedMsg says whether a saved profile exists (resume, audit).
type startLookedMsg struct{ saved bool }

// profileLoadedMsg is the saved profile, read to resume or audit it, and,
// to audit it, the latest report beside it.
type profileLoadedMsg struct {
	p        *profile.Profile
	baseline *report.Baseline
	err      error
}

// Enter looks for a saved profile (in a command: no I/O in Update); the
// menu is built when the answer comes.
func (m *startScreen) Enter() tea.Cmd {
	if m.initial == nil {
		m.initial = cloneProfile(m.s.Profile)
	}
	m.form = nil
	path := m.s.ProfilePath
	return func() tea.Msg {
		_, err := os.Stat(path)
		return startLookedMsg{saved: err == nil}
	}
}

func (m *startScreen) menu(saved bool) tea.Cmd {
	c := m.s.Common
	opts := []choice{{"new", c.T("Nova configuração da integração LevEduca", "New LevEduca integration setup")}}
	if saved {
		// A saved profile (--profile): the way on is to audit it when it
		// is complete, to resume it otherwise; not a new setup over it.
		if m.choice == "" {
			m.choice = "resume"
			if m.s.Profile != nil && m.s.Profile.Auth.Method != "" {
				m.choice = "audit"
			}
		}
		opts = append(opts,
			choice{"resume", c.Tf("Retomar a configuração salva em %s", "Resume the setup saved in %s", m.s.ProfilePath)},
			choice{"audit", c.Tf("Auditar a configuração de %s (somente leitura)", "Audit the setup in %s (read-only)", m.s.ProfilePath)})
	}
	m.form = c.choiceForm(c.T("O que você quer fazer?", "What do you want to do?"),
		c.T("O assistente segue o tutorial \"Integração LevEduca\" do IXC e confere cada passo na API do IXC, ao vivo.",
			"The wizard follows IXC's \"Integração LevEduca\" tutorial and checks every step live on the IXC API."),
		&m.choice, opts...)
	return c.initForm(m.form)
}

func (m *startScreen) Update(msg tea.Msg) (tea.Cmd, nav) {
	switch msg := msg.(type) {
	case startLookedMsg:
		return m.menu(msg.saved), stay
	case profileLoadedMsg:
		return m.loaded(msg)
	}
	if m.form == nil {
		return nil, stay
	}
	cmd := updateForm(m.form, msg)
	if !formDone(m.form) {
		return cmd, stay
	}
	switch m.choice {
	case "resume", "audit":
		m.form = nil
		path, audit := m.s.ProfilePath, m.choice == "audit"
		return func() tea.Msg {
			p, err := profile.Load(path)
			msg := profileLoadedMsg{p: p, err: err}
			if err == nil && audit {
				msg.baseline = findBaseline(path, p)
			}
			return msg
		}, stay
	}
	m.startClean()
	return cmd, nav{kind: navNext}
}

// startClean is "Nova configuração": the answers the session started with,
// no token user (the next pasted token's wins), no earlier test or audit.
func (m *startScreen) startClean() {
	s := m.s
	s.Profile = cloneProfile(m.initial)
	s.Profile.IXC.TokenUser = ""
	s.Offers = nil
	for _, pr := range s.Profile.Products {
		s.Offers = append(s.Offers, pr.Offer)
	}
	s.Conn, s.Report, s.Baseline = nil, nil, nil
	s.auditOnly = false
}

// loaded takes the saved profile's answers, or shows why it could not be
// read.
func (m *startScreen) loaded(msg profileLoadedMsg) (tea.Cmd, nav) {
	if msg.err != nil {
		m.err = msg.err
		return m.Enter(), stay
	}
	p := msg.p
	m.s.Profile = p
	if p.IXC.URL != "" && m.s.URL == "" {
		m.s.URL = p.IXC.URL
	}
	m.s.Insecure = m.s.Insecure || p.IXC.InsecureTLS
	m.s.AllowHTTP = m.s.AllowHTTP || p.IXC.AllowHTTP
	if m.s.CACert == "" {
		m.s.CACert = p.IXC.CACert
	}
	m.s.Offers = nil
	for _, pr := range p.Products {
		m.s.Offers = append(m.s.Offers, pr.Offer)
	}
	m.s.auditOnly = m.choice == "audit"
	m.s.Baseline = msg.baseline
	return nil, nav{kind: navNext}
}

func (m *startScreen) View() string {
	c := m.s.Common
	out := c.Styles.Title.Render(c.T("Integração IXC Provedor × LevEduca", "IXC Provedor × LevEduca integration")) + "\n\n"
	if m.err != nil {
		out += c.Styles.Err.Render(c.Msg(m.err)) + "\n\n"
	}
	return out + c.formView(m.form)
}

func (m *startScreen) Form() *huh.Form       { return m.form }
func (m *startScreen) Busy() bool            { return false }
func (m *startScreen) Back() (bool, tea.Cmd) { return false, nil }
func (m *startScreen) Help() i18n.Text {
	return i18n.T("Escolha começar uma configuração nova, retomar uma interrompida (o perfil é salvo a cada passo) ou só auditar uma configuração existente, sem gravar nada.",
		"Start a new setup, resume an interrupted one (the profile is saved at every step) or just audit an existing setup, writing nothing.")
}
