//go:build unix

package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSandboxCommand runs the real binary as a user would: the first two
// lines are IXC_URL and IXC_TOKEN, the server answers like IXC, and SIGINT
// or SIGTERM end it with exit code 0.
func TestSandboxCommand(t *testing.T) {
	bin := buildBinary(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(bin, "sandbox", "--addr", "127.0.0.1:0", "--contracts", "50", "--seed", "9")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			defer func() { _ = cmd.Process.Kill() }()
			sc := bufio.NewScanner(stdout)
			var lines []string
			for len(lines) < 2 && sc.Scan() {
				lines = append(lines, sc.Text())
			}
			go func() {
				for sc.Scan() {
				}
			}()
			if len(lines) < 2 ||
				!regexp.MustCompile(`^IXC_URL=http://127\.0\.0\.1:\d+/webservice/v1$`).MatchString(lines[0]) ||
				!regexp.MustCompile(`^IXC_TOKEN=\d+:[0-9a-f]{64}$`).MatchString(lines[1]) {
				t.Fatalf("first lines = %q", lines)
			}
			url := strings.TrimPrefix(lines[0], "IXC_URL=")
			token := strings.TrimPrefix(lines[1], "IXC_TOKEN=")
			user, hash, _ := strings.Cut(token, ":")
			req, _ := http.NewRequest("GET", url+"/cliente_contrato", strings.NewReader(`{"qtype":"cliente_contrato.id","query":"0","oper":">","rp":"1"}`))
			req.Header.Set("ixcsoft", "listar")
			req.SetBasicAuth(user, hash)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			var page struct{ Total string }
			_ = json.NewDecoder(resp.Body).Decode(&page)
			resp.Body.Close()
			if resp.Header.Get("Content-Type") != "text/x-json; charset=utf-8" || page.Total != "50" {
				t.Fatalf("answer: %s total %q", resp.Header.Get("Content-Type"), page.Total)
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("exit after %v: %v", sig, err)
				}
			case <-time.After(10 * time.Second):
				t.Fatalf("still running 10 s after %v", sig)
			}
		})
	}
}

// buildBinary builds the program once per test run (the tests that run
// the real binary share it; each build took seconds on a loaded machine).
func buildBinary(t *testing.T) string {
	t.Helper()
	built.once.Do(func() {
		dir, err := os.MkdirTemp("", "ixc-leveduca-test-bin-")
		if err != nil {
			built.err = err
			return
		}
		built.dir = dir
		built.bin = filepath.Join(dir, "ixc-leveduca")
		if out, err := exec.Command("go", "build", "-o", built.bin, "..").CombinedOutput(); err != nil {
			built.err = fmt.Errorf("%v\n%s", err, out)
		}
	})
	if built.err != nil {
		t.Fatalf("build: %v", built.err)
	}
	return built.bin
}

// sandbox --tls serves HTTPS with a self-signed certificate whose PEM path
// it prints: audit fails with IXC_TLS without it (exit 3), passes with
// --ca-cert, and passes with --insecure and a visible warning.
func TestSandboxTLSEndToEnd(t *testing.T) {
	bin := buildBinary(t)
	cmd := exec.Command(bin, "sandbox", "--tls", "--addr", "127.0.0.1:0", "--contracts", "60")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() }()
	sc := bufio.NewScanner(stdout)
	env := map[string]string{}
	for len(env) < 4 && sc.Scan() {
		if k, v, ok := strings.Cut(sc.Text(), "="); ok {
			env[k] = v
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	if !strings.HasPrefix(env["IXC_URL"], "https://127.0.0.1:") || env["IXC_CA_CERT"] == "" {
		t.Fatalf("sandbox lines = %v", env)
	}
	prof := filepath.Join(t.TempDir(), "p.toml")
	_ = os.WriteFile(prof, []byte("[[product]]\noffer = \"leveduca\"\nid = \"12\"\n\n[link]\nmethod = \"plan\"\n\n[auth]\nmethod = \"hotsite\"\n"), 0o600)
	audit := func(args ...string) (int, string, string) {
		c := exec.Command(bin, append([]string{"audit", "--profile", prof, "--format", "json"}, args...)...)
		c.Env = append(os.Environ(), "IXC_URL="+env["IXC_URL"], "IXC_TOKEN="+env["IXC_TOKEN"])
		var o, e strings.Builder
		c.Stdout, c.Stderr = &o, &e
		err := c.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return code, o.String(), e.String()
	}
	if code, out, _ := audit(); code != ExitIXC || !strings.Contains(out, "IXC_TLS") {
		t.Errorf("without the CA: exit %d\n%s", code, out)
	}
	if code, out, _ := audit("--ca-cert", env["IXC_CA_CERT"]); code != ExitFindings || strings.Contains(out, "IXC_TLS") {
		t.Errorf("with --ca-cert: exit %d\n%s", code, out)
	}
	if code, _, errOut := audit("--insecure"); code != ExitFindings || !strings.Contains(errOut, "--insecure") {
		t.Errorf("with --insecure: exit %d, stderr %q", code, errOut)
	}
}

// sandbox --faults from the command line: at 5xx=0.5 some answers are
// IXC's red HTTP 500 and some are not; a bad spec is a usage error naming
// the item, in the user's language.
func TestSandboxFaultsFlag(t *testing.T) {
	code, out, errOut := run(t, nil, "sandbox", "--faults", "5xx=2", "--lang", "pt")
	if code != ExitUsage || out != "" || !strings.Contains(errOut, `--faults: "5xx=2": uma taxa é um número de 0 a 1`) {
		t.Fatalf("bad spec: exit %d %q %q", code, out, errOut)
	}
	code, _, errOut = run(t, nil, "sandbox", "--faults", "teapot=1", "--lang", "en")
	if code != ExitUsage || !strings.Contains(errOut, `unknown fault "teapot"`) {
		t.Fatalf("unknown key: exit %d %q", code, errOut)
	}

	bin := buildBinary(t)
	cmd := exec.Command(bin, "sandbox", "--addr", "127.0.0.1:0", "--contracts", "20", "--faults", "5xx=0.5,latency=1ms")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	sc := bufio.NewScanner(stdout)
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
		if strings.HasPrefix(sc.Text(), "# ") && strings.Contains(sc.Text(), "5xx=0.5") {
			break
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	if len(lines) < 2 {
		t.Fatalf("lines %q", lines)
	}
	url := strings.TrimPrefix(lines[0], "IXC_URL=")
	user, hash, _ := strings.Cut(strings.TrimPrefix(lines[1], "IXC_TOKEN="), ":")
	statuses := map[int]int{}
	for range 40 {
		req, _ := http.NewRequest("GET", url+"/cliente", strings.NewReader(`{"rp":"1"}`))
		req.Header.Set("ixcsoft", "listar")
		req.SetBasicAuth(user, hash)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		statuses[resp.StatusCode]++
	}
	if statuses[500] == 0 || statuses[200] == 0 {
		t.Fatalf("5xx=0.5 gave %v", statuses)
	}
}
