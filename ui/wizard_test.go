package ui

import (
	"os"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// Plan link + hotsite, creating the product: the whole wizard from an empty
// profile, then the IXC state, the files, and an audit of the saved profile.
func TestWizardPlanHotsiteCreatesProduct(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 300)
	drive(t, sim, url, nil, func(t *testing.T, w *driver) {
		w.toCreateConfirmation()
		w.enter(1)
		w.waitFor("Como o produto chega aos assinantes?")

		created := rows(sim, "produtos", map[string]string{"descricao": "LevEduca - Serviço de Valor Adicionado"})
		if len(created) != 1 {
			t.Fatalf("created products = %v", created)
		}
		p := created[0]
		if p["tipo"] != "S" || p["controla_estoque"] != "N" || p["movimentacao"] != "V" || p["unidade"] != "13" ||
			p["preco_base"] != "29.90" || p["icms_issqn"] != "ISSQN" || p["ativo"] != "S" {
			t.Errorf("product = %v", p)
		}
		id := p["id"]

		w.enter(1) // plan
		w.waitFor("Duplicar um plano como combo antes?")
		w.enter(1) // no
		w.waitFor("Planos de venda que levam o produto")
		w.key(tea.KeyHome, 1)
		w.toggle() // #1
		w.down(2)
		w.toggle() // #3
		w.enter(1)
		w.waitFor("O programa vai gravar exatamente isto no IXC")
		w.enter(1)
		w.waitFor("Como os assinantes entram na LevEduca?")
		for _, plan := range []string{"1", "3"} {
			if got := rows(sim, "vd_contratos_produtos", map[string]string{"id_produto": id, "id_vd_contrato": plan, "id_contrato": "0"}); len(got) != 1 {
				t.Errorf("plan %s rows = %v", plan, got)
			}
		}
		w.enter(1) // hotsite
		w.waitFor("Contratos com direito")
		w.enter(1)
		w.waitFor("Salvar o perfil em")
		w.enter(3) // path, token, ISP name
		w.waitFor("Arquivos gravados")
		w.enter(1)
		if code := w.finish(); code != 0 {
			t.Fatalf("exit %d", code)
		}

		prof, err := profile.Load(w.s.ProfilePath)
		if err != nil {
			t.Fatal(err)
		}
		if pr, _ := prof.Product("leveduca"); pr.ID != id || prof.Link.Method != "plan" || !slices.Equal(prof.Link.Plans, []string{"1", "3"}) || prof.Auth.Method != "hotsite" {
			t.Errorf("profile = %+v", prof)
		}
		hash := sim.DemoToken()[strings.Index(sim.DemoToken(), ":")+1:]
		for _, f := range w.s.Written {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(data), hash) {
				t.Errorf("%s holds the token", f)
			}
		}
		if w.s.Journal == nil {
			t.Fatal("no journal")
		}
		// The audit of the saved profile agrees with the wizard: every active
		// contract on plans 1 and 3 is entitled, and the product is clean.
		want := 0
		for _, c := range sim.Rows("cliente_contrato") {
			if c["status"] == "A" && (c["id_vd_contrato"] == "1" || c["id_vd_contrato"] == "3") {
				want++
			}
		}
		rep := auditSaved(t, w.s.ProfilePath, sim)
		if rep.Summary.EntitledContracts != want || rep.Summary.EntitledContracts != w.s.Report.Summary.EntitledContracts {
			t.Errorf("entitled = %d, want %d (wizard showed %d)", rep.Summary.EntitledContracts, want, w.s.Report.Summary.EntitledContracts)
		}
		if st := rep.Step("product"); st.Status != "ok" {
			t.Errorf("product step = %+v", st)
		}
	})
}

