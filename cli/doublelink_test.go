package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// apply --yes on a profile whose links would bill a contract twice: the
// links phase's notes say which and why, that --yes writes anyway, and it
// does; the same product for both offers is linked once.
func TestApplyWarnsOfDoubleBilling(t *testing.T) {
	sim := newDemoSim(demoConfig{Seed: 3, Contracts: 300})
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	t.Chdir(t.TempDir())
	carriers, has := map[string]bool{}, map[string]bool{}
	for _, r := range sim.Rows("vd_contratos_produtos") {
		if r["id_produto"] == "12" {
			if r["id_contrato"] == "0" {
				carriers[r["id_vd_contrato"]] = true
			} else {
				has[r["id_contrato"]] = true
			}
		}
	}
	for _, r := range sim.Rows("cliente_contrato_servicos") {
		if r["id_produto"] == "12" {
			has[r["id_contrato"]] = true
		}
	}
	var byPlan, free string
	for _, r := range sim.Rows("cliente_contrato") {
		switch {
		case r["status"] != "A" || has[r["id"]]:
		case carriers[r["id_vd_contrato"]] && byPlan == "":
			byPlan = r["id"]
		case !carriers[r["id_vd_contrato"]] && free == "":
			free = r["id"]
		}
	}
	if byPlan == "" || free == "" {
		t.Fatal("the demo lacks the contracts this test needs")
	}
	prof := filepath.Join(t.TempDir(), "perfil.toml")
	body := `[ixc]
url = "` + url + `"
token_user = "1"

[[product]]
offer = "leveduca"
id = "12"

[[product]]
offer = "paramount"
id = "12"

[link]
method = "contract"
contracts = ["` + byPlan + `", "` + free + `"]

[auth]
method = "hotsite"
`
	if err := os.WriteFile(prof, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runIn(t, map[string]string{"IXC_TOKEN": sim.DemoToken()}, "", "apply", "--profile", prof, "--yes")
	if code != ExitOK && code != ExitFindings {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{
		"• COBRANÇA EM DOBRO: 1 contrato ativo ficaria com o mesmo produto vinculado mais de uma vez (LINK_DOUBLE): contrato #" + byPlan + ": já tem o produto pelo plano.",
		"• --yes: os vínculos são gravados mesmo assim, como estão.",
		"Fase 2 — vínculos: 2 alterações",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "#"+free+":") {
		t.Errorf("%s is not billed twice:\n%s", free, out)
	}
	n := 0
	for _, r := range sim.Rows("vd_contratos_produtos") {
		if r["id_produto"] == "12" && (r["id_contrato"] == byPlan || r["id_contrato"] == free) {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d contract rows written, want 2 (--yes writes, once per contract)", n)
	}
}
