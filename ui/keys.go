package ui

import (
	"reflect"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// keyMap is every key binding of the wizard, in one place. The root
// model's Update matches against these bindings (key.Matches), and the
// footer and the help screen are drawn from the very same bindings by
// bubbles/help, so a key and its hint cannot drift apart.
//
// The keys inside a form (move, toggle, filter, submit) belong to huh:
// formKeyMap configures them; the help screen describes them with
// bindings built from huh's own keys.
type keyMap struct {
	// Back: a sub-step back, else the previous screen (answers are kept).
	Back key.Binding
	// Help toggles the help screen. "?" is a letter in a text field (a
	// URL, a token, a search), so there only F1 opens help: HelpInText is
	// the binding enabled instead while a text field has the focus.
	Help, HelpInText key.Binding
	// Quit asks before quitting; QuitYes confirms.
	Quit, QuitYes key.Binding
	// Scroll pages the screen's text when it does not fit above the form
	// (layout.go); the footer shows it only then.
	Scroll key.Binding
	// PageUp and PageDown are Scroll's two halves: the body's viewport
	// (layout.go) is built from them.
	PageUp, PageDown key.Binding
	// Reaudit runs the audit again where a screen reuses an earlier one
	// (the screen says so; the help screen lists it only then).
	Reaudit key.Binding

	// What the help screen explains about huh's keys.
	Confirm, Move, Toggle, Filter key.Binding

	lang i18n.Lang
}

func newKeyMap(lang i18n.Lang) keyMap {
	tr := func(pt, en string) string { return i18n.T(pt, en).In(lang) }
	hk := huh.NewDefaultKeyMap()
	pageUp, pageDown := key.NewBinding(key.WithKeys("pgup")), key.NewBinding(key.WithKeys("pgdown"))
	return keyMap{
		PageUp:     pageUp,
		PageDown:   pageDown,
		lang:       lang,
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", tr("voltar", "back"))),
		Help:       key.NewBinding(key.WithKeys("?", "f1"), key.WithHelp("?", tr("ajuda", "help"))),
		HelpInText: key.NewBinding(key.WithKeys("f1"), key.WithHelp("F1", tr("ajuda", "help")), key.WithDisabled()),
		Quit:       key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", tr("sair", "quit"))),
		Scroll:     key.NewBinding(key.WithKeys(append(pageDown.Keys(), pageUp.Keys()...)...), key.WithHelp("pgup/pgdn", tr("rolar o texto", "scroll the text"))),
		Reaudit:    key.NewBinding(key.WithKeys("ctrl+r"), key.WithHelp("ctrl+r", tr("auditar de novo", "audit again")), key.WithDisabled()),
		QuitYes:    key.NewBinding(key.WithKeys("s", "S", "y", "Y", "ctrl+c"), key.WithHelp("s", tr("sim, sair", "yes, quit"))),

		Confirm: key.NewBinding(key.WithKeys(hk.Select.Submit.Keys()...), key.WithHelp("enter", tr("confirma / próximo", "confirm / next"))),
		Move: key.NewBinding(key.WithKeys(append(hk.Select.Up.Keys(), hk.Select.Down.Keys()...)...),
			key.WithHelp("↑ ↓ / tab", tr("move entre opções e campos", "move between options and fields"))),
		Toggle: key.NewBinding(key.WithKeys(hk.MultiSelect.Toggle.Keys()...),
			key.WithHelp(tr("espaço/x", "space/x"), tr("marca itens numa lista de múltipla escolha", "toggle items in a multi-select"))),
		Filter: key.NewBinding(key.WithKeys(hk.Select.Filter.Keys()...),
			key.WithHelp("/", tr("filtra listas longas (esc limpa o filtro)", "filter long lists (esc clears the filter)"))),
	}
}

// typing switches the help binding: F1 only while a text field has the
// focus, ? or F1 otherwise.
func (k *keyMap) typing(on bool) {
	k.Help.SetEnabled(!on)
	k.HelpInText.SetEnabled(on)
}

// ShortHelp is the footer (help.KeyMap).
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Back, k.Help, k.HelpInText, k.Quit}
}

