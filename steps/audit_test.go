package steps_test

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

func TestCleanSetupHasNoFinding(t *testing.T) {
	w := newWorld(t)
	rep := w.audit()
	expectOnly(t, rep, map[string][]string{})
	if rep.Outcome() != steps.OutcomeOK {
		t.Errorf("outcome = %v", rep.Outcome())
	}
	if s := rep.Summary; s.EntitledContracts != 2 || s.ReadyContracts != 2 || s.ReadyEmployees != 0 || s.Errors != 0 || s.Warnings != 0 {
		t.Errorf("summary = %+v", s)
	}
	for _, s := range rep.Steps {
		if s.Status != steps.StatusOK {
			t.Errorf("step %s status %s", s.Step, s.Status)
		}
	}
	st := w.sim.Stats()
	if st.Inserts+st.Updates+st.Deletes != 0 {
		t.Errorf("the audit wrote to IXC: %+v", st)
	}
}

// Each case breaks the clean setup in one way and expects exactly these
// findings with exactly these records.
func TestFindings(t *testing.T) {
	cases := []struct {
		name  string
		setup func(w *world)
		want  map[string][]string
	}{
		{"product missing", func(w *world) { w.p.Products[0].ID = "999" },
			map[string][]string{"PRODUCT_MISSING": {"produtos:999"}}},
		{"product inactive", func(w *world) { w.set("produtos", "310", map[string]string{"ativo": "N"}) },
			map[string][]string{"PRODUCT_INACTIVE": {"produtos:310"}}},
		{"product not a service", func(w *world) { w.set("produtos", "311", map[string]string{"tipo": "C"}) },
			map[string][]string{"PRODUCT_NOT_SERVICE": {"produtos:311"}}},
		{"product stock control", func(w *world) { w.set("produtos", "310", map[string]string{"controla_estoque": "S"}) },
			map[string][]string{"PRODUCT_STOCK_CONTROL": {"produtos:310"}}},
		{"product movement", func(w *world) { w.set("produtos", "310", map[string]string{"movimentacao": "A"}) },
			map[string][]string{"PRODUCT_MOVEMENT": {"produtos:310"}}},
		{"product unit looked up by sigla", func(w *world) {
			w.set("unidades", "13", map[string]string{"sigla": "CX"})
			w.sim.Put("unidades", ixcsim.Record{"id": "40", "descricao": "Serviço", "sigla": "SER"})
			w.set("produtos", "310", map[string]string{"unidade": "40"})
		}, map[string][]string{"PRODUCT_UNIT": {"produtos:311"}}},
		{"product price", func(w *world) {
			w.set("produtos", "310", map[string]string{"preco_base": "0.00"})
			w.set("produtos", "311", map[string]string{"preco_base": ""})
		}, map[string][]string{"PRODUCT_PRICE": {"produtos:310", "produtos:311"}}},
		{"product fiscal", func(w *world) {
			w.set("produtos", "310", map[string]string{"icms_issqn": ""})
			w.set("produtos", "311", map[string]string{"id_class_fiscal": "0"})
		}, map[string][]string{"PRODUCT_FISCAL": {"produtos:310", "produtos:311"}}},
		{"product shared", func(w *world) { w.p.Products[1].ID = "310" },
			map[string][]string{"PRODUCT_SHARED": {"produtos:310"}}},
		{"product duplicate", func(w *world) {
			dup := func(id, name string) {
				w.sim.Put("produtos", ixcsim.Record{"id": id, "descricao": name, "ativo": "S", "tipo": "S",
					"controla_estoque": "N", "movimentacao": "V", "unidade": "13", "preco_base": "9.90",
					"icms_issqn": "ISSQN", "id_class_fiscal": "3", "id_sub_grupo": "7"})
			}
			dup("320", " produto 310 ") // on plan 14, whose contract 103 is active
			w.planRow("20", "14", "320")
			dup("321", "PRODUTO 310") // contract row on active contract 102
			w.contractRow("21", "102", "321")
			dup("322", "Produto 311") // active additional service on active contract 101
			w.service("22", "101", "322", "A", "0000-00-00")
			// Not duplicates that bill anyone:
			w.sim.Put("vd_contratos", ixcsim.Record{"id": "16", "nome": "ANTIGO", "tipo": "I", "Ativo": "S"})
			w.contract("112", "3", "16", "I")
			dup("323", "Produto 310") // on a plan whose only contract is inactive
			w.planRow("23", "16", "323")
			dup("324", "Produto 310")  // linked to nothing
			dup("325", "Produto 3100") // another name that LIKE also matches
			w.planRow("25", "14", "325")
			dup("326", "Produto 310") // expired service, service inactive, contract row of an inactive contract
			w.service("26", "101", "326", "A", "2026-11-29")
			w.service("27", "102", "326", "I", "0000-00-00")
			w.contractRow("28", "112", "326")
		}, map[string][]string{"PRODUCT_DUPLICATE": {"produtos:320", "produtos:321", "produtos:322"}}},
		{"link none and other method", func(w *world) { w.p.Link.Method = "contract"; w.p.Link.Plans = nil },
			map[string][]string{"LINK_NONE": {"produtos:310", "produtos:311"}, "LINK_OTHER_METHOD": {"vd_contratos:12"}}},
		{"link plan missing", func(w *world) { w.p.Link.Plans = []string{"12", "14"} },
			map[string][]string{"LINK_PLAN_MISSING": {"vd_contratos:14"}}},
		{"link contract missing, double", func(w *world) {
			w.p.Link.Method, w.p.Link.Plans, w.p.Link.Contracts = "contract", nil, []string{"101", "103"}
			w.contractRow("10", "101", "310")
		}, map[string][]string{
			"LINK_CONTRACT_MISSING": {"cliente_contrato:103"},
			"LINK_NONE":             {"produtos:311"}, // Paramount is on no contract
			"LINK_OTHER_METHOD":     {"vd_contratos:12"},
			"LINK_DOUBLE":           {"cliente_contrato:101"},
		}},
		{"link plan inactive", func(w *world) { w.set("vd_contratos", "12", map[string]string{"Ativo": "N"}) },
			map[string][]string{"LINK_PLAN_INACTIVE": {"vd_contratos:12"}}},
		{"link plan empty", func(w *world) {
			w.sim.Put("vd_contratos", ixcsim.Record{"id": "15", "nome": "COMBO", "tipo": "I", "Ativo": "S"})
			w.planRow("3", "15", "310")
			w.contract("109", "3", "15", "I")
			w.p.Link.Plans = []string{"12", "15"}
		}, map[string][]string{"LINK_PLAN_EMPTY": {"vd_contratos:15"}}},
		{"link other method by additional service", func(w *world) { w.service("1", "103", "310", "A", "0000-00-00") },
			map[string][]string{"LINK_OTHER_METHOD": {"cliente_contrato:103"}}},
		{"link double", func(w *world) { w.contractRow("10", "101", "310") },
			map[string][]string{"LINK_DOUBLE": {"cliente_contrato:101"}, "LINK_OTHER_METHOD": {"cliente_contrato:101"}}},
		{"link inactive contract", func(w *world) {
			w.contract("104", "3", "14", "I")
			w.contractRow("10", "104", "310")
			w.contract("105", "3", "12", "I") // inherits from the plan: does not count
		}, map[string][]string{"LINK_INACTIVE_CONTRACT": {"cliente_contrato:104"}, "LINK_OTHER_METHOD": {"cliente_contrato:104"}}},
		{"link blocked contract", func(w *world) {
			w.set("cliente_contrato", "101", map[string]string{"status_internet": "CA"})
			w.set("cliente_contrato", "102", map[string]string{"contrato_suspenso": "S"})
		}, map[string][]string{"LINK_BLOCKED_CONTRACT": {"cliente_contrato:101", "cliente_contrato:102"}}},
		{"link service inactive", func(w *world) {
			w.service("1", "103", "310", "I", "0000-00-00")
			w.service("2", "103", "311", "A", "2026-11-30") // valid today: an active link
			w.sim.Put("cliente_contrato_servicos", ixcsim.Record{"id": "3", "id_contrato": "102", "id_produto": "310",
				"tipo_acres_desc": "D", "status": "A", "data_validade": "0000-00-00"}) // a discount: never a link
		}, map[string][]string{"LINK_SERVICE_INACTIVE": {"cliente_contrato:103"}, "LINK_OTHER_METHOD": {"cliente_contrato:103"}}},
		{"link service expired", func(w *world) {
			w.p.Link.Method, w.p.Link.Plans = "additional_service", nil
			w.sim.Remove("vd_contratos_produtos", "1")
			w.sim.Remove("vd_contratos_produtos", "2")
			w.service("1", "101", "310", "A", "2026-11-29")
			w.service("2", "102", "310", "A", "")
		}, map[string][]string{"LINK_SERVICE_INACTIVE": {"cliente_contrato:101"}, "LINK_NONE": {"produtos:311"}}},
		{"hotsite missing", func(w *world) {
			w.set("cliente", "1", map[string]string{"senha": ""})
			w.set("cliente", "2", map[string]string{"hotsite_email": "  "})
		}, map[string][]string{"AUTH_HOTSITE_MISSING": {"cliente:1", "cliente:2"}}},
		{"hotsite duplicate", func(w *world) {
			w.set("cliente", "3", map[string]string{"hotsite_email": " ANA@example.com "})
			w.customer("4", "F", "", "same@example.com", "x") // duplicates among non-entitled customers only
			w.customer("5", "F", "", "same@example.com", "y")
		}, map[string][]string{"AUTH_HOTSITE_DUPLICATE": {"cliente:1", "cliente:3"}}},
		{"pppoe missing and unlinked", func(w *world) {
			w.p.Auth.Method = "pppoe"
			w.set("radusuarios", "1", map[string]string{"id_contrato": "0"})
			w.set("radusuarios", "2", map[string]string{"ativo": "N"})
			w.contract("107", "2", "14", "A") // the customer's other contract has a login: it does not count
			w.login("4", "2", "107", "S")
		}, map[string][]string{"AUTH_PPPOE_MISSING": {"cliente_contrato:102"}, "AUTH_PPPOE_UNLINKED": {"cliente_contrato:101"}}},
		{"documents", func(w *world) {
			w.p.Auth.Method = "cpf_cnpj"
			w.set("cliente", "1", map[string]string{"cnpj_cpf": ""})
			w.set("cliente", "2", map[string]string{"cnpj_cpf": "111.444.777-36"})
			w.customer("4", "F", "11.222.333/0001-81", "c4@example.com", "x") // CNPJ on F, same as customer 3
			w.contract("108", "4", "12", "A")
			w.customer("5", "J", "12.ABC.345/01DE-35", "c5@example.com", "x") // alphanumeric CNPJ: valid
			w.contract("110", "5", "12", "A")
			w.customer("6", "F", "111.111.111-11", "c6@example.com", "x") // one repeated digit
			w.contract("111", "6", "12", "A")
		}, map[string][]string{
			"AUTH_DOC_MISSING":   {"cliente:1"},
			"AUTH_DOC_INVALID":   {"cliente:2", "cliente:6"},
			"AUTH_DOC_DUPLICATE": {"cliente:3", "cliente:4"},
			"AUTH_DOC_TYPE":      {"cliente:4"},
		}},
		{"employees", func(w *world) {
			w.p.Auth.Method = "employee_cpf"
			w.sim.Put("funcionarios", ixcsim.Record{"id": "2", "funcionario": "Inválido", "ativo": "S", "cpf_cnpj": "123.456.789-00", "data_demissao": "0000-00-00"})
			w.sim.Put("funcionarios", ixcsim.Record{"id": "3", "funcionario": "Demitido", "ativo": "S", "cpf_cnpj": "529.982.247-25", "data_demissao": "2026-11-30"})
			w.sim.Put("funcionarios", ixcsim.Record{"id": "4", "funcionario": "Inativo", "ativo": "N", "cpf_cnpj": "", "data_demissao": "2020-01-01"})
			w.sim.Put("funcionarios", ixcsim.Record{"id": "5", "funcionario": "Saindo", "ativo": "S", "cpf_cnpj": "", "data_demissao": "2026-12-15"})
		}, map[string][]string{"AUTH_EMPLOYEE_INVALID": {"funcionarios:2", "funcionarios:5"}, "AUTH_EMPLOYEE_DISMISSED": {"funcionarios:3"}}},
		{"employees none", func(w *world) {
			w.p.Auth.Method = "employee_cpf"
			w.set("funcionarios", "1", map[string]string{"ativo": "N"})
		}, map[string][]string{"AUTH_EMPLOYEE_NONE": nil}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t)
			c.setup(w)
			rep := w.audit()
			expectOnly(t, rep, c.want)
			errs := 0
			for code := range c.want {
				if steps.SeverityOf(code) == steps.Error {
					errs++
				}
			}
			if rep.Summary.Errors != errs {
				t.Errorf("summary errors = %d, want %d", rep.Summary.Errors, errs)
			}
			if st := w.sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
				t.Errorf("the audit wrote to IXC: %+v", st)
			}
		})
	}
}

