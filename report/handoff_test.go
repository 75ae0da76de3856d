package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

const testToken = "42:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

func sampleHandoff(t *testing.T) Handoff {
	t.Helper()
	p, err := profile.Parse([]byte(`
[ixc]
url = "https://ixc.example.com"
token_user = "42"

[[product]]
offer = "leveduca"
id = "310"

[[product]]
offer = "paramount"
id = "311"

[link]
method = "plan"
plans = ["12", "14"]

[auth]
method = "hotsite"
`))
	if err != nil {
		t.Fatal(err)
	}
	return Handoff{Report: sample(), Profile: p, GeneratedAt: time.Date(2026, 11, 30, 15, 4, 0, 0, time.UTC), Token: testToken}
}

func TestHandoffMarkdown(t *testing.T) {
	h := sampleHandoff(t)
	var b bytes.Buffer
	if err := HandoffMarkdown(&b, h, i18n.PT); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"`https://ixc.example.com/webservice/v1`", "| Usuário do token | `42` |",
		"| Produto LevEduca | `310` |", "| Produto Paramount+ | `311` |",
		"| Vínculo | plano de venda |", "| Planos de venda | `12`, `14` |",
		"| Autenticação | login do Hotsite", "| Contratos com direito | 10 |", "| Contratos prontos para login | 9 |",
		"| `PRODUCT_FISCAL` | erro | sem tributação | 1: produto #310 |", "| `LINK_DOUBLE` | aviso | dobro | 12 |",
		"enviado separadamente", "Etapas não verificadas:",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "0123456789abcdef") {
		t.Error("the token is in the hand-off without being asked for")
	}

	h.IncludeToken = true
	b.Reset()
	if err := HandoffMarkdown(&b, h, i18n.EN); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "| Token | `"+testToken+"` |") || strings.Contains(b.String(), "sent separately") {
		t.Errorf("markdown with token:\n%s", b.String())
	}
	if !strings.Contains(b.String(), "| Link method | sales plan |") {
		t.Errorf("English markdown:\n%s", b.String())
	}
}