// FullHelp is the help screen (help.KeyMap): one column, key and meaning.
func (k keyMap) FullHelp() [][]key.Binding {
	back := k.Back
	back.SetHelp(back.Help().Key, i18n.T("volta um passo (as respostas ficam guardadas)", "go back a step (answers are kept)").In(k.lang))
	hlp := k.Help
	hlp.SetEnabled(true)
	hlp.SetHelp("? / F1", i18n.T("mostra ou esconde esta ajuda (F1 nos campos de texto)", "show or hide this help (F1 in text fields)").In(k.lang))
	quit := k.Quit
	quit.SetHelp(quit.Help().Key, i18n.T("sai (pede confirmação)", "quit (asks first)").In(k.lang))
	scroll := k.Scroll
	scroll.SetHelp(scroll.Help().Key, i18n.T("rola o texto que não cabe acima da pergunta", "scroll the text that does not fit above the question").In(k.lang))
	return [][]key.Binding{{k.Confirm, k.Move, k.Toggle, k.Filter, scroll, k.Reaudit, back, hlp, quit}}
}

// newHelp is the bubbles/help model of the footer and the help screen. It
// adds no colours of its own: the caller styles the whole block.
func newHelp() help.Model {
	h := help.New()
	h.ShortSeparator = " · "
	h.FullSeparator = "  "
	plain := lipgloss.NewStyle()
	h.Styles = help.Styles{Ellipsis: plain, ShortKey: plain, ShortDesc: plain, ShortSeparator: plain,
		FullKey: plain, FullDesc: plain, FullSeparator: plain}
	return h
}

// formKeyMap is the huh key map of every form: Ctrl+C is the root model's
// (it asks first), and the help huh shows under a form is translated.
func formKeyMap(lang i18n.Lang) *huh.KeyMap {
	km := huh.NewDefaultKeyMap()
	km.Quit.SetEnabled(false)
	localizeKeyHelp(km, lang)
	// The toggle hint under a multi-select is the wizard's own binding
	// (huh's says only "x"), so the list's line and the footer agree.
	k := newKeyMap(lang)
	km.MultiSelect.Toggle.SetHelp(k.Toggle.Help().Key, km.MultiSelect.Toggle.Help().Desc)
	if lang == i18n.PT {
		// One yes/no convention in Portuguese, as in "Sair…? (s/N)": s is
		// yes (y still works), n is no.
		km.Confirm.Accept = key.NewBinding(key.WithKeys("s", "S", "y", "Y"), key.WithHelp("s", "sim"))
		km.Confirm.Reject = key.NewBinding(key.WithKeys("n", "N"), key.WithHelp("n", "não"))
		km.Confirm.Toggle.SetHelp(km.Confirm.Toggle.Help().Key, "alternar")
	}
	return km
}

// multiSelectHint is the line under a multi-select, drawn from the same
// bindings as the footer and the help screen.
func (k keyMap) multiSelectHint() string {
	tr := func(pt, en string) string { return i18n.T(pt, en).In(k.lang) }
	return k.Toggle.Help().Key + " " + tr("marcar", "toggle") + " · " +
		k.Filter.Help().Key + " " + tr("filtrar", "filter") + " · " +
		k.Confirm.Help().Key + " " + tr("confirmar", "confirm")
}

// formKeyHelpPT is the Portuguese of the help huh shows under a form
// ("↑ up • ↓ down • enter submit"). The confirm field's keys are set in
// formKeyMap (s/n in Portuguese).
var formKeyHelpPT = map[string]string{
	"back": "voltar", "clear filter": "limpar filtro", "close": "fechar", "complete": "completar",
	"confirm": "confirmar", "down": "descer", "filter": "filtrar", "first": "primeiro",
	"go to end": "ir ao fim", "go to start": "ir ao início", "last": "último", "left": "esquerda",
	"new line": "nova linha", "next": "próximo", "open": "abrir", "open editor": "abrir editor",
	"page down": "página abaixo", "page up": "página acima", "right": "direita", "select": "escolher",
	"select all": "marcar todos", "select none": "desmarcar todos", "set filter": "aplicar filtro",
	"submit": "confirmar", "toggle": "marcar", "up": "subir",
	"½ page down": "½ página abaixo", "½ page up": "½ página acima",
}

// localizeKeyHelp rewrites the help texts of every binding of km in lang.
func localizeKeyHelp(km *huh.KeyMap, lang i18n.Lang) {
	if lang != i18n.PT {
		return
	}
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		for i := range v.NumField() {
			f := v.Field(i)
			if b, ok := f.Addr().Interface().(*key.Binding); ok {
				if h := b.Help(); formKeyHelpPT[h.Desc] != "" {
					b.SetHelp(h.Key, formKeyHelpPT[h.Desc])
				}
				continue
			}
			if f.Kind() == reflect.Struct {
				walk(f)
			}
		}
	}
	walk(reflect.ValueOf(km).Elem())
}
