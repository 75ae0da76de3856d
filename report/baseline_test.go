package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

var (
	brt      = time.FixedZone("BRT", -3*3600)
	thenTime = time.Date(2026, 8, 31, 9, 30, 0, 0, brt)
	nowTime  = time.Date(2026, 11, 30, 14, 0, 0, 0, brt)
)

// ixcWorld is a sandbox over real HTTP with a small LevEduca setup that has
// a few findings, changed between two audits as a technician would.
type ixcWorld struct {
	t   *testing.T
	sim *ixcsim.Sim
	url string
}

func newIXCWorld(t *testing.T) *ixcWorld {
	t.Helper()
	sim := ixcsim.New(ixcsim.Options{Seed: 3, Now: func() time.Time { return nowTime }})
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	w := &ixcWorld{t: t, sim: sim, url: url}
	sim.Put("unidades", ixcsim.Record{"id": "13", "descricao": "Serviço", "sigla": "SER"})
	for _, id := range []string{"310", "311"} {
		sim.Put("produtos", ixcsim.Record{"id": id, "descricao": "Produto " + id, "ativo": "S", "tipo": "S",
			"controla_estoque": "N", "movimentacao": "V", "unidade": "13", "preco_base": "9.90",
			"icms_issqn": "ISSQN", "id_class_fiscal": "3", "id_sub_grupo": "7"})
	}
	w.set("produtos", "310", map[string]string{"icms_issqn": ""}) // PRODUCT_FISCAL
	sim.Put("vd_contratos", ixcsim.Record{"id": "12", "nome": "FIBRA + LEVEDUCA", "tipo": "I", "Ativo": "S"})
	sim.Put("vd_contratos", ixcsim.Record{"id": "14", "nome": "FIBRA 500", "tipo": "I", "Ativo": "S"})
	w.planRow("1", "12", "310")
	w.planRow("2", "12", "311")
	// Customers 3 and 4 share an e-mail; customer 5 has none.
	for _, c := range [][3]string{{"1", "ana@example.com", "12"}, {"2", "bia@example.com", "12"},
		{"3", "loja@example.com", "14"}, {"4", "LOJA@example.com ", "12"}, {"5", "", "12"}} {
		id, email, plan := c[0], c[1], c[2]
		sim.Put("cliente", ixcsim.Record{"id": id, "razao": "Cliente " + id, "tipo_pessoa": "F",
			"cnpj_cpf": "", "hotsite_email": email, "senha": "s" + id, "ativo": "S"})
		sim.Put("cliente_contrato", ixcsim.Record{"id": "10" + id, "id_cliente": id, "id_vd_contrato": plan,
			"status": "A", "status_internet": "A", "contrato_suspenso": "N", "contrato": "Contrato 10" + id})
		sim.Put("radusuarios", ixcsim.Record{"id": id, "id_cliente": id, "id_contrato": "10" + id,
			"login": "user" + id, "senha": "x", "ativo": "S", "autenticacao": "L"})
	}
	return w
}

func (w *ixcWorld) planRow(id, plan, product string) {
	w.sim.Put("vd_contratos_produtos", ixcsim.Record{"id": id, "id_vd_contrato": plan, "id_contrato": "0",
		"id_produto": product, "tipo": "SVA", "qtde": "1", "valor_unit": "9.90", "id_plano": "0", "fixar_ip": "0"})
}

func (w *ixcWorld) set(table, id string, fields map[string]string) {
	w.t.Helper()
	rec, ok := w.sim.Row(table, id)
	if !ok {
		w.t.Fatalf("no %s %s", table, id)
	}
	for k, v := range fields {
		rec[k] = v
	}
	w.sim.Put(table, rec)
}

