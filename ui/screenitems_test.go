package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// Text wraps between words at the width, never inside one: a flag such as
// --ca-cert stays whole, a path longer than the line is the only thing
// broken, indents and bullets hang.
func TestWrapTextNeverCutsAWord(t *testing.T) {
	in := "  ✗ IXC_TLS o certificado não é confiável: use --ca-cert ARQUIVO.pem ou, se souber o risco, --insecure (endereço, DNS, rede ou tempo esgotado)"
	out := wrapText(in, 40)
	words := map[string]bool{}
	for _, w := range strings.Fields(in) {
		words[w] = true
	}
	for i, line := range strings.Split(out, "\n") {
		if w := len([]rune(line)); w > 40 {
			t.Errorf("line %d is %d columns: %q", i, w, line)
		}
		if i > 0 && !strings.HasPrefix(line, "    ") {
			t.Errorf("line %d does not hang under the bullet's text: %q", i, line)
		}
		for _, w := range strings.Fields(line) {
			if !words[w] && w != "✗" {
				t.Errorf("word cut: %q in\n%s", w, out)
			}
		}
	}
	if !strings.Contains(out, "--ca-cert") || !strings.Contains(out, "--insecure") {
		t.Errorf("a flag was broken:\n%s", out)
	}
	long := wrapText("ver "+strings.Repeat("x", 50), 20)
	for _, l := range strings.Split(long, "\n") {
		if len(l) > 20 {
			t.Errorf("a word longer than the line is not broken: %q", long)
		}
	}
	// A path longer than the line breaks after a separator: each name
	// stays whole.
	path := "/tmp/review/tmp2/ixc-leveduca-demo-2888203842/ixc-leveduca-journal-20261207-103907.jsonl"
	got := wrapText(path, 78)
	if got != "/tmp/review/tmp2/ixc-leveduca-demo-2888203842/\nixc-leveduca-journal-20261207-103907.jsonl" {
		t.Errorf("path wrapped as:\n%s", got)
	}
	if got := wrapText(`C:\Users\técnico\Documents\ixc-leveduca-problemas-pppoe.csv`, 40); got != "C:\\Users\\técnico\\Documents\\\nixc-leveduca-problemas-pppoe.csv" {
		t.Errorf("windows path wrapped as:\n%s", got)
	}
}

// Prices read as money and product fields as IXC's screen names them.
func TestProductValuesInTheTechniciansWords(t *testing.T) {
	c := &Common{Lang: i18n.PT}
	cat := &steps.ProductCatalog{Units: []steps.Option{{ID: "1", Label: "UN — Unidade"}, {ID: "13", Label: "SER — Serviço"}}}
	for _, tc := range []struct{ field, v, want string }{
		{"preco_base", "9.90", "R$ 9,90"}, {"preco_base", "1234.5", "R$ 1.234,50"},
		{"unidade", "13", "SER (13)"}, {"controla_estoque", "N", "Não"}, {"movimentacao", "V", "Venda"},
		{"id_class_fiscal", "0", "— (nenhuma)"}, {"tipo", "S", "Serviço"},
	} {
		if got := productValue(c, cat, tc.field, tc.v); got != tc.want {
			t.Errorf("%s=%s: %q, want %q", tc.field, tc.v, got, tc.want)
		}
	}
	// Reais are written alike in English: the price fields take "29,90".
	if got := money(i18n.EN, "1234.50"); got != "R$ 1.234,50" {
		t.Errorf("en money = %q", got)
	}
}

// A correction done in IXC by hand lists exactly the fields to change, tab
// by tab, with the value before and after; and the confirmation shows them
// as "Unidade padrão (unidade): UN (1) → SER (13)".
func TestManualProductFixListsTheFieldsByTab(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		d.connect()
		d.toProductReview()
		d.enter(1)
		d.waitFor("Tributação (conforme a contabilidade)")
		d.enter(2)
		d.waitFor("exatamente isto no IXC")
		if s := d.screen(); !contains(s, "Unidade padrão (unidade): UN (1) → SER (13)", "Classificação fiscal de saída (id_class_fiscal): — (nenhuma) → SVA") {
			t.Errorf("confirmation:\n%s", s)
		}
		d.down(1)
		d.enter(1) // "Vou fazer no IXC"
		d.waitFor("Quando terminar no IXC")
		s := strings.Join(strings.Fields(d.screen()), " ")
		for _, want := range []string{
			"Menu Principal > Cadastros > Produtos > produto #12 > Editar:",
			"aba Produtos: • Unidade padrão: UN (1) → SER (13)",
			"aba Planejamento: • Classificação fiscal de saída: — (nenhuma) → SVA",
		} {
			if !strings.Contains(s, want) {
				t.Errorf("manual path lacks %q:\n%s", want, d.screen())
			}
		}
		if strings.Contains(s, "Controla estoque") {
			t.Errorf("the manual path lists a field that needs no change:\n%s", d.screen())
		}
	})
}

