package cli

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
)

// Hostile input: what a technician may type or paste, and what a server that
// is not (quite) IXC may answer. Every case asserts the exit code, a message
// that says what is wrong and how to fix it in the user's language, and no
// stack trace; no case may hang.

// runLimited is run with a deadline.
func runLimited(t *testing.T, limit time.Duration, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	type res struct {
		code        int
		out, errOut string
	}
	done := make(chan res, 1)
	go func() {
		code, out, errOut := run(t, env, args...)
		done <- res{code, out, errOut}
	}()
	select {
	case r := <-done:
		for _, bad := range []string{"panic", "goroutine ", "runtime."} {
			if strings.Contains(r.out+r.errOut, bad) {
				t.Fatalf("%q in the output:\n%s\n%s", bad, r.out, r.errOut)
			}
		}
		return r.code, r.out, r.errOut
	case <-time.After(limit):
		t.Fatalf("still running after %v: %v", limit, args)
	}
	return 0, "", ""
}

func writeHostileProfile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "perfil.toml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

const hostileProfile = "[[product]]\noffer = \"leveduca\"\nid = \"12\"\n\n[link]\nmethod = \"plan\"\n\n[auth]\nmethod = \"hotsite\"\n"

// TestHostileURLs: an unusable address is exit 2 with the reason in the
// user's language and where to fix it; an address that normalizes is used
// as normalized (checked through the report of an empty token, which needs
// no network).
func TestHostileURLs(t *testing.T) {
	prof := writeHostileProfile(t, hostileProfile)
	bad := []struct {
		url    string
		pt, en string // substrings of the message
	}{
		{"htps://ixc.provedor.com.br", `o esquema "htps" não é aceito; use https://`, `the scheme "htps" is not supported; use https://`},
		{"ixc..com", `o nome "ixc..com" não é válido`, `the host name "ixc..com" is not valid`},
		{"https://ixc.provedor.com.br:0", "a porta não é válida; use um número entre 1 e 65535", "the port is not valid; use a number between 1 and 65535"},
		{"ixc.provedor.com.br:99999", "a porta não é válida", "the port is not valid"},
		{"https://ixc.provedor.com.br:", "falta a porta depois de ':'", "the port after ':' is missing"},
		{"https://ixc.provedor.com.br/webservice/v1/cliente", `remova "/cliente" depois de /webservice/v1`, `remove "/cliente" after /webservice/v1`},
		{"https://ixc.provedor.com.br/app/login", `caminho inesperado "/app/login"`, `unexpected path "/app/login"`},
		{"https://ixc provedor.com.br", "o endereço contém espaços; remova-os", "the address contains spaces; remove them"},
		{"javascript:alert(1)", "o endereço está malformado; escreva-o como https://", "the address is malformed; write it as https://"},
		{"http://ixc.provedor.com.br", "http sem criptografia não é permitido", "plain http is not allowed"},
		{"https://admin:s3nh4@ixc.provedor.com.br", `remova a parte "usuário:senha@"`, `remove the "user:password@" part`},
		{"https://0.0.0.0", "não é o de um servidor", "is not a server address"},
		{"https://999.1.1.1", "não é um endereço IP válido", "is not a valid IP address"},
		{"https://ixc.provedor.com.br/?token=x", `remova a parte "?…"`, `remove the "?…" part`},
		{"https://☃\u200b.com", "não valem num nome de domínio", "not valid in a domain name"},
		{"https://" + strings.Repeat("a", 300) + ".com", "longo demais", "too long"},
		{"ftp:ixc", "malformado", "malformed"},
		{"https://ixc\t.com", "espaços", "spaces"},
	}
	for _, c := range bad {
		t.Run("bad "+c.url[:min(len(c.url), 40)], func(t *testing.T) {
			for _, lang := range []string{"pt", "en"} {
				code, out, errOut := runLimited(t, 10*time.Second, map[string]string{"IXC_URL": c.url, "IXC_TOKEN": "1:" + strings.Repeat("a", 64)},
					"audit", "--profile", prof, "--lang", lang)
				want, fix := c.pt, "Corrija url em [ixc] no perfil ou a variável IXC_URL"
				if lang == "en" {
					want, fix = c.en, "Fix url in [ixc] of the profile or the IXC_URL variable"
				}
				if code != ExitUsage || out != "" || !strings.Contains(errOut, want) || !strings.Contains(errOut, fix) {
					t.Fatalf("%s: exit %d, stdout %q, stderr %q; want 2 and %q", lang, code, out, errOut, want)
				}
				if strings.Contains(errOut, "s3nh4") {
					t.Fatalf("the password in the URL was echoed: %s", errOut)
				}
				if lang == "pt" && regexp.MustCompile(`\b(the|is not|remove|use a number)\b`).MatchString(errOut) {
					t.Errorf("English in the Portuguese message: %s", errOut)
				}
			}
		})
	}

	good := []struct{ url, want string }{
		{"ixc.provedor.com.br", "https://ixc.provedor.com.br/webservice/v1"},
		{"  IXC.Provedor.com.br/  ", "https://ixc.provedor.com.br/webservice/v1"},
		{"10.0.0.7", "https://10.0.0.7/webservice/v1"},
		{"10.0.0.7:8443", "https://10.0.0.7:8443/webservice/v1"},
		{"https://ixc.provedor.com.br:443/adm.php", "https://ixc.provedor.com.br/webservice/v1"},
		{"https://ixc.provedor.com.br/webservice/v1/", "https://ixc.provedor.com.br/webservice/v1"},
		{"https://ixç.provedor.com.br", "https://xn--ix-5ia.provedor.com.br/webservice/v1"},
		{"https://[2001:db8::1]:8443", "https://[2001:db8::1]:8443/webservice/v1"},
		{"http://localhost:8990", "http://localhost:8990/webservice/v1"},
	}
	for _, c := range good {
		t.Run("good "+c.url, func(t *testing.T) {
			code, out, errOut := runLimited(t, 10*time.Second, map[string]string{"IXC_URL": c.url}, "audit", "--profile", prof, "--format", "json")
			if code != ExitUsage || errOut != "" {
				t.Fatalf("exit %d stderr %q", code, errOut)
			}
			if a := decodeAudit(t, out); a.IXC.URL != c.want || a.Steps[0].Findings[0].Code != "TOKEN_FORMAT" {
				t.Fatalf("url %q, want %q (%+v)", a.IXC.URL, c.want, a.Steps[0])
			}
		})
	}

	t.Run("URL from the profile", func(t *testing.T) {
		p := writeHostileProfile(t, "[ixc]\nurl = \"htps://ixc.provedor.com.br\"\n\n"+hostileProfile)
		code, _, errOut := runLimited(t, 10*time.Second, nil, "audit", "--profile", p)
		if code != ExitUsage || !strings.Contains(errOut, `o esquema "htps" não é aceito`) {
			t.Fatalf("exit %d stderr %q", code, errOut)
		}
	})
}

