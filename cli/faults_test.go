package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
)

// The read-side fault matrix: `audit` against the simulator with each of
// its faults (ixcsim.Faults) and with the token's user changed mid-run.
// Transient faults must give the SAME findings as a clean run; a fault
// that outlasts the client's retries must give a clear exit-3 finding; no
// fault may give a different set of findings, a panic, a hang or a write.

// faultContracts makes cliente and cliente_contrato span several pages of
// 1000 rows, so the page size can halve under Max504Rows.
const faultContracts = 2500

// faultWorld is a demo dataset behind the simulator, with a profile.
type faultWorld struct {
	sim   *ixcsim.Sim
	url   string
	prof  string
	token string
}

func newFaultWorld(t *testing.T) *faultWorld {
	t.Helper()
	sim, url, prof := startSimSeed(t, 5, faultContracts)
	// A user of our own, so that revoking it mid-run does not touch the
	// demo users.
	token := sim.AddUser(ixcsim.User{ID: "77", Name: "Integração LevEduca (faults)", Active: true,
		Hash: strings.Repeat("fa17", 16)})
	return &faultWorld{sim: sim, url: url, prof: prof, token: token}
}

// audit runs `audit --format json` with a deadline: a hang fails the test
// instead of blocking the suite.
func (w *faultWorld) audit(t *testing.T, limit time.Duration) (int, auditJSON, string) {
	t.Helper()
	type res struct {
		code        int
		out, errOut string
	}
	done := make(chan res, 1)
	go func() {
		code, out, errOut := run(t, map[string]string{"IXC_TOKEN": w.token}, "audit", "--profile", w.prof, "--format", "json")
		done <- res{code, out, errOut}
	}()
	select {
	case r := <-done:
		for _, bad := range []string{"panic", "goroutine "} {
			if strings.Contains(r.out, bad) || strings.Contains(r.errOut, bad) {
				t.Fatalf("%q in the output:\n%s\n%s", bad, r.out, r.errOut)
			}
		}
		if strings.Contains(r.out+r.errOut, strings.Repeat("fa17", 16)) {
			t.Fatal("the token's hash was printed")
		}
		return r.code, decodeAudit(t, r.out), r.errOut
	case <-time.After(limit):
		t.Fatalf("audit still running after %v", limit)
	}
	return 0, auditJSON{}, ""
}

// signature is what a user acts on: every step's status, every finding's
// code, severity and records, and the summary counts.
func faultSignature(a auditJSON) string {
	var b strings.Builder
	fmt.Fprintf(&b, "errors=%d warnings=%d entitled=%d ready=%d employees=%d\n",
		a.Summary.Errors, a.Summary.Warnings, a.Summary.EntitledContracts, a.Summary.ReadyContracts, a.Summary.ReadyEmployees)
	for _, s := range a.Steps {
		fmt.Fprintf(&b, "%s %s\n", s.Step, s.Status)
		for _, f := range s.Findings {
			var recs []string
			for _, r := range f.Records {
				recs = append(recs, r.Table+"/"+r.ID)
			}
			slices.Sort(recs)
			fmt.Fprintf(&b, "  %s %s %s\n", f.Code, f.Severity, strings.Join(recs, ","))
		}
	}
	return b.String()
}

func findingCodes(a auditJSON) []string {
	var out []string
	for _, s := range a.Steps {
		for _, f := range s.Findings {
			out = append(out, f.Code)
		}
	}
	return out
}

func (w *faultWorld) assertNoWrites(t *testing.T) {
	t.Helper()
	if st := w.sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
		t.Errorf("the audit wrote to IXC: %+v", st)
	}
}

// clean is the reference run with no fault.
func (w *faultWorld) clean(t *testing.T) string {
	t.Helper()
	w.sim.SetFaults(ixcsim.Faults{})
	code, a, _ := w.audit(t, time.Minute)
	if code != ExitFindings || a.Summary.EntitledContracts == 0 || a.Summary.Errors == 0 {
		t.Fatalf("clean run: exit %d, %s", code, faultSignature(a))
	}
	for _, s := range a.Steps {
		if s.Status == "skipped" {
			t.Fatalf("clean run skipped %s:\n%s", s.Step, faultSignature(a))
		}
	}
	return faultSignature(a)
}

