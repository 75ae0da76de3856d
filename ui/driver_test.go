package ui

import (
	"net/http"
	"strings"
	"testing"
	"testing/synctest"
	"time"

	"charm.land/bubbles/v2/cursor"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
)

// driver runs the wizard's root model synchronously, in the test's own
// goroutine, inside a testing/synctest bubble (huh_test.go's batchUpdate
// idea, carried to a whole program). Each command runs in its own
// goroutine and its message is handled by the test goroutine in order;
// settle returns once every command has either delivered its message or is
// durably parked (a cursor blink or a spinner tick waiting on the bubble's
// fake clock, which only moves when the test itself waits). IXC calls are
// real HTTP to the simulator: a goroutine reading a socket is not durably
// blocked, so settle waits for the answer. Nothing sleeps: a key press is
// handled completely (focus moves, live checks, writes) before the next.
type driver struct {
	t    *testing.T
	sim  *ixcsim.Sim
	s    *Session
	m    *Model
	dir  string
	msgs chan tea.Msg
	// frames is every screen drawn, in order (what a terminal showed).
	frames []string
	done   bool
	// pending counts the commands whose message has not arrived yet.
	pending int
}

// drive runs fn against a wizard on the simulator at url, in a bubble.
// The simulator lives outside the bubble (it is the other side of the
// wire); the client is made without keep-alive connections, whose idle
// readers would otherwise never let the bubble settle.
func drive(t *testing.T, sim *ixcsim.Sim, url string, mutate func(*Options), fn func(t *testing.T, d *driver)) {
	t.Helper()
	dir := t.TempDir()
	synctest.Test(t, func(t *testing.T) {
		o := Options{Lang: i18n.PT, URL: url, OutDir: dir, ProfilePath: dir + "/perfil.toml",
			Now: func() time.Time { return testNow }}
		if sim != nil {
			o.Token = sim.DemoToken()
		}
		if mutate != nil {
			mutate(&o)
		}
		s := NewSessionFrom(o)
		s.transport = &http.Transport{DisableKeepAlives: true}
		s.Common.Width, s.Common.Height = 120, 50
		d := &driver{t: t, sim: sim, s: s, m: New(s), dir: dir, msgs: make(chan tea.Msg, 1024)}
		defer d.drain()
		d.exec(d.m.Init())
		d.settle()
		fn(t, d)
	})
}

func (d *driver) exec(cmd tea.Cmd) {
	if cmd != nil {
		d.pending++
		go func() { d.msgs <- cmd() }()
	}
}

// next waits for the next message (the bubble's clock moves here, when
// nothing else can happen: retry backoffs, blinks).
func (d *driver) next() tea.Msg {
	msg := <-d.msgs
	d.pending--
	return msg
}

// drain ends the run: the session's work is cancelled and every command
// still parked (blinks, spinner ticks) delivers, so the bubble ends clean.
func (d *driver) drain() {
	d.s.Close()
	d.done = true
	for d.pending > 0 {
		d.handle(d.next())
	}
}

// handle gives one message to the model, as the program loop would.
func (d *driver) handle(msg tea.Msg) {
	if cmds, ok := cmdList(msg); ok {
		for _, c := range cmds {
			d.exec(c)
		}
		return
	}
	switch msg.(type) {
	case nil:
		return
	case cursor.BlinkMsg, spinner.TickMsg:
		return // animation only: dropping it keeps screens deterministic
	case tea.QuitMsg:
		d.done = true
		return
	}
	if d.done {
		return
	}
	_, cmd := d.m.Update(msg)
	d.exec(cmd)
	d.frames = append(d.frames, d.m.View().Content)
}

// settle handles messages until no command has one left to deliver.
func (d *driver) settle() {
	for {
		synctest.Wait()
		select {
		case msg := <-d.msgs:
			d.pending--
			d.handle(msg)
		default:
			return
		}
	}
}

// waitFor handles messages until the screen shows sub.
func (d *driver) waitFor(sub string) {
	d.t.Helper()
	d.settle()
	for n := 0; !strings.Contains(d.screen(), sub); n++ {
		if n > 10000 || d.pending == 0 {
			d.t.Fatalf("the screen never showed %q; it shows:\n%s", sub, d.screen())
		}
		d.handle(d.next())
		d.settle()
	}
}

// screen is the current screen as plain text.
func (d *driver) screen() string { return stripStyles(d.m.View().Content) }

// until handles messages, one at a time, until cond holds: for a test that
// acts in the middle of a run of commands (Esc between two writes).
func (d *driver) until(cond func() bool) {
	d.t.Helper()
	for n := 0; !cond(); n++ {
		if n > 10000 || d.pending == 0 {
			d.t.Fatalf("the condition never held; the screen shows:\n%s", d.screen())
		}
		d.handle(d.next())
	}
}

// finish is the exit code once the wizard has quit.
func (d *driver) finish() int {
	d.t.Helper()
	d.settle()
	if !d.done {
		d.t.Fatalf("the wizard did not quit; the screen shows:\n%s", d.screen())
	}
	return d.m.ExitCode
}

// press handles one key completely.
func (d *driver) press(k tea.KeyPressMsg) {
	d.handle(k)
	d.settle()
}

func (d *driver) key(code rune, n int) {
	for range n {
		d.press(tea.KeyPressMsg{Code: code})
	}
}
func (d *driver) enter(n int) { d.key(tea.KeyEnter, n) }
func (d *driver) down(n int)  { d.key(tea.KeyDown, n) }
func (d *driver) esc()        { d.key(tea.KeyEscape, 1) }
func (d *driver) toggle()     { d.press(tea.KeyPressMsg{Code: 'x', Text: "x"}) }
func (d *driver) ctrlC()      { d.press(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}) }

// typ types s, one key press per character.
func (d *driver) typ(s string) {
	for _, r := range s {
		d.press(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// connect goes from the start screen through the connection check.
func (d *driver) connect() {
	d.waitFor("O que você quer fazer?")
	d.enter(1)
	d.waitFor("Token da API")
	d.enter(2)
	d.waitFor("Tabelas que o token consegue ler")
	d.enter(1)
	d.waitFor("O que o provedor vende?")
}

// toProductReview goes on from the offers (LevEduca, with a product) to
// the review of the product found (#12), which needs a correction.
func (d *driver) toProductReview() {
	d.enter(2)
	d.waitFor("Produto da oferta LevEduca")
	d.enter(1)
	d.waitFor("Corrigir o produto?")
}

// toNewProductPrice goes on from the offers (LevEduca, with a product) to
// the price of a product to create.
func (d *driver) toNewProductPrice() {
	d.enter(2)
	d.waitFor("Produto da oferta LevEduca")
	d.down(2) // past #12 and #11: "Criar um produto novo"
	d.enter(1)
	d.waitFor("Nome do produto")
	d.enter(2)
	d.waitFor("┃ Preço base")
}

// toCreateConfirmation goes from the start screen to the confirmation of
// the new LevEduca product (R$ 29,90, the proposed subgroup and taxes).
func (d *driver) toCreateConfirmation() {
	d.connect()
	d.toNewProductPrice()
	d.typ("29,90")
	d.enter(1)
	d.waitFor("Classificação fiscal de saída")
	d.enter(3)
	if d.s.Common.DryRun {
		d.waitFor("Isto é o que o programa gravaria no IXC")
	} else {
		d.waitFor("O programa vai gravar exatamente isto no IXC")
	}
}
