package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

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
	// started is when the running check began (the elapsed time shown);
	// cancel stops it (Esc).
	started time.Time
	cancel  context.CancelFunc
	// cancelled: the last check was stopped with Esc.
	cancelled bool
	// userWas is the token user of the profile before a pasted token of
	// another user replaced it ("" when it did not change).
	userWas string
}

type connPhase int

const (
	connAsk connPhase = iota
	connChecking
	connResult
	connTLS
	connHTTP // plain http to a host that is not loopback: confirm first
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
	if m.s.recheck && m.s.Token.User() != "" {
		m.s.recheck = false
		return m.check()
	}
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
					if ue.NeedsAllowHTTP {
						return nil // asked on the next screen, not refused
					}
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
			if _, err := pastedToken(v, m.s.Profile.IXC.TokenUser); err != nil {
				var te *ixc.TokenError
				if errors.As(err, &te) && te.NeedsUser {
					return errors.New(c.T("o token não tem o id do usuário: cole o token inteiro, como o IXC mostra (id:hash, com o número do usuário antes de ':')",
						"the token has no user id: paste the whole token, as IXC shows it (id:hash, with the user's number before ':')"))
				}
				if errors.As(err, &te) {
					return errors.New(reasonIn(c, te.ReasonPT, te.Reason))
				}
				return err
			}
			return nil
		})
	m.form = c.newForm(huh.NewGroup(url, token))
}

// pastedToken reads a pasted token. The token's own user id wins over the
// profile's (a technician tests with the admin's token, then makes the
// integration user); the profile's id only completes a bare hash.
func pastedToken(v, profileUser string) (ixc.Token, error) {
	t, err := ixc.ParseToken(v, "")
	var te *ixc.TokenError
	if err != nil && errors.As(err, &te) && te.NeedsUser && profileUser != "" {
		return ixc.ParseToken(v, profileUser)
	}
	return t, err
}

// askHTTP asks before sending the token in clear text to a LAN IXC.
func (m *connectionScreen) askHTTP() tea.Cmd {
	c := m.s.Common
	m.phase = connHTTP
	host := m.s.URL
	if u, err := (ixc.URLPolicy{AllowHTTP: true}).Normalize(m.s.URL); err == nil {
		host, _ = ixc.PlainHTTP(u)
	}
	m.form = c.choiceForm(c.Tf("%s usa http sem criptografia. Continuar assim?", "%s uses plain http. Continue that way?", host),
		c.T("O token do IXC vai atravessar a rede em texto aberto: qualquer um na mesma rede pode copiá-lo. Comum em IXC na rede local (192.168.x.x, 10.x.x.x); prefira https quando o IXC oferecer.",
			"The IXC token will cross the network in clear text: anyone on the same network can copy it. Common for an IXC on the LAN (192.168.x.x, 10.x.x.x); prefer https when IXC offers it."),
		&m.action,
		choice{"http", c.T("Sim, usar http sabendo do risco", "Yes, use http knowing the risk")},
		choice{"edit", c.T("Não, corrigir o endereço (https)", "No, fix the address (https)")})
	return c.initForm(m.form)
}

