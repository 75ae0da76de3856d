package ixcsim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestListGETAndPOSTWithListarHeader(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	for _, method := range []string{"GET", "POST"} {
		// header name is case-insensitive
		r := e.do(method, "/produtos", e.sim.DemoToken(), map[string]string{"IXCSOFT": "listar"},
			`{"qtype":"produtos.id","query":"1","oper":">=","page":"1","rp":"20"}`)
		if r.status != 200 {
			t.Fatalf("%s: status %d", method, r.status)
		}
		if got := ids(t, r); !eqStrings(got, []string{"1", "2", "3", "10"}) {
			t.Fatalf("%s: ids %v", method, got)
		}
		if e.sim.Count("produtos") != 4 {
			t.Fatalf("%s with listar must not insert", method)
		}
	}
}

func TestGETWithoutListarIs404(t *testing.T) {
	e := newEnv(t)
	for _, h := range []map[string]string{nil, {"ixcsoft": "Provedor"}} {
		r := e.do("GET", "/produtos", e.sim.DemoToken(), h, `{"qtype":"produtos.id","query":"1","oper":">="}`)
		if r.status != 404 || !strings.Contains(r.body, "404 Not Found") || !strings.Contains(r.body, "nginx") {
			t.Fatalf("got %d %q", r.status, r.body)
		}
	}
}

func TestPathsOutsideWebserviceAre404AndOtherMethods405(t *testing.T) {
	e := newEnv(t)
	r, err := e.raw("GET", "", "", nil, "") // base without trailing slash table
	if err != nil {
		t.Fatal(err)
	}
	if r.status != 404 {
		t.Fatalf("base: %d", r.status)
	}
	r = e.do("PATCH", "/produtos/1", e.sim.DemoToken(), nil, `{}`)
	if r.status != 405 || !strings.Contains(r.body, "<html>") {
		t.Fatalf("PATCH: %d %q", r.status, r.body)
	}
}

func TestPOSTWithoutListarInserts(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	body := `{"descricao":"Polegadas","sigla":"Pol"}`
	r := e.do("POST", "/unidades", e.sim.DemoToken(), map[string]string{"ixcsoft": ""}, body)
	m := r.json(t)
	if m["type"] != "success" || m["message"] != "Registro inserido com sucesso!" || m["id"] != "14" {
		t.Fatalf("insert: %v", m)
	}
	if rec, ok := e.sim.Row("unidades", "14"); !ok || rec["sigla"] != "Pol" {
		t.Fatalf("row: %v %v", rec, ok)
	}
}

func TestInsertMissingRequiredField(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	full := map[string]string{"ativo": "S", "id_sub_grupo": "3", "descricao": "LevEduca", "tipo": "S",
		"controla_estoque": "N", "movimentacao": "A", "unidade": "13", "preco_base": "19.90", "aceita_valor": "P",
		"icms_issqn": "ISSQN", "id_class_fiscal": "1", "ncm": "0101", "mostra_valor_ecommerce": "P",
		"tipo_ecommerce": "P", "ecommerce_prioridade": "1"}
	for _, mode := range []string{"absent", "empty"} {
		b := map[string]string{}
		for k, v := range full {
			b[k] = v
		}
		if mode == "absent" {
			delete(b, "ncm")
		} else {
			b["ncm"] = ""
		}
		js, _ := json.Marshal(b)
		r := e.do("POST", "/produtos", e.sim.DemoToken(), nil, string(js))
		m := r.json(t)
		if r.status != 200 || m["type"] != "error" || !strings.Contains(m["message"].(string), "ncm") {
			t.Fatalf("%s: %d %v", mode, r.status, m)
		}
		// non-ASCII is \u-escaped like IXC
		if !strings.Contains(r.body, `obrigat\u00f3rio`) {
			t.Fatalf("expected \\u escapes: %s", r.body)
		}
	}
	if e.sim.Count("produtos") != 4 {
		t.Fatal("failed insert must not create a row")
	}
	js, _ := json.Marshal(full)
	if m := e.do("POST", "/produtos", e.sim.DemoToken(), nil, string(js)).json(t); m["type"] != "success" || m["id"] != "11" {
		t.Fatalf("full insert: %v", m)
	}
}

func TestInsertStoresLikeIXC(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	body := `{"tipo":"SVA","id_produto":"2","descricao":"LevEduca","id_unidade":"13","quantidade":"1",
		"valor_unitario":"19.90","valor_total":"19.90","repetir":"S","data":"18/06/2024","status":"A",
		"status_nf21":"A","id_contrato":"100","tipo_acres_desc":"A","campo_inexistente":"x","id":"999",
		"ultima_atualizacao":"2000-01-01 00:00:00","pdesconto":""}`
	m := e.do("POST", "/cliente_contrato_servicos", e.sim.DemoToken(), nil, body).json(t)
	if m["type"] != "success" || m["id"] != "2" {
		t.Fatalf("insert: %v", m)
	}
	rec, _ := e.sim.Row("cliente_contrato_servicos", "2")
	checks := map[string]string{
		"data":                    "2024-06-18",          // DD/MM/YYYY stored ISO
		"ultima_atualizacao":      "2025-03-10 12:04:05", // server-set, São Paulo time
		"id_vd_contrato_produtos": "0",                   // absent FK → "0"
		"ultima_execucao":         "0000-00-00",          // absent date
		"descricao":               "LevEduca",
	}
	for k, v := range checks {
		if rec[k] != v {
			t.Errorf("%s = %q, want %q", k, rec[k], v)
		}
	}
	if _, ok := rec["campo_inexistente"]; ok {
		t.Error("unknown field must be dropped")
	}
	if _, ok := e.sim.Row("cliente_contrato_servicos", "999"); ok {
		t.Error("id must be server-set")
	}
	// ids are sequential per table
	if m := e.do("POST", "/cliente_contrato_servicos", e.sim.DemoToken(), nil, body).json(t); m["id"] != "3" {
		t.Fatalf("second insert id: %v", m)
	}
}

