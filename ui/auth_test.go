package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// After "Trocar o método de autenticação" and a new check, the menu starts
// on "Continuar", so the next Enter does not ask for the method again.
func TestAuthMethodChangeMovesTheCursorOn(t *testing.T) {
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toPlans(d)
		d.enter(1)
		d.waitFor("Como os assinantes entram na LevEduca?")
		d.enter(1)
		d.waitFor("E agora?")
		d.key(tea.KeyEnd, 1)
		if !strings.Contains(d.screen(), "> Trocar o método de autenticação") {
			t.Fatalf("not on Trocar:\n%s", d.screen())
		}
		d.enter(1)
		d.waitFor("Como os assinantes entram na LevEduca?")
		d.enter(1)
		d.waitFor("E agora?")
		if !strings.Contains(d.screen(), "> Continuar para a entrega") {
			t.Fatalf("the cursor did not move on:\n%s", d.screen())
		}
		d.enter(1)
		d.waitFor("Salvar o perfil em")
	})
}
