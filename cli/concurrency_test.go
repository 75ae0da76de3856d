package cli

import (
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// IXC_CONCURRENCY bounds the requests in flight to IXC: the audit against a
// sandbox that takes 5 ms per answer never has more than that many at once,
// and uses the default (4) without it.
func TestAuditConcurrencyFromEnv(t *testing.T) {
	sim := newDemoSim(demoConfig{Seed: 3, Contracts: 3000})
	var inFlight, peak atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
		}
		time.Sleep(5 * time.Millisecond)
		sim.ServeHTTP(w, r)
	}))
	defer srv.Close()
	prof := filepath.Join(t.TempDir(), "perfil.toml")
	body := "[ixc]\nurl = \"" + srv.URL + "/webservice/v1\"\n\n[[product]]\noffer = \"leveduca\"\nid = \"12\"\n\n[link]\nmethod = \"plan\"\nplans = [\"6\", \"7\"]\n\n[auth]\nmethod = \"hotsite\"\n"
	if err := os.WriteFile(prof, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		env  string
		want int64
	}{{"1", 1}, {"2", 2}, {"", 4}} {
		peak.Store(0)
		code, out, errOut := run(t, map[string]string{"IXC_TOKEN": sim.DemoToken(), "IXC_CONCURRENCY": c.env}, "audit", "--profile", prof, "--format", "json")
		if code != ExitFindings || !strings.Contains(out, `"entitled_contracts"`) {
			t.Fatalf("IXC_CONCURRENCY=%q: exit %d\n%s", c.env, code, errOut)
		}
		if got := peak.Load(); got != c.want {
			t.Errorf("IXC_CONCURRENCY=%q: %d requests in flight at most, want %d", c.env, got, c.want)
		}
	}
}

// A bad IXC_CONCURRENCY is an input error (exit 2) that names the variable,
// for the audit, apply and the wizard alike.
func TestBadConcurrencyIsAUsageError(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "perfil.toml")
	body := "[ixc]\nurl = \"http://127.0.0.1:1/webservice/v1\"\n\n[[product]]\noffer = \"leveduca\"\nid = \"12\"\n\n[link]\nmethod = \"plan\"\n\n[auth]\nmethod = \"hotsite\"\n"
	if err := os.WriteFile(prof, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"0", "17", "-1", "abc", "4.5"} {
		for _, args := range [][]string{{"audit", "--demo"}, {"--demo"}, {"apply", "--profile", prof, "--dry-run"}} {
			code, _, errOut := run(t, map[string]string{"IXC_CONCURRENCY": v}, args...)
			if code != ExitUsage || !strings.Contains(errOut, "IXC_CONCURRENCY") || !strings.Contains(errOut, "1 a 16") {
				t.Fatalf("%v with IXC_CONCURRENCY=%q: exit %d, stderr %q", args, v, code, errOut)
			}
		}
	}
}