// The price of a new product is a value the technician can accept (the
// profile's), or empty with its error on screen at 80×24 — never a grey
// example that Enter refuses.
func TestProductPriceIsARealValue(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	t.Run("empty", func(t *testing.T) {
		drive(t, sim, url, nil, func(t *testing.T, d *driver) {
			d.handle(tea.WindowSizeMsg{Width: 80, Height: 24})
			d.connect()
			d.toNewProductPrice()
			if strings.Contains(d.m.View().Content, "29,90\x1b") || strings.Contains(d.screen(), "> 29,90") {
				t.Errorf("a placeholder price:\n%s", d.screen())
			}
			d.enter(1)
			d.settle()
			if s := d.screen(); !strings.Contains(s, "preço vazio") || strings.Count(s, "\n") >= 24 {
				t.Errorf("the empty price's error is not on screen:\n%s", s)
			}
		})
	})
	t.Run("from the profile", func(t *testing.T) {
		drive(t, sim, url, func(o *Options) {
			o.Profile = &profile.Profile{Products: []profile.Product{{Offer: "leveduca", Price: "19.90"}}}
		}, func(t *testing.T, d *driver) {
			d.connect()
			d.toNewProductPrice()
			d.waitFor("> 19,90")
			d.enter(1)
			d.waitFor("Classificação fiscal de saída")
			d.enter(3)
			d.waitFor("exatamente isto no IXC")
			if !strings.Contains(d.screen(), "R$ 19,90") {
				t.Errorf("confirmation:\n%s", d.screen())
			}
		})
	})
}

// --dry-run: the confirmation says what would be written, "Simular" writes
// nothing (no journal either) and moves on as if done.
func TestDryRunMovesOnWritingNothing(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	drive(t, sim, url, func(o *Options) { o.DryRun = true }, func(t *testing.T, d *driver) {
		d.connect()
		d.toProductReview()
		d.enter(1)
		d.waitFor("Tributação (conforme a contabilidade)")
		d.enter(2)
		d.waitFor("Isto é o que o programa gravaria no IXC")
		if strings.Contains(d.screen(), "vai gravar exatamente isto") {
			t.Errorf("a dry run says it will write:\n%s", d.screen())
		}
		d.enter(1) // Simular
		d.waitFor("Como o produto chega aos assinantes?")
		if st := sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
			t.Errorf("a dry run wrote: %+v", st)
		}
		if d.s.Journal != nil {
			t.Errorf("a dry run opened a journal: %s", d.s.Journal.Path())
		}
		if js, _ := filepath.Glob(filepath.Join(d.dir, "*.jsonl")); len(js) > 0 {
			t.Errorf("a dry run wrote %v", js)
		}
		for _, w := range d.s.Written {
			if strings.Contains(w, "diario") || strings.HasSuffix(w, ".jsonl") {
				t.Errorf("a dry run lists a journal: %v", d.s.Written)
			}
		}
	})
}

// With a saved, complete profile the start screen's way on is "Auditar";
// auditing writes no profile behind the technician's back.
func TestStartDefaultsToAuditAndAuditWritesNothingUnasked(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.toml")
	if err := os.WriteFile(path, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		auth profile.AuthMethod
		want string
	}{{profile.AuthHotsite, "audit"}, {"", "resume"}} {
		s := NewSession(&Common{Lang: i18n.PT, Width: 80, Height: 24})
		s.ProfilePath = path
		s.Profile.Auth.Method = tc.auth
		st := newStartScreen(s)
		st.Update(startLookedMsg{saved: true})
		if st.choice != tc.want {
			t.Errorf("auth %q: the start's default is %q, want %q", tc.auth, st.choice, tc.want)
		}
	}
	s := NewSession(&Common{Lang: i18n.PT})
	s.auditOnly = true
	if cmd := s.saveProfile(); cmd != nil {
		t.Error("an audit-only run saves the profile")
	}
}

