package ui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// pastDoubles answers "Incluir mesmo assim" / "Gravar mesmo assim" if the
// link writes would bill contracts twice (for tests about something else).
func (d *driver) pastDoubles() {
	d.t.Helper()
	d.until(func() bool { return d.link().phase != linkLoading })
	d.settle()
	if d.link().phase == linkDouble {
		d.down(1)
		d.enter(1)
	}
}

// flat is the screen as one line of words, without the form's border.
func flat(scr string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(scr, "┃", " ")), " ")
}

// demoHolds is how the demo's product 12 reaches contracts: the plans
// that carry it, and per contract its contract rows and active services.
type demoHolds struct {
	carriers           map[string]bool
	contractRow, svc   map[string]bool
	active, planOf     map[string]string
	activeIDs          []string
	rowsOf12, svcsOf12 func(contract string) int
}

func holdsOf12(sim *ixcsim.Sim) demoHolds {
	h := demoHolds{carriers: map[string]bool{}, contractRow: map[string]bool{}, svc: map[string]bool{},
		active: map[string]string{}, planOf: map[string]string{}}
	for _, r := range sim.Rows("vd_contratos_produtos") {
		if r["id_produto"] != "12" {
			continue
		}
		if r["id_contrato"] != "0" && r["id_contrato"] != "" {
			h.contractRow[r["id_contrato"]] = true
		} else {
			h.carriers[r["id_vd_contrato"]] = true
		}
	}
	for _, r := range sim.Rows("cliente_contrato_servicos") {
		if r["id_produto"] == "12" && r["tipo_acres_desc"] == "A" && r["status"] == "A" {
			h.svc[r["id_contrato"]] = true
		}
	}
	for _, r := range sim.Rows("cliente_contrato") {
		h.planOf[r["id"]] = r["id_vd_contrato"]
		if r["status"] == "A" {
			h.active[r["id"]] = r["status"]
			h.activeIDs = append(h.activeIDs, r["id"])
		}
	}
	h.activeIDs = sortIDs(h.activeIDs)
	count := func(table, contract string) int {
		n := 0
		for _, r := range sim.Rows(table) {
			if r["id_produto"] == "12" && r["id_contrato"] == contract {
				n++
			}
		}
		return n
	}
	h.rowsOf12 = func(c string) int { return count("vd_contratos_produtos", c) }
	h.svcsOf12 = func(c string) int { return count("cliente_contrato_servicos", c) }
	return h
}

// byPlanOnly is an active contract that has product 12 by its plan only.
func (h demoHolds) byPlanOnly(t *testing.T) string {
	t.Helper()
	for _, id := range h.activeIDs {
		if h.carriers[h.planOf[id]] && !h.contractRow[id] && !h.svc[id] {
			return id
		}
	}
	t.Fatal("the demo has no contract with the product by its plan only")
	return ""
}

// none is an active contract without product 12 in any way, other than
// those given.
func (h demoHolds) none(t *testing.T, not ...string) string {
	t.Helper()
	for _, id := range h.activeIDs {
		if !h.carriers[h.planOf[id]] && !h.contractRow[id] && !h.svc[id] && !slices.Contains(not, id) {
			return id
		}
	}
	t.Fatal("the demo has no contract without the product")
	return ""
}

