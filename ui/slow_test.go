package ui

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// slowIXC is the demo ISP behind a handler that counts the requests per
// table and, once hold is set, holds the listings it matches (a slow,
// large IXC) until the client gives up on them: a held request that is
// still open a second after it arrived counts as stuck.
type slowIXC struct {
	sim *ixcsim.Sim
	url string
	// hold picks the requests to hold (table, page); nil holds none.
	hold atomic.Pointer[func(table, page string) bool]
	// fail picks the requests answered HTTP 503 (IXC not answering); nil
	// fails none.
	fail atomic.Pointer[func(table, page string) bool]

	// release, closed by releaseHeld, lets the held requests through
	// (answered normally).
	release chan struct{}
	once    sync.Once

	mu       sync.Mutex
	perTable map[string]int
	pages    map[string][]string // the pages asked for, per table
	inflight int
	arrived  chan struct{} // a held request arrived
	changed  chan struct{} // a held request ended
	stuck    atomic.Int32
}

func newSlowIXC(t *testing.T, contracts int) *slowIXC {
	t.Helper()
	x := &slowIXC{sim: ixcsim.New(ixcsim.Options{Seed: 1, Now: func() time.Time { return testNow }}),
		perTable: map[string]int{}, pages: map[string][]string{}, release: make(chan struct{}),
		arrived: make(chan struct{}, 1), changed: make(chan struct{}, 1)}
	demodata.Generate(demodata.Config{Seed: 1, Contracts: contracts}, func(tb string, r map[string]string) { x.sim.Put(tb, r) })
	srv := httptest.NewServer(http.HandlerFunc(x.serve))
	t.Cleanup(srv.Close)
	x.url = srv.URL + "/webservice/v1"
	return x
}

func (x *slowIXC) serve(w http.ResponseWriter, r *http.Request) {
	table := path.Base(r.URL.Path)
	body, _ := io.ReadAll(r.Body) // read whole: a closed connection then ends r.Context()
	r.Body = io.NopCloser(bytes.NewReader(body))
	var q struct {
		Page string `json:"page"`
	}
	_ = json.Unmarshal(body, &q)
	x.mu.Lock()
	x.perTable[table]++
	x.pages[table] = append(x.pages[table], q.Page)
	x.mu.Unlock()
	if f := x.fail.Load(); f != nil && (*f)(table, q.Page) {
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
		return
	}
	if h := x.hold.Load(); h != nil && (*h)(table, q.Page) {
		x.mu.Lock()
		x.inflight++
		x.mu.Unlock()
		signal(x.arrived)
		released := false
		select {
		case <-r.Context().Done():
		case <-x.release:
			released = true
		case <-time.After(time.Second):
			x.stuck.Add(1)
		}
		x.mu.Lock()
		x.inflight--
		x.mu.Unlock()
		signal(x.changed)
		if !released {
			return
		}
	}
	x.sim.ServeHTTP(w, r)
}

