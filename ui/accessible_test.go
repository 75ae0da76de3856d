package ui

import (
	"bytes"
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/huh/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// A scripted --accessible run: the same screens as plain prompts, answered
// from a pipe, ending with the plan row in IXC and the profile saved.
func TestAccessibleScriptedRun(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 200)
	dir := t.TempDir()
	script := strings.Join([]string{
		"1",    // new setup
		"", "", // keep the address and the token given
		"1", // continue
		"1", // LevEduca
		"1", // with a product
		"1", // product #12
		"2", // use it as is
		"1", // link by sales plan
		"1", // no combo
		"1", // tick plan #1
		"0", // done ticking
		"1", // write it for me
		"1", // hotsite
		"1", // continue to the hand-off
		"",  // keep the profile path
		"",  // token left out (default)
		"",  // no ISP name
		"1", // finish
	}, "\n") + "\n"
	var out bytes.Buffer
	code := Run(Options{Lang: i18n.PT, Accessible: true, URL: url, Token: sim.DemoToken(), OutDir: dir,
		ProfilePath: dir + "/perfil.toml", In: strings.NewReader(script), Out: &out, Now: func() time.Time { return testNow }})
	text := out.String()
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, text)
	}
	if strings.Contains(text, "\x1b[") {
		t.Error("accessible output has escape sequences")
	}
	if !contains(text, "Passo 1 de 6: Conexão", "O programa vai gravar exatamente isto no IXC", "Arquivos gravados") {
		t.Errorf("output:\n%s", text)
	}
	if got := rows(sim, "vd_contratos_produtos", map[string]string{"id_produto": "12", "id_vd_contrato": "1", "id_contrato": "0"}); len(got) != 1 {
		t.Errorf("plan rows = %v", got)
	}
	p, err := profile.Load(dir + "/perfil.toml")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(p.Link.Plans, "1") || p.Auth.Method != "hotsite" {
		t.Errorf("profile = %+v", p)
	}
	if strings.Contains(text, sim.DemoToken()[2:]) {
		t.Error("the token was printed")
	}
}

// fullScript answers every screen of the issue's path: both offers, the
// product fixed (fiscal class, then price), the plans kept, hotsite, the
// hand-off with the defaults.
var fullScript = []string{
	"1",    // new setup
	"", "", // keep the address and the token given
	"1",      // continue
	"3",      // both offers
	"1",      // with a product
	"1",      // product #12 for LevEduca
	"1",      // fix it
	"1", "2", // ISSQN, SVA
	"1",     // write it for me
	"1",     // use this product
	"1",     // product #13 for Paramount+
	"1",     // fix it
	"29,90", // its price
	"1",     // write it for me
	"1",     // use this product
	"1",     // link by sales plan
	"1",     // no combo
	"0",     // LevEduca: the plans that have it
	"",      // Paramount+: the plan that has it
	"1",     // hotsite
	"1",     // continue to the hand-off
	"",      // keep the profile path
	"",      // token left out (default)
	"",      // no ISP name
	"1",     // finish
}

// runScript runs the accessible wizard on a fresh demo IXC with lines as
// its piped answers; what it wrote on stdout, then on stderr.
func runScript(t *testing.T, lang i18n.Lang, lines []string) (int, string) {
	t.Helper()
	code, out, errOut := runScriptIO(t, lang, lines)
	return code, out + errOut
}

// runScriptIO is runScript with stdout and stderr apart. The driver's
// clock stands still: no wait is long, and no progress line is printed.
func runScriptIO(t *testing.T, lang i18n.Lang, lines []string) (int, string, string) {
	t.Helper()
	sim, url := demoIXC(t, 200)
	dir := t.TempDir()
	r, w, err := os.Pipe() // a real pipe, as with printf … | ixc-leveduca
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for _, l := range lines {
			_, _ = io.WriteString(w, l+"\n")
		}
		_ = w.Close()
	}()
	defer r.Close()
	out, errOut := &cappedBuffer{max: 1 << 20}, &cappedBuffer{max: 1 << 20}
	code := Run(Options{Lang: lang, Accessible: true, URL: url, Token: sim.DemoToken(), OutDir: dir,
		ProfilePath: dir + "/perfil.toml", In: r, Out: out, Err: errOut, Now: func() time.Time { return testNow },
		access: accessIO{clock: newFakeClock()}})
	return code, out.String(), errOut.String()
}

