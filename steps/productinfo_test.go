package steps_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// The product screen's read: typed products with their advice, the picked
// product in front when the name search misses it, the catalogue read once
// (and not again when passed back), and the correction planned from the
// typed value.
func TestProductChoices(t *testing.T) {
	w := newWorld(t)
	w.sim.Put("sub_grupo_produdos", ixcsim.Record{"id": "7", "sub_grupo": "SVA", "id_grupo": "2"})
	w.sim.Put("cnf_classificacao_tributaria", ixcsim.Record{"id": "3", "descricao": "SVA (ISS)", "cf_tipo_tributacao": "ISSQN"})
	w.set("produtos", "311", map[string]string{"unidade": "1", "icms_issqn": "0", "ativo": "N"})
	r := w.reader(w.sim.DemoToken())
	ctx := t.Context()

	cat, found, err := steps.ProductChoices(ctx, r, "Produto 310", "311", nil)
	if err != nil {
		t.Fatal(err)
	}
	if cat.SER != "13" || len(cat.Units) != 2 || len(cat.Subgroups) != 1 || len(cat.FiscalClasses) != 1 {
		t.Fatalf("catalogue = %+v", cat)
	}
	if len(found) != 2 || found[0].ID != "311" || found[1].ID != "310" {
		t.Fatalf("found = %+v", found)
	}
	bad, good := found[0], found[1]
	if good.Name != "Produto 310" || !good.Active() || good.Unit != "13" || good.Price != "9.90" || len(good.Advice) != 0 {
		t.Errorf("good = %+v", good)
	}
	var codes []string
	for _, f := range bad.Advice {
		codes = append(codes, f.Code)
	}
	if bad.Active() || steps.HasFiscal(bad.Tributacao) || !slices.Equal(codes, []string{"PRODUCT_INACTIVE", "PRODUCT_UNIT", "PRODUCT_FISCAL"}) {
		t.Errorf("bad = %+v, advice %v", bad, codes)
	}
	plan := bad.FixPlan(map[string]string{"icms_issqn": "ISSQN"})
	if len(plan.Changes) != 1 || plan.Changes[0].Fields["ativo"] != "S" || plan.Changes[0].Fields["unidade"] != "13" ||
		plan.Changes[0].Fields["icms_issqn"] != "ISSQN" || plan.Changes[0].Before["descricao"] != "Produto 311" {
		t.Errorf("fix plan = %+v", plan)
	}

	// With the catalogue passed back only the products are read.
	before := w.sim.Stats().Requests
	cat2, _, err := steps.ProductChoices(ctx, r, "Produto", "", cat)
	if err != nil || cat2 != cat {
		t.Fatalf("second read: %v", err)
	}
	if n := w.sim.Stats().Requests - before; n != 1 {
		t.Errorf("second read made %d requests, want 1", n)
	}

	again, err := steps.ProductByID(ctx, r, "311", cat.SER)
	if err != nil || again.ID != "311" || len(again.Advice) != 3 {
		t.Errorf("ProductByID = %+v, %v", again, err)
	}
	ex, plans, err := steps.LinkChoices(ctx, r, []string{"310", "311"}, today)
	wantPlans, _ := steps.Plans(ctx, r, []string{"310", "311"})
	if err != nil || !slices.Equal(ex.Plans, []string{"12"}) || len(ex.Contracts)+len(ex.Services) != 0 ||
		!reflect.DeepEqual(plans, wantPlans) || len(plans) != 2 {
		t.Errorf("LinkChoices = %+v, %+v, %v", ex, plans, err)
	}
	if id, err := steps.FindPlanByName(ctx, r, "FIBRA 500"); err != nil || id != "14" {
		t.Errorf("FindPlanByName = %q, %v", id, err)
	}
	if id, err := steps.FindPlanByName(ctx, r, "NÃO EXISTE"); err != nil || id != "" {
		t.Errorf("FindPlanByName(missing) = %q, %v", id, err)
	}
}

