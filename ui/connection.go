package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// connectionScreen asks for the IXC address and token and proves them live:
// reachability, TLS, token accepted, and which tables the token may list.
type connectionScreen struct {
	s      *Session
	phase  connPhase
	form   *huh.Form
	action string
	caPath string
	gen    int
}

type connPhase int

const (
	connAsk connPhase = iota
	connChecking
	connResult
	connTLS
)

type connCheckedMsg struct {
	gen    int
	client *ixc.Client // nil when it could not be built
	res    *steps.ConnectionResult
}

func newConnectionScreen(s *Session) *connectionScreen { return &connectionScreen{s: s} }

func (m *connectionScreen) Enter() tea.Cmd {
	c := m.s.Common
	m.ask()
	return c.initForm(m.form)
}

func (m *connectionScreen) ask() {
	c := m.s.Common
	m.phase = connAsk
	url := huh.NewInput().Title(c.T("Endereço do IXC", "IXC address")).
		Description(c.T("Ex.: https://ixc.seuprovedor.com.br (com ou sem /webservice/v1)", "E.g. https://ixc.yourisp.com.br (with or without /webservice/v1)")).
		Value(&m.s.URL).
		Validate(func(v string) error {
			if strings.TrimSpace(v) == "" && m.s.URL != "" {
				return nil // accessible prompts: Enter keeps the value shown
			}
			if _, err := ixc.NormalizeURL(v); err != nil {
				var ue *ixc.URLError
				if errors.As(err, &ue) {
					return errors.New(reasonIn(c, ue.ReasonPT, ue.Reason))
				}
				return err
			}
			return nil
		})
	token := huh.NewInput().Title(c.T("Token da API", "API token")).
		Description(c.T("Configurações > Usuários > (usuário da integração): marque \"Permite acesso webservice\" e copie o token (id:hash). Use um usuário só para a integração.",
			"Configurações > Usuários > (the integration user): tick \"Permite acesso webservice\" and copy the token (id:hash). Use a user only for the integration.")).
		EchoMode(secretMode(c)).
		Value(&m.s.TokenText).
		Validate(func(v string) error {
			if strings.TrimSpace(v) == "" && m.s.TokenText != "" {
				return nil // accessible prompts: Enter keeps the token given
			}
			if _, err := ixc.ParseToken(v, m.s.Profile.IXC.TokenUser); err != nil {
				var te *ixc.TokenError
				if errors.As(err, &te) {
					return errors.New(reasonIn(c, te.ReasonPT, te.Reason))
				}
				return err
			}
			return nil
		})
	m.form = c.newForm(huh.NewGroup(url, token))
}

func (m *connectionScreen) check() tea.Cmd {
	s := m.s
	u, _ := ixc.NormalizeURL(s.URL)
	tok, _ := ixc.ParseToken(s.TokenText, s.Profile.IXC.TokenUser)
	s.URL, s.Token = u, tok
	// Reads retry transient failures (5xx, the red div, resets) like the
	// audit command does; writes never retry. The client is built in the
	// command: a --ca-cert file is read then, not in Update.
	opts := ixc.Options{BaseURL: u, Token: tok, InsecureTLS: s.Insecure, CACertFile: s.CACert,
		MaxRetries: 5, RetryProcessing: true, Concurrency: s.Concurrency, Transport: s.transport}
	m.phase = connChecking
	m.gen++
	gen := m.gen
	tables := append(steps.RequiredTables(""), "radusuarios", "funcionarios")
	return s.live(func(ctx context.Context) tea.Msg {
		client, err := ixc.New(opts)
		if err != nil {
			return connCheckedMsg{gen: gen, res: &steps.ConnectionResult{Fatal: true, Step: steps.StepResult{Step: steps.StepToken, Status: steps.StatusError,
				Findings: []steps.Finding{{Code: steps.CodeIXCTLS, Severity: steps.Error, Message: i18n.T(err.Error(), err.Error()),
					Hint: i18n.T("Confira o arquivo do certificado (--ca-cert).", "Check the certificate file (--ca-cert).")}}}}}
		}
		return connCheckedMsg{gen: gen, client: client, res: steps.CheckConnection(ctx, client.Reader(), tables)}
	})
}

func (m *connectionScreen) Update(msg tea.Msg) (tea.Cmd, nav) {
	c := m.s.Common
	if msg, ok := msg.(connCheckedMsg); ok {
		if msg.gen != m.gen {
			return nil, stay
		}
		if msg.client != nil {
			m.s.Client = msg.client
		}
		m.s.Conn = msg.res
		m.phase = connResult
		if msg.res.Fatal && hasCode(msg.res.Step, steps.CodeIXCTLS) && !m.s.Insecure {
			m.phase = connTLS
			m.form = c.newForm(huh.NewGroup(
				huh.NewSelect[string]().Title(c.T("O certificado HTTPS do IXC não é confiável. O que fazer?", "IXC's HTTPS certificate is not trusted. What now?")).
					Options(
						huh.NewOption(c.T("Informar o certificado da autoridade (--ca-cert)", "Give the authority's certificate (--ca-cert)"), "ca"),
						huh.NewOption(c.T("Continuar SEM verificar o certificado (inseguro)", "Continue WITHOUT verifying the certificate (insecure)"), "insecure"),
						huh.NewOption(c.T("Corrigir o endereço", "Fix the address"), "edit")).
					Value(&m.action),
				huh.NewInput().Title(c.T("Arquivo PEM do certificado da autoridade", "PEM file of the authority's certificate")).
					Value(&m.caPath).
					// The file is read by the check's command (ixc.New): a
					// missing or bad file comes back as the IXC_TLS finding.
					Validate(func(v string) error {
						if m.action == "ca" && strings.TrimSpace(v) == "" {
							return errors.New(c.T("informe o arquivo", "enter the file"))
						}
						return nil
					})))
			return c.initForm(m.form), stay
		}
		opts := []choice{}
		if !msg.res.Fatal {
			opts = append(opts, choice{"next", c.T("Continuar", "Continue")})
		}
		opts = append(opts, choice{"retry", c.T("Testar de novo", "Test again")}, choice{"edit", c.T("Corrigir endereço ou token", "Fix the address or token")})
		m.form = c.choiceForm(c.T("E agora?", "What next?"), "", &m.action, opts...)
		return c.initForm(m.form), stay
	}
	if m.form == nil || m.phase == connChecking {
		return nil, stay
	}
	cmd := updateForm(m.form, msg)
	if !formDone(m.form) {
		return cmd, stay
	}
	switch m.phase {
	case connAsk:
		return m.check(), stay
	case connTLS:
		switch m.action {
		case "ca":
			m.s.CACert = strings.TrimSpace(m.caPath)
			return m.check(), stay
		case "insecure":
			m.s.Insecure = true
			return m.check(), stay
		}
		m.ask()
		return c.initForm(m.form), stay
	}
	switch m.action {
	case "next":
		return tea.Batch(cmd, m.s.saveProfile()), nav{kind: navNext}
	case "retry":
		return m.check(), stay
	}
	m.ask()
	return c.initForm(m.form), stay
}