// cappedBuffer keeps at most max bytes (a looping prompt must not eat the
// test's memory) and says whether it overflowed.
type cappedBuffer struct {
	bytes.Buffer
	max      int
	overflow bool
}

func (b *cappedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.max {
		b.overflow = true
		return len(p), nil
	}
	return b.Buffer.Write(p)
}

// The whole script finishes; cut at every line, the run ends with exit 2
// and names the question left unanswered (never loops, bounded output).
func TestAccessibleEndsAtEveryPrefix(t *testing.T) {
	t.Parallel()
	code, text := runScript(t, i18n.PT, fullScript)
	if code != 0 || !strings.Contains(text, "Arquivos gravados") {
		t.Fatalf("full script: exit %d\n%s", code, text)
	}
	questions := map[string]bool{}
	for n := range len(fullScript) {
		code, text, errText := runScriptIO(t, i18n.PT, fullScript[:n])
		if n == len(fullScript)-1 {
			// Cut at the last "Concluir": the hand-off is written, the run
			// is done (exit 0, the files listed, no "input ended").
			if code != 0 || !strings.Contains(text, "ixc-leveduca-entrega.json") || strings.Contains(errText, "a entrada terminou") {
				t.Errorf("cut at the last question: exit %d\n%s\nstderr:\n%s", code, lastLines(text, 20), errText)
			}
			continue
		}
		// The message that ends the run is a diagnostic: on stderr.
		_, q, ok := strings.Cut(errText, "ixc-leveduca: a entrada terminou antes da pergunta «")
		if code != 2 || !ok || len(text) > 64<<10 || strings.Contains(text, "a entrada terminou") {
			t.Fatalf("cut after %d answers: exit %d, %d bytes\n%s\nstderr:\n%s", n, code, len(text), lastLines(text, 30), errText)
		}
		q, _, _ = strings.Cut(q, "»")
		questions[strings.Join(strings.Fields(q), " ")] = true
	}
	// Every screen was cut: the start, connection, method, product, link,
	// auth and hand-off questions were all named.
	for _, want := range []string{"O que você quer fazer?", "Endereço do IXC", "Token da API", "O que o provedor vende?",
		"Produto da oferta LevEduca", "Preço base (R$)", "Planos de venda que levam o produto #13 (Paramount+)",
		"Como os assinantes entram na LevEduca?", "Salvar o perfil em", "Incluir o token no relatório de entrega?",
		"Nome do provedor (opcional, vai no relatório)"} {
		if !questions[want] {
			t.Errorf("no cut named %q; named: %v", want, questions)
		}
	}
}

// The issue's pipe: the input ends on a multi-select whose validation
// fails (every plan unticked). It used to print the list for ever.
func TestAccessibleIssuePipeEnds(t *testing.T) {
	t.Parallel()
	lines := strings.Split("1,,,1,3,1,1,1,1,2,1,1,1,1,29,90,1,1,1,1,0,8,0", ",")
	lines = append(append(lines[:14:14], "29,90"), lines[16:]...)
	code, text := runScript(t, i18n.EN, lines)
	if code != 2 || len(text) > 64<<10 ||
		!strings.Contains(text, "choose at least one plan") ||
		!strings.Contains(strings.Join(strings.Fields(text), " "), "the input ended before the question «Sales plans that carry product #13 (Paramount+)»") {
		t.Fatalf("exit %d, %d bytes\n%s", code, len(text), lastLines(text, 30))
	}
}

