//go:build unix

package cli

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
)

// A profile of 3,000 nested inline tables (issue #14.6: 445 MB and 5.7 s
// before) and a profile that is a FIFO (it hung) each end with exit 2 and a
// message, as a real process. The 20 s limit only catches a hang; the
// memory bound is profile.TestDeepNestingAllocatesLittle (a child's peak
// RSS cannot be read apart from the test process's on Linux: vfork+exec
// carries the parent's high-water mark).
func TestHostileProfileFilesProcess(t *testing.T) {
	bin := buildBinary(t)
	dir := t.TempDir()
	deep := filepath.Join(dir, "deep.toml")
	doc := "[ixc]\nurl = \"https://ixc.example.com\"\na = " + strings.Repeat("{b = ", 3000) + "1" + strings.Repeat("}", 3000) + "\n"
	if err := os.WriteFile(deep, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.toml")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, path, want string
		args             []string
	}{
		{"nested", deep, "listas ou tabelas aninhadas em mais de 2 níveis", []string{"audit"}},
		{"nested apply", deep, "listas ou tabelas aninhadas em mais de 2 níveis", []string{"apply", "--yes"}},
		{"fifo", fifo, "não é um arquivo comum", []string{"audit"}},
		{"fifo apply", fifo, "não é um arquivo comum", []string{"apply", "--yes"}},
		{"device", "/dev/zero", "não é um arquivo comum", []string{"audit"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, bin, append(c.args, "--profile", c.path)...)
			cmd.Env = append(os.Environ(), "IXC_TOKEN=1:"+strings.Repeat("ab", 32), "IXC_URL=")
			var out, errb strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &errb
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatal("still running after 20 s")
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != ExitUsage {
				t.Fatalf("err %v, stdout %q, stderr %q; want exit 2", err, out.String(), errb.String())
			}
			if !strings.Contains(errb.String(), c.want) || !strings.Contains(errb.String(), c.path) {
				t.Fatalf("stderr %q; want %q and the path", errb.String(), c.want)
			}
		})
	}
}

// SIGTERM (or Ctrl+C) during an audit is "interrompido", exit 130 — not
// IXC_UNREACHABLE with "context canceled" — in every format.
func TestAuditInterruptedBySignal(t *testing.T) {
	bin := buildBinary(t)
	sim, _, prof := startSim(t, 300)
	sim.SetFaults(ixcsim.Faults{Latency: 300 * time.Millisecond})
	for _, c := range []struct {
		format string
		sig    syscall.Signal
	}{{"text", syscall.SIGTERM}, {"json", syscall.SIGINT}, {"markdown", syscall.SIGTERM}} {
		t.Run(c.format, func(t *testing.T) {
			before := sim.Stats().Requests
			cmd := exec.Command(bin, "audit", "--profile", prof, "--format", c.format)
			cmd.Env = append(os.Environ(), "IXC_TOKEN="+sim.DemoToken(), "IXC_URL=")
			var out, errb strings.Builder
			cmd.Stdout, cmd.Stderr = &out, &errb
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait until the audit is talking to IXC, then signal it.
			deadline := time.Now().Add(20 * time.Second)
			for sim.Stats().Requests == before && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			if err := cmd.Process.Signal(c.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != ExitInterrupted {
				t.Fatalf("err %v; want exit 130\nstdout %s\nstderr %s", err, out.String(), errb.String())
			}
			if !strings.Contains(errb.String(), "interrompido") || strings.Contains(out.String()+errb.String(), "IXC_UNREACHABLE") ||
				strings.Contains(out.String()+errb.String(), "context canceled") || out.String() != "" {
				t.Fatalf("stdout %q stderr %q", out.String(), errb.String())
			}
		})
	}
}