func signal(ch chan struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

func (x *slowIXC) holdWhen(f func(table, page string) bool) {
	if f == nil {
		x.hold.Store(nil)
		return
	}
	x.hold.Store(&f)
}

// failWhen answers the requests f picks with HTTP 503 (nil: none).
func (x *slowIXC) failWhen(f func(table, page string) bool) {
	if f == nil {
		x.fail.Store(nil)
		return
	}
	x.fail.Store(&f)
}

// releaseHeld holds no more requests and lets the held ones through,
// answered (once per slowIXC).
func (x *slowIXC) releaseHeld() {
	x.holdWhen(nil)
	x.once.Do(func() { close(x.release) })
}

// counts returns the requests per table since the last call.
func (x *slowIXC) counts() map[string]int {
	x.mu.Lock()
	defer x.mu.Unlock()
	out := x.perTable
	x.perTable, x.pages = map[string]int{}, map[string][]string{}
	return out
}

// pagesOf returns the pages of table asked for since the last counts.
func (x *slowIXC) pagesOf(table string) []string {
	x.mu.Lock()
	defer x.mu.Unlock()
	return slices.Clone(x.pages[table])
}

// waitIdle waits (on the server's side, in real time) until no held
// request is open; each ends within a second either way.
func (x *slowIXC) waitIdle() {
	for {
		x.mu.Lock()
		n := x.inflight
		x.mu.Unlock()
		if n == 0 {
			return
		}
		<-x.changed
	}
}

// startHeld hands k to the wizard and handles its messages until a held
// request has reached the server (no settling: the reads are held).
func (d *driver) startHeld(x *slowIXC, k tea.KeyPressMsg) {
	d.handle(k)
	for {
		select {
		case msg := <-d.msgs:
			d.pending--
			d.handle(msg)
		case <-x.arrived:
			return
		}
	}
}

var enterKey = tea.KeyPressMsg{Code: tea.KeyEnter}

// toAuth goes through the connection and the "no product" integration to
// the auth question.
func (d *driver) toAuth() {
	d.connect()
	d.enter(1)
	d.down(1) // without a product
	d.enter(1)
	d.waitFor("Como os assinantes entram na LevEduca?")
}

// Esc during the coverage check cancels its reads: no request is left
// open on the server a second later, the auth question comes back (not
// the screen before it), and the next check runs at once. The wait shows
// the pages read and that Esc cancels.
func TestEscCancelsTheCoverageReads(t *testing.T) {
	t.Parallel()
	x := newSlowIXC(t, 2000)
	drive(t, x.sim, x.url, nil, func(t *testing.T, w *driver) {
		w.toAuth()
		// The customers were read ahead (prefetch); the active contracts'
		// first page answers, the later ones hang.
		x.holdWhen(func(table, page string) bool { return table == "cliente_contrato" && page != "1" })
		w.startHeld(x, enterKey)
		for !strings.Contains(w.screen(), "Páginas lidas") {
			w.handle(w.next())
		}
		if s := w.screen(); !contains(s, "cliente_contrato 1/2", "Esc cancela") {
			t.Fatalf("the wait shows no progress:\n%s", s)
		}
		w.esc()
		if s := w.screen(); !strings.Contains(s, "Como os assinantes entram na LevEduca?") {
			t.Fatalf("Esc did not return to the auth question:\n%s", s)
		}
		x.waitIdle()
		if n := x.stuck.Load(); n != 0 {
			t.Fatalf("%d requests still open a second after Esc", n)
		}
		x.holdWhen(nil)
		w.enter(1)
		w.waitFor("Contratos com direito")
	})
}

// Esc during "Testando…" cancels the connection test and stays on the
// connection screen.
func TestEscCancelsTheConnectionTest(t *testing.T) {
	t.Parallel()
	x := newSlowIXC(t, 100)
	drive(t, x.sim, x.url, nil, func(t *testing.T, w *driver) {
		w.waitFor("O que você quer fazer?")
		w.enter(1)
		w.waitFor("Token da API")
		w.enter(1)
		x.holdWhen(func(string, string) bool { return true })
		w.startHeld(x, enterKey)
		w.esc()
		if s := w.screen(); !contains(s, "Endereço do IXC", "Token da API") {
			t.Fatalf("Esc left the connection screen:\n%s", s)
		}
		x.waitIdle()
		if n := x.stuck.Load(); n != 0 {
			t.Fatalf("%d requests still open a second after Esc", n)
		}
		x.holdWhen(nil)
		w.enter(2)
		w.waitFor("Tabelas que o token consegue ler")
	})
}

// The hand-off reuses the coverage screen's audit (nothing written since),
// ctrl+r audits again; "verificar de novo" reads the customers again but
// not the contracts; after a check the default is "Continuar".
func TestHandoffReusesTheCoverageAudit(t *testing.T) {
	t.Parallel()
	x := newSlowIXC(t, 2000)
	drive(t, x.sim, x.url, nil, func(t *testing.T, w *driver) {
		w.toAuth()
		w.enter(1)
		w.waitFor("Contratos com direito")
		if n := x.counts(); n["cliente"] == 0 || n["cliente_contrato"] < 2 {
			t.Fatalf("the coverage read %v", n)
		}
		// Verificar de novo: the customers again, the contracts only probed.
		choose(w, "Verificar de novo")
		w.waitFor("Contratos com direito")
		if n := x.counts(); n["cliente"] < 2 || n["cliente_contrato"] != 1 {
			t.Fatalf("verificar de novo read %v; want cliente again and cliente_contrato only probed", n)
		}
		// The default after the check is the way forward.
		w.enter(1)
		w.waitFor("Salvar o perfil em")
		if s := w.screen(); !contains(s, "reaproveitada", "ctrl+r") {
			t.Fatalf("the reuse is not said:\n%s", s)
		}
		if n := x.counts(); n["cliente"]+n["cliente_contrato"] != 0 {
			t.Fatalf("the hand-off read again: %v", n)
		}
		// Esc during "audit again" cancels it and brings the questions
		// back with the report they had.
		ctrlR := tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}
		x.holdWhen(func(table, page string) bool { return table == "cliente" && page != "1" })
		w.startHeld(x, ctrlR)
		w.esc()
		if s := w.screen(); !contains(s, "Salvar o perfil em", "reaproveitada") {
			t.Fatalf("Esc on audit again:\n%s", s)
		}
		x.waitIdle()
		x.holdWhen(nil)
		if n := x.stuck.Load(); n != 0 {
			t.Fatalf("%d requests still open a second after Esc", n)
		}
		x.counts()
		w.press(ctrlR)
		w.waitFor("Salvar o perfil em")
		if n := x.counts(); n["cliente"] < 2 || n["cliente_contrato"] < 2 {
			t.Fatalf("ctrl+r did not audit again: %v", n)
		}
		if strings.Contains(w.screen(), "reaproveitada") {
			t.Fatalf("a fresh audit still says it is reused:\n%s", w.screen())
		}
	})
}