// Contract link + PPPoE, keeping the existing product.
func TestWizardContractPPPoE(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 300)
	drive(t, sim, url, nil, func(t *testing.T, w *driver) {
		w.connect()
		w.enter(2)
		w.waitFor("Produto da oferta LevEduca")
		w.enter(1) // #12
		w.waitFor("Corrigir o produto?")
		w.down(1) // use it as is
		w.enter(1)
		w.waitFor("Como o produto chega aos assinantes?")
		w.down(1) // contract
		w.enter(1)
		w.waitFor("Buscar contratos")
		w.typ("5")
		w.enter(1)
		w.waitFor("1 contrato encontrado")
		w.toggle()
		w.enter(2)
		w.waitFor("O programa vai gravar exatamente isto no IXC")
		w.enter(1)
		w.waitFor("Como os assinantes entram na LevEduca?")
		if got := rows(sim, "vd_contratos_produtos", map[string]string{"id_produto": "12", "id_contrato": "5", "id_vd_contrato": "0"}); len(got) != 1 {
			t.Errorf("contract rows = %v", got)
		}
		w.down(1) // pppoe
		w.enter(1)
		w.waitFor("Contratos com direito")
		w.enter(1)
		w.waitFor("Salvar o perfil em")
		w.enter(3) // path, token, ISP name
		w.waitFor("Arquivos gravados")
		w.enter(1)
		if code := w.finish(); code != 0 {
			t.Fatalf("exit %d", code)
		}
		prof, _ := profile.Load(w.s.ProfilePath)
		if prof.Link.Method != "contract" || !slices.Equal(prof.Link.Contracts, []string{"5"}) || prof.Auth.Method != "pppoe" {
			t.Errorf("profile = %+v", prof)
		}
	})
}

// Additional service + customer CPF/CNPJ.
func TestWizardAdditionalServiceCPF(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 300)
	drive(t, sim, url, nil, func(t *testing.T, w *driver) {
		w.connect()
		w.toProductReview()
		w.down(1)
		w.enter(1)
		w.waitFor("Como o produto chega aos assinantes?")
		w.down(2) // additional service
		w.enter(1)
		w.waitFor("Buscar contratos")
		w.typ("7")
		w.enter(1)
		w.waitFor("1 contrato encontrado")
		w.toggle()
		w.enter(2)
		w.waitFor("Valor do serviço adicional")
		w.enter(2) // the value starts on the product's preco_base (9,90); always
		w.waitFor("O programa vai gravar exatamente isto no IXC")
		w.enter(1)
		w.waitFor("Como os assinantes entram na LevEduca?")
		got := rows(sim, "cliente_contrato_servicos", map[string]string{"id_produto": "12", "id_contrato": "7", "tipo_acres_desc": "A", "status": "A"})
		if len(got) != 1 || got[0]["valor_unitario"] != "9.90" || got[0]["repetir"] != "S" {
			t.Fatalf("services = %v", got)
		}
		w.down(2) // cpf_cnpj
		w.enter(1)
		w.waitFor("Contratos com direito")
		w.enter(1)
		w.waitFor("Salvar o perfil em")
		w.enter(3) // path, token, ISP name
		w.waitFor("Arquivos gravados")
		w.enter(1)
		if code := w.finish(); code != 0 {
			t.Fatalf("exit %d", code)
		}
		prof, _ := profile.Load(w.s.ProfilePath)
		if prof.Link.Method != "additional_service" || prof.Link.ServiceValue != "9.90" || prof.Link.Repeat != "always" || prof.Auth.Method != "cpf_cnpj" {
			t.Errorf("profile = %+v", prof)
		}
	})
}

// No product (agreed with LevEduca) + employee CPF: the product and link
// steps are skipped and nothing is written.
func TestWizardNoProductEmployeeCPF(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	drive(t, sim, url, nil, func(t *testing.T, w *driver) {
		w.connect()
		w.enter(1)
		w.down(1) // without a product
		w.enter(1)
		w.waitFor("Como os assinantes entram na LevEduca?")
		w.down(3) // employee CPF
		w.enter(1)
		w.waitFor("Colaboradores ativos com CPF válido")
		w.enter(1)
		w.waitFor("Salvar o perfil em")
		w.enter(3) // path, token, ISP name
		w.waitFor("Arquivos gravados")
		w.enter(1)
		if code := w.finish(); code != 0 {
			t.Fatalf("exit %d", code)
		}
		if st := sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
			t.Errorf("writes: %+v", st)
		}
		prof, _ := profile.Load(w.s.ProfilePath)
		if prof.Integration.Method != "none" || prof.Auth.Method != "employee_cpf" || len(prof.Products) != 0 {
			t.Errorf("profile = %+v", prof)
		}
	})
}

