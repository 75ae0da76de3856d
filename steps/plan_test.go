package steps_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// client is a full (read-write) client of the world's simulator.
func (w *world) client() *ixc.Client {
	w.t.Helper()
	tok, err := ixc.ParseToken(w.sim.DemoToken(), "")
	if err != nil {
		w.t.Fatal(err)
	}
	c, err := ixc.New(ixc.Options{BaseURL: w.url, Token: tok, Timeout: 5 * time.Second, MaxRetries: 1})
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

func (w *world) journal() *journal.Journal {
	w.t.Helper()
	j, err := journal.Create(w.t.TempDir(), journal.Meta{IXCURL: w.url, TokenUser: "1", Command: "test", Started: today})
	if err != nil {
		w.t.Fatal(err)
	}
	w.t.Cleanup(func() { _ = j.Close() })
	return j
}

// apply runs plan with a fresh journal and returns the result and the
// journal's entries.
func (w *world) apply(plan steps.Plan) (*steps.ApplyResult, []journal.Entry) {
	w.t.Helper()
	j := w.journal()
	res, err := steps.Apply(context.Background(), w.client(), plan, j, false, nil)
	if err != nil {
		w.t.Fatalf("Apply: %v", err)
	}
	_, es, err := journal.Read(j.Path())
	if err != nil {
		w.t.Fatal(err)
	}
	w.checkNoToken(j.Path())
	return res, es
}

// checkNoToken fails if the token's hash is in the file.
func (w *world) checkNoToken(path string) {
	w.t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		w.t.Fatal(err)
	}
	hash := w.sim.DemoToken()[strings.Index(w.sim.DemoToken(), ":")+1:]
	if len(hash) < 32 || strings.Contains(string(data), hash) {
		w.t.Errorf("the token hash is in %s", path)
	}
}

