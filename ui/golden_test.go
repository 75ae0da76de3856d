package ui

import (
	"io"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
)

// snapMsg asks the wrapped model for its current screen.
type snapMsg struct{ ch chan string }

// snapModel wraps the wizard so a test can read a screen mid-run.
type snapModel struct{ *Model }

func (s snapModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if m, ok := msg.(snapMsg); ok {
		m.ch <- s.View().Content
		return s, nil
	}
	_, cmd := s.Model.Update(msg)
	return s, cmd
}

// asciiScreen renders a screen with the ASCII colour profile (no colours,
// text attributes kept), trailing spaces trimmed.
func asciiScreen(s string) string {
	var b strings.Builder
	w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.ASCII}
	_, _ = io.WriteString(w, s)
	lines := strings.Split(b.String(), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.Join(lines, "\n")
}

// Golden screens at 80×24: the start, a product that breaks the tutorial's
// rules, the confirmation of its correction, and the menu path shown when
// the technician does it in IXC.
func TestGoldenScreens(t *testing.T) {
	sim, url := demoIXC(t, 300)
	w := newWrappedWizard(t, sim, url, nil, func(m *Model) tea.Model { return snapModel{m} })
	w.tm.Send(tea.WindowSizeMsg{Width: 80, Height: 24})
	snap := func(name string) {
		t.Helper()
		time.Sleep(150 * time.Millisecond) // let the screen settle
		ch := make(chan string, 1)
		w.tm.Send(snapMsg{ch: ch})
		select {
		case s := <-ch:
			t.Run(name, func(t *testing.T) { golden.RequireEqual(t, asciiScreen(s)) })
		case <-time.After(5 * time.Second):
			t.Fatalf("no screen for %s", name)
		}
	}
	w.wait("O que você quer fazer?")
	snap("start")
	w.enter(1)
	w.wait("Token da API")
	w.enter(2)
	w.wait("Tabelas que o token consegue ler")
	w.enter(1)
	w.wait("O que o provedor vende?")
	w.enter(2)
	w.wait("Produto da oferta LevEduca")
	w.enter(1)
	w.wait("Corrigir o produto?")
	snap("product_review")
	w.enter(1)
	w.wait("Tributação (conforme a contabilidade)")
	w.enter(2)
	w.wait("exatamente isto no IXC")
	snap("confirm_fix")
	w.down(1)
	w.enter(1) // "Vou fazer no IXC"
	w.wait("Quando terminar no IXC")
	snap("manual_path")
	w.tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	w.tm.Send(tea.KeyPressMsg{Code: 's', Text: "s"})
	if code := w.finish(); code != 130 {
		t.Fatalf("exit %d", code)
	}
}