// In Portuguese the prompts speak Portuguese (no huh English), yes/no is
// s/N, the fields keep their descriptions, no line is wider than 80
// columns, option labels carry no emoji, and the header is not repeated.
func TestAccessibleText(t *testing.T) {
	t.Parallel()
	code, text := runScript(t, i18n.PT, fullScript)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, text)
	}
	for _, bad := range []string{"Enter a number", "Confirm selection", "[y/N]", "[Y/n]", "Select up to", "There is only one option",
		"Invalid", "Input:", "Choose", "➕", "🔍", "⚠"} {
		if strings.Contains(text, bad) {
			t.Errorf("output has %q", bad)
		}
	}
	for _, want := range []string{"[s/N]", "s = Incluir · n = Não incluir",
		"Permite acesso", // the token's instructions
		"Ex.: https://",  // the address's example
		"Criar um produto novo", "Número da opção (1 a 4; Enter = 1): 1"} {
		if !strings.Contains(text, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, l := range strings.Split(text, "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Errorf("line of %d columns: %q", w, l)
		}
	}
	if n := strings.Count(text, "IXC × LevEduca\n"); n != 1 {
		t.Errorf("the title is printed %d times", n)
	}
	for _, step := range []string{"Passo 1 de 6: Conexão", "Passo 3 de 6: Produto", "Passo 4 de 6: Vínculo"} {
		if n := strings.Count(text, step); n != 1 {
			t.Errorf("%q printed %d times", step, n)
		}
	}
	// The command in the profile path's description is wrapped at a space,
	// never inside "--profile".
	if !strings.Contains(text, "--profile") {
		t.Error("the audit command was cut inside --profile")
	}
}

// A yes/no question takes s/sim (and y/yes), n/não; anything else asks again.
func TestAccessibleYesNo(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		want bool
	}{{"s", true}, {"Sim", true}, {"y", true}, {"n", false}, {"não", false}, {"talvez\ns", true}} {
		c := &Common{Lang: i18n.PT, Accessible: true}
		v := false
		f := c.newForm(huh.NewGroup(huh.NewConfirm().Title("Incluir?").Value(&v)))
		var out bytes.Buffer
		p := newPrompter(c, strings.NewReader(tc.in+"\n"), &out)
		if err := p.runForm(f); err != nil || v != tc.want {
			t.Errorf("%q: %v, %v\n%s", tc.in, v, err, out.String())
		}
	}
}

// Every kind of huh field the wizard uses is read by the accessible
// driver (a huh upgrade that moves its fields fails here).
func TestAccessibleReadsEveryField(t *testing.T) {
	t.Parallel()
	c := &Common{Lang: i18n.PT, Accessible: true}
	var (
		sel   = "b"
		multi []string
		text  string
		yes   bool
	)
	f := c.newForm(huh.NewGroup(
		huh.NewNote().Title("Nota").Description("texto da nota"),
		huh.NewSelect[string]().Title("Um").Description("desc um").Options(huh.NewOption("➕ A", "a"), huh.NewOption("B", "b")).Value(&sel),
		huh.NewMultiSelect[string]().Title("Vários").Options(huh.NewOption("X", "x"), huh.NewOption("Y", "y").Selected(true)).Value(&multi),
		huh.NewInput().Title("Texto").Placeholder("9,90").Value(&text).Validate(func(s string) error {
			if s == "" {
				return errors.New("vazio")
			}
			return nil
		}),
		huh.NewConfirm().Title("Sim?").Value(&yes)),
		huh.NewGroup(huh.NewInput().Title("Escondido")).WithHide(true))
	var out bytes.Buffer
	p := newPrompter(c, strings.NewReader("1\n1 2\n\n\nolá\ns\n"), &out)
	if err := p.runForm(f); err != nil {
		t.Fatal(err)
	}
	if sel != "a" || !slices.Equal(multi, []string{"x"}) || text != "olá" || !yes {
		t.Errorf("sel %q multi %v text %q yes %v", sel, multi, text, yes)
	}
	got := out.String()
	for _, want := range []string{"Nota", "texto da nota", "desc um", "1. A\n", "Enter = 2", "2. [x] Y", "Exemplo: 9,90", "✗ vazio"} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "Escondido") {
		t.Error("a hidden group was asked")
	}
}

func lastLines(s string, n int) string {
	l := strings.Split(s, "\n")
	return strings.Join(l[max(len(l)-n, 0):], "\n")
}
