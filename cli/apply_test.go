package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
)

// runIn is run with stdin.
func runIn(t *testing.T, env map[string]string, stdin string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Main(args, IO{In: strings.NewReader(stdin), Out: &out, Err: &errb,
		Getenv: envOf(env)})
	return code, out.String(), errb.String()
}

// newProductName is the product the apply tests create.
const newProductName = "LevEduca Cursos (apply)"

// applyWorld is the demo ISP served over HTTP, a profile that describes a
// new product to link to plans 3 (FIBRA 500 MEGA) and 6 (a combo), and a
// fresh current directory (where journals go).
type applyWorld struct {
	t       *testing.T
	sim     *ixcsim.Sim
	url     string
	env     map[string]string
	hash    string
	prof    string
	dir     string
	touched []string
}

func newApplyWorld(t *testing.T) *applyWorld {
	t.Helper()
	sim := newDemoSim(demoConfig{Seed: 3, Contracts: 300})
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	dir := t.TempDir()
	t.Chdir(dir)
	w := &applyWorld{t: t, sim: sim, url: url, dir: dir,
		touched: []string{"produtos", "vd_contratos_produtos", "cliente_contrato_servicos", "vd_contratos"}}
	tok := sim.DemoToken()
	w.hash = tok[strings.Index(tok, ":")+1:]
	w.env = map[string]string{"IXC_TOKEN": tok}
	sub := sim.Rows("sub_grupo_produdos")[0]["id"]
	class := sim.Rows("cnf_classificacao_tributaria")[0]["id"]
	w.prof = filepath.Join(t.TempDir(), "perfil.toml")
	body := `# my setup
[ixc]
url = "` + url + `"
token_user = "1"

[[product]]
offer = "leveduca"
name = "` + newProductName + `"
subgroup = "` + sub + `"
price = "9,90"
tributacao = "ISSQN"
fiscal_class = "` + class + `"

[link]
method = "plan"
plans = ["3", "6"]

[auth]
method = "hotsite"
`
	if err := os.WriteFile(w.prof, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return w
}

// undoEnv is env with IXC_URL naming the world's IXC: `undo --yes` needs
// the user to name the journal's IXC.
func (w *applyWorld) undoEnv() map[string]string {
	env := map[string]string{"IXC_URL": w.url}
	for k, v := range w.env {
		env[k] = v
	}
	return env
}

// snapshot copies the tables apply and undo touch.
func (w *applyWorld) snapshot() map[string][]ixcsim.Record {
	out := map[string][]ixcsim.Record{}
	for _, tb := range w.touched {
		out[tb] = w.sim.Rows(tb)
	}
	return out
}

func (w *applyWorld) writes() int64 {
	st := w.sim.Stats()
	return st.Inserts + st.Updates + st.Deletes
}

// journals lists the journal files in the current directory.
func (w *applyWorld) journals() []string {
	w.t.Helper()
	m, err := filepath.Glob(filepath.Join(w.dir, "ixc-leveduca-journal-*.jsonl"))
	if err != nil {
		w.t.Fatal(err)
	}
	return m
}

// products returns the rows of the new product.
func (w *applyWorld) products() []ixcsim.Record {
	var out []ixcsim.Record
	for _, r := range w.sim.Rows("produtos") {
		if r["descricao"] == newProductName {
			out = append(out, r)
		}
	}
	return out
}

// links returns the plan rows of product id.
func (w *applyWorld) links(id string) []ixcsim.Record {
	var out []ixcsim.Record
	for _, r := range w.sim.Rows("vd_contratos_produtos") {
		if r["id_produto"] == id {
			out = append(out, r)
		}
	}
	return out
}

// noSecret fails when the token's hash is in any of texts or files.
func (w *applyWorld) noSecret(texts []string, files ...string) {
	w.t.Helper()
	if len(w.hash) < 32 {
		w.t.Fatalf("bad canary %q", w.hash)
	}
	for i, s := range texts {
		if strings.Contains(s, w.hash) {
			w.t.Errorf("the token hash is in output %d", i)
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			w.t.Fatal(err)
		}
		if bytes.Contains(data, []byte(w.hash)) {
			w.t.Errorf("the token hash is in %s", f)
		}
	}
}

func entries(t *testing.T, path string) (journal.Meta, []journal.Entry) {
	t.Helper()
	m, es, err := journal.Read(path)
	if err != nil {
		t.Fatal(err)
	}
	return m, es
}

// apply creates the product and its two plan rows, a re-run writes nothing,
// and undo brings the touched tables back to the rows they had.
func TestApplyThenRerunThenUndo(t *testing.T) {
	w := newApplyWorld(t)
	before := w.snapshot()
	var outputs []string

	code, out, errOut := runIn(t, w.env, "", "apply", "--profile", w.prof, "--yes")
	outputs = append(outputs, out, errOut)
	if code != ExitFindings { // the demo ISP keeps other error findings
		t.Fatalf("apply exit %d\n%s\n%s", code, out, errOut)
	}
	prods := w.products()
	if len(prods) != 1 {
		t.Fatalf("new products = %+v", prods)
	}
	p := prods[0]
	ser := ""
	for _, u := range w.sim.Rows("unidades") {
		if u["sigla"] == "SER" {
			ser = u["id"]
		}
	}
	for k, v := range map[string]string{"ativo": "S", "tipo": "S", "controla_estoque": "N", "movimentacao": "V",
		"unidade": ser, "preco_base": "9.90", "icms_issqn": "ISSQN"} {
		if p[k] != v {
			t.Errorf("produtos.%s = %q, want %q", k, p[k], v)
		}
	}
	links := w.links(p["id"])
	var plans []string
	for _, l := range links {
		plans = append(plans, l["id_vd_contrato"]+"/"+l["id_contrato"]+"/"+l["valor_unit"]+"/"+l["tipo"])
	}
	if strings.Join(plans, ",") != "3/0/9.90/SVA,6/0/9.90/SVA" {
		t.Errorf("plan rows = %v", plans)
	}
	js := w.journals()
	if len(js) != 1 || !strings.Contains(out, js[0]) {
		t.Fatalf("journals %v; output:\n%s", js, out)
	}
	m, es := entries(t, js[0])
	if m.Command != "apply" || len(es) != 3 {
		t.Fatalf("journal %+v %+v", m, es)
	}
	for _, e := range es {
		if e.State != journal.StateDone || e.Op != journal.OpInsert || e.ID == "" {
			t.Errorf("journal entry %+v", e)
		}
	}
	// The profile now names the product; the previous one is kept.
	data, _ := os.ReadFile(w.prof)
	if !strings.Contains(string(data), `id = "`+p["id"]+`"`) {
		t.Errorf("profile not updated:\n%s", data)
	}
	if bak, err := os.ReadFile(w.prof + ".bak"); err != nil || !strings.Contains(string(bak), "# my setup") {
		t.Errorf("backup: %v %q", err, bak)
	}
	if !strings.Contains(out, "Auditoria") {
		t.Errorf("no audit after apply:\n%s", out)
	}

	// Re-run: nothing to do, nothing written, no new journal.
	w.sim.ResetStats()
	code, out, errOut = runIn(t, w.env, "", "apply", "--profile", w.prof, "--yes")
	outputs = append(outputs, out, errOut)
	if code != ExitFindings || !strings.Contains(out, "Nada a fazer") {
		t.Fatalf("re-run exit %d\n%s\n%s", code, out, errOut)
	}
	if n := w.writes(); n != 0 || len(w.journals()) != 1 || len(w.products()) != 1 {
		t.Fatalf("re-run wrote %d, journals %v", n, w.journals())
	}

	// Undo: the journal's three inserts are deleted, newest first.
	code, out, errOut = runIn(t, w.undoEnv(), "", "undo", js[0], "--yes")
	outputs = append(outputs, out, errOut)
	if code != ExitOK {
		t.Fatalf("undo exit %d\n%s\n%s", code, out, errOut)
	}
	after := w.snapshot()
	for _, tb := range w.touched {
		if !reflect.DeepEqual(before[tb], after[tb]) {
			t.Errorf("table %s differs after undo (%d rows before, %d after)", tb, len(before[tb]), len(after[tb]))
		}
	}
	all := w.journals()
	if len(all) != 2 {
		t.Fatalf("journals after undo: %v", all)
	}
	undoJ := all[0]
	if undoJ == js[0] {
		undoJ = all[1]
	}
	m, es = entries(t, undoJ)
	if m.Command != "undo" || len(es) != 3 {
		t.Fatalf("undo journal %+v %+v", m, es)
	}
	for i, e := range es {
		if e.Op != journal.OpDelete || e.State != journal.StateDone || e.Before["id"] == "" {
			t.Errorf("undo entry %d: %+v", i, e)
		}
	}
	if es[2].Table != "produtos" || es[2].ID != p["id"] {
		t.Errorf("the product was not deleted last: %+v", es)
	}
	// Undo again: nothing left to revert.
	w.sim.ResetStats()
	code, out, _ = runIn(t, w.undoEnv(), "", "undo", js[0], "--yes")
	if code != ExitOK || !strings.Contains(out, "Nada a desfazer") || w.writes() != 0 {
		t.Errorf("second undo exit %d writes %d\n%s", code, w.writes(), out)
	}
	w.noSecret(outputs, append(w.journals(), w.prof, w.prof+".bak")...)
}

// --dry-run shows the plan and writes nothing, not even a journal.
func TestApplyDryRun(t *testing.T) {
	w := newApplyWorld(t)
	w.sim.ResetStats()
	code, out, errOut := runIn(t, w.env, "", "apply", "--profile", w.prof, "--dry-run", "--lang", "en")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	// The product to create is a draft: phase 2 still shows the link rows
	// it would get, with its id shown for what it is.
	for _, want := range []string{"Create the product", newProductName, `Preço base (preco_base) = "9.90"`, `Unidade padrão (unidade) =`,
		"Phase 2 — links: 2 changes", "Add the new product (" + newProductName + ") to plan 3 (",
		"Produto (id_produto) = (id of the new record, simulated)", "planned 3.", "nothing was written"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, bad := range []string{"planned once it is created", "novo-", "change(s)"} {
		if strings.Contains(out, bad) {
			t.Errorf("output has %q:\n%s", bad, out)
		}
	}
	if n := w.writes(); n != 0 || len(w.journals()) != 0 || len(w.products()) != 0 {
		t.Errorf("dry run wrote %d, journals %v", n, w.journals())
	}
	data, _ := os.ReadFile(w.prof)
	if !strings.HasPrefix(string(data), "# my setup") {
		t.Error("dry run rewrote the profile")
	}
	w.noSecret([]string{out, errOut})
}

// Without --yes each phase is confirmed on stdin.
func TestApplyConfirmation(t *testing.T) {
	t.Run("no", func(t *testing.T) {
		w := newApplyWorld(t)
		w.sim.ResetStats()
		code, out, errOut := runIn(t, w.env, "n\n", "apply", "--profile", w.prof)
		// The question is on stderr, the plan and the outcome on stdout.
		if code != ExitOK || !strings.Contains(errOut, "Aplicar 1 alteração? [s/N]") || strings.Contains(out, "[s/N]") || !strings.Contains(out, "Cancelado") {
			t.Fatalf("exit %d\n%s\nstderr: %s", code, out, errOut)
		}
		if w.writes() != 0 || len(w.journals()) != 0 {
			t.Errorf("wrote %d, journals %v", w.writes(), w.journals())
		}
	})
	t.Run("end of input", func(t *testing.T) {
		w := newApplyWorld(t)
		w.sim.ResetStats()
		code, _, errOut := runIn(t, w.env, "", "apply", "--profile", w.prof)
		if code != ExitUsage || !strings.Contains(errOut, "--yes") || w.writes() != 0 || len(w.journals()) != 0 {
			t.Fatalf("exit %d writes %d stderr %q", code, w.writes(), errOut)
		}
	})
	t.Run("yes to both phases", func(t *testing.T) {
		w := newApplyWorld(t)
		code, out, errOut := runIn(t, w.env, "s\nsim\n", "apply", "--profile", w.prof)
		if code != ExitFindings || strings.Count(errOut, "[s/N]") != 2 || !strings.Contains(errOut, "Aplicar 2 alterações?") {
			t.Fatalf("exit %d\n%s\nstderr: %s", code, out, errOut)
		}
		if p := w.products(); len(p) != 1 || len(w.links(p[0]["id"])) != 2 {
			t.Fatalf("products %+v", p)
		}
	})
	t.Run("yes then no", func(t *testing.T) {
		w := newApplyWorld(t)
		code, _, _ := runIn(t, w.env, "s\nn\n", "apply", "--profile", w.prof)
		p := w.products()
		if code != ExitOK || len(p) != 1 || len(w.links(p[0]["id"])) != 0 || len(w.journals()) != 1 {
			t.Fatalf("exit %d products %+v journals %v", code, p, w.journals())
		}
		// The profile got the new id, so the next run goes on from there.
		data, _ := os.ReadFile(w.prof)
		if !strings.Contains(string(data), `id = "`+p[0]["id"]+`"`) {
			t.Errorf("profile:\n%s", data)
		}
	})
}

// IXC applies every insert but the answers are lost: apply looks each
// record up and finds it; exactly one row of each exists.
func TestApplyLostAnswers(t *testing.T) {
	w := newApplyWorld(t)
	w.sim.SetFaults(ixcsim.Faults{LoseWriteResponses: 3})
	w.sim.ResetStats()
	code, out, errOut := runIn(t, w.env, "", "apply", "--profile", w.prof, "--yes")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	p := w.products()
	if len(p) != 1 || len(w.links(p[0]["id"])) != 2 || w.sim.Stats().Inserts != 3 {
		t.Fatalf("products %+v, links %+v, stats %+v", p, w.links(p[0]["id"]), w.sim.Stats())
	}
	_, es := entries(t, w.journals()[0])
	for _, e := range es {
		if e.State != journal.StateDone || !strings.Contains(e.Note, "lost") {
			t.Errorf("entry %+v", e)
		}
	}
}

func TestApplyUsageAndIXCErrors(t *testing.T) {
	w := newApplyWorld(t)
	bad := filepath.Join(w.dir, "bad.toml")
	_ = os.WriteFile(bad, []byte("[[product]]\noffer = \"leveduca\"\nname = \"X\"\n\n[link]\nmethod = \"plan\"\n"), 0o600)
	missingPlan := filepath.Join(w.dir, "missing.toml")
	data, _ := os.ReadFile(w.prof)
	_ = os.WriteFile(missingPlan, bytes.Replace(data, []byte(`"6"]`), []byte(`"999"]`), 1), 0o600)
	cases := []struct {
		name string
		env  map[string]string
		args []string
		code int
		want string
	}{
		{"no profile", w.env, []string{"apply", "--yes"}, ExitUsage, "--profile"},
		{"incomplete product", w.env, []string{"apply", "--profile", bad, "--yes"}, ExitUsage, "subgroup"},
		{"no token", nil, []string{"apply", "--profile", w.prof, "--yes"}, ExitUsage, "IXC_TOKEN"},
		{"unreachable", map[string]string{"IXC_TOKEN": w.env["IXC_TOKEN"], "IXC_URL": "http://127.0.0.1:1"},
			[]string{"apply", "--profile", w.prof, "--yes"}, ExitIXC, "conexão recusada"},
		{"rejected token", map[string]string{"IXC_TOKEN": "1:" + strings.Repeat("ab", 32)},
			[]string{"apply", "--profile", w.prof, "--yes", "--lang", "en"}, ExitIXC, "token"},
		{"undo without file", w.env, []string{"undo"}, ExitUsage, "undo"},
		{"undo of a non-journal", w.env, []string{"undo", w.prof}, ExitUsage, "não é um diário do ixc-leveduca"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w.sim.ResetStats()
			code, out, errOut := runIn(t, c.env, "", c.args...)
			if code != c.code || !strings.Contains(strings.ToLower(errOut), strings.ToLower(c.want)) {
				t.Fatalf("exit %d (want %d), stderr %q naming %q\n%s", code, c.code, errOut, c.want, out)
			}
			if w.writes() != 0 {
				t.Errorf("wrote %d", w.writes())
			}
		})
	}
	// A plan that does not exist: the product is created (phase 1), the
	// links are refused as input (exit 2) and nothing else is written.
	code, out, errOut := runIn(t, w.env, "", "apply", "--profile", missingPlan, "--yes")
	if code != ExitUsage || !strings.Contains(errOut, "999") {
		t.Fatalf("missing plan: exit %d\n%s\n%s", code, out, errOut)
	}
	if p := w.products(); len(p) != 1 || len(w.links(p[0]["id"])) != 0 {
		t.Errorf("products %+v", p)
	}
	// Undo against another IXC than the journal's is refused.
	js := w.journals()
	if len(js) != 1 {
		t.Fatalf("journals %v", js)
	}
	code, _, errOut = runIn(t, map[string]string{"IXC_TOKEN": w.env["IXC_TOKEN"], "IXC_URL": "http://127.0.0.1:1"}, "", "undo", js[0], "--yes")
	if code != ExitUsage || !strings.Contains(errOut, "IXC_URL") {
		t.Errorf("undo elsewhere: exit %d %q", code, errOut)
	}
}

// audit --ca-cert and --insecure against the simulator over HTTPS with a
// self-signed certificate; without either, exit 3.
func TestAuditOverTLS(t *testing.T) {
	sim := newDemoSim(demoConfig{Seed: 3, Contracts: 50})
	url, ca, err := sim.StartTLS("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close(); _ = os.Remove(ca) })
	env := map[string]string{"IXC_TOKEN": sim.DemoToken(), "IXC_URL": url}
	code, out, errOut := run(t, env, "audit", "--demo=false", "--profile", writeProfile(t, url), "--format", "json")
	if code != ExitIXC || !strings.Contains(out, "IXC_TLS") {
		t.Fatalf("without CA: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = run(t, env, "audit", "--profile", writeProfile(t, url), "--format", "json", "--ca-cert", ca)
	if code == ExitIXC || code == ExitUsage || decodeAudit(t, out).Steps[0].Status != "ok" || strings.Contains(errOut, "--insecure") {
		t.Fatalf("--ca-cert: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, errOut = run(t, env, "audit", "--profile", writeProfile(t, url), "--format", "json", "--insecure")
	if code == ExitIXC || code == ExitUsage || decodeAudit(t, out).Steps[0].Status != "ok" || !strings.Contains(errOut, "--insecure") {
		t.Fatalf("--insecure: exit %d\n%s\n%s", code, out, errOut)
	}
}

func writeProfile(t *testing.T, url string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "p.toml")
	body := "[ixc]\nurl = \"" + url + "\"\n\n[[product]]\noffer = \"leveduca\"\nid = \"12\"\n\n[link]\nmethod = \"plan\"\n\n[auth]\nmethod = \"hotsite\"\n"
	if err := os.WriteFile(path, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