// TestHostileTokens: what people paste into IXC_TOKEN, against a live
// simulator.
func TestHostileTokens(t *testing.T) {
	sim, url, _ := startSim(t, 60)
	token := sim.DemoToken()
	user, hash, _ := strings.Cut(token, ":")
	prof := writeHostileProfile(t, "[ixc]\nurl = \""+url+"\"\ntoken_user = \"1\"\n\n"+hostileProfile)
	garbage := strings.Repeat("Zq9!x", 2048) // 10 KB
	cases := []struct {
		name  string
		token string
		code  int
		finding,
		pt, en string
	}{
		{"truncated", token[:len(token)-10], ExitUsage, "TOKEN_FORMAT", "o hash tem 54 caracteres em vez de 64", "the hash has 54 characters instead of 64"},
		{"empty", "", ExitUsage, "TOKEN_FORMAT", "Nenhum token informado: defina a variável IXC_TOKEN", "No token given: set the IXC_TOKEN variable"},
		{"blank", " \t\n", ExitUsage, "TOKEN_FORMAT", "Nenhum token informado", "No token given"},
		{"only colon", ":", ExitUsage, "TOKEN_FORMAT", "falta o id do usuário antes de ':'", "there is no user id before ':'"},
		{"no hash", "1:", ExitUsage, "TOKEN_FORMAT", "falta o hash depois de ':'", "there is no hash after ':'"},
		{"letters in id", "um:" + hash, ExitUsage, "TOKEN_FORMAT", "o id do usuário antes de ':' deve ter só dígitos", "the user id before ':' must contain only digits"},
		{"not hex", "1:" + strings.Repeat("g", 64), ExitUsage, "TOKEN_FORMAT", "o hash deve ter só caracteres hexadecimais", "the hash must contain only hex characters"},
		{"wrong id vs token_user", "5:" + hash, ExitUsage, "TOKEN_FORMAT", "o token é do usuário 5, mas o id de usuário informado é 1", "the token belongs to user 5 but the user id given is 1"},
		{"10 KB of garbage", garbage, ExitUsage, "TOKEN_FORMAT", "o token não está numa forma conhecida", "the token is not in a known form"},
		{"Basic with nothing", "Basic ", ExitUsage, "TOKEN_FORMAT", "cole o token como id:hash", "paste the token as id:hash"},
		{"Basic not base64", "Basic ###", ExitUsage, "TOKEN_FORMAT", "não é o base64 de id:hash", "is not the base64 of id:hash"},
		{"wrong hash", user + ":" + strings.Repeat("ab", 32), ExitIXC, "TOKEN_REJECTED", "O IXC recusou o token", "IXC rejected the token"},
		// Pasted with the usual damage: still the right token.
		{"spaces and newlines", " " + user + " :\n" + hash[:32] + "\r\n" + hash[32:] + " \n", ExitFindings, "", "", ""},
		{"base64", base64.StdEncoding.EncodeToString([]byte(token)), ExitFindings, "", "", ""},
		{"Authorization header", "Authorization: Basic " + base64.StdEncoding.EncodeToString([]byte(token)), ExitFindings, "", "", ""},
		{"quoted upper case", "'" + user + ":" + strings.ToUpper(hash) + "'", ExitFindings, "", "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, lang := range []string{"pt", "en"} {
				env := map[string]string{"IXC_TOKEN": c.token}
				code, out, errOut := runLimited(t, 30*time.Second, env, "audit", "--profile", prof, "--format", "json", "--lang", lang)
				if code != c.code {
					t.Fatalf("%s: exit %d, want %d\n%s%s", lang, code, c.code, out, errOut)
				}
				a := decodeAudit(t, out)
				if c.finding != "" {
					f := a.Steps[0].Findings[0]
					want := c.pt
					if lang == "en" {
						want = c.en
					}
					if f.Code != c.finding || !strings.Contains(f.Message, want) || f.Hint == "" {
						t.Fatalf("%s: %+v, want %s saying %q", lang, f, c.finding, want)
					}
					if lang == "pt" && regexp.MustCompile(`\b(the|is not|paste|instead)\b`).MatchString(f.Message) {
						t.Errorf("English in the Portuguese message: %s", f.Message)
					}
				}
				for _, secret := range []string{hash, hash[:16], garbage[:40], strings.ToUpper(hash)} {
					if strings.Contains(out+errOut, secret) {
						t.Fatalf("the pasted token (%.8s…) was echoed", secret)
					}
				}
				if len(out) > 64<<10 {
					t.Fatalf("a report of %d bytes for a bad token", len(out))
				}
			}
		})
	}
	if st := sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
		t.Errorf("audits wrote to IXC: %+v", st)
	}
}

