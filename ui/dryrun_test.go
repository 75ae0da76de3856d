package ui

import (
	tea "charm.land/bubbletea/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// dryRunWroteNothing checks that a dry run left IXC, the journal and the
// profile as a dry run must: nothing written, no journal, no draft Ref
// saved.
func dryRunWroteNothing(t *testing.T, d *driver) {
	t.Helper()
	if st := d.sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
		t.Errorf("a dry run wrote: %+v", st)
	}
	if js, _ := filepath.Glob(filepath.Join(d.dir, "*.jsonl")); len(js) > 0 || d.s.Journal != nil {
		t.Errorf("a dry run wrote a journal: %v", js)
	}
	data, err := os.ReadFile(d.s.ProfilePath)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "novo-") {
		t.Errorf("the profile holds a draft Ref:\n%s", data)
	}
	if _, err := profile.Parse(data); err != nil {
		t.Errorf("the saved profile does not load: %v", err)
	}
}

// --dry-run with a product to create: "Simular" goes on with the new
// product as a draft, so the link step still shows the exact rows it
// would write for it (its id shown for what it is), and simulates them.
func TestDryRunNewProductShowsItsLinks(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	drive(t, sim, url, func(o *Options) { o.DryRun = true }, func(t *testing.T, d *driver) {
		d.toCreateConfirmation()
		d.enter(1) // Simular
		d.waitFor("Como o produto chega aos assinantes?")
		d.enter(1) // by sales plan
		d.waitFor("Duplicar um plano como combo antes?")
		d.enter(1) // no
		d.waitFor("Planos de venda que levariam o produto novo (LevEduca)")
		if scr := d.screen(); strings.Contains(scr, "escolha ao menos um plano") {
			t.Errorf("the plan list opens with an error:\n%s", scr)
		}
		d.enter(1) // nothing ticked: the error, and the list stays
		d.waitFor("escolha ao menos um plano")
		if scr := d.screen(); !strings.Contains(scr, "Planos de venda que levariam") {
			t.Errorf("an empty plan list was accepted:\n%s", scr)
		}
		d.toggle()
		d.enter(1)
		d.waitFor("Isto é o que o programa gravaria no IXC")
		scr := d.screen()
		for _, want := range []string{"Adicionar o produto novo (LevEduca", "ao plano ", "Produto (id_produto) = (id do registro novo, simulado)"} {
			if !strings.Contains(scr, want) {
				t.Errorf("the link confirmation lacks %q:\n%s", want, scr)
			}
		}
		if strings.Contains(scr, "novo-") {
			t.Errorf("a draft Ref on screen:\n%s", scr)
		}
		d.enter(1) // Simular
		d.waitFor("Como os assinantes entram na LevEduca?")
		d.enter(1) // hotsite
		// The only product is simulated: nothing to count yet, which is
		// said as such (not as a check that failed), and the way on is
		// the hand-off.
		d.waitFor("o produto novo não foi criado, então ainda não há contrato com direito a ele")
		if scr := d.screen(); strings.Contains(scr, "não terminou") || !strings.Contains(scr, "> Continuar para a entrega") {
			t.Errorf("the coverage of a simulated product:\n%s", scr)
		}
		d.enter(1)
		d.waitFor("Incluir o token no relatório de entrega?")
		if scr := d.screen(); !strings.Contains(scr, "Produto LevEduca: novo, só simulado (--dry-run): LevEduca") {
			t.Errorf("the hand-off does not name the simulated product:\n%s", scr)
		}
		if hp := d.s.handoffPlans(); len(hp) != 1 || len(hp[0].Offers) != 1 || hp[0].Offers[0] != "leveduca" {
			t.Errorf("the hand-off's plan does not carry the simulated offer: %+v", hp)
		}
		d.enter(1) // the profile path as proposed
		// The token question's hint: "s" is yes in Portuguese.
		if scr := d.screen(); !strings.Contains(scr, "s Incluir") || strings.Contains(scr, "y Incluir") {
			t.Errorf("the yes key's hint:\n%s", scr)
		}
		d.enter(2) // no token, no ISP name
		d.waitFor("Arquivos gravados")
		// A dry run's hand-off says it is one, on screen and in its files.
		if scr := d.screen(); !contains(scr, "Simulação concluída.", "Não o envie como entrega", "Pronto para ativar") || strings.Contains(scr, "Envie o relatório de entrega ao suporte") {
			t.Errorf("the dry run's end:\n%s", scr)
		}
		md, _ := os.ReadFile(filepath.Join(d.dir, "ixc-leveduca-entrega.md"))
		js, _ := os.ReadFile(filepath.Join(d.dir, "ixc-leveduca-entrega.json"))
		if !strings.Contains(string(md), "Simulação (--dry-run): nada foi gravado no IXC") || !strings.Contains(string(js), `"dry_run": true`) {
			t.Errorf("the hand-off files do not say dry run:\n%s\n%s", md, js)
		}
		dryRunWroteNothing(t, d)
		prof, _ := profile.Load(d.s.ProfilePath)
		if pr, ok := prof.Product("leveduca"); !ok || pr.ID != "" || len(prof.Link.Plans) != 1 {
			t.Errorf("profile: %+v %+v", prof.Products, prof.Link)
		}
	})
}

