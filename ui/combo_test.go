package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
)

const comboName = "FIBRA 100 MEGA + LEVEDUCA"

// toComboCopy goes from the start to the plan copy's confirmation of plan
// #1 (FIBRA 100 MEGA) under its default name.
func toComboCopy(d *driver) {
	d.connect()
	d.toProductReview()
	d.down(1) // use it as it is
	d.enter(1)
	d.waitFor("Como o produto chega aos assinantes?")
	d.enter(1) // by sales plan
	d.waitFor("Duplicar um plano como combo antes?")
	d.down(1) // yes
	d.enter(1)
	d.waitFor("Plano a duplicar")
	d.key(tea.KeyHome, 1) // #1 FIBRA 100 MEGA
	d.enter(2)            // default name
}

// baseItems is the number of items (plan rows) of plan #1.
func baseItems(t *testing.T, sim *ixcsim.Sim) int {
	n := len(rows(sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": "1", "id_contrato": "0"}))
	if n == 0 {
		t.Fatal("plan #1 has no items in the demo data")
	}
	return n
}

// The plan copy's confirmation says that the items follow in a second
// step, and how many.
func TestComboCopySaysItsItemsFollow(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toComboCopy(d)
		d.waitFor("Criar o plano de venda")
		n := len(rows(sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": "1", "id_contrato": "0"}))
		what := "o item"
		if n > 1 {
			what = fmt.Sprintf("os %d itens", n)
		}
		want := "Depois: copiar " + what + " do plano #1 para o novo plano"
		scr := d.screen()
		if !strings.Contains(scr, want) || strings.Index(scr, want) < strings.Index(scr, "Criar o plano de venda") {
			t.Errorf("the confirmation does not say %q after the change:\n%s", want, scr)
		}
	})
}

// Back at the items' confirmation, once the plan is written: the screen
// says the plan is in IXC without its items and offers to copy them now
// (the default); leaving it shows the plan in the list, marked, not ticked.
func TestComboBackAtItemsSaysThePlanHasNoItems(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toComboCopy(d)
		d.waitFor("Criar o plano de venda")
		d.enter(1) // do it
		d.waitFor("Copiar o item")
		combo := rows(sim, "vd_contratos", map[string]string{"nome": comboName})
		if len(combo) != 1 {
			t.Fatalf("combo plan = %v", combo)
		}
		id := combo[0]["id"]
		d.down(2)
		d.enter(1) // Voltar
		want := fmt.Sprintf("O plano #%s \"%s\" foi criado no IXC sem os itens do plano #1", id, comboName)
		d.waitFor(want)
		if scr := d.screen(); !contains(scr, "não vende nada", "Copiar os itens do plano #1 agora", "Deixar assim",
			"Para terminar no IXC", "ou exclua-o", "Excluir.") {
			t.Errorf("the question:\n%s", scr)
		}
		if got := rows(sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": id}); len(got) != 0 {
			t.Fatalf("items written before the question: %v", got)
		}
		d.down(1)
		d.enter(1) // leave it
		d.waitFor("Planos de venda que levam o produto")
		scr := d.screen()
		if !contains(scr, "[ ] #"+id+" "+comboName+" (sem itens)", want, "Para terminar no IXC", "ou exclua-o") {
			t.Errorf("the plan list does not show the plan without items, with a note:\n%s", scr)
		}
		if got := rows(sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": id}); len(got) != 0 {
			t.Errorf("items written after leaving: %v", got)
		}
	})
}

// Esc at the items' confirmation asks too; copying them now (the default)
// writes them, and the combo comes ticked.
func TestComboEscAtItemsThenCopyNow(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toComboCopy(d)
		d.waitFor("Criar o plano de venda")
		d.enter(1)
		d.waitFor("Copiar o item")
		d.esc()
		d.waitFor("sem os itens do plano #1")
		d.enter(1) // copy them now
		d.waitFor("Copiar o item")
		d.enter(1)
		d.waitFor("Planos de venda que levam o produto")
		id := rows(sim, "vd_contratos", map[string]string{"nome": comboName})[0]["id"]
		if got, n := len(rows(sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": id, "id_contrato": "0"})), baseItems(t, sim); got != n {
			t.Errorf("combo has %d items, want %d", got, n)
		}
		if scr := d.screen(); !strings.Contains(scr, "[•] #"+id+" "+comboName) || strings.Contains(scr, "sem itens") {
			t.Errorf("the combo is not ticked:\n%s", scr)
		}
	})
}

