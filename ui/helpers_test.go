package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

var testNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// demoIXC serves the demo ISP (a small one) over real HTTP.
func demoIXC(t *testing.T, contracts int) (*ixcsim.Sim, string) {
	t.Helper()
	sim := ixcsim.New(ixcsim.Options{Seed: 1, Now: func() time.Time { return testNow }})
	demodata.Generate(demodata.Config{Seed: 1, Contracts: contracts}, func(tb string, r map[string]string) { sim.Put(tb, r) })
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	return sim, url
}

// wizard is a whole wizard run through teatest against the sandbox.
type wizard struct {
	t   *testing.T
	sim *ixcsim.Sim
	s   *Session
	m   *Model
	tm  *teatest.TestModel
	dir string
}

func newWizard(t *testing.T, sim *ixcsim.Sim, url string, mutate func(*Options)) *wizard {
	return newWrappedWizard(t, sim, url, mutate, func(m *Model) tea.Model { return snapModel{m} })
}

// newWrappedWizard runs the wizard inside wrap (tests that read screens).
func newWrappedWizard(t *testing.T, sim *ixcsim.Sim, url string, mutate func(*Options), wrap func(*Model) tea.Model) *wizard {
	t.Helper()
	dir := t.TempDir()
	o := Options{Lang: i18n.PT, URL: url, Token: sim.DemoToken(), OutDir: dir, ProfilePath: dir + "/perfil.toml", Now: func() time.Time { return testNow }}
	if mutate != nil {
		mutate(&o)
	}
	s := NewSessionFrom(o)
	t.Cleanup(s.Close)
	m := New(s)
	var root tea.Model = m
	if wrap != nil {
		root = wrap(m)
	}
	tm := teatest.NewTestModel(t, root, teatest.WithInitialTermSize(120, 50))
	return &wizard{t: t, sim: sim, s: s, m: m, tm: tm, dir: dir}
}

// wait polls the screen (the model's own View, read on the program's
// goroutine) until it shows sub. The terminal byte stream is no good for
// this: the renderer redraws only the cells that changed, so a title that
// shares its end with the previous one ("…antes?" after "…assinantes?")
// never appears whole in it.
func (w *wizard) wait(sub string) {
	w.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		if strings.Contains(w.screen(), sub) {
			break
		}
		if time.Now().After(deadline) {
			w.t.Fatalf("the screen never showed %q; it shows:\n%s", sub, w.screen())
		}
		time.Sleep(20 * time.Millisecond)
	}
	// A screen is drawn before its form has taken the focus (huh focuses
	// through commands); like a person, look before pressing the next key.
	time.Sleep(2 * keyPause)
}

// screen is the current screen as plain text.
func (w *wizard) screen() string {
	ch := make(chan string, 1)
	w.tm.Send(snapMsg{ch: ch})
	select {
	case s := <-ch:
		var b strings.Builder
		w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.NoTTY}
		_, _ = w.Write([]byte(s))
		return b.String()
	case <-time.After(5 * time.Second):
		return ""
	}
}

// key presses a key n times, pausing so that the commands a key starts
// (huh moves focus through commands) run before the next key, as they do
// for a person typing.
func (w *wizard) key(code rune, n int) {
	for range n {
		w.tm.Send(tea.KeyPressMsg{Code: code})
		time.Sleep(keyPause)
	}
}

const keyPause = 60 * time.Millisecond

func (w *wizard) enter(n int) { w.key(tea.KeyEnter, n) }
func (w *wizard) down(n int)  { w.key(tea.KeyDown, n) }
func (w *wizard) toggle() {
	w.tm.Send(tea.KeyPressMsg{Code: 'x', Text: "x"})
	time.Sleep(keyPause)
}
func (w *wizard) esc() { w.key(tea.KeyEscape, 1) }
func (w *wizard) typ(s string) {
	time.Sleep(3 * keyPause) // the field takes the focus through a command
	w.tm.Type(s)
	time.Sleep(keyPause)
}

// finish waits for the program to end and returns its exit code.
func (w *wizard) finish() int {
	w.t.Helper()
	w.tm.WaitFinished(w.t, teatest.WithFinalTimeout(10*time.Second))
	return w.m.ExitCode
}

// connect goes from the start screen through the connection check.
func (w *wizard) connect() {
	w.wait("O que você quer fazer?")
	w.enter(1)
	w.wait("Token da API")
	w.enter(2)
	w.wait("Tabelas que o token consegue ler")
	w.enter(1)
	w.wait("O que o provedor vende?")
}

// rows returns the simulator rows of table matching every field given.
func rows(sim *ixcsim.Sim, table string, match map[string]string) []ixcsim.Record {
	var out []ixcsim.Record
	for _, r := range sim.Rows(table) {
		ok := true
		for k, v := range match {
			if r[k] != v {
				ok = false
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// auditSaved audits the profile the wizard saved, as `audit` would.
func auditSaved(t *testing.T, path string, sim *ixcsim.Sim) *steps.Report {
	t.Helper()
	p, err := profile.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := ixc.ParseToken(sim.DemoToken(), "")
	c, err := ixc.New(ixc.Options{BaseURL: p.IXC.URL, Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	return steps.Audit(t.Context(), c.Reader(), p, steps.Options{Now: func() time.Time { return testNow }})
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