func TestSummaryCounts(t *testing.T) {
	w := newWorld(t)
	w.set("cliente", "2", map[string]string{"senha": ""})
	rep := w.audit()
	if rep.Summary.EntitledContracts != 2 || rep.Summary.ReadyContracts != 1 {
		t.Errorf("summary = %+v", rep.Summary)
	}
	w.p.Auth.Method = "employee_cpf"
	rep = w.audit()
	if rep.Summary.ReadyContracts != 0 || rep.Summary.ReadyEmployees != 1 || rep.Summary.EntitledContracts != 2 {
		t.Errorf("employee summary = %+v", rep.Summary)
	}
}

func TestNoProductSkipsLinkAndAuth(t *testing.T) {
	w := newWorld(t)
	w.p.Products = nil
	rep := w.audit()
	f := finding(t, rep, "PRODUCT_MISSING")
	if len(f.Records) != 0 {
		t.Errorf("records = %v", f.Records)
	}
	for _, s := range []string{steps.StepLink, steps.StepAuth} {
		if st := rep.Step(s).Status; st != steps.StatusSkipped {
			t.Errorf("%s status = %s", s, st)
		}
	}
	if rep.Outcome() != steps.OutcomeFindings {
		t.Errorf("outcome = %v", rep.Outcome())
	}
}