func (m *connectionScreen) check() tea.Cmd {
	s := m.s
	u, err := ixc.URLPolicy{AllowHTTP: s.AllowHTTP}.Normalize(s.URL)
	var ue *ixc.URLError
	if errors.As(err, &ue) && ue.NeedsAllowHTTP {
		return m.askHTTP()
	}
	tok, _ := pastedToken(s.TokenText, s.Profile.IXC.TokenUser)
	m.userWas = ""
	if was := s.Profile.IXC.TokenUser; was != "" && tok.User() != "" && was != tok.User() {
		m.userWas = was
	}
	s.Profile.IXC.TokenUser = tok.User()
	s.URL, s.Token = u, tok
	// Reads retry transient failures (5xx, the red div, resets) like the
	// audit command does; writes never retry. The client is built in the
	// command: a --ca-cert file is read then, not in Update.
	opts := ixc.Options{BaseURL: u, Token: tok, InsecureTLS: s.Insecure, CACertFile: s.CACert, AllowHTTP: s.AllowHTTP,
		MaxRetries: 5, RetryProcessing: true, Concurrency: s.Concurrency, Transport: s.transport}
	m.phase = connChecking
	m.cancelled = false
	m.gen++
	gen := m.gen
	m.started = s.Now()
	// The check stops on Esc (m.cancel), on quit (the session's context),
	// or by itself: the connection test gives up within ixc's ProbeBudget.
	ctx, cancel := context.WithCancel(s.ctx)
	m.cancel = cancel
	return func() tea.Msg {
		defer cancel()
		client, err := ixc.New(opts)
		if err != nil {
			d := steps.ErrorText(err)
			return connCheckedMsg{gen: gen, res: &steps.ConnectionResult{Fatal: true, Step: steps.StepResult{Step: steps.StepToken, Status: steps.StatusError,
				Findings: []steps.Finding{{Code: steps.CodeIXCTLS, Severity: steps.Error, Message: d,
					Hint: i18n.T("Confira o arquivo do certificado (--ca-cert).", "Check the certificate file (--ca-cert).")}}}}}
		}
		return connCheckedMsg{gen: gen, client: client, res: steps.CheckWizard(ctx, client.Reader())}
	}
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
				huh.NewSelect[string]().Title(c.T("O que fazer?", "What now?")).
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
		// Each result starts on the choice that helps: Continuar when the
		// token reads what every screen needs, Testar de novo (after
		// granting) when it does not, Continuar still offered.
		m.action = ""
		next := choice{"next", c.T("Continuar", "Continue")}
		retry := choice{"retry", c.T("Testar de novo", "Test again")}
		var opts []choice
		switch {
		case msg.res.Fatal:
			opts = []choice{retry}
		case len(essentialDenied(msg.res)) > 0:
			retry.label = c.T("Testar de novo (depois de liberar as permissões)", "Test again (after granting the permissions)")
			next.label = c.T("Continuar mesmo assim (as telas que leem essas tabelas vão falhar)", "Continue anyway (the screens reading those tables will fail)")
			opts = []choice{retry, next}
		default:
			opts = []choice{next, retry}
		}
		opts = append(opts, choice{"edit", c.T("Corrigir endereço ou token", "Fix the address or token")})
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
	case connHTTP:
		if m.action == "http" {
			m.s.AllowHTTP = true
			return m.check(), stay
		}
		m.ask()
		return c.initForm(m.form), stay
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

// essentialDenied is the refused tables of the checklist's first group:
// the audit's, which every later screen reads too.
func essentialDenied(res *steps.ConnectionResult) []string {
	var out []string
	for _, g := range res.Checked() {
		if g.Purpose != steps.PurposeAudit {
			continue
		}
		for _, it := range g.Items {
			if !it.OK {
				out = append(out, it.Table)
			}
		}
	}
	return out
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
	if host, ok := ixc.PlainHTTP(m.s.URL); ok && m.s.AllowHTTP && m.phase != connAsk && m.phase != connHTTP {
		b.WriteString(c.wrap(st.Warn.Render(c.Tf("⚠ http sem criptografia para %s: o token atravessa a rede em texto aberto.",
			"⚠ plain http to %s: the token crosses the network in clear text.", host))) + "\n\n")
	}
	switch m.phase {
	case connAsk:
		if m.cancelled {
			b.WriteString(st.Subtle.Render(c.T("Teste cancelado.", "Test cancelled.")) + "\n\n")
		}
		b.WriteString(c.formView(m.form))
	case connHTTP:
		b.WriteString(c.formView(m.form))
	case connChecking:
		secs := int(m.s.Now().Sub(m.started).Seconds())
		b.WriteString("{spin} " + c.Tf("Testando %s… %d s", "Testing %s… %d s", m.s.URL, max(secs, 0)) + "\n")
		b.WriteString(st.Subtle.Render(c.Tf("Esc cancela. O teste desiste sozinho em %d s se o IXC não responder.",
			"Esc cancels. The test gives up by itself in %d s if IXC does not answer.", int(ixc.DefaultProbeBudget.Seconds()))) + "\n")
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
			b.WriteString(c.wrap(c.findingLine(f)) + "\n")
			if m.phase == connTLS && f.Code == steps.CodeIXCTLS {
				continue // the question below offers the fixes
			}
			b.WriteString(c.wrap(st.Subtle.Render(c.T("Como corrigir: ", "How to fix: "))+c.In(f.Hint)) + "\n")
		}
		return b.String()
	}
	if denied := essentialDenied(res); len(denied) > 0 {
		// Not all good: the audit and every later screen read these.
		b.WriteString(c.wrap(st.Warn.Render(c.Tf("! O IXC respondeu e aceitou o token do usuário %s, mas ele não pode ler %s para auditar e para todas as telas: %s.",
			"! IXC answered and accepted user %s's token, but it cannot read %s to audit and for every screen: %s.",
			m.s.Token.User(), c.N(len(denied), "tabela necessária", "tabelas necessárias", "table needed", "tables needed"), tableList(c, denied)))) + "\n")
		b.WriteString(c.wrap(c.T("Libere a permissão no IXC e teste de novo. Continuar assim: a auditoria e as telas que leem essas tabelas param com erro.",
			"Grant the permission in IXC and test again. Continuing like this: the audit and the screens reading those tables stop with an error.")) + "\n")
	} else {
		b.WriteString(st.OK.Render(c.Tf("✓ IXC respondeu e aceitou o token do usuário %s.", "✓ IXC answered and accepted user %s's token.", m.s.Token.User())) + "\n")
	}
	if m.userWas != "" {
		b.WriteString(c.wrap(st.Subtle.Render(c.Tf("O token colado é do usuário %s (a configuração tinha o usuário %s): vale o do token.",
			"The pasted token is user %s's (the setup had user %s): the token's wins.", m.s.Token.User(), m.userWas))) + "\n")
	}
	b.WriteString("\n" + c.T("Tabelas que o token consegue ler, por etapa:", "Tables the token can read, by step:") + "\n")
	for _, g := range res.Checked() {
		b.WriteString(st.Subtle.Render(c.In(g.Title)+":") + "\n")
		for _, it := range g.Items {
			if it.OK {
				b.WriteString(fmt.Sprintf("  %s %s\n", st.OK.Render("✓"), it.Table))
				continue
			}
			b.WriteString(fmt.Sprintf("  %s %s\n", st.Err.Render("✗"), it.Table))
			b.WriteString(c.wrap("    "+st.Subtle.Render(c.In(it.Why))) + "\n")
		}
	}
	if len(res.Denied()) > 0 {
		b.WriteString("\n" + c.wrap(st.Warn.Render(c.T("Como corrigir: ", "How to fix: "))+
			c.T("Configurações > Usuários > Grupo de usuários > (grupo do usuário da integração) > Permissões: libere a listagem das tabelas marcadas com ✗, depois teste de novo.",
				"Configurações > Usuários > Grupo de usuários > (the integration user's group) > Permissões: allow listing the tables marked ✗, then test again.")) + "\n")
	}
	b.WriteString("\n" + c.wrap(st.Subtle.Render(c.In(steps.WriteNeeds.Text))) + "\n")
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
	if m.phase == connChecking {
		// Esc cancels the test in flight; its answer, if any, is dropped.
		if m.cancel != nil {
			m.cancel()
		}
		m.gen++
		m.ask()
		m.cancelled = true
		return true, c.initForm(m.form)
	}
	if m.phase == connResult || m.phase == connTLS || m.phase == connHTTP {
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
