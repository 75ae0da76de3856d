package cli

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/version"
)

// Every command's help: stdout, exit 0, in the user's language (--lang,
// IXC_LEVEDUCA_LANG, pt by default), with an example and the exit codes.
func TestHelpEveryCommand(t *testing.T) {
	type lang struct {
		name  string
		args  []string
		env   map[string]string
		words []string
	}
	langs := []lang{
		{"pt default", nil, nil, []string{"Uso:", "Exemplos:", "Códigos de saída:", "mostra esta ajuda"}},
		{"en flag", []string{"--lang", "en"}, nil, []string{"Usage:", "Examples:", "Exit codes:", "show this help"}},
		{"en flag=", []string{"--lang=en"}, nil, []string{"Usage:", "Examples:", "Exit codes:"}},
		{"en env", nil, map[string]string{"IXC_LEVEDUCA_LANG": "en"}, []string{"Usage:", "Examples:", "Exit codes:"}},
		{"pt flag over en env", []string{"--lang", "pt"}, map[string]string{"IXC_LEVEDUCA_LANG": "en"}, []string{"Uso:", "Exemplos:"}},
	}
	cmds := [][]string{{}, {"audit"}, {"apply"}, {"undo"}, {"sandbox"}, {"completion"}}
	for _, l := range langs {
		for _, cmd := range cmds {
			for _, h := range []string{"--help", "-h"} {
				args := append(append(append([]string{}, cmd...), l.args...), h)
				code, out, errOut := run(t, l.env, args...)
				if code != ExitOK || errOut != "" {
					t.Fatalf("%s %v: exit %d stderr %q", l.name, args, code, errOut)
				}
				for _, w := range l.words {
					if !strings.Contains(out, w) {
						t.Errorf("%s %v: no %q in\n%s", l.name, args, w, out)
					}
				}
				name := "ixc-leveduca"
				if len(cmd) > 0 {
					name += " " + cmd[0]
				}
				if !strings.Contains(out, "  "+name) {
					t.Errorf("%s %v: no example of %q", l.name, args, name)
				}
			}
		}
	}
	// `help COMMAND` too, and help never mixes the languages' titles.
	code, out, _ := run(t, nil, "help", "apply", "--lang", "en")
	if code != ExitOK || !strings.Contains(out, "--yes") || strings.Contains(out, "Uso:") || !strings.Contains(out, "apply --profile") {
		t.Fatalf("help apply: %d\n%s", code, out)
	}
	code, _, errOut := run(t, nil, "help", "frobnicate")
	if code != ExitUsage || !strings.Contains(errOut, "frobnicate") {
		t.Fatalf("help of an unknown command: %d %q", code, errOut)
	}
	// The flags' descriptions follow the language.
	_, out, _ = run(t, nil, "audit", "--help")
	if !strings.Contains(out, "--profile ARQUIVO") || !strings.Contains(out, "--token-stdin") || strings.Contains(out, "(default") {
		t.Errorf("audit help flags:\n%s", out)
	}
}

func TestCompletion(t *testing.T) {
	for shell, marker := range map[string]string{
		"bash": "bash completion", "zsh": "#compdef ixc-leveduca", "fish": "complete -c ixc-leveduca", "powershell": "Register-ArgumentCompleter",
	} {
		code, out, errOut := run(t, nil, "completion", shell)
		if code != ExitOK || !strings.Contains(out, marker) || errOut != "" {
			t.Errorf("%s: exit %d, %d bytes, stderr %q", shell, code, len(out), errOut)
		}
	}
	for _, args := range [][]string{{"completion"}, {"completion", "tcsh"}, {"completion", "bash", "zsh"}} {
		if code, _, errOut := run(t, nil, args...); code != ExitUsage || !strings.Contains(errOut, "powershell") {
			t.Errorf("%v: exit %d stderr %q", args, code, errOut)
		}
	}
	// The completion engine itself answers (what the scripts call).
	code, out, _ := run(t, nil, "__complete", "audit", "--format", "")
	if code != ExitOK || !strings.Contains(out, "json") || !strings.Contains(out, "markdown") {
		t.Fatalf("__complete: %d %q", code, out)
	}
}

// Both --flag value and --flag=value, and the old single-dash spelling.
func TestFlagForms(t *testing.T) {
	for _, args := range [][]string{
		{"audit", "--demo", "--format", "json", "--lang", "en"},
		{"audit", "--demo", "--format=json", "--lang=en"},
		{"audit", "-demo", "-format=json", "-lang", "en"},
		{"--lang", "en", "audit", "--format", "json", "--demo"},
	} {
		code, out, errOut := run(t, nil, args...)
		if code != ExitFindings {
			t.Fatalf("%v: exit %d stderr %q", args, code, errOut)
		}
		a := decodeAudit(t, out)
		if a.Steps[1].Findings[0].Message == "" || !strings.Contains(out, `"severity"`) {
			t.Fatalf("%v: %s", args, out)
		}
	}
	// Parse errors: exit 2, on stderr, in the user's language.
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"audit", "--bogus"}, "opção desconhecida: --bogus"},
		{[]string{"audit", "--bogus", "--lang", "en"}, "unknown flag: --bogus"},
		{[]string{"audit", "--profile"}, "--profile"},
		{[]string{"sandbox", "--contracts", "x"}, `valor inválido "x" para --contracts`},
		{[]string{"audit", "extra"}, `argumento inesperado: "extra"`},
		{[]string{"--lang", "fr"}, "--lang"},
		{[]string{"undo"}, "ARQUIVO_DIARIO"},
	} {
		code, out, errOut := run(t, nil, c.args...)
		if code != ExitUsage || out != "" || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d stdout %q stderr %q, want 2 naming %q", c.args, code, out, errOut, c.want)
		}
	}
}