// doubleBilled is the LINK_DOUBLE records of the demo IXC as the audit
// reads them (outside the wizard).
func doubleBilled(t *testing.T, sim *ixcsim.Sim, url string) []steps.RecordRef {
	t.Helper()
	tok, _ := ixc.ParseToken(sim.DemoToken(), "")
	c, err := ixc.New(ixc.Options{BaseURL: url, Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	lc, err := steps.ReadLinkCheck(t.Context(), c.Reader(), []string{"12"}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range lc.Findings(profile.LinkAdditionalService, steps.CodeLinkDouble) {
		return f.Records
	}
	return nil
}

// The file of ids for an additional service: a contract that has the
// product by its plan is named as such, does not come ticked, and, ticked
// by hand, is asked about before the confirmation; "Pular esse
// contrato" writes only the other one and leaves LINK_DOUBLE as it was.
// The value field starts on the product's preco_base.
func TestServiceDoubleBillingAskedAndSkipped(t *testing.T) {
	sim, url := demoIXC(t, 200)
	h := holdsOf12(sim)
	plan, free := h.byPlanOnly(t), h.none(t)
	before := doubleBilled(t, sim, url)
	prod, _ := sim.Row("produtos", "12")
	price := priceInput(prod["preco_base"])
	if price == "" {
		t.Fatalf("the demo product has no price: %q", prod["preco_base"])
	}
	file := filepath.Join(t.TempDir(), "ids.txt")
	if err := os.WriteFile(file, []byte(plan+"\n"+free+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toContracts(d, 2)
		d.typ(file)
		d.enter(1)
		d.waitFor("contratos encontrados")
		scr := flat(d.screen())
		if want := "#" + plan + " " + planName(sim, plan) + " · ! em dobro"; !strings.Contains(scr, want) {
			t.Errorf("the list lacks %q:\n%s", want, d.screen())
		}
		if got := d.link().pageSel; !slices.Equal(got, []string{free}) {
			t.Errorf("pre-ticked %v, want only %s", got, free)
		}
		if !strings.Contains(scr, "! 1 contrato já tem o produto pelo plano: um serviço adicional cobraria em dobro. Não vem marcado") ||
			!strings.Contains(scr, "1 dos 2 contratos do arquivo já vem marcado.") {
			t.Errorf("the untick is not said:\n%s", d.screen())
		}
		// Tick it anyway, by hand.
		d.key(tea.KeyHome, 1)
		if d.link().found[0].ID != plan {
			d.down(1)
		}
		d.toggle()
		d.key(tea.KeyTab, 1)
		d.enter(1)
		d.waitFor("Valor do serviço adicional")
		if got := d.link().value; got != price {
			t.Errorf("value = %q, want the product's preco_base %q", got, price)
		}
		d.enter(2) // value, always
		d.waitFor("Cobrança em dobro")
		scr = flat(d.screen())
		for _, want := range []string{"1 contrato ativo ficaria com o mesmo produto duas vezes", "contrato #" + plan + ": já tem o produto pelo plano",
			"> Pular esse contrato (recomendado)", "Gravar mesmo assim", "Voltar"} {
			if !strings.Contains(scr, want) {
				t.Errorf("the question lacks %q:\n%s", want, d.screen())
			}
		}
		if strings.Contains(scr, "O programa vai gravar") {
			t.Errorf("the confirmation came before the question:\n%s", d.screen())
		}
		d.enter(1) // Pular esse contrato
		d.waitFor("O programa vai gravar exatamente isto no IXC")
		scr = d.screen()
		if !strings.Contains(scr, "1 alteração no IXC") || !strings.Contains(scr, "ao contrato "+free) || strings.Contains(scr, "ao contrato "+plan+"\n") {
			t.Errorf("the confirmation:\n%s", scr)
		}
		d.enter(1) // Fazer por mim
		d.waitFor("Como os assinantes entram")
		prof, _ := profile.Load(d.s.ProfilePath)
		if !slices.Equal(prof.Link.Contracts, []string{free}) {
			t.Errorf("profile contracts = %v", prof.Link.Contracts)
		}
	})
	if n := h.svcsOf12(plan); n != 0 {
		t.Errorf("contract %s got %d services of the product it has by its plan", plan, n)
	}
	if n := h.svcsOf12(free); n != 1 {
		t.Errorf("contract %s has %d services, want 1", free, n)
	}
	if after := doubleBilled(t, sim, url); !slices.Equal(after, before) {
		t.Errorf("LINK_DOUBLE went from %d to %d records", len(before), len(after))
	}
}

// "Gravar mesmo assim" writes, and the confirmation says on the change
// whom it bills twice; "Voltar" returns to the value.
func TestServiceDoubleBillingWrittenAnyway(t *testing.T) {
	sim, url := demoIXC(t, 200)
	h := holdsOf12(sim)
	plan := h.byPlanOnly(t)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toContracts(d, 2)
		d.typ(plan)
		d.enter(1)
		d.waitFor("contrato encontrado")
		if got := d.link().pageSel; len(got) != 0 {
			t.Errorf("pre-ticked %v", got)
		}
		d.key(tea.KeyHome, 1)
		d.toggle()
		d.key(tea.KeyTab, 1)
		d.enter(1)
		d.waitFor("Valor do serviço adicional")
		d.enter(2)
		d.waitFor("Cobrança em dobro")
		d.down(2)
		d.enter(1) // Voltar
		d.waitFor("Valor do serviço adicional")
		d.enter(2)
		d.waitFor("Cobrança em dobro")
		d.down(1)
		d.enter(1) // Gravar mesmo assim
		d.waitFor("O programa vai gravar exatamente isto no IXC")
		if scr := flat(d.screen()); !strings.Contains(scr, "COBRANÇA EM DOBRO: o contrato já tem o produto pelo plano") {
			t.Errorf("the confirmation does not say it bills twice:\n%s", d.screen())
		}
		d.enter(1)
		d.waitFor("Como os assinantes entram")
	})
	if n := h.svcsOf12(plan); n != 1 {
		t.Errorf("written anyway: %d services on %s, want 1", n, plan)
	}
}

// A plan row cannot skip contracts: the question says so and offers to
// leave the plan out, which writes nothing on it.
func TestPlanDoubleBillingLeavesThePlanOut(t *testing.T) {
	sim, url := demoIXC(t, 200)
	h := holdsOf12(sim)
	// A plan that does not carry 12 with an active contract that has it
	// on its Produtos tab or as a service.
	target := ""
	for _, id := range h.activeIDs {
		if p := h.planOf[id]; !h.carriers[p] && p != "0" && (h.contractRow[id] || h.svc[id]) {
			target = p
			break
		}
	}
	if target == "" {
		t.Fatal("the demo has no plan whose contracts have the product another way")
	}
	planRows := func() int {
		return len(rows(sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": target, "id_produto": "12", "id_contrato": "0"}))
	}
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		d.handle(tea.WindowSizeMsg{Width: 80, Height: 24}) // the question and its choices fit
		toPlans(d)
		l := d.link()
		i := slices.IndexFunc(l.plans, func(p steps.PlanInfo) bool { return p.ID == target })
		d.key(tea.KeyHome, 1)
		d.down(i)
		d.toggle()
		d.enter(1)
		d.waitFor("Cobrança em dobro")
		scr := flat(d.screen())
		for _, want := range []string{"(plano #" + target + "): já tem o produto", "pular só alguns contratos de um plano",
			"> Não incluir este plano", "Incluir mesmo assim", "Voltar"} {
			if !strings.Contains(scr, want) {
				t.Errorf("the question lacks %q:\n%s", want, d.screen())
			}
		}
		if strings.Contains(scr, "Pular ess") {
			t.Errorf("a plan's contracts offered to be skipped:\n%s", d.screen())
		}
		if lines := strings.Split(d.screen(), "\n"); len(lines) > 24 || !strings.Contains(d.screen(), "Voltar") {
			t.Errorf("at 80×24 the choices are not all on screen (%d lines):\n%s", len(lines), d.screen())
		}
		d.enter(1) // Não incluir este plano: the other plans already carry it
		d.waitFor("Como os assinantes entram")
		if slices.Contains(d.link().selByProduct["12"], target) {
			t.Errorf("the plan is still chosen: %v", d.link().selByProduct)
		}
	})
	if n := planRows(); n != 0 {
		t.Errorf("the plan got %d rows of the product", n)
	}
}

// The same product for both offers: each contract gets it once, and the
// confirmation counts the writes made.
func TestSameProductBothOffersPlannedOnce(t *testing.T) {
	sim, url := demoIXC(t, 50)
	h := holdsOf12(sim)
	a := h.none(t)
	b := h.none(t, a)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		d.toSharedProductLink()
		d.key(tea.KeyHome, 1)
		d.down(1) // Contrato
		d.enter(1)
		d.waitFor("Buscar contratos")
		file := filepath.Join(d.dir, "two.txt")
		if err := os.WriteFile(file, []byte(a+"\n"+b+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		d.typ(file)
		d.enter(1)
		d.waitFor("contratos encontrados")
		d.key(tea.KeyTab, 1)
		d.enter(1)
		d.waitFor("O programa vai gravar exatamente isto no IXC")
		if !strings.Contains(d.screen(), "2 alterações no IXC") {
			t.Errorf("the confirmation count:\n%s", d.screen())
		}
		before := sim.Stats().Inserts
		d.enter(1)
		d.waitFor("Como os assinantes entram")
		if n := sim.Stats().Inserts - before; n != 2 {
			t.Errorf("%d inserts, the confirmation said 2", n)
		}
	})
	for _, c := range []string{a, b} {
		if n := h.rowsOf12(c); n != 1 {
			t.Errorf("contract %s has %d rows of the product", c, n)
		}
	}
}

// The service value without a preco_base: empty, and the field says why
// (never a grey example that looks like a value).
func TestServiceValueWithoutPrice(t *testing.T) {
	sim, url := demoIXC(t, 50)
	h := holdsOf12(sim)
	free := h.none(t)
	prod, _ := sim.Row("produtos", "12")
	prod["preco_base"] = "0.00"
	sim.Put("produtos", prod)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		tickOneContract(d, free)
		d.key(tea.KeyTab, 1)
		d.enter(1)
		d.waitFor("Valor do serviço adicional")
		scr := d.screen()
		if d.link().value != "" || !strings.Contains(scr, "✗ O produto não tem preço base no IXC: digite o valor mensal do serviço.") {
			t.Errorf("value %q; screen:\n%s", d.link().value, scr)
		}
		if strings.Contains(scr, "9,90") {
			t.Errorf("an example price looks like a value:\n%s", scr)
		}
		d.typ("4,90")
		d.enter(2)
		d.waitFor("O programa vai gravar exatamente isto no IXC")
	})
	if r := rows(sim, "cliente_contrato_servicos", map[string]string{"id_contrato": free, "id_produto": "12"}); len(r) != 0 {
		t.Fatalf("written before the confirmation: %v", r)
	}
}

