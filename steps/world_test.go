package steps_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// today is the fixed "now" of these tests, in IXC's time zone.
var today = time.Date(2026, 11, 30, 12, 0, 0, 0, time.FixedZone("BRT", -3*3600))

// world is a simulator over real HTTP with a small, clean LevEduca setup
// that each test breaks in one way.
type world struct {
	t   *testing.T
	sim *ixcsim.Sim
	url string
	p   *profile.Profile
}

func newWorld(t *testing.T) *world {
	t.Helper()
	sim := ixcsim.New(ixcsim.Options{Seed: 7, Now: func() time.Time { return today }})
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	w := &world{t: t, sim: sim, url: url}
	w.seedClean()
	p, err := profile.Parse([]byte(`
[ixc]
url = "` + url + `"
token_user = "1"

[[product]]
offer = "leveduca"
id = "310"

[[product]]
offer = "paramount"
id = "311"

[link]
method = "plan"
plans = ["12"]

[auth]
method = "hotsite"
`))
	if err != nil {
		t.Fatal(err)
	}
	w.p = p
	return w
}

// seedClean loads a setup with no finding at all: two good products on
// plan 12, three customers with hotsite logins, valid documents, PPPoE
// logins and one employee.
func (w *world) seedClean() {
	s := w.sim
	s.Put("unidades", ixcsim.Record{"id": "1", "descricao": "Unidade", "sigla": "UN"})
	s.Put("unidades", ixcsim.Record{"id": "13", "descricao": "Serviço", "sigla": "SER"})
	for _, id := range []string{"310", "311"} {
		s.Put("produtos", ixcsim.Record{"id": id, "descricao": "Produto " + id, "ativo": "S", "tipo": "S",
			"controla_estoque": "N", "movimentacao": "V", "unidade": "13", "preco_base": "9.90",
			"icms_issqn": "ISSQN", "id_class_fiscal": "3", "id_sub_grupo": "7"})
	}
	s.Put("vd_contratos", ixcsim.Record{"id": "12", "nome": "FIBRA + LEVEDUCA", "tipo": "I", "Ativo": "S"})
	s.Put("vd_contratos", ixcsim.Record{"id": "14", "nome": "FIBRA 500", "tipo": "I", "Ativo": "S"})
	w.planRow("1", "12", "310")
	w.planRow("2", "12", "311")
	w.customer("1", "F", "529.982.247-25", "ana@example.com", "s1")
	w.customer("2", "F", "111.444.777-35", "bia@example.com", "s2")
	w.customer("3", "J", "11.222.333/0001-81", "loja@example.com", "s3")
	w.contract("101", "1", "12", "A")
	w.contract("102", "2", "12", "A")
	w.contract("103", "3", "14", "A")
	w.login("1", "1", "101", "S")
	w.login("2", "2", "102", "S")
	w.login("3", "3", "103", "S")
	s.Put("funcionarios", ixcsim.Record{"id": "1", "funcionario": "Carlos", "ativo": "S", "cpf_cnpj": "123.456.789-09", "data_demissao": "0000-00-00"})
}

func (w *world) planRow(id, plan, product string) {
	w.sim.Put("vd_contratos_produtos", ixcsim.Record{"id": id, "id_vd_contrato": plan, "id_contrato": "0",
		"id_produto": product, "tipo": "SVA", "qtde": "1", "valor_unit": "9.90", "id_plano": "0", "fixar_ip": "0"})
}

func (w *world) contractRow(id, contractID, product string) {
	w.sim.Put("vd_contratos_produtos", ixcsim.Record{"id": id, "id_vd_contrato": "0", "id_contrato": contractID,
		"id_produto": product, "tipo": "SVA", "qtde": "1", "valor_unit": "9.90", "id_plano": "0", "fixar_ip": "0"})
}

func (w *world) service(id, contractID, product, status, validity string) {
	w.sim.Put("cliente_contrato_servicos", ixcsim.Record{"id": id, "id_contrato": contractID, "id_produto": product,
		"tipo_acres_desc": "A", "status": status, "data_validade": validity, "tipo": "SVA", "descricao": "LevEduca",
		"id_unidade": "13", "quantidade": "1", "valor_unitario": "9.90", "valor_total": "9.90", "repetir": "S",
		"data": "2026-01-01", "status_nf21": "A"})
}

func (w *world) customer(id, tipo, doc, email, senha string) {
	w.sim.Put("cliente", ixcsim.Record{"id": id, "razao": "Cliente " + id, "tipo_pessoa": tipo, "cnpj_cpf": doc,
		"hotsite_email": email, "senha": senha, "ativo": "S"})
}

func (w *world) contract(id, customer, plan, status string) {
	w.sim.Put("cliente_contrato", ixcsim.Record{"id": id, "id_cliente": customer, "id_vd_contrato": plan,
		"status": status, "status_internet": "A", "contrato_suspenso": "N", "contrato": "Contrato " + id})
}

func (w *world) login(id, customer, contractID, ativo string) {
	w.sim.Put("radusuarios", ixcsim.Record{"id": id, "id_cliente": customer, "id_contrato": contractID,
		"login": "user" + id, "senha": "x", "ativo": ativo, "autenticacao": "L"})
}

// set changes some fields of an existing row.
func (w *world) set(table, id string, fields map[string]string) {
	w.t.Helper()
	rec, ok := w.sim.Row(table, id)
	if !ok {
		w.t.Fatalf("no %s %s", table, id)
	}
	for k, v := range fields {
		rec[k] = v
	}
	w.sim.Put(table, rec)
}

func (w *world) reader(token string) *ixc.Reader {
	w.t.Helper()
	tok, err := ixc.ParseToken(token, "")
	if err != nil {
		w.t.Fatal(err)
	}
	c, err := ixc.New(ixc.Options{BaseURL: w.url, Token: tok, Timeout: 5 * time.Second, MaxRetries: 1})
	if err != nil {
		w.t.Fatal(err)
	}
	return c.Reader()
}

func (w *world) audit() *steps.Report {
	w.t.Helper()
	return steps.Audit(context.Background(), w.reader(w.sim.DemoToken()), w.p, steps.Options{Now: func() time.Time { return today }})
}

// finding returns the finding with code, failing if it is absent.
func finding(t *testing.T, rep *steps.Report, code string) steps.Finding {
	t.Helper()
	for _, s := range rep.Steps {
		for _, f := range s.Findings {
			if f.Code == code {
				return f
			}
		}
	}
	t.Fatalf("no finding %s; got %v", code, codes(rep))
	return steps.Finding{}
}

func codes(rep *steps.Report) []string {
	var out []string
	for _, s := range rep.Steps {
		for _, f := range s.Findings {
			out = append(out, f.Code)
		}
	}
	return out
}

func ids(recs []steps.RecordRef) []string {
	var out []string
	for _, r := range recs {
		out = append(out, r.Table+":"+r.ID)
	}
	return out
}

// expectOnly asserts that the report has exactly the codes given, and that
// each has exactly the records given.
func expectOnly(t *testing.T, rep *steps.Report, want map[string][]string) {
	t.Helper()
	got := codes(rep)
	var wantCodes []string
	for c := range want {
		wantCodes = append(wantCodes, c)
	}
	slices.Sort(got)
	slices.Sort(wantCodes)
	if !slices.Equal(got, wantCodes) {
		t.Fatalf("codes = %v, want %v", got, wantCodes)
	}
	for code, recs := range want {
		f := finding(t, rep, code)
		if g := ids(f.Records); !slices.Equal(g, recs) {
			t.Errorf("%s records = %v, want %v", code, g, recs)
		}
	}
}