// change is what happened in IXC between the two audits: a hotsite e-mail
// removed (customer 4 moves from AUTH_HOTSITE_DUPLICATE to
// AUTH_HOTSITE_MISSING), a PPPoE login deactivated (contract 102), a plan
// row added (plan 14 gets the product: contract 103 entitled) and a product
// fixed (310's tributação).
func (w *ixcWorld) change() {
	w.set("cliente", "4", map[string]string{"hotsite_email": ""})
	w.set("radusuarios", "2", map[string]string{"ativo": "N"})
	w.planRow("3", "14", "310")
	w.set("produtos", "310", map[string]string{"icms_issqn": "ISSQN"})
}

func (w *ixcWorld) profile(auth string) *profile.Profile {
	w.t.Helper()
	p, err := profile.Parse([]byte(`
[ixc]
url = "` + w.url + `"
token_user = "1"

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
method = "` + auth + `"
`))
	if err != nil {
		w.t.Fatal(err)
	}
	return p
}

func (w *ixcWorld) audit(auth string) *steps.Report {
	w.t.Helper()
	tok, err := ixc.ParseToken(w.sim.DemoToken(), "")
	if err != nil {
		w.t.Fatal(err)
	}
	c, err := ixc.New(ixc.Options{BaseURL: w.url, Token: tok, Timeout: 5 * time.Second, MaxRetries: 1})
	if err != nil {
		w.t.Fatal(err)
	}
	return steps.Audit(context.Background(), c.Reader(), w.profile(auth), steps.Options{Now: func() time.Time { return nowTime }})
}

