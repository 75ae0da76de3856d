package cli

import (
	"bufio"
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
)

// Secret canaries: a distinctive token is used everywhere a token can go,
// and every byte the program writes is scanned for it in every form
// (the hash in either case, the Basic credential in every base64 variant,
// a long prefix of the hash).

const (
	canaryUser = "4242"
	canaryHash = "c0ffeec0de5eca1d0badcafe1eaf5bad00c0ffeec0de5eca1d0badcafe1eaf5b"
)

var canaryToken = canaryUser + ":" + canaryHash

// canaryForms are the strings that must never appear.
func canaryForms(user, hash string) []string {
	plain := []byte(user + ":" + hash)
	forms := []string{hash, strings.ToUpper(hash), hash[:24], hash[40:]}
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding, base64.RawURLEncoding} {
		b := enc.EncodeToString(plain)
		forms = append(forms, b, b[8:40])
	}
	return forms
}

// assertNoCanary fails if any form of the canary is in s.
func assertNoCanary(t *testing.T, where, s string, forms []string) {
	t.Helper()
	for _, f := range forms {
		if strings.Contains(s, f) {
			t.Fatalf("the token leaked into %s (%.10s…)", where, f)
		}
	}
}

// assertDirClean scans every file under dir.
func assertDirClean(t *testing.T, dir string, forms []string) int {
	t.Helper()
	n := 0
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		assertNoCanary(t, path, string(data), forms)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestCanaryAudit: the audit in every format, to stdout and to a file, in
// both languages, against a working IXC and against failing servers.
func TestCanaryAudit(t *testing.T) {
	fastBackoff(t) // the 500 server is retried: what leaks matters here, not how long the backoff waits
	sim, url, _ := startSim(t, 80)
	if got := sim.AddUser(ixcsim.User{ID: canaryUser, Name: "Canário", Active: true, Hash: canaryHash}); got != canaryToken {
		t.Fatalf("AddUser = %q", got)
	}
	t.Cleanup(func() { // after the parallel subtests, before the simulator closes
		if st := sim.Stats(); st.Requests == 0 || st.Inserts+st.Updates+st.Deletes != 0 {
			t.Errorf("audits: %+v", st)
		}
	})
	forms := canaryForms(canaryUser, canaryHash)
	b64 := base64.StdEncoding.EncodeToString([]byte(canaryToken))

	// Failing servers that echo back everything they received.
	echo := func(status int, ctype string) *httptest.Server {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			auth := r.Header.Get("Authorization")
			w.Header().Set("Content-Type", ctype)
			w.Header().Set("Location", "https://login.example.com/?auth="+auth)
			w.WriteHeader(status)
			if strings.Contains(ctype, "json") {
				_, _ = io.WriteString(w, `{"type":"error","message":"Token `+auth+` `+strings.TrimPrefix(auth, "Basic ")+` `+canaryHash+` inválido"}`)
				return
			}
			_, _ = io.WriteString(w, "<html><head><title>Erro "+auth+" "+canaryHash+"</title></head><body>"+auth+"</body></html>")
		}))
		t.Cleanup(srv.Close)
		return srv
	}
	tlsSim := ixcsim.New(ixcsim.Options{Seed: 3})
	tlsSim.AddUser(ixcsim.User{ID: canaryUser, Active: true, Hash: canaryHash})
	tlsURL, _, err := tlsSim.StartTLS("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = tlsSim.Close() })

	servers := []struct {
		name, url string
		code      int
		finding   string
	}{
		{"working IXC", url, ExitFindings, ""},
		{"401 echoing the header", echo(401, "text/x-json").URL, ExitIXC, "TOKEN_REJECTED"},
		{"200 error echoing the token", echo(200, "text/x-json").URL, ExitFindings, ""},
		{"HTML echoing the header", echo(200, "text/html").URL, ExitIXC, "IXC_NOT_IXC"},
		{"redirect with the header in Location", echo(302, "text/html").URL, ExitIXC, "IXC_NOT_IXC"},
		{"500 echoing the header", echo(500, "text/html").URL, ExitIXC, "IXC_UNREACHABLE"},
		{"TLS not trusted", tlsURL, ExitIXC, "IXC_TLS"},
	}
	tokens := map[string]string{"id:hash": canaryToken, "base64": b64, "Basic header": "Authorization: Basic " + b64}
	for _, s := range servers {
		t.Run(s.name, func(t *testing.T) {
			t.Parallel()
			prof := writeHostileProfile(t, "[ixc]\nurl = \""+s.url+"\"\ntoken_user = \""+canaryUser+"\"\n\n"+hostileProfile)
			for tname, tok := range tokens {
				if s.name != "working IXC" && tname != "id:hash" {
					continue
				}
				for _, format := range []string{"text", "json", "markdown"} {
					for _, lang := range []string{"pt", "en"} {
						if lang == "en" && s.name != "working IXC" {
							continue
						}
						out := filepath.Join(t.TempDir(), "relatorio."+format)
						env := map[string]string{"IXC_TOKEN": tok}
						code, stdout, stderr := runLimited(t, time.Minute, env, "audit", "--profile", prof, "--format", format, "--lang", lang)
						assertNoCanary(t, "stdout", stdout, forms)
						assertNoCanary(t, "stderr", stderr, forms)
						code2, stdout2, stderr2 := runLimited(t, time.Minute, env, "audit", "--profile", prof, "--format", format, "--lang", lang, "--out", out)
						assertNoCanary(t, "stdout", stdout2+stderr2, forms)
						if n := assertDirClean(t, filepath.Dir(out), forms); n != 1 {
							t.Fatalf("%d files written", n)
						}
						if code != s.code || code2 != s.code {
							t.Fatalf("%s/%s/%s: exit %d and %d, want %d\n%s%s", tname, format, lang, code, code2, s.code, stdout, stderr)
						}
						if s.finding != "" && !strings.Contains(stdout, s.finding) {
							t.Fatalf("%s: no %s in\n%s", format, s.finding, stdout)
						}
						// The profile is never rewritten with the token.
						assertDirClean(t, filepath.Dir(prof), forms)
					}
				}
			}
		})
	}
}