// TestHostileProfiles: malformed profile files are exit 2 with the file,
// the place and the problem named; the audit never starts.
func TestHostileProfiles(t *testing.T) {
	good := "[ixc]\nurl = \"https://ixc.provedor.com.br\"\n\n" + hostileProfile
	cases := []struct {
		name   string
		data   []byte
		pt, en string
	}{
		{"binary garbage", bytes.Repeat([]byte{0, 0xff, 0x13, 0x88, 'a'}, 200), "erro de sintaxe TOML na linha 1, coluna 1", "TOML syntax error at line 1, column 1"},
		{"UTF-16", []byte("\xff\xfe[\x00i\x00x\x00c\x00]\x00"), "erro de sintaxe TOML na linha 1", "TOML syntax error at line 1"},
		{"invalid UTF-8", []byte("[ixc]\nurl = \"https://ixc\xc3\x28.com\"\n"), "erro de sintaxe TOML na linha 2", "TOML syntax error at line 2"},
		{"NUL in a string", []byte("[ixc]\nurl = \"https://x\x00.com\"\n"), "linha 2", "line 2"},
		{"huge", append([]byte(good), bytes.Repeat([]byte("# comentário\n"), 1<<20)...), "o perfil tem", "the profile is"},
		{"url is a number", []byte("[ixc]\nurl = 5\n"), "ixc.url: deve ser um texto entre aspas, não um número inteiro", "ixc.url: must be"},
		{"url is a date", []byte("[ixc]\nurl = 1979-05-27\n"), "não uma data", "ixc.url"},
		{"product as a table", []byte("[product]\noffer = \"leveduca\"\n"), "cada produto é um bloco [[product]]", "each product is a [[product]] block"},
		{"ixc as an array", []byte("[[ixc]]\nurl = \"a\"\n"), "ixc: deve ser uma seção [ixc]", "ixc: must be a [ixc] section"},
		{"id is a float", []byte("[[product]]\noffer = \"leveduca\"\nid = 12.5\n"), "product[0].id", "product[0].id"},
		{"id is negative", []byte("[[product]]\noffer = \"leveduca\"\nid = -3\n"), "product[0].id", "product[0].id"},
		{"plans is a string", []byte("[link]\nmethod = \"plan\"\nplans = \"12\"\n"), "link.plans: deve ser uma lista", "link.plans"},
		{"plans mixed types", []byte("[link]\nmethod = \"plan\"\nplans = [\"12\", 13, true]\n"), "link.plans[2]", "link.plans[2]"},
		{"duplicate table", []byte("[ixc]\nurl = \"a\"\n[ixc]\nurl = \"b\"\n"), "linha 3", "line 3"},
		{"duplicate key", []byte("[ixc]\nurl = \"a\"\nurl = \"b\"\n"), "linha 3", "line 3"},
		{"deep nesting", []byte("[ixc]\nurl = " + strings.Repeat("[", 100000) + "\n"), "linha 2: listas ou tabelas aninhadas em mais de 2 níveis", "line 2: lists or tables nested more than 2 levels"},
		{"3,000 nested inline tables", []byte("[ixc]\nurl = \"https://x.com\"\na = " + strings.Repeat("{b = ", 3000) + "1" + strings.Repeat("}", 3000) + "\n"), "linha 3: listas ou tabelas aninhadas", "line 3: lists or tables nested"},
		{"token in the profile", []byte("[ixc]\nurl = \"https://x.com\"\ntoken = \"1:" + strings.Repeat("ab", 32) + "\"\n"), "o token nunca fica no perfil", "ixc.token"},
		{"unknown enum", []byte("[link]\nmethod = \"plano\"\n"), "link.method", "link.method"},
		{"unknown section", []byte("[ixcc]\nurl = \"x\"\n"), "ixcc", "ixcc"},
	}
	dir := t.TempDir()
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := filepath.Join(dir, "p"+strconv.Itoa(i)+".toml")
			if err := os.WriteFile(p, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, lang := range []string{"pt", "en"} {
				code, out, errOut := runLimited(t, 20*time.Second, map[string]string{"IXC_TOKEN": "1:" + strings.Repeat("ab", 32)}, "audit", "--profile", p, "--lang", lang)
				want := c.pt
				if lang == "en" {
					want = c.en
				}
				if code != ExitUsage || out != "" || !strings.Contains(errOut, want) || !strings.Contains(errOut, p) {
					t.Fatalf("%s: exit %d, stdout %q, stderr %q; want 2 naming the file and %q", lang, code, out, errOut, want)
				}
				if strings.Contains(errOut, strings.Repeat("ab", 32)) {
					t.Fatal("the token in the profile was echoed")
				}
				if len(errOut) > 2000 {
					t.Fatalf("a message of %d bytes", len(errOut))
				}
			}
		})
	}
	t.Run("directory", func(t *testing.T) {
		code, _, errOut := runLimited(t, 5*time.Second, nil, "audit", "--profile", dir)
		if code != ExitUsage || !strings.Contains(errOut, "não foi possível ler o perfil") {
			t.Fatalf("exit %d stderr %q", code, errOut)
		}
	})
	// Accepted: BOM and CRLF, as Windows editors write them.
	for name, data := range map[string]string{"BOM": "\ufeff" + good, "CRLF": strings.ReplaceAll(good, "\n", "\r\n")} {
		t.Run(name, func(t *testing.T) {
			p := writeHostileProfile(t, data)
			code, out, errOut := runLimited(t, 5*time.Second, nil, "audit", "--profile", p, "--format", "json")
			if code != ExitUsage || errOut != "" || decodeAudit(t, out).IXC.URL != "https://ixc.provedor.com.br/webservice/v1" {
				t.Fatalf("exit %d stderr %q out %s", code, errOut, out)
			}
		})
	}
}

