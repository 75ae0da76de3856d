package steps_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/brdoc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

func optionIDs(opts []steps.Option) []string {
	var out []string
	for _, o := range opts {
		out = append(out, o.ID)
	}
	return out
}

func contractIDs(cs []steps.ContractInfo) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

func TestLookupsSmallWorld(t *testing.T) {
	w := newWorld(t)
	w.sim.Put("sub_grupo_produdos", ixcsim.Record{"id": "7", "sub_grupo": "SVA", "id_grupo": "2"})
	w.sim.Put("cnf_classificacao_tributaria", ixcsim.Record{"id": "3", "descricao": "SVA (ISS)", "cf_tipo_tributacao": "ISSQN"})
	w.sim.Put("produtos", ixcsim.Record{"id": "400", "descricao": "ONU", "tipo": "P", "ativo": "S"})
	r := w.reader(w.sim.DemoToken())
	ctx := t.Context()

	sub, err := steps.Subgroups(ctx, r)
	if err != nil || len(sub) != 1 || sub[0] != (steps.Option{ID: "7", Label: "SVA"}) {
		t.Errorf("Subgroups = %+v, %v", sub, err)
	}
	units, ser, err := steps.Units(ctx, r)
	if err != nil || ser != "13" || !slices.Equal(optionIDs(units), []string{"1", "13"}) || units[1].Label != "SER — Serviço" {
		t.Errorf("Units = %+v, %q, %v", units, ser, err)
	}
	fc, err := steps.FiscalClasses(ctx, r)
	if err != nil || len(fc) != 1 || fc[0].Label != "SVA (ISS)" {
		t.Errorf("FiscalClasses = %+v, %v", fc, err)
	}

	found, err := steps.FindProducts(ctx, r, "produto 31")
	if err != nil || len(found) != 2 || found[0]["id"] != "311" || found[1]["id"] != "310" {
		t.Errorf("FindProducts = %v, %v", found, err)
	}
	services, err := steps.FindProducts(ctx, r, "")
	if err != nil || len(services) != 2 { // product 400 is not a service
		t.Errorf("FindProducts(\"\") = %v, %v", services, err)
	}

	rec, _ := w.sim.Row("produtos", "310")
	if adv := steps.ProductAdvice(ixc.Record(rec), "13"); len(adv) != 0 {
		t.Errorf("advice on a good product = %+v", adv)
	}
	rec["ativo"], rec["unidade"], rec["id_class_fiscal"] = "N", "1", "0"
	var got []string
	for _, f := range steps.ProductAdvice(ixc.Record(rec), "13") {
		got = append(got, f.Code)
		if len(f.Records) != 1 || f.Records[0] != (steps.RecordRef{Table: "produtos", ID: "310"}) || f.Message.PT == "" {
			t.Errorf("finding = %+v", f)
		}
	}
	if want := []string{"PRODUCT_INACTIVE", "PRODUCT_UNIT", "PRODUCT_FISCAL"}; !slices.Equal(got, want) {
		t.Errorf("advice = %v, want %v", got, want)
	}

	plans, err := steps.Plans(ctx, r, []string{"310", "311"})
	if err != nil || len(plans) != 2 {
		t.Fatalf("Plans = %+v, %v", plans, err)
	}
	if p := plans[0]; p.ID != "12" || p.Name != "FIBRA + LEVEDUCA" || p.Ativo != "S" || p.ActiveContracts != 2 || !slices.Equal(p.Carries, []string{"310", "311"}) {
		t.Errorf("plan 12 = %+v", p)
	}
	if p := plans[1]; p.ID != "14" || p.ActiveContracts != 1 || len(p.Carries) != 0 {
		t.Errorf("plan 14 = %+v", p)
	}

	for q, want := range map[string][]string{
		"101":                {"101"},
		"529.982.247-25":     {"101"},
		"52998224725":        {"101"},
		" 529 982 247 25 ":   {"101"},
		"11222333000181":     {"103"},
		"11.222.333/0001-81": {"103"},
		"cliente 2":          {"102"},
		"CLIENTE":            {"101", "102", "103"},
		"999":                nil,
		"ninguém":            nil,
	} {
		cs, err := steps.FindContracts(ctx, r, q)
		if err != nil || !slices.Equal(contractIDs(cs), want) {
			t.Errorf("FindContracts(%q) = %v, %v; want %v", q, contractIDs(cs), err, want)
		}
	}
	cs, err := steps.ContractsByID(ctx, r, []string{"103", "101", "4040"})
	want := []steps.ContractInfo{
		{ID: "101", CustomerID: "1", CustomerName: "Cliente 1", Doc: "529.982.247-25", PlanID: "12", Status: "A"},
		{ID: "103", CustomerID: "3", CustomerName: "Cliente 3", Doc: "11.222.333/0001-81", PlanID: "14", Status: "A"},
	}
	if err != nil || !slices.Equal(cs, want) {
		t.Errorf("ContractsByID = %+v, %v", cs, err)
	}

	w.contractRow("5", "103", "310")
	w.service("1", "102", "311", "A", "")
	w.service("2", "103", "311", "A", "2026-01-01") // expired
	w.service("3", "101", "311", "I", "")           // inactive
	links, _, err := steps.LinkChoices(ctx, r, []string{"310", "311"}, today)
	if err != nil || !slices.Equal(links.Plans, []string{"12"}) || !slices.Equal(links.Contracts, []string{"103"}) ||
		!slices.Equal(links.Services, []string{"102"}) {
		t.Errorf("LinkChoices' links = %+v, %v", links, err)
	}
}

