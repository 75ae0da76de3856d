package ui

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// sinceIXC is a small LevEduca setup with a few findings: product 310
// lacks its tributação, listed plan 14 lacks the product, customers 3 and
// 4 share an e-mail and customer 5 has none.
func sinceIXC(t *testing.T) (*ixcsim.Sim, string, string) {
	t.Helper()
	sim := ixcsim.New(ixcsim.Options{Seed: 2, Now: func() time.Time { return testNow }})
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	sim.Put("unidades", ixcsim.Record{"id": "13", "descricao": "Serviço", "sigla": "SER"})
	sim.Put("produtos", ixcsim.Record{"id": "310", "descricao": "LevEduca", "ativo": "S", "tipo": "S",
		"controla_estoque": "N", "movimentacao": "V", "unidade": "13", "preco_base": "9.90",
		"icms_issqn": "", "id_class_fiscal": "3", "id_sub_grupo": "7"})
	sim.Put("vd_contratos", ixcsim.Record{"id": "12", "nome": "FIBRA + LEVEDUCA", "tipo": "I", "Ativo": "S"})
	sim.Put("vd_contratos", ixcsim.Record{"id": "14", "nome": "FIBRA 500", "tipo": "I", "Ativo": "S"})
	sinceRow(sim, "1", "12")
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
	prof := "[ixc]\nurl = \"" + url + "\"\n\n[[product]]\noffer = \"leveduca\"\nid = \"310\"\n\n" +
		"[link]\nmethod = \"plan\"\nplans = [\"12\", \"14\"]\n\n[auth]\nmethod = \"hotsite\"\n"
	return sim, url, prof
}

func sinceRow(sim *ixcsim.Sim, id, plan string) {
	sim.Put("vd_contratos_produtos", ixcsim.Record{"id": id, "id_vd_contrato": plan, "id_contrato": "0",
		"id_produto": "310", "tipo": "SVA", "qtde": "1", "valor_unit": "9.90", "id_plano": "0", "fixar_ip": "0"})
}

func sinceSet(t *testing.T, sim *ixcsim.Sim, table, id string, fields map[string]string) {
	t.Helper()
	rec, ok := sim.Row(table, id)
	if !ok {
		t.Fatalf("no %s %s", table, id)
	}
	for k, v := range fields {
		rec[k] = v
	}
	sim.Put(table, rec)
}