// Ticks kept from the contract method are dropped, and said to be, when
// switching to an additional service for contracts that now have the
// product on their Produtos tab (the review's way to double billing).
func TestSwitchToServiceUnticksContractsWithTheProduct(t *testing.T) {
	sim, url := demoIXC(t, 50)
	h := holdsOf12(sim)
	a := h.none(t)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toContracts(d, 1)
		d.typ(a)
		d.enter(1)
		d.waitFor("contrato encontrado")
		d.key(tea.KeyHome, 1)
		d.toggle()
		d.key(tea.KeyTab, 1)
		d.enter(1)
		d.waitFor("O programa vai gravar exatamente isto no IXC")
		d.enter(1)
		d.waitFor("Como os assinantes entram")
		d.esc()
		d.waitFor("Como o produto chega aos assinantes?")
		d.key(tea.KeyHome, 1)
		d.down(2) // additional service
		d.enter(1)
		d.waitFor("Buscar contratos")
		if want := "1 contrato desmarcado (#" + a + "): já tem o produto por outro método e um serviço adicional cobraria em dobro"; !strings.Contains(flat(d.screen()), want) {
			t.Errorf("the untick is not said (%q):\n%s", want, d.screen())
		}
		if got := d.link().selected; len(got) != 0 {
			t.Errorf("still ticked: %v", got)
		}
	})
	if n := h.rowsOf12(a); n != 1 {
		t.Fatalf("contract %s: %d rows", a, n)
	}
}