// choose moves the menu's cursor to the option containing label and
// presses Enter.
func choose(w *driver, label string) {
	w.t.Helper()
	for range 12 {
		for _, l := range strings.Split(w.screen(), "\n") {
			if strings.Contains(l, label) && strings.Contains(l, ">") {
				w.enter(1)
				return
			}
		}
		w.down(1)
	}
	w.t.Fatalf("no option %q on:\n%s", label, w.screen())
}

// A check that hits a limit is an error in words with "Tentar de novo",
// never zero counts or "no problem".
func TestUnfinishedCoverageIsAnError(t *testing.T) {
	t.Parallel()
	x := newSlowIXC(t, 200)
	// The customers' listing never answers within the client's (tiny)
	// limit on the answer's start.
	x.holdWhen(func(table, _ string) bool { return table == "cliente" })
	tok, _ := ixc.ParseToken(x.sim.DemoToken(), "")
	client, err := ixc.New(ixc.Options{BaseURL: x.url, Token: tok, Timeout: 50 * time.Millisecond, MaxRetries: 1,
		Transport: &http.Transport{DisableKeepAlives: true}})
	if err != nil {
		t.Fatal(err)
	}
	s := NewSessionFrom(Options{Lang: i18n.PT, URL: x.url, Now: func() time.Time { return testNow }})
	defer s.Close()
	s.Client = client
	s.Profile.Integration.Method = profile.IntegrationNone
	s.Profile.Auth.Method = profile.AuthHotsite
	m := newAuthScreen(s)
	m.Enter()
	runCmd(t, m, m.check())
	v := stripStyles(m.View())
	if contains(v, "Contratos com direito") || contains(v, "Nenhum problema") {
		t.Fatalf("an unfinished check reads as counts:\n%s", v)
	}
	if !contains(v, "A verificação não terminou", "Tentar de novo") {
		t.Fatalf("the unfinished check is not an error:\n%s", v)
	}
	if m.action != "" && m.action != "recheck" {
		t.Errorf("the default is %q, want Tentar de novo", m.action)
	}
	if strings.Index(v, "Tentar de novo") > strings.Index(v, "Continuar") {
		t.Errorf("Tentar de novo is not first:\n%s", v)
	}
}

// runCmd runs cmd and its batches to the end, each command in its own
// goroutine, handing their messages to the screen (outside the program: a
// model-level test with real time).
func runCmd(t *testing.T, m screen, cmd tea.Cmd) {
	t.Helper()
	msgs := make(chan tea.Msg)
	pending := 0
	run := func(c tea.Cmd) {
		if c != nil {
			pending++
			go func() { msgs <- c() }()
		}
	}
	run(cmd)
	timeout := time.After(time.Minute)
	for pending > 0 {
		var msg tea.Msg
		select {
		case msg = <-msgs:
			pending--
		case <-timeout:
			t.Fatal("the check never ended")
		}
		if cmds, ok := cmdList(msg); ok {
			for _, c := range cmds {
				run(c)
			}
			continue
		}
		switch msg.(type) {
		case progressMsg, auditDoneMsg:
			next, _ := m.Update(msg)
			run(next)
		}
	}
}