// A token whose group may not list the catalogue tables the create form
// chooses from: the products are still listed with their advice, the
// catalogue says which tables were refused (quoting IXC), and once the
// permission is granted, passing the catalogue back reads only those
// tables again. Refused units leave PRODUCT_UNIT untold; a refused
// produtos fails the read.
func TestProductChoicesRefusedCatalogue(t *testing.T) {
	w := newWorld(t)
	w.sim.Put("sub_grupo_produdos", ixcsim.Record{"id": "7", "sub_grupo": "SVA", "id_grupo": "2"})
	w.sim.Put("cnf_classificacao_tributaria", ixcsim.Record{"id": "3", "descricao": "SVA (ISS)", "cf_tipo_tributacao": "ISSQN"})
	w.set("produtos", "311", map[string]string{"unidade": "1", "preco_base": "0.00"})
	list := ixcsim.Perm{List: true}
	perms := map[string]ixcsim.Perm{"produtos": list, "unidades": list}
	tok := w.sim.AddUser(ixcsim.User{ID: "40", Active: true, Perms: perms})
	r := w.reader(tok)
	ctx := t.Context()

	cat, found, err := steps.ProductChoices(ctx, r, "Produto 31", "", nil)
	if err != nil {
		t.Fatalf("a refused catalogue table failed the read: %v", err)
	}
	if got := cat.RefusedTables(); !slices.Equal(got, []string{steps.SubgroupTable, steps.FiscalClassTable}) {
		t.Fatalf("refused = %v", got)
	}
	for _, table := range []string{steps.SubgroupTable, steps.FiscalClassTable} {
		err := cat.Refusal(table)
		if ixc.KindOf(err) != ixc.KindPermissionDenied {
			t.Errorf("%s: refusal %v", table, err)
		}
		if txt := steps.ErrorText(err).PT; !strings.Contains(txt, "recusou a leitura de "+table) {
			t.Errorf("%s: refusal in words %q", table, txt)
		}
	}
	if cat.Refusal(steps.UnitTable) != nil || cat.SER != "13" || len(cat.Units) != 2 || len(cat.Subgroups) != 0 || cat.CanCreate() {
		t.Fatalf("catalogue = %+v", cat)
	}
	var ids []string
	for _, p := range found {
		ids = append(ids, p.ID)
	}
	if !slices.Equal(ids, []string{"311", "310"}) {
		t.Fatalf("found %v", ids)
	}
	if got := adviceCodes(found[0]); !slices.Equal(got, []string{"PRODUCT_UNIT", "PRODUCT_PRICE"}) {
		t.Errorf("advice of 311 = %v", got)
	}

	// Granted meanwhile: only the refused tables are read again, into a
	// new catalogue (the one shown is not changed under the screen).
	perms[steps.SubgroupTable], perms[steps.FiscalClassTable] = list, list
	w.sim.SetUser(ixcsim.User{ID: "40", Active: true, Perms: perms})
	before := w.sim.Stats().Requests
	cat2, _, err := steps.ProductChoices(ctx, r, "Produto 31", "", cat)
	if err != nil {
		t.Fatal(err)
	}
	if n := w.sim.Stats().Requests - before; n != 3 {
		t.Errorf("re-read made %d requests, want 3 (products, subgroups, fiscal classes)", n)
	}
	if cat2 == cat || len(cat.Refused) != 2 || !cat2.CanCreate() || len(cat2.Subgroups) != 1 || len(cat2.FiscalClasses) != 1 || cat2.SER != "13" {
		t.Errorf("after the grant: %+v (was %+v)", cat2, cat)
	}

	// Units refused: which unit is SER cannot be told, so no PRODUCT_UNIT.
	noUnits := w.sim.AddUser(ixcsim.User{ID: "41", Active: true, Perms: map[string]ixcsim.Perm{"produtos": list}})
	cat3, found, err := steps.ProductChoices(ctx, w.reader(noUnits), "Produto 311", "", nil)
	if err != nil || !slices.Equal(cat3.RefusedTables(), []string{steps.SubgroupTable, steps.UnitTable, steps.FiscalClassTable}) {
		t.Fatalf("units refused: %+v, %v", cat3, err)
	}
	if len(found) != 1 || !slices.Equal(adviceCodes(found[0]), []string{"PRODUCT_PRICE"}) {
		t.Errorf("units refused: found %+v", found)
	}

	// produtos refused: nothing to choose from.
	noProducts := w.sim.AddUser(ixcsim.User{ID: "42", Active: true, Perms: map[string]ixcsim.Perm{"unidades": list}})
	if _, _, err := steps.ProductChoices(ctx, w.reader(noProducts), "Produto", "", nil); ixc.KindOf(err) != ixc.KindPermissionDenied {
		t.Errorf("produtos refused: %v", err)
	}
}

func adviceCodes(p steps.ProductInfo) []string {
	var out []string
	for _, f := range p.Advice {
		out = append(out, f.Code)
	}
	return out
}
