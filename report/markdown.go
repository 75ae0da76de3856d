package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
	"github.com/ixc-leveduca/ixc-leveduca/version"
)

// MaxMarkdownRecords is how many records the Markdown report lists per
// finding; the JSON report always has them all.
const MaxMarkdownRecords = 50

// Markdown writes rep as the report a technician pastes into a ticket.
// Texts that may come from IXC or the profile are cleaned of control
// characters and escape sequences and kept on one line (textsafe.Line),
// then escaped as Markdown (mdEscape, mdCode).
func Markdown(w io.Writer, rep *steps.Report, lang i18n.Lang) error {
	return MarkdownWith(w, rep, lang, Meta{})
}

// MarkdownWith is Markdown with, when m has a comparison, the section
// "Desde a última auditoria" under the summary table.
func MarkdownWith(w io.Writer, rep *steps.Report, lang i18n.Lang, m Meta) error {
	tr := func(pt, en string) string { return i18n.T(pt, en).In(lang) }
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", tr("Auditoria da integração IXC × LevEduca", "IXC × LevEduca integration audit"))
	fmt.Fprintf(&b, "| %s | %s |\n|---|---|\n", tr("Item", "Item"), tr("Valor", "Value"))
	fmt.Fprintf(&b, "| IXC | %s |\n", mdCode(rep.URL))
	fmt.Fprintf(&b, "| %s | %s |\n", tr("Usuário do token", "Token user"), mdCode(orDash(rep.TokenUser)))
	fmt.Fprintf(&b, "| %s | %s |\n", tr("Versão do ixc-leveduca", "ixc-leveduca version"), mdCode(version.Short()))
	verdict := tr("✅ sem erros", "✅ no errors")
	if !rep.OK() {
		verdict = "❌ " + tr("com erros", "with errors")
	}
	fmt.Fprintf(&b, "| %s | %s |\n", tr("Resultado", "Result"), verdict)
	fmt.Fprintf(&b, "| %s | %d |\n", tr("Erros", "Errors"), rep.Summary.Errors)
	fmt.Fprintf(&b, "| %s | %d |\n", tr("Avisos", "Warnings"), rep.Summary.Warnings)
	fmt.Fprintf(&b, "| %s | %d |\n", tr("Contratos com direito", "Entitled contracts"), rep.Summary.EntitledContracts)
	fmt.Fprintf(&b, "| %s | %d |\n", tr("Contratos prontos para login", "Contracts ready to log in"), rep.Summary.ReadyContracts)
	fmt.Fprintf(&b, "| %s | %d |\n", tr("Colaboradores prontos", "Ready employees"), rep.Summary.ReadyEmployees)
	b.WriteString(driftMarkdown(m.Drift, rep, lang))

	for _, s := range rep.Steps {
		fmt.Fprintf(&b, "\n## %s — %s\n\n", stepTitle(s.Step).In(lang), statusText(s.Status).In(lang))
		if s.Status == steps.StatusSkipped && !s.Why.IsZero() {
			fmt.Fprintf(&b, "_%s_\n", mdEscape(s.Why.In(lang)))
			continue
		}
		if len(s.Findings) == 0 {
			b.WriteString(tr("Nenhum problema encontrado.\n", "No problem found.\n"))
		}
		for _, f := range s.Findings {
			fmt.Fprintf(&b, "- **%s** (%s): %s\n", textsafe.Line(f.Code), severityText(f.Severity).In(lang), mdEscape(f.Message.In(lang)))
			if h := f.Hint.In(lang); h != "" {
				fmt.Fprintf(&b, "  - %s %s\n", tr("Como corrigir:", "How to fix:"), mdEscape(h))
			}
			if len(f.Records) > 0 {
				fmt.Fprintf(&b, "  - %s %s\n", tr("Registros:", "Records:"), recordList(f.Records, MaxMarkdownRecords, lang))
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// mdEscape cleans a text (one line, no control characters) and keeps it
// from being read as Markdown markup.
func mdEscape(s string) string {
	r := strings.NewReplacer("*", `\*`, "_", `\_`, "`", "\\`", "|", `\|`)
	return r.Replace(textsafe.Line(s))
}

// mdCode shows a value as inline code: cleaned, one line, and without
// backticks or pipes (which would end the code span or the table cell).
func mdCode(s string) string {
	s = strings.NewReplacer("`", "'", "|", "¦").Replace(textsafe.Line(s))
	return "`" + s + "`"
}
