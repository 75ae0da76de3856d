package ui

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

var downKey = tea.KeyPressMsg{Code: tea.KeyDown}

// readAheadAtAuth goes to the auth question (integration without a
// product) and starts the Hotsite read-ahead there, with the customers'
// later pages held: it is in flight when the method is chosen. (The
// wizard starts it earlier, right after the connection; here it starts
// where the test can hold it while the question waits.)
func readAheadAtAuth(t *testing.T, w *driver, x *slowIXC) {
	t.Helper()
	w.s.prefetched = true // not during the way to the question
	w.toAuth()
	x.counts()
	x.holdWhen(func(table, page string) bool { return table == "cliente" && page != "1" })
	w.s.prefetched = false
	w.exec(w.s.prefetchAuth())
	<-x.arrived
}

// chooseHeld presses Enter on the auth question and handles the messages
// until the check has started, without settling (held pages never let the
// bubble settle before they end); then the held pages are answered.
func (d *driver) chooseHeld(x *slowIXC) {
	d.handle(enterKey)
	d.until(func() bool { return strings.Contains(d.screen(), "Calculando quem tem direito") })
	x.releaseHeld()
}

// laterPages counts the pages after the first asked for.
func laterPages(pages []string) int {
	n := 0
	for _, p := range pages {
		if i, _ := strconv.Atoi(p); i > 1 {
			n++
		}
	}
	return n
}

// Choosing another auth method cancels the read-ahead of the old one: no
// further customer page is asked for (only the ones in flight at the
// switch, at most the client's 4, which end at once), and the check of the
// new method runs. Without the cancel, the read-ahead goes on to the last
// customer page once the held pages are answered.
func TestAnotherAuthMethodCancelsTheReadAhead(t *testing.T) {
	t.Parallel()
	x := newSlowIXC(t, 12000) // 10,800 customers: 11 pages of 1,000
	drive(t, x.sim, x.url, nil, func(t *testing.T, w *driver) {
		readAheadAtAuth(t, w, x)
		w.handle(downKey) // Hotsite → PPPoE
		w.chooseHeld(x)
		w.waitFor("Contratos com direito")
		x.waitIdle()
		if n := x.stuck.Load(); n != 0 {
			t.Fatalf("%d customer pages still open a second after the switch", n)
		}
		if n := laterPages(x.pagesOf("cliente")); n > 4 {
			t.Fatalf("the Hotsite read-ahead asked for %d customer pages after page 1 (pages %v): it went on after PPPoE was chosen",
				n, x.pagesOf("cliente"))
		}
		if len(x.pagesOf("radusuarios")) == 0 {
			t.Fatal("the PPPoE check read no login")
		}
	})
}

// Keeping the method keeps the read-ahead: the check waits for it and
// uses it, each customer page is asked for once.
func TestSameAuthMethodKeepsTheReadAhead(t *testing.T) {
	t.Parallel()
	x := newSlowIXC(t, 12000)
	drive(t, x.sim, x.url, nil, func(t *testing.T, w *driver) {
		readAheadAtAuth(t, w, x)
		w.chooseHeld(x) // Hotsite, as proposed
		w.waitFor("Contratos com direito")
		x.waitIdle()
		pages := x.pagesOf("cliente")
		later := slices.DeleteFunc(slices.Clone(pages), func(p string) bool { return p == "1" })
		slices.Sort(later)
		if len(later) != 10 || len(slices.Compact(later)) != 10 {
			t.Fatalf("customer pages asked for: %v; want 2…11 once each (the read-ahead, used by the check)", pages)
		}
		if n := x.stuck.Load(); n != 0 {
			t.Fatalf("%d requests were left open", n)
		}
	})
}
