package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

var ctrlR = tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl}

// customersDown makes IXC stop answering the customers' listing half-way
// (HTTP 503 on every try of the second page; the connection probes read
// the first).
func customersDown(table, page string) bool { return table == "cliente" && page == "2" }

// secondCustomerPage holds the customers' second page: the wait shows the
// first one read.
func secondCustomerPage(table, page string) bool { return table == "cliente" && page == "2" }

// holdAndStart holds what hold picks and hands k to the wizard until a
// held request has arrived (a signal left by an earlier hold is dropped).
func (d *driver) holdAndStart(x *slowIXC, hold func(table, page string) bool, k tea.KeyPressMsg) {
	select {
	case <-x.arrived:
	default:
	}
	x.holdWhen(hold)
	d.startHeld(x, k)
}

// escLeavesNothingOpen presses Esc during a held read and checks that no
// request is still open on the server a second later.
func (d *driver) escLeavesNothingOpen(x *slowIXC) {
	d.t.Helper()
	d.esc()
	x.waitIdle()
	x.holdWhen(nil)
	if n := x.stuck.Load(); n != 0 {
		d.t.Fatalf("%d requests still open a second after Esc", n)
	}
}

// waitProgress handles messages until the held wait shows the pages read,
// and checks it says that Esc cancels.
func (d *driver) waitProgress(want string) {
	d.t.Helper()
	d.until(func() bool { return strings.Contains(d.screen(), "Páginas lidas") })
	if s := d.screen(); !contains(s, want, "Esc cancela a leitura") {
		d.t.Fatalf("the wait shows no progress (%q):\n%s", want, s)
	}
}

// The hand-off's own audit (ctrl+r) that IXC does not answer to the end
// is an error in words with "Tentar de novo", never counts or a verdict;
// the retry shows its progress, Esc on it cancels its reads and brings the
// error back, and a retry that finishes brings the hand-off's questions.
func TestHandoffAuditUnfinishedIsAnError(t *testing.T) {
	t.Parallel()
	x := newSlowIXC(t, 2000)
	drive(t, x.sim, x.url, nil, func(t *testing.T, w *driver) {
		w.toAuth()
		w.enter(1)
		w.waitFor("Contratos com direito")
		w.enter(1)
		w.waitFor("Salvar o perfil em")

		x.failWhen(customersDown)
		w.press(ctrlR)
		w.waitFor("A auditoria não terminou")
		s := w.screen()
		if contains(s, "Contratos com direito") || contains(s, "Pronto para ativar") || contains(s, "Salvar o perfil em") {
			t.Fatalf("an unfinished audit reads as a report:\n%s", s)
		}
		if !contains(s, "IXC", "Tentar de novo", "Voltar à auditoria da etapa Autenticação") {
			t.Fatalf("the unfinished audit does not say why or offer a retry:\n%s", s)
		}
		if i, j := strings.Index(s, "Tentar de novo"), strings.Index(s, "Voltar à auditoria"); i > j {
			t.Errorf("Tentar de novo is not first:\n%s", s)
		}

		// Tentar de novo, slow: progress, then Esc comes back here.
		x.failWhen(nil)
		w.holdAndStart(x, secondCustomerPage, enterKey)
		w.waitProgress("cliente 1/2")
		w.escLeavesNothingOpen(x)
		if s := w.screen(); !contains(s, "A auditoria não terminou", "Tentar de novo") {
			t.Fatalf("Esc on the retry did not bring the error back:\n%s", s)
		}

		w.enter(1)
		w.waitFor("Salvar o perfil em")
		if s := w.screen(); !contains(s, "Contratos com direito", "Pronto para ativar") || contains(s, "não terminou") || contains(s, "reaproveitada") {
			t.Fatalf("the finished retry:\n%s", s)
		}
	})
}

// "Continuar para a entrega mesmo assim" after a coverage check IXC did
// not answer to the end: the hand-off audits again (it does not take the
// unfinished check for its report), and offers writing the hand-off with
// the unfinished audit, which then says so above its verdict.
func TestHandoffAfterAnUnfinishedCoverage(t *testing.T) {
	t.Parallel()
	x := newSlowIXC(t, 2000)
	drive(t, x.sim, x.url, nil, func(t *testing.T, w *driver) {
		w.toAuth()
		x.failWhen(customersDown)
		w.s.cache.Invalidate() // the read-ahead's customers are not kept
		w.enter(1)
		w.waitFor("A verificação não terminou")
		x.counts()
		choose(w, "Continuar para a entrega mesmo assim")
		w.waitFor("A auditoria não terminou")
		if n := x.counts(); n["cliente"] == 0 {
			t.Fatalf("the hand-off took the unfinished check for its audit (read %v)", n)
		}
		choose(w, "Gravar a entrega mesmo assim")
		w.waitFor("Salvar o perfil em")
		s := w.screen()
		if !contains(s, "A auditoria não terminou", "Pronto para ativar: não") || contains(s, "Contratos com direito") {
			t.Fatalf("the hand-off of an unfinished audit:\n%s", s)
		}
	})
}