// ---- IXC answers ----

// tamper serves the simulator through edit: edit gets the table and the
// simulator's answer (status, body) and returns what to send instead
// (status 0: drop the answer and send raw bytes via the ResponseWriter
// itself, already done by edit).
type tamper func(w http.ResponseWriter, r *http.Request, table string, status int, body []byte) (int, []byte)

func tamperedSim(t *testing.T, edit tamper) (*ixcsim.Sim, string) {
	t.Helper()
	sim := newDemoSim(demoConfig{Seed: 3, Contracts: 1500})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(raw))
		r = r.WithContext(context.WithValue(r.Context(), bodyKey{}, raw))
		rec := httptest.NewRecorder()
		sim.ServeHTTP(rec, r)
		table := strings.TrimPrefix(r.URL.Path, "/webservice/v1/")
		status, body := edit(w, r, table, rec.Code, rec.Body.Bytes())
		if status == 0 {
			return
		}
		ct := rec.Header().Get("Content-Type")
		if ct == "" {
			ct = "text/x-json; charset=utf-8"
		}
		w.Header().Set("Content-Type", ct)
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}))
	t.Cleanup(srv.Close)
	return sim, srv.URL + "/webservice/v1"
}

type bodyKey struct{}

// reqBody is the body of a request to a tamperedSim.
func reqBody(r *http.Request) []byte {
	b, _ := r.Context().Value(bodyKey{}).([]byte)
	return b
}

