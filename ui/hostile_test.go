package ui

import (
	"context"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/runlock"
)

// evilText is what a hostile IXC puts in product and plan names: OSC 52
// (clipboard), clear screen, OSC 8 (link), conceal (which hid a warning),
// DCS, a C1 CSI, CR and BEL.
const evilText = "EVIL\x1b]52;c;Y3VybA==\x07\x1b[2J\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\\x1b[8mhidden\x1bP+q\x1b\\\u009b2J\rOK\x07"

// frameProblem returns what a frame carries that did not come from the
// wizard's own styles: the wizard writes SGR sequences (ESC [ … m) but
// never conceal (8), and nothing else with ESC; no BEL, CR or C1 ever.
func frameProblem(f string) string {
	if strings.Contains(f, "\x1b[8m") || strings.Contains(f, ";8m") {
		return "conceal"
	}
	var b strings.Builder
	for i := 0; i < len(f); i++ {
		if f[i] == 0x1b && i+1 < len(f) && f[i+1] == '[' {
			j := i + 2
			for j < len(f) && (f[j] >= '0' && f[j] <= '9' || f[j] == ';' || f[j] == ':') {
				j++
			}
			if j < len(f) && f[j] == 'm' {
				i = j
				continue
			}
		}
		b.WriteByte(f[i])
	}
	s := b.String()
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1, r == 0x1b, r == 0x07, r == '\r', r >= 0x80 && r <= 0x9f:
			lo, hi := max(0, i-30), min(len(s), i+30)
			return strings.ToValidUTF8(s[lo:hi], "?")
		}
		i += n
	}
	return ""
}

// Product and plan names from a hostile IXC reach the wizard's screens
// cleaned: every frame drawn (all a terminal was sent) is scanned.
func TestWizardCleansHostileNames(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	for _, table := range []string{"produtos", "vd_contratos"} {
		for _, r := range sim.Rows(table) {
			for _, k := range []string{"descricao", "nome"} {
				if _, ok := r[k]; ok {
					r[k] = evilText + " " + r[k]
				}
			}
			sim.Put(table, r)
		}
	}
	drive(t, sim, url, nil, func(t *testing.T, w *driver) {
		wait := w.waitFor
		w.toCreateConfirmation()
		w.enter(1)
		wait("Como o produto chega aos assinantes?")
		w.enter(1)
		wait("Duplicar um plano como combo antes?")
		w.enter(1)
		wait("Planos de venda que levam o produto")
		shown := false
		for i, f := range w.frames {
			if p := frameProblem(f); p != "" {
				t.Fatalf("frame %d carries %q", i, p)
			}
			if strings.Contains(f, "EVIL") {
				shown = true
			}
		}
		if !shown {
			t.Fatal("no hostile name on any screen: the test exercises nothing")
		}
		w.ctrlC()
	})
}

// A wizard write waits for another run holding the IXC's lock (an apply
// on this machine), then stops saying who holds it; nothing is written.
func TestWizardWriteWaitsForTheLock(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(runlock.EnvDir, dir)
	sim, url := demoIXC(t, 200)
	norm, err := ixc.NormalizeURL(url)
	if err != nil {
		t.Fatal(err)
	}
	held, err := runlock.Acquire(context.Background(), dir, runlock.Holder{PID: 4242, Host: "outra-maquina", Command: "apply",
		Started: time.Date(2026, 12, 7, 9, 0, 0, 0, time.Local), URL: norm}, runlock.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer held.Release()
	before := len(sim.Rows("produtos"))
	drive(t, sim, url, nil, func(t *testing.T, w *driver) {
		wait := w.waitFor
		w.toCreateConfirmation()
		w.enter(1)
		wait("está gravando neste IXC")
		if s := w.screen(); !strings.Contains(s, "pid 4242") || !strings.Contains(s, "outra-maquina") {
			t.Fatalf("the holder is not named:\n%s", s)
		}
		w.ctrlC()
	})
	if n := len(sim.Rows("produtos")); n != before {
		t.Fatalf("%d products written while another run held the lock", n-before)
	}
}