// The files written are listed for the terminal once the full screen is
// gone; a profile saved on the way is among them.
func TestWrittenFilesOutliveTheScreen(t *testing.T) {
	s := NewSession(&Common{Lang: i18n.PT, Width: 80, Height: 24})
	if writtenList(s) != "" {
		t.Error("a list with nothing written")
	}
	m := New(s)
	m.Update(profileSavedMsg{path: "perfil.toml"})
	s.noteWritten("diario.jsonl")
	out := writtenList(s)
	abs, _ := filepath.Abs("perfil.toml")
	if !contains(out, "arquivos gravados", abs, "diario.jsonl") {
		t.Errorf("list = %q", out)
	}
}

// The review speaks of employees for employee CPF (not "prontos para
// entrar: 0" beside "no errors"), gives the verdict, and names records as
// IXC does ("contrato #30", not "cliente_contrato 30").
func TestReviewVerdictAndEmployees(t *testing.T) {
	s := NewSession(&Common{Lang: i18n.PT, Width: 80, Height: 24, Styles: NewStyles()})
	s.Profile.Auth.Method = profile.AuthEmployeeCPF
	s.Report = &steps.Report{Summary: steps.Summary{ReadyEmployees: 21}}
	r := newReviewScreen(s)
	r.askForm()
	v := stripStyles(r.View())
	if !contains(v, "Pronto para ativar: sim", "Colaboradores prontos para entrar: 21") || strings.Contains(v, "prontos para entrar: 0") {
		t.Errorf("review:\n%s", v)
	}
	s.Profile.Auth.Method = profile.AuthHotsite
	s.Report = &steps.Report{Summary: steps.Summary{Errors: 3}, Steps: []steps.StepResult{{Step: "link", Findings: []steps.Finding{
		{Code: "LINK_BLOCKED_CONTRACT", Severity: steps.Info, Records: []steps.RecordRef{{Table: "cliente_contrato", ID: "30"}}},
		{Code: "LINK_PLAN_MISSING", Severity: steps.Error, Records: []steps.RecordRef{{Table: "vd_contratos", ID: "14"}}},
	}}}}
	v = stripStyles(r.View())
	if !contains(v, "Pronto para ativar: não — 3 erros", "(plano #14)", "(contrato #30)") || strings.Index(v, "LINK_PLAN_MISSING") > strings.Index(v, "LINK_BLOCKED_CONTRACT") {
		t.Errorf("review:\n%s", v)
	}
}

// One yes/no convention: in Portuguese a yes/no question takes s (sim) and
// n, as the quit question "(s/N)" does (huh's hint keeps naming y, which
// works too); the chosen button is marked in text.
func TestYesNoIsSN(t *testing.T) {
	c := &Common{Lang: i18n.PT, Width: 80, Height: 24, Styles: NewStyles()}
	yes := false
	f := c.newForm(huh.NewGroup(huh.NewConfirm().Title("Incluir?").Value(&yes)))
	f.Init()
	f.Update(tea.KeyPressMsg{Code: 's', Text: "s"})
	if !yes {
		t.Error(`"s" does not answer yes`)
	}
	if v := stripStyles(f.View()); !contains(v, "(•) Yes", "( ) No", "alternar") {
		t.Errorf("confirm:\n%s", v)
	}
}

// A form's description breaks between words, never inside a flag: huh
// alone would break "--ca-cert" at its hyphen.
func TestFormDescriptionKeepsFlagsWhole(t *testing.T) {
	for w := 60; w <= 90; w++ {
		c := &Common{Lang: i18n.PT, Width: w, Height: 24, Styles: NewStyles()}
		var v string
		f := c.choiceForm("T", "Informe o certificado com --ca-cert ARQUIVO ou, sabendo do risco, use --insecure; depois rode ixc-leveduca audit --profile perfil.toml", &v, choice{"a", "A"})
		f.Init()
		out := stripStyles(f.View())
		for _, flag := range []string{"--ca-cert", "--insecure", "ixc-leveduca", "--profile"} {
			if !strings.Contains(out, flag) {
				t.Errorf("width %d: %q broken:\n%s", w, flag, out)
			}
		}
	}
}