// editRows rewrites every row of a list answer of table with fn.
func editRows(body []byte, fn func(map[string]any)) []byte {
	var env map[string]any
	if json.Unmarshal(body, &env) != nil {
		return body
	}
	if regs, ok := env["registros"].([]any); ok {
		for _, r := range regs {
			if m, ok := r.(map[string]any); ok {
				fn(m)
			}
		}
	}
	out, _ := json.Marshal(env)
	return out
}

func editEnvelope(body []byte, fn func(map[string]any)) []byte {
	var env map[string]any
	if json.Unmarshal(body, &env) != nil {
		return body
	}
	fn(env)
	out, _ := json.Marshal(env)
	return out
}

func auditTampered(t *testing.T, edit tamper, limit time.Duration) (int, auditJSON, *ixcsim.Sim) {
	t.Helper()
	sim, url := tamperedSim(t, edit)
	prof := writeHostileProfile(t, "[ixc]\nurl = \""+url+"\"\n\n"+hostileProfile)
	code, out, errOut := runLimited(t, limit, map[string]string{"IXC_TOKEN": sim.DemoToken()}, "audit", "--profile", prof, "--format", "json")
	if errOut != "" {
		t.Errorf("stderr: %s", errOut)
	}
	if st := sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
		t.Errorf("the audit wrote to IXC: %+v", st)
	}
	return code, decodeAudit(t, out), sim
}

