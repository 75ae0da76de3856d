package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// baselineWorld is a sandbox over real HTTP with a small LevEduca setup and
// a profile file for it: product 310 lacks its tributação (PRODUCT_FISCAL),
// listed plan 14 lacks the product (LINK_PLAN_MISSING), customers 3 and 4
// share an e-mail (AUTH_HOTSITE_DUPLICATE) and customer 5 has none
// (AUTH_HOTSITE_MISSING).
type baselineWorld struct {
	t       *testing.T
	sim     *ixcsim.Sim
	url     string
	profile string
	env     map[string]string
}

func newBaselineWorld(t *testing.T) *baselineWorld {
	t.Helper()
	sim := ixcsim.New(ixcsim.Options{Seed: 5})
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	w := &baselineWorld{t: t, sim: sim, url: url, env: map[string]string{"IXC_TOKEN": sim.DemoToken()}}
	sim.Put("unidades", ixcsim.Record{"id": "13", "descricao": "Serviço", "sigla": "SER"})
	sim.Put("produtos", ixcsim.Record{"id": "310", "descricao": "LevEduca", "ativo": "S", "tipo": "S",
		"controla_estoque": "N", "movimentacao": "V", "unidade": "13", "preco_base": "9.90",
		"icms_issqn": "", "id_class_fiscal": "3", "id_sub_grupo": "7"})
	sim.Put("vd_contratos", ixcsim.Record{"id": "12", "nome": "FIBRA + LEVEDUCA", "tipo": "I", "Ativo": "S"})
	sim.Put("vd_contratos", ixcsim.Record{"id": "14", "nome": "FIBRA 500", "tipo": "I", "Ativo": "S"})
	w.planRow("1", "12")
	for _, c := range [][3]string{{"1", "ana@example.com", "12"}, {"2", "bia@example.com", "12"},
		{"3", "loja@example.com", "14"}, {"4", "loja@example.com", "12"}, {"5", "", "12"}} {
		id, email, plan := c[0], c[1], c[2]
		sim.Put("cliente", ixcsim.Record{"id": id, "razao": "Cliente " + id, "tipo_pessoa": "F",
			"cnpj_cpf": "", "hotsite_email": email, "senha": "s" + id, "ativo": "S"})
		sim.Put("cliente_contrato", ixcsim.Record{"id": "10" + id, "id_cliente": id, "id_vd_contrato": plan,
			"status": "A", "status_internet": "A", "contrato_suspenso": "N", "contrato": "Contrato 10" + id})
		sim.Put("radusuarios", ixcsim.Record{"id": id, "id_cliente": id, "id_contrato": "10" + id,
			"login": "user" + id, "senha": "x", "ativo": "S", "autenticacao": "L"})
	}
	w.profile = filepath.Join(t.TempDir(), "perfil.toml")
	w.writeProfile("hotsite")
	return w
}

func (w *baselineWorld) writeProfile(auth string) {
	w.t.Helper()
	body := "[ixc]\nurl = \"" + w.url + "\"\n\n[[product]]\noffer = \"leveduca\"\nid = \"310\"\n\n" +
		"[link]\nmethod = \"plan\"\nplans = [\"12\", \"14\"]\n\n[auth]\nmethod = \"" + auth + "\"\n"
	if err := os.WriteFile(w.profile, []byte(body), 0o600); err != nil {
		w.t.Fatal(err)
	}
}

func (w *baselineWorld) planRow(id, plan string) {
	w.sim.Put("vd_contratos_produtos", ixcsim.Record{"id": id, "id_vd_contrato": plan, "id_contrato": "0",
		"id_produto": "310", "tipo": "SVA", "qtde": "1", "valor_unit": "9.90", "id_plano": "0", "fixar_ip": "0"})
}

