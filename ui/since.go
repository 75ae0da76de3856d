package ui

// "Auditar um perfil salvo" compared with the latest report beside the
// profile (design.md §8): which report was found and when, "desde DATA: N
// novos, M resolvidos", the new records first, and the audit saved beside
// the profile so the next run has a baseline. The reads and the write run
// in tea.Cmds; Update only compares (report.Compare is pure).

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/safefile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// findBaseline looks beside the profile for the latest audit or hand-off
// JSON of the profile's IXC; nil when there is none. It reads files: call
// it inside a tea.Cmd.
func findBaseline(profilePath string, p *profile.Profile) *report.Baseline {
	b, err := report.LatestBaseline(filepath.Dir(profilePath), p.IXC.URL)
	if err != nil {
		return nil
	}
	return b
}

// auditSince is the audit-only review's own state.
type auditSince struct {
	drift    *report.Drift
	driftErr error  // the baseline found is of another IXC
	browse   string // the record selected while browsing (nothing to do with it)
	savePath string // where to keep this audit's JSON ("" to keep nothing)
	saved    bool
}

// Phases of the audit-only review, after reviewChecking.
const (
	reviewBrowse  reviewPhase = iota + 100 // the new records first, then the resolved ones
	reviewSaveAsk                          // where to keep this audit's JSON
)

// maxBrowse bounds the records offered for browsing (fewer read aloud in
// accessible mode, where every option is printed); the saved JSON has them
// all.
const (
	maxBrowse           = 2000
	maxBrowseAccessible = 20
)

// auditReportSavedMsg is the outcome of keeping the audit's JSON.
type auditReportSavedMsg struct {
	gen  int
	path string
	err  error
}

// saveAuditReport returns the command that writes rep as the audit JSON,
// with its comparison, to path (an existing file is kept as .bak).
func (s *Session) saveAuditReport(gen int, path string, rep *steps.Report, d *report.Drift) tea.Cmd {
	lang, at := s.Common.Lang, s.Now()
	return func() tea.Msg {
		err := safefile.WriteFunc(path, safefile.Options{Backup: true}, func(w io.Writer) error {
			return report.JSONWith(w, rep, lang, report.Meta{GeneratedAt: at, Drift: d})
		})
		return auditReportSavedMsg{gen: gen, path: path, err: err}
	}
}

// auditOnlyStart compares the audit that just came back with the baseline
// found beside the profile, and shows the new records first, or asks where
// to keep the audit when nothing changed.
func (m *reviewScreen) auditOnlyStart() tea.Cmd {
	s := m.s
	m.since = auditSince{savePath: filepath.Join(filepath.Dir(s.ProfilePath), report.AuditFileName(s.ProfilePath, s.Now()))}
	if s.Baseline != nil {
		m.since.drift, m.since.driftErr = report.Compare(s.Baseline, s.Report)
		if m.since.drift != nil {
			m.since.drift.CompareConfig(s.Profile)
		}
	}
	if d := m.since.drift; d != nil && d.Changed() {
		m.browseForm()
	} else {
		m.saveForm()
	}
	return s.Common.initForm(m.form)
}

// browseForm lists the records that changed since the baseline: the new
// ones first, then the resolved ones.
func (m *reviewScreen) browseForm() {
	c := m.s.Common
	d := m.since.drift
	m.phase = reviewBrowse
	limit := maxBrowse
	if c.Accessible {
		limit = maxBrowseAccessible
	}
	var opts []huh.Option[string]
	add := func(sign string, cs []report.CodeRecords) {
		for _, cr := range cs {
			if len(opts) == limit {
				return
			}
			if len(cr.Records) == 0 {
				opts = append(opts, huh.NewOption(sign+" "+cr.Code, fmt.Sprint(len(opts))))
			}
			for _, r := range cr.Records {
				if len(opts) == limit {
					return
				}
				opts = append(opts, huh.NewOption(strings.TrimSpace(sign+" "+cr.Code+" · "+c.In(report.RecordLabel(r.Table))+" #"+r.ID), fmt.Sprint(len(opts))))
			}
		}
	}
	add("+", d.New)
	add("−", d.Resolved)
	added, resolved := d.Problems()
	if more := added + resolved - len(opts); more > 0 {
		opts = append(opts, huh.NewOption(c.Tf("… e mais %d no relatório JSON", "… and %d more in the JSON report", more), "more"))
	}
	sel := huh.NewSelect[string]().
		Title(c.Tf("Registros novos (+) e resolvidos (−) desde %s", "New (+) and resolved (−) records since %s", report.FormatDate(d.Baseline.GeneratedAt, c.Lang))).
		Description(c.T("Os novos primeiro. ↑/↓ percorre, / filtra; enter continua.", "The new ones first. ↑/↓ to browse, / to filter; enter goes on.")).
		Options(opts...).Height(min(len(opts)+2, 10)).Value(&m.since.browse)
	m.form = c.newForm(huh.NewGroup(sel))
}