func TestInsertReferentialChecks(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	base := map[string]string{"tipo": "SVA", "id_plano": "0", "qtde": "1", "valor_unit": "19.90", "fixar_ip": "0",
		"id_contrato": "100", "id_produto": "2"}
	try := func(mod map[string]string) map[string]any {
		b := map[string]string{}
		for k, v := range base {
			b[k] = v
		}
		for k, v := range mod {
			b[k] = v
		}
		js, _ := json.Marshal(b)
		return e.do("POST", "/vd_contratos_produtos", e.sim.DemoToken(), nil, string(js)).json(t)
	}
	if m := try(map[string]string{"id_produto": "777"}); m["type"] != "error" || !strings.Contains(m["message"].(string), "777") {
		t.Fatalf("unknown product: %v", m)
	}
	if m := try(map[string]string{"id_contrato": "555"}); m["type"] != "error" || !strings.Contains(m["message"].(string), "555") {
		t.Fatalf("unknown contract: %v", m)
	}
	if m := try(nil); m["type"] != "success" {
		t.Fatalf("valid: %v", m)
	}
	if m := try(map[string]string{"id_produto": "0", "id_contrato": "0", "id_vd_contrato": "2"}); m["type"] != "success" {
		t.Fatalf("plan row: %v", m)
	}
}

func TestUpdate(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	tok := e.sim.DemoToken()
	// partial PUT → red div with HTTP 200
	r := e.do("PUT", "/vd_contratos/1", tok, nil, `{"nome":"Novo nome"}`)
	if r.status != 200 || r.body != redDiv {
		t.Fatalf("partial PUT: %d %q", r.status, r.body)
	}
	if rec, _ := e.sim.Row("vd_contratos", "1"); rec["nome"] != "Fibra 300 + Educação" {
		t.Fatal("partial PUT must not change the row")
	}
	// full PUT (all required fields) overlays, drops unknown/read-only fields
	r = e.do("PUT", "/vd_contratos/1", tok, nil, `{"tipo":"I","nome":"Novo nome","Ativo":"N","xyz":"1","id":"55","ultima_atualizacao":"x"}`)
	if m := r.json(t); m["type"] != "success" || m["message"] != "Registro atualizado com sucesso!" || m["id"] != "1" {
		t.Fatalf("PUT: %v", m)
	}
	rec, _ := e.sim.Row("vd_contratos", "1")
	if rec["nome"] != "Novo nome" || rec["Ativo"] != "N" || rec["ultima_atualizacao"] != "2025-03-10 12:04:05" {
		t.Fatalf("row after PUT: %v", rec)
	}
	if _, ok := rec["xyz"]; ok {
		t.Fatal("unknown field stored")
	}
	if _, ok := e.sim.Row("vd_contratos", "55"); ok {
		t.Fatal("id changed")
	}
	// required present but empty → business error
	if m := e.do("PUT", "/vd_contratos/1", tok, nil, `{"tipo":"I","nome":""}`).json(t); m["type"] != "error" {
		t.Fatalf("empty required: %v", m)
	}
	// unknown id
	if m := e.do("PUT", "/vd_contratos/999", tok, nil, `{"tipo":"I","nome":"x"}`).json(t); m["type"] != "error" || m["message"] != "Registro não encontrado!" {
		t.Fatalf("unknown id: %v", m)
	}
}

func TestDelete(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	tok := e.sim.DemoToken()
	if m := e.do("DELETE", "/produtos/999", tok, nil, "").json(t); m["type"] != "error" {
		t.Fatalf("unknown id: %v", m)
	}
	// product 2 is used by a plan row, product 3 by an additional service
	for _, id := range []string{"2", "3"} {
		m := e.do("DELETE", "/produtos/"+id, tok, nil, "").json(t)
		if m["type"] != "error" || !strings.Contains(m["message"].(string), "dependentes") {
			t.Fatalf("referenced product %s: %v", id, m)
		}
	}
	// contract 100 has an additional service
	if m := e.do("DELETE", "/cliente_contrato/100", tok, nil, "").json(t); m["type"] != "error" {
		t.Fatalf("contract with dependents: %v", m)
	}
	m := e.do("DELETE", "/produtos/1", tok, nil, "").json(t)
	if m["type"] != "success" || m["message"] != "Registro excluído com sucesso!" || m["id"] != "1" {
		t.Fatalf("delete: %v", m)
	}
	if _, ok := e.sim.Row("produtos", "1"); ok {
		t.Fatal("row still there")
	}
	// ids are not reused
	e.sim.Remove("produtos", "10")
	if id := e.sim.Put("produtos", Record{"descricao": "x"}); id != "11" {
		t.Fatalf("next id %s", id)
	}
}

