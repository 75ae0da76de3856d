package cli

import (
	"context"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
)

// withTuning adds fn to tuneClient for one test (after any tuning already
// set).
func withTuning(t *testing.T, fn func(*ixc.Options)) {
	t.Helper()
	old := tuneClient
	tuneClient = func(o *ixc.Options) {
		if old != nil {
			old(o)
		}
		fn(o)
	}
	t.Cleanup(func() { tuneClient = old })
}

// fastBackoff makes read retries wait milliseconds instead of the real
// 200 ms to 3 s: the fault tests prove that retries absorb faults, not how
// long the backoff is (ixc's tests cover that).
func fastBackoff(t *testing.T) {
	withTuning(t, func(o *ixc.Options) { o.RetryBase, o.RetryCap = time.Millisecond, 10*time.Millisecond })
}

// loopbackOnly is a dial hook for a test: names in hosts go to their
// loopback address, everything else is "no such host" (no packet leaves
// the machine, not even a DNS query).
func loopbackOnly(hosts map[string]string) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		if to, ok := hosts[addr]; ok {
			var d net.Dialer
			return d.DialContext(ctx, network, to)
		}
		host, _, _ := net.SplitHostPort(addr)
		return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
	}
}

func connProfile(t *testing.T, ixcURL string, extra string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "perfil.toml")
	body := "[ixc]\nurl = \"" + ixcURL + "\"\n" + extra + "\n[[product]]\noffer = \"leveduca\"\nid = \"12\"\n\n[link]\nmethod = \"plan\"\n\n[auth]\nmethod = \"hotsite\"\n"
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const clearTextPT = "o token do IXC atravessa a rede em texto aberto"

// Plain http to a host that is not loopback: refused naming --allow-http
// (exit 2, no request); with --allow-http (or allow_http = true) it is
// used, with a clear-text warning on stderr every run.
func TestAllowHTTP(t *testing.T) {
	sim, simURL, _ := startSim(t, 30)
	u, _ := url.Parse(simURL)
	withTuning(t, func(o *ixc.Options) {
		o.DialContext = loopbackOnly(map[string]string{"ixc.lan:80": u.Host})
	})
	env := map[string]string{"IXC_TOKEN": sim.DemoToken()}

	// Without the opt-in: exit 2, naming --allow-http, not --ca-cert/--insecure.
	prof := connProfile(t, "http://ixc.invalid", "")
	for _, lang := range []string{"pt", "en"} {
		code, out, errOut := run(t, env, "audit", "--profile", prof, "--lang", lang)
		if code != ExitUsage || out != "" || !strings.Contains(errOut, "--allow-http") ||
			strings.Contains(errOut, "--ca-cert") || strings.Contains(errOut, "--insecure") {
			t.Fatalf("%s: exit %d, stderr %q", lang, code, errOut)
		}
	}

	// With it, against a name that does not resolve: exit 3, IXC_UNREACHABLE, and the warning.
	code, out, errOut := run(t, env, "audit", "--profile", prof, "--allow-http", "--format", "json")
	a := decodeAudit(t, out)
	if code != ExitIXC || len(a.Steps) == 0 || len(a.Steps[0].Findings) == 0 || a.Steps[0].Findings[0].Code != "IXC_UNREACHABLE" {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, clearTextPT) || !strings.Contains(errOut, "ixc.invalid") {
		t.Fatalf("no clear-text warning: %q", errOut)
	}

	// A LAN name mapped onto the sandbox: the audit runs end to end over
	// plain http, opted in by the profile; the warning says so again.
	lan := connProfile(t, "http://ixc.lan", "allow_http = true\n")
	code, out, errOut = run(t, env, "audit", "--profile", lan, "--format", "json", "--lang", "en")
	a = decodeAudit(t, out)
	if code == ExitIXC || code == ExitUsage || a.IXC.URL != "http://ixc.lan/webservice/v1" {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(errOut, "the IXC token crosses the network in clear text") {
		t.Fatalf("no clear-text warning: %q", errOut)
	}
	// Loopback http stays allowed without a word.
	_, _, errOut = run(t, env, "audit", "--profile", connProfile(t, simURL, ""))
	if strings.Contains(errOut, clearTextPT) {
		t.Fatalf("a warning for loopback: %q", errOut)
	}
}

// silentServer accepts connections and never answers.
func silentServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "http://" + ln.Addr().String()
}

// An IXC that accepts the connection and never answers: the audit exits 3
// within the connection test's budget (scaled here to 1 s; the default is
// 20 s, proven in ixc/waits_test.go), saying it did not answer.
func TestAuditSilentServerEndsWithinBudget(t *testing.T) {
	withTuning(t, func(o *ixc.Options) {
		o.ProbeBudget = time.Second
		o.RetryBase, o.RetryCap = time.Millisecond, 5*time.Millisecond
	})
	prof := connProfile(t, silentServer(t), "")
	start := time.Now()
	code, out, errOut := runLimited(t, 30*time.Second, map[string]string{"IXC_TOKEN": "1:" + strings.Repeat("a", 64)}, "audit", "--profile", prof)
	if took := time.Since(start); code != ExitIXC || took > 15*time.Second {
		t.Fatalf("exit %d after %s\n%s\n%s", code, took, out, errOut)
	}
	if !strings.Contains(out, "IXC_UNREACHABLE") || !strings.Contains(out, "não respondeu ao teste de conexão em 1 s") {
		t.Fatalf("report:\n%s", out)
	}
}

// A closed port is reported at once, without retries.
func TestAuditClosedPortFailsFast(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	prof := connProfile(t, "http://"+addr, "")
	start := time.Now()
	code, out, _ := runLimited(t, 30*time.Second, map[string]string{"IXC_TOKEN": "1:" + strings.Repeat("a", 64)}, "audit", "--profile", prof)
	if code != ExitIXC || !strings.Contains(out, "conexão recusada") {
		t.Fatalf("exit %d\n%s", code, out)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Fatalf("a closed port took %s", took)
	}
}

// The wizard with --allow-http and a LAN address says on stderr, before it
// opens, that the token crosses the network in clear text.
func TestWizardWarnsOfPlainHTTP(t *testing.T) {
	_, _, errOut := runLimited(t, 30*time.Second, map[string]string{"IXC_URL": "http://192.168.0.10"}, "--accessible", "--allow-http")
	if !strings.Contains(errOut, clearTextPT) || !strings.Contains(errOut, "192.168.0.10") {
		t.Fatalf("stderr %q", errOut)
	}
	_, _, errOut = runLimited(t, 30*time.Second, map[string]string{"IXC_URL": "http://127.0.0.1:8990"}, "--accessible", "--allow-http")
	if strings.Contains(errOut, clearTextPT) {
		t.Fatalf("a warning for loopback: %q", errOut)
	}
}
