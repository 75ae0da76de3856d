package report

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// stepTitle names a step for people.
func stepTitle(step string) i18n.Text {
	switch step {
	case steps.StepToken:
		return i18n.T("Token e conexão", "Token and connection")
	case steps.StepProduct:
		return i18n.T("Produto", "Product")
	case steps.StepLink:
		return i18n.T("Vínculo", "Link")
	case steps.StepAuth:
		return i18n.T("Autenticação", "Authentication")
	}
	return i18n.T(step, step)
}

func statusText(s steps.Status) i18n.Text {
	switch s {
	case steps.StatusOK:
		return i18n.T("ok", "ok")
	case steps.StatusInfo:
		return i18n.T("informação", "info")
	case steps.StatusWarn:
		return i18n.T("aviso", "warning")
	case steps.StatusError:
		return i18n.T("erro", "error")
	}
	return i18n.T("não executada", "skipped")
}

func severityText(s steps.Severity) i18n.Text {
	switch s {
	case steps.Error:
		return i18n.T("erro", "error")
	case steps.Warn:
		return i18n.T("aviso", "warning")
	}
	return i18n.T("info", "info")
}

// textStyles are the few styles of the text report. Colours are dropped by
// the caller's colorprofile writer when NO_COLOR is set or the output is not
// a terminal.
type textStyles struct {
	title, dim, ok, info, warn, err, code lipgloss.Style
}

func newTextStyles() textStyles {
	return textStyles{
		title: lipgloss.NewStyle().Bold(true),
		dim:   lipgloss.NewStyle().Foreground(lipgloss.Color("8")),
		ok:    lipgloss.NewStyle().Foreground(lipgloss.Color("2")).Bold(true),
		info:  lipgloss.NewStyle().Foreground(lipgloss.Color("6")).Bold(true),
		warn:  lipgloss.NewStyle().Foreground(lipgloss.Color("3")).Bold(true),
		err:   lipgloss.NewStyle().Foreground(lipgloss.Color("1")).Bold(true),
		code:  lipgloss.NewStyle().Bold(true),
	}
}

func (st textStyles) forStatus(s steps.Status) (lipgloss.Style, string) {
	switch s {
	case steps.StatusOK:
		return st.ok, "✓"
	case steps.StatusInfo:
		return st.info, "i"
	case steps.StatusWarn:
		return st.warn, "!"
	case steps.StatusError:
		return st.err, "✗"
	}
	return st.dim, "-"
}

func (st textStyles) forSeverity(s steps.Severity) (lipgloss.Style, string) {
	switch s {
	case steps.Error:
		return st.err, "✗"
	case steps.Warn:
		return st.warn, "!"
	}
	return st.info, "i"
}

// MaxTextRecords is how many record ids the text report shows per finding.
const MaxTextRecords = 8

// Text renders rep for a terminal of the given width (80 when 0), with
// ANSI styles; write it through a colorprofile writer. Every text that may
// come from IXC or the profile (messages, hints, the URL, record ids) is
// cleaned of control characters and escape sequences (textsafe) before it
// is styled: the only escapes in the output are the report's own styles.
func Text(rep *steps.Report, lang i18n.Lang, width int) string {
	return TextWith(rep, lang, width, Meta{})
}

// TextWith is Text with, when m has a comparison, the section "Desde a
// última auditoria" under the summary.
func TextWith(rep *steps.Report, lang i18n.Lang, width int, m Meta) string {
	if width <= 0 {
		width = 80
	}
	st := newTextStyles()
	var b strings.Builder
	wrap := func(indent int, s string) string {
		w := max(width-indent, 20)
		block := lipgloss.NewStyle().Width(w).Render(s)
		pad := strings.Repeat(" ", indent)
		lines := strings.Split(block, "\n")
		for i := range lines {
			lines[i] = pad + strings.TrimRight(lines[i], " ")
		}
		return strings.Join(lines, "\n") + "\n"
	}
	tr := func(pt, en string) string { return i18n.T(pt, en).In(lang) }

	b.WriteString(st.title.Render(tr("Auditoria da integração IXC × LevEduca", "IXC × LevEduca integration audit")) + "\n")
	b.WriteString(wrap(0, st.dim.Render(fmt.Sprintf("IXC: %s · %s %s", textsafe.Line(rep.URL), tr("usuário do token:", "token user:"), orDash(textsafe.Line(rep.TokenUser))))))
	verdict := st.ok.Render(tr("✓ Sem erros", "✓ No errors"))
	if !rep.OK() {
		verdict = st.err.Render("✗ " + i18n.Plural(lang, rep.Summary.Errors, tr("erro", "error"), tr("erros", "errors")))
	}
	b.WriteString(wrap(0, fmt.Sprintf("%s · %s · %s %d · %s %d",
		verdict,
		st.warn.Render(i18n.Plural(lang, rep.Summary.Warnings, tr("aviso", "warning"), tr("avisos", "warnings"))),
		tr("contratos com direito:", "entitled contracts:"), rep.Summary.EntitledContracts,
		tr("prontos para login:", "ready to log in:"), rep.Summary.ReadyContracts)))
	if rep.Summary.ReadyEmployees > 0 {
		b.WriteString(wrap(0, fmt.Sprintf("%s %d", tr("colaboradores prontos:", "ready employees:"), rep.Summary.ReadyEmployees)))
	}
	b.WriteString(driftText(m.Drift, rep, st, wrap, lang))

	for _, s := range rep.Steps {
		b.WriteString("\n")
		style, mark := st.forStatus(s.Status)
		head := style.Render(mark+" "+stepTitle(s.Step).In(lang)) + " " + st.dim.Render("("+statusText(s.Status).In(lang)+")")
		b.WriteString(head + "\n")
		if s.Status == steps.StatusSkipped && !s.Why.IsZero() {
			b.WriteString(wrap(2, st.dim.Render(textsafe.Clean(s.Why.In(lang)))))
		}
		for _, f := range s.Findings {
			fs, fm := st.forSeverity(f.Severity)
			b.WriteString(wrap(2, fs.Render(fm+" "+textsafe.Line(f.Code))+" "+st.dim.Render("["+severityText(f.Severity).In(lang)+"]")))
			b.WriteString(wrap(4, textsafe.Clean(f.Message.In(lang))))
			if h := textsafe.Clean(f.Hint.In(lang)); h != "" {
				b.WriteString(wrap(4, st.dim.Render(tr("Como corrigir: ", "How to fix: "))+h))
			}
			if len(f.Records) > 0 {
				b.WriteString(wrap(4, st.dim.Render(tr("Registros: ", "Records: "))+recordList(f.Records, MaxTextRecords, lang)))
			}
		}
	}
	return b.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// recordList renders records grouped by table ("cliente 3, 7; produtos
// 310"), at most limit records, then how many more there are. Tables and
// ids are cleaned (textsafe.Line).
func recordList(recs []steps.RecordRef, limit int, lang i18n.Lang) string {
	var parts []string
	n := min(len(recs), limit)
	for i := 0; i < n; {
		table := recs[i].Table
		var ids []string
		for ; i < n && recs[i].Table == table; i++ {
			if recs[i].ID != "" {
				ids = append(ids, textsafe.Line(recs[i].ID))
			}
		}
		parts = append(parts, strings.TrimSpace(textsafe.Line(table)+" "+strings.Join(ids, ", ")))
	}
	s := strings.Join(parts, "; ")
	if rest := len(recs) - n; rest > 0 {
		s += i18n.Tf(" … e mais %d (total %d)", " … and %d more (%d in all)", rest, len(recs)).In(lang)
	}
	return s
}