func TestUnknownTable(t *testing.T) {
	e := newEnv(t)
	for _, method := range []string{"GET", "POST"} {
		r := e.do(method, "/rad", e.sim.DemoToken(), listar, `{}`)
		if r.status != 200 || r.body != `{"type":"error","message":"Recurso rad n\u00e3o est\u00e1 dispon\u00edvel!"}` {
			t.Fatalf("%s: %d %s", method, r.status, r.body)
		}
	}
}

func TestFieldPrefixAndUnknownFieldAre500(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	bodies := []map[string]any{
		{"qtype": "id", "query": "1", "oper": "="},
		{"qtype": "cliente.id", "query": "1", "oper": "="},
		{"qtype": "produtos.naoexiste", "query": "1", "oper": "="},
		{"sortname": "id"},
		{"sortname": "produtos.naoexiste"},
		{"grid_param": `[{"TB":"ativo","OP":"=","P":"S"}]`},
		{"grid_param": `[{"TB":"produtos.ativo","OP":"XX","P":"S"}]`},
		{"grid_param": `not json`},
	}
	for _, b := range bodies {
		r := e.list("produtos", b)
		if r.status != 500 || r.body != redDiv {
			t.Errorf("%v: %d %q", b, r.status, r.body)
		}
	}
	if r := e.list("produtos", map[string]any{"qtype": "produtos.id", "query": "1", "oper": "=", "sortname": "produtos.descricao"}); r.status != 200 {
		t.Fatalf("valid request: %d", r.status)
	}
}

func TestOperators(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	cases := []struct {
		table, field, op, p, p2 string
		want                    []string
	}{
		{"produtos", "id", "=", "10", "", []string{"10"}},
		{"produtos", "descricao", "=", "cabo rj45 azul", "", []string{"3"}}, // case-insensitive
		{"produtos", "id", "!=", "2", "", []string{"1", "3", "10"}},
		{"produtos", "id", ">", "2", "", []string{"3", "10"}}, // numeric, not "10" < "2"
		{"produtos", "id", "<", "3", "", []string{"1", "2"}},
		{"produtos", "preco_base", ">=", "19.90", "", []string{"1", "2", "10"}},
		{"produtos", "preco_base", "<=", "19.9", "", []string{"2", "3"}},
		{"produtos", "descricao", "L", "INTERNET", "", []string{"1"}},
		{"produtos", "descricao", "L", "ca%so", "", []string{"2"}},
		{"produtos", "descricao", "L", "ação", "", []string{"10"}},
		{"produtos", "descricao", "NL", "O", "", []string{"1"}},
		{"produtos", "id", "IN", "1, 3,10", "", []string{"1", "3", "10"}},
		{"produtos", "id", "NI", "1,3", "", []string{"2", "10"}},
		{"produtos", "id", "BE", "2", "3", []string{"2", "3"}},
		{"produtos", "id", "NBE", "2", "3", []string{"1", "10"}},
		{"produtos", "ativo", "=", "", "", []string{"3"}},
		// dates: DD/MM/YYYY and ISO filters against ISO-stored dates
		{"cliente", "data_cadastro", ">", "31/12/2023", "", []string{"2", "3"}},
		{"cliente", "data_cadastro", ">=", "2024-07-01", "", []string{"3"}},
		{"cliente", "data_cadastro", "=", "10/05/2023", "", []string{"1"}},
		{"cliente", "data_cadastro", "BE", "01/01/2024", "31/01/2024", []string{"2"}},
		{"cliente", "data_cadastro", "NBE", "01/01/2024", "31/01/2024", []string{"1", "3"}},
		{"cliente", "cnpj_cpf", "=", "627.105.245-20", "", []string{"1"}},
		{"cliente_contrato", "status_internet", "IN", "CA,CM", "", []string{"101"}},
		{"cliente_contrato", "data_ativacao", "<", "01/01/2024", "", []string{"100", "102"}},
		{"vd_contratos", "Ativo", "=", "S", "", []string{"1"}},
		{"vd_contratos", "ativo", "=", "S", "", []string{"1"}}, // MySQL column names are case-insensitive
	}
	for _, c := range cases {
		name := fmt.Sprintf("%s.%s %s %s", c.table, c.field, c.op, c.p)
		grid := []map[string]string{{"TB": c.table + "." + c.field, "OP": c.op, "P": c.p}}
		if c.p2 != "" {
			grid[0]["P2"] = c.p2
		}
		gp, _ := json.Marshal(grid)
		r := e.list(c.table, map[string]any{"qtype": c.table + ".id", "query": "", "oper": "=", "rp": "100", "grid_param": string(gp)})
		if got := ids(t, r); !eqStrings(got, c.want) {
			t.Errorf("grid %s: got %v want %v (%s)", name, got, c.want, r.body)
		}
		if c.p2 == "" && c.p != "" {
			// same filter as main qtype/query/oper
			r = e.list(c.table, map[string]any{"qtype": c.table + "." + c.field, "query": c.p, "oper": c.op, "rp": "100"})
			if got := ids(t, r); !eqStrings(got, c.want) {
				t.Errorf("main %s: got %v want %v", name, got, c.want)
			}
		}
	}
}

