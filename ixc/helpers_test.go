package ixc

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// testHash is the secret used throughout the tests; it must never appear in
// any error string.
const (
	testUser = "42"
	testHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
)

func testToken(t testing.TB) Token {
	t.Helper()
	tok, err := ParseToken(testUser+":"+testHash, "")
	if err != nil {
		t.Fatalf("ParseToken: %v", err)
	}
	return tok
}

// newTestClient builds a client for srvURL with fast retries.
func newTestClient(t testing.TB, srvURL string, mod func(*Options)) *Client {
	t.Helper()
	opts := Options{BaseURL: srvURL, Token: testToken(t), Timeout: 5 * time.Second,
		RetryBase: time.Millisecond, RetryCap: 5 * time.Millisecond}
	if mod != nil {
		mod(&opts)
	}
	c, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// assertNoSecret fails if s carries the hash or the Basic credential in any
// form.
func assertNoSecret(t testing.TB, s string) {
	t.Helper()
	plain := testUser + ":" + testHash
	for _, bad := range []string{
		testHash, strings.ToUpper(testHash), testHash[:16], testHash[48:],
		base64.StdEncoding.EncodeToString([]byte(plain)),
		base64.RawURLEncoding.EncodeToString([]byte(plain)),
	} {
		if strings.Contains(s, bad) {
			t.Fatalf("secret leaked in %q", s)
		}
	}
}

// ixcServer serves fn behind a check of the Basic credential.
func ixcServer(t testing.TB, fn http.HandlerFunc) *httptest.Server {
	t.Helper()
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte(testUser+":"+testHash))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != want {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fn(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "text/x-json; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}
