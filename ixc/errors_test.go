package ixc

import (
	"context"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const redDiv = `<div style="margin:40px; padding:30px; background:#FF0000; border:1px solid #000; color:#FFF; font-weight:bold; font-family:Arial, Helvetica, sans-serif; font-size:12px; text-align:center">Ocorreu um erro ao processar. Contate o suporte IXC Soft.</div>`

// countingClient returns a client on a server answering with fn, and a
// pointer to the number of requests served.
func fixedServer(t *testing.T, status int, ctype, body string) (*Client, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if ctype != "" {
			w.Header().Set("Content-Type", ctype)
		}
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
	return newTestClient(t, srv.URL, nil), &n
}

func asError(t *testing.T, err error) *Error {
	t.Helper()
	if err == nil {
		t.Fatal("expected an error")
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T (%v) is not *Error", err, err)
	}
	assertNoSecret(t, err.Error())
	return e
}

func TestErrorKindsOverHTTP(t *testing.T) {
	const xjson = "text/x-json; charset=utf-8"
	cases := []struct {
		name        string
		status      int
		ctype, body string
		kind        Kind
		msg         string // substring of Message
		requests    int64  // exchanges expected (retries)
	}{
		{"401 html", 401, "text/html", "<html><body>Authorization Requested</body></html>", KindTokenRejected, "", 1},
		{"403", 403, xjson, `{"type":"error","message":"Token inv\u00e1lido"}`, KindTokenRejected, "Token inválido", 1},
		{"ip not allowed", 200, xjson, `{"type":"error","message":"Seu IP n\u00e3o est\u00e1 liberado para efetuar login!"}`, KindIPNotAllowed, "Seu IP não está liberado", 1},
		{"resource unavailable", 200, xjson, `{"type":"error","message":"Recurso rad n\u00e3o est\u00e1 dispon\u00edvel!"}`, KindResourceUnavailable, "Recurso rad não está disponível!", 1},
		{"permission", 200, xjson, `{"type":"error","message":"Usu\u00e1rio sem PERMISS\u00c3O para listar neste formul\u00e1rio<br />"}`, KindPermissionDenied, "Usuário sem PERMISSÃO para listar neste formulário", 1},
		{"no access", 200, xjson, `{"type":"error","message":"Voc\u00ea n\u00e3o tem acesso a este formul\u00e1rio"}`, KindPermissionDenied, "não tem acesso", 1},
		{"business", 200, xjson, `{"type":"error","message":"Saida j\u00e1 est\u00e1 finalizada!"}`, KindBusiness, "Saida já está finalizada!", 1},
		{"processing 200", 200, "text/html", redDiv, KindProcessing, "Ocorreu um erro ao processar. Contate o suporte IXC Soft.", 1},
		{"processing 500 latin1", 500, "text/html; charset=ISO-8859-1", "<div style=\"color:#FFF\">Ocorreu um erro ao processar a requisi\xe7\xe3o</div>", KindProcessing, "processar a requisição", 1},
		// MySQL's "latin1" is Windows-1252: 0x93/0x94 are curly quotes, 0x80 the euro.
		{"business cp1252", 200, "text/x-json; charset=ISO-8859-1", "{\"type\":\"error\",\"message\":\"O plano \x93B\xe1sico\x94 custa \x8010\"}", KindBusiness, "O plano “Básico” custa €10", 1},
		{"html page", 200, "text/html", "<html><head><title>Login</title></head><body>x</body></html>", KindNotIXC, "Login", 1},
		{"404", 404, "text/html", "<h1>Not Found</h1>", KindNotIXC, "", 1},
		{"plain text", 200, "text/plain", "hello", KindNotIXC, "not JSON", 1},
		{"json without envelope", 200, "application/json", `{"hello":"world"}`, KindNotIXC, "envelope", 1},
		{"empty body", 200, xjson, ``, KindNotIXC, "empty", 1},
		{"redirect", 302, "text/html", "", KindNotIXC, "redirects", 1},
		{"502 after retries", 502, "text/html", "<html>bad gateway</html>", KindServer, "", 4},
		{"504 after retries", 504, "text/html", "<html>504 Gateway Time-out</html>", KindServer, "", 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, n := fixedServer(t, tc.status, tc.ctype, tc.body)
			_, err := c.List(context.Background(), Query{Table: "cliente"})
			e := asError(t, err)
			if e.Kind != tc.kind {
				t.Fatalf("kind %v, want %v (%v)", e.Kind, tc.kind, err)
			}
			if KindOf(err) != tc.kind {
				t.Fatalf("KindOf = %v", KindOf(err))
			}
			if !strings.Contains(e.Message, tc.msg) || strings.Contains(e.Message, "<br") {
				t.Fatalf("message %q does not contain %q", e.Message, tc.msg)
			}
			if e.Status != tc.status || e.Op != "list" || e.Table != "cliente" || e.Method != "GET" {
				t.Fatalf("error fields: %+v", e)
			}
			for _, part := range []string{"list", "cliente", "GET"} {
				if !strings.Contains(err.Error(), part) {
					t.Fatalf("error text %q lacks %q", err, part)
				}
			}
			if tc.status == 504 && !e.Timeout {
				t.Fatal("504 not marked as timeout")
			}
			if got := n.Load(); got != tc.requests {
				t.Fatalf("%d requests, want %d", got, tc.requests)
			}
		})
	}
}