func TestMainFilterAndGridAreANDed(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	r := e.list("cliente", map[string]any{"qtype": "cliente.ativo", "query": "S", "oper": "=",
		"grid_param": `[{"TB":"cliente.data_cadastro","OP":">=","P":"01/01/2024"},{"TB":"cliente.razao","OP":"L","P":"jo"}]`})
	if got := ids(t, r); !eqStrings(got, []string{"2"}) {
		t.Fatalf("got %v", got)
	}
	// grid_param given as an actual array, numbers for page/rp, form encoding
	r = e.list("cliente", map[string]any{"page": 1, "rp": 2, "grid_param": []map[string]string{{"TB": "cliente.ativo", "OP": "=", "P": "S"}}})
	if got := ids(t, r); !eqStrings(got, []string{"1", "2"}) {
		t.Fatalf("array grid: %v", got)
	}
	fr := e.do("POST", "/cliente", e.sim.DemoToken(), map[string]string{"ixcsoft": "listar", "Content-Type": "application/x-www-form-urlencoded"},
		"qtype=cliente.cnpj_cpf&query=175.181.720-20&oper=%3D&page=1&rp=20")
	if got := ids(t, fr); !eqStrings(got, []string{"2"}) {
		t.Fatalf("form: %v %s", got, fr.body)
	}
}

func TestSortAndPaging(t *testing.T) {
	e := newEnv(t)
	for i := 1; i <= 25; i++ {
		e.sim.Put("produtos", Record{"descricao": fmt.Sprintf("P%02d", 26-i), "preco_base": fmt.Sprint(i % 5)})
	}
	// defaults: page 1, rp 20, id asc (numeric)
	r := e.list("produtos", map[string]any{})
	m := r.json(t)
	got := ids(t, r)
	if m["page"] != "1" || m["total"] != "25" || len(got) != 20 || got[0] != "1" || got[9] != "10" || got[19] != "20" {
		t.Fatalf("defaults: page %v total %v ids %v", m["page"], m["total"], got)
	}
	r = e.list("produtos", map[string]any{"page": "3", "rp": "10"})
	if m := r.json(t); m["page"] != "3" || !eqStrings(ids(t, r), []string{"21", "22", "23", "24", "25"}) {
		t.Fatalf("page 3: %v %v", m["page"], ids(t, r))
	}
	r = e.list("produtos", map[string]any{"rp": "3", "sortname": "produtos.id", "sortorder": "desc"})
	if !eqStrings(ids(t, r), []string{"25", "24", "23"}) {
		t.Fatalf("desc: %v", ids(t, r))
	}
	r = e.list("produtos", map[string]any{"rp": "3", "sortname": "produtos.descricao", "sortorder": "asc"})
	if !eqStrings(ids(t, r), []string{"25", "24", "23"}) {
		t.Fatalf("by name: %v", ids(t, r))
	}
	// numeric sort with stable id tiebreak: preco_base 0 → ids 5,10,15,20,25
	r = e.list("produtos", map[string]any{"rp": "6", "sortname": "produtos.preco_base"})
	if !eqStrings(ids(t, r), []string{"5", "10", "15", "20", "25", "1"}) {
		t.Fatalf("by price: %v", ids(t, r))
	}
	r = e.list("produtos", map[string]any{"qtype": "produtos.id", "query": "20", "oper": ">", "rp": "2", "page": "2", "sortorder": "desc"})
	if m := r.json(t); m["total"] != "5" || !eqStrings(ids(t, r), []string{"23", "22"}) {
		t.Fatalf("filtered desc page 2: %v %v", m["total"], ids(t, r))
	}
}

func TestRegistrosOmittedWhenEmpty(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	r := e.list("produtos", map[string]any{"qtype": "produtos.id", "query": "999", "oper": "="})
	if r.body != `{"page":"1","total":"0"}` {
		t.Fatalf("empty: %s", r.body)
	}
	r = e.list("funcionarios", map[string]any{})
	if r.body != `{"page":"1","total":"0"}` {
		t.Fatalf("empty table: %s", r.body)
	}
}