// saveForm asks, once, where to keep this audit's JSON: beside the profile
// unless told otherwise, so that the next audit has a baseline.
func (m *reviewScreen) saveForm() {
	c := m.s.Common
	m.phase = reviewSaveAsk
	m.form = c.newForm(huh.NewGroup(huh.NewInput().
		Title(c.T("Guardar o relatório desta auditoria (JSON) em", "Keep this audit's report (JSON) in")).
		Description(c.T("A próxima auditoria deste perfil compara com ele. Deixe vazio para não guardar.",
			"The next audit of this profile compares with it. Leave empty to keep nothing.")).
		Value(&m.since.savePath)))
}

func (m *reviewScreen) finishForm() {
	c := m.s.Common
	m.phase = reviewDone
	m.form = c.choiceForm(c.T("Auditoria concluída.", "Audit done."), "", &m.action, choice{"finish", c.T("Concluir", "Finish")})
}

// auditOnlyUpdate is the review's Update after the audit, in audit-only mode.
func (m *reviewScreen) auditOnlyUpdate(msg tea.Msg) (tea.Cmd, nav) {
	c := m.s.Common
	if msg, ok := msg.(auditReportSavedMsg); ok {
		if msg.gen != m.gen {
			return nil, stay
		}
		if msg.err != nil {
			m.err = msg.err
			m.saveForm()
			return c.initForm(m.form), stay
		}
		m.s.noteWritten(msg.path)
		m.since.saved = true
		m.finishForm()
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
	case reviewBrowse:
		m.saveForm()
		return c.initForm(m.form), stay
	case reviewSaveAsk:
		m.err = nil
		path := strings.TrimSpace(m.since.savePath)
		if path == "" {
			m.finishForm()
			return c.initForm(m.form), stay
		}
		m.phase = reviewWriting
		m.gen = m.s.nextGen()
		return m.s.saveAuditReport(m.gen, path, m.s.Report, m.since.drift), stay
	}
	return cmd, nav{kind: navFinish}
}

// baselineLine says which earlier report the audit is compared with, and
// from when.
func (m *reviewScreen) baselineLine() string {
	c := m.s.Common
	b := m.s.Baseline
	if b == nil {
		return c.T("Nenhuma auditoria anterior ao lado do perfil: a de agora será a base da próxima.",
			"No earlier audit beside the profile: this one will be the next one's baseline.")
	}
	kind := c.T("auditoria", "audit")
	if b.Kind == report.BaselineHandoff {
		kind = c.T("relatório de entrega", "hand-off")
	}
	name := filepath.Base(b.Path)
	if m.since.driftErr != nil {
		return c.Tf("A auditoria anterior %s é de outro IXC: sem comparação.", "The earlier audit %s is of another IXC: not compared.", name)
	}
	return c.Tf("Comparando com %s (%s de %s).", "Comparing with %s (%s of %s).", name, kind, report.FormatDate(b.GeneratedAt, c.Lang))
}

