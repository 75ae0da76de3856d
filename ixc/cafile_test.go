package ixc

import (
	"bytes"
	"encoding/pem"
	"errors"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// New says which problem a CA certificate file has, as a *CAFileError
// naming the file, and accepts a file holding a certificate among other
// blocks.
func TestCAFileProblems(t *testing.T) {
	srv := httptest.NewTLSServer(nil)
	defer srv.Close()
	dir := t.TempDir()
	write := func(name string, body []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, body, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	key := pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: []byte("not really a key")})
	bad := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: []byte("rotten")})
	cases := []struct {
		name  string
		path  string
		want  CAProblem
		found string
	}{
		{"missing", filepath.Join(dir, "missing.pem"), CAMissing, ""},
		{"directory", dir, CADirectory, ""},
		{"empty", write("empty.pem", nil), CAEmpty, ""},
		{"blanks", write("blank.pem", []byte("\n \t\n")), CAEmpty, ""},
		{"not PEM", write("junk.pem", []byte("not a cert")), CANotPEM, ""},
		{"DER", write("ca.der", srv.Certificate().Raw), CANotPEM, ""},
		{"a key", write("key.pem", key), CANoCertificate, "EC PRIVATE KEY"},
		{"damaged", write("bad.pem", bad), CABadCertificate, ""},
		{"too large", write("big.pem", bytes.Repeat([]byte("A"), MaxCAFile+1)), CATooLarge, ""},
	}
	for _, tc := range cases {
		_, err := New(Options{BaseURL: srv.URL, Token: testToken(t), CACertFile: tc.path})
		var ce *CAFileError
		if !errors.As(err, &ce) {
			t.Errorf("%s: %v, want a *CAFileError", tc.name, err)
			continue
		}
		if ce.Problem != tc.want || ce.Path != tc.path || ce.Found != tc.found {
			t.Errorf("%s: problem %d path %q found %q, want %d %q %q", tc.name, ce.Problem, ce.Path, ce.Found, tc.want, tc.path, tc.found)
		}
		if !strings.Contains(err.Error(), tc.path) {
			t.Errorf("%s: %q does not name the file", tc.name, err)
		}
	}
	// A key, a damaged block and the certificate: the certificate is used.
	mixed := write("mixed.pem", append(append(key, bad...), cert...))
	c := newTestClient(t, srv.URL, func(o *Options) { o.CACertFile = mixed; o.MaxRetries = -1 })
	if _, err := c.Count(t.Context(), "cliente"); KindOf(err) == KindTLS {
		t.Fatalf("the certificate in a mixed file was not trusted: %v", err)
	}
}