func TestHandoffJSON(t *testing.T) {
	h := sampleHandoff(t)
	var b bytes.Buffer
	if err := HandoffJSON(&b, h); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(b.String(), "0123456789abcdef") || strings.Contains(b.String(), `"token":`) {
		t.Errorf("the token is in the JSON without being asked for:\n%s", b.String())
	}
	var got struct {
		Schema string `json:"schema"`
		IXC    struct {
			URL, TokenUser string
			Token          *string
		} `json:"ixc"`
		Products []struct{ Offer, ID string } `json:"products"`
		Link     struct {
			Method string   `json:"method"`
			Plans  []string `json:"plans"`
		} `json:"link"`
		Auth     struct{ Method string } `json:"auth"`
		OK       bool                    `json:"ok"`
		Summary  map[string]int          `json:"summary"`
		Findings []struct {
			Step, Code, Severity string
			Message              i18n.Text
			Records              int
		} `json:"findings"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Schema != HandoffSchema || got.IXC.URL != "https://ixc.example.com/webservice/v1" || got.IXC.Token != nil ||
		len(got.Products) != 2 || got.Products[1].ID != "311" || got.Link.Method != "plan" || len(got.Link.Plans) != 2 ||
		got.Auth.Method != "hotsite" || got.OK || got.Summary["entitled_contracts"] != 10 || got.Summary["ready_contracts"] != 9 {
		t.Errorf("JSON = %s", b.String())
	}
	if len(got.Findings) != 2 || got.Findings[1].Code != "LINK_DOUBLE" || got.Findings[1].Records != 12 ||
		got.Findings[1].Step != "link" || got.Findings[1].Message.EN != "double" || got.Findings[0].Severity != "error" {
		t.Errorf("findings = %+v", got.Findings)
	}

	h.IncludeToken = true
	b.Reset()
	if err := HandoffJSON(&b, h); err != nil {
		t.Fatal(err)
	}
	var withTok map[string]map[string]any
	_ = json.Unmarshal(b.Bytes(), &withTok)
	if withTok["ixc"]["token"] != testToken {
		t.Errorf("JSON with token: %s", b.String())
	}
}

// What support acts on: the ISP, the verdict, the products' and plans'
// names with the offers each plan carries, and every record of an error
// finding by id (IXC's word for the table, not its API name).
func TestHandoffNamesVerdictAndIDs(t *testing.T) {
	h := sampleHandoff(t)
	h.ISPName = "Provedor Exemplo"
	h.ProductNames = map[string]string{"leveduca": "LevEduca SVA", "paramount": "Paramount+ SVA"}
	h.Plans = []HandoffPlan{{ID: "12", Name: "FIBRA 300", Offers: []string{"leveduca", "paramount"}}, {ID: "14", Name: "FIBRA 500", Offers: []string{"leveduca"}}}
	var b bytes.Buffer
	if err := HandoffMarkdown(&b, h, i18n.PT); err != nil {
		t.Fatal(err)
	}
	md := b.String()
	for _, want := range []string{
		"**Provedor:** Provedor Exemplo", "**Pronto para ativar: não — 1 erro**",
		"| Produto LevEduca | `310` (LevEduca SVA) |", "| Produto Paramount+ | `311` (Paramount+ SVA) |",
		"| Planos de venda | `12` FIBRA 300 (LevEduca, Paramount+), `14` FIBRA 500 (LevEduca) |",
		"| 1: produto #310 |", "ixc-leveduca ", "15:04 +00:00",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q:\n%s", want, md)
		}
	}
	b.Reset()
	if err := HandoffJSON(&b, h); err != nil {
		t.Fatal(err)
	}
	var got struct {
		ISPName  string    `json:"isp_name"`
		Verdict  i18n.Text `json:"verdict"`
		Products []struct{ Offer, ID, Name string }
		Link     struct {
			PlanDetails []HandoffPlan `json:"plan_details"`
		} `json:"link"`
		Findings []struct {
			Code string
			IDs  []struct{ Table, ID string } `json:"ids"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.ISPName != "Provedor Exemplo" || got.Verdict.EN != "Ready to turn on: no — 1 error" || got.Products[0].Name != "LevEduca SVA" ||
		len(got.Link.PlanDetails) != 2 || got.Link.PlanDetails[0].Name != "FIBRA 300" ||
		len(got.Findings[0].IDs) != 1 || got.Findings[0].IDs[0].ID != "310" || len(got.Findings[1].IDs) != 0 {
		t.Errorf("JSON = %s", b.String())
	}
	if refs := RecordRefs([]steps.RecordRef{{Table: "cliente_contrato", ID: "1137"}, {Table: "cliente_contrato", ID: "1138"}, {Table: "cliente", ID: "5"}}, 2, i18n.PT); refs != "contrato #1137, #1138" {
		t.Errorf("refs = %q", refs)
	}
	if refs := RecordRefs([]steps.RecordRef{{Table: "cliente_contrato", ID: "1"}, {Table: "cliente_contrato", ID: "2"}, {Table: "cliente_contrato", ID: "3"}}, 2, i18n.PT); refs != "contrato #1, #2, … (+1)" {
		t.Errorf("refs = %q", refs)
	}
}

// The hand-off's time keeps the offset it was made in (the machine's
// local time), never turned to UTC.
func TestHandoffTimeKeepsItsOffset(t *testing.T) {
	h := sampleHandoff(t)
	h.GeneratedAt = time.Date(2026, 11, 30, 9, 4, 0, 0, time.FixedZone("BRT", -3*3600))
	var b bytes.Buffer
	if err := HandoffMarkdown(&b, h, i18n.PT); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "2026-11-30 09:04 -03:00") {
		t.Errorf("markdown:\n%s", b.String())
	}
	b.Reset()
	if err := HandoffJSON(&b, h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"generated_at": "2026-11-30T09:04:00-03:00"`) && !strings.Contains(b.String(), `"generated_at":"2026-11-30T09:04:00-03:00"`) {
		t.Errorf("json:\n%s", b.String())
	}
}

// A report with no error but nobody to log in says so in the verdict;
// with someone entitled, or an auth step that did not run, it does not.
func TestVerdictSaysWhenNobodyIsEntitled(t *testing.T) {
	auth := func(st steps.Status) []steps.StepResult {
		return []steps.StepResult{{Step: steps.StepAuth, Status: st}}
	}
	nobody := &steps.Report{Steps: auth(steps.StatusOK)}
	if v := Verdict(nobody, i18n.PT); !strings.Contains(v, "sim — nenhum erro, mas ninguém tem direito ainda") {
		t.Errorf("nobody entitled: %q", v)
	}
	if v := Verdict(nobody, i18n.EN); !strings.Contains(v, "nobody is entitled yet") {
		t.Errorf("nobody entitled (en): %q", v)
	}
	some := &steps.Report{Steps: auth(steps.StatusOK), Summary: steps.Summary{EntitledContracts: 3}}
	employees := &steps.Report{Steps: auth(steps.StatusOK), Summary: steps.Summary{ReadyEmployees: 2}}
	notRun := &steps.Report{Steps: auth(steps.StatusSkipped)}
	for _, rep := range []*steps.Report{some, employees, notRun} {
		if v := Verdict(rep, i18n.PT); v != "Pronto para ativar: sim — nenhum erro" {
			t.Errorf("%+v: %q", rep.Summary, v)
		}
	}
}
