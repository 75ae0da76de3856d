package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
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
		"| `PRODUCT_FISCAL` | erro | sem tributação | 1 |", "| `LINK_DOUBLE` | aviso | dobro | 12 |",
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