func TestTableDenied(t *testing.T) {
	w := newWorld(t)
	rep := steps.Audit(t.Context(), w.reader(w.sim.RestrictedToken()), w.p, steps.Options{})
	expectOnly(t, rep, map[string][]string{"TABLE_DENIED": {"cliente_contrato_servicos:"}})
	if rep.Step(steps.StepProduct).Status != steps.StatusOK {
		t.Errorf("product step = %s", rep.Step(steps.StepProduct).Status)
	}
	for _, s := range []string{steps.StepLink, steps.StepAuth} {
		if st := rep.Step(s).Status; st != steps.StatusSkipped {
			t.Errorf("%s status = %s", s, st)
		}
	}
	if rep.Outcome() != steps.OutcomeFindings {
		t.Errorf("outcome = %v, want findings (exit 1)", rep.Outcome())
	}

	// A user without radusuarios: only the pppoe auth step is skipped.
	all := ixcsim.Perm{List: true}
	perms := map[string]ixcsim.Perm{}
	for _, tb := range steps.BaseTables {
		perms[tb] = all
	}
	tok := w.sim.AddUser(ixcsim.User{ID: "30", Name: "sem radius", Active: true, Perms: perms})
	w.p.Auth.Method = "pppoe"
	rep = steps.Audit(t.Context(), w.reader(tok), w.p, steps.Options{})
	expectOnly(t, rep, map[string][]string{"TABLE_DENIED": {"radusuarios:"}})
	if rep.Step(steps.StepLink).Status != steps.StatusOK || rep.Step(steps.StepAuth).Status != steps.StatusSkipped {
		t.Errorf("link %s auth %s", rep.Step(steps.StepLink).Status, rep.Step(steps.StepAuth).Status)
	}
}

