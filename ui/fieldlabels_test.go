package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// toTwoOfferServices goes, at 80×24, from the start to the confirmation of
// additional services of both offers (LevEduca #12 and Paramount+ #13,
// each used as it is) on contracts a and b, R$ 9,90.
func toTwoOfferServices(d *driver, a, b string) {
	d.handle(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.connect()
	d.key(tea.KeyHome, 1)
	d.down(2) // both offers
	d.toProductReview()
	d.down(1)
	d.enter(1) // #12 as is
	d.waitFor("Produto da oferta Paramount+")
	d.key(tea.KeyHome, 1)
	d.enter(1) // #13
	d.waitFor("Corrigir o produto?")
	d.down(1)
	d.enter(1) // as is
	d.waitFor("Como o produto chega aos assinantes?")
	d.key(tea.KeyHome, 1)
	d.down(2) // additional service
	d.enter(1)
	d.waitFor("Buscar contratos")
	file := filepath.Join(d.dir, "ids.txt")
	if err := os.WriteFile(file, []byte(a+"\n"+b+"\n"), 0o600); err != nil {
		d.t.Fatal(err)
	}
	d.typ(file) // both come ticked
	d.enter(1)
	d.waitFor("contratos encontrados")
	d.key(tea.KeyTab, 1)
	d.enter(1)
	d.waitFor("Valor do serviço adicional")
	d.press(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}) // the product's price is there
	d.typ("9,90")
	d.enter(2)
	d.waitFor("O programa vai gravar exatamente isto no IXC")
}

// body is everything the scrolling body holds (not only what the window
// shows: placeBody's text), as plain text with each run of spaces made one.
func (d *driver) body() string {
	_, view, _ := d.m.parts()
	body, _, _ := splitForm(view)
	return strings.Join(strings.Fields(stripStyles(wrapText(body, d.s.Common.contentWidth()))), " ")
}

// At 80×24 the confirmation lists every change in full (the body
// scrolls): both products on both contracts, each field named as IXC's
// screen names it with the API name second, and its value in words; the
// manual path lists, tab by tab, what to fill in.
func TestServiceConfirmationListsEveryChangeInIXCWords(t *testing.T) {
	sim, url := demoIXC(t, 50)
	a, b := withoutProduct(t, sim)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toTwoOfferServices(d, a, b)
		body := d.body()
		if !strings.Contains(d.screen(), "4 alterações no IXC") {
			t.Errorf("the count is not 4:\n%s", d.screen())
		}
		for _, p := range []string{"12", "13"} {
			for _, ct := range []string{a, b} {
				want := fmt.Sprintf("Adicionar o produto %s (", p)
				tail := fmt.Sprintf(") como serviço adicional ao contrato %s, R$ 9,90/mês", ct)
				if !strings.Contains(body, want) || !strings.Contains(body, tail) {
					t.Errorf("the change of product %s on contract %s is not listed:\n%s", p, ct, body)
				}
			}
		}
		for _, want := range []string{
			"Tipo (tipo_acres_desc) = Acréscimo", "Valor unitário (valor_unitario) = R$ 9,90", "Status (status) = Ativo",
			"Status NF 21 (status_nf21) = Ativo", "Repetir (repetir) = Sempre", "Contrato (id_contrato) = " + a,
			"Unidade (id_unidade) = SER (13)",
			"Produto (id_produto) = LevEduca - Cursos Online (12)",
		} {
			if !strings.Contains(body, want) {
				t.Errorf("the confirmation lacks %q:\n%s", want, body)
			}
		}
		if !regexp.MustCompile(`Data \(data\) = \d\d/\d\d/\d{4}`).MatchString(body) {
			t.Errorf("the date is not DD/MM/AAAA:\n%s", body)
		}
		if strings.Contains(body, "do mesmo tipo") || strings.Contains(body, "tipo_acres_desc = A") || strings.Contains(body, "valor_unitario = 9.90") {
			t.Errorf("a change hidden or a raw API field:\n%s", body)
		}
		if n := strings.Count(body, "• Adicionar o produto"); n != 4 {
			t.Errorf("%d changes listed, want 4:\n%s", n, body)
		}

		d.down(1)
		d.enter(1) // "Vou fazer no IXC"
		d.waitFor("Quando terminar no IXC")
		manual := d.body()
		for _, want := range []string{
			"Cadastros > Contratos > em cada um dos contratos abaixo > Editar: contratos: " + a + ", " + b + " aba Serviços adicionais > Novo:",
			"• deixe em branco: Quantas vezes",
			"• Produto: LevEduca - Cursos Online (12)", "• Valor unitário: R$ 9,90", "• Repetir: Sempre", "• Status: Ativo",
			"Acréscimo", // the kind IXC's form asks for
		} {
			if !strings.Contains(manual, want) {
				t.Errorf("the manual path lacks %q:\n%s", want, manual)
			}
		}
		if strings.Contains(manual, "inserir em") || strings.Contains(manual, "tipo_acres_desc") {
			t.Errorf("the manual path shows the raw insert:\n%s", manual)
		}
	})
}