// TestFaultMatrixTransient: faults the client absorbs. Every run must give
// exactly the clean run's findings.
func TestFaultMatrixTransient(t *testing.T) {
	fastBackoff(t)
	w := newFaultWorld(t)
	want := w.clean(t)
	cases := []struct {
		name   string
		faults ixcsim.Faults
		runs   int
	}{
		{"latency spikes (Jitter 80ms)", ixcsim.Faults{Latency: 5 * time.Millisecond, Jitter: 80 * time.Millisecond}, 2},
		{"504 above 200 rows", ixcsim.Faults{Max504Rows: 200}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for i := 0; i < c.runs; i++ {
				w.sim.SetFaults(c.faults)
				w.sim.ResetStats()
				code, a, _ := w.audit(t, 90*time.Second)
				if got := faultSignature(a); code != ExitFindings || got != want {
					t.Fatalf("run %d: exit %d\n got:\n%s\nwant:\n%s", i+1, code, got, want)
				}
				w.assertNoWrites(t)
				if c.faults.Max504Rows > 0 && w.sim.Stats().Errors == 0 {
					t.Fatal("no 504 was served: the fault did not bite")
				}
			}
		})
	}
}

// TestFaultMatrixFlaky: faults that hit a fraction of the requests at
// random. The client retries reads (5 retries with backoff, made fast
// here), so nearly
// every run gives the clean findings; a run where one request failed four
// times in a row must end with exit 3 and IXC_UNREACHABLE — never with a
// different set of findings (no false TABLE_DENIED, no skipped step
// reported as fine).
func TestFaultMatrixFlaky(t *testing.T) {
	fastBackoff(t)
	w := newFaultWorld(t)
	want := w.clean(t)
	cases := []struct {
		name   string
		faults ixcsim.Faults
		runs   int
	}{
		{"5xx at ErrorRate 0.3", ixcsim.Faults{ErrorRate: 0.3}, 6},
		{"dropped connections at DropRate 0.2", ixcsim.Faults{DropRate: 0.2}, 6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			same, exit3, served := 0, 0, int64(0)
			for i := 0; i < c.runs; i++ {
				w.sim.SetFaults(c.faults)
				w.sim.ResetStats()
				code, a, _ := w.audit(t, 90*time.Second)
				got := faultSignature(a)
				switch {
				case code == ExitFindings && got == want:
					same++
				case code == ExitIXC && slices.Equal(findingCodes(a), []string{"IXC_UNREACHABLE"}):
					exit3++
				default:
					t.Fatalf("run %d: exit %d, findings differ from the clean run\n got:\n%s\nwant:\n%s", i+1, code, got, want)
				}
				served += w.sim.Stats().Errors
				w.assertNoWrites(t)
			}
			t.Logf("%s: %d runs, %d same findings as clean, %d exit 3, %d faults served", c.name, c.runs, same, exit3, served)
			if served == 0 {
				t.Fatal("no fault was served: the fault did not bite")
			}
			if same < c.runs/2 {
				t.Fatalf("only %d of %d runs gave the clean findings", same, c.runs)
			}
		})
	}
}

// TestFaultMatrixDown: IXC down for a while, then back: the audit's reads
// retry for longer than that, so it gives the clean findings. Down for
// longer than the retries last: exit 3 with IXC_UNREACHABLE, every other
// step skipped; once IXC is back, the next run gives the clean findings.
// The backoff is scaled down tenfold (RetryBase 20 ms, RetryCap 300 ms: 5
// retries wait 0.5 to 1 s in all, where the real 200 ms / 3 s wait 3 to
// 6 s), and the outages with it: 200 ms, then 2.5 s.
func TestFaultMatrixDown(t *testing.T) {
	withTuning(t, func(o *ixc.Options) { o.RetryBase, o.RetryCap = 20*time.Millisecond, 300*time.Millisecond })
	w := newFaultWorld(t)
	want := w.clean(t)

	w.sim.SetFaults(ixcsim.Faults{DownFor: 200 * time.Millisecond})
	w.sim.ResetStats()
	code, a, _ := w.audit(t, time.Minute)
	if got := faultSignature(a); code != ExitFindings || got != want {
		t.Fatalf("down for 200 ms: exit %d\n got:\n%s\nwant:\n%s", code, got, want)
	}
	if w.sim.Stats().Errors == 0 {
		t.Fatal("no connection was dropped: the fault did not bite")
	}

	const long = 2500 * time.Millisecond
	w.sim.SetFaults(ixcsim.Faults{DownFor: long})
	start := time.Now()
	code, a, _ = w.audit(t, time.Minute)
	if code != ExitIXC || !slices.Equal(findingCodes(a), []string{"IXC_UNREACHABLE"}) {
		t.Fatalf("while down: exit %d\n%s", code, faultSignature(a))
	}
	for _, s := range a.Steps[1:] {
		if s.Status != "skipped" {
			t.Fatalf("step %s ran while IXC was down", s.Step)
		}
	}
	if d := time.Since(start); d > long {
		t.Fatalf("the audit waited %v for a server that stayed down", d)
	}
	time.Sleep(time.Until(start.Add(long + 100*time.Millisecond)))
	code, a, _ = w.audit(t, time.Minute)
	if got := faultSignature(a); code != ExitFindings || got != want {
		t.Fatalf("after IXC came back: exit %d\n got:\n%s\nwant:\n%s", code, got, want)
	}
	w.assertNoWrites(t)
}