func TestListResponseShapeAndHeaders(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	r := e.list("vd_contratos", map[string]any{"qtype": "vd_contratos.id", "query": "1", "oper": "="})
	want := map[string]string{
		"Content-Type":    "text/x-json; charset=utf-8",
		"Server":          "nginx",
		"Cache-Control":   "no-cache, must-revalidate",
		"Expires":         "Mon, 26 Jul 1997 05:00:00 GMT",
		"X-Frame-Options": "SAMEORIGIN",
	}
	for k, v := range want {
		if got := r.header.Get(k); got != v {
			t.Errorf("%s = %q, want %q", k, got, v)
		}
	}
	// every value is a string; every column present; non-ASCII \u-escaped
	var env struct {
		Page      any                 `json:"page"`
		Total     any                 `json:"total"`
		Registros []map[string]string `json:"registros"`
	}
	if err := json.Unmarshal([]byte(r.body), &env); err != nil {
		t.Fatalf("values must all be strings: %v", err)
	}
	if env.Page != "1" || env.Total != "1" || len(env.Registros) != 1 {
		t.Fatalf("envelope: %+v", env)
	}
	rec := env.Registros[0]
	if len(rec) != len(schemaOf("vd_contratos").Columns) {
		t.Fatalf("columns: %d", len(rec))
	}
	if rec["Ativo"] != "S" || rec["nome"] != "Fibra 300 + Educação" || rec["id_filial"] != "0" {
		t.Fatalf("record: %v", rec)
	}
	if !strings.Contains(r.body, `Educa\u00e7\u00e3o`) {
		t.Fatalf("no \\u escapes: %s", r.body)
	}
	// usuarios never expose a token column or the token itself
	r = e.list("usuarios", map[string]any{})
	hash := strings.SplitN(e.sim.DemoToken(), ":", 2)[1]
	if strings.Contains(r.body, hash) || strings.Contains(r.body, "token") {
		t.Fatalf("usuarios leaks token: %s", r.body)
	}
	if got := ids(t, r); !eqStrings(got, []string{"1", "2"}) {
		t.Fatalf("demo users: %v", got)
	}
}

func schemaOf(name string) tableSchema {
	for _, s := range schemas {
		if s.Name == name {
			return s
		}
	}
	return tableSchema{}
}

func TestAuth401(t *testing.T) {
	e := newEnv(t)
	tok := e.sim.DemoToken()
	id, hash, _ := strings.Cut(tok, ":")
	bad := []string{"", id + ":" + strings.Repeat("0", 64), "99:" + hash, id + hash}
	for _, b := range bad {
		r := e.do("GET", "/produtos", b, listar, `{}`)
		if r.status != 401 || !strings.Contains(r.body, "Authorization Requested") {
			t.Errorf("token %q: %d %q", b, r.status, r.body)
		}
		if hash != "" && strings.Contains(r.body, hash) {
			t.Error("hash leaked")
		}
	}
	// Bearer is not accepted: 400, as IXC's collection lists for any scheme
	// but Basic.
	r := e.do("GET", "/produtos", "", map[string]string{"ixcsoft": "listar", "Authorization": "Bearer " + tok}, `{}`)
	if r.status != 400 {
		t.Fatalf("bearer: %d", r.status)
	}
	// inactive user → 401; re-activation works mid-run
	u := User{ID: "1", Name: "x", Active: false}
	e.sim.SetUser(u)
	if r := e.do("GET", "/produtos", tok, listar, `{}`); r.status != 401 {
		t.Fatalf("inactive: %d", r.status)
	}
	if rec, _ := e.sim.Row("usuarios", "1"); rec["status"] != "I" {
		t.Fatalf("usuarios row status %q", rec["status"])
	}
	u.Active = true
	e.sim.SetUser(u)
	if r := e.do("GET", "/produtos", tok, listar, `{}`); r.status != 200 {
		t.Fatalf("reactivated: %d", r.status)
	}
}

func TestTokens(t *testing.T) {
	a, b := New(Options{Seed: 3}), New(Options{Seed: 3})
	c := New(Options{Seed: 4})
	re := regexp.MustCompile(`^[0-9]+:[0-9a-f]{64}$`)
	if !re.MatchString(a.DemoToken()) || !re.MatchString(a.RestrictedToken()) {
		t.Fatalf("token format: %s %s", a.DemoToken(), a.RestrictedToken())
	}
	if a.DemoToken() != b.DemoToken() || a.DemoToken() == c.DemoToken() || a.DemoToken() == a.RestrictedToken() {
		t.Fatal("tokens must be deterministic per seed and distinct")
	}
	if !strings.HasPrefix(a.DemoToken(), "1:") || !strings.HasPrefix(a.RestrictedToken(), "2:") {
		t.Fatal("demo user ids")
	}
	tok := a.AddUser(User{Name: "Novo", Active: true, Hash: strings.Repeat("AB", 32)})
	if tok != "3:"+strings.Repeat("ab", 32) {
		t.Fatalf("AddUser token %q", tok)
	}
	if rec, ok := a.Row("usuarios", "3"); !ok || rec["nome"] != "Novo" || rec["acesso_webservice"] != "S" {
		t.Fatalf("usuarios row: %v", rec)
	}
}

func TestIPNotAllowed(t *testing.T) {
	e := newEnv(t)
	tok := e.sim.AddUser(User{ID: "50", Name: "Rede", Active: true, AllowedNets: []string{"10.0.0.0/8"}})
	r := e.do("GET", "/produtos", tok, listar, `{}`)
	if r.status != 200 || r.body != `{"type":"error","message":"Seu IP n\u00e3o est\u00e1 liberado para efetuar login!"}` {
		t.Fatalf("got %d %s", r.status, r.body)
	}
	e.sim.SetUser(User{ID: "50", Name: "Rede", Active: true, AllowedNets: []string{"10.0.0.0/8", "127.0.0.0/8"}})
	if r := e.do("GET", "/produtos", tok, listar, `{}`); r.status != 200 || strings.Contains(r.body, "error") {
		t.Fatalf("allowed: %s", r.body)
	}
}

