package report

import (
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// The section "Desde a última auditoria (DATA)" of the text and Markdown
// reports (design.md §8), and the "baseline" object of the JSON.

// SinceTitle is the section's title: "Desde a última auditoria (DATA)".
func SinceTitle(d *Drift, lang i18n.Lang) string {
	if lang == i18n.EN {
		return "Since the last audit (" + FormatDate(d.Baseline.GeneratedAt, lang) + ")"
	}
	return "Desde a última auditoria (" + FormatDate(d.Baseline.GeneratedAt, lang) + ")"
}

// FormatDate writes a date and time as people of lang read it, in the
// time's own offset: "30/11/2026 15:04" or "2026-11-30 15:04".
func FormatDate(t time.Time, lang i18n.Lang) string {
	if lang == i18n.EN {
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("02/01/2006 15:04")
}

// FormatCount writes n with the thousands separator of lang: 1.234 or 1,234.
func FormatCount(n int, lang i18n.Lang) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	sep := "."
	if lang == i18n.EN {
		sep = ","
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if neg {
		return "−" + b.String()
	}
	return b.String()
}

// signedCount writes a difference: +67, −12, 0.
func signedCount(n int, lang i18n.Lang) string {
	if n > 0 {
		return "+" + FormatCount(n, lang)
	}
	return FormatCount(n, lang)
}

// countLine is "contratos com direito: 1.234 → 1.301 (+67)".
type countLine struct {
	label      i18n.Text
	then, now  int
	alwaysShow bool
	step       string // the step that counts it
	compared   bool   // that step ran in both audits
}

func (d *Drift) countLines() []countLine {
	t, n := d.Baseline.Summary, d.Now
	lines := []countLine{
		{label: i18n.T("contratos com direito", "entitled contracts"), then: t.EntitledContracts, now: n.EntitledContracts, alwaysShow: true, step: steps.StepLink},
		{label: i18n.T("prontos para login", "ready to log in"), then: t.ReadyContracts, now: n.ReadyContracts, alwaysShow: true, step: steps.StepAuth},
		{label: i18n.T("colaboradores prontos", "ready employees"), then: t.ReadyEmployees, now: n.ReadyEmployees, step: steps.StepAuth},
	}
	out := lines[:0]
	for _, l := range lines {
		// A count whose step did not run on one side is 0 there for
		// want of looking: the difference is shown as not comparable
		// (summary_delta stays now minus then, with not_compared).
		l.compared = !slices.Contains(d.NotCompared, l.step)
		if l.alwaysShow || l.then != 0 || l.now != 0 {
			out = append(out, l)
		}
	}
	return out
}

func (l countLine) delta(lang i18n.Lang) string {
	if !l.compared {
		return i18n.T("não comparável: etapa não executada", "not comparable: step not run").In(lang)
	}
	if l.now == l.then {
		return i18n.T("sem mudança", "no change").In(lang)
	}
	return signedCount(l.now-l.then, lang)
}

// codeChange is one code of the comparison with both of its sides.
type codeChange struct {
	code, step    string
	added, gone   []steps.RecordRef
	appeared, end bool // the finding appeared / went away
}

func (d *Drift) codeChanges() []codeChange {
	var out []codeChange
	index := map[string]int{}
	get := func(c CodeRecords) *codeChange {
		i, ok := index[c.Code]
		if !ok {
			i = len(out)
			index[c.Code] = i
			out = append(out, codeChange{code: c.Code, step: c.Step})
		}
		return &out[i]
	}
	for _, c := range d.New {
		cc := get(c)
		cc.added, cc.appeared = c.Records, c.Whole
	}
	for _, c := range d.Resolved {
		cc := get(c)
		cc.gone, cc.end = c.Records, c.Whole
	}
	// New and Resolved follow the catalogue; merged, keep that order.
	order := map[string]int{}
	for i, c := range steps.Codes() {
		order[c] = i
	}
	rank := func(code string) int {
		if i, ok := order[code]; ok {
			return i
		}
		return len(order)
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && (rank(out[j].code) < rank(out[j-1].code) ||
			(rank(out[j].code) == rank(out[j-1].code) && out[j].code < out[j-1].code)); j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// recordsDelta is "+2 −1", "+2", "−1", or "" for a code without records.
func (c codeChange) recordsDelta() string {
	var parts []string
	if len(c.added) > 0 {
		parts = append(parts, fmt.Sprintf("+%d", len(c.added)))
	}
	if len(c.gone) > 0 {
		parts = append(parts, fmt.Sprintf("−%d", len(c.gone)))
	}
	return strings.Join(parts, " ")
}

// state says whether the finding appeared or went away ("" when it was
// and is reported, with other records).
func (c codeChange) state() i18n.Text {
	switch {
	case c.appeared:
		return i18n.T("novo", "new")
	case c.end:
		return i18n.T("resolvido", "resolved")
	}
	return i18n.Text{}
}

// message is the code's message: the current finding's when it is still
// reported, the catalogue's for the records that went away otherwise.
func (c codeChange) message(rep *steps.Report) (i18n.Text, steps.Severity, bool) {
	for _, s := range rep.Steps {
		for _, f := range s.Findings {
			if f.Code == c.code {
				return f.Message, f.Severity, true
			}
		}
	}
	msg, _ := steps.CatalogMessage(c.code, len(c.gone))
	return msg, steps.SeverityOf(c.code), false
}

func (d *Drift) headline(lang i18n.Lang) string {
	appeared, gone := d.Findings()
	added, resolved := d.Records()
	if lang == i18n.EN {
		return fmt.Sprintf("Findings: %s new, %s resolved · records: %s new, %s resolved",
			i18n.Count(lang, appeared), i18n.Count(lang, gone), i18n.Count(lang, added), i18n.Count(lang, resolved))
	}
	return "Achados: " + i18n.Plural(lang, appeared, "novo", "novos") + ", " + i18n.Plural(lang, gone, "resolvido", "resolvidos") +
		" · registros: " + i18n.Plural(lang, added, "novo", "novos") + ", " + i18n.Plural(lang, resolved, "resolvido", "resolvidos")
}

func stepNames(names []string, lang i18n.Lang) string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = stepTitle(n).In(lang)
	}
	return strings.Join(out, ", ")
}

func notComparedText(d *Drift, lang i18n.Lang) string {
	if lang == i18n.EN {
		return "Steps not compared (not run in one of the two audits): " + stepNames(d.NotCompared, lang) + "."
	}
	return "Etapas não comparadas (não executadas numa das duas auditorias): " + stepNames(d.NotCompared, lang) + "."
}

// baselineName is the file's name for a report: its base name, cleaned.
func baselineName(b *Baseline) string {
	if b.Path == "" {
		return "-"
	}
	return cleanText(filepath.Base(b.Path), 80)
}

func kindText(b *Baseline) i18n.Text {
	if b.Kind == BaselineHandoff {
		return i18n.T("relatório de entrega", "hand-off")
	}
	return i18n.T("auditoria", "audit")
}

// driftText is the text section, or "" without a comparison. wrap indents
// and wraps a paragraph to the report's width.
func driftText(d *Drift, rep *steps.Report, st textStyles, wrap func(int, string) string, lang i18n.Lang) string {
	if d == nil {
		return ""
	}
	tr := func(pt, en string) string { return i18n.T(pt, en).In(lang) }
	var b strings.Builder
	b.WriteString("\n" + st.title.Render(SinceTitle(d, lang)) + "\n")
	if note := d.ConfigNote(lang, MaxTextRecords); note != "" {
		b.WriteString(wrap(2, st.warn.Render(note)))
	}
	b.WriteString(wrap(2, st.dim.Render(fmt.Sprintf("%s %s (%s)", tr("base:", "baseline:"), baselineName(d.Baseline), kindText(d.Baseline).In(lang)))))
	b.WriteString(wrap(2, d.headline(lang)))
	for _, l := range d.countLines() {
		b.WriteString(wrap(2, fmt.Sprintf("%s: %s → %s (%s)", l.label.In(lang),
			FormatCount(l.then, lang), FormatCount(l.now, lang), l.delta(lang))))
	}
	if len(d.NotCompared) > 0 {
		b.WriteString(wrap(2, st.warn.Render(notComparedText(d, lang))))
	}
	changes := d.codeChanges()
	if len(changes) == 0 {
		b.WriteString(wrap(2, tr("Nenhum achado mudou.", "No finding changed.")))
	}
	for _, c := range changes {
		msg, sev, still := c.message(rep)
		style, mark := st.forSeverity(sev)
		if !still {
			style, mark = st.ok, "✓"
		}
		head := style.Render(mark + " " + c.code)
		if rd := c.recordsDelta(); rd != "" {
			head += " " + rd
		}
		if s := c.state(); !s.IsZero() {
			head += " " + st.dim.Render("("+s.In(lang)+")")
		}
		b.WriteString(wrap(2, strings.TrimRight(head, " ")))
		b.WriteString(wrap(4, textsafe.Clean(msg.In(lang))))
		if len(c.added) > 0 {
			b.WriteString(wrap(4, st.dim.Render(tr("novos: ", "new: "))+recordList(c.added, MaxTextRecords, lang)))
		}
		if len(c.gone) > 0 {
			b.WriteString(wrap(4, st.dim.Render(tr("resolvidos: ", "resolved: "))+recordList(c.gone, MaxTextRecords, lang)))
		}
	}
	return b.String()
}

// driftMarkdown is the Markdown section, or "" without a comparison.
func driftMarkdown(d *Drift, rep *steps.Report, lang i18n.Lang) string {
	if d == nil {
		return ""
	}
	tr := func(pt, en string) string { return i18n.T(pt, en).In(lang) }
	var b strings.Builder
	fmt.Fprintf(&b, "\n## %s\n\n", SinceTitle(d, lang))
	if note := d.ConfigNote(lang, MaxMarkdownRecords); note != "" {
		fmt.Fprintf(&b, "**%s**\n\n", mdEscape(note))
	}
	fmt.Fprintf(&b, "_%s %s (%s)_\n\n", tr("Base de comparação:", "Baseline:"), mdEscape(baselineName(d.Baseline)), kindText(d.Baseline).In(lang))
	fmt.Fprintf(&b, "%s\n\n", d.headline(lang))
	fmt.Fprintf(&b, "| %s | %s | %s | %s |\n|---|---:|---:|---:|\n", tr("Contagem", "Count"), tr("Antes", "Before"), tr("Agora", "Now"), tr("Diferença", "Change"))
	for _, l := range d.countLines() {
		label := l.label.In(lang)
		label = strings.ToUpper(label[:1]) + label[1:]
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", label, FormatCount(l.then, lang), FormatCount(l.now, lang), l.delta(lang))
	}
	if len(d.NotCompared) > 0 {
		fmt.Fprintf(&b, "\n_%s_\n", notComparedText(d, lang))
	}
	changes := d.codeChanges()
	if len(changes) == 0 {
		fmt.Fprintf(&b, "\n%s\n", tr("Nenhum achado mudou.", "No finding changed."))
		return b.String()
	}
	fmt.Fprintf(&b, "\n| %s | %s | %s |\n|---|---|---|\n", tr("Código", "Code"), tr("Registros", "Records"), tr("Mensagem", "Message"))
	for _, c := range changes {
		msg, _, _ := c.message(rep)
		code := "`" + c.code + "`"
		if s := c.state(); !s.IsZero() {
			code += " (" + s.In(lang) + ")"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", code, orDash(c.recordsDelta()), mdEscape(msg.In(lang)))
	}
	b.WriteString("\n")
	for _, c := range changes {
		if len(c.added) > 0 {
			fmt.Fprintf(&b, "- `%s` %s %s\n", c.code, tr("novos:", "new:"), recordList(c.added, MaxMarkdownRecords, lang))
		}
		if len(c.gone) > 0 {
			fmt.Fprintf(&b, "- `%s` %s %s\n", c.code, tr("resolvidos:", "resolved:"), recordList(c.gone, MaxMarkdownRecords, lang))
		}
	}
	return b.String()
}

// The "baseline" object of the audit JSON (design.md §8).
type jsonBaseline struct {
	GeneratedAt  string            `json:"generated_at"`
	New          []jsonCodeRecords `json:"new"`
	Resolved     []jsonCodeRecords `json:"resolved"`
	SummaryDelta jsonSummaryDelta  `json:"summary_delta"`
	// NotCompared names the steps run in only one of the two audits;
	// present only when there are some.
	NotCompared []string `json:"not_compared,omitempty"`
	// ConfigChanges lists what changed in the configuration (field,
	// before, after); present only when something did.
	ConfigChanges []jsonConfigChange `json:"config_changes,omitempty"`
}

type jsonCodeRecords struct {
	Code    string            `json:"code"`
	Records []steps.RecordRef `json:"records"`
}

type jsonSummaryDelta struct {
	EntitledContracts int `json:"entitled_contracts"`
	ReadyContracts    int `json:"ready_contracts"`
	ReadyEmployees    int `json:"ready_employees"`
}

func driftJSON(d *Drift) *jsonBaseline {
	if d == nil {
		return nil
	}
	conv := func(cs []CodeRecords) []jsonCodeRecords {
		out := make([]jsonCodeRecords, 0, len(cs))
		for _, c := range cs {
			out = append(out, jsonCodeRecords{Code: c.Code, Records: nonNilRefs(c.Records)})
		}
		return out
	}
	delta := d.Delta()
	return &jsonBaseline{
		GeneratedAt:   d.Baseline.GeneratedAt.Format(time.RFC3339),
		New:           conv(d.New),
		Resolved:      conv(d.Resolved),
		SummaryDelta:  jsonSummaryDelta(delta),
		NotCompared:   d.NotCompared,
		ConfigChanges: configJSON(d.Config),
	}
}