func TestErrorWrongTokenAndHostileEcho(t *testing.T) {
	// A server that echoes the Authorization header and the hash back.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		writeJSON(w, 200, `{"type":"error","message":"bad `+auth+` / `+strings.TrimPrefix(auth, "Basic ")+` / `+testHash+`"}`)
	}))
	defer srv.Close()
	c := newTestClient(t, srv.URL, nil)
	_, err := c.List(context.Background(), Query{Table: "cliente"})
	e := asError(t, err)
	if !strings.Contains(e.Message, "••••") {
		t.Fatalf("message not redacted: %q", e.Message)
	}

	// A real 401 from a server that expects another token.
	good := ixcServer(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, `{"page":"1","total":"0"}`) })
	other, _ := ParseToken("42:"+strings.Repeat("ab", 32), "")
	c2, err := New(Options{BaseURL: good.URL, Token: other})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c2.Count(context.Background(), "cliente")
	if KindOf(err) != KindTokenRejected {
		t.Fatalf("wrong token gave %v", err)
	}
	if strings.Contains(err.Error(), strings.Repeat("ab", 32)) {
		t.Fatalf("secret in %q", err)
	}
}

func TestErrorUnreachableClosedPort(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	var infos atomic.Int64
	c := newTestClient(t, "http://"+addr, func(o *Options) {
		o.MaxRetries = 2
		o.OnResponse = func(ri ResponseInfo) {
			if ri.Err == nil || ri.Status != 0 || ri.Table != "cliente" {
				t.Errorf("bad info %+v", ri)
			}
			infos.Add(1)
		}
	})
	_, err = c.Get(context.Background(), "cliente", "1")
	e := asError(t, err)
	if e.Kind != KindUnreachable || e.Timeout {
		t.Fatalf("got %+v", e)
	}
	// Nothing ever answered there: a wrong port, reported at once.
	if infos.Load() != 1 {
		t.Fatalf("%d exchanges, want 1 (no retry before IXC ever answered)", infos.Load())
	}
	var opErr *net.OpError
	if !errors.As(err, &opErr) {
		t.Fatalf("the net error is not reachable through Unwrap: %v", err)
	}
}

// Once IXC has answered, a refused connection is its web server
// restarting: retried.
func TestErrorRefusedAfterAnswerIsRetried(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/x-json; charset=utf-8")
		_, _ = w.Write([]byte(`{"page":"1","total":"0"}`))
	}))
	var infos atomic.Int64
	c := newTestClient(t, srv.URL, func(o *Options) {
		o.MaxRetries = 2
		o.OnResponse = func(ResponseInfo) { infos.Add(1) }
	})
	if _, err := c.List(context.Background(), Query{Table: "cliente"}); err != nil {
		t.Fatal(err)
	}
	srv.Close()
	infos.Store(0)
	_, err := c.List(context.Background(), Query{Table: "cliente"})
	if e := asError(t, err); e.Kind != KindUnreachable {
		t.Fatalf("got %+v", e)
	}
	if infos.Load() != 3 {
		t.Fatalf("%d exchanges, want 3 (1 + 2 retries)", infos.Load())
	}
}

func TestErrorTimeout(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	c := newTestClient(t, srv.URL, func(o *Options) { o.Timeout = 100 * time.Millisecond; o.MaxRetries = -1 })
	start := time.Now()
	_, err := c.List(context.Background(), Query{Table: "cliente"})
	e := asError(t, err)
	if e.Kind != KindUnreachable || !e.Timeout || !IsTimeout(err) {
		t.Fatalf("got %+v", e)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Fatalf("took %v", d)
	}
}

func TestErrorParentContextCancelNotRetried(t *testing.T) {
	var n atomic.Int64
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(503)
	})
	c := newTestClient(t, srv.URL, func(o *Options) { o.MaxRetries = 50 })
	c.retryBase, c.retryCap = 50*time.Millisecond, 50*time.Millisecond
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Millisecond)
	defer cancel()
	_, err := c.List(ctx, Query{Table: "cliente"})
	if err == nil || n.Load() > 5 {
		t.Fatalf("err %v after %d requests", err, n.Load())
	}
}

