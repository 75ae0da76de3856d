package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// toPlans goes from the start to the plan list of product #12 (LevEduca),
// used as it is.
func toPlans(d *driver) {
	d.connect()
	d.toProductReview()
	d.down(1)
	d.enter(1)
	d.waitFor("Como o produto chega aos assinantes?")
	d.enter(1)
	d.waitFor("Duplicar um plano como combo antes?")
	d.enter(1)
	d.waitFor("Planos de venda que levam o produto")
}

// The plan list's line and huh's key hints name the same toggle key, both
// from keys.go.
func TestPlanListToggleHintIsOneTruth(t *testing.T) {
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toPlans(d)
		toggle := newKeyMap(d.s.Common.Lang).Toggle.Help().Key + " marcar"
		scr := d.screen()
		if n := strings.Count(scr, toggle); n != 2 {
			t.Errorf("%q shown %d times (want the list's line and the key hints):\n%s", toggle, n, scr)
		}
		if strings.Count(scr, "x marcar") != strings.Count(scr, toggle) || strings.Contains(scr, "espaço marca") {
			t.Errorf("two names for the toggle key:\n%s", scr)
		}
	})
}

// tickOneContract goes from the start to the contract list of the
// additional-service method, searched by id, with that contract ticked.
func tickOneContract(d *driver, id string) {
	toContracts(d, 2)
	d.typ(id)
	d.enter(1)
	d.waitFor("contrato encontrado")
	d.key(tea.KeyHome, 1)
	d.toggle()
}

// toContracts goes from the start to the contract search of the link
// screen, by the given method (1: contract, 2: additional service).
func toContracts(d *driver, method int) {
	toPlans(d)
	d.esc()
	d.waitFor("Como o produto chega aos assinantes?")
	d.key(tea.KeyHome, 1)
	d.down(method)
	d.enter(1)
	d.waitFor("Buscar contratos")
}

func (d *driver) link() *linkScreen { return d.m.screens[stLink].(*linkScreen) }

// A broad search says it stopped at 50, and each contract shows its plan
// and whether it already has the product.
func TestContractSearchSaysCappedAndHasProduct(t *testing.T) {
	sim, url := demoIXC(t, 400)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toContracts(d, 1)
		d.typ("a")
		d.enter(1)
		d.waitFor("contratos encontrados")
		scr := d.screen()
		if !strings.Contains(scr, "Os primeiros 50 contratos encontrados (há mais)") || !strings.Contains(scr, "A busca para em 50 contratos") {
			t.Errorf("the cap is not said:\n%s", scr)
		}
		l := d.link()
		has, plan := 0, 0
		c := d.s.Common
		for _, ct := range l.found {
			c.Accessible = true // the whole label, not cut to the screen
			label := l.contractLabel(ct)
			c.Accessible = false
			if strings.Contains(label, "já tem o produto") {
				has++
			}
			for _, p := range l.plans {
				if p.ID == ct.PlanID && strings.Contains(label, "plano "+p.Name[:min(len(p.Name), 12)]) {
					plan++
				}
			}
		}
		if has == 0 || plan != len(l.found) {
			t.Errorf("of %d contracts, %d say they have the product and %d name their plan", len(l.found), has, plan)
		}
		if !strings.Contains(scr, "· ! em dobro") {
			t.Errorf("no contract on screen says it has the product:\n%s", scr)
		}
		// Another method: the last search's notes do not follow.
		for i := 0; i < 3 && !strings.Contains(d.screen(), "Como o produto chega aos assinantes?"); i++ {
			d.esc()
		}
		d.cursorTo("Serviço adicional")
		d.enter(1)
		d.waitFor("Buscar contratos")
		if scr := d.screen(); strings.Contains(scr, "A busca para em 50") {
			t.Errorf("a stale search note:\n%s", scr)
		}
	})
}

