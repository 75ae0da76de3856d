package cli

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

// A --ca-cert file that cannot be used is an input error (exit 2) said in
// the user's language, naming the file, for audit and apply alike: never
// the English text of os.Open or crypto/x509, and no request is sent.
func TestCACertFileProblems(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	key, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	keyPEM := string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	cases := []struct {
		name, file string
		pt, en     string
	}{
		{"missing", filepath.Join(dir, "nada.pem"),
			"O arquivo de certificado " + filepath.Join(dir, "nada.pem") + " (--ca-cert) não existe: confira o caminho.",
			"The certificate file " + filepath.Join(dir, "nada.pem") + " (--ca-cert) does not exist: check the path."},
		{"not PEM", write("junk.pem", "isto não é um certificado\n"),
			"O arquivo " + filepath.Join(dir, "junk.pem") + " (--ca-cert) não é um certificado PEM (um texto que começa com -----BEGIN CERTIFICATE-----)",
			"The file " + filepath.Join(dir, "junk.pem") + " (--ca-cert) is not a PEM certificate (a text that begins with -----BEGIN CERTIFICATE-----)"},
		{"empty", write("empty.pem", " \n"),
			"O arquivo de certificado " + filepath.Join(dir, "empty.pem") + " (--ca-cert) está vazio: exporte de novo o certificado da autoridade em formato PEM.",
			"The certificate file " + filepath.Join(dir, "empty.pem") + " (--ca-cert) is empty: export the authority's certificate again in PEM format."},
		{"a key", write("key.pem", keyPEM),
			"O arquivo " + filepath.Join(dir, "key.pem") + " (--ca-cert) não tem nenhum certificado (tem um bloco «PRIVATE KEY»)",
			"The file " + filepath.Join(dir, "key.pem") + " (--ca-cert) holds no certificate (it has a “PRIVATE KEY” block)"},
		{"damaged", write("bad.pem", "-----BEGIN CERTIFICATE-----\nMIIBcm90dGVu\n-----END CERTIFICATE-----\n"),
			"O certificado no arquivo " + filepath.Join(dir, "bad.pem") + " (--ca-cert) está corrompido ou incompleto",
			"The certificate in the file " + filepath.Join(dir, "bad.pem") + " (--ca-cert) is damaged or incomplete"},
		{"a directory", dir,
			dir + " (--ca-cert) é uma pasta: informe o arquivo PEM do certificado da autoridade.",
			dir + " (--ca-cert) is a directory: give the PEM file of the authority's certificate."},
		{"escapes in the name", filepath.Join(dir, "x\x1b]52;c;AAAA\x07y.pem"),
			"O arquivo de certificado " + filepath.Join(dir, "xy.pem") + " (--ca-cert) não existe",
			"The certificate file " + filepath.Join(dir, "xy.pem") + " (--ca-cert) does not exist"},
	}
	env := map[string]string{"IXC_TOKEN": "1:" + strings.Repeat("a", 64), "IXC_URL": srv.URL}
	prof := writeProfile(t, srv.URL)
	for _, tc := range cases {
		for _, cmd := range []string{"audit", "apply"} {
			for _, lang := range []string{"pt", "en"} {
				args := []string{cmd, "--profile", prof, "--ca-cert", tc.file, "--lang", lang}
				if cmd == "apply" {
					args = append(args, "--yes")
				}
				code, out, errOut := run(t, env, args...)
				want := tc.pt
				if lang == "en" {
					want = tc.en
				}
				if code != ExitUsage || !strings.Contains(errOut, want) {
					t.Errorf("%s, %s %s: exit %d, stderr %q\nwant exit %d and %q", tc.name, cmd, lang, code, errOut, ExitUsage, want)
				}
				goTexts := []string{"no such file", "open ", "x509:", "ixc:", "\x1b"}
				if lang == "pt" {
					goTexts = append(goTexts, "directory", "certificate file", "PEM block")
				}
				for _, goText := range goTexts {
					if strings.Contains(errOut+out, goText) {
						t.Errorf("%s, %s %s: Go's text %q in the output: %q", tc.name, cmd, lang, goText, errOut+out)
					}
				}
			}
		}
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("%d request(s) sent with an unusable --ca-cert", n)
	}
}