// TestHostileAnswers: servers standing in for IXC that answer wrongly. A
// server that is not IXC is exit 3 with IXC_NOT_IXC; data IXC could send
// (numbers, nulls, odd enums, zero dates) is read without a crash; answers
// that would make the audit page forever end it with a finding.
func TestHostileAnswers(t *testing.T) {
	fastBackoff(t)
	_, clean, _ := func() (int, auditJSON, *ixcsim.Sim) {
		return auditTampered(t, func(_ http.ResponseWriter, _ *http.Request, _ string, s int, b []byte) (int, []byte) { return s, b }, time.Minute)
	}()
	want := faultSignature(clean)
	if clean.Summary.EntitledContracts == 0 {
		t.Fatalf("clean run: %s", want)
	}

	notIXC := []struct {
		name string
		edit tamper
		msg  string
	}{
		{"HTML login page", func(_ http.ResponseWriter, _ *http.Request, _ string, _ int, _ []byte) (int, []byte) {
			return 200, []byte("<!DOCTYPE html><html><head><title>IXC Provedor - Login</title></head><body><form>…</form></body></html>")
		}, "Login"},
		{"truncated JSON", func(_ http.ResponseWriter, _ *http.Request, _ string, s int, b []byte) (int, []byte) {
			return s, b[:len(b)/2]
		}, ""},
		{"50 MB body", func(_ http.ResponseWriter, _ *http.Request, _ string, _ int, _ []byte) (int, []byte) {
			return 200, append([]byte(`{"page":"1","total":"1","registros":[{"id":"`), bytes.Repeat([]byte("x"), 50<<20)...)
		}, ""},
		{"registros a number", func(_ http.ResponseWriter, _ *http.Request, _ string, _ int, _ []byte) (int, []byte) {
			return 200, []byte(`{"page":"1","total":"3","registros":42}`)
		}, "registros"},
		{"total a word", func(_ http.ResponseWriter, _ *http.Request, _ string, _ int, _ []byte) (int, []byte) {
			return 200, []byte(`{"page":"1","total":"muitos","registros":[]}`)
		}, "total"},
		{"JSON without envelope", func(_ http.ResponseWriter, _ *http.Request, _ string, _ int, _ []byte) (int, []byte) {
			return 200, []byte(`{"status":"ok","data":[]}`)
		}, ""},
		{"plain 404", func(_ http.ResponseWriter, _ *http.Request, _ string, _ int, _ []byte) (int, []byte) {
			return 404, []byte("404 page not found")
		}, ""},
	}
	for _, c := range notIXC {
		t.Run(c.name, func(t *testing.T) {
			code, a, _ := auditTampered(t, c.edit, time.Minute)
			if code != ExitIXC || !slices.Equal(findingCodes(a), []string{"IXC_NOT_IXC"}) {
				t.Fatalf("exit %d\n%s", code, faultSignature(a))
			}
			if f := a.Steps[0].Findings[0]; !strings.Contains(f.Message, c.msg) || f.Hint == "" {
				t.Fatalf("finding %+v lacks %q", f, c.msg)
			}
		})
	}

	// IXC sends every value as a string, but clients must survive the
	// variants: the same findings as the clean run.
	same := []struct {
		name string
		edit tamper
	}{
		{"numbers everywhere", func(_ http.ResponseWriter, _ *http.Request, _ string, s int, b []byte) (int, []byte) {
			b = editEnvelope(b, func(env map[string]any) {
				for _, k := range []string{"page", "total"} {
					if v, ok := env[k].(string); ok {
						n, _ := strconv.Atoi(v)
						env[k] = n
					}
				}
			})
			return s, editRows(b, func(m map[string]any) {
				for k, v := range m {
					if sv, ok := v.(string); ok && smallNumber.MatchString(sv) {
						m[k], _ = strconv.Atoi(sv)
					}
				}
			})
		}},
		{"total larger than the rows", func(_ http.ResponseWriter, _ *http.Request, table string, s int, b []byte) (int, []byte) {
			return s, editEnvelope(b, func(env map[string]any) {
				if v, ok := env["total"].(string); ok && v != "0" && v != "1" {
					n, _ := strconv.Atoi(v)
					env["total"] = strconv.Itoa(n + 3000)
				}
			})
		}},
	}
	for _, c := range same {
		t.Run(c.name, func(t *testing.T) {
			code, a, _ := auditTampered(t, c.edit, time.Minute)
			if got := faultSignature(a); code != ExitFindings || got != want {
				t.Fatalf("exit %d\n got:\n%s\nwant:\n%s", code, got, want)
			}
		})
	}

	// Data that changes the findings, but must not crash or stop the audit.
	odd := []struct {
		name string
		edit tamper
	}{
		{"nulls for empty values", func(_ http.ResponseWriter, _ *http.Request, _ string, s int, b []byte) (int, []byte) {
			return s, editRows(b, func(m map[string]any) {
				for k, v := range m {
					if v == "" || v == "0" {
						m[k] = nil
					}
				}
			})
		}},
		{"unknown enum values", func(_ http.ResponseWriter, _ *http.Request, _ string, s int, b []byte) (int, []byte) {
			return s, editRows(b, func(m map[string]any) {
				for _, k := range []string{"status", "status_internet", "ativo", "tipo", "Ativo", "movimentacao", "controla_estoque", "tipo_pessoa", "hotsite_acesso"} {
					if _, ok := m[k]; ok {
						m[k] = "Ω?"
					}
				}
			})
		}},
		{"0000-00-00 dates", func(_ http.ResponseWriter, _ *http.Request, _ string, s int, b []byte) (int, []byte) {
			return s, editRows(b, func(m map[string]any) {
				for k := range m {
					if strings.HasPrefix(k, "data") || strings.HasPrefix(k, "dt_") {
						m[k] = "0000-00-00"
					}
				}
			})
		}},
		{"registros an object", func(_ http.ResponseWriter, _ *http.Request, table string, s int, b []byte) (int, []byte) {
			if table != "cliente" {
				return s, b
			}
			return s, editEnvelope(b, func(env map[string]any) {
				if regs, ok := env["registros"].([]any); ok && len(regs) > 0 {
					env["registros"] = regs[0]
					env["total"] = "1"
				}
			})
		}},
	}
	for _, c := range odd {
		t.Run(c.name, func(t *testing.T) {
			code, a, _ := auditTampered(t, c.edit, time.Minute)
			if code != ExitFindings && code != ExitOK {
				t.Fatalf("exit %d\n%s", code, faultSignature(a))
			}
			for _, s := range a.Steps {
				if s.Status == "skipped" {
					t.Fatalf("step %s skipped:\n%s", s.Step, faultSignature(a))
				}
			}
		})
	}

	// A server that pages forever: the same page whatever page is asked.
	loop := []struct {
		name string
		edit tamper
	}{
		{"same page forever, huge total", func(_ http.ResponseWriter, r *http.Request, table string, s int, b []byte) (int, []byte) {
			return s, editEnvelope(b, func(env map[string]any) {
				if table == "cliente" {
					env["page"], env["total"] = "1", "900000000"
				}
			})
		}},
		{"same page forever, no total", func(_ http.ResponseWriter, r *http.Request, table string, s int, b []byte) (int, []byte) {
			if table != "cliente" {
				return s, b
			}
			var q struct{ Page, RP string }
			_ = json.NewDecoder(bytes.NewReader(reqBody(r))).Decode(&q)
			rp, _ := strconv.Atoi(q.RP)
			rows := make([]map[string]string, rp)
			for i := range rows {
				rows[i] = map[string]string{"id": strconv.Itoa(i + 1), "razao": "Loop", "cnpj_cpf": "", "hotsite_email": "", "senha": "", "ativo": "S"}
			}
			out, _ := json.Marshal(map[string]any{"page": q.Page, "registros": rows})
			return s, out
		}},
	}
	for _, c := range loop {
		t.Run(c.name, func(t *testing.T) {
			code, a, sim := auditTampered(t, c.edit, time.Minute)
			if code != ExitIXC || !slices.Contains(findingCodes(a), "IXC_NOT_IXC") {
				t.Fatalf("exit %d\n%s", code, faultSignature(a))
			}
			if n := sim.Stats().Requests; n > 100 {
				t.Fatalf("%d requests before giving up", n)
			}
		})
	}
}

// smallNumber is a string the "numbers everywhere" answer sends as a JSON number.
var smallNumber = regexp.MustCompile(`^(0|[1-9][0-9]{0,8})$`)