// Ids read from a file: the ones left out are named with their reason,
// the others come ticked; ticks survive a switch from contract to
// additional service.
func TestContractIDsFromFileAndTicksKept(t *testing.T) {
	sim, url := demoIXC(t, 50)
	a, b := withoutProduct(t, sim)
	file := filepath.Join(t.TempDir(), "ids.txt")
	if err := os.WriteFile(file, []byte(a+"\n99999\nabc\n"+b+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toContracts(d, 1)
		d.typ(file)
		d.enter(1)
		d.waitFor("contratos encontrados")
		scr := strings.Join(strings.Fields(d.screen()), " ")
		for _, want := range []string{"99999 (contrato não encontrado no IXC)", "abc (não é um número)", "2 itens ignorados do arquivo", "já vêm marcados"} {
			if !strings.Contains(scr, want) {
				t.Errorf("screen lacks %q:\n%s", want, d.screen())
			}
		}
		if got := d.link().pageSel; !slices.Equal(got, sortIDs([]string{a, b})) {
			t.Errorf("ticked = %v, want %s and %s", got, a, b)
		}
		// Untick the first, continue: one contract ticked.
		d.key(tea.KeyHome, 1)
		d.toggle()
		d.key(tea.KeyTab, 1)
		d.enter(1)
		d.waitFor("O programa vai gravar")
		if got := d.link().selected; !slices.Equal(got, sortIDs([]string{a, b})[1:]) {
			t.Fatalf("selected = %v", got)
		}
		// Back to the method, now additional service: the tick is kept.
		for d.link().phase != linkMethod {
			d.esc()
		}
		d.key(tea.KeyHome, 1)
		d.down(2)
		d.enter(1)
		d.waitFor("Buscar contratos")
		if !strings.Contains(d.screen(), "1 contrato marcado até agora") {
			t.Errorf("the tick was lost:\n%s", d.screen())
		}
		d.typ(a)
		d.enter(1)
		d.waitFor("contrato encontrado")
		d.key(tea.KeyHome, 1)
		d.toggle()
		d.key(tea.KeyTab, 1)
		d.enter(1)
		d.waitFor("Valor do serviço adicional")
		if got := d.link().selected; !slices.Equal(got, sortIDs([]string{a, b})) {
			t.Errorf("selected after a second search = %v", got)
		}
	})
}

// withoutProduct picks two active contracts that do not have the demo's
// products in any way (plan, contract row, additional service).
func withoutProduct(t *testing.T, sim *ixcsim.Sim) (string, string) {
	t.Helper()
	carriers, has := map[string]bool{}, map[string]bool{}
	ours := func(r ixcsim.Record) bool { return r["id_produto"] == "12" || r["id_produto"] == "13" }
	for _, r := range sim.Rows("vd_contratos_produtos") {
		if ours(r) {
			carriers[r["id_vd_contrato"]] = true
			has[r["id_contrato"]] = true
		}
	}
	for _, r := range sim.Rows("cliente_contrato_servicos") {
		if ours(r) {
			has[r["id_contrato"]] = true
		}
	}
	var ids []string
	for _, r := range sim.Rows("cliente_contrato") {
		if r["status"] == "A" && !carriers[r["id_vd_contrato"]] && !has[r["id"]] {
			ids = append(ids, r["id"])
		}
	}
	if len(ids) < 2 {
		t.Fatal("the demo has no two contracts without the product")
	}
	ids = sortIDs(ids)
	return ids[0], ids[1]
}

// The link step's findings are on the link screen: double billing and
// links by another method, for the method under the cursor, each with
// its records one choice away.
func TestLinkFindingsOnTheLinkStep(t *testing.T) {
	sim, url := demoIXC(t, 200)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		d.connect()
		d.toProductReview()
		d.down(1)
		d.enter(1)
		d.waitFor("Como o produto chega aos assinantes?")
		d.waitFor("LINK_DOUBLE")
		l := d.link()
		count := func(method profile.LinkMethod, code string) int {
			for _, f := range l.check.Findings(method, code) {
				return len(f.Records)
			}
			return 0
		}
		scr := d.screen()
		double := count(profile.LinkPlan, steps.CodeLinkDouble)
		if double == 0 || !strings.Contains(scr, "cobrança em dobro") || !strings.Contains(scr, "LINK_OTHER_METHOD") {
			t.Fatalf("the step's findings are not on the link screen:\n%s", scr)
		}
		if !strings.Contains(scr, fmt.Sprintf("Ver %d registros de LINK_DOUBLE", double)) {
			t.Errorf("no choice to see the double billing records:\n%s", scr)
		}
		// The cursor on "Contrato": LINK_OTHER_METHOD for that method.
		d.key(tea.KeyHome, 1)
		d.down(1)
		other := count(profile.LinkContract, steps.CodeLinkOtherMethod)
		if other == 0 || other == count(profile.LinkPlan, steps.CodeLinkOtherMethod) {
			t.Fatalf("the demo's other-method counts do not tell the methods apart (%d)", other)
		}
		if !strings.Contains(d.screen(), fmt.Sprintf("outro método em %d", other)) {
			t.Errorf("LINK_OTHER_METHOD is not the contract method's (%d):\n%s", other, d.screen())
		}
		// The count follows the cursor: the line says for which method.
		if !strings.Contains(strings.Join(strings.Fields(d.screen()), " "), "— com o método contrato (aba Produtos)") {
			t.Errorf("LINK_OTHER_METHOD does not name its method:\n%s", d.screen())
		}
		// Its records, then back on "Contrato".
		d.key(tea.KeyEnd, 1)
		d.enter(1)
		d.waitFor("Como corrigir")
		want := report.RecordRefs(l.check.Findings(profile.LinkContract, steps.CodeLinkOtherMethod)[0].Records[:3], 0, i18n.PT)
		if got := strings.Join(strings.Fields(d.screen()), " "); !strings.Contains(got, want) {
			t.Errorf("records %q not shown:\n%s", want, d.screen())
		}
		d.enter(1)
		d.waitFor("Como o produto chega aos assinantes?")
		if !strings.Contains(d.screen(), "> Contrato") {
			t.Errorf("not back on the method picked:\n%s", d.screen())
		}
	})
}

