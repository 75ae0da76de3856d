package ui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// Every help text huh shows under a form has its Portuguese, and the
// English UI keeps huh's own.
func TestFormKeyHelpInPortuguese(t *testing.T) {
	t.Parallel()
	pt := huh.NewDefaultKeyMap()
	localizeKeyHelp(pt, i18n.PT)
	en := huh.NewDefaultKeyMap()
	localizeKeyHelp(en, i18n.EN)
	var missing []string
	for _, h := range [][]string{
		{pt.Select.Up.Help().Desc, "subir"}, {pt.Select.Submit.Help().Desc, "confirmar"},
		{pt.Select.Filter.Help().Desc, "filtrar"}, {pt.MultiSelect.Toggle.Help().Desc, "marcar"},
		{pt.Input.Next.Help().Desc, "próximo"}, {en.Select.Up.Help().Desc, "up"},
	} {
		if h[0] != h[1] {
			missing = append(missing, h[0]+" ≠ "+h[1])
		}
	}
	if len(missing) > 0 {
		t.Fatal(strings.Join(missing, "; "))
	}
	// No English description is left untranslated, except the y/n keys.
	untranslated := map[string]bool{}
	collect := func(d string) {
		if _, ok := formKeyHelpPT[d]; ok {
			untranslated[d] = true
		}
	}
	for _, b := range []key.Binding{pt.Select.Up, pt.Select.Down, pt.Select.Submit, pt.Select.Filter,
		pt.Select.SetFilter, pt.Select.ClearFilter, pt.Select.Prev, pt.Select.Next, pt.MultiSelect.Toggle,
		pt.MultiSelect.SelectAll, pt.MultiSelect.SelectNone, pt.Input.Submit, pt.Input.Prev, pt.Text.NewLine} {
		collect(b.Help().Desc)
	}
	if len(untranslated) > 0 {
		t.Fatalf("still in English: %v", untranslated)
	}
}

// Esc inside a list's filter clears the filter and stays on the step; the
// next Esc goes back.
func TestEscClearsFilterFirst(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		d.connect()
		d.enter(2)
		d.waitFor("Produto da oferta LevEduca")
		d.press(tea.KeyPressMsg{Code: '/', Text: "/"})
		d.typ("zz")
		if !d.m.typing() {
			t.Fatal("the filter is not taking text")
		}
		d.esc()
		if !strings.Contains(d.screen(), "Produto da oferta LevEduca") || d.m.fieldOwnsEsc() {
			t.Fatalf("esc in the filter left the step or kept the filter:\n%s", d.screen())
		}
		if !strings.Contains(d.screen(), "Criar um produto novo") {
			t.Fatalf("the filter was not cleared:\n%s", d.screen())
		}
		d.esc()
		d.waitFor("O que o provedor vende?")
	})
}

// F1 opens help in a text field, where ? is a letter; the footer offers
// the key that works there.
func TestHelpKeyInTextFields(t *testing.T) {
	t.Parallel()
	drive(t, nil, "", nil, func(t *testing.T, d *driver) {
		d.waitFor("O que você quer fazer?")
		if !strings.Contains(d.screen(), "? ajuda") {
			t.Fatalf("footer:\n%s", d.screen())
		}
		d.press(tea.KeyPressMsg{Code: '?', Text: "?"})
		d.waitFor("Ajuda")
		if !strings.Contains(d.screen(), "F1") {
			t.Fatalf("help screen:\n%s", d.screen())
		}
		d.esc()
		d.enter(1)
		d.waitFor("Endereço do IXC")
		if !strings.Contains(d.screen(), "F1 ajuda") || strings.Contains(d.screen(), "? ajuda") {
			t.Fatalf("footer in a text field:\n%s", d.screen())
		}
		d.typ("a?b")
		if d.m.help || d.s.URL != "a?b" {
			t.Fatalf("? in a text field: help %v, url %q", d.m.help, d.s.URL)
		}
		d.press(tea.KeyPressMsg{Code: tea.KeyF1})
		if !d.m.help || !strings.Contains(d.screen(), "Ajuda") {
			t.Fatalf("F1 did not open help:\n%s", d.screen())
		}
		d.press(tea.KeyPressMsg{Code: tea.KeyF1})
		if d.m.help {
			t.Fatal("F1 did not close help")
		}
	})
}