func TestPermissionDenied(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	tok := e.sim.RestrictedToken()
	if r := e.do("GET", "/produtos", tok, listar, `{}`); len(ids(t, r)) != 4 {
		t.Fatalf("restricted may list produtos: %s", r.body)
	}
	denied := []struct{ method, path, hdrListar, verb string }{
		{"GET", "/radusuarios", "listar", "listar"},
		{"POST", "/cliente_contrato_servicos", "listar", "listar"},
		{"GET", "/funcionarios", "listar", "listar"},
		{"POST", "/produtos", "", "inserir"},
		{"PUT", "/produtos/1", "", "editar"},
		{"DELETE", "/produtos/1", "", "excluir"},
	}
	for _, d := range denied {
		var h map[string]string
		if d.hdrListar != "" {
			h = listar
		}
		r := e.do(d.method, d.path, tok, h, `{"descricao":"x"}`)
		m := r.json(t)
		msg, _ := m["message"].(string)
		if r.status != 200 || m["type"] != "error" || !strings.Contains(msg, "permiss") || !strings.Contains(msg, d.verb) {
			t.Errorf("%s %s: %d %v", d.method, d.path, r.status, m)
		}
	}
	if st := e.sim.Stats(); st.Denied != int64(len(denied)) {
		t.Fatalf("Denied = %d", st.Denied)
	}
	if e.sim.Count("produtos") != 4 {
		t.Fatal("denied write applied")
	}
	// SetUser changes permissions mid-run
	e.sim.SetUser(User{ID: "2", Name: "r", Active: true, Perms: map[string]Perm{"radusuarios": {List: true}}})
	if r := e.do("GET", "/radusuarios", tok, listar, `{}`); r.body != `{"page":"1","total":"0"}` {
		t.Fatalf("after SetUser: %s", r.body)
	}
}

func TestViewEnvelope(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	r := e.list(viewName, map[string]any{"qtype": viewName + ".cliente_contrato_id", "query": "101", "oper": "=",
		"page": "1", "rp": "17", "sortname": viewName + ".id", "sortorder": "desc"})
	if r.header.Get("Content-Type") != "text/x-json; charset=utf-8" {
		t.Fatal("content type")
	}
	var v struct {
		Page  string `json:"page"`
		Total string `json:"total"`
		Rows  []struct {
			ID   string   `json:"id"`
			Cell []string `json:"cell"`
		} `json:"rows"`
		Tot []any `json:"tot"`
	}
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	// contract 101 is on plan 2 (no plan rows) and has its own row 40
	if v.Total != "1" || len(v.Rows) != 1 || v.Rows[0].ID != "40" {
		t.Fatalf("101: %s", r.body)
	}
	c := v.Rows[0].Cell
	if len(c) != 15 || c[0] != "40" || c[1] != "Locação" || c[3] != "Roteador Ação" || c[4] != "2" ||
		c[5] != "10,00" || c[6] != "20,00" || c[11] != "Contrato" || c[12] != "101" {
		t.Fatalf("cell: %q", c)
	}
	if len(v.Tot) != 4 || v.Tot[0] != "20,00" || v.Tot[1] != false {
		t.Fatalf("tot: %v", v.Tot)
	}
	// contract 100 inherits plan 1's two rows
	r = e.list(viewName, map[string]any{"qtype": viewName + ".cliente_contrato_id", "query": "100", "oper": "=",
		"sortname": viewName + ".id", "sortorder": "desc"})
	if err := json.Unmarshal([]byte(r.body), &v); err != nil {
		t.Fatal(err)
	}
	if v.Total != "2" || v.Rows[0].ID != "31" || v.Rows[1].ID != "30" || v.Rows[1].Cell[11] != "Plano" ||
		v.Rows[1].Cell[3] != "LevEduca Cursos" || v.Rows[1].Cell[14] != "0" || v.Tot[0] != "119,80" {
		t.Fatalf("100: %s", r.body)
	}
	// filter on a hidden field, across all contracts
	r = e.list(viewName, map[string]any{"qtype": viewName + ".id_produto", "query": "2", "oper": "="})
	if err := json.Unmarshal([]byte(r.body), &v); err != nil || v.Total != "2" {
		t.Fatalf("by product: %s", r.body)
	}
	// writes are refused with a type error; bad fields are processing errors
	if m := e.do("POST", "/"+viewName, e.sim.DemoToken(), nil, `{"id":"1"}`).json(t); m["type"] != "error" {
		t.Fatalf("insert into view: %v", m)
	}
	if r := e.list(viewName, map[string]any{"qtype": "cliente_contrato_id", "query": "100"}); r.status != 500 {
		t.Fatalf("prefix: %d", r.status)
	}
}