func TestConnectionFindings(t *testing.T) {
	w := newWorld(t)
	check := func(t *testing.T, rep *steps.Report, code string) {
		t.Helper()
		expectOnly(t, rep, map[string][]string{code: nil})
		if rep.Outcome() != steps.OutcomeIXC {
			t.Errorf("outcome = %v, want IXC (exit 3)", rep.Outcome())
		}
		for _, s := range rep.Steps[1:] {
			if s.Status != steps.StatusSkipped {
				t.Errorf("%s status = %s", s.Step, s.Status)
			}
		}
	}
	t.Run("token rejected", func(t *testing.T) {
		bad := fmt.Sprintf("1:%x", sha256.Sum256([]byte("wrong")))
		check(t, steps.Audit(t.Context(), w.reader(bad), w.p, steps.Options{}), "TOKEN_REJECTED")
	})
	t.Run("ip not allowed", func(t *testing.T) {
		tok := w.sim.AddUser(ixcsim.User{ID: "31", Name: "rede", Active: true, AllowedNets: []string{"10.0.0.0/8"}})
		check(t, steps.Audit(t.Context(), w.reader(tok), w.p, steps.Options{}), "IP_NOT_ALLOWED")
	})
	t.Run("unreachable", func(t *testing.T) {
		srv := httptest.NewServer(http.NotFoundHandler())
		srv.Close()
		w2 := *w
		w2.url = srv.URL
		check(t, steps.Audit(t.Context(), w2.reader(w.sim.DemoToken()), w.p, steps.Options{}), "IXC_UNREACHABLE")
	})
	t.Run("not ixc", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
			rw.Header().Set("Content-Type", "text/html")
			_, _ = rw.Write([]byte("<html><body>Bem-vindo ao nosso site</body></html>"))
		}))
		defer srv.Close()
		w2 := *w
		w2.url = srv.URL
		check(t, steps.Audit(t.Context(), w2.reader(w.sim.DemoToken()), w.p, steps.Options{}), "IXC_NOT_IXC")
	})
	t.Run("tls", func(t *testing.T) {
		srv := httptest.NewUnstartedServer(w.sim)
		srv.Config.ErrorLog = log.New(io.Discard, "", 0)
		srv.StartTLS()
		defer srv.Close()
		w2 := *w
		w2.url = srv.URL
		check(t, steps.Audit(t.Context(), w2.reader(w.sim.DemoToken()), w.p, steps.Options{}), "IXC_TLS")
	})
}

