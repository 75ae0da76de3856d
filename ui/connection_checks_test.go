package ui

import (
	"context"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// With the sandbox's restricted token the connection screen lists every
// table the wizard will read, grouped by what needs it, and marks each one
// a later screen would fail on, with IXC's refusal in words.
func TestConnectionChecklistGroupsEveryTable(t *testing.T) {
	sim, u := demoIXC(t, 30)
	drive(t, sim, u, func(o *Options) { o.Token = sim.RestrictedToken() }, func(t *testing.T, d *driver) {
		d.waitFor("O que você quer fazer?")
		d.enter(1)
		d.waitFor("Token da API")
		d.enter(2)
		d.waitFor("Tabelas que o token consegue ler")
		scr := d.screen()
		for _, want := range []string{
			"Para auditar", "Para criar o produto", "Só para login PPPoE", "Só para CPF do colaborador",
			"✓ produtos", "✗ cliente_contrato_servicos", "✗ sub_grupo_produdos", "✗ cnf_classificacao_tributaria",
			"✗ radusuarios", "✗ funcionarios",
			"O IXC recusou a leitura de sub_grupo_produdos",
			"\"Fazer por mim\" também precisa de permissão para incluir e editar",
		} {
			if !strings.Contains(scr, want) {
				t.Errorf("the checklist lacks %q:\n%s", want, scr)
			}
		}
		for _, bad := range []string{"ixc:", "permission denied", "HTTP 200"} {
			if strings.Contains(scr, bad) {
				t.Errorf("%q on the screen:\n%s", bad, scr)
			}
		}
	})
}

// A second token of another user after a first test is accepted: the
// pasted token's id wins (the saved token user was 1), and the screen says
// so.
func TestConnectionPastedTokenUserWins(t *testing.T) {
	sim, u := demoIXC(t, 30)
	drive(t, sim, u, nil, func(t *testing.T, d *driver) {
		d.waitFor("O que você quer fazer?")
		d.enter(1)
		d.waitFor("Token da API")
		d.enter(2)
		d.waitFor("aceitou o token do usuário 1")
		d.down(2)
		d.enter(1) // fix the address or token
		d.waitFor("Token da API")
		d.enter(1) // the address stays
		d.key(tea.KeyBackspace, len(sim.DemoToken())+2)
		d.typ(sim.RestrictedToken()) // user 2
		d.enter(1)
		d.waitFor("Tabelas que o token consegue ler")
		if scr := d.screen(); !strings.Contains(scr, "aceitou o token do usuário 2") ||
			!strings.Contains(scr, "O token colado é do usuário 2 (a configuração tinha o usuário 1): vale o do token.") {
			t.Fatalf("screen:\n%s", scr)
		}
		if d.s.Profile.IXC.TokenUser != "2" {
			t.Fatalf("token_user %q", d.s.Profile.IXC.TokenUser)
		}
	})
}

// An IXC that accepts the connection and never answers: while testing,
// the screen shows the elapsed time and that Esc cancels; Esc stops the
// test and brings the form back.
func TestConnectionEscCancelsTheTest(t *testing.T) {
	sim, _ := demoIXC(t, 10)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	silent := "http://" + ln.Addr().String()
	drive(t, sim, silent, nil, func(t *testing.T, d *driver) {
		d.waitFor("O que você quer fazer?")
		d.enter(1)
		d.waitFor("Token da API")
		d.enter(1)
		// The last Enter starts the test; no settle (it would wait for the
		// silent server): messages are handled one by one until testing.
		d.handle(tea.KeyPressMsg{Code: tea.KeyEnter})
		d.until(func() bool { return strings.Contains(d.screen(), "Testando") })
		if scr := d.screen(); !strings.Contains(scr, "Testando") || !strings.Contains(scr, "0 s") || !strings.Contains(scr, "Esc cancela") {
			t.Fatalf("while testing:\n%s", scr)
		}
		d.handle(tea.KeyPressMsg{Code: tea.KeyEscape})
		d.until(func() bool { return d.pending == 0 }) // the cancelled test's answer, dropped
		d.settle()
		if scr := d.screen(); !strings.Contains(scr, "Teste cancelado.") || !strings.Contains(scr, "Endereço do IXC") {
			t.Fatalf("after Esc:\n%s", scr)
		}
	})
}

// A LAN IXC over plain http: the screen asks before sending the token in
// clear text, then tests (the LAN name is mapped onto the sandbox by the
// test's dialer: no packet leaves the machine), warns on screen, and the
// saved profile says allow_http = true.
func TestConnectionPlainHTTPAsksThenWarns(t *testing.T) {
	sim, u := demoIXC(t, 30)
	pu, _ := url.Parse(u)
	drive(t, sim, "http://ixc.lan", nil, func(t *testing.T, d *driver) {
		d.s.transport = &http.Transport{DisableKeepAlives: true,
			DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
				if addr != "ixc.lan:80" {
					t.Errorf("dialled %s", addr)
				}
				var dl net.Dialer
				return dl.DialContext(ctx, network, pu.Host)
			}}
		d.waitFor("O que você quer fazer?")
		d.enter(1)
		d.waitFor("Token da API")
		d.enter(2)
		d.waitFor("usa http sem criptografia. Continuar assim?")
		if !strings.Contains(d.screen(), "texto aberto") {
			t.Fatalf("screen:\n%s", d.screen())
		}
		d.enter(1) // yes
		d.waitFor("Tabelas que o token consegue ler")
		if scr := d.screen(); !strings.Contains(scr, "⚠ http sem criptografia para ixc.lan") {
			t.Fatalf("no warning:\n%s", scr)
		}
		d.enter(1) // continue: the profile is saved
		d.waitFor("O que o provedor vende?")
		b, err := os.ReadFile(d.s.ProfilePath)
		if err != nil || !strings.Contains(string(b), "allow_http = true") || !strings.Contains(string(b), `url = "http://ixc.lan/webservice/v1"`) {
			t.Fatalf("profile: %v\n%s", err, b)
		}
	})
}