func TestErrorTLS(t *testing.T) {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, `{"page":"1","total":"7"}`)
	}))
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // expected handshake failures
	srv.StartTLS()
	defer srv.Close()

	c := newTestClient(t, srv.URL, nil)
	_, err := c.Count(context.Background(), "cliente")
	e := asError(t, err)
	if e.Kind != KindTLS {
		t.Fatalf("untrusted cert gave %v: %v", e.Kind, err)
	}

	// Trust it through a CA file.
	dir := t.TempDir()
	ca := filepath.Join(dir, "ca.pem")
	pemBytes := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(ca, pemBytes, 0o600); err != nil {
		t.Fatal(err)
	}
	c = newTestClient(t, srv.URL, func(o *Options) { o.CACertFile = ca })
	if n, err := c.Count(context.Background(), "cliente"); err != nil || n != 7 {
		t.Fatalf("with CA file: %d, %v", n, err)
	}
	// Or skip verification.
	c = newTestClient(t, srv.URL, func(o *Options) { o.InsecureTLS = true })
	if n, err := c.Count(context.Background(), "cliente"); err != nil || n != 7 {
		t.Fatalf("insecure: %d, %v", n, err)
	}
	// Bad CA files.
	if _, err := New(Options{BaseURL: srv.URL, Token: testToken(t), CACertFile: filepath.Join(dir, "missing.pem")}); err == nil {
		t.Fatal("missing CA file accepted")
	}
	junk := filepath.Join(dir, "junk.pem")
	_ = os.WriteFile(junk, []byte("not a cert"), 0o600)
	if _, err := New(Options{BaseURL: srv.URL, Token: testToken(t), CACertFile: junk}); err == nil {
		t.Fatal("junk CA file accepted")
	}
	// Plain HTTP server spoken to over TLS.
	plain := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {})
	c = newTestClient(t, strings.Replace(plain.URL, "http://", "https://", 1), func(o *Options) { o.MaxRetries = -1 })
	_, err = c.Count(context.Background(), "cliente")
	if KindOf(err) != KindTLS {
		t.Fatalf("http server over https gave %v", err)
	}
}

func TestErrorNotFoundAndRetrySuccess(t *testing.T) {
	var n atomic.Int64
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) <= 2 {
			w.WriteHeader(500)
			return
		}
		writeJSON(w, 200, `{"page":"1","total":"0"}`)
	})
	c := newTestClient(t, srv.URL, nil)
	_, err := c.Get(context.Background(), "cliente", "99")
	e := asError(t, err)
	if e.Kind != KindNotFound || n.Load() != 3 {
		t.Fatalf("got %v after %d requests", err, n.Load())
	}
	if _, err := c.Get(context.Background(), "cliente", "1/../x"); err == nil {
		t.Fatal("bad id accepted")
	}
	if _, err := c.List(context.Background(), Query{Table: "cli ente"}); err == nil {
		t.Fatal("bad table accepted")
	}
}

func TestKindStrings(t *testing.T) {
	seen := map[string]bool{}
	for k := KindUnknown; k <= KindInvalidQuery; k++ {
		s := k.String()
		if s == "" || seen[s] || strings.HasPrefix(s, "kind(") {
			t.Fatalf("kind %d string %q", k, s)
		}
		seen[s] = true
	}
	if KindOf(nil) != KindUnknown || KindOf(errors.New("x")) != KindUnknown {
		t.Fatal("KindOf foreign")
	}
}

// TestNoSecretInAnyFailure provokes every kind of failure the client can
// produce and checks that no error text, nor any OnResponse error, carries
// the hash or the Basic credential.
func TestNoSecretInAnyFailure(t *testing.T) {
	var texts []string
	hook := func(o *Options) {
		o.MaxRetries = -1
		o.Timeout = 100 * time.Millisecond
		o.OnResponse = func(ri ResponseInfo) {
			if ri.Err != nil {
				texts = append(texts, ri.Err.Error())
			}
			if ri.Status == 200 && ri.Bytes == 0 {
				t.Errorf("200 with 0 bytes: %+v", ri)
			}
		}
	}
	bodies := []struct {
		status int
		body   string
	}{
		{401, "unauthorized " + testHash},
		{403, `{"type":"error","message":"token ` + testHash + `"}`},
		{200, `{"type":"error","message":"` + testHash + `"}`},
		{500, redDiv + testHash},
		{502, "bad gateway"},
		{200, "<html><title>" + testHash + "</title></html>"},
	}
	ctx := context.Background()
	for _, b := range bodies {
		b := b
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(b.status)
			_, _ = w.Write([]byte(b.body + " " + r.Header.Get("Authorization")))
		}))
		c := newTestClient(t, srv.URL, hook)
		_, err := c.List(ctx, Query{Table: "cliente"})
		texts = append(texts, err.Error())
		_, err = c.Insert(ctx, "cliente", Record{"razao": testHash})
		texts = append(texts, err.Error())
		srv.Close()
		_, err = c.Count(ctx, "cliente") // now a closed port
		texts = append(texts, err.Error())
	}
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body) // lets the server notice the client hanging up
		select {
		case <-r.Context().Done():
		case <-time.After(3 * time.Second):
		}
	}))
	defer hang.Close()
	c := newTestClient(t, hang.URL, hook)
	if _, err := c.Get(ctx, "cliente", "1"); err != nil {
		texts = append(texts, err.Error())
	}
	_, err := NormalizeURL("https://42:" + testHash + "@ixc.example.com.br")
	texts = append(texts, err.Error())
	_, err = ParseToken("42:"+testHash+"0", "")
	texts = append(texts, err.Error())
	if len(texts) < 25 {
		t.Fatalf("only %d failure texts collected", len(texts))
	}
	for _, s := range texts {
		assertNoSecret(t, s)
	}
}
