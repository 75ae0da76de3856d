package ixcsim

import (
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

var fixedNow = func() time.Time { return time.Date(2025, 3, 10, 15, 4, 5, 0, time.UTC) }

type resp struct {
	status int
	header http.Header
	body   string
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.body), &m); err != nil {
		t.Fatalf("body is not JSON (%v): %q", err, r.body)
	}
	return m
}

type env struct {
	t    *testing.T
	sim  *Sim
	base string
	cl   *http.Client
}

func newEnv(t *testing.T) *env {
	t.Helper()
	s := New(Options{Seed: 7, Now: fixedNow})
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return &env{t: t, sim: s, base: base, cl: &http.Client{
		Timeout:   10 * time.Second,
		Transport: &http.Transport{DisableKeepAlives: true},
	}}
}

func basic(token string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(token))
}

// raw performs a request and returns the error instead of failing (for dropped connections).
func (e *env) raw(method, path, token string, hdr map[string]string, body string) (resp, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.base+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", basic(token))
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	res, err := e.cl.Do(req)
	if err != nil {
		return resp{}, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return resp{}, err
	}
	return resp{status: res.StatusCode, header: res.Header, body: string(b)}, nil
}

func (e *env) do(method, path, token string, hdr map[string]string, body string) resp {
	e.t.Helper()
	r, err := e.raw(method, path, token, hdr, body)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	return r
}

var listar = map[string]string{"ixcsoft": "listar"}

// list sends a list request (GET + ixcsoft: listar) with the demo token.
func (e *env) list(table string, body any) resp {
	e.t.Helper()
	b, _ := json.Marshal(body)
	return e.do("GET", "/"+table, e.sim.DemoToken(), listar, string(b))
}

// ids returns the ids of the registros of a list response (nil when absent).
func ids(t *testing.T, r resp) []string {
	t.Helper()
	m := r.json(t)
	regs, ok := m["registros"]
	if !ok {
		return nil
	}
	var out []string
	for _, x := range regs.([]any) {
		out = append(out, x.(map[string]any)["id"].(string))
	}
	return out
}

func eqStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// seed loads a small realistic dataset directly.
func seed(s *Sim) {
	s.Put("unidades", Record{"id": "13", "descricao": "Serviço", "sigla": "SER"})
	s.Put("produtos", Record{"id": "1", "descricao": "Internet 300 Mega", "ativo": "S", "tipo": "S", "preco_base": "99.90"})
	s.Put("produtos", Record{"id": "2", "descricao": "LevEduca Cursos", "ativo": "S", "tipo": "S", "preco_base": "19.90"})
	s.Put("produtos", Record{"id": "3", "descricao": "Cabo RJ45 Azul", "ativo": "", "tipo": "C", "preco_base": "5.00"})
	s.Put("produtos", Record{"id": "10", "descricao": "Roteador Ação", "ativo": "S", "tipo": "P", "preco_base": "150.00"})
	s.Put("vd_contratos", Record{"id": "1", "nome": "Fibra 300 + Educação", "tipo": "I", "Ativo": "S"})
	s.Put("vd_contratos", Record{"id": "2", "nome": "Fibra 100", "tipo": "I", "Ativo": "N"})
	s.Put("cliente", Record{"id": "1", "razao": "Maria da Silva", "cnpj_cpf": "627.105.245-20", "ativo": "S", "data_cadastro": "2023-05-10"})
	s.Put("cliente", Record{"id": "2", "razao": "João Souza", "cnpj_cpf": "175.181.720-20", "ativo": "S", "data_cadastro": "2024-01-15"})
	s.Put("cliente", Record{"id": "3", "razao": "ACME Ltda", "cnpj_cpf": "11.222.333/0001-81", "ativo": "N", "data_cadastro": "2024-07-01"})
	s.Put("cliente_contrato", Record{"id": "100", "id_cliente": "1", "id_vd_contrato": "1", "status": "A", "status_internet": "A", "data_ativacao": "2023-05-11"})
	s.Put("cliente_contrato", Record{"id": "101", "id_cliente": "2", "id_vd_contrato": "2", "status": "A", "status_internet": "CA", "data_ativacao": "2024-01-16"})
	s.Put("cliente_contrato", Record{"id": "102", "id_cliente": "3", "id_vd_contrato": "1", "status": "I", "status_internet": "D", "data_ativacao": "0000-00-00"})
	s.Put("vd_contratos_produtos", Record{"id": "30", "id_vd_contrato": "1", "id_contrato": "0", "id_produto": "2", "descricao": "Educação", "qtde": "1", "valor_unit": "19.900000000", "tipo": "SVA"})
	s.Put("vd_contratos_produtos", Record{"id": "31", "id_vd_contrato": "1", "id_contrato": "0", "id_produto": "0", "descricao": "Fibra 300", "qtde": "1", "valor_unit": "99.900000000", "tipo": "I", "id_plano": "5"})
	s.Put("vd_contratos_produtos", Record{"id": "40", "id_vd_contrato": "0", "id_contrato": "101", "id_produto": "10", "descricao": "Locação", "qtde": "2", "valor_unit": "10.000000000", "tipo": "S"})
	s.Put("cliente_contrato_servicos", Record{"id": "1", "id_contrato": "100", "id_produto": "3", "tipo_acres_desc": "A", "status": "A"})
}
