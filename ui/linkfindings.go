package ui

import (
	"context"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// The link step's own findings, on the link screen: double billing
// (LINK_DOUBLE) and links by another method (LINK_OTHER_METHOD) are read
// once the method question is on screen, so they never delay it
// (steps.ReadLinkCheck, the audit's own checks), and shown above it for
// the method under the cursor, with "Ver registros" choices after the
// methods.

type linkCheckMsg struct {
	gen   int
	check *steps.LinkCheck
	err   error
}

// seePrefix marks a method-question choice that shows a finding's records.
const seePrefix = "see:"

// checkRead is the link step's check in flight, shared: the write's
// double-billing check waits for it rather than read the same again.
// check and err are set before done is closed.
type checkRead struct {
	done  chan struct{}
	check *steps.LinkCheck
	err   error
}

// wait returns the check once read (nil if it failed, or ctx ended first).
func (r *checkRead) wait(ctx context.Context) *steps.LinkCheck {
	if r == nil {
		return nil
	}
	select {
	case <-r.done:
		if r.err != nil {
			return nil
		}
		return r.check
	case <-ctx.Done():
		return nil
	}
}

// readCheck starts the link step's check for the configured products.
func (m *linkScreen) readCheck() tea.Cmd {
	m.checkGen++
	m.check, m.checkErr, m.checkWrites = nil, nil, m.s.writes
	inflight := &checkRead{done: make(chan struct{})}
	m.checkRead = inflight
	gen, s, ids := m.checkGen, m.s, m.s.productIDs()
	return s.live(func(ctx context.Context) tea.Msg {
		lc, err := steps.ReadLinkCheck(ctx, s.Reader(), ids, s.Now())
		inflight.check, inflight.err = lc, err
		close(inflight.done)
		return linkCheckMsg{gen: gen, check: lc, err: err}
	})
}

// shownMethod is the method the findings are shown for: the one under the
// cursor, or the last one when the cursor is on a "Ver registros" choice.
func (m *linkScreen) shownMethod() profile.LinkMethod {
	if !strings.HasPrefix(string(m.method), seePrefix) && m.method != "" {
		m.lastMethod = m.method
	}
	if m.lastMethod == "" {
		return profile.LinkPlan
	}
	return m.lastMethod
}

// stepFindings are the link step's findings for method.
func (m *linkScreen) stepFindings(method profile.LinkMethod) []steps.Finding {
	if m.check == nil {
		return nil
	}
	return m.check.Findings(method, steps.LinkStepCodes...)
}

// seeOptions are the method question's "Ver registros" choices: double
// billing whatever the method, links by another method for the method
// picked above.
func (m *linkScreen) seeOptions() []huh.Option[profile.LinkMethod] {
	c := m.s.Common
	codes := map[string]int{}
	for _, method := range []profile.LinkMethod{profile.LinkPlan, profile.LinkContract, profile.LinkAdditionalService} {
		for _, f := range m.stepFindings(method) {
			codes[f.Code] = max(codes[f.Code], len(f.Records))
		}
	}
	var opts []huh.Option[profile.LinkMethod]
	if n := codes[steps.CodeLinkDouble]; n > 0 {
		opts = append(opts, huh.NewOption(c.Tf("Ver %s de LINK_DOUBLE (cobrança em dobro)", "See %s of LINK_DOUBLE (double billing)",
			c.N(n, "registro", "registros", "record", "records")), profile.LinkMethod(seePrefix+steps.CodeLinkDouble)))
	}
	if codes[steps.CodeLinkOtherMethod] > 0 {
		opts = append(opts, huh.NewOption(c.T("Ver os registros de LINK_OTHER_METHOD (do método marcado acima)", "See the records of LINK_OTHER_METHOD (for the method picked above)"),
			profile.LinkMethod(seePrefix+steps.CodeLinkOtherMethod)))
	}
	return opts
}

// checkLines are the step's findings above the method question.
func (m *linkScreen) checkLines() string {
	c := m.s.Common
	st := c.Styles
	if m.checkErr != nil {
		return c.wrap(st.Warn.Render(c.Tf("! Não foi possível verificar cobrança em dobro e vínculos por outro método: %s",
			"! Could not check double billing and links by another method: %s", c.Msg(m.checkErr)))) + "\n\n"
	}
	if m.check == nil {
		if len(m.s.productIDs()) == 0 {
			return "" // no product in IXC yet: nothing to check
		}
		// The check runs after the question is on screen (it never
		// delays it): say it is coming, so its lines are not missed.
		return st.Subtle.Render("{spin} "+c.T("Conferindo cobrança em dobro e vínculos por outro método…",
			"Checking double billing and links by another method…")) + "\n\n"
	}
	method := m.shownMethod()
	fs := m.stepFindings(method)
	if len(fs) == 0 {
		return ""
	}
	var b strings.Builder
	for _, f := range fs {
		line := c.findingLine(f)
		if f.Code == steps.CodeLinkOtherMethod {
			// Which links are "another method" depends on the method
			// under the cursor: say which.
			line += st.Subtle.Render(c.Tf(" — com o método %s", " — with the method %s", c.In(method.Words())))
		}
		b.WriteString(c.wrap(line) + "\n")
	}
	return b.String() + "\n"
}

// recordsForm shows the records of the finding picked in the method
// question; its one choice goes back there.
func (m *linkScreen) recordsForm(code string) tea.Cmd {
	c := m.s.Common
	m.browse, m.phase = code, linkRecords
	back := ""
	m.form = c.choiceForm(c.T("Voltar à escolha do método", "Back to the method"), "", &back, choice{"back", c.T("Voltar", "Back")})
	return c.initForm(m.form)
}

// backToMethod asks for the method again, on the one picked before.
func (m *linkScreen) backToMethod() tea.Cmd {
	c := m.s.Common
	m.resume = m.shownMethod()
	m.methodForm()
	return c.initForm(m.form)
}

// recordsView is one finding's records, with how to fix it.
func (m *linkScreen) recordsView() string {
	c := m.s.Common
	var b strings.Builder
	for _, f := range m.stepFindings(m.shownMethod()) {
		if f.Code != m.browse {
			continue
		}
		b.WriteString(c.wrap(c.findingLine(f)) + "\n")
		b.WriteString(c.wrap(c.Styles.Subtle.Render(c.T("Como corrigir: ", "How to fix: "))+c.In(f.Hint)) + "\n\n")
		b.WriteString(c.recordList(f.Records, 60, i18n.T("(a auditoria e o CSV da entrega trazem todos)", "(the audit and the hand-off's CSV have them all)")))
	}
	if b.Len() == 0 {
		b.WriteString(c.Styles.OK.Render(c.Tf("✓ Nenhum registro de %s para este método.", "✓ No record of %s for this method.", m.browse)) + "\n")
	}
	return b.String()
}

// recordList names records as IXC's screens do ("contrato #1137"), at most
// limit, then how many more and where to see them all.
func (c *Common) recordList(recs []steps.RecordRef, limit int, more i18n.Text) string {
	s := c.wrap(safe(report.RecordRefs(recs[:min(limit, len(recs))], 0, c.Lang))) + "\n"
	if len(recs) > limit {
		s += c.Styles.Subtle.Render(c.Tf("… e mais %d ", "… and %d more ", len(recs)-limit)+c.In(more)) + "\n"
	}
	return s
}
