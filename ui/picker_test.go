package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// planName is what the contract list says of a contract: its customer's
// name and its plan ("Vera Lima · plano FIBRA 700 MEGA").
func planName(sim *ixcsim.Sim, contract string) string {
	ct, _ := sim.Row("cliente_contrato", contract)
	cust, _ := sim.Row("cliente", ct["id_cliente"])
	plan, _ := sim.Row("vd_contratos", ct["id_vd_contrato"])
	return strings.TrimSpace(cust["razao"]) + " · plano " + strings.TrimSpace(plan["nome"])
}

// optionLine is the list's line of contract id on screen ("" if none).
func optionLine(scr, id string) string {
	for _, l := range strings.Split(scr, "\n") {
		if strings.Contains(l, "] #"+id+" ") {
			_, after, _ := strings.Cut(l, "] ")
			return strings.TrimSpace(after)
		}
	}
	return ""
}

// At 80×24 the contract picker shows, without scrolling, the ids of the
// file left out, the double billing explained once, and each contract's
// id, name and plan before a short "! em dobro" mark (a long name is cut
// between words, never the mark); the count of ticks follows each tick.
func TestContractPickerAt80x24(t *testing.T) {
	sim, url := demoIXC(t, 200)
	h := holdsOf12(sim)
	plan := h.byPlanOnly(t)
	free1 := h.none(t)
	free2 := h.none(t, free1)
	// The contract billed twice gets a customer with a long name.
	ct, _ := sim.Row("cliente_contrato", plan)
	cust, _ := sim.Row("cliente", ct["id_cliente"])
	cust["razao"] = "Maria Aparecida da Conceição dos Santos Oliveira"
	sim.Put("cliente", cust)
	file := filepath.Join(t.TempDir(), "ids.txt")
	if err := os.WriteFile(file, []byte(free1+"\nabc\n"+plan+"\n99999\n"+free2+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	drive(t, sim, url, nil, func(t *testing.T, d *driver) {
		d.handle(tea.WindowSizeMsg{Width: 80, Height: 24})
		toContracts(d, 2)
		d.typ(file)
		d.enter(1)
		d.waitFor("3 contratos encontrados")
		scr := d.screen()
		if n := strings.Count(scr, "\n") + 1; n > 24 {
			t.Fatalf("%d lines at 80×24:\n%s", n, scr)
		}
		for _, want := range []string{
			"! 2 itens ignorados do arquivo: abc (não é um número), 99999 (contrato não encontrado no IXC).",
			"! 1 contrato já tem o produto pelo plano: um serviço adicional cobraria em dobro.",
			"2 contratos marcados até agora.",
		} {
			if !strings.Contains(flat(scr), want) {
				t.Errorf("the visible window lacks %q:\n%s", want, scr)
			}
		}
		// Each line: id, name and plan first; the mark whole; a cut only
		// between words.
		l := d.link()
		c := d.s.Common
		for _, ct := range l.found {
			line := optionLine(scr, ct.ID)
			c.Accessible = true
			full := l.contractLabel(ct)
			c.Accessible = false
			if line == "" {
				t.Fatalf("no line for #%s:\n%s", ct.ID, scr)
			}
			if w := ansi.StringWidth(line); w > 74 {
				t.Errorf("line of #%s is %d columns: %q", ct.ID, w, line)
			}
			if !strings.HasPrefix(line, "#"+ct.ID+" ") {
				t.Errorf("line of #%s does not start with its id: %q", ct.ID, line)
			}
			segs := strings.Split(line, "…")
			cut := len(segs) > 1
			for _, seg := range segs[:len(segs)-1] {
				words := strings.Fields(seg)
				if last := words[len(words)-1]; !strings.Contains(full+" ", " "+last+" ") {
					t.Errorf("line of #%s cut mid-word (%q): %q (whole: %q)", ct.ID, last, line, full)
				}
			}
			switch ct.ID {
			case plan:
				if !strings.HasSuffix(line, " · ! em dobro") || !strings.HasPrefix(line, "#"+plan+" Maria Aparecida") ||
					!strings.Contains(line, " · plano FIBRA") || !cut {
					t.Errorf("the double-billed contract's line: %q", line)
				}
			default:
				if want := "#" + ct.ID + " " + planName(sim, ct.ID); !strings.HasPrefix(line, want) || strings.Contains(line, "!") {
					t.Errorf("line of #%s = %q, want it to start with %q", ct.ID, line, want)
				}
			}
		}
		// Tick the contract billed twice: 3 ticked; untick one: 2.
		d.key(tea.KeyHome, 1)
		for i := 0; i < 3 && d.link().found[i].ID != plan; i++ {
			d.down(1)
		}
		d.toggle()
		if scr := d.screen(); !strings.Contains(scr, "3 contratos marcados até agora.") {
			t.Errorf("the count did not follow the tick:\n%s", scr)
		}
		d.key(tea.KeyHome, 1)
		d.toggle()
		d.toggle()
		d.toggle()
		if scr := d.screen(); !strings.Contains(scr, "2 contratos marcados até agora.") {
			t.Errorf("the count did not follow the untick:\n%s", scr)
		}
		// The tall window shows the rest of the text above the list.
		d.handle(tea.WindowSizeMsg{Width: 120, Height: 50})
		if scr := flat(d.screen()); !strings.Contains(scr, "2 dos 3 contratos do arquivo já vêm marcados.") {
			t.Errorf("the file's ticks are not said:\n%s", d.screen())
		}
	})
}

// The notes about a file of ids agree in number, in both languages.
func TestContractPickerFileNotesWording(t *testing.T) {
	s := NewSessionFrom(Options{Lang: i18n.PT})
	m := &linkScreen{s: s, fromFile: true, phase: linkContracts}
	found := func(ids ...string) []steps.ContractInfo {
		var out []steps.ContractInfo
		for _, id := range ids {
			out = append(out, steps.ContractInfo{ID: id, Status: "A"})
		}
		return out
	}
	notTicked := func(ids ...string) { m.st.unticked = ids }
	cases := []struct {
		found    []string
		unticked []string
		pt, en   string
	}{
		{[]string{"1"}, nil, "O contrato do arquivo já vem marcado.", "The file's contract comes ticked."},
		{[]string{"1"}, []string{"1"}, "O contrato do arquivo não vem marcado.", "The file's contract does not come ticked."},
		{[]string{"1", "2"}, nil, "Os 2 contratos do arquivo já vêm marcados.", "The file's 2 contracts come ticked."},
		{[]string{"1", "2", "3"}, []string{"2", "3"}, "1 dos 3 contratos do arquivo já vem marcado.", "1 of the file's 3 contracts comes ticked."},
		{[]string{"1", "2", "3"}, []string{"3"}, "2 dos 3 contratos do arquivo já vêm marcados.", "2 of the file's 3 contracts come ticked."},
		{[]string{"1", "2"}, []string{"1", "2"}, "Nenhum dos 2 contratos do arquivo vem marcado.", "None of the file's 2 contracts comes ticked."},
	}
	for _, tc := range cases {
		m.found = found(tc.found...)
		notTicked(tc.unticked...)
		for lang, want := range map[i18n.Lang]string{i18n.PT: tc.pt, i18n.EN: tc.en} {
			s.Common.Lang = lang
			if got := m.fileTicksNote(); got != want {
				t.Errorf("%d found, %d unticked (%s): %q, want %q", len(tc.found), len(tc.unticked), lang, got, want)
			}
		}
	}
	why := i18n.T("não é um número", "not a number")
	for n, want := range map[int][2]string{
		1: {"! 1 item ignorado do arquivo: x1 (não é um número).", "! 1 entry of the file was ignored: x1 (not a number)."},
		2: {"! 2 itens ignorados do arquivo: x1 (não é um número), x2 (não é um número).", "! 2 entries of the file were ignored: x1 (not a number), x2 (not a number)."},
	} {
		m.ignored = nil
		for i := 1; i <= n; i++ {
			m.ignored = append(m.ignored, steps.IgnoredID{Value: "x" + string(rune('0'+i)), Why: why})
		}
		for i, lang := range []i18n.Lang{i18n.PT, i18n.EN} {
			s.Common.Lang = lang
			if got := m.ignoredNote(3); got != want[i] {
				t.Errorf("%d ignored (%s): %q, want %q", n, lang, got, want[i])
			}
		}
	}
}

// truncate cuts between words when it can, and drops a dangling
// separator before the ellipsis.
func TestTruncateBetweenWords(t *testing.T) {
	for _, tc := range []struct {
		s    string
		n    int
		want string
	}{
		{"#10 Benedito Ramos · plano FIBRA 500 MEGA", 60, "#10 Benedito Ramos · plano FIBRA 500 MEGA"},
		{"#10 Benedito Ramos · plano FIBRA 500 MEGA", 30, "#10 Benedito Ramos · plano…"},
		{"#10 Benedito Ramos · plano FIBRA 500 MEGA", 22, "#10 Benedito Ramos…"},
		{"#10 Maria Aparecida · plano", 21, "#10 Maria Aparecida…"},
		{"Supercalifragilisticexpialidocious", 10, "Supercali…"},
		{"ab Supercalifragilisticexpialidocious", 10, "ab Superc…"},
	} {
		got := truncate(tc.s, tc.n)
		if got != tc.want || ansi.StringWidth(got) > tc.n {
			t.Errorf("truncate(%q, %d) = %q, want %q", tc.s, tc.n, got, tc.want)
		}
	}
}