// afterRequests runs change once the simulator has served n requests
// (counted from now), from another goroutine, while the audit runs.
func afterRequests(t *testing.T, sim *ixcsim.Sim, n int64, change func()) *atomic.Bool {
	t.Helper()
	sim.ResetStats()
	fired := &atomic.Bool{}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if sim.Stats().Requests >= n {
					// Before the change: the audit may see it and end
					// before this goroutine runs again.
					fired.Store(true)
					change()
					return
				}
			}
		}
	}()
	t.Cleanup(func() { cancel(); <-done })
	return fired
}

// TestFaultMatrixTokenRevokedMidRun: the token's user is made inactive
// after the connection probe has passed: the audit ends with
// TOKEN_REJECTED and exit 3, the remaining steps skipped.
func TestFaultMatrixTokenRevokedMidRun(t *testing.T) {
	w := newFaultWorld(t)
	w.clean(t)
	// Latency keeps the audit running long enough for the change to land
	// between two of its requests.
	w.sim.SetFaults(ixcsim.Faults{Latency: 15 * time.Millisecond})
	fired := afterRequests(t, w.sim, 10, func() {
		w.sim.SetUser(ixcsim.User{ID: "77", Name: "Integração LevEduca (faults)", Active: false})
	})
	code, a, _ := w.audit(t, time.Minute)
	if !fired.Load() {
		t.Fatal("the audit ended before the token was revoked")
	}
	if code != ExitIXC || a.Steps[0].Step != "token" || !slices.Contains(findingCodes(a), "TOKEN_REJECTED") {
		t.Fatalf("exit %d\n%s", code, faultSignature(a))
	}
	if a.Steps[0].Status != "error" || a.Steps[len(a.Steps)-1].Status != "skipped" {
		t.Fatalf("steps:\n%s", faultSignature(a))
	}
	w.assertNoWrites(t)
}

// TestFaultMatrixPermissionRemovedMidRun: the user loses the permission to
// list cliente (the auth step's table) after the connection probe: the
// audit must say so (TABLE_DENIED naming cliente), skip the auth step, and
// exit non-zero — an audit that could not look must not pass.
func TestFaultMatrixPermissionRemovedMidRun(t *testing.T) {
	w := newFaultWorld(t)
	w.clean(t)
	w.sim.SetFaults(ixcsim.Faults{Latency: 15 * time.Millisecond})
	all := ixcsim.Perm{List: true}
	perms := map[string]ixcsim.Perm{}
	for _, tb := range []string{"produtos", "unidades", "vd_contratos", "vd_contratos_produtos", "cliente_contrato", "cliente_contrato_servicos"} {
		perms[tb] = all
	}
	fired := afterRequests(t, w.sim, 10, func() {
		w.sim.SetUser(ixcsim.User{ID: "77", Name: "Integração LevEduca (faults)", Active: true, Perms: perms})
	})
	code, a, _ := w.audit(t, time.Minute)
	if !fired.Load() {
		t.Fatal("the audit ended before the permission was removed")
	}
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1\n%s", code, faultSignature(a))
	}
	var denied []string
	for _, f := range a.Steps[0].Findings {
		if f.Code == "TABLE_DENIED" {
			for _, r := range f.Records {
				denied = append(denied, r.Table)
			}
		}
	}
	if !slices.Contains(denied, "cliente") {
		t.Fatalf("no TABLE_DENIED naming cliente:\n%s", faultSignature(a))
	}
	if s := a.Steps[len(a.Steps)-1]; s.Step != "auth" || s.Status != "skipped" {
		t.Fatalf("auth step: %+v", s)
	}
	w.assertNoWrites(t)
}