// auditOnlyView is the review's View in audit-only mode.
func (m *reviewScreen) auditOnlyView() string {
	c := m.s.Common
	st := c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(c.T("Auditoria do perfil salvo (somente leitura)", "Audit of the saved profile (read-only)")) + "\n\n")
	if m.err != nil {
		b.WriteString(st.Err.Render("✗ "+c.Msg(m.err)) + "\n\n")
	}
	if m.phase == reviewUnfinished {
		// No comparison: an audit that did not finish compared with the
		// baseline would read as everything resolved.
		b.WriteString(m.unfinishedView() + "\n" + c.formView(m.form))
		return b.String()
	}
	b.WriteString(st.Subtle.Render(c.wrap(m.baselineLine())) + "\n")
	switch m.phase {
	case reviewChecking:
		b.WriteString("{spin} " + c.T("Auditando a configuração completa…", "Auditing the whole setup…") + "\n")
		b.WriteString(c.waitView(m.snap, m.s.Now().Sub(m.started)))
		return b.String()
	case reviewWriting:
		b.WriteString("{spin} " + c.T("Gravando o relatório…", "Writing the report…") + "\n")
		return b.String()
	case reviewDone:
		// The result stays on screen with the files.
		b.WriteString(m.auditSummaryLine() + "\n\n")
		if m.since.saved {
			b.WriteString(m.s.writtenView())
		} else {
			b.WriteString(c.T("Nada foi gravado.", "Nothing was written.") + "\n")
		}
		b.WriteString("\n" + c.formView(m.form))
		return b.String()
	}
	rep := m.s.Report
	sum := rep.Summary
	b.WriteString(m.auditSummaryLine() + "\n")
	if d := m.since.drift; d != nil {
		added, resolved := d.Problems()
		date := report.FormatDate(d.Baseline.GeneratedAt, c.Lang)
		b.WriteString(st.Code.Render(c.T(
			fmt.Sprintf("desde %s: %d %s, %d %s", date, added, plural(added, "novo", "novos"), resolved, plural(resolved, "resolvido", "resolvidos")),
			fmt.Sprintf("since %s: %d new, %d resolved", date, added, resolved))) + "\n")
		// A change of configuration explains part of the difference.
		if note := d.ConfigNote(c.Lang, report.MaxTextRecords); note != "" {
			b.WriteString(st.Warn.Render(c.wrap(note)) + "\n")
		}
		t := d.Baseline.Summary
		b.WriteString(c.wrap(c.Tf("Contratos com direito: %s → %s · prontos para entrar: %s → %s",
			"Entitled contracts: %s → %s · ready to log in: %s → %s",
			report.FormatCount(t.EntitledContracts, c.Lang), report.FormatCount(sum.EntitledContracts, c.Lang),
			report.FormatCount(t.ReadyContracts, c.Lang), report.FormatCount(sum.ReadyContracts, c.Lang))) + "\n")
	} else {
		b.WriteString(c.Tf("Contratos com direito: %s · prontos para entrar: %s\n", "Entitled contracts: %s · ready to log in: %s\n",
			report.FormatCount(sum.EntitledContracts, c.Lang), report.FormatCount(sum.ReadyContracts, c.Lang)))
	}
	if m.phase == reviewSaveAsk {
		shown := 0
		for _, s := range rep.Steps {
			for _, f := range s.Findings {
				if shown < 6 {
					b.WriteString(c.wrap(c.findingLine(f)) + "\n")
				}
				shown++
			}
		}
		if shown > 6 {
			b.WriteString(st.Subtle.Render(c.Tf("… e mais %d no relatório", "… and %d more in the report", shown-6)) + "\n")
		}
	}
	b.WriteString("\n" + c.formView(m.form))
	return b.String()
}

// plural picks the Portuguese word for n (1 is singular; 0 is plural).
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// auditSummaryLine is the audit's result in one line: no errors, or how
// many errors and warnings are open.
func (m *reviewScreen) auditSummaryLine() string {
	c := m.s.Common
	st := c.Styles
	rep := m.s.Report
	if rep.OK() {
		return st.OK.Render(c.T("✓ Nenhum erro.", "✓ No errors."))
	}
	sum := rep.Summary
	return st.Err.Render(c.Tf("✗ %s e %s abertos.", "✗ %s and %s open.",
		c.N(sum.Errors, "erro", "erros", "error", "errors"), c.N(sum.Warnings, "aviso", "avisos", "warning", "warnings")))
}