// A panic becomes a message in the user's language and exit 3, never a Go
// stack trace, and never the token.
func TestPanicIsAnInternalError(t *testing.T) {
	beforeRunHook = func(string) { panic("boom 1:" + strings.Repeat("ab", 32)) }
	defer func() { beforeRunHook = nil }()
	for _, c := range []struct{ lang, want string }{{"pt", "erro interno"}, {"en", "internal program error"}} {
		code, out, errOut := run(t, map[string]string{"IXC_TOKEN": "1:" + strings.Repeat("ab", 32)}, "audit", "--demo", "--lang", c.lang)
		if code != ExitIXC || out != "" || !strings.Contains(errOut, c.want) || !strings.Contains(errOut, "boom") {
			t.Fatalf("%s: exit %d stdout %q stderr %q", c.lang, code, out, errOut)
		}
		if strings.Contains(errOut, "goroutine") || strings.Contains(errOut, ".go:") || strings.Contains(errOut, "abababab") {
			t.Fatalf("stack trace or token: %s", errOut)
		}
	}
}

func TestTokenStdin(t *testing.T) {
	sim, _, prof := startSim(t, 50)
	token := sim.DemoToken()
	hash := token[strings.Index(token, ":")+1:]

	// The first line of stdin is the token; the report is as with IXC_TOKEN.
	code, out, errOut := runIn(t, nil, token+"\r\n", "audit", "--profile", prof, "--format", "json", "--token-stdin")
	a := decodeAudit(t, out)
	if code != ExitFindings || a.Steps[0].Status != "ok" || strings.Contains(out+errOut, hash) {
		t.Fatalf("exit %d: %+v %s", code, a.Steps[0], errOut)
	}
	// IXC_TOKEN wins: stdin is not read for it.
	code, out, _ = runIn(t, map[string]string{"IXC_TOKEN": token}, "not a token\n", "audit", "--profile", prof, "--format", "json", "--token-stdin")
	if a := decodeAudit(t, out); code != ExitFindings || a.Steps[0].Status != "ok" {
		t.Fatalf("IXC_TOKEN and --token-stdin: exit %d %+v", code, a.Steps[0])
	}
	// An empty stdin: TOKEN_FORMAT naming the three ways, exit 2.
	code, out, _ = runIn(t, nil, "", "audit", "--profile", prof, "--format", "json", "--token-stdin", "--lang", "en")
	if code != ExitUsage || !strings.Contains(out, "TOKEN_FORMAT") {
		t.Fatalf("empty stdin: exit %d %s", code, out)
	}
	// apply reads the token first, then the answers to its questions.
	code, _, errOut = runIn(t, nil, token+"\nn\n", "apply", "--profile", prof, "--token-stdin")
	if code != ExitOK && code != ExitFindings {
		t.Fatalf("apply --token-stdin: exit %d %s", code, errOut)
	}
	if strings.Contains(errOut, "IXC_TOKEN") {
		t.Fatalf("apply --token-stdin asked for a token: %s", errOut)
	}
}

// Without a token, not on a terminal and without --token-stdin: exit 2,
// and the message names the three ways to give one.
func TestNoTokenNamesTheThreeWays(t *testing.T) {
	_, _, prof := startSim(t, 10)
	for _, c := range []struct {
		args  []string
		where func(out, errOut string) string
	}{
		{[]string{"audit", "--profile", prof, "--format", "json"}, func(out, _ string) string { return out }},
		{[]string{"audit", "--profile", prof}, func(out, _ string) string { return out }},
		{[]string{"apply", "--profile", prof, "--yes"}, func(_, errOut string) string { return errOut }},
	} {
		code, out, errOut := run(t, nil, c.args...)
		text := c.where(out, errOut)
		if code != ExitUsage || !strings.Contains(text, "IXC_TOKEN") || !strings.Contains(text, "--token-stdin") || !strings.Contains(text, "terminal") {
			t.Errorf("%v: exit %d\nstdout %s\nstderr %s", c.args, code, out, errOut)
		}
	}
}

// Requests to IXC carry the program's version in the User-Agent.
func TestUserAgentHasVersion(t *testing.T) {
	_, _, prof := startSim(t, 10)
	var mu sync.Mutex
	var agents []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		agents = append(agents, r.Header.Get("User-Agent"))
		mu.Unlock()
		http.NotFound(w, r)
	}))
	defer srv.Close()
	code, _, _ := run(t, map[string]string{"IXC_TOKEN": "1:" + strings.Repeat("ab", 32), "IXC_URL": srv.URL}, "audit", "--profile", prof)
	mu.Lock()
	defer mu.Unlock()
	if code != ExitIXC || len(agents) == 0 {
		t.Fatalf("exit %d, %d requests", code, len(agents))
	}
	for _, ua := range agents {
		if ua != version.UserAgent() {
			t.Fatalf("User-Agent %q, want %q", ua, version.UserAgent())
		}
	}
}
