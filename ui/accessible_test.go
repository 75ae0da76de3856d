package ui

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

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

// The end of the answers before the end of the wizard quits with 130.
func TestAccessibleEndOfInput(t *testing.T) {
	t.Parallel()
	sim, url := demoIXC(t, 50)
	var out bytes.Buffer
	dir := t.TempDir() // every file the run may write stays under it
	code := Run(Options{Lang: i18n.EN, Accessible: true, URL: url, Token: sim.DemoToken(), OutDir: dir,
		ProfilePath: dir + "/perfil.toml", In: strings.NewReader("1\n"), Out: &out})
	if code != 130 || !strings.Contains(out.String(), "end of input") {
		t.Fatalf("exit %d\n%s", code, out.String())
	}
}
