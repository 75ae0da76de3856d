package ixc

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestUpdateSendsFullRecord(t *testing.T) {
	var (
		mu      sync.Mutex
		putBody map[string]any
		putPath string
		putHdr  string
	)
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
			if r.Header.Get("ixcsoft") != "listar" {
				w.WriteHeader(404)
				return
			}
			var b map[string]string
			_ = json.NewDecoder(r.Body).Decode(&b)
			if b["qtype"] != "radusuarios.id" || b["query"] != "5" || b["oper"] != "=" {
				t.Errorf("get body %v", b)
			}
			writeJSON(w, 200, `{"page":"1","total":"1","registros":[{"id":"5","login":"ana","senha":"x1","ativo":"S","id_contrato":"9"}]}`)
		case http.MethodPut:
			mu.Lock()
			putPath, putHdr = r.URL.Path, r.Header.Get("ixcsoft")
			_ = json.NewDecoder(r.Body).Decode(&putBody)
			mu.Unlock()
			writeJSON(w, 200, `{"type":"success","message":"Registro atualizado com sucesso!","id":"5"}`)
		default:
			w.WriteHeader(405)
		}
	})
	c := newTestClient(t, srv.URL, nil)
	before, err := c.Update(context.Background(), "radusuarios", "5", Record{"ativo": "N", "obs": "novo"})
	if err != nil {
		t.Fatal(err)
	}
	wantBefore := Record{"id": "5", "login": "ana", "senha": "x1", "ativo": "S", "id_contrato": "9"}
	if !reflect.DeepEqual(before, wantBefore) {
		t.Fatalf("before = %v", before)
	}
	wantPut := map[string]any{"id": "5", "login": "ana", "senha": "x1", "ativo": "N", "id_contrato": "9", "obs": "novo"}
	mu.Lock()
	defer mu.Unlock()
	if !reflect.DeepEqual(putBody, wantPut) {
		t.Fatalf("PUT body = %v", putBody)
	}
	if putPath != "/webservice/v1/radusuarios/5" || putHdr != "" {
		t.Fatalf("PUT %s ixcsoft=%q", putPath, putHdr)
	}
}

func TestUpdateMissingRecord(t *testing.T) {
	var puts atomic.Int64
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			puts.Add(1)
		}
		writeJSON(w, 200, `{"page":"1","total":"0"}`)
	})
	c := newTestClient(t, srv.URL, nil)
	_, err := c.Update(context.Background(), "produtos", "77", Record{"ativo": "S"})
	e := asError(t, err)
	if e.Kind != KindNotFound || e.Op != "update" || puts.Load() != 0 {
		t.Fatalf("got %+v, %d puts", e, puts.Load())
	}
}

func TestWritesNeverRetried(t *testing.T) {
	var n atomic.Int64
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.WriteHeader(http.StatusInternalServerError)
	})
	c := newTestClient(t, srv.URL, func(o *Options) { o.MaxRetries = 5 })
	ctx := context.Background()
	checks := []struct {
		name string
		do   func() error
	}{
		{"insert", func() error { _, err := c.Insert(ctx, "produtos", Record{"descricao": "x"}); return err }},
		{"replace", func() error { return c.Replace(ctx, "produtos", "3", Record{"descricao": "x"}) }},
		{"delete", func() error { return c.Delete(ctx, "produtos", "3") }},
	}
	for _, ch := range checks {
		n.Store(0)
		err := ch.do()
		if KindOf(err) != KindServer || n.Load() != 1 {
			t.Fatalf("%s: %v after %d requests", ch.name, err, n.Load())
		}
	}
	// A timed-out insert is not retried either.
	n.Store(0)
	slow := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	})
	c2 := newTestClient(t, slow.URL, func(o *Options) { o.Timeout = 80 * time.Millisecond; o.MaxRetries = 5 })
	_, err := c2.Insert(ctx, "produtos", Record{"descricao": "x"})
	if !IsTimeout(err) || n.Load() != 1 {
		t.Fatalf("insert timeout: %v after %d requests", err, n.Load())
	}
}

func TestInsertAndDeleteWire(t *testing.T) {
	var (
		mu   sync.Mutex
		seen []string
	)
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path+" ["+r.Header.Get("ixcsoft")+"] "+string(body))
		mu.Unlock()
		switch r.Method {
		case http.MethodPost:
			writeJSON(w, 200, "\xef\xbb\xbf"+`{"type":"success","message":"Registro inserido com sucesso!","id":17}`)
		case http.MethodDelete:
			w.WriteHeader(200) // empty body
		}
	})
	c := newTestClient(t, srv.URL, nil)
	id, err := c.Insert(context.Background(), "unidades", Record{"descricao": "Serviço", "sigla": "SER"})
	if err != nil || id != "17" {
		t.Fatalf("Insert = %q, %v", id, err)
	}
	if err := c.Delete(context.Background(), "unidades", "17"); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	want := []string{
		`POST /webservice/v1/unidades [] {"descricao":"Serviço","sigla":"SER"}`,
		`DELETE /webservice/v1/unidades/17 [] `,
	}
	if !reflect.DeepEqual(seen, want) {
		t.Fatalf("wire:\n%q\nwant\n%q", seen, want)
	}
}

func TestReaderIsReadOnly(t *testing.T) {
	rt := reflect.TypeOf(&Reader{})
	allowed := map[string]bool{"List": true, "Count": true, "Get": true, "Each": true, "All": true, "Probe": true, "ProbeBudget": true, "BaseURL": true, "User": true}
	for i := 0; i < rt.NumMethod(); i++ {
		if m := rt.Method(i).Name; !allowed[m] {
			t.Fatalf("Reader exposes %s", m)
		}
	}
	if rt.NumMethod() != len(allowed) {
		t.Fatalf("Reader has %d methods", rt.NumMethod())
	}
	c := newTestClient(t, "https://ixc.example.com.br", nil)
	if r := c.Reader(); r.BaseURL() != "https://ixc.example.com.br/webservice/v1" || r.User() != "42" {
		t.Fatalf("reader %s %s", r.BaseURL(), r.User())
	}
}

func TestNewValidates(t *testing.T) {
	if _, err := New(Options{BaseURL: "http://ixc.example.com.br", Token: testToken(t)}); err == nil {
		t.Fatal("plain http accepted")
	}
	_, err := New(Options{BaseURL: "https://ixc.example.com.br"})
	if _, ok := err.(*TokenError); !ok {
		t.Fatalf("missing token gave %v", err)
	}
}