func hasCode(r steps.StepResult, code string) bool {
	for _, f := range r.Findings {
		if f.Code == code {
			return true
		}
	}
	return false
}

func (m *connectionScreen) View() string {
	c := m.s.Common
	st := c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(c.T("Conexão com o IXC", "Connection to IXC")) + "\n\n")
	if m.s.Insecure {
		b.WriteString(st.Warn.Render(c.T("⚠ Verificação TLS desligada (--insecure): use só se souber o risco.", "⚠ TLS verification off (--insecure): use only knowing the risk.")) + "\n\n")
	}
	switch m.phase {
	case connAsk:
		b.WriteString(c.formView(m.form))
	case connChecking:
		b.WriteString("{spin} " + c.Tf("Testando %s…", "Testing %s…", m.s.URL) + "\n")
	case connResult, connTLS:
		b.WriteString(m.resultView())
		b.WriteString("\n" + c.formView(m.form))
	}
	return b.String()
}

func (m *connectionScreen) resultView() string {
	c := m.s.Common
	st := c.Styles
	res := m.s.Conn
	var b strings.Builder
	if res.Fatal {
		for _, f := range res.Step.Findings {
			b.WriteString(c.findingLine(f) + "\n")
			b.WriteString(c.wrap(st.Subtle.Render(c.T("Como corrigir: ", "How to fix: "))+c.In(f.Hint)) + "\n")
		}
		return b.String()
	}
	b.WriteString(st.OK.Render(c.Tf("✓ IXC respondeu e aceitou o token do usuário %s.", "✓ IXC answered and accepted user %s's token.", m.s.Token.User())) + "\n\n")
	b.WriteString(c.T("Tabelas que o token consegue ler:", "Tables the token can read:") + "\n")
	for _, t := range res.Tables {
		note := ""
		switch t.Table {
		case "radusuarios":
			note = c.T(" (só para login PPPoE)", " (PPPoE login only)")
		case "funcionarios":
			note = c.T(" (só para CPF do funcionário)", " (employee CPF only)")
		}
		if t.OK {
			b.WriteString(fmt.Sprintf("  %s %s%s\n", st.OK.Render("✓"), t.Table, st.Subtle.Render(note)))
		} else {
			b.WriteString(fmt.Sprintf("  %s %s%s\n", st.Err.Render("✗"), t.Table, st.Subtle.Render(note)))
		}
	}
	if len(res.Denied()) > 0 {
		b.WriteString("\n" + c.wrap(st.Warn.Render(c.T("Como corrigir: ", "How to fix: "))+
			c.T("Configurações > Usuários > Grupo de usuários > (grupo do usuário da integração) > Permissões: libere a listagem das tabelas marcadas com ✗, depois teste de novo.",
				"Configurações > Usuários > Grupo de usuários > (the integration user's group) > Permissões: allow listing the tables marked ✗, then test again.")) + "\n")
	}
	return b.String()
}

func (m *connectionScreen) Form() *huh.Form {
	if m.phase == connChecking {
		return nil
	}
	return m.form
}
func (m *connectionScreen) Busy() bool { return m.phase == connChecking }
func (m *connectionScreen) Back() (bool, tea.Cmd) {
	c := m.s.Common
	if m.phase == connResult || m.phase == connTLS {
		m.ask()
		return true, c.initForm(m.form)
	}
	return false, nil
}
func (m *connectionScreen) Help() i18n.Text {
	return i18n.T("O token é criado no IXC em Configurações > Usuários > Novo: um usuário só para a integração, num grupo que possa listar produtos, planos, contratos, serviços adicionais e clientes (e logins ou colaboradores, conforme a autenticação). Marque \"Permite acesso webservice\" e copie o token, no formato id:hash. Ele não é gravado no perfil.",
		"The token is created in IXC under Configurações > Usuários > Novo: a user only for the integration, in a group that may list products, plans, contracts, additional services and customers (and logins or employees, depending on the auth). Tick \"Permite acesso webservice\" and copy the token, as id:hash. It is never stored in the profile.")
}

func secretMode(c *Common) huh.EchoMode {
	if c.plainSecret {
		return huh.EchoModeNormal
	}
	return huh.EchoModePassword
}

// reasonIn picks the Portuguese reason when the wizard speaks Portuguese.
func reasonIn(c *Common, pt, en string) string {
	if c.Lang == i18n.PT && pt != "" {
		return pt
	}
	return en
}