// Picking for Paramount+ the product already taken for LevEduca warns
// there and then (PRODUCT_SHARED), before the end.
func TestSharedProductWarnedWhenPicked(t *testing.T) {
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		d.toParamountAfter12()
		if strings.Contains(d.screen(), "PRODUCT_SHARED") {
			t.Fatal("warned before any pick")
		}
		d.pick12ForParamount()
		if !strings.Contains(d.screen(), "produto #12") {
			t.Errorf("the record is not named:\n%s", d.screen())
		}
	})
}

// A table refused after the connection screen, met on the link screen
// (the token user lost vd_contratos_produtos): the error is in words and
// offers going back to the checklist, which tests again and shows the ✗.
func TestLinkPermissionErrorOffersTheChecklist(t *testing.T) {
	sim, url := demoIXC(t, 30)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		d.connect()
		d.toProductReview()
		// The same user (same token), now without vd_contratos_produtos.
		perms := map[string]ixcsim.Perm{}
		for _, tb := range []string{"produtos", "unidades", "vd_contratos", "cliente_contrato",
			"cliente_contrato_servicos", "cliente", "radusuarios", "funcionarios", "sub_grupo_produdos",
			"cnf_classificacao_tributaria", "usuarios"} {
			perms[tb] = ixcsim.Perm{List: true}
		}
		if tok := sim.AddUser(ixcsim.User{ID: "1", Name: "admin", Active: true, Perms: perms}); tok != sim.DemoToken() {
			t.Fatalf("the user's token changed: %q", tok)
		}
		d.down(1)
		d.enter(1) // use the product as it is
		d.waitFor("Não foi possível consultar o IXC.")
		scr := d.screen()
		if !strings.Contains(scr, "vd_contratos_produtos") || !strings.Contains(scr, "Voltar à lista de permissões") ||
			strings.Contains(scr, "ixc:") || strings.Contains(scr, "Como o produto chega aos assinantes?") {
			t.Fatalf("screen:\n%s", scr)
		}
		d.down(1)
		d.enter(1)
		d.waitFor("Tabelas que o token consegue ler")
		if !strings.Contains(d.screen(), "✗ vd_contratos_produtos") {
			t.Fatalf("checklist:\n%s", d.screen())
		}
	})
}

// The step's check runs once the method question is on screen: until it
// answers, a line says it is coming (its findings are not missed on a
// slow IXC); with no product in IXC yet there is nothing to check.
func TestLinkCheckSaysItIsComing(t *testing.T) {
	s := NewSession(&Common{Lang: i18n.PT, Styles: NewStyles(), Width: 80, Height: 24})
	s.Profile.Products = []profile.Product{{Offer: "leveduca", ID: "12"}}
	m := newLinkScreen(s)
	if got := m.checkLines(); !strings.Contains(got, "Conferindo cobrança em dobro e vínculos por outro método") {
		t.Errorf("pending check: %q", got)
	}
	s.Profile.Products[0].ID = ""
	if got := m.checkLines(); got != "" {
		t.Errorf("no product, yet: %q", got)
	}
}

