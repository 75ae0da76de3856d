package steps_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// recordBodies puts a recorder in front of w's simulator: every request
// body the client sends from now on is kept.
func recordBodies(t *testing.T, w *world) func() []string {
	t.Helper()
	var (
		mu     sync.Mutex
		bodies []string
	)
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		bodies = append(bodies, r.URL.Path+" "+string(b))
		mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(b))
		w.sim.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	w.url = srv.URL + "/webservice/v1"
	return func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), bodies...)
	}
}

// newDraftProduct is the draft of the product a dry run would create.
func newDraftProduct(t *testing.T, w *world, ref string) steps.Draft {
	t.Helper()
	plan, existing, err := steps.PlanProduct(t.Context(), w.reader(w.sim.DemoToken()), steps.ProductSpec{
		Offer: "leveduca", Name: "LevEduca Novo", Subgroup: "7", Price: "9,90", Tributacao: "ISSQN", FiscalClass: "3", Unit: "13"})
	if err != nil || existing != "" || len(plan.Changes) != 1 {
		t.Fatalf("plan: %v %q %+v", err, existing, plan)
	}
	d, ok := steps.DraftOf(plan.Changes[0], ref)
	if !ok {
		t.Fatal("no draft of an insert")
	}
	return d
}

// A dry run's new product and combo plan are drafts: the link planners
// plan every row about them without asking IXC anything about them (no
// request names a Ref), and Apply simulates those rows but never writes
// them.
func TestDraftsArePlannedNotRead(t *testing.T) {
	w := newWorld(t)
	prod := newDraftProduct(t, w, steps.DraftRef(1))
	combo, err := steps.PlanDuplicatePlan(t.Context(), w.reader(w.sim.DemoToken()), "12", "FIBRA + TUDO")
	if err != nil || len(combo.Changes) != 1 {
		t.Fatalf("combo: %v %+v", err, combo)
	}
	plan, ok := steps.DraftOf(combo.Changes[0], steps.DraftRef(2))
	if !ok {
		t.Fatal("no draft of the plan")
	}
	if prod.Name() != "LevEduca Novo" || plan.Name() != "FIBRA + TUDO" {
		t.Errorf("draft names %q, %q", prod.Name(), plan.Name())
	}
	drafts := []steps.Draft{prod, plan}
	bodies := recordBodies(t, w)
	ctx, r := t.Context(), w.reader(w.sim.DemoToken())

	var all steps.Plan
	add := func(what string, pl steps.Plan, err error, n int) {
		t.Helper()
		if err != nil || len(pl.Changes) != n {
			t.Fatalf("%s: %v, %d changes, want %d: %+v", what, err, len(pl.Changes), n, pl)
		}
		all = all.Merge(pl)
	}
	pl, err := steps.PlanLinkPlans(ctx, r, prod.Ref, []string{"12", "14", plan.Ref}, drafts...)
	add("plans", pl, err, 3)
	pl, err = steps.PlanLinkContracts(ctx, r, prod.Ref, []string{"101", "103"}, drafts...)
	add("contracts", pl, err, 2)
	pl, err = steps.PlanAdditionalServices(ctx, r, prod.Ref, []string{"101"}, "4,90", "always", today, drafts...)
	add("services", pl, err, 1)
	pl, err = steps.PlanCopyPlanProducts(ctx, r, "12", plan.Ref, drafts...)
	add("copy", pl, err, 2) // plan 12's two product rows
	pl, err = steps.PlanLinkPlans(ctx, r, "310", []string{"12", plan.Ref}, drafts...)
	add("existing product onto the new plan", pl, err, 1) // 12 carries 310 already

	for _, ch := range all.Changes {
		if !ch.Draft || ch.Key != nil {
			t.Errorf("not a draft change: %+v", ch)
		}
		if !strings.Contains(ch.Fields["id_produto"]+ch.Fields["id_vd_contrato"], "novo-") {
			t.Errorf("change names no draft: %+v", ch.Fields)
		}
		if s := ch.Summary.In(i18n.EN); !strings.Contains(s, "new product") && !strings.Contains(s, "new plan") {
			t.Errorf("summary does not say new: %q", s)
		}
	}
	if s := all.Changes[0].Summary.In(i18n.PT); s != "Adicionar o produto novo (LevEduca Novo) ao plano 12 (FIBRA + LEVEDUCA)" {
		t.Errorf("summary %q", s)
	}
	if f := all.Changes[2].Fields; f["id_vd_contrato"] != plan.Ref || f["descricao"] != "LevEduca Novo" || f["valor_unit"] != "9.90" || f["id_unidade"] != "13" {
		t.Errorf("row onto the new plan: %+v", f)
	}
	if len(bodies()) == 0 {
		t.Fatal("the recorder saw no request")
	}
	for _, b := range bodies() {
		if strings.Contains(b, "novo-") {
			t.Errorf("a request names a draft: %s", b)
		}
	}

	// Simulated: every change planned, nothing asked of IXC about them.
	n := len(bodies())
	w.sim.ResetStats()
	res, err := steps.Apply(ctx, w.client(), all, nil, true, nil)
	if err != nil || res.Planned != len(all.Changes) || len(bodies()) != n {
		t.Fatalf("dry run: %v %+v, %d requests", err, res.Tally, len(bodies())-n)
	}
	// Written for real: refused, one by one, and nothing reaches IXC.
	res, err = steps.Apply(ctx, w.client(), all, w.journal(), false, nil)
	if err != nil || res.Failed != len(all.Changes) {
		t.Fatalf("real run: %v %+v", err, res.Tally)
	}
	for _, o := range res.Outcomes {
		var ie *i18n.Error
		if !errors.As(o.Err, &ie) || !strings.Contains(ie.Text().EN, "only simulated") {
			t.Errorf("outcome %+v", o)
		}
	}
	if st := w.sim.Stats(); st.Requests != 0 {
		t.Errorf("a draft change reached IXC: %+v", st)
	}
}

// A Ref the planner was not given is an error, never a request.
func TestUnknownDraftRef(t *testing.T) {
	w := newWorld(t)
	bodies := recordBodies(t, w)
	r := w.reader(w.sim.DemoToken())
	if _, err := steps.PlanLinkPlans(t.Context(), r, steps.DraftRef(1), []string{"12"}); err == nil {
		t.Error("unknown product draft planned")
	}
	if _, err := steps.PlanLinkPlans(t.Context(), r, "310", []string{steps.DraftRef(3)}); err == nil {
		t.Error("unknown plan draft planned")
	}
	if _, err := steps.PlanCopyPlanProducts(t.Context(), r, "12", steps.DraftRef(2)); err == nil {
		t.Error("unknown plan draft copied onto")
	}
	for _, b := range bodies() {
		if strings.Contains(b, "novo-") {
			t.Errorf("a request names a draft: %s", b)
		}
	}
	if steps.IsID(steps.DraftRef(1)) || !steps.IsDraftRef(steps.DraftRef(1)) || steps.IsDraftRef("310") {
		t.Error("a Ref passes for an id")
	}
}
