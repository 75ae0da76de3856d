package ui

import (
	"reflect"

	"charm.land/bubbles/v2/key"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// formKeyHelpPT is the Portuguese of the help huh shows under a form
// ("↑ up • ↓ down • enter submit"). The confirm field's y/n keys keep their
// Yes/No: the keys are English letters.
var formKeyHelpPT = map[string]string{
	"back": "voltar", "clear filter": "limpar filtro", "close": "fechar", "complete": "completar",
	"confirm": "confirmar", "down": "descer", "filter": "filtrar", "first": "primeiro",
	"go to end": "ir ao fim", "go to start": "ir ao início", "last": "último", "left": "esquerda",
	"new line": "nova linha", "next": "próximo", "open": "abrir", "open editor": "abrir editor",
	"page down": "página abaixo", "page up": "página acima", "right": "direita", "select": "marcar",
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
