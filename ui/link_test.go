package ui

import (
	"strings"
	"testing"
)

// toPlans goes from the start to the plan list of product #12 (LevEduca),
// used as it is.
func toPlans(d *driver) {
	d.connect()
	d.enter(2)
	d.waitFor("Produto da oferta LevEduca")
	d.enter(1)
	d.waitFor("Corrigir o produto?")
	d.down(1)
	d.enter(1)
	d.waitFor("Como o produto chega aos assinantes?")
	d.enter(1)
	d.waitFor("Duplicar um plano como combo antes?")
	d.enter(1)
	d.waitFor("Planos de venda que levam o produto")
}

// The plan list's line and huh's key hints name the same toggle key, both
// from keys.go.
func TestPlanListToggleHintIsOneTruth(t *testing.T) {
	sim, url := demoIXC(t, 50)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		toPlans(d)
		toggle := newKeyMap(d.s.Common.Lang).Toggle.Help().Key + " marca/desmarca"
		if n := strings.Count(d.screen(), toggle); n != 2 {
			t.Errorf("%q shown %d times (want the list's line and the key hints):\n%s", toggle, n, d.screen())
		}
		if strings.Contains(d.screen(), "x marcar") || strings.Contains(d.screen(), "espaço marca") && !strings.Contains(toggle, "espaço marca") {
			t.Errorf("two names for the toggle key:\n%s", d.screen())
		}
	})
}