func (w *baselineWorld) set(table, id string, fields map[string]string) {
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

// change is a few months of life in IXC: a hotsite e-mail removed
// (customer 4), a PPPoE login deactivated (contract 102), a plan row added
// (plan 14 gets the product) and the product fixed.
func (w *baselineWorld) change() {
	w.set("cliente", "4", map[string]string{"hotsite_email": ""})
	w.set("radusuarios", "2", map[string]string{"ativo": "N"})
	w.planRow("2", "14")
	w.set("produtos", "310", map[string]string{"icms_issqn": "ISSQN"})
}

func (w *baselineWorld) audit(args ...string) (int, string, string) {
	w.t.Helper()
	return run(w.t, w.env, append([]string{"audit", "--profile", w.profile}, args...)...)
}

type baselineJSON struct {
	GeneratedAt string `json:"generated_at"`
	New         []struct {
		Code    string            `json:"code"`
		Records []steps.RecordRef `json:"records"`
	} `json:"new"`
	Resolved []struct {
		Code    string            `json:"code"`
		Records []steps.RecordRef `json:"records"`
	} `json:"resolved"`
	SummaryDelta map[string]int `json:"summary_delta"`
}

func sides(b baselineJSON) (newer, resolved string) {
	var n, r []string
	for _, c := range b.New {
		s := c.Code + ":"
		for _, rec := range c.Records {
			s += " " + rec.Table + "/" + rec.ID
		}
		n = append(n, s)
	}
	for _, c := range b.Resolved {
		s := c.Code + ":"
		for _, rec := range c.Records {
			s += " " + rec.Table + "/" + rec.ID
		}
		r = append(r, s)
	}
	return strings.Join(n, "; "), strings.Join(r, "; ")
}

// audit --baseline, after real changes in the sandbox, from an audit JSON
// kept with --out and from a hand-off JSON, for both auth methods the
// changes touch, in the three formats.
func TestAuditBaseline(t *testing.T) {
	w := newBaselineWorld(t)
	dir := t.TempDir()
	hotThen := filepath.Join(dir, "perfil-auditoria-2026-09-01.json")
	if code, _, errOut := w.audit("--format", "json", "--out", hotThen); code != ExitFindings {
		t.Fatalf("first audit: exit %d, %s", code, errOut)
	}
	// The pppoe baseline is a hand-off JSON, as the wizard writes it.
	w.writeProfile("pppoe")
	p, err := profile.Load(w.profile)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := ixc.ParseToken(w.sim.DemoToken(), "")
	client, err := ixc.New(ixc.Options{BaseURL: w.url, Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	pppRep := steps.Audit(t.Context(), client.Reader(), p, steps.Options{})
	var hb bytes.Buffer
	if err := report.HandoffJSON(&hb, report.Handoff{Report: pppRep, Profile: p, GeneratedAt: time.Now().Add(-90 * 24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	pppThen := filepath.Join(dir, "ixc-leveduca-entrega.json")
	if err := os.WriteFile(pppThen, hb.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}

	w.change()

	t.Run("hotsite, audit JSON", func(t *testing.T) {
		w.writeProfile("hotsite")
		code, out, errOut := w.audit("--format", "json", "--baseline", hotThen)
		if code != ExitFindings { // AUTH_HOTSITE_MISSING is still an error now
			t.Fatalf("exit %d, %s", code, errOut)
		}
		var got struct {
			Baseline baselineJSON `json:"baseline"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		n, r := sides(got.Baseline)
		if n != "AUTH_HOTSITE_MISSING: cliente/4" {
			t.Errorf("new = %s", n)
		}
		if r != "PRODUCT_FISCAL: produtos/310; LINK_PLAN_MISSING: vd_contratos/14; AUTH_HOTSITE_DUPLICATE: cliente/3 cliente/4" {
			t.Errorf("resolved = %s", r)
		}
		// 103 now entitled and ready; 104 entitled, no longer ready.
		if d := got.Baseline.SummaryDelta; d["entitled_contracts"] != 1 || d["ready_contracts"] != 1 || d["ready_employees"] != 0 || len(d) != 3 {
			t.Errorf("summary_delta = %v", d)
		}
		if _, err := time.Parse(time.RFC3339, got.Baseline.GeneratedAt); err != nil {
			t.Errorf("baseline generated_at %q", got.Baseline.GeneratedAt)
		}

		code, out, _ = w.audit("--baseline", hotThen)
		if code != ExitFindings || !strings.Contains(out, "Desde a última auditoria (") ||
			!strings.Contains(out, "Achados: 0 novos, 3 resolvidos · registros: 1 novo, 4 resolvidos") ||
			!strings.Contains(out, "contratos com direito: 4 → 5 (+1)") || !strings.Contains(out, "AUTH_HOTSITE_MISSING +1") {
			t.Errorf("text: exit %d\n%s", code, out)
		}
		code, out, _ = w.audit("--baseline", hotThen, "--format", "markdown", "--lang", "en")
		if code != ExitFindings || !strings.Contains(out, "## Since the last audit (") ||
			!strings.Contains(out, "| Entitled contracts | 4 | 5 | +1 |") ||
			!strings.Contains(out, "- `AUTH_HOTSITE_DUPLICATE` resolved: cliente 3, 4") {
			t.Errorf("markdown: exit %d\n%s", code, out)
		}
	})

	t.Run("pppoe, hand-off JSON", func(t *testing.T) {
		w.writeProfile("pppoe")
		code, out, errOut := w.audit("--format", "json", "--baseline", pppThen)
		if code != ExitFindings { // AUTH_PPPOE_MISSING
			t.Fatalf("exit %d, %s", code, errOut)
		}
		var got struct {
			Baseline baselineJSON `json:"baseline"`
		}
		if err := json.Unmarshal([]byte(out), &got); err != nil {
			t.Fatal(err)
		}
		n, r := sides(got.Baseline)
		if n != "AUTH_PPPOE_MISSING: cliente_contrato/102" || r != "PRODUCT_FISCAL: produtos/310; LINK_PLAN_MISSING: vd_contratos/14" {
			t.Errorf("new = %s\nresolved = %s", n, r)
		}
		if d := got.Baseline.SummaryDelta; d["entitled_contracts"] != 1 || d["ready_contracts"] != 0 {
			t.Errorf("summary_delta = %v", d)
		}
		code, out, _ = w.audit("--baseline", pppThen, "--format", "markdown")
		if code != ExitFindings || !strings.Contains(out, "_Base de comparação: ixc-leveduca-entrega.json (relatório de entrega)_") ||
			!strings.Contains(out, "| `AUTH_PPPOE_MISSING` (novo) | +1 |") {
			t.Errorf("markdown: exit %d\n%s", code, out)
		}
	})

	t.Run("the exit code follows the current findings", func(t *testing.T) {
		w.writeProfile("hotsite")
		w.set("cliente", "4", map[string]string{"hotsite_email": "quatro@example.com"})
		w.set("cliente", "5", map[string]string{"hotsite_email": "cinco@example.com"})
		code, out, errOut := w.audit("--baseline", hotThen, "--format", "json")
		if code != ExitOK || !strings.Contains(out, `"resolved"`) {
			t.Errorf("exit %d (want 0: no error now, whatever the baseline had), %s\n%s", code, errOut, out)
		}
	})
}

// A baseline that cannot be used is an input error (exit 2) naming the
// file, found before any request reaches IXC.
func TestAuditBaselineRefused(t *testing.T) {
	w := newBaselineWorld(t)
	other := newBaselineWorld(t)
	dir := t.TempDir()
	otherFile := filepath.Join(dir, "outro-ixc.json")
	if code, _, errOut := other.audit("--format", "json", "--out", otherFile); code != ExitFindings {
		t.Fatalf("other audit: exit %d, %s", code, errOut)
	}
	foreign := filepath.Join(dir, "package.json")
	if err := os.WriteFile(foreign, []byte(`{"name": "x"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct{ file, want string }{
		"another IXC": {otherFile, "é de outro IXC (" + other.url + ")"},
		"missing":     {filepath.Join(dir, "nada.json"), "o arquivo não existe"},
		"foreign":     {foreign, "não é o JSON de uma auditoria"},
		"directory":   {dir, "não é um arquivo comum"},
	} {
		t.Run(name, func(t *testing.T) {
			before := w.sim.Stats().Requests
			for _, format := range []string{"text", "json", "markdown"} {
				code, out, errOut := w.audit("--baseline", c.file, "--format", format)
				if code != ExitUsage || !strings.Contains(errOut, "--baseline "+c.file+": ") || !strings.Contains(errOut, c.want) || out != "" {
					t.Errorf("%s: exit %d\nstderr %s\nstdout %s", format, code, errOut, out)
				}
			}
			if n := w.sim.Stats().Requests - before; n != 0 {
				t.Errorf("%d request(s) reached IXC", n)
			}
		})
	}
	code, _, errOut := w.audit("--baseline", otherFile, "--lang", "en")
	if code != ExitUsage || !strings.Contains(errOut, "is from another IXC") {
		t.Errorf("English: exit %d, %s", code, errOut)
	}
}

// A baseline kept from --demo serves the next --demo run (a new loopback
// port each time, the same demo IXC): nothing changed.
func TestAuditDemoBaseline(t *testing.T) {
	file := filepath.Join(t.TempDir(), "demo.json")
	if code, _, errOut := run(t, nil, "audit", "--demo", "--format", "json", "--out", file); code != ExitFindings {
		t.Fatalf("first demo audit: exit %d, %s", code, errOut)
	}
	code, out, errOut := run(t, nil, "audit", "--demo", "--format", "json", "--baseline", file)
	if code != ExitFindings {
		t.Fatalf("exit %d, %s", code, errOut)
	}
	var got struct {
		Baseline baselineJSON `json:"baseline"`
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if n, r := sides(got.Baseline); n != "" || r != "" || got.Baseline.SummaryDelta["entitled_contracts"] != 0 {
		t.Errorf("demo against itself: new %q resolved %q delta %v", n, r, got.Baseline.SummaryDelta)
	}
}
