//go:build unix

package cli

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/journal"
)

// Killing apply (SIGKILL: no deferred code, no goodbye) at 20 points
// spread over a run, then running it again, leaves IXC exactly as one
// clean run does: no duplicate row, no half-written record, and every
// journal still reads.
func TestApplyKilledAnywhereThenRerunConverges(t *testing.T) {
	bin := buildBinary(t)

	clean := newApplyWorld(t)
	before := clean.sim.Stats().Requests
	if code, out, errOut := runBinary(t, bin, clean, 0); code != 0 && code != ExitFindings {
		t.Fatalf("clean apply: exit %d\n%s\n%s", code, out, errOut)
	}
	total := int(clean.sim.Stats().Requests - before)
	want := stateOf(clean)
	if len(clean.products()) != 1 {
		t.Fatalf("clean run products = %v", clean.products())
	}

	const kills = 20
	for i := range kills {
		k := 1 + i*(total-2)/kills // deterministic kill points across the run
		t.Run(fmt.Sprintf("kill_after_%d_of_%d", k, total), func(t *testing.T) {
			w := newApplyWorld(t)
			code, _, _ := runBinary(t, bin, w, k)
			if code != -int(syscall.SIGKILL) {
				t.Fatalf("apply was not killed at exchange %d (exit %d)", k, code)
			}
			if code, out, errOut := runBinary(t, bin, w, 0); code != 0 && code != ExitFindings {
				t.Fatalf("re-run: exit %d\n%s\n%s", code, out, errOut)
			}
			if got := stateOf(w); got != want {
				t.Errorf("IXC after kill at %d + re-run differs from a clean run:\n%s\nwant\n%s", k, got, want)
			}
			for _, j := range w.journals() {
				if _, _, err := journal.Read(j); err != nil {
					t.Errorf("journal %s unreadable: %v", j, err)
				}
			}
		})
	}
}

// runBinary runs `apply --yes` on w's profile; killAfter > 0 makes the
// process SIGKILL itself after that many HTTP exchanges. The exit code is
// minus the signal when a signal ended it.
func runBinary(t *testing.T, bin string, w *applyWorld, killAfter int) (int, string, string) {
	t.Helper()
	cmd := exec.Command(bin, "apply", "--yes", "--profile", w.prof)
	cmd.Dir = w.dir
	cmd.Env = append(os.Environ(), "IXC_TOKEN="+w.env["IXC_TOKEN"], "IXC_URL=")
	if killAfter > 0 {
		cmd.Env = append(cmd.Env, fmt.Sprintf("IXC_LEVEDUCA_TEST_KILL_AFTER=%d", killAfter))
	}
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return -int(ws.Signal()), out.String(), errb.String()
		}
		return ee.ExitCode(), out.String(), errb.String()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0, out.String(), errb.String()
}