// toSharedProductLink goes from the start to the link step with product
// #12 picked for both offers (PRODUCT_SHARED warned on the way).
func (d *driver) toSharedProductLink() {
	d.toParamountAfter12()
	d.pick12ForParamount()
	for i := 0; i < 5 && d.m.state != stLink; i++ {
		d.enter(1)
		d.settle()
	}
	d.waitFor("Como o produto chega aos assinantes?")
}

// The same product for both offers is one plan list, not two.
func TestSameProductBothOffersOnePlanList(t *testing.T) {
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		d.toSharedProductLink()
		d.key(tea.KeyHome, 1)
		d.enter(1) // by plan
		d.waitFor("Duplicar um plano como combo antes?")
		d.enter(1)
		d.waitFor("Planos de venda que levam o produto #12 (LevEduca)")
		d.enter(1) // the plans that carry it, as ticked
		d.settle()
		if strings.Contains(d.screen(), "Planos de venda que levam o produto #12 (Paramount+)") {
			t.Fatalf("the same product's plan list again:\n%s", d.screen())
		}
		if l := d.link(); l.phase == linkPlans {
			t.Fatalf("still on a plan list:\n%s", d.screen())
		}
	})
}

// The double-billing check before the confirmation answers from the link
// screen's own check (read when the screen opened, nothing written since):
// no second read of the services and contracts.
func TestDoubleCheckReusesTheScreensCheck(t *testing.T) {
	x := newSlowIXC(t, 2000)
	drive(t, x.sim, x.url, nil, func(t *testing.T, d *driver) {
		toPlans(d)
		d.waitFor("Planos de venda que levam o produto")
		if d.link().check == nil {
			t.Fatal("the screen's check was not read")
		}
		x.counts()
		d.key(tea.KeyHome, 1)
		d.toggle() // plan #1: some of its contracts have #12 another way
		d.enter(1)
		d.waitFor("Cobrança em dobro")
		if n := x.counts(); n["cliente_contrato_servicos"]+n["cliente_contrato"] != 0 {
			t.Errorf("the check read IXC again: %v", n)
		}
	})
}

// toParamountAfter12 goes from the start, both offers, to the Paramount+
// product question with #12 taken as it is for LevEduca.
func (d *driver) toParamountAfter12() {
	d.connect()
	d.key(tea.KeyHome, 1)
	d.down(2) // both offers
	d.toProductReview()
	d.down(1)
	d.enter(1) // #12 as is
	d.waitFor("Produto da oferta Paramount+")
}

// pick12ForParamount searches "LevEduca" on the Paramount+ question and
// picks #12 (PRODUCT_SHARED is warned).
func (d *driver) pick12ForParamount() {
	d.key(tea.KeyEnd, 1)
	d.enter(1) // search another name
	d.waitFor("Parte do nome do produto")
	d.key(tea.KeyBackspace, len("Paramount"))
	d.typ("LevEduca")
	d.enter(1)
	d.waitFor("#12 LevEduca")
	d.key(tea.KeyHome, 1)
	d.enter(1)
	d.waitFor("PRODUCT_SHARED")
}
