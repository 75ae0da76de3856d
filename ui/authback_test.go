package ui

import (
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// cursorTo moves the cursor of the menu on screen onto label, without
// choosing it.
func (d *driver) cursorTo(label string) {
	d.t.Helper()
	for range 12 {
		for _, l := range strings.Split(d.screen(), "\n") {
			if strings.Contains(l, label) && strings.Contains(l, ">") {
				return
			}
		}
		d.down(1)
	}
	d.t.Fatalf("no option %q on:\n%s", label, d.screen())
}

// The auth screen's last message comes first (the summary below may be
// long) and goes when a new check starts; Esc during "Verificar de novo"
// goes back to the results it was to replace, said to be the earlier
// ones, with no request left open.
func TestEscDuringCheckAgainKeepsTheResults(t *testing.T) {
	t.Parallel()
	x := newSlowIXC(t, 2000)
	drive(t, x.sim, x.url, nil, func(t *testing.T, w *driver) {
		w.toAuth()
		w.enter(1)
		w.waitFor("Contratos com direito")
		choose(w, "Exportar os problemas em CSV")
		w.waitFor("Problemas exportados em")
		if s := w.screen(); strings.Index(s, "Problemas exportados em") > strings.Index(s, "Contratos com direito") {
			t.Errorf("the export's message is below the summary:\n%s", s)
		}
		x.holdWhen(func(table, page string) bool { return table == "cliente" && page != "1" })
		w.cursorTo("Verificar de novo")
		w.startHeld(x, enterKey)
		if s := w.screen(); strings.Contains(s, "Problemas exportados em") {
			t.Errorf("the export's message outlives the check it spoke before:\n%s", s)
		}
		w.esc()
		s := w.screen()
		if !contains(s, "Verificação interrompida: o resumo abaixo é o da verificação anterior.", "Contratos com direito", "> Continuar para a entrega") ||
			strings.Contains(s, "Como os assinantes entram na LevEduca?") {
			t.Fatalf("Esc during the check again:\n%s", s)
		}
		x.waitIdle()
		x.holdWhen(nil)
		if n := x.stuck.Load(); n != 0 {
			t.Fatalf("%d requests still open a second after Esc", n)
		}
	})
}

// Nobody entitled is said as a warning, never as "no problem".
func TestNobodyEntitledIsNotNoProblem(t *testing.T) {
	s := NewSession(&Common{Lang: i18n.PT, Styles: NewStyles(), Width: 80, Height: 24})
	s.Report = &steps.Report{Steps: []steps.StepResult{{Step: steps.StepAuth, Status: steps.StatusOK}}}
	m := newAuthScreen(s)
	m.method = profile.AuthHotsite
	got := m.coverageView()
	if !strings.Contains(got, "Nenhum contrato ativo tem direito ao produto") || strings.Contains(got, "Nenhum problema de login") {
		t.Errorf("coverage with nobody entitled:\n%s", got)
	}
	m.resultForm()
	if strings.Contains(m.View(), "Exportar os problemas em CSV") {
		t.Errorf("a CSV of no problems is offered:\n%s", m.View())
	}
}
