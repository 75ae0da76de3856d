package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

func sample() *steps.Report {
	recs := []steps.RecordRef{}
	for i := 1; i <= 12; i++ {
		recs = append(recs, steps.RecordRef{Table: "cliente_contrato", ID: strings.Repeat("9", i%3+1)})
	}
	return &steps.Report{
		URL: "https://ixc.example.com/webservice/v1", TokenUser: "42",
		Summary: steps.Summary{Errors: 1, Warnings: 1, EntitledContracts: 10, ReadyContracts: 9},
		Steps: []steps.StepResult{
			{Step: "token", Status: steps.StatusOK, Findings: []steps.Finding{}},
			{Step: "product", Status: steps.StatusError, Findings: []steps.Finding{{
				Code: "PRODUCT_FISCAL", Severity: steps.Error, Message: i18n.T("sem tributação", "no tax"),
				Hint:    i18n.T("Menu Principal > Cadastros > Produtos", "Menu Principal > Cadastros > Produtos"),
				Records: []steps.RecordRef{{Table: "produtos", ID: "310"}}}}},
			{Step: "link", Status: steps.StatusWarn, Findings: []steps.Finding{{
				Code: "LINK_DOUBLE", Severity: steps.Warn, Message: i18n.T("dobro", "double"), Records: recs}}},
			{Step: "auth", Status: steps.StatusSkipped, Findings: []steps.Finding{}, Why: i18n.T("não executado", "not run")},
		},
	}
}

func TestJSONSchema(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, sample(), i18n.EN); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// generated_at and tool are always there; the rest compares below.
	gen, _ := got["generated_at"].(string)
	if at, err := time.Parse(time.RFC3339, gen); err != nil || time.Since(at) > time.Hour || at.Format(time.RFC3339) != gen {
		t.Errorf("generated_at = %q", gen)
	}
	if tool, _ := got["tool"].(map[string]any); tool["name"] != "ixc-leveduca" || tool["version"] == "" || tool["version"] == nil {
		t.Errorf("tool = %v", got["tool"])
	}
	if _, ok := got["baseline"]; ok {
		t.Error("baseline without --baseline")
	}
	delete(got, "generated_at")
	delete(got, "tool")
	want := `{"ixc":{"token_user":"42","url":"https://ixc.example.com/webservice/v1"},"ok":false,"schema":"ixc-leveduca/audit/v1",` +
		`"steps":[{"findings":[],"status":"ok","step":"token"},` +
		`{"findings":[{"code":"PRODUCT_FISCAL","hint":"Menu Principal > Cadastros > Produtos","message":"no tax","records":[{"id":"310","table":"produtos"}],"severity":"error"}],"status":"error","step":"product"},`
	var nb bytes.Buffer
	enc := json.NewEncoder(&nb)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(got)
	norm := strings.TrimSpace(nb.String())
	if !strings.HasPrefix(norm, want) {
		t.Errorf("JSON =\n%s\nwant prefix\n%s", norm, want)
	}
	if !strings.Contains(norm, `{"findings":[],"status":"skipped","step":"auth"}`) ||
		!strings.Contains(norm, `"summary":{"entitled_contracts":10,"errors":1,"ready_contracts":9,"ready_employees":0,"warnings":1}`) {
		t.Errorf("JSON = %s", norm)
	}
}

func TestTextAndMarkdown(t *testing.T) {
	txt := Text(sample(), i18n.PT, 80)
	for _, want := range []string{"Auditoria da integração", "PRODUCT_FISCAL", "produtos 310", "… e mais 4", "não executado"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks %q:\n%s", want, txt)
		}
	}
	var md bytes.Buffer
	if err := Markdown(&md, sample(), i18n.EN); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# IXC × LevEduca integration audit", "| Entitled contracts | 10 |", "- **LINK_DOUBLE** (warning): double", "_not run_"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
}
