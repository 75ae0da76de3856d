package ui

import (
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// Every help text huh shows under a form has its Portuguese, and the
// English UI keeps huh's own.
func TestFormKeyHelpInPortuguese(t *testing.T) {
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