// Esc while the hand-off files are written waits for the outcome: a
// write that failed is shown (the same questions, the error above), not
// lost behind the step before.
func TestEscDuringTheHandoffWriteKeepsItsOutcome(t *testing.T) {
	t.Parallel()
	x := newSlowIXC(t, 200)
	notDir := func(o *Options) {
		f := filepath.Join(o.OutDir, "saida")
		if err := os.WriteFile(f, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		o.OutDir = f // a file: the hand-off cannot be written in it
	}
	drive(t, x.sim, x.url, notDir, func(t *testing.T, w *driver) {
		w.toAuth()
		w.enter(1)
		w.waitFor("Contratos com direito")
		w.enter(1)
		w.waitFor("Salvar o perfil em")
		w.enter(2)
		w.handle(enterKey)
		w.until(func() bool { return strings.Contains(w.screen(), "Gravando o perfil e o relatório de entrega") })
		w.esc()
		w.settle()
		s := w.screen()
		if !contains(s, "✗", "Salvar o perfil em") || contains(s, "Como os assinantes entram") {
			t.Fatalf("Esc during the write hid its outcome:\n%s", s)
		}
		if len(w.s.Written) != 1 || w.s.Written[0] != w.s.ProfilePath {
			t.Errorf("files noted as written: %v; want the profile only", w.s.Written)
		}
	})
}

// "Auditar um perfil salvo": the audit shows its progress and Esc on it
// goes back to the connection, leaving no request open; an audit IXC does
// not answer to the end is an error with "Tentar de novo", never compared
// with the report beside the profile (everything would read as resolved),
// never kept; Esc on the retry brings the error back; the retry that
// finishes is compared, and Esc while its JSON is kept shows the file.
func TestSavedProfileAuditUnfinishedIsAnError(t *testing.T) {
	t.Parallel()
	x := newSlowIXC(t, 2000)
	prof := "[ixc]\nurl = \"" + x.url + "\"\n\n[integration]\nmethod = \"none\"\n\n[auth]\nmethod = \"hotsite\"\n"
	p, err := profile.Parse([]byte(prof))
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := ixc.ParseToken(x.sim.DemoToken(), "")
	client, err := ixc.New(ixc.Options{BaseURL: x.url, Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	then := steps.Audit(context.Background(), client.Reader(), p, steps.Options{Now: func() time.Time { return testNow }})
	var js bytes.Buffer
	if err := report.JSONWith(&js, then, i18n.PT, report.Meta{GeneratedAt: testNow.AddDate(0, -1, 0)}); err != nil {
		t.Fatal(err)
	}
	files := writeFiles(t, map[string][]byte{"perfil.toml": []byte(prof), "perfil-auditoria-2026-10-30.json": js.Bytes()})
	drive(t, x.sim, x.url, files, func(t *testing.T, w *driver) {
		w.waitFor("O que você quer fazer?")
		w.down(1) // audit, after the default "Retomar"
		w.enter(1)
		w.waitFor("Token da API")
		w.enter(2)
		w.waitFor("Tabelas que o token consegue ler")
		x.counts()

		// The first audit, slow: progress, and Esc back to the connection.
		w.holdAndStart(x, secondCustomerPage, enterKey)
		w.waitProgress("cliente 1/2")
		w.escLeavesNothingOpen(x)
		if s := w.screen(); !contains(s, "Endereço do IXC", "Token da API") {
			t.Fatalf("Esc on the saved profile's audit did not return to the connection:\n%s", s)
		}

		// IXC stops answering the customers.
		x.failWhen(customersDown)
		w.enter(2)
		w.waitFor("Tabelas que o token consegue ler")
		w.enter(1)
		w.waitFor("A auditoria não terminou")
		s := w.screen()
		if contains(s, "resolvido") || contains(s, "desde") || contains(s, "Contratos com direito") || contains(s, "Guardar o relatório") {
			t.Fatalf("an unfinished audit was compared or offered to be kept:\n%s", s)
		}
		if !contains(s, "Tentar de novo", "Sair sem guardar nada") {
			t.Fatalf("the unfinished audit offers no retry:\n%s", s)
		}

		// Tentar de novo, slow: Esc comes back to the error.
		x.failWhen(nil)
		w.holdAndStart(x, secondCustomerPage, enterKey)
		w.waitProgress("cliente 1/2")
		w.escLeavesNothingOpen(x)
		if s := w.screen(); !contains(s, "A auditoria não terminou", "Tentar de novo") {
			t.Fatalf("Esc on the retry did not bring the error back:\n%s", s)
		}

		w.enter(1)
		w.waitFor("Guardar o relatório desta auditoria")
		if s := strings.Join(strings.Fields(w.screen()), " "); !strings.Contains(s, "0 novos, 0 resolvidos") {
			t.Fatalf("the finished retry is not compared:\n%s", w.screen())
		}

		// Esc while the audit's JSON is kept waits for it.
		w.handle(enterKey)
		w.until(func() bool { return strings.Contains(w.screen(), "Gravando o relatório") })
		w.esc()
		if s := w.screen(); !contains(s, "Arquivos gravados", ".json") {
			t.Fatalf("Esc during the save hid its outcome:\n%s", s)
		}
	})
}