// produtos refused (the token's group lost it after the test): the
// product screen has nothing to choose from, so it fails as a whole, in
// words quoting IXC, and offers to go back to the checklist, which is
// tested again and shows the ✗.
func TestPermissionErrorOffersTheChecklist(t *testing.T) {
	sim, u := demoIXC(t, 30)
	drive(t, sim, u, nil, func(t *testing.T, d *driver) {
		d.connect()
		perms := map[string]ixcsim.Perm{}
		for _, tb := range append(steps.WizardTables(), "usuarios") {
			if tb != "produtos" {
				perms[tb] = ixcsim.Perm{List: true}
			}
		}
		sim.SetUser(ixcsim.User{ID: "1", Name: "admin", Active: true, Perms: perms})
		d.enter(2)
		d.waitFor("Não foi possível consultar o IXC.")
		scr := d.screen()
		if !strings.Contains(scr, "O IXC recusou a leitura de produtos") || !strings.Contains(scr, "«Você não") ||
			!strings.Contains(scr, "Voltar à lista de permissões") || strings.Contains(scr, "ixc:") {
			t.Fatalf("screen:\n%s", scr)
		}
		d.down(1)
		d.enter(1)
		d.waitFor("Tabelas que o token consegue ler")
		scr = d.screen()
		if !strings.Contains(scr, "✗ produtos") || !strings.Contains(scr, "mas ele não pode ler 1 tabela necessária") {
			t.Fatalf("checklist:\n%s", scr)
		}
	})
}

// An audit table refused (the restricted token cannot read
// cliente_contrato_servicos): the result does not read as all good, it
// says how many tables every screen needs are refused, starts on "Testar
// de novo" (after granting) and keeps "Continuar mesmo assim". Tables
// only some screens need (the product's catalogue) keep the ✓ headline and
// Continuar first.
func TestConnectionEssentialTableRefused(t *testing.T) {
	sim, u := demoIXC(t, 30)
	drive(t, sim, u, func(o *Options) { o.Token = sim.RestrictedToken() }, func(t *testing.T, d *driver) {
		d.waitFor("O que você quer fazer?")
		d.enter(1)
		d.waitFor("Token da API")
		d.enter(2)
		d.waitFor("Tabelas que o token consegue ler")
		scr := d.flatScreen()
		for _, want := range []string{
			"! O IXC respondeu e aceitou o token do usuário 2, mas ele não pode ler 1 tabela necessária para auditar e para todas as telas: cliente_contrato_servicos.",
			"Libere a permissão no IXC e teste de novo.",
			"> Testar de novo (depois de liberar as permissões)",
			"Continuar mesmo assim (as telas que leem essas tabelas vão falhar)",
			"Corrigir endereço ou token",
		} {
			if !strings.Contains(scr, want) {
				t.Fatalf("the result lacks %q:\n%s", want, d.screen())
			}
		}
		if strings.Contains(scr, "✓ IXC respondeu") || strings.Contains(scr, "> Continuar") {
			t.Fatalf("the result reads as all good:\n%s", d.screen())
		}
		// Granted in IXC, Enter tests again: all good now but the
		// catalogue, which only the product's creation needs.
		list := ixcsim.Perm{List: true}
		perms := map[string]ixcsim.Perm{}
		for _, tb := range steps.BaseTables {
			perms[tb] = list
		}
		sim.SetUser(ixcsim.User{ID: "2", Active: true, Perms: perms})
		d.enter(1)
		d.waitFor("✓ IXC respondeu e aceitou o token do usuário 2.")
		scr = d.flatScreen()
		if !strings.Contains(scr, "> Continuar") || strings.Contains(scr, "Continuar mesmo assim") || strings.Contains(scr, "tabela necessária") {
			t.Fatalf("after granting:\n%s", d.screen())
		}
		d.enter(1)
		d.waitFor("O que o provedor vende?")
	})
}

// "Nova configuração" after resuming a saved setup starts clean: not the
// saved products, not the saved token user (so another user's token is
// simply taken, with nothing to reconcile).
func TestNewSetupStartsClean(t *testing.T) {
	sim, u := demoIXC(t, 30)
	path := t.TempDir() + "/salvo.toml"
	body := "[ixc]\nurl = \"" + u + "\"\ntoken_user = \"1\"\n\n[[product]]\noffer = \"leveduca\"\nid = \"13\"\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	drive(t, sim, u, func(o *Options) { o.Token = sim.RestrictedToken(); o.ProfilePath = path }, func(t *testing.T, d *driver) {
		d.waitFor("Retomar a configuração salva")
		d.enter(1) // resume (preselected)
		d.waitFor("Token da API")
		if d.s.Profile.IXC.TokenUser != "1" || len(d.s.Profile.Products) != 1 {
			t.Fatalf("resumed %+v", d.s.Profile)
		}
		d.esc()
		d.waitFor("O que você quer fazer?")
		d.key(tea.KeyUp, 1)
		d.enter(1) // new setup
		d.waitFor("Token da API")
		if d.s.Profile.IXC.TokenUser != "" || len(d.s.Profile.Products) != 0 || len(d.s.Offers) != 0 {
			t.Fatalf("a new setup kept %+v", d.s.Profile)
		}
		d.enter(2)
		d.waitFor("Tabelas que o token consegue ler")
		if scr := d.screen(); !strings.Contains(scr, "aceitou o token do usuário 2") || strings.Contains(scr, "a configuração tinha") {
			t.Fatalf("screen:\n%s", scr)
		}
	})
}