// --dry-run with a combo: the simulated copy of the plan is a draft too;
// its items are shown copied onto "the new plan", and the new plan comes
// ticked in the plan list and gets the product's row.
func TestDryRunComboShowsItsItemsAndLink(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	drive(t, sim, url, func(o *Options) { o.DryRun = true }, func(t *testing.T, d *driver) {
		d.connect()
		d.toProductReview()
		d.down(1) // use it as it is
		d.enter(1)
		d.waitFor("Como o produto chega aos assinantes?")
		d.enter(1) // by sales plan
		d.waitFor("Duplicar um plano como combo antes?")
		d.down(1)
		d.enter(1) // yes
		d.waitFor("Nome do novo plano")
		d.enter(1) // the first plan
		d.typ("COMBO TESTE")
		d.enter(1)
		d.waitFor("Isto é o que o programa gravaria no IXC")
		d.enter(1) // Simular the plan
		d.waitFor("para o plano novo")
		if scr := d.screen(); !strings.Contains(scr, "Plano de venda (id_vd_contrato) = (id do registro novo, simulado)") {
			t.Errorf("the items' confirmation:\n%s", scr)
		}
		d.enter(1) // Simular the items
		d.waitFor("(novo, simulado) COMBO TESTE")
		if scr := d.screen(); !strings.Contains(scr, "[•] (novo, simulado) COMBO TESTE") {
			t.Errorf("the new plan is not ticked:\n%s", scr)
		}
		d.enter(1)
		d.waitFor("Isto é o que o programa gravaria no IXC")
		if scr := d.screen(); !strings.Contains(scr, "ao plano novo (COMBO TESTE)") {
			t.Errorf("the link confirmation:\n%s", scr)
		}
		d.enter(1)
		d.waitFor("Como os assinantes entram na LevEduca?")
		d.enter(1) // hotsite
		d.waitFor("Contratos com direito")
		if scr := d.screen(); !strings.Contains(scr, "Simulação (--dry-run): nada foi gravado, então estes números são os do IXC de hoje") {
			t.Errorf("the coverage does not say it is IXC's as it is:\n%s", scr)
		}
		dryRunWroteNothing(t, d)
		prof, _ := profile.Load(d.s.ProfilePath)
		if len(prof.Link.Plans) != 2 { // #6 and #7 (already carrying it); the combo is no plan of IXC
			t.Errorf("plans saved: %v", prof.Link.Plans)
		}
	})
}

// At 80×24, after "Já fiz: verificar" finds nothing, what the check found
// is on screen at once, above the manual path (not below it, out of view).
func TestManualCheckResultIsInView(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		d.handle(tea.WindowSizeMsg{Width: 80, Height: 24})
		d.toCreateConfirmation()
		d.down(1)
		d.enter(1) // I will do it in IXC
		d.waitFor("Faça no IXC:")
		d.enter(1) // done: check IXC now (nothing was done)
		d.waitFor("Ainda não vejo a alteração no IXC.")
		if n := strings.Count(d.screen(), "\n") + 1; n > 24 {
			t.Fatalf("the screen is %d lines", n)
		}
	})
}
