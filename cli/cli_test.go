package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
)

// run calls Main with env as the whole environment.
func run(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	code = Main(args, IO{In: strings.NewReader(""), Out: &out, Err: &errb,
		Getenv: envOf(env), Environ: environ})
	return code, out.String(), errb.String()
}

type auditJSON struct {
	Schema      string `json:"schema"`
	GeneratedAt string `json:"generated_at"`
	Tool        struct {
		Name, Version string
	} `json:"tool"`
	IXC struct {
		URL       string `json:"url"`
		TokenUser string `json:"token_user"`
	} `json:"ixc"`
	OK      bool `json:"ok"`
	Summary struct {
		Errors, Warnings  int
		EntitledContracts int `json:"entitled_contracts"`
		ReadyContracts    int `json:"ready_contracts"`
		ReadyEmployees    int `json:"ready_employees"`
	} `json:"summary"`
	Steps []struct {
		Step     string `json:"step"`
		Status   string `json:"status"`
		Findings []struct {
			Code, Severity, Message, Hint string
			Records                       []struct{ Table, ID string }
		} `json:"findings"`
	} `json:"steps"`
}

func decodeAudit(t *testing.T, s string) auditJSON {
	t.Helper()
	var a auditJSON
	dec := json.NewDecoder(strings.NewReader(s))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil {
		t.Fatalf("audit JSON: %v\n%s", err, s)
	}
	if _, err := time.Parse(time.RFC3339, a.GeneratedAt); err != nil || a.Tool.Name != "ixc-leveduca" || a.Tool.Version == "" {
		t.Errorf("audit JSON: generated_at %q, tool %+v", a.GeneratedAt, a.Tool)
	}
	return a
}

func TestVersion(t *testing.T) {
	for _, args := range [][]string{{"--version"}, {"-version"}, {"version"}, {"--version", "--lang", "en"}} {
		code, out, errOut := run(t, nil, args...)
		if code != 0 || !strings.HasPrefix(out, "ixc-leveduca ") || errOut != "" {
			t.Fatalf("%v: code %d out %q err %q", args, code, out, errOut)
		}
		lines := strings.Split(strings.TrimSpace(out), "\n")
		if len(lines) != 4 || !strings.HasPrefix(lines[3], "go: go1.") {
			t.Fatalf("%v: %q", args, out)
		}
		rev := "revisão: "
		if len(args) > 1 {
			rev = "revision: "
		}
		if !strings.HasPrefix(lines[1], rev) {
			t.Fatalf("%v: no %q line: %q", args, rev, out)
		}
	}
}

// startSim serves a demo dataset and writes a profile pointing at it.
func startSim(t *testing.T, contracts int) (*ixcsim.Sim, string, string) {
	t.Helper()
	return startSimSeed(t, 3, contracts)
}

// startSimSeed is startSim with the dataset's seed.
func startSimSeed(t *testing.T, seed int64, contracts int) (*ixcsim.Sim, string, string) {
	t.Helper()
	sim := newDemoSim(demoConfig{Seed: seed, Contracts: contracts})
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	prof := filepath.Join(t.TempDir(), "perfil.toml")
	body := "[ixc]\nurl = \"" + url + "\"\n\n[[product]]\noffer = \"leveduca\"\nid = \"12\"\n\n[link]\nmethod = \"plan\"\n\n[auth]\nmethod = \"hotsite\"\n"
	if err := os.WriteFile(prof, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return sim, url, prof
}

func TestAuditDemoJSON(t *testing.T) {
	code, out, errOut := run(t, nil, "audit", "--demo", "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1; stderr %s", code, errOut)
	}
	a := decodeAudit(t, out)
	if a.Schema != "ixc-leveduca/audit/v1" || !strings.HasSuffix(a.IXC.URL, "/webservice/v1") || a.IXC.TokenUser != "1" || a.OK {
		t.Errorf("header = %+v", a)
	}
	var names []string
	errs := 0
	for _, s := range a.Steps {
		names = append(names, s.Step)
		for _, f := range s.Findings {
			if f.Severity == "error" {
				errs++
			}
			if f.Message == "" || f.Hint == "" {
				t.Errorf("%s without message or hint", f.Code)
			}
		}
	}
	if strings.Join(names, ",") != "token,product,link,auth" {
		t.Errorf("steps = %v", names)
	}
	if errs != a.Summary.Errors || errs == 0 || a.Summary.EntitledContracts == 0 {
		t.Errorf("summary = %+v, error findings %d", a.Summary, errs)
	}
}