// A plan of more than bigPlan changes shows those of the same shape once,
// with every contract named and the exact count; changes of another shape
// are never folded into them.
func TestBigPlanGroupsOnlyIdenticalChanges(t *testing.T) {
	s := NewSessionFrom(Options{Lang: i18n.PT})
	s.Common.Width, s.Common.Height = 80, 24
	var plan steps.Plan
	row := func(product, contract string) steps.Change {
		return steps.Change{Kind: steps.ChangeInsert, Table: "vd_contratos_produtos",
			Fields:  map[string]string{"tipo": "SVA", "id_produto": product, "descricao": "P" + product, "qtde": "1", "valor_unit": "9.90", "id_contrato": contract, "id_vd_contrato": "0", "id_plano": "0"},
			Summary: i18n.Tf("Adicionar o produto %s ao contrato %s", "Add product %s to contract %s", product, contract)}
	}
	for i := range 60 {
		plan.Changes = append(plan.Changes, row("12", fmt.Sprint(100+i)))
	}
	plan.Changes = append(plan.Changes, row("13", "100"))
	marked := row("12", "200")
	marked.Summary = i18n.T(marked.Summary.PT+" — COBRANÇA EM DOBRO", marked.Summary.EN+" — DOUBLE")
	plan.Changes = append(plan.Changes, marked)
	f := newChangeFlow(s, plan, i18n.Text{}, nil)
	v := strings.Join(strings.Fields(stripStyles(f.changesView())), " ")
	if !strings.Contains(v, "60 alterações com os mesmos campos, uma por contrato (id_contrato):") {
		t.Errorf("no group of 60:\n%s", v)
	}
	for i := range 60 {
		if !strings.Contains(v, fmt.Sprint(100+i)+",") && !strings.Contains(v, fmt.Sprint(100+i)+" ") {
			t.Errorf("contract %d is not named:\n%s", 100+i, v)
		}
	}
	if !strings.Contains(v, "• Adicionar o produto 13 ao contrato 100") || !strings.Contains(v, "Produto (id_produto) = P13 (13)") {
		t.Errorf("the other product's change is not listed on its own:\n%s", v)
	}
	if !strings.Contains(v, "• Adicionar o produto 12 ao contrato 200 — COBRANÇA EM DOBRO") {
		t.Errorf("a change whose summary says more is folded away:\n%s", v)
	}
	if strings.Contains(v, "mesmo tipo") {
		t.Errorf("changes folded away:\n%s", v)
	}
}

// A plan link done by hand: the plan named, the tab, and exactly the
// fields of IXC's item form, in its words (never the raw insert).
func TestPlanLinkManualPathByTab(t *testing.T) {
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toPlans(d)
		d.key(tea.KeyHome, 1)
		d.toggle() // #1 FIBRA 100 MEGA
		d.enter(1)
		d.waitFor("O programa vai gravar exatamente isto no IXC")
		body := d.body()
		for _, want := range []string{"• Adicionar o produto 12 (LevEduca - Cursos Online) ao plano 1 (FIBRA 100 MEGA)",
			"Plano de venda (id_vd_contrato) = FIBRA 100 MEGA (1)", "Plano de velocidade (id_plano) = —", "Tipo (tipo) = SVA", "Fixar IP (fixar_ip) = Não"} {
			if !strings.Contains(body, want) {
				t.Errorf("the confirmation lacks %q:\n%s", want, body)
			}
		}
		if strings.Contains(body, "id_plano = 0") || strings.Contains(body, "valor_unit = ") {
			t.Errorf("raw API fields:\n%s", body)
		}
		d.down(1)
		d.enter(1) // "Vou fazer no IXC"
		d.waitFor("Quando terminar no IXC")
		manual := d.body()
		for _, want := range []string{
			"Cadastros > Contratos > Planos de Venda > plano de venda FIBRA 100 MEGA (1) > Editar: aba Planos > Novo:",
			"• Tipo: SVA • Produto: LevEduca - Cursos Online (12)", "• Quantidade: 1", "• Valor unitário: R$ ", "• Unidade: ",
			"• Fixar IP: Não", "• deixe em branco: Plano de velocidade",
		} {
			if !strings.Contains(manual, want) {
				t.Errorf("the manual path lacks %q:\n%s", want, manual)
			}
		}
		if strings.Contains(manual, "inserir em") || strings.Contains(manual, "id_produto") {
			t.Errorf("the manual path shows the raw insert:\n%s", manual)
		}
	})
}
