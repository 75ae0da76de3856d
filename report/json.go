// Package report renders an audit (steps.Report) as the JSON of design.md
// §4.2, as text for a terminal, and as Markdown for a support ticket.
package report

import (
	"bytes"
	"encoding/json"
	"io"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
	"github.com/ixc-leveduca/ixc-leveduca/version"
)

// Schema is the identifier of the audit JSON format.
const Schema = "ixc-leveduca/audit/v1"

type jsonReport struct {
	Schema      string        `json:"schema"`
	GeneratedAt string        `json:"generated_at"`
	Tool        jsonTool      `json:"tool"`
	IXC         jsonIXC       `json:"ixc"`
	OK          bool          `json:"ok"`
	Summary     jsonSummary   `json:"summary"`
	Steps       []jsonStep    `json:"steps"`
	Baseline    *jsonBaseline `json:"baseline,omitempty"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// ToolName is the program's name in the reports.
const ToolName = "ixc-leveduca"

// Meta is what a report says beside the audit itself.
type Meta struct {
	// GeneratedAt is when the audit ran, written in its own offset; zero
	// means now, in the local offset.
	GeneratedAt time.Time
	// Version is the program's version ("": the running build's, from the
	// version package).
	Version string
	// Drift is the comparison with --baseline (nil: none).
	Drift *Drift
}

func (m Meta) generatedAt() string {
	t := m.GeneratedAt
	if t.IsZero() {
		t = time.Now()
	}
	return t.Format(time.RFC3339)
}

func (m Meta) version() string {
	if m.Version != "" {
		return m.Version
	}
	return version.Short()
}

type jsonIXC struct {
	URL       string `json:"url"`
	TokenUser string `json:"token_user"`
}

type jsonSummary struct {
	Errors            int `json:"errors"`
	Warnings          int `json:"warnings"`
	EntitledContracts int `json:"entitled_contracts"`
	ReadyContracts    int `json:"ready_contracts"`
	ReadyEmployees    int `json:"ready_employees"`
}

type jsonStep struct {
	Step     string        `json:"step"`
	Status   string        `json:"status"`
	Findings []jsonFinding `json:"findings"`
}

type jsonFinding struct {
	Code     string            `json:"code"`
	Severity string            `json:"severity"`
	Message  string            `json:"message"`
	Hint     string            `json:"hint"`
	Records  []steps.RecordRef `json:"records"`
}

// JSON writes rep in the audit/v1 schema, texts in lang, generated now.
func JSON(w io.Writer, rep *steps.Report, lang i18n.Lang) error {
	return JSONWith(w, rep, lang, Meta{})
}

// JSONWith writes rep in the audit/v1 schema with m's generated_at, tool
// version and, with a comparison, the "baseline" object of design.md §8.
func JSONWith(w io.Writer, rep *steps.Report, lang i18n.Lang, m Meta) error {
	return writeJSON(w, auditJSON(rep, lang, m))
}

// writeJSON writes v indented. IXC's texts stay as they are, but DEL and C1
// controls are written as \u escapes (encoding/json writes them raw), so
// the JSON on a terminal carries no control character.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(textsafe.JSON(buf.Bytes()))
	return err
}

func auditJSON(rep *steps.Report, lang i18n.Lang, m Meta) jsonReport {
	out := jsonReport{
		Schema:      Schema,
		GeneratedAt: m.generatedAt(),
		Tool:        jsonTool{Name: ToolName, Version: m.version()},
		Baseline:    driftJSON(m.Drift),
		IXC:         jsonIXC{URL: rep.URL, TokenUser: rep.TokenUser},
		OK:          rep.OK(),
		Summary: jsonSummary{
			Errors: rep.Summary.Errors, Warnings: rep.Summary.Warnings,
			EntitledContracts: rep.Summary.EntitledContracts, ReadyContracts: rep.Summary.ReadyContracts,
			ReadyEmployees: rep.Summary.ReadyEmployees,
		},
		Steps: make([]jsonStep, 0, len(rep.Steps)),
	}
	for _, s := range rep.Steps {
		js := jsonStep{Step: s.Step, Status: string(s.Status), Findings: make([]jsonFinding, 0, len(s.Findings))}
		for _, f := range s.Findings {
			recs := f.Records
			if recs == nil {
				recs = []steps.RecordRef{}
			}
			js.Findings = append(js.Findings, jsonFinding{
				Code: f.Code, Severity: f.Severity.String(),
				Message: f.Message.In(lang), Hint: f.Hint.In(lang), Records: recs,
			})
		}
		out.Steps = append(out.Steps, js)
	}
	return out
}
