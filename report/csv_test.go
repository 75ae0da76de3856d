package report

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

func TestProblemsCSV(t *testing.T) {
	rep := sample()
	rep.Steps = append(rep.Steps, steps.StepResult{Step: "auth", Status: steps.StatusError, Findings: []steps.Finding{
		{Code: "AUTH_HOTSITE_MISSING", Severity: steps.Error,
			Message: i18n.T("=HYPERLINK(\"http://evil\")\x1b]52;c;Zm9v\x07 sem e-mail\r\nlinha 2", "x"),
			Hint:    i18n.T("@SUM(1+1)", "x"),
			Records: []steps.RecordRef{{Table: "cliente", ID: "-5"}, {Table: "cliente", ID: "+7"}}},
		{Code: "AUTH_DOC_MISSING", Severity: steps.Error, Message: i18n.T("  =1+1", "x")},
		{Code: "AUTH_EMPLOYEE_NONE", Severity: steps.Error, Message: i18n.T("Educação ç", "x")},
	}})
	var b bytes.Buffer
	if err := ProblemsCSV(&b, rep, i18n.PT); err != nil {
		t.Fatal(err)
	}
	raw := b.Bytes()
	if !bytes.HasPrefix(raw, []byte("\xef\xbb\xbf")) {
		t.Fatalf("no UTF-8 BOM: % x", raw[:3])
	}
	for _, c := range []byte{0x1b, 0x07} {
		if bytes.IndexByte(raw, c) >= 0 {
			t.Fatalf("byte %#x in the CSV", c)
		}
	}
	r := csv.NewReader(bytes.NewReader(raw[3:]))
	r.Comma = ';'
	r.FieldsPerRecord = 7
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rows[0], "|"); got != "etapa|código|gravidade|tabela|id|mensagem|como corrigir" {
		t.Fatalf("header %q", got)
	}
	// sample(): 1 product record + 12 link records; then 2 + 1 + 1 hostile rows.
	if len(rows) != 1+1+12+2+1+1 {
		t.Fatalf("%d rows", len(rows))
	}
	evil := rows[len(rows)-4]
	want := []string{"auth", "AUTH_HOTSITE_MISSING", "error", "cliente", "'-5",
		`'=HYPERLINK("http://evil") sem e-mail linha 2`, "'@SUM(1+1)"}
	if strings.Join(evil, "|") != strings.Join(want, "|") {
		t.Fatalf("hostile row\n got %q\nwant %q", evil, want)
	}
	if rows[len(rows)-3][4] != "'+7" {
		t.Fatalf("id cell %q", rows[len(rows)-3][4])
	}
	if got := rows[len(rows)-2][5]; got != "'  =1+1" {
		t.Fatalf("a formula after spaces: %q", got)
	}
	last := rows[len(rows)-1]
	if last[3] != "" || last[4] != "" || last[5] != "Educação ç" {
		t.Fatalf("finding without records: %q", last)
	}
	var en bytes.Buffer
	_ = ProblemsCSV(&en, rep, i18n.EN)
	if !strings.Contains(en.String(), "step;code;severity;table;id;message;how to fix\r\n") {
		t.Fatalf("English header missing: %q", en.String()[:80])
	}
}