func TestAuditAgainstSandbox(t *testing.T) {
	sim, _, prof := startSim(t, 300)
	token := sim.DemoToken()
	hash := token[strings.Index(token, ":")+1:]

	t.Run("text in English without colour", func(t *testing.T) {
		code, out, _ := run(t, map[string]string{"IXC_TOKEN": token, "NO_COLOR": "1"}, "audit", "--profile", prof, "--lang", "en")
		if code != ExitFindings {
			t.Fatalf("exit %d", code)
		}
		if strings.Contains(out, "\x1b[") || !strings.Contains(out, "IXC × LevEduca integration audit") {
			t.Errorf("output:\n%s", out)
		}
		for _, l := range strings.Split(out, "\n") {
			if n := len([]rune(l)); n > 80 {
				t.Errorf("line of %d columns: %q", n, l)
			}
		}
		if strings.Contains(out, hash) {
			t.Error("the token's hash was printed")
		}
	})
	t.Run("markdown to a file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "r.md")
		code, out, _ := run(t, map[string]string{"IXC_TOKEN": token}, "audit", "--profile", prof, "--format", "markdown", "--out", path)
		data, err := os.ReadFile(path)
		if code != ExitFindings || err != nil || out != "" || !bytes.HasPrefix(data, []byte("# Auditoria")) {
			t.Fatalf("exit %d err %v out %q file %q", code, err, out, data)
		}
	})
	t.Run("restricted token: TABLE_DENIED, exit 1", func(t *testing.T) {
		code, out, _ := run(t, map[string]string{"IXC_TOKEN": sim.RestrictedToken()}, "audit", "--profile", prof, "--format", "json")
		a := decodeAudit(t, out)
		if code != ExitFindings || a.Steps[0].Findings[0].Code != "TABLE_DENIED" {
			t.Fatalf("exit %d: %+v", code, a.Steps[0])
		}
	})
	t.Run("bad token: TOKEN_FORMAT, exit 2, report still printed", func(t *testing.T) {
		bad := "1:" + hash[:40]
		code, out, _ := run(t, map[string]string{"IXC_TOKEN": bad}, "audit", "--profile", prof, "--format", "json")
		a := decodeAudit(t, out)
		if code != ExitUsage || a.Steps[0].Findings[0].Code != "TOKEN_FORMAT" || a.Steps[1].Status != "skipped" {
			t.Fatalf("exit %d: %+v", code, a)
		}
		if strings.Contains(out, hash[:40]) {
			t.Error("the pasted secret was echoed")
		}
	})
	t.Run("no token", func(t *testing.T) {
		code, out, _ := run(t, nil, "audit", "--profile", prof, "--format", "json")
		if code != ExitUsage || !strings.Contains(out, "TOKEN_FORMAT") {
			t.Fatalf("exit %d out %s", code, out)
		}
	})
	t.Run("rejected token: exit 3", func(t *testing.T) {
		wrong := "1:" + strings.Repeat("ab", 32)
		code, out, _ := run(t, map[string]string{"IXC_TOKEN": wrong}, "audit", "--profile", prof, "--format", "json")
		if code != ExitIXC || !strings.Contains(out, "TOKEN_REJECTED") {
			t.Fatalf("exit %d out %s", code, out)
		}
	})
	t.Run("unreachable: exit 3", func(t *testing.T) {
		code, out, _ := run(t, map[string]string{"IXC_TOKEN": token, "IXC_URL": "http://127.0.0.1:1"}, "audit", "--profile", prof, "--format", "json")
		if code != ExitIXC || !strings.Contains(out, "IXC_UNREACHABLE") {
			t.Fatalf("exit %d out %s", code, out)
		}
	})
	if st := sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
		t.Errorf("audits wrote to IXC: %+v", st)
	}
}

func TestAuditUsageErrors(t *testing.T) {
	dir := t.TempDir()
	badProfile := filepath.Join(dir, "bad.toml")
	_ = os.WriteFile(badProfile, []byte("[link]\nmethod = \"plano\"\n"), 0o600)
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"no profile", []string{"audit"}, nil, "--profile"},
		{"bad format", []string{"audit", "--demo", "--format", "xml"}, nil, "--format"},
		{"unknown flag", []string{"audit", "--bogus"}, nil, "bogus"},
		{"missing file", []string{"audit", "--profile", filepath.Join(dir, "none.toml")}, nil, "none.toml"},
		{"bad enum", []string{"audit", "--profile", badProfile}, nil, "link.method"},
		{"bad url", []string{"audit", "--profile", badProfile}, map[string]string{"IXC_URL": "http://ixc.example.com"}, "link.method"},
		{"unknown command", []string{"frobnicate"}, nil, "frobnicate"},
		{"bad lang", []string{"audit", "--demo", "--lang", "fr"}, nil, "--lang"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, errOut := run(t, c.env, c.args...)
			if code != ExitUsage || !strings.Contains(errOut, c.want) {
				t.Fatalf("exit %d, stderr %q, want 2 naming %q", code, errOut, c.want)
			}
			if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, "panic") {
				t.Fatalf("stack trace: %s", errOut)
			}
		})
	}
}

func TestAuditPlainHTTPOnlyForLoopback(t *testing.T) {
	_, _, prof := startSim(t, 10)
	code, _, errOut := run(t, map[string]string{"IXC_TOKEN": "1:" + strings.Repeat("a", 64), "IXC_URL": "http://ixc.example.com"}, "audit", "--profile", prof)
	if code != ExitUsage || !strings.Contains(errOut, "https") {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
}

var _ = time.Second

// Without a terminal the wizard says what to use instead (exit 2), never
// Bubble Tea's own error.
func TestWizardWithoutTerminal(t *testing.T) {
	devnull, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer devnull.Close()
	var out, errb bytes.Buffer
	code := Main([]string{"--demo"}, IO{In: devnull, Out: &out, Err: &errb, Getenv: envOf(nil)})
	// On stderr: stdout may be a pipe meant for data.
	if code != ExitUsage || !strings.Contains(errb.String(), "--accessible") || out.Len() != 0 || strings.Contains(errb.String(), "bubbletea") {
		t.Fatalf("exit %d\nstdout %q\nstderr %q", code, out.String(), errb.String())
	}
}