// writeJSON writes the audit JSON of rep, generated at, into dir.
func writeAuditJSON(t *testing.T, dir, name string, rep *steps.Report, at time.Time) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.JSONWith(&b, rep, i18n.PT, report.Meta{GeneratedAt: at, Version: "1.2.3"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func writeHandoffJSON(t *testing.T, dir, name string, rep *steps.Report, p *profile.Profile, at time.Time) string {
	t.Helper()
	var b bytes.Buffer
	if err := report.HandoffJSON(&b, report.Handoff{Report: rep, Profile: p, GeneratedAt: at, Lang: i18n.EN}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// side renders one side of a comparison as "CODE: table:id table:id".
func side(cs []report.CodeRecords) []string {
	var out []string
	for _, c := range cs {
		s := c.Code + ":"
		for _, r := range c.Records {
			s += " " + r.Table + ":" + r.ID
		}
		if c.Whole {
			s += " (whole)"
		}
		out = append(out, s)
	}
	return out
}

func summaryOf(rep *steps.Report) [3]int {
	return [3]int{rep.Summary.EntitledContracts, rep.Summary.ReadyContracts, rep.Summary.ReadyEmployees}
}

// The comparison after real changes in the sandbox, for both auth methods
// the changes touch: each sees exactly its own records move, and nothing
// of the change that does not concern it.
func TestCompareAfterChangesInIXC(t *testing.T) {
	w := newIXCWorld(t)
	dir := t.TempDir()
	hotThen, pppThen := w.audit("hotsite"), w.audit("pppoe")
	if got := summaryOf(hotThen); got != [3]int{4, 2, 0} {
		t.Fatalf("hotsite baseline summary = %v", got)
	}
	if got := summaryOf(pppThen); got != [3]int{4, 4, 0} {
		t.Fatalf("pppoe baseline summary = %v", got)
	}
	hotFile := writeAuditJSON(t, dir, "hotsite.json", hotThen, thenTime)
	pppFile := writeHandoffJSON(t, dir, "pppoe-entrega.json", pppThen, w.profile("pppoe"), thenTime)

	w.change()
	hotNow, pppNow := w.audit("hotsite"), w.audit("pppoe")

	cases := []struct {
		name, file   string
		now          *steps.Report
		kind         string
		new, resolvd []string
		delta        report.SummaryDelta
	}{
		{"hotsite from an audit JSON", hotFile, hotNow, report.BaselineAudit,
			// Customer 4 lost its e-mail: new under MISSING, resolved under
			// DUPLICATE, with customer 3, who no longer shares it.
			[]string{"AUTH_HOTSITE_MISSING: cliente:4"},
			[]string{"PRODUCT_FISCAL: produtos:310 (whole)", "LINK_PLAN_MISSING: vd_contratos:14 (whole)",
				"AUTH_HOTSITE_DUPLICATE: cliente:3 cliente:4 (whole)"},
			// 103 entitled and ready (its e-mail is no longer shared); 104
			// no longer ready.
			report.SummaryDelta{EntitledContracts: 1, ReadyContracts: 1}},
		{"pppoe from a hand-off JSON", pppFile, pppNow, report.BaselineHandoff,
			[]string{"AUTH_PPPOE_MISSING: cliente_contrato:102 (whole)"},
			[]string{"PRODUCT_FISCAL: produtos:310 (whole)", "LINK_PLAN_MISSING: vd_contratos:14 (whole)"},
			report.SummaryDelta{EntitledContracts: 1, ReadyContracts: 0}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b, err := report.ReadBaseline(tc.file)
			if err != nil {
				t.Fatal(err)
			}
			if b.Kind != tc.kind || !b.GeneratedAt.Equal(thenTime) {
				t.Errorf("baseline kind %s at %v", b.Kind, b.GeneratedAt)
			}
			d, err := report.Compare(b, tc.now)
			if err != nil {
				t.Fatal(err)
			}
			if got := side(d.New); !slices.Equal(got, tc.new) {
				t.Errorf("new =\n%q\nwant\n%q", got, tc.new)
			}
			if got := side(d.Resolved); !slices.Equal(got, tc.resolvd) {
				t.Errorf("resolved =\n%q\nwant\n%q", got, tc.resolvd)
			}
			if got := d.Delta(); got != tc.delta {
				t.Errorf("delta = %+v, want %+v", got, tc.delta)
			}
			if len(d.NotCompared) != 0 {
				t.Errorf("not compared: %v", d.NotCompared)
			}
		})
	}

	// The hand-off of the hotsite audit gives the same comparison as its
	// audit JSON.
	hotHandoff := writeHandoffJSON(t, dir, "hotsite-entrega.json", hotThen, w.profile("hotsite"), thenTime)
	b1, err := report.ReadBaseline(hotFile)
	if err != nil {
		t.Fatal(err)
	}
	b2, err := report.ReadBaseline(hotHandoff)
	if err != nil {
		t.Fatal(err)
	}
	d1, _ := report.Compare(b1, hotNow)
	d2, _ := report.Compare(b2, hotNow)
	if !slices.Equal(side(d1.New), side(d2.New)) || !slices.Equal(side(d1.Resolved), side(d2.Resolved)) || d1.Delta() != d2.Delta() {
		t.Errorf("hand-off baseline differs from the audit baseline:\n%v %v\n%v %v", side(d2.New), side(d2.Resolved), side(d1.New), side(d1.Resolved))
	}

	// Compared with itself, nothing changed.
	same, _ := report.Compare(b1, hotThen)
	if same.Changed() || same.Delta() != (report.SummaryDelta{}) {
		t.Errorf("an audit compared with itself: new %v resolved %v delta %+v", side(same.New), side(same.Resolved), same.Delta())
	}
}

// A record that changes only within a code that stays reported is new (or
// resolved) under that code, not the whole finding.
func TestCompareRecordsWithinACode(t *testing.T) {
	w := newIXCWorld(t)
	dir := t.TempDir()
	then := w.audit("hotsite")
	file := writeAuditJSON(t, dir, "then.json", then, thenTime)
	// Customer 5 gets an e-mail (resolved under MISSING), customer 1 loses
	// its password (new under MISSING).
	w.set("cliente", "5", map[string]string{"hotsite_email": "eva@example.com"})
	w.set("cliente", "1", map[string]string{"senha": ""})
	now := w.audit("hotsite")
	b, err := report.ReadBaseline(file)
	if err != nil {
		t.Fatal(err)
	}
	d, err := report.Compare(b, now)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := side(d.New), []string{"AUTH_HOTSITE_MISSING: cliente:1"}; !slices.Equal(got, want) {
		t.Errorf("new = %q, want %q", got, want)
	}
	if got, want := side(d.Resolved), []string{"AUTH_HOTSITE_MISSING: cliente:5"}; !slices.Equal(got, want) {
		t.Errorf("resolved = %q, want %q", got, want)
	}
	if got := d.Delta(); got != (report.SummaryDelta{}) {
		t.Errorf("delta = %+v", got)
	}
	if a, g := d.Findings(); a != 0 || g != 0 {
		t.Errorf("findings appeared %d, gone %d", a, g)
	}
	if a, g := d.Problems(); a != 1 || g != 1 {
		t.Errorf("problems new %d, resolved %d", a, g)
	}
}

// When IXC cannot be reached now, the connection finding is new with no
// records ([]), and the steps that did not run are not compared: their
// findings are not "resolved".
func TestCompareWhenIXCIsDown(t *testing.T) {
	w := newIXCWorld(t)
	then := w.audit("hotsite")
	file := writeAuditJSON(t, t.TempDir(), "then.json", then, thenTime)
	_ = w.sim.Close()
	now := w.audit("hotsite")
	b, err := report.ReadBaseline(file)
	if err != nil {
		t.Fatal(err)
	}
	d, err := report.Compare(b, now)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := side(d.New), []string{"IXC_UNREACHABLE: (whole)"}; !slices.Equal(got, want) {
		t.Errorf("new = %q, want %q", got, want)
	}
	if len(d.Resolved) != 0 {
		t.Errorf("resolved = %q", side(d.Resolved))
	}
	if want := []string{"product", "link", "auth"}; !slices.Equal(d.NotCompared, want) {
		t.Errorf("not compared = %v, want %v", d.NotCompared, want)
	}
	txt := ansiRE.ReplaceAllString(report.TextWith(now, i18n.PT, 80, report.Meta{Drift: d}), "")
	if !strings.Contains(txt, "  contratos com direito: 4 → 0 (não comparável: etapa não executada)\n") ||
		!strings.Contains(strings.Join(strings.Fields(txt), " "), "Etapas não comparadas (não executadas numa das duas auditorias): Produto, Vínculo, Autenticação.") ||
		!strings.Contains(txt, "✗ IXC_UNREACHABLE (novo)") {
		t.Errorf("text:\n%s", txt)
	}
	var js bytes.Buffer
	if err := report.JSONWith(&js, now, i18n.EN, report.Meta{Drift: d}); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Baseline struct {
			New []struct {
				Code    string            `json:"code"`
				Records []steps.RecordRef `json:"records"`
			} `json:"new"`
			NotCompared []string `json:"not_compared"`
		} `json:"baseline"`
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Baseline.New) != 1 || got.Baseline.New[0].Records == nil || !strings.Contains(js.String(), `"records": []`) {
		t.Errorf("a code without records is not listed with []:\n%s", js.String())
	}
}

// A baseline of another IXC, an unreadable file and a foreign file are
// input errors naming the file.
func TestBaselineRefused(t *testing.T) {
	w := newIXCWorld(t)
	other := newIXCWorld(t)
	dir := t.TempDir()
	otherFile := writeAuditJSON(t, dir, "other.json", other.audit("hotsite"), thenTime)
	now := w.audit("hotsite")

	b, err := report.ReadBaseline(otherFile)
	if err != nil {
		t.Fatal(err)
	}
	_, err = report.Compare(b, now)
	var be *report.BaselineError
	if !errors.As(err, &be) || !strings.Contains(be.Text().PT, "other.json") || !strings.Contains(be.Text().EN, "another IXC") ||
		!strings.Contains(be.Text().EN, other.url) {
		t.Errorf("another IXC: %v", err)
	}

	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	oldHandoff := write("old-handoff.json", `{"schema":"ixc-leveduca/handoff/v1","ixc":{"url":"`+w.url+`"},"summary":{},"steps":[],"findings":[]}`)
	for name, path := range map[string]string{
		"missing":      filepath.Join(dir, "nope.json"),
		"directory":    dir,
		"not JSON":     write("notes.json", "hello"),
		"foreign JSON": write("package.json", `{"name":"x","version":"1"}`),
		"old hand-off": oldHandoff,
		"control in id": write("evil.json", `{"schema":"ixc-leveduca/audit/v1","ixc":{"url":"`+w.url+`"},"summary":{},`+
			`"steps":[{"step":"auth","status":"error","findings":[{"code":"AUTH_HOTSITE_MISSING","records":[{"table":"cliente","id":"1\u001b[31m"}]}]}]}`),
	} {
		_, err := report.ReadBaseline(path)
		if !errors.As(err, &be) || !strings.Contains(be.Text().PT, filepath.Base(path)) {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if strings.ContainsRune(be.Text().PT, 0x1b) {
			t.Errorf("%s: control character in the message %q", name, be.Text().PT)
		}
	}
	if _, err := report.ReadBaseline(oldHandoff); err == nil || !strings.Contains(err.Error(), "earlier version") {
		t.Errorf("old hand-off: %v", err)
	}
}

var ansiRE = regexp.MustCompile("\x1b\\[[0-9;]*m")

// The three formats of a comparison after real changes in the sandbox.
func TestCompareRendered(t *testing.T) {
	w := newIXCWorld(t)
	dir := t.TempDir()
	file := writeHandoffJSON(t, dir, "entrega.json", w.audit("hotsite"), w.profile("hotsite"), thenTime)
	w.change()
	now := w.audit("hotsite")
	b, err := report.ReadBaseline(file)
	if err != nil {
		t.Fatal(err)
	}
	d, err := report.Compare(b, now)
	if err != nil {
		t.Fatal(err)
	}
	m := report.Meta{GeneratedAt: nowTime, Version: "1.2.3", Drift: d}

	txt := ansiRE.ReplaceAllString(report.TextWith(now, i18n.PT, 80, m), "")
	for _, want := range []string{
		"\nDesde a última auditoria (31/08/2026 09:30)\n  base: entrega.json (relatório de entrega)\n" +
			"  Achados: 0 novos, 3 resolvidos · registros: 1 novo, 4 resolvidos\n" +
			"  contratos com direito: 4 → 5 (+1)\n  prontos para login: 2 → 3 (+1)\n" +
			"  ✓ PRODUCT_FISCAL −1 (resolvido)\n    1 produto sem Tributação ou Classificação fiscal de saída.\n" +
			"    resolvidos: produtos 310\n" +
			"  ✓ LINK_PLAN_MISSING −1 (resolvido)\n",
		"  ✗ AUTH_HOTSITE_MISSING +1\n    2 clientes com direito sem login ou senha do Hotsite.\n    novos: cliente 4\n" +
			"  ✓ AUTH_HOTSITE_DUPLICATE −2 (resolvido)\n",
		"    resolvidos: cliente 3, 4\n",
	} {
		if !strings.Contains(txt, want) {
			t.Errorf("text lacks\n%s\nin\n%s", want, txt)
		}
	}
	// The section comes before the steps.
	if i, j := strings.Index(txt, "Desde a última auditoria"), strings.Index(txt, "Token e conexão"); i < 0 || j < i {
		t.Errorf("the section is not at the top:\n%s", txt)
	}
	for _, line := range strings.Split(txt, "\n") {
		if n := len([]rune(line)); n > 80 {
			t.Errorf("line of %d columns: %q", n, line)
		}
	}
	en := ansiRE.ReplaceAllString(report.TextWith(now, i18n.EN, 80, m), "")
	if !strings.Contains(en, "Since the last audit (2026-08-31 09:30)\n  baseline: entrega.json (hand-off)\n"+
		"  Findings: 0 new, 3 resolved · records: 1 new, 4 resolved\n  entitled contracts: 4 → 5 (+1)\n") {
		t.Errorf("English text:\n%s", en)
	}

	var md bytes.Buffer
	if err := report.MarkdownWith(&md, now, i18n.PT, m); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"\n## Desde a última auditoria (31/08/2026 09:30)\n\n_Base de comparação: entrega.json (relatório de entrega)_\n\n" +
			"Achados: 0 novos, 3 resolvidos · registros: 1 novo, 4 resolvidos\n\n" +
			"| Contagem | Antes | Agora | Diferença |\n|---|---:|---:|---:|\n" +
			"| Contratos com direito | 4 | 5 | +1 |\n| Prontos para login | 2 | 3 | +1 |\n\n" +
			"| Código | Registros | Mensagem |\n|---|---|---|\n" +
			"| `PRODUCT_FISCAL` (resolvido) | −1 | 1 produto sem Tributação ou Classificação fiscal de saída. |\n" +
			"| `LINK_PLAN_MISSING` (resolvido) | −1 | 1 plano listado sem nenhum dos produtos configurados. |\n" +
			"| `AUTH_HOTSITE_MISSING` | +1 | 2 clientes com direito sem login ou senha do Hotsite. |\n" +
			"| `AUTH_HOTSITE_DUPLICATE` (resolvido) | −2 | 2 clientes compartilham o mesmo login do Hotsite. |\n\n" +
			"- `PRODUCT_FISCAL` resolvidos: produtos 310\n- `LINK_PLAN_MISSING` resolvidos: vd_contratos 14\n" +
			"- `AUTH_HOTSITE_MISSING` novos: cliente 4\n- `AUTH_HOTSITE_DUPLICATE` resolvidos: cliente 3, 4\n\n## Token e conexão",
	} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks\n%s\nin\n%s", want, md.String())
		}
	}

	var js bytes.Buffer
	if err := report.JSONWith(&js, now, i18n.EN, m); err != nil {
		t.Fatal(err)
	}
	var got struct {
		GeneratedAt string            `json:"generated_at"`
		Tool        map[string]string `json:"tool"`
		Summary     map[string]int    `json:"summary"`
		Baseline    json.RawMessage   `json:"baseline"`
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.GeneratedAt != "2026-11-30T14:00:00-03:00" || got.Tool["name"] != "ixc-leveduca" || got.Tool["version"] != "1.2.3" {
		t.Errorf("generated_at %q, tool %v", got.GeneratedAt, got.Tool)
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, got.Baseline); err != nil {
		t.Fatal(err)
	}
	want := `{"generated_at":"2026-08-31T09:30:00-03:00",` +
		`"new":[{"code":"AUTH_HOTSITE_MISSING","records":[{"table":"cliente","id":"4"}]}],` +
		`"resolved":[{"code":"PRODUCT_FISCAL","records":[{"table":"produtos","id":"310"}]},` +
		`{"code":"LINK_PLAN_MISSING","records":[{"table":"vd_contratos","id":"14"}]},` +
		`{"code":"AUTH_HOTSITE_DUPLICATE","records":[{"table":"cliente","id":"3"},{"table":"cliente","id":"4"}]}],` +
		`"summary_delta":{"entitled_contracts":1,"ready_contracts":1,"ready_employees":0}}`
	if compact.String() != want {
		t.Errorf("baseline =\n%s\nwant\n%s", compact.String(), want)
	}
}

// The hand-off JSON carries the full audit report under "audit": every
// finding with every record, in the audit/v1 schema.
func TestHandoffCarriesTheFullAudit(t *testing.T) {
	w := newIXCWorld(t)
	rep := w.audit("hotsite")
	var a, h bytes.Buffer
	if err := report.JSONWith(&a, rep, i18n.EN, report.Meta{GeneratedAt: thenTime}); err != nil {
		t.Fatal(err)
	}
	if err := report.HandoffJSON(&h, report.Handoff{Report: rep, Profile: w.profile("hotsite"), GeneratedAt: thenTime, Lang: i18n.EN}); err != nil {
		t.Fatal(err)
	}
	var audit map[string]any
	var handoff struct {
		Audit map[string]any `json:"audit"`
	}
	if err := json.Unmarshal(a.Bytes(), &audit); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(h.Bytes(), &handoff); err != nil {
		t.Fatal(err)
	}
	delete(audit, "tool")
	delete(handoff.Audit, "tool")
	aj, _ := json.Marshal(audit)
	hj, _ := json.Marshal(handoff.Audit)
	if string(aj) != string(hj) {
		t.Errorf("hand-off audit =\n%s\nwant\n%s", hj, aj)
	}
	if !strings.Contains(string(hj), `{"id":"4","table":"cliente"}`) || !strings.Contains(string(hj), `"schema":"ixc-leveduca/audit/v1"`) {
		t.Errorf("hand-off audit lacks records: %s", hj)
	}
}

// Beside a profile, the latest audit or hand-off of the same IXC is found,
// by the time its audit ran; other files are passed over.
func TestLatestBaseline(t *testing.T) {
	w := newIXCWorld(t)
	other := newIXCWorld(t)
	dir := t.TempDir()
	rep := w.audit("hotsite")
	if b, err := report.LatestBaseline(dir, w.url); err != nil || b != nil {
		t.Fatalf("empty dir: %v, %v", b, err)
	}
	writeAuditJSON(t, dir, report.AuditFileName(filepath.Join(dir, "perfil.toml"), thenTime), rep, thenTime)
	later := thenTime.Add(24 * time.Hour)
	handoff := writeHandoffJSON(t, dir, "ixc-leveduca-entrega.json", rep, w.profile("hotsite"), later)
	// Newer, but of another IXC, foreign, or not a file.
	writeAuditJSON(t, dir, "outro.json", other.audit("hotsite"), later.Add(time.Hour))
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name":"x"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Mkdir(filepath.Join(dir, "dir.json"), 0o700); err != nil {
		t.Fatal(err)
	}
	b, err := report.LatestBaseline(dir, w.url)
	if err != nil || b == nil || b.Path != handoff || b.Kind != report.BaselineHandoff || !b.GeneratedAt.Equal(later) {
		t.Fatalf("latest = %+v, %v; want the hand-off %s", b, err, handoff)
	}
	if got := report.AuditFileName("/x/perfil.toml", thenTime); got != "perfil-auditoria-2026-08-31-093000.json" {
		t.Errorf("AuditFileName = %q", got)
	}
	if b, err := report.LatestBaseline(dir, other.url); err != nil || b == nil || filepath.Base(b.Path) != "outro.json" {
		t.Errorf("other IXC: %+v, %v", b, err)
	}
}

// The same IXC written in different ways is the same IXC, a LAN IXC over
// plain http (allow_http) included; another host, port or scheme is not.
func TestBaselineSameIXC(t *testing.T) {
	rep := &steps.Report{URL: "http://192.168.0.10/webservice/v1"}
	for url, same := range map[string]bool{
		"http://192.168.0.10/webservice/v1":      true,
		"HTTP://192.168.0.10:80/webservice/v1/":  true,
		"http://192.168.0.10":                    true,
		"https://192.168.0.10/webservice/v1":     false,
		"http://192.168.0.11/webservice/v1":      false,
		"http://192.168.0.10:8080/webservice/v1": false,
	} {
		data := `{"schema":"ixc-leveduca/audit/v1","ixc":{"url":"` + url + `"},"summary":{},"steps":[]}`
		b, err := report.ParseBaseline([]byte(data))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := report.Compare(b, rep); (err == nil) != same {
			t.Errorf("%s: err %v, want same IXC %v", url, err, same)
		}
	}
}
