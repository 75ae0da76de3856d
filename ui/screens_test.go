package ui

import (
	"io"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// noColorScreen renders a screen as NO_COLOR at its strictest: no colour
// and no text attribute at all (no bold, no reverse video), so whatever
// still shows the focus and the chosen option is text.
func noColorScreen(s string) string {
	var b strings.Builder
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.NoTTY}
	_, _ = io.WriteString(w, s)
	lines := strings.Split(b.String(), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}

// straightPath walks the wizard at 80×24 from the start to the hand-off's
// questions (LevEduca, a new product, two plans, Hotsite login) and calls
// snap at the screens of the design's golden set.
func straightPath(t *testing.T, d *driver, lang i18n.Lang, snap func(name string)) {
	tr := func(pt, en string) string { return i18n.T(pt, en).In(lang) }
	d.handle(tea.WindowSizeMsg{Width: 80, Height: 24})
	d.waitFor(tr("O que você quer fazer?", "What do you want to do?"))
	d.enter(1)
	d.waitFor(tr("Token da API", "API token"))
	d.enter(2)
	d.waitFor(tr("Tabelas que o token consegue ler", "Tables the token can read"))
	snap("connection")
	d.enter(1)
	d.waitFor(tr("O que o provedor vende?", "What does the ISP sell?"))
	d.enter(2)
	d.waitFor(tr("Produto da oferta LevEduca", "Product of the LevEduca offer"))
	d.enter(1)
	d.waitFor(tr("Corrigir o produto?", "Correct the product?"))
	snap("product_review")
	d.esc()
	d.waitFor(tr("Produto da oferta LevEduca", "Product of the LevEduca offer"))
	d.down(2) // "Criar um produto novo"
	d.enter(1)
	d.waitFor(tr("Nome do produto", "Product name"))
	d.enter(2)
	d.typ("29,90")
	d.enter(1)
	d.waitFor(tr("Classificação fiscal de saída", "outgoing tax class"))
	d.enter(3)
	d.waitFor(tr("vai gravar exatamente isto no IXC", "will write exactly this to IXC"))
	snap("create_confirm")
	d.enter(1)
	d.waitFor(tr("Como o produto chega aos assinantes?", "How does the product reach subscribers?"))
	d.enter(1) // plan
	d.waitFor(tr("Duplicar um plano como combo antes?", "Duplicate a plan as a combo first?"))
	d.enter(1) // no
	d.waitFor(tr("Planos de venda que levam o produto", "Sales plans that carry product"))
	d.key(tea.KeyHome, 1)
	d.toggle()
	d.down(2)
	d.toggle()
	snap("link_plans")
	d.enter(1)
	d.waitFor(tr("vai gravar exatamente isto no IXC", "will write exactly this to IXC"))
	d.enter(1)
	d.waitFor(tr("Como os assinantes entram na LevEduca?", "How do subscribers log in to LevEduca?"))
	d.enter(1) // hotsite
	d.waitFor(tr("Contratos com direito", "Entitled contracts"))
	snap("auth_coverage")
	d.enter(1)
	d.waitFor(tr("Salvar o perfil em", "Save the profile to"))
	snap("handoff")
}

// Golden screens at 80×24 (design.md §7: the question and its options are
// always on screen): the connection checklist, a product review, the
// product-create confirmation with its actions, the plan list, the auth
// coverage and the hand-off with both of its inputs; in Portuguese, and the
// create confirmation and the hand-off also in English and under NO_COLOR.
func TestGoldenScreens80x24(t *testing.T) {
	t.Parallel()
	for _, lang := range []i18n.Lang{i18n.PT, i18n.EN} {
		t.Run(string(lang), func(t *testing.T) {
			t.Parallel()
			sim, url := demoIXC(t, 300)
			var names []string
			screens := map[string]string{}
			drive(t, sim, url, func(o *Options) { o.Lang = lang }, func(t *testing.T, d *driver) {
				straightPath(t, d, lang, func(name string) {
					d.settle()
					// The hand-off's path field shows the test's folder.
					view := strings.ReplaceAll(d.m.View().Content, d.dir, "DIR")
					if lang == i18n.EN && name != "create_confirm" && name != "handoff" {
						return
					}
					names = append(names, name)
					screens[name] = asciiScreen(view)
					if lang == i18n.PT && (name == "create_confirm" || name == "handoff") {
						names = append(names, name+"_nocolor")
						screens[name+"_nocolor"] = noColorScreen(view)
					}
				})
			})
			for _, name := range names { // subtests cannot start inside the bubble
				t.Run(name, func(t *testing.T) {
					s := screens[name]
					if n := strings.Count(s, "\n") + 1; n > 24 {
						t.Errorf("%d lines at 80×24", n)
					}
					for _, l := range strings.Split(s, "\n") {
						if w := len([]rune(stripStyles(l))); w > 80 {
							t.Errorf("line wider than 80 columns (%d): %q", w, l)
						}
					}
					golden.RequireEqual(t, s)
				})
			}
		})
	}
}

// The create confirmation and the hand-off at 80×24 show the question and
// every option, with the chosen one marked in text (NO_COLOR), and the key
// hints stay at the bottom.
func TestQuestionAlwaysOnScreen(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 300)
	got := map[string]string{}
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		straightPath(t, d, i18n.PT, func(name string) {
			d.settle()
			got[name] = noColorScreen(d.m.View().Content)
			if name == "create_confirm" {
				// The rest of the record is a page down; the question stays.
				d.press(tea.KeyPressMsg{Code: tea.KeyPgDown})
				got["create_scrolled"] = noColorScreen(d.m.View().Content)
			}
		})
		// The hand-off's second question: its buttons show the choice.
		d.enter(1)
		d.settle()
		got["handoff_token"] = noColorScreen(d.m.View().Content)
	})
	want := map[string][]string{
		"connection":      {"E agora?", "> Continuar", "esc voltar"},
		"create_confirm":  {"Fazer por mim: gravar no IXC agora", "Vou fazer no IXC", "Voltar", "Descrição (descricao) = ", "pgup/pgdn rolar o texto (0%)", "esc voltar"},
		"create_scrolled": {"Fazer por mim: gravar no IXC agora", "Vou fazer no IXC", "Voltar", "Preço base (preco_base) = R$ 29,90", "Unidade padrão (unidade) = SER (13)", "(100%)"},
		"link_plans":      {"Planos de venda que levam o produto", "esc voltar"},
		"auth_coverage":   {"Contratos com direito", "esc voltar"},
		"handoff":         {"Salvar o perfil em", "Incluir o token no relatório de entrega?", "(•) Não incluir", "( ) Incluir", "esc voltar"},
		"handoff_token":   {"Incluir o token no relatório de entrega?", "(•) Não incluir", "( ) Incluir"},
	}
	for name, subs := range want {
		s := got[name]
		for _, sub := range subs {
			if !strings.Contains(s, sub) {
				t.Errorf("%s at 80×24 lacks %q:\n%s", name, sub, s)
			}
		}
		if n := strings.Count(s, "\n") + 1; n > 24 {
			t.Errorf("%s: %d lines at 80×24:\n%s", name, n, s)
		}
	}
}