// The additional service asks "Quantas vezes" only for "Um número de
// vezes", and that number is what is written.
func TestServiceRepeatAskedOnlyForTimes(t *testing.T) {
	sim, url := demoIXC(t, 50)
	a, _ := withoutProduct(t, sim)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		tickOneContract(d, a)
		d.key(tea.KeyTab, 1)
		d.enter(1)
		d.waitFor("Valor do serviço adicional")
		if strings.Contains(d.screen(), "Quantas vezes") {
			t.Errorf("the number of times is asked before the repetition:\n%s", d.screen())
		}
		d.enter(1) // the value as proposed
		d.down(1)  // a number of times
		d.enter(1)
		d.waitFor("Quantas vezes")
		d.typ("12")
		d.enter(1)
		d.waitFor("O programa vai gravar exatamente isto no IXC")
		for _, ch := range d.link().flow.plan.Changes {
			if ch.Fields["repetir"] != "V" || ch.Fields["repetir_qtde"] != "12" {
				t.Errorf("planned %+v", ch.Fields)
			}
		}
	})
}

// Esc on the contracts found goes back to the search with its words (the
// ticks kept), then to the method; from the service's value, back to the
// contracts.
func TestEscFromContractsGoesBackToTheSearch(t *testing.T) {
	sim, url := demoIXC(t, 50)
	a, _ := withoutProduct(t, sim)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		tickOneContract(d, a)
		d.esc()
		d.waitFor("Buscar contratos")
		if l := d.link(); l.query != a || !slices.Contains(l.selected, a) {
			t.Fatalf("query %q, ticked %v: want %q kept", l.query, l.selected, a)
		}
		d.enter(1) // the same search again
		d.waitFor("contrato encontrado")
		d.key(tea.KeyTab, 1)
		d.enter(1)
		d.waitFor("Valor do serviço adicional")
		d.esc()
		d.waitFor("contrato encontrado")
		d.esc()
		d.waitFor("Buscar contratos")
		d.esc()
		d.waitFor("Como o produto chega aos assinantes?")
	})
}

// A file of ids over the limit is refused in words, naming the file.
func TestIDFileTooBigSaidInWords(t *testing.T) {
	sim, url := demoIXC(t, 50)
	file := filepath.Join(t.TempDir(), "ids.txt")
	if err := os.WriteFile(file, []byte(strings.Repeat("1\n", maxIDFile/2+1)), 0o600); err != nil {
		t.Fatal(err)
	}
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toContracts(d, 1)
		d.typ(file)
		d.enter(1)
		d.waitFor("passa de 4 MiB")
		if scr := d.screen(); strings.Contains(scr, "Falha inesperada") || strings.Contains(scr, "MiB\"") || !strings.Contains(flat(scr), "ids.txt") {
			t.Errorf("the refusal:\n%s", scr)
		}
	})
}

// The profile's link plans come ticked for the product they were chosen
// for, not for one the technician replaced it with in this session (on
// those plans the new product would bill the offer twice).
func TestProfilePlansNotTickedForAReplacedProduct(t *testing.T) {
	for _, changed := range []bool{false, true} {
		s := NewSession(&Common{Lang: i18n.PT, Styles: NewStyles(), Width: 80, Height: 24})
		s.Profile.Products = []profile.Product{{Offer: "leveduca", ID: "12"}}
		s.Profile.Link.Plans = []string{"3"}
		s.Offers = []string{"leveduca"}
		if changed {
			p := newProductScreen(s)
			p.accept("15") // a product created in this session
		}
		m := newLinkScreen(s)
		m.plans = []steps.PlanInfo{{ID: "3", Name: "FIBRA 500"}, {ID: "4", Name: "FIBRA 700"}}
		m.selByProduct = map[string][]string{}
		m.plansForm()
		if got := len(m.selPlans) > 0; got == changed {
			t.Errorf("product replaced %v: ticked %v", changed, m.selPlans)
		}
	}
}

// One service value goes for both offers' products: the price of one is
// not passed on to one without a price.
func TestServiceValueOfTwoProductsWithOneUnpriced(t *testing.T) {
	s := NewSession(&Common{Lang: i18n.PT, Styles: NewStyles(), Width: 80, Height: 24})
	s.Profile.Products = []profile.Product{{Offer: "leveduca", ID: "12"}, {Offer: "paramount", ID: "13"}}
	m := newLinkScreen(s)
	m.st.prices, m.st.priced = map[string]string{"12": "9.90", "13": ""}, true
	m.serviceForm()
	if m.value != "" {
		t.Errorf("value %q from one product set for both", m.value)
	}
	if _, why := m.servicePrice(); !strings.Contains(why, "Só um dos produtos tem preço base no IXC (R$ 9,90)") {
		t.Errorf("why = %q", why)
	}
	m.value = ""
	m.st.prices = map[string]string{"12": "9.90", "13": "9.90"}
	m.serviceForm()
	if m.value != "9,90" {
		t.Errorf("value %q, want the shared price", m.value)
	}
}
