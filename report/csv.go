package report

import (
	"bytes"
	"encoding/csv"
	"io"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// The problems CSV is made for Excel as Brazilian technicians run it: UTF-8
// with a byte-order mark (without it Excel reads the accents as Latin-1)
// and ";" between cells (the Brazilian locale's list separator: "," is the
// decimal comma).
const (
	csvBOM   = "\ufeff"
	csvComma = ';'
)

// ProblemsCSV writes every finding of rep as a CSV: one line per affected
// record (a finding without records gets one line with empty table and
// id), columns step, code, severity, table, id, message, hint, with the
// header in lang. Every cell is cleaned of control characters and escape
// sequences (textsafe.Line) and neutralised against formula injection
// (csvCell).
func ProblemsCSV(w io.Writer, rep *steps.Report, lang i18n.Lang) error {
	tr := func(pt, en string) string { return i18n.T(pt, en).In(lang) }
	var buf bytes.Buffer
	buf.WriteString(csvBOM)
	cw := csv.NewWriter(&buf)
	cw.Comma = csvComma
	cw.UseCRLF = true // what Excel writes, and reads best
	write := func(cells ...string) {
		for i, c := range cells {
			cells[i] = csvCell(c)
		}
		_ = cw.Write(cells) // the buffer does not fail; cw.Error() is checked below
	}
	write(tr("etapa", "step"), tr("código", "code"), tr("gravidade", "severity"),
		tr("tabela", "table"), "id", tr("mensagem", "message"), tr("como corrigir", "how to fix"))
	if rep != nil {
		for _, st := range rep.Steps {
			for _, f := range st.Findings {
				msg, hint := f.Message.In(lang), f.Hint.In(lang)
				sev := f.Severity.String()
				if len(f.Records) == 0 {
					write(st.Step, f.Code, sev, "", "", msg, hint)
				}
				for _, r := range f.Records {
					write(st.Step, f.Code, sev, r.Table, r.ID, msg, hint)
				}
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// csvCell cleans a cell (one line, no control characters) and, when it
// begins with a character a spreadsheet reads as the start of a formula
// (= + - @, and tab or CR in some versions), prefixes it with an
// apostrophe so it is shown as text.
func csvCell(s string) string {
	s = textsafe.Line(s)
	t := strings.TrimLeft(s, " ") // some spreadsheets skip leading spaces
	if t == "" {
		return s
	}
	switch t[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