// TestCanaryTokenErrors: a malformed token that contains the secret is
// never echoed, whatever is wrong with it.
func TestCanaryTokenErrors(t *testing.T) {
	_, url, _ := startSim(t, 10)
	forms := canaryForms(canaryUser, canaryHash)
	prof := writeHostileProfile(t, "[ixc]\nurl = \""+url+"\"\ntoken_user = \"7\"\n\n"+hostileProfile)
	for _, tok := range []string{
		canaryToken,                                   // belongs to another user than token_user
		canaryUser + ":" + canaryHash + "ff",          // too long
		canaryUser + ":" + canaryHash[:60],            // too short
		canaryUser + "x:" + canaryHash,                // bad id
		canaryUser + ":" + canaryHash + "zz"[:1] + "", // 65 characters
		"Basic " + canaryHash,                         // not base64 of id:hash
		canaryHash,                                    // bare hash with another token_user: accepted as user 7
		canaryHash + ":" + canaryUser,                 // swapped
		strings.ReplaceAll(canaryToken, "c", "ç"),
	} {
		for _, format := range []string{"text", "json", "markdown"} {
			code, stdout, stderr := runLimited(t, time.Minute, map[string]string{"IXC_TOKEN": tok}, "audit", "--profile", prof, "--format", format)
			assertNoCanary(t, "output", stdout+stderr, forms)
			if code != ExitUsage && code != ExitIXC {
				t.Fatalf("%.12s…: exit %d", tok, code)
			}
		}
	}
	// Through IXC_URL too: a URL carrying the token as a password.
	code, stdout, stderr := runLimited(t, time.Minute, map[string]string{"IXC_TOKEN": canaryToken, "IXC_URL": "https://" + canaryUser + ":" + canaryHash + "@ixc.example.com"}, "audit", "--profile", prof)
	assertNoCanary(t, "output", stdout+stderr, forms)
	if code != ExitUsage {
		t.Fatalf("exit %d", code)
	}
}

// TestCanarySandbox runs the real sandbox binary: its first three lines
// carry the demo tokens by contract; nothing after them may, and an audit
// with the restricted token does not print it.
func TestCanarySandbox(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "ixc-leveduca")
	if out, err := exec.Command("go", "build", "-o", bin, "..").CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "sandbox", "--addr", "127.0.0.1:0", "--contracts", "40", "--seed", "11")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }()
	sc := bufio.NewScanner(stdout)
	var lines []string
	for len(lines) < 3 && sc.Scan() {
		lines = append(lines, sc.Text())
	}
	rest := make(chan string, 1)
	go func() {
		var b strings.Builder
		for sc.Scan() {
			b.WriteString(sc.Text() + "\n")
		}
		rest <- b.String()
	}()
	if len(lines) < 3 || !strings.HasPrefix(lines[2], "IXC_TOKEN_RESTRICTED=") {
		t.Fatalf("first lines: %q", lines)
	}
	url := strings.TrimPrefix(lines[0], "IXC_URL=")
	demo := strings.TrimPrefix(lines[1], "IXC_TOKEN=")
	restricted := strings.TrimPrefix(lines[2], "IXC_TOKEN_RESTRICTED=")
	ru, rh, _ := strings.Cut(restricted, ":")
	du, dh, _ := strings.Cut(demo, ":")
	if strings.Contains(lines[0]+lines[1], rh) || strings.Contains(lines[0], dh) {
		t.Fatalf("a token outside its line: %q", lines)
	}
	rforms, dforms := canaryForms(ru, rh), canaryForms(du, dh)

	prof := writeHostileProfile(t, "[ixc]\nurl = \""+url+"\"\n\n"+hostileProfile)
	for _, format := range []string{"text", "json", "markdown"} {
		code, out, errOut := runLimited(t, time.Minute, map[string]string{"IXC_TOKEN": restricted}, "audit", "--profile", prof, "--format", format)
		if code != ExitFindings || !strings.Contains(out, "TABLE_DENIED") {
			t.Fatalf("restricted audit: exit %d\n%s", code, out)
		}
		assertNoCanary(t, "the restricted audit", out+errOut, rforms)
		assertNoCanary(t, "the restricted audit", out+errOut, dforms)
	}
	// A usage error of the sandbox echoes no token.
	bad := exec.Command(bin, "sandbox", "--addr", "256.1.1.1:99999", "--seed", "11")
	badOut, _ := bad.CombinedOutput()
	if bad.ProcessState.ExitCode() == 0 {
		t.Fatalf("a bad --addr was accepted: %s", badOut)
	}
	if strings.Contains(string(badOut), "goroutine ") {
		t.Fatalf("stack trace: %s", badOut)
	}
	assertNoCanary(t, "the sandbox error", string(badOut), rforms)

	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		_ = cmd.Process.Kill()
	}
	_ = cmd.Wait()
	select {
	case r := <-rest:
		assertNoCanary(t, "the sandbox output after line 3", r+stderr.String(), rforms)
		assertNoCanary(t, "the sandbox output after line 3", r+stderr.String(), dforms)
	case <-time.After(10 * time.Second):
		t.Fatal("the sandbox did not stop")
	}
}