// Esc goes back a step with the answers kept; Ctrl+C asks, "n" stays,
// "s" quits with 130.
func TestWizardEscAndCtrlC(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 100)
	drive(t, sim, url, nil, func(t *testing.T, w *driver) {
		w.connect()
		w.esc()
		w.waitFor("Endereço do IXC")
		w.enter(2)
		w.waitFor("Tabelas que o token consegue ler")
		w.enter(1)
		w.waitFor("O que o provedor vende?")
		w.press(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		w.waitFor("Sair agora?")
		w.press(tea.KeyPressMsg{Code: 'n', Text: "n"})
		w.press(tea.KeyPressMsg{Code: '?', Text: "?"})
		w.waitFor("Ajuda")
		w.esc()
		w.press(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		w.waitFor("Sair agora?")
		w.press(tea.KeyPressMsg{Code: 's', Text: "s"})
		if code := w.finish(); code != 130 {
			t.Fatalf("exit %d, want 130", code)
		}
		if w.s.URL != url {
			t.Errorf("URL answer lost: %q", w.s.URL)
		}
	})
}

// Esc during a bulk write stops after the change in flight: the plans
// written and the one in flight get the product, the rest do not.
func TestWizardCancelMidWrite(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 100)
	drive(t, sim, url, nil, func(t *testing.T, w *driver) {
		w.connect()
		w.toProductReview()
		w.down(1)
		w.enter(1)
		w.waitFor("Como o produto chega aos assinantes?")
		w.enter(1)
		w.waitFor("Duplicar um plano como combo antes?")
		w.enter(1)
		w.waitFor("Planos de venda que levam o produto")
		w.key(tea.KeyHome, 1)                 // the cursor starts on the first ticked plan
		for _, n := range []int{0, 1, 1, 2} { // #1, #2, #3, #5
			w.down(n)
			w.toggle()
		}
		w.enter(1)
		w.pastDoubles() // some of those plans' contracts have the product another way
		w.waitFor("O programa vai gravar exatamente isto no IXC")
		// Enter, then Esc once the first change is written: the second is
		// in flight then, and it is the last.
		w.handle(tea.KeyPressMsg{Code: tea.KeyEnter})
		flow := func() *changeFlow { return w.m.screens[stLink].(*linkScreen).flow }
		w.until(func() bool { return flow() != nil && flow().done >= 1 })
		if !strings.Contains(w.screen(), "Gravando no IXC") {
			t.Fatalf("not writing:\n%s", w.screen())
		}
		w.esc()
		w.waitFor("Interrompido")
		n := 0
		for _, plan := range []string{"1", "2", "3", "5"} {
			n += len(rows(sim, "vd_contratos_produtos", map[string]string{"id_produto": "12", "id_vd_contrato": plan}))
		}
		if n != 2 {
			t.Errorf("%d of 4 plans linked after Esc; want 2 (the one written and the one in flight); rows %v", n, rows(sim, "vd_contratos_produtos", map[string]string{"id_produto": "12"}))
		}
		w.press(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		w.press(tea.KeyPressMsg{Code: 's', Text: "s"})
		if code := w.finish(); code != 130 {
			t.Fatalf("exit %d", code)
		}
	})
}

// Duplicating a plan as a combo: the copy is created with the base plan's
// items, then the product goes on it.
func TestWizardComboPlan(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	drive(t, sim, url, nil, func(t *testing.T, w *driver) {
		w.connect()
		w.toProductReview()
		w.down(1)
		w.enter(1)
		w.waitFor("Como o produto chega aos assinantes?")
		w.enter(1)
		w.waitFor("Duplicar um plano como combo antes?")
		w.down(1) // yes
		w.enter(1)
		w.waitFor("Plano a duplicar")
		w.key(tea.KeyHome, 1) // #1 FIBRA 100 MEGA
		w.enter(2)            // default name
		w.waitFor("Criar o plano de venda")
		w.enter(1)
		w.waitFor("Copiar")
		w.enter(1)
		w.waitFor("Planos de venda que levam o produto")
		w.enter(1)
		w.waitFor("exatamente isto no IXC")
		w.enter(1)
		w.waitFor("Como os assinantes entram na LevEduca?")
		combo := rows(sim, "vd_contratos", map[string]string{"nome": "FIBRA 100 MEGA + LEVEDUCA"})
		if len(combo) != 1 || combo[0]["Ativo"] != "S" {
			t.Fatalf("combo plan = %v", combo)
		}
		id := combo[0]["id"]
		base := rows(sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": "1", "id_contrato": "0"})
		got := rows(sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": id, "id_contrato": "0"})
		if len(got) != len(base)+1 || len(rows(sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": id, "id_produto": "12"})) != 1 {
			t.Errorf("combo rows = %v (base %d rows)", got, len(base))
		}
		w.press(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		w.press(tea.KeyPressMsg{Code: 's', Text: "s"})
		w.finish()
	})
}

// A saved profile offers to resume or to audit it; auditing goes from the
// connection straight to the review and writes nothing to IXC.
func TestWizardAuditOnlyFromSavedProfile(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	drive(t, sim, url, func(o *Options) {
		p, err := profile.Parse([]byte("[ixc]\nurl = \"" + url + "\"\n\n[[product]]\noffer = \"leveduca\"\nid = \"12\"\n\n[link]\nmethod = \"plan\"\nplans = [\"6\"]\n\n[auth]\nmethod = \"hotsite\"\n"))
		if err != nil {
			t.Fatal(err)
		}
		data, _ := p.Marshal()
		if err := os.WriteFile(o.ProfilePath, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}, func(t *testing.T, w *driver) {
		w.waitFor("Retomar a configuração salva")
		w.down(1) // audit (the default is "Retomar": the profile is not complete)
		w.enter(1)
		w.waitFor("Token da API")
		w.enter(2)
		w.waitFor("Tabelas que o token consegue ler")
		w.enter(1)
		// The review: no earlier report beside the profile, so it asks where to
		// keep this audit.
		w.waitFor("Guardar o relatório desta auditoria")
		w.enter(1)
		w.waitFor("Arquivos gravados")
		w.enter(1)
		if code := w.finish(); code != 0 {
			t.Fatalf("exit %d", code)
		}
		if st := sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
			t.Errorf("an audit-only run wrote to IXC: %+v", st)
		}
		if w.s.Report == nil || w.s.Report.Summary.EntitledContracts == 0 {
			t.Errorf("report = %+v", w.s.Report)
		}
	})
}

// Contracts from a file of ids, --dry-run (nothing written, the plan shown
// and "simulated"), and the CSV export of the login problems.
func TestWizardIDsFileDryRunAndCSV(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	drive(t, sim, url, func(o *Options) { o.DryRun = true }, func(t *testing.T, w *driver) {
		ids := w.dir + "/contratos.txt"
		if err := os.WriteFile(ids, []byte("5\n7;9\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		w.connect()
		w.toProductReview()
		w.down(1)
		w.enter(1)
		w.waitFor("Como o produto chega aos assinantes?")
		w.down(1) // contract
		w.enter(1)
		w.waitFor("Buscar contratos")
		w.typ(ids)
		w.enter(1)
		w.waitFor("3 contratos encontrados")
		w.waitFor("contratos do arquivo já vem") // the file's contracts come ticked
		w.enter(2)
		w.waitFor("Simular (--dry-run: nada será gravado)")
		w.enter(1)
		w.waitFor("Como os assinantes entram na LevEduca?")
		if st := sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
			t.Fatalf("a dry run wrote: %+v", st)
		}
		w.down(1) // pppoe
		w.enter(1)
		w.waitFor("Exportar os problemas em CSV")
		w.key(tea.KeyEnd, 1) // the export is third from the end
		w.key(tea.KeyUp, 2)
		w.enter(1)
		w.waitFor("Problemas exportados em")
		w.press(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
		w.press(tea.KeyPressMsg{Code: 's', Text: "s"})
		w.finish()
		data, err := os.ReadFile(w.dir + "/ixc-leveduca-problemas-pppoe.csv")
		if err != nil {
			t.Fatal(err)
		}
		// report.ProblemsCSV: for Excel in Brazil (BOM, ";"), header in pt-BR.
		lines := strings.Split(strings.TrimSpace(string(data)), "\r\n")
		if lines[0] != "\ufeffetapa;código;gravidade;tabela;id;mensagem;como corrigir" || len(lines) < 2 {
			t.Fatalf("csv:\n%s", data)
		}
		found := false
		for _, l := range lines {
			found = found || strings.HasPrefix(l, "auth;AUTH_PPPOE_")
		}
		if !found {
			t.Errorf("no AUTH_PPPOE_ rows in:\n%s", data)
		}
		// The file's contracts that have the product by their plan or a
		// service did not come ticked (a contract row would bill them
		// twice).
		h := holdsOf12(sim)
		var want []string
		for _, id := range []string{"5", "7", "9"} {
			if !h.carriers[h.planOf[id]] && !h.svc[id] {
				want = append(want, id)
			}
		}
		prof, _ := profile.Load(w.s.ProfilePath)
		if len(want) == 0 || !slices.Equal(prof.Link.Contracts, want) {
			t.Errorf("contracts = %v, want %v", prof.Link.Contracts, want)
		}
	})
}