// With more than 50 plans, the active contracts are counted in one scan:
// the counts are the same, in far fewer requests than one per plan.
func TestPlansManyPlans(t *testing.T) {
	w := newWorld(t)
	for i := 100; i < 160; i++ {
		w.sim.Put("vd_contratos", ixcsim.Record{"id": strconv.Itoa(i), "nome": "PLANO " + strconv.Itoa(i), "tipo": "I", "Ativo": "S"})
	}
	w.contract("104", "1", "150", "A")
	w.contract("105", "2", "150", "I")
	r := w.reader(w.sim.DemoToken())
	w.sim.ResetStats()
	plans, err := steps.Plans(t.Context(), r, []string{"310"})
	if err != nil || len(plans) != 62 {
		t.Fatalf("Plans = %d, %v", len(plans), err)
	}
	counts := map[string]int{}
	for _, p := range plans {
		counts[p.ID] = p.ActiveContracts
	}
	if counts["12"] != 2 || counts["14"] != 1 || counts["150"] != 1 || counts["100"] != 0 {
		t.Errorf("counts = %v", counts)
	}
	if st := w.sim.Stats(); st.Lists > 5 {
		t.Errorf("%d list requests for 62 plans", st.Lists)
	}
}

// The look-ups against the demo ISP: every answer is checked against the
// simulator's rows.
func TestLookupsDemo(t *testing.T) {
	cfg := demodata.Config{Seed: 1, Contracts: 2000}
	sim := ixcsim.New(ixcsim.Options{Seed: 1, Now: func() time.Time { return today }})
	demodata.Generate(cfg, func(table string, rec map[string]string) { sim.Put(table, rec) })
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	tok, _ := ixc.ParseToken(sim.DemoToken(), "")
	c, err := ixc.New(ixc.Options{BaseURL: url, Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	r := c.Reader()
	ctx := t.Context()

	// A person customer with a valid CPF and contracts.
	contractsOf := map[string][]string{}
	for _, k := range sim.Rows("cliente_contrato") {
		contractsOf[k["id_cliente"]] = append(contractsOf[k["id_cliente"]], k["id"])
	}
	var cust ixcsim.Record
	for _, cl := range sim.Rows("cliente") {
		if cl["tipo_pessoa"] == "F" && brdoc.ValidCPF(cl["cnpj_cpf"]) && len(contractsOf[cl["id"]]) > 0 {
			cust = cl
			break
		}
	}
	if cust == nil {
		t.Fatal("no customer with a CPF and a contract in the demo")
	}
	want := contractsOf[cust["id"]]
	doc := cust["cnpj_cpf"]
	sim.ResetStats()
	for _, q := range []string{doc, brdoc.Normalize(doc)} {
		cs, err := steps.FindContracts(ctx, r, q)
		if err != nil || !slices.Equal(contractIDs(cs), want) {
			t.Errorf("FindContracts(%q) = %v, %v; want %v", q, contractIDs(cs), err, want)
		}
		for _, ci := range cs {
			if ci.CustomerID != cust["id"] || ci.CustomerName != strings.TrimSpace(cust["razao"]) || ci.Doc != doc {
				t.Errorf("contract info = %+v", ci)
			}
		}
	}
	if st := sim.Stats(); st.Lists > 4 {
		t.Errorf("%d requests for two document searches", st.Lists)
	}
	cs, err := steps.FindContracts(ctx, r, want[0])
	if err != nil || len(cs) != 1 || cs[0].ID != want[0] || cs[0].CustomerID != cust["id"] {
		t.Errorf("FindContracts(id) = %+v, %v", cs, err)
	}

	// By part of the name: every contract found belongs to a matching
	// customer, and the customer above is among them when the name is unique enough.
	name := strings.TrimSpace(cust["razao"])
	cs, err = steps.FindContracts(ctx, r, strings.ToLower(name))
	if err != nil || len(cs) == 0 || len(cs) > steps.MaxFoundContracts {
		t.Fatalf("FindContracts(name) = %d, %v", len(cs), err)
	}
	for _, ci := range cs {
		if !strings.Contains(strings.ToLower(ci.CustomerName), strings.ToLower(name)) {
			t.Errorf("%q does not match %q", ci.CustomerName, name)
		}
	}
	if !slices.Contains(contractIDs(cs), want[0]) {
		t.Errorf("contract %s not found by name %q: %v", want[0], name, contractIDs(cs))
	}

	// Plans: counts and carried products agree with the rows.
	setup := demodata.DemoSetup(cfg)
	plans, err := steps.Plans(ctx, r, []string{setup.LevEducaProductID, setup.ParamountProductID})
	if err != nil || len(plans) != sim.Count("vd_contratos") {
		t.Fatalf("Plans = %d, %v", len(plans), err)
	}
	active := map[string]int{}
	for _, k := range sim.Rows("cliente_contrato") {
		if k["status"] == "A" {
			active[k["id_vd_contrato"]]++
		}
	}
	for _, p := range plans {
		if p.ActiveContracts != active[p.ID] {
			t.Errorf("plan %s: %d active, want %d", p.ID, p.ActiveContracts, active[p.ID])
		}
	}
	byID := map[string]steps.PlanInfo{}
	for _, p := range plans {
		byID[p.ID] = p
	}
	if c := byID["6"].Carries; !slices.Equal(c, []string{setup.LevEducaProductID}) {
		t.Errorf("plan 6 carries %v", c)
	}
	if c := byID["8"].Carries; !slices.Equal(c, []string{setup.ParamountProductID}) {
		t.Errorf("plan 8 carries %v", c)
	}

	links, _, err := steps.LinkChoices(ctx, r, []string{setup.LevEducaProductID}, today)
	if err != nil || !slices.Equal(links.Plans, []string{"6", "7"}) || len(links.Contracts) == 0 || len(links.Services) == 0 {
		t.Errorf("LinkChoices' links = %+v, %v", links, err)
	}

	// The demo's LevEduca product is half done: the advice says what the
	// audit says, and the fix plan brings the unit to SER.
	_, ser, err := steps.Units(ctx, r)
	if err != nil || ser != "13" {
		t.Fatalf("SER = %q, %v", ser, err)
	}
	prod, _ := sim.Row("produtos", setup.LevEducaProductID)
	var codes []string
	for _, f := range steps.ProductAdvice(ixc.Record(prod), ser) {
		codes = append(codes, f.Code)
	}
	if !slices.Equal(codes, []string{"PRODUCT_UNIT", "PRODUCT_FISCAL"}) {
		t.Errorf("advice = %v", codes)
	}
	found, err := steps.FindProducts(ctx, r, "leveduca")
	if err != nil || len(found) != 2 || found[0]["id"] != setup.LevEducaProductID {
		t.Errorf("FindProducts = %v, %v", found, err)
	}
}