func TestFaultLatency(t *testing.T) {
	e := newEnv(t)
	e.sim.SetFaults(Faults{Latency: 150 * time.Millisecond, Jitter: 50 * time.Millisecond})
	start := time.Now()
	e.list("produtos", map[string]any{})
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("latency not applied: %v", d)
	}
	e.sim.SetFaults(Faults{})
	start = time.Now()
	e.list("produtos", map[string]any{})
	if d := time.Since(start); d > 140*time.Millisecond {
		t.Fatalf("latency not cleared: %v", d)
	}
}

func TestFaultErrorRate(t *testing.T) {
	e := newEnv(t)
	e.sim.SetFaults(Faults{ErrorRate: 1})
	r := e.list("produtos", map[string]any{})
	if r.status != 500 || r.body != redDiv {
		t.Fatalf("%d %q", r.status, r.body)
	}
	e.sim.SetFaults(Faults{ErrorRate: 0.5})
	fails := 0
	for i := 0; i < 200; i++ {
		if e.list("produtos", map[string]any{}).status == 500 {
			fails++
		}
	}
	if fails < 60 || fails > 140 {
		t.Fatalf("rate 0.5 gave %d/200", fails)
	}
}

func TestFault504(t *testing.T) {
	e := newEnv(t)
	e.sim.SetFaults(Faults{Max504Rows: 500})
	r := e.list("produtos", map[string]any{"rp": "1000"})
	if r.status != 504 || !strings.Contains(r.body, "504 Gateway Time-out") {
		t.Fatalf("%d %q", r.status, r.body)
	}
	if r := e.list("produtos", map[string]any{"rp": "500"}); r.status != 200 {
		t.Fatalf("rp at limit: %d", r.status)
	}
}

func TestFaultDrop(t *testing.T) {
	e := newEnv(t)
	e.sim.SetFaults(Faults{DropRate: 1})
	if _, err := e.raw("GET", "/produtos", e.sim.DemoToken(), listar, `{}`); err == nil {
		t.Fatal("expected a dropped connection")
	}
	e.sim.SetFaults(Faults{})
	if _, err := e.raw("GET", "/produtos", e.sim.DemoToken(), listar, `{}`); err != nil {
		t.Fatal(err)
	}
}

func TestFaultLoseWriteResponses(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	e.sim.SetFaults(Faults{LoseWriteResponses: 2})
	tok := e.sim.DemoToken()
	// a list is not a write: answered normally
	if _, err := e.raw("GET", "/unidades", tok, listar, `{}`); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 2; i++ {
		if _, err := e.raw("POST", "/unidades", tok, nil, fmt.Sprintf(`{"descricao":"U%d","sigla":"U%d"}`, i, i)); err == nil {
			t.Fatalf("write %d: expected dropped response", i)
		}
	}
	if e.sim.Count("unidades") != 3 {
		t.Fatalf("writes must be applied: %d", e.sim.Count("unidades"))
	}
	r, err := e.raw("POST", "/unidades", tok, nil, `{"descricao":"U3","sigla":"U3"}`)
	if err != nil || r.json(t)["type"] != "success" {
		t.Fatalf("third write: %v %v", err, r.body)
	}
}

func TestFaultDownFor(t *testing.T) {
	e := newEnv(t)
	e.sim.SetFaults(Faults{DownFor: 300 * time.Millisecond})
	if _, err := e.raw("GET", "/produtos", e.sim.DemoToken(), listar, `{}`); err == nil {
		t.Fatal("expected failure while down")
	}
	time.Sleep(350 * time.Millisecond)
	if r, err := e.raw("GET", "/produtos", e.sim.DemoToken(), listar, `{}`); err != nil || r.status != 200 {
		t.Fatalf("after DownFor: %v", err)
	}
}

func TestStats(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	tok := e.sim.DemoToken()
	e.list("produtos", map[string]any{})
	e.do("POST", "/unidades", tok, nil, `{"descricao":"a","sigla":"b"}`)
	e.do("PUT", "/unidades/13", tok, nil, `{"descricao":"a","sigla":"b"}`)
	e.do("DELETE", "/unidades/13", tok, nil, "")
	e.do("GET", "/nada", tok, listar, `{}`)
	st := e.sim.Stats()
	if st.Requests != 5 || st.Lists != 1 || st.Inserts != 1 || st.Updates != 1 || st.Deletes != 1 || st.Errors != 1 || st.BytesOut == 0 {
		t.Fatalf("%+v", st)
	}
	e.sim.ResetStats()
	if st := e.sim.Stats(); st != (Stats{}) {
		t.Fatalf("reset: %+v", st)
	}
}