// Redoing the combo under the same name: the screen says the plan exists
// and will be used, creates no other, and goes to its missing items.
func TestComboRedoUsesTheExistingPlan(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toComboCopy(d)
		d.waitFor("Criar o plano de venda")
		d.enter(1)
		d.waitFor("Copiar o item")
		d.esc()
		d.waitFor("sem os itens do plano #1")
		d.down(1)
		d.enter(1) // leave it
		d.waitFor("Planos de venda que levam o produto")
		id := rows(sim, "vd_contratos", map[string]string{"nome": comboName})[0]["id"]
		d.esc()
		d.waitFor("Como o produto chega aos assinantes?")
		d.enter(1) // by sales plan
		d.waitFor("Duplicar um plano como combo antes?")
		d.enter(1) // yes (kept)
		d.waitFor("Plano a duplicar")
		d.enter(2) // #1, the same name
		want := fmt.Sprintf("O plano #%s \"%s\" já existe: será usado, sem criar outro.", id, comboName)
		d.waitFor(want)
		if scr := d.screen(); strings.Contains(scr, "Criar o plano de venda") {
			t.Errorf("the creation is still offered:\n%s", scr)
		}
		d.enter(1) // use it
		d.waitFor("Copiar o item")
		if scr := d.screen(); !strings.Contains(scr, "para o plano "+id) {
			t.Errorf("the items do not go to plan #%s:\n%s", id, scr)
		}
		d.enter(1)
		d.waitFor("Planos de venda que levam o produto")
		if got := rows(sim, "vd_contratos", map[string]string{"nome": comboName}); len(got) != 1 {
			t.Errorf("%d plans named %q", len(got), comboName)
		}
		if got, n := len(rows(sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": id, "id_contrato": "0"})), baseItems(t, sim); got != n {
			t.Errorf("combo has %d items, want %d", got, n)
		}
		if scr := d.screen(); !strings.Contains(scr, "[•] #"+id+" "+comboName) {
			t.Errorf("the combo is not ticked:\n%s", scr)
		}
	})
}

// "Vou fazer no IXC" for the plan and for its items is a short menu path
// (IXC's Duplicar, the plan's tab Planos) with only the fields that
// matter, not a raw insert.
func TestComboManualPathsAreMenuPaths(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toComboCopy(d)
		d.waitFor("Criar o plano de venda")
		d.down(1)
		d.enter(1) // I will do it in IXC
		d.waitFor("Faça no IXC:")
		scr := d.screen()
		if !contains(scr, "Planos de Venda > plano #1 (FIBRA 100 MEGA) > Duplicar:", ": "+comboName, "Os outros campos vêm do plano #1") ||
			strings.Contains(scr, "inserir em") || strings.Contains(scr, "comodato") {
			t.Errorf("the plan copy's manual path:\n%s", scr)
		}
		d.down(1)
		d.enter(1) // I'd rather the program did it
		d.waitFor("Criar o plano de venda")
		d.enter(1)
		d.waitFor("Copiar o item")
		id := rows(sim, "vd_contratos", map[string]string{"nome": comboName})[0]["id"]
		d.down(1)
		d.enter(1) // I will do it in IXC
		d.waitFor("Faça no IXC:")
		scr = d.screen()
		if !contains(scr, comboName+" ("+id+") > Editar:", "aba Planos > Novo:", "Tipo: Internet", "Os outros campos: como no item do plano #1.") ||
			strings.Contains(scr, "inserir em") || strings.Contains(scr, "desconto") {
			t.Errorf("the items' manual path:\n%s", scr)
		}
	})
}
