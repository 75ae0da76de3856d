package cli

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
)

// The write-side fault matrix: `apply` under each fault, then (with the
// fault gone) `apply` again, must end with IXC equal to one clean run: no
// duplicate, nothing lost, and no secret in any output or file. The
// counts are logged for docs/reliability.md.
func TestApplyWriteFaultMatrix(t *testing.T) {
	fastBackoff(t)
	clean := newApplyWorld(t)
	if code, out, errOut := runIn(t, clean.env, "", "apply", "--profile", clean.prof, "--yes"); code != ExitFindings {
		t.Fatalf("clean apply: exit %d\n%s\n%s", code, out, errOut)
	}
	want := stateOf(clean)

	// after runs fn once the simulator has served n inserts (a mid-run event).
	after := func(sim *ixcsim.Sim, n int64, fn func()) func() {
		done := make(chan struct{})
		stop := make(chan struct{})
		go func() {
			defer close(done)
			for {
				select {
				case <-stop:
					return
				case <-time.After(2 * time.Millisecond):
				}
				if sim.Stats().Inserts >= n {
					fn()
					return
				}
			}
		}()
		return func() { close(stop); <-done }
	}
	demoUser := func(w *applyWorld, active bool, perms map[string]ixcsim.Perm) {
		id, hash, _ := strings.Cut(w.env["IXC_TOKEN"], ":")
		w.sim.SetUser(ixcsim.User{ID: id, Name: "LevEduca Integração (demo)", Hash: hash, Active: active, Perms: perms})
	}
	noInsertOnLinks := map[string]ixcsim.Perm{}
	for _, tb := range []string{"produtos", "unidades", "sub_grupo_produdos", "cnf_classificacao_tributaria", "vd_contratos",
		"cliente_contrato", "cliente_contrato_servicos", "cliente", "radusuarios", "funcionarios", "usuarios"} {
		noInsertOnLinks[tb] = ixcsim.Perm{List: true, Insert: true, Update: true, Delete: true}
	}
	noInsertOnLinks["vd_contratos_produtos"] = ixcsim.Perm{List: true}

	cases := []struct {
		name   string
		inject func(w *applyWorld) (undo func())
	}{
		{"latency spikes (20 ms + up to 150 ms)", func(w *applyWorld) func() {
			w.sim.SetFaults(ixcsim.Faults{Latency: 20 * time.Millisecond, Jitter: 150 * time.Millisecond})
			return func() {}
		}},
		{"5xx on 30% of requests", func(w *applyWorld) func() {
			w.sim.SetFaults(ixcsim.Faults{ErrorRate: 0.3})
			return func() {}
		}},
		{"504 on pages above 200 rows", func(w *applyWorld) func() {
			w.sim.SetFaults(ixcsim.Faults{Max504Rows: 200})
			return func() {}
		}},
		{"connection resets on 20% of requests", func(w *applyWorld) func() {
			w.sim.SetFaults(ixcsim.Faults{DropRate: 0.2})
			return func() {}
		}},
		{"every write lands but its answer is lost", func(w *applyWorld) func() {
			w.sim.SetFaults(ixcsim.Faults{LoseWriteResponses: 100})
			return func() {}
		}},
		{"token revoked after the first insert", func(w *applyWorld) func() {
			return after(w.sim, 1, func() { demoUser(w, false, nil) })
		}},
		{"insert permission removed after the first insert", func(w *applyWorld) func() {
			return after(w.sim, 1, func() { demoUser(w, true, noInsertOnLinks) })
		}},
		{"IXC restarted (down 1.5 s) after the first insert", func(w *applyWorld) func() {
			return after(w.sim, 1, func() { w.sim.SetFaults(ixcsim.Faults{DownFor: 1500 * time.Millisecond}) })
		}},
	}
	var rows []string
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newApplyWorld(t)
			stopInject := c.inject(w)
			code1, out1, err1 := runIn(t, w.env, "", "apply", "--profile", w.prof, "--yes")
			stopInject()
			w.sim.SetFaults(ixcsim.Faults{})
			demoUser(w, true, nil)
			time.Sleep(50 * time.Millisecond)
			code2, out2, err2 := runIn(t, w.env, "", "apply", "--profile", w.prof, "--yes")
			for _, out := range []string{out1, err1, out2, err2} {
				if strings.Contains(out, "panic") || strings.Contains(out, "goroutine ") {
					t.Fatalf("stack trace:\n%s", out)
				}
			}
			if code2 != ExitFindings {
				t.Errorf("re-run: exit %d\n%s\n%s", code2, out2, err2)
			}
			got := stateOf(w)
			dups := len(w.products()) - 1
			if got != want || dups != 0 {
				t.Errorf("IXC differs from a clean run (duplicate products: %d):\n%s\nwant\n%s", dups, got, want)
			}
			w.noSecret([]string{out1, err1, out2, err2}, append(w.journals(), w.prof)...)
			rows = append(rows, fmt.Sprintf("| %s | exit %d, then %d | %d | 0 | 0 |", c.name, code1, code2, dups))
		})
	}
	t.Logf("fault | first run, re-run | duplicates | records lost | secrets leaked\n%s", strings.Join(rows, "\n"))
}

// stateOf renders the tables apply touches, without server timestamps.
func stateOf(w *applyWorld) string {
	var lines []string
	for tb, rows := range w.snapshot() {
		for _, r := range rows {
			var kv []string
			for k, v := range r {
				if k != "ultima_atualizacao" {
					kv = append(kv, k+"="+v)
				}
			}
			slices.Sort(kv)
			lines = append(lines, tb+" "+strings.Join(kv, " "))
		}
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n")
}