func TestDirectAccess(t *testing.T) {
	s := New(Options{})
	s.Load("cliente_contrato", []Record{{"id": "5", "status": "A"}, {"id": "2"}, {"id": "10", "novo_campo": "x"}, {"status": "P"}})
	rows := s.Rows("cliente_contrato")
	var got []string
	for _, r := range rows {
		got = append(got, r["id"])
	}
	if !eqStrings(got, []string{"2", "5", "10", "11"}) {
		t.Fatalf("order: %v", got)
	}
	if rows[2]["novo_campo"] != "x" || rows[0]["novo_campo"] != "" || rows[1]["status"] != "A" || rows[0]["id_cliente"] != "0" {
		t.Fatalf("columns: %v", rows[:3])
	}
	s.Put("cliente_contrato", Record{"id": "3", "status": "I"})
	s.Put("cliente_contrato", Record{"id": "5", "status": "D"})
	if r, _ := s.Row("cliente_contrato", "5"); r["status"] != "D" {
		t.Fatal("replace")
	}
	if !s.Remove("cliente_contrato", "2") || s.Remove("cliente_contrato", "2") || s.Count("cliente_contrato") != 4 {
		t.Fatal("remove")
	}
	got = nil
	for _, r := range s.Rows("cliente_contrato") {
		got = append(got, r["id"])
	}
	if !eqStrings(got, []string{"3", "5", "10", "11"}) {
		t.Fatalf("after put/remove: %v", got)
	}
	// direct ServeHTTP (no listener) works as a handler too
	rec := newRecorder()
	req, _ := http.NewRequest("GET", "/webservice/v1/cliente_contrato", strings.NewReader(`{"qtype":"cliente_contrato.novo_campo","query":"x","oper":"="}`))
	req.Header.Set("ixcsoft", "listar")
	req.SetBasicAuth("1", strings.SplitN(s.DemoToken(), ":", 2)[1])
	s.ServeHTTP(rec, req)
	if !strings.Contains(rec.body.String(), `"total":"1"`) {
		t.Fatalf("ServeHTTP: %s", rec.body.String())
	}
}

func TestConcurrentUse(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	tok := e.sim.DemoToken()
	done := make(chan error, 40)
	for i := 0; i < 20; i++ {
		go func(i int) {
			r, err := e.raw("POST", "/unidades", tok, nil, fmt.Sprintf(`{"descricao":"U%d","sigla":"S%d"}`, i, i))
			if err == nil && !strings.Contains(r.body, "success") {
				err = fmt.Errorf("insert: %s", r.body)
			}
			done <- err
		}(i)
		go func() {
			r, err := e.raw("GET", "/unidades", tok, listar, `{"rp":"100"}`)
			if err == nil && r.status != 200 {
				err = fmt.Errorf("list: %d", r.status)
			}
			done <- err
		}()
	}
	for i := 0; i < 40; i++ {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	r := e.list("unidades", map[string]any{"rp": "100"})
	got := ids(t, r)
	if len(got) != 21 || got[20] != "33" {
		t.Fatalf("ids after concurrent inserts: %v", got)
	}
}

// With an empty query IXC ignores qtype and oper: the shapes three
// published clients send list every record instead of failing.
func TestEmptyQueryIgnoresQtypeAndOper(t *testing.T) {
	e := newEnv(t)
	seed(e.sim)
	want := ids(t, e.list("cliente", map[string]any{"rp": "100"}))
	if len(want) == 0 {
		t.Fatal("the seed has no cliente")
	}
	for _, b := range []map[string]any{
		{"qtype": "cliente", "query": "", "oper": ""},
		{"qtype": "cliente", "query": "", "oper": "LIKE"},
		{"qtype": "cliente.id", "query": "", "oper": "="},
		{"qtype": "", "query": "", "oper": "XX"},
		{"qtype": "naoexiste", "query": ""},
	} {
		b["rp"] = "100"
		r := e.list("cliente", b)
		if r.status != 200 {
			t.Errorf("%v: HTTP %d %q", b, r.status, r.body)
			continue
		}
		if got := ids(t, r); !eqStrings(got, want) {
			t.Errorf("%v: ids %v, want %v", b, got, want)
		}
	}
	// A non-empty query still needs a table.field qtype and a real operator.
	for _, b := range []map[string]any{
		{"qtype": "cliente", "query": "1", "oper": "="},
		{"qtype": "cliente.id", "query": "1", "oper": "LIKE"},
	} {
		if r := e.list("cliente", b); r.status != 500 {
			t.Errorf("%v: HTTP %d", b, r.status)
		}
	}
}

// NumericIDEvery: every Nth insert answer carries "id" as a JSON number,
// the others as a string (both forms are in IXC's saved answers).
func TestInsertNumericIDEvery(t *testing.T) {
	s := New(Options{Seed: 7, Now: fixedNow, NumericIDEvery: 2})
	base, err := s.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	e := &env{t: t, sim: s, base: base, cl: &http.Client{Timeout: 10 * time.Second}}
	var kinds []string
	for i := range 4 {
		r := e.do("POST", "/unidades", s.DemoToken(), nil, fmt.Sprintf(`{"descricao":"U%d","sigla":"U%d"}`, i, i))
		switch id := r.json(t)["id"].(type) {
		case string:
			kinds = append(kinds, "string")
		case float64:
			kinds = append(kinds, "number")
			if _, ok := s.Row("unidades", fmt.Sprint(int(id))); !ok {
				t.Fatalf("numeric id %v names no row", id)
			}
		default:
			t.Fatalf("id %T", id)
		}
	}
	if !eqStrings(kinds, []string{"string", "number", "string", "number"}) {
		t.Fatalf("id forms %v", kinds)
	}
}