// rowsWhere returns the rows of table whose fields match all of want.
func rowsWhere(sim *ixcsim.Sim, table string, want map[string]string) []ixcsim.Record {
	var out []ixcsim.Record
	for _, r := range sim.Rows(table) {
		ok := true
		for k, v := range want {
			if r[k] != v {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

func states(res *steps.ApplyResult) []string {
	var out []string
	for _, o := range res.Outcomes {
		out = append(out, o.State)
	}
	return out
}

var levSpec = steps.ProductSpec{Offer: "leveduca", Name: "LevEduca - Cursos Online", Subgroup: "7", Price: "9,90",
	Tributacao: "issqn", FiscalClass: "3", Unit: "13"}

func TestPlanProductInsertsEveryRequiredField(t *testing.T) {
	w := newWorld(t)
	r := w.reader(w.sim.DemoToken())
	plan, existing, err := steps.PlanProduct(t.Context(), r, levSpec)
	if err != nil || existing != "" || len(plan.Changes) != 1 {
		t.Fatalf("PlanProduct = %+v, %q, %v", plan, existing, err)
	}
	c := plan.Changes[0]
	if c.Kind != steps.ChangeInsert || c.Table != "produtos" || c.Summary.PT == "" || c.Summary.EN == "" {
		t.Errorf("change = %+v", c)
	}
	res, es := w.apply(plan)
	if res.Done != 1 || res.Outcomes[0].State != steps.ApplyDone {
		t.Fatalf("result = %+v", res)
	}
	id := res.Outcomes[0].ID
	got, ok := w.sim.Row("produtos", id)
	if !ok {
		t.Fatalf("no produtos %s", id)
	}
	want := map[string]string{"descricao": "LevEduca - Cursos Online", "ativo": "S", "tipo": "S", "controla_estoque": "N",
		"movimentacao": "V", "unidade": "13", "preco_base": "9.90", "aceita_valor": "P", "icms_issqn": "ISSQN",
		"id_class_fiscal": "3", "id_sub_grupo": "7", "ncm": "00000000", "mostra_valor_ecommerce": "P", "tipo_ecommerce": "P",
		"ecommerce_prioridade": "0"}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("produtos.%s = %q, want %q", k, got[k], v)
		}
	}
	if n := len(w.sim.Rows("produtos")); n != 3 {
		t.Errorf("%d products, want 3", n)
	}
	// The new product passes the audit's product rules.
	if f := steps.ProductAdvice(got, "13"); len(f) != 0 {
		t.Errorf("advice on the new product: %+v", f)
	}
	if len(es) != 1 || es[0].State != journal.StateDone || es[0].ID != id || es[0].Op != "insert" ||
		es[0].After["descricao"] != "LevEduca - Cursos Online" || es[0].Before != nil {
		t.Errorf("journal = %+v", es)
	}

	// Planning again finds it (trimmed, case-insensitive): no change.
	spec := levSpec
	spec.Name = "  leveduca - CURSOS online "
	plan2, existing2, err := steps.PlanProduct(t.Context(), r, spec)
	if err != nil || !plan2.Empty() || existing2 != id {
		t.Errorf("second PlanProduct = %+v, %q, %v", plan2, existing2, err)
	}
	// Applying the old plan again skips it: no duplicate.
	res2, es2 := w.apply(plan)
	if res2.Skipped != 1 || res2.Outcomes[0].ID != id || len(w.sim.Rows("produtos")) != 3 {
		t.Errorf("re-apply = %+v", res2)
	}
	if len(es2) != 1 || es2[0].State != journal.StateSkipped {
		t.Errorf("re-apply journal = %+v", es2)
	}
}

func TestPlanProductValidates(t *testing.T) {
	w := newWorld(t)
	r := w.reader(w.sim.DemoToken())
	for name, mut := range map[string]func(*steps.ProductSpec){
		"name":   func(s *steps.ProductSpec) { s.Name = " " },
		"price":  func(s *steps.ProductSpec) { s.Price = "abc" },
		"unit":   func(s *steps.ProductSpec) { s.Unit = "" },
		"trib":   func(s *steps.ProductSpec) { s.Tributacao = "IVA" },
		"fiscal": func(s *steps.ProductSpec) { s.FiscalClass = "x" },
	} {
		spec := levSpec
		mut(&spec)
		if _, _, err := steps.PlanProduct(t.Context(), r, spec); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// A product insert missing a required field is refused by IXC: the change
// fails, the next one still runs, and the journal says why.
func TestApplyBusinessErrorContinues(t *testing.T) {
	w := newWorld(t)
	r := w.reader(w.sim.DemoToken())
	good, _, err := steps.PlanProduct(t.Context(), r, levSpec)
	if err != nil {
		t.Fatal(err)
	}
	bad := good.Changes[0]
	bad.Fields = map[string]string{}
	for k, v := range good.Changes[0].Fields {
		if k != "ncm" {
			bad.Fields[k] = v
		}
	}
	bad.Fields["descricao"] = "Sem NCM"
	bad.Key = []ixc.Cond{ixc.Where("produtos.descricao", ixc.OpEq, "Sem NCM")}
	res, es := w.apply(steps.Plan{Changes: []steps.Change{bad, good.Changes[0]}})
	if got := states(res); !slices.Equal(got, []string{"failed", "done"}) {
		t.Fatalf("states = %v", got)
	}
	if res.Outcomes[0].Err == nil || !strings.Contains(res.Outcomes[0].Err.Error(), "ncm") {
		t.Errorf("error = %v", res.Outcomes[0].Err)
	}
	if len(rowsWhere(w.sim, "produtos", map[string]string{"descricao": "Sem NCM"})) != 0 {
		t.Error("the refused product exists")
	}
	if es[0].State != journal.StateFailed || !strings.Contains(es[0].Note, "ncm") || es[1].State != journal.StateDone {
		t.Errorf("journal = %+v", es)
	}
}

func TestPlanProductFixSendsFullRecord(t *testing.T) {
	w := newWorld(t)
	// A product as IXC stores it: every required field set (the world's
	// seed leaves some empty, and IXC refuses a PUT with an empty one).
	w.set("produtos", "310", map[string]string{"ativo": "N", "unidade": "1", "movimentacao": "A", "aceita_valor": "P",
		"ncm": "00000000", "mostra_valor_ecommerce": "P", "tipo_ecommerce": "P", "ecommerce_prioridade": "1"})
	rec, _ := w.sim.Row("produtos", "310")
	plan := steps.PlanProductFix(ixc.Record(rec), "13")
	if len(plan.Changes) != 1 {
		t.Fatalf("plan = %+v", plan)
	}
	c := plan.Changes[0]
	wantFields := map[string]string{"ativo": "S", "unidade": "13", "movimentacao": "V"}
	if c.Kind != steps.ChangeUpdate || c.ID != "310" || len(c.Fields) != len(wantFields) || c.Before["unidade"] != "1" {
		t.Fatalf("change = %+v", c)
	}
	for k, v := range wantFields {
		if c.Fields[k] != v {
			t.Errorf("field %s = %q", k, c.Fields[k])
		}
	}
	if d := c.Diff(); len(d) != 3 || d[0] != (steps.FieldChange{Field: "ativo", Before: "N", After: "S"}) {
		t.Errorf("diff = %+v", d)
	}

	// The simulator refuses a partial PUT: sending only the changes fails.
	if err := w.client().Replace(t.Context(), "produtos", "310", ixc.Record(c.Fields)); err == nil {
		t.Fatal("a partial PUT was accepted: the test below would prove nothing")
	}
	res, es := w.apply(plan)
	if res.Done != 1 {
		t.Fatalf("result = %+v (%v)", res, res.Outcomes[0].Err)
	}
	got, _ := w.sim.Row("produtos", "310")
	for k, v := range map[string]string{"ativo": "S", "unidade": "13", "movimentacao": "V", "preco_base": "9.90",
		"descricao": "Produto 310", "icms_issqn": "ISSQN", "id_class_fiscal": "3", "tipo": "S"} {
		if got[k] != v {
			t.Errorf("produtos.%s = %q, want %q", k, got[k], v)
		}
	}
	e := es[0]
	if e.Op != "update" || e.ID != "310" || e.State != journal.StateDone || e.Before["ativo"] != "N" ||
		e.After["ativo"] != "S" || e.After["preco_base"] != "9.90" || len(e.After) < 10 {
		t.Errorf("journal entry = %+v", e)
	}
	if p := steps.PlanProductFix(ixc.Record(got), "13"); !p.Empty() {
		t.Errorf("second fix plan = %+v", p)
	}
	// Re-applying the old plan changes nothing.
	res2, _ := w.apply(plan)
	if res2.Skipped != 1 {
		t.Errorf("re-apply = %+v", res2)
	}
}

func TestPlanLinkPlans(t *testing.T) {
	w := newWorld(t)
	r := w.reader(w.sim.DemoToken())
	before := len(w.sim.Rows("vd_contratos_produtos"))
	plan, err := steps.PlanLinkPlans(t.Context(), r, "310", []string{"14", "12", "14"})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 1 || plan.Changes[0].Fields["id_vd_contrato"] != "14" {
		t.Fatalf("plan = %+v", plan)
	}
	if s := plan.Changes[0].Summary.PT; !strings.Contains(s, "310") || !strings.Contains(s, "FIBRA 500") {
		t.Errorf("summary = %q", s)
	}
	res, _ := w.apply(plan)
	if res.Done != 1 {
		t.Fatalf("result = %+v", res)
	}
	rows := rowsWhere(w.sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": "14"})
	if len(rows) != 1 {
		t.Fatalf("rows of plan 14 = %+v", rows)
	}
	for k, v := range map[string]string{"id_produto": "310", "id_contrato": "0", "tipo": "SVA", "qtde": "1",
		"valor_unit": "9.90", "id_plano": "0", "fixar_ip": "0", "descricao": "Produto 310", "id": res.Outcomes[0].ID} {
		if rows[0][k] != v {
			t.Errorf("%s = %q, want %q", k, rows[0][k], v)
		}
	}
	// Again: nothing to plan, and the old plan is skipped.
	if p, err := steps.PlanLinkPlans(t.Context(), r, "310", []string{"12", "14"}); err != nil || !p.Empty() {
		t.Errorf("second plan = %+v, %v", p, err)
	}
	res2, _ := w.apply(plan)
	if res2.Skipped != 1 || len(w.sim.Rows("vd_contratos_produtos")) != before+1 {
		t.Errorf("re-apply = %+v", res2)
	}
	// The audit now sees plan 14 carrying the product.
	w.p.Link.Plans = []string{"12", "14"}
	if codes := codes(w.audit()); slices.Contains(codes, steps.CodeLinkPlanMissing) {
		t.Errorf("audit codes = %v", codes)
	}
	if _, err := steps.PlanLinkPlans(t.Context(), r, "310", []string{"99"}); err == nil {
		t.Error("a missing plan was planned")
	}
	if _, err := steps.PlanLinkPlans(t.Context(), r, "999", []string{"14"}); err == nil {
		t.Error("a missing product was planned")
	}
}

func TestPlanLinkContracts(t *testing.T) {
	w := newWorld(t)
	w.contractRow("5", "102", "310")
	r := w.reader(w.sim.DemoToken())
	plan, err := steps.PlanLinkContracts(t.Context(), r, "310", []string{"101", "102", "103"})
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 2 {
		t.Fatalf("plan = %+v", plan)
	}
	res, es := w.apply(plan)
	if res.Done != 2 || len(es) != 2 {
		t.Fatalf("result = %+v", res)
	}
	for _, c := range []string{"101", "102", "103"} {
		rows := rowsWhere(w.sim, "vd_contratos_produtos", map[string]string{"id_contrato": c, "id_produto": "310"})
		if len(rows) != 1 || rows[0]["id_vd_contrato"] != "0" || rows[0]["valor_unit"] != "9.90" {
			t.Errorf("contract %s rows = %+v", c, rows)
		}
	}
	if p, err := steps.PlanLinkContracts(t.Context(), r, "310", []string{"101", "102", "103"}); err != nil || !p.Empty() {
		t.Errorf("second plan = %+v, %v", p, err)
	}
	if _, err := steps.PlanLinkContracts(t.Context(), r, "310", []string{"101", "4040"}); err == nil || !strings.Contains(err.Error(), "4040") {
		t.Errorf("missing contract: %v", err)
	}
}

func TestPlanAdditionalServices(t *testing.T) {
	w := newWorld(t)
	w.service("1", "101", "310", "A", "")           // active: nothing to do
	w.service("2", "102", "310", "A", "2026-01-31") // expired: needs a new one
	w.service("3", "103", "310", "I", "")           // inactive: needs a new one
	r := w.reader(w.sim.DemoToken())
	plan, err := steps.PlanAdditionalServices(t.Context(), r, "310", []string{"101", "102", "103"}, "12,50", "12", today)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Changes) != 2 {
		t.Fatalf("plan = %+v", plan)
	}
	res, _ := w.apply(plan)
	if res.Done != 2 {
		t.Fatalf("result = %+v %v", res, res.Outcomes[0].Err)
	}
	for _, c := range []string{"102", "103"} {
		rows := rowsWhere(w.sim, "cliente_contrato_servicos", map[string]string{"id_contrato": c, "status": "A", "data": "2026-11-30"})
		if len(rows) != 1 {
			t.Fatalf("contract %s new services = %+v", c, rows)
		}
		for k, v := range map[string]string{"tipo_acres_desc": "A", "id_produto": "310", "valor_unitario": "12.50",
			"valor_total": "12.50", "repetir": "V", "repetir_qtde": "12", "id_unidade": "13", "quantidade": "1",
			"status_nf21": "A", "tipo": "SVA", "descricao": "Produto 310"} {
			if rows[0][k] != v {
				t.Errorf("contract %s: %s = %q, want %q", c, k, rows[0][k], v)
			}
		}
	}
	if n := len(w.sim.Rows("cliente_contrato_servicos")); n != 5 {
		t.Errorf("%d services, want 5", n)
	}
	if p, err := steps.PlanAdditionalServices(t.Context(), r, "310", []string{"101", "102", "103"}, "12,50", "12", today); err != nil || !p.Empty() {
		t.Errorf("second plan = %+v, %v", p, err)
	}
	res2, _ := w.apply(plan)
	if res2.Skipped != 2 || len(w.sim.Rows("cliente_contrato_servicos")) != 5 {
		t.Errorf("re-apply = %+v", res2)
	}
	// "always" repeats forever.
	w2 := newWorld(t)
	p2, err := steps.PlanAdditionalServices(t.Context(), w2.reader(w2.sim.DemoToken()), "311", []string{"101"}, "9.90", "always", today)
	if err != nil || len(p2.Changes) != 1 || p2.Changes[0].Fields["repetir"] != "S" || p2.Changes[0].Fields["data"] != "30/11/2026" {
		t.Errorf("always plan = %+v, %v", p2, err)
	}
	if _, err := steps.PlanAdditionalServices(t.Context(), r, "310", []string{"101"}, "9,90", "0", today); err == nil {
		t.Error("repeat 0 accepted")
	}
}

func TestPlanDuplicatePlanAndCopyItems(t *testing.T) {
	w := newWorld(t)
	w.sim.Put("vd_contratos_produtos", ixcsim.Record{"id": "3", "id_vd_contrato": "14", "id_contrato": "0", "id_produto": "0",
		"tipo": "I", "qtde": "1", "valor_unit": "119.90", "id_plano": "5", "fixar_ip": "0"})
	w.set("vd_contratos", "14", map[string]string{"Ativo": "N", "valor_contrato": "119.90", "descricao": "fibra"})
	r := w.reader(w.sim.DemoToken())
	plan, err := steps.PlanDuplicatePlan(t.Context(), r, "14", "FIBRA 500 + LEVEDUCA")
	if err != nil || len(plan.Changes) != 1 {
		t.Fatalf("plan = %+v, %v", plan, err)
	}
	res, _ := w.apply(plan)
	if res.Done != 1 {
		t.Fatalf("result = %+v %v", res, res.Outcomes[0].Err)
	}
	newID := res.Outcomes[0].ID
	got, ok := w.sim.Row("vd_contratos", newID)
	if !ok || newID == "14" {
		t.Fatalf("no copy (%s)", newID)
	}
	for k, v := range map[string]string{"nome": "FIBRA 500 + LEVEDUCA", "Ativo": "S", "tipo": "I", "valor_contrato": "119.90", "descricao": "fibra"} {
		if got[k] != v {
			t.Errorf("copy %s = %q, want %q", k, got[k], v)
		}
	}
	items, err := steps.PlanCopyPlanProducts(t.Context(), r, "14", newID)
	if err != nil || len(items.Changes) != 1 {
		t.Fatalf("items = %+v, %v", items, err)
	}
	link, err := steps.PlanLinkPlans(t.Context(), r, "310", []string{newID})
	if err != nil {
		t.Fatal(err)
	}
	res2, _ := w.apply(items.Merge(link))
	if res2.Done != 2 {
		t.Fatalf("result = %+v", res2)
	}
	rows := rowsWhere(w.sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": newID})
	if len(rows) != 2 || rows[0]["tipo"] != "I" || rows[0]["id_plano"] != "5" || rows[0]["valor_unit"] != "119.90" || rows[1]["id_produto"] != "310" {
		t.Errorf("new plan rows = %+v", rows)
	}
	// A re-run finds the copy by name and its items.
	res3, _ := w.apply(plan)
	if res3.Skipped != 1 || res3.Outcomes[0].ID != newID {
		t.Errorf("re-apply = %+v", res3)
	}
	if p, _ := steps.PlanCopyPlanProducts(t.Context(), r, "14", newID); !p.Empty() {
		t.Errorf("second copy plan = %+v", p)
	}
}
