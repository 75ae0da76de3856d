package steps_test

import (
	"reflect"
	"slices"
	"testing"

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
	wantEx, _ := steps.ExistingLinks(ctx, r, []string{"310", "311"}, today)
	wantPlans, _ := steps.Plans(ctx, r, []string{"310", "311"})
	if err != nil || !reflect.DeepEqual(ex, wantEx) || !reflect.DeepEqual(plans, wantPlans) || len(plans) != 2 {
		t.Errorf("LinkChoices = %+v, %+v, %v", ex, plans, err)
	}
	if id, err := steps.FindPlanByName(ctx, r, "FIBRA 500"); err != nil || id != "14" {
		t.Errorf("FindPlanByName = %q, %v", id, err)
	}
	if id, err := steps.FindPlanByName(ctx, r, "NÃO EXISTE"); err != nil || id != "" {
		t.Errorf("FindPlanByName(missing) = %q, %v", id, err)
	}
}