func TestTokenFormatReport(t *testing.T) {
	rep := steps.TokenFormatReport("https://ixc.example.com/webservice/v1", "42", steps.Finding{}.Message)
	expectOnly(t, rep, map[string][]string{"TOKEN_FORMAT": nil})
	if rep.Outcome() != steps.OutcomeInput {
		t.Errorf("outcome = %v, want input (exit 2)", rep.Outcome())
	}
	if len(rep.Steps) != 4 || rep.Steps[3].Status != steps.StatusSkipped {
		t.Errorf("steps = %+v", rep.Steps)
	}
}

// IXC stops answering after the product step has finished (every page of
// contracts gets a 503): the token step says IXC_UNREACHABLE and, as
// design.md §6 says of any exit-3 finding, every other step is skipped —
// the finished product step too — with an empty summary.
func TestConnectionLostMidAuditSkipsEveryStep(t *testing.T) {
	w := newWorld(t)
	w.set("produtos", "310", map[string]string{"unidade": "1"}) // a product finding that must not survive
	var failedPages atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if strings.HasSuffix(r.URL.Path, "/cliente_contrato") && !bytes.Contains(body, []byte(`"rp":"1"`)) {
			failedPages.Add(1)
			http.Error(rw, "Service Unavailable", http.StatusServiceUnavailable)
			return
		}
		w.sim.ServeHTTP(rw, r)
	}))
	defer srv.Close()
	w2 := *w
	w2.url = srv.URL + "/webservice/v1"
	rep := steps.Audit(t.Context(), w2.reader(w.sim.DemoToken()), w.p, steps.Options{Now: func() time.Time { return today }})
	if failedPages.Load() == 0 {
		t.Fatal("no page of contracts was asked for")
	}
	if got := codes(rep); !slices.Equal(got, []string{"IXC_UNREACHABLE"}) {
		t.Fatalf("codes = %v, want only IXC_UNREACHABLE", got)
	}
	if rep.Outcome() != steps.OutcomeIXC || rep.Summary != (steps.Summary{Errors: 1}) {
		t.Errorf("outcome %v, summary %+v", rep.Outcome(), rep.Summary)
	}
	for _, s := range rep.Steps[1:] {
		if s.Status != steps.StatusSkipped {
			t.Errorf("%s status = %s", s.Step, s.Status)
		}
	}
}
