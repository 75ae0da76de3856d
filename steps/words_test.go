package steps_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

const redDiv = `<div style="margin:40px; padding:30px; background:#FF0000; color:#FFF">Ocorreu um erro ao processar. Contate o suporte IXC Soft.</div>`

// englishInPT catches the Go and English fragments that used to leak into
// Portuguese messages.
var englishInPT = regexp.MustCompile(`(?i)\b(the|answer|server|redirects|not json|unreachable|denied|request|failed|dial|tcp|lookup)\b|ixc: |HTTP \d+: `)

// Every kind of failure, produced over real HTTP, reads as words in the
// user's language, with IXC's own text quoted.
func TestErrorTextSpeaksTheUsersLanguage(t *testing.T) {
	tok, err := ixc.ParseToken("42:"+strings.Repeat("ab", 32), "")
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/x-json; charset=utf-8")
		switch strings.TrimPrefix(r.URL.Path, "/webservice/v1/") {
		case "sub_grupo_produdos":
			fmt.Fprint(w, `{"type":"error","message":"permission denied: Usu\u00e1rio sem permiss\u00e3o para listar<br />"}`)
		case "http500":
			w.WriteHeader(500)
			fmt.Fprint(w, `{"type":"error","message":"Tabela travada pelo backup noturno"}`)
		case "reddiv":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, redDiv)
		case "notfound":
			w.WriteHeader(404)
			fmt.Fprint(w, "<h1>Not Found</h1>")
		case "redirect":
			http.Redirect(w, r, "https://ixc.provedor.com.br/webservice/v1/redirect", http.StatusMovedPermanently)
		case "login":
			w.Header().Set("Content-Type", "text/html")
			fmt.Fprint(w, "<html><head><title>Login do sistema</title></head></html>")
		case "plain":
			fmt.Fprint(w, "hello")
		case "huge":
			w.Header().Set("Content-Length", fmt.Sprint(200<<20))
			fmt.Fprint(w, `{"page":"1"`)
		case "token":
			w.WriteHeader(401)
			fmt.Fprint(w, "<html>401 Authorization Required</html>")
		case "ip":
			fmt.Fprint(w, `{"type":"error","message":"Seu IP n\u00e3o est\u00e1 liberado para efetuar login!"}`)
		case "business":
			fmt.Fprint(w, `{"type":"error","message":"Saida j\u00e1 est\u00e1 finalizada!"}`)
		case "resource":
			fmt.Fprint(w, `{"type":"error","message":"Recurso resource n\u00e3o est\u00e1 dispon\u00edvel!"}`)
		}
	}))
	defer srv.Close()
	c, err := ixc.New(ixc.Options{BaseURL: srv.URL, Token: tok, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	list := func(table string) error {
		_, err := c.List(ctx, ixc.Query{Table: table})
		if err == nil {
			t.Fatalf("%s: no error", table)
		}
		return err
	}
	cases := []struct {
		err    error
		pt, en string // substrings
	}{
		{list("sub_grupo_produdos"), "O IXC recusou a leitura de sub_grupo_produdos (permissão do grupo do usuário do token): «permission denied: Usuário sem permissão para listar»",
			"IXC refused reading sub_grupo_produdos"},
		{list("http500"), "O IXC respondeu com erro na leitura de http500 (HTTP 500): «Tabela travada pelo backup noturno»", "“Tabela travada pelo backup noturno”"},
		{list("reddiv"), "O IXC falhou ao processar a leitura de reddiv: «Ocorreu um erro ao processar. Contate o suporte IXC Soft.»", "IXC failed to process reading reddiv"},
		{list("notfound"), "não tem o webservice do IXC (HTTP 404)", "has no IXC webservice (HTTP 404)"},
		{list("redirect"), "O servidor redireciona (HTTP 301) para «https://ixc.provedor.com.br/webservice/v1/redirect»: use esse endereço.", "use that address"},
		{list("login"), "página HTML, não com o webservice do IXC (confira o endereço): «Login do sistema»", "HTML page"},
		{list("plain"), "A resposta na leitura de plain não é JSON", "is not JSON"},
		{list("huge"), "passou de 64 MiB", "larger than 64 MiB"},
		{list("token"), "O IXC recusou o token (HTTP 401)", "IXC rejected the token (HTTP 401)"},
		{list("ip"), "«Seu IP não está liberado para efetuar login!»", "does not allow this machine's IP"},
		{list("business"), "O IXC recusou a leitura de business: «Saida já está finalizada!»", "IXC refused reading business"},
		{list("resource"), "O IXC não tem resource disponível para a API: «Recurso resource não está disponível!»", "not make resource available"},
	}
	_, err = c.Insert(ctx, "business", ixc.Record{"x": "1"})
	cases = append(cases, struct {
		err    error
		pt, en string
	}{err, "O IXC recusou a inclusão em business: «Saida já está finalizada!»", "IXC refused an insert into business"})

	// A closed port and a silent listener.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	closed := ln.Addr().String()
	ln.Close()
	cc, _ := ixc.New(ixc.Options{BaseURL: "http://" + closed, Token: tok})
	_, err = cc.Probe(ctx, "produtos")
	cases = append(cases, struct {
		err    error
		pt, en string
	}{err, "Nada responde nesse endereço e porta (conexão recusada)", "connection refused"})

	silent, _ := net.Listen("tcp", "127.0.0.1:0")
	defer silent.Close()
	go func() {
		for {
			conn, err := silent.Accept()
			if err != nil {
				return
			}
			defer conn.Close()
		}
	}()
	sc, _ := ixc.New(ixc.Options{BaseURL: "http://" + silent.Addr().String(), Token: tok, ProbeBudget: 200 * time.Millisecond})
	_, err = sc.Probe(ctx, "produtos")
	cases = append(cases, struct {
		err    error
		pt, en string
	}{err, "O IXC não respondeu ao teste de conexão em 200 ms", "did not answer the connection test within 200 ms"})

	// A filter without a value: refused by the client, a program error.
	_, err = c.List(ctx, ixc.Query{Table: "produtos", Filter: []ixc.Cond{ixc.Where("produtos.descricao", ixc.OpEq, "")}})
	cases = append(cases, struct {
		err    error
		pt, en string
	}{err, "Erro interno do programa na leitura de produtos: o filtro em «produtos.descricao» está sem valor e pediria a tabela inteira ao IXC; nada foi enviado.",
		"Internal program error reading produtos: the filter on “produtos.descricao” has no value"})

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = c.List(cctx, ixc.Query{Table: "produtos"})
	cases = append(cases, struct {
		err    error
		pt, en string
	}{err, "Interrompido.", "Interrupted."})

	for _, tc := range cases {
		got := steps.ErrorText(tc.err)
		if !strings.Contains(got.PT, tc.pt) || !strings.Contains(got.EN, tc.en) {
			t.Errorf("%v\n PT %q\n EN %q\nwant %q / %q", tc.err, got.PT, got.EN, tc.pt, tc.en)
		}
		if m := englishInPT.FindString(strings.NewReplacer("«permission denied: ", "«").Replace(got.PT)); m != "" {
			t.Errorf("English %q in the Portuguese text %q", m, got.PT)
		}
		if strings.Contains(got.PT, "ixc:") || strings.Contains(got.EN, "ixc:") {
			t.Errorf("a Go error string: %q", got)
		}
	}
}

// An HTTP 500 carrying IXC's message on the connection test is reported
// with IXC's words, not as "could not connect".
func TestConnectionFindingQuotesIXCOn500(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/x-json; charset=utf-8")
		w.WriteHeader(500)
		fmt.Fprint(w, `{"type":"error","message":"Banco de dados em manuten\u00e7\u00e3o"}`)
	}))
	defer srv.Close()
	tok, _ := ixc.ParseToken("42:"+strings.Repeat("ab", 32), "")
	c, err := ixc.New(ixc.Options{BaseURL: srv.URL, Token: tok, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	res := steps.CheckConnection(t.Context(), c.Reader(), []string{"produtos"})
	if !res.Fatal || len(res.Step.Findings) != 1 {
		t.Fatalf("%+v", res)
	}
	f := res.Step.Findings[0]
	if f.Code != steps.CodeIXCUnreachable || strings.Contains(f.Message.PT, "Não foi possível conectar") ||
		!strings.Contains(f.Message.PT, "«Banco de dados em manutenção»") || !strings.Contains(f.Message.EN, "“Banco de dados em manutenção”") {
		t.Fatalf("%s: %q / %q", f.Code, f.Message.PT, f.Message.EN)
	}
}

// A server that answers the first probe and then falls silent: the whole
// connection check still ends within the probe budget, not one budget per
// table.
func TestCheckConnectionEndsWithinOneBudget(t *testing.T) {
	var n atomic.Int64
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.Add(1) == 1 {
			w.Header().Set("Content-Type", "text/x-json; charset=utf-8")
			fmt.Fprint(w, `{"page":"1","total":"0"}`)
			return
		}
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer srv.Close()
	defer close(release) // before Close: a handler that never read its body may not see the client go
	tok, _ := ixc.ParseToken("42:"+strings.Repeat("ab", 32), "")
	c, err := ixc.New(ixc.Options{BaseURL: srv.URL, Token: tok, ProbeBudget: 400 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res := steps.CheckWizard(t.Context(), c.Reader())
	if took := time.Since(start); took > 3*time.Second {
		t.Fatalf("the check took %s for a 400 ms budget", took)
	}
	if !res.Fatal || res.Step.Findings[0].Code != steps.CodeIXCUnreachable {
		t.Fatalf("%+v", res.Step)
	}
}

// The operating system's errors read as words naming the path and the
// cause (the wizard shows them through ErrorText); Reason is the same
// cause as a clause after a colon.
func TestErrorTextOfFiles(t *testing.T) {
	dir := t.TempDir()
	_, missing := os.Open(filepath.Join(dir, "perfil.toml"))
	mkdir := os.Mkdir(dir, 0o700)
	for _, tc := range []struct {
		err    error
		pt, en string
	}{
		{missing, "Não foi possível abrir " + filepath.Join(dir, "perfil.toml") + ": o arquivo ou a pasta não existe.",
			"Cannot open " + filepath.Join(dir, "perfil.toml") + ": the file or folder does not exist."},
		{fmt.Errorf("saving: %w", mkdir), "Não foi possível criar a pasta " + dir + ": já existe.", "Cannot create the folder " + dir + ": it already exists."},
	} {
		if got := steps.ErrorText(tc.err); got.PT != tc.pt || got.EN != tc.en {
			t.Errorf("%v:\n got %q\nwant %q / %q", tc.err, got, tc.pt, tc.en)
		}
	}
	if got := steps.Reason(missing); got.PT != "o arquivo ou a pasta não existe" || got.EN != "the file or folder does not exist" {
		t.Errorf("Reason %q", got)
	}
	if got := steps.Reason(fmt.Errorf("x: %w", context.Canceled)); got.PT != "interrompido" || got.EN != "interrupted" {
		t.Errorf("Reason of a cancel %q", got)
	}
	if got := steps.Reason(errors.New("boom")); got.PT != "falha inesperada (detalhe técnico: «boom»)" {
		t.Errorf("Reason of a foreign error %q", got)
	}
}