// writeFiles returns a mutate that puts files (name → content) beside the
// wizard's profile.
func writeFiles(t *testing.T, files map[string][]byte) func(*Options) {
	return func(o *Options) {
		for name, data := range files {
			if err := os.WriteFile(filepath.Join(filepath.Dir(o.ProfilePath), name), data, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// "Auditar um perfil salvo" with an audit JSON of three months ago beside
// the profile, after real changes in IXC: the review names the report and
// its date, shows "desde DATA: N novos, M resolvidos", lists the new
// records first, then keeps this audit beside the profile, where the next
// run finds it.
func TestWizardAuditComparesWithTheLatestReport(t *testing.T) {
	sim, url, prof := sinceIXC(t)
	p, err := profile.Parse([]byte(prof))
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := ixc.ParseToken(sim.DemoToken(), "")
	client, err := ixc.New(ixc.Options{BaseURL: url, Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	then := steps.Audit(context.Background(), client.Reader(), p, steps.Options{Now: func() time.Time { return testNow }})
	thenAt := time.Date(2026, 8, 31, 9, 30, 0, 0, time.FixedZone("BRT", -3*3600))
	var js bytes.Buffer
	if err := report.JSONWith(&js, then, i18n.PT, report.Meta{GeneratedAt: thenAt}); err != nil {
		t.Fatal(err)
	}
	// An older hand-off is beside it too: the latest report wins.
	var old bytes.Buffer
	if err := report.HandoffJSON(&old, report.Handoff{Report: then, Profile: p, GeneratedAt: thenAt.AddDate(0, -1, 0)}); err != nil {
		t.Fatal(err)
	}

	// Months later: customer 4 lost its e-mail, plan 14 got the product,
	// product 310 got its tributação.
	sinceSet(t, sim, "cliente", "4", map[string]string{"hotsite_email": ""})
	sinceRow(sim, "2", "14")
	sinceSet(t, sim, "produtos", "310", map[string]string{"icms_issqn": "ISSQN"})

	var saved string
	drive(t, sim, url, writeFiles(t, map[string][]byte{"perfil.toml": []byte(prof),
		"perfil-auditoria-2026-08-31.json": js.Bytes(), "ixc-leveduca-entrega.json": old.Bytes()}), func(t *testing.T, d *driver) {
		d.handle(tea.WindowSizeMsg{Width: 80, Height: 24})
		d.waitFor("O que você quer fazer?")
		d.down(1) // audit, after the default "Retomar"
		d.enter(1)
		d.waitFor("Token da API")
		d.enter(2)
		d.waitFor("Tabelas que o token consegue ler")
		d.enter(1)
		d.waitFor("Registros novos (+) e resolvidos (−) desde 31/08/2026 09:30")
		scr := d.screen()
		flat := strings.Join(strings.Fields(scr), " ")
		for _, want := range []string{
			"Comparando com perfil-auditoria-2026-08-31.json (auditoria de 31/08/2026 09:30).",
			"desde 31/08/2026 09:30: 1 novo, 4 resolvidos",
			"Contratos com direito: 4 → 5 · prontos para entrar: 2 → 3",
			"+ AUTH_HOTSITE_MISSING · cliente #4",
		} {
			if !strings.Contains(flat, want) {
				t.Errorf("the review lacks %q:\n%s", want, scr)
			}
		}
		if i, j := strings.Index(scr, "+ AUTH_HOTSITE_MISSING"), strings.Index(scr, "− PRODUCT_FISCAL · produto #310"); i < 0 || j < i {
			t.Errorf("the new records are not first:\n%s", scr)
		}
		if n := strings.Count(scr, "\n") + 1; n > 24 {
			t.Errorf("the review takes %d lines at 80×24:\n%s", n, scr)
		}
		for _, line := range strings.Split(scr, "\n") {
			if w := len([]rune(line)); w > 80 {
				t.Errorf("line of %d columns: %q", w, line)
			}
		}
		d.down(3)
		if scr := d.screen(); !strings.Contains(scr, "− AUTH_HOTSITE_DUPLICATE · cliente #3") {
			t.Errorf("browsing down does not reach the resolved records:\n%s", scr)
		}
		d.enter(1)
		d.waitFor("Guardar o relatório desta auditoria (JSON) em")
		d.enter(1)
		d.waitFor("Arquivos gravados")
		// The result stays on screen with the files.
		if scr := d.screen(); !contains(scr, "abertos.", "Auditoria concluída.") || strings.Contains(scr, "Tudo pronto") {
			t.Errorf("the audit's result is gone once saved:\n%s", scr)
		}
		saved = filepath.Join(d.dir, "perfil-auditoria-2026-11-30-120000.json")
		if !strings.Contains(strings.ReplaceAll(strings.Join(strings.Fields(d.screen()), ""), " ", ""), saved) {
			t.Errorf("the saved report is not listed:\n%s", d.screen())
		}
		d.enter(1)
	})

	// The saved report is an audit JSON with the comparison, and a baseline.
	data, err := os.ReadFile(saved)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Schema   string `json:"schema"`
		Baseline struct {
			New []struct {
				Code    string            `json:"code"`
				Records []steps.RecordRef `json:"records"`
			} `json:"new"`
			SummaryDelta map[string]int `json:"summary_delta"`
		} `json:"baseline"`
	}
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatal(err)
	}
	if got.Schema != report.Schema || len(got.Baseline.New) != 1 || got.Baseline.New[0].Code != "AUTH_HOTSITE_MISSING" ||
		len(got.Baseline.New[0].Records) != 1 || got.Baseline.New[0].Records[0] != (steps.RecordRef{Table: "cliente", ID: "4"}) ||
		got.Baseline.SummaryDelta["entitled_contracts"] != 1 {
		t.Errorf("saved report: %s", data)
	}

	// The next run finds it (the latest), sees nothing changed, and asks
	// where to keep its own.
	drive(t, sim, url, writeFiles(t, map[string][]byte{"perfil.toml": []byte(prof),
		"perfil-auditoria-2026-08-31.json": js.Bytes(), filepath.Base(saved): data}), func(t *testing.T, d *driver) {
		d.waitFor("O que você quer fazer?")
		d.down(1) // audit, after the default "Retomar"
		d.enter(1)
		d.waitFor("Token da API")
		d.enter(2)
		d.waitFor("Tabelas que o token consegue ler")
		d.enter(1)
		d.waitFor("Guardar o relatório desta auditoria (JSON) em")
		scr := strings.Join(strings.Fields(d.screen()), " ")
		if !strings.Contains(scr, "Comparando com perfil-auditoria-2026-11-30-120000.json (auditoria de 30/11/2026 12:00).") ||
			!strings.Contains(scr, "desde 30/11/2026 12:00: 0 novos, 0 resolvidos") {
			t.Errorf("second run:\n%s", scr)
		}
		// Keep nothing this time.
		for range len("perfil-auditoria-2026-11-30-120000.json") + len(d.dir) + 1 {
			d.press(tea.KeyPressMsg{Code: tea.KeyBackspace})
		}
		d.enter(1)
		d.waitFor("Nada foi gravado.")
		d.enter(1)
	})
	if sim.Stats().Inserts+sim.Stats().Updates+sim.Stats().Deletes != 0 {
		t.Errorf("an audit wrote to IXC: %+v", sim.Stats())
	}
}

// The same in --accessible mode, answered from a pipe: the comparison is
// read out, the records listed, the report kept beside the profile.
func TestAccessibleAuditComparesWithTheLatestReport(t *testing.T) {
	sim, url, prof := sinceIXC(t)
	dir := t.TempDir()
	p, err := profile.Parse([]byte(prof))
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := ixc.ParseToken(sim.DemoToken(), "")
	client, err := ixc.New(ixc.Options{BaseURL: url, Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	then := steps.Audit(context.Background(), client.Reader(), p, steps.Options{Now: func() time.Time { return testNow }})
	var js bytes.Buffer
	if err := report.JSONWith(&js, then, i18n.PT, report.Meta{GeneratedAt: testNow.AddDate(0, -3, 0)}); err != nil {
		t.Fatal(err)
	}
	writeFiles(t, map[string][]byte{"perfil.toml": []byte(prof), "antes.json": js.Bytes()})(&Options{ProfilePath: dir + "/perfil.toml"})
	sinceSet(t, sim, "cliente", "4", map[string]string{"hotsite_email": ""})

	script := strings.Join([]string{
		"3",    // audit the saved profile
		"", "", // keep the address and the token given
		"1", // continue
		"1", // browse: go on
		"",  // keep the report beside the profile
		"1", // finish
	}, "\n") + "\n"
	var out bytes.Buffer
	code := Run(Options{Lang: i18n.PT, Accessible: true, URL: url, Token: sim.DemoToken(), OutDir: dir,
		ProfilePath: dir + "/perfil.toml", In: strings.NewReader(script), Out: &out, Now: func() time.Time { return testNow }})
	text := out.String()
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, text)
	}
	if !contains(text, "Comparando com antes.json (auditoria de 30/08/2026 12:00).", "desde 30/08/2026 12:00: 1 novo, 2 resolvidos",
		"+ AUTH_HOTSITE_MISSING · cliente #4", "− AUTH_HOTSITE_DUPLICATE · cliente #3", "Arquivos gravados") {
		t.Errorf("output:\n%s", text)
	}
	if _, err := report.ReadBaseline(dir + "/perfil-auditoria-2026-11-30-120000.json"); err != nil {
		t.Errorf("the audit was not kept beside the profile: %v\n%s", err, text)
	}
}

// "Auditar um perfil salvo" beside a hand-off made when subscribers logged
// in by PPPoE, with a profile that now says Hotsite: the review says the
// configuration changed, under the "desde DATA" line, before the records
// that change made new and resolved.
func TestWizardAuditSaysTheConfigurationChanged(t *testing.T) {
	sim, url, prof := sinceIXC(t)
	thenProf := strings.Replace(prof, `method = "hotsite"`, `method = "pppoe"`, 1)
	p, err := profile.Parse([]byte(thenProf))
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := ixc.ParseToken(sim.DemoToken(), "")
	client, err := ixc.New(ixc.Options{BaseURL: url, Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	then := steps.Audit(context.Background(), client.Reader(), p, steps.Options{Now: func() time.Time { return testNow }})
	thenAt := time.Date(2026, 8, 31, 9, 30, 0, 0, time.FixedZone("BRT", -3*3600))
	var h bytes.Buffer
	if err := report.HandoffJSON(&h, report.Handoff{Report: then, Profile: p, GeneratedAt: thenAt}); err != nil {
		t.Fatal(err)
	}

	drive(t, sim, url, writeFiles(t, map[string][]byte{"perfil.toml": []byte(prof),
		"ixc-leveduca-entrega.json": h.Bytes()}), func(t *testing.T, d *driver) {
		d.handle(tea.WindowSizeMsg{Width: 80, Height: 24})
		d.waitFor("O que você quer fazer?")
		d.down(1) // audit, after the default "Retomar"
		d.enter(1)
		d.waitFor("Token da API")
		d.enter(2)
		d.waitFor("Tabelas que o token consegue ler")
		d.enter(1)
		d.waitFor("Registros novos (+) e resolvidos (−) desde 31/08/2026 09:30")
		scr := d.screen()
		flat := strings.Join(strings.Fields(scr), " ")
		want := "desde 31/08/2026 09:30: 3 novos, 0 resolvidos " +
			"A configuração mudou desde a base: método de autenticação PPPoE → Hotsite. " +
			"Parte das diferenças abaixo vem dessa mudança. Contratos com direito:"
		if !strings.Contains(flat, "Comparando com ixc-leveduca-entrega.json (relatório de entrega de 31/08/2026 09:30).") ||
			!strings.Contains(flat, want) {
			t.Errorf("the review lacks %q:\n%s", want, scr)
		}
		if n := strings.Count(scr, "\n") + 1; n > 24 {
			t.Errorf("the review takes %d lines at 80×24:\n%s", n, scr)
		}
		for _, line := range strings.Split(scr, "\n") {
			if w := len([]rune(line)); w > 80 {
				t.Errorf("line of %d columns: %q", w, line)
			}
		}
		d.enter(1)
		d.waitFor("Guardar o relatório desta auditoria (JSON) em")
		if scr := strings.Join(strings.Fields(d.screen()), " "); !strings.Contains(scr, "A configuração mudou desde a base") {
			t.Errorf("the note is gone when asking where to keep the report:\n%s", d.screen())
		}
		for range 200 {
			d.press(tea.KeyPressMsg{Code: tea.KeyBackspace})
		}
		d.enter(1)
		d.waitFor("Nada foi gravado.")
		d.enter(1)
	})
}
