package steps_test

import (
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// Finding messages agree with their count and write it as the language
// does: no "produto(s)".
func TestCatalogMessagesPlural(t *testing.T) {
	for _, c := range []struct {
		code   string
		n      int
		pt, en string
	}{
		{steps.CodeProductInactive, 1, "1 produto inativo.", "1 product inactive."},
		{steps.CodeProductInactive, 2, "2 produtos inativos.", "2 products inactive."},
		{steps.CodeAuthHotsiteDuplicate, 1014, "1.014 clientes compartilham o mesmo login do Hotsite.", "1,014 customers share the same Hotsite login."},
		{steps.CodeLinkBlockedContract, 1, "1 contrato com direito ao produto está bloqueado ou suspenso.", "1 entitled contract is blocked or suspended."},
		{steps.CodeAuthEmployeeDismissed, 3, "3 colaboradores demitidos ainda ativos.", "3 dismissed employees still active."},
	} {
		m, ok := steps.CatalogMessage(c.code, c.n)
		if !ok || m.In(i18n.PT) != c.pt || m.In(i18n.EN) != c.en {
			t.Errorf("%s(%d) = %q / %q; want %q / %q", c.code, c.n, m.In(i18n.PT), m.In(i18n.EN), c.pt, c.en)
		}
	}
	for _, code := range steps.Codes() {
		for _, n := range []int{1, 2} {
			m, _ := steps.CatalogMessage(code, n)
			for _, s := range []string{m.In(i18n.PT), m.In(i18n.EN)} {
				if strings.ContainsAny(s, "{|}") || strings.Contains(s, "(s)") || strings.Contains(s, "(es)") {
					t.Errorf("%s(%d): %q", code, n, s)
				}
			}
		}
	}
}
