package ui

import (
	"io"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
)

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
// the technician does it in IXC. The driver handles every key completely
// before the next, so a screen is compared once it has settled.
func TestGoldenScreens(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 300)
	var names []string
	screens := map[string]string{}
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		d.handle(tea.WindowSizeMsg{Width: 80, Height: 24})
		snap := func(name string) {
			d.settle()
			names = append(names, name)
			screens[name] = asciiScreen(d.m.View().Content)
		}
		d.waitFor("O que você quer fazer?")
		snap("start")
		d.enter(1)
		d.waitFor("Token da API")
		d.enter(2)
		d.waitFor("Tabelas que o token consegue ler")
		d.enter(1)
		d.waitFor("O que o provedor vende?")
		d.toProductReview()
		snap("product_review")
		d.enter(1)
		d.waitFor("Tributação (conforme a contabilidade)")
		d.enter(2)
		d.waitFor("exatamente isto no IXC")
		snap("confirm_fix")
		d.down(1)
		d.enter(1) // "Vou fazer no IXC"
		d.waitFor("Quando terminar no IXC")
		snap("manual_path")
		d.ctrlC()
		d.press(tea.KeyPressMsg{Code: 's', Text: "s"})
		if !d.done || d.m.ExitCode != 130 {
			t.Fatalf("exit %d (done %v)", d.m.ExitCode, d.done)
		}
	})
	for _, name := range names { // subtests cannot start inside the bubble
		t.Run(name, func(t *testing.T) { golden.RequireEqual(t, screens[name]) })
	}
}
