package steps_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// doubleWorld adds to the clean world contracts that have product 310 in
// every way but the plan (plan 14 does not carry it; plan 12 does):
//
//	101 plan 12 (carries 310)        → has it by the plan
//	103 plan 14, active service      → has it by a service
//	104 plan 14, contract row        → has it on the Produtos tab
//	105 plan 12, inactive            → never counted (not active)
//	106 plan 14, expired service     → has it in no active way
//	107 plan 14, inactive, contract row
//	108 plan 14, nothing
func doubleWorld(t *testing.T) *world {
	w := newWorld(t)
	w.service("901", "103", "310", "A", "")
	w.contract("104", "1", "14", "A")
	w.contractRow("902", "104", "310")
	w.contract("105", "2", "12", "I")
	w.contract("106", "3", "14", "A")
	w.service("903", "106", "310", "A", "2026-01-31")
	w.contract("107", "1", "14", "I")
	w.contractRow("904", "107", "310")
	w.contract("108", "2", "14", "A")
	return w
}

// doubled is "contract:by,by" per DoubleLink, in order.
func doubled(ds []steps.DoubleLink) []string {
	var out []string
	for _, d := range ds {
		var by []string
		for _, m := range d.By {
			by = append(by, string(m))
		}
		out = append(out, fmt.Sprintf("%s:%s", d.Contract, strings.Join(by, ",")))
	}
	return out
}

func TestDoubleLinksContractRows(t *testing.T) {
	w := doubleWorld(t)
	r := w.reader(w.sim.DemoToken())
	plan, err := steps.PlanLinkContracts(t.Context(), r, "310", []string{"101", "103", "105", "106", "108"})
	if err != nil || len(plan.Changes) != 5 {
		t.Fatalf("%v %d", err, len(plan.Changes))
	}
	ds, err := steps.DoubleLinks(t.Context(), r, plan, today)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doubled(ds), []string{"101:plan", "103:additional_service"}; !slices.Equal(got, want) {
		t.Fatalf("doubled = %v, want %v", got, want)
	}
	for _, d := range ds {
		if d.Method != profile.LinkContract || d.Product != "310" || plan.Changes[d.Change].Fields["id_contrato"] != d.Contract {
			t.Errorf("%+v", d)
		}
	}
	if got := steps.DoubledContracts(ds); !slices.Equal(got, []string{"101", "103"}) {
		t.Errorf("contracts = %v", got)
	}
	if why := ds[0].Why().PT; why != "contrato #101: já tem o produto pelo plano" {
		t.Errorf("why = %q", why)
	}
	if st := w.sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
		t.Errorf("DoubleLinks wrote: %+v", st)
	}
}

func TestDoubleLinksAdditionalServices(t *testing.T) {
	w := doubleWorld(t)
	r := w.reader(w.sim.DemoToken())
	plan, err := steps.PlanAdditionalServices(t.Context(), r, "310", []string{"101", "104", "105", "106", "108"}, "9,90", "always", today)
	if err != nil || len(plan.Changes) != 5 {
		t.Fatalf("%v %d", err, len(plan.Changes))
	}
	ds, err := steps.DoubleLinks(t.Context(), r, plan, today)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doubled(ds), []string{"101:plan", "104:contract"}; !slices.Equal(got, want) {
		t.Fatalf("doubled = %v, want %v", got, want)
	}
	if why := ds[1].Why().PT; why != "contrato #104: já tem o produto pela aba Produtos" {
		t.Errorf("why = %q", why)
	}
}

// A plan row cannot skip contracts: every active contract of the plan
// that has the product in another way is doubled, and names its plan.
func TestDoubleLinksPlanRows(t *testing.T) {
	w := doubleWorld(t)
	w.contractRow("905", "103", "310") // 103: a service and a contract row
	r := w.reader(w.sim.DemoToken())
	plan, err := steps.PlanLinkPlans(t.Context(), r, "310", []string{"12", "14"})
	if err != nil || len(plan.Changes) != 1 { // plan 12 carries it already
		t.Fatalf("%v %d", err, len(plan.Changes))
	}
	ds, err := steps.DoubleLinks(t.Context(), r, plan, today)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := doubled(ds), []string{"103:contract,additional_service", "104:contract"}; !slices.Equal(got, want) {
		t.Fatalf("doubled = %v, want %v", got, want)
	}
	if got := steps.DoubledPlans(ds); !slices.Equal(got, []string{"14"}) {
		t.Errorf("plans = %v", got)
	}
	if why := ds[0].Why().PT; why != "contrato #103 (plano #14): já tem o produto pela aba Produtos e por um serviço adicional ativo" {
		t.Errorf("why = %q", why)
	}
}

// Nothing doubled: no line, no request beyond the bulk reads.
func TestDoubleLinksNone(t *testing.T) {
	w := doubleWorld(t)
	r := w.reader(w.sim.DemoToken())
	plan, err := steps.PlanLinkContracts(t.Context(), r, "311", []string{"103", "104", "106", "108"})
	if err != nil || len(plan.Changes) != 4 {
		t.Fatalf("%v %d", err, len(plan.Changes))
	}
	ds, err := steps.DoubleLinks(t.Context(), r, plan, today)
	if err != nil || len(ds) != 0 {
		t.Fatalf("%v %v", err, doubled(ds))
	}
	if n := steps.DoubleNote(ds, 5); !n.IsZero() {
		t.Errorf("note = %+v", n)
	}
}

// The reads do not grow with the contracts: 3,000 contracts cost the same
// handful of requests as 3 (IN in chunks, four in flight).
func TestDoubleLinksReadsInBulk(t *testing.T) {
	w := doubleWorld(t)
	var ids []string
	for i := range 3000 {
		id := fmt.Sprint(2000 + i)
		w.contract(id, "1", "12", "A") // plan 12 carries 310: each is doubled
		ids = append(ids, id)
	}
	r := w.reader(w.sim.DemoToken())
	plan, err := steps.PlanLinkContracts(t.Context(), r, "310", ids)
	if err != nil || len(plan.Changes) != 3000 {
		t.Fatalf("%v %d", err, len(plan.Changes))
	}
	before := w.sim.Stats().Requests
	ds, err := steps.DoubleLinks(t.Context(), r, plan, today)
	if err != nil || len(ds) != 3000 {
		t.Fatalf("%v %d", err, len(ds))
	}
	// product rows, services, then contracts: 3 IN chunks of 1,000 ids,
	// each one page of up to 1,000 rows; with the page of each first
	// request, well under 20.
	if n := w.sim.Stats().Requests - before; n > 12 {
		t.Errorf("%d requests for 3,000 contracts", n)
	}
}

// Drafts read nothing and double nothing: a simulated product is on no
// contract, a simulated combo plan has no contract yet.
func TestDoubleLinksDrafts(t *testing.T) {
	w := doubleWorld(t)
	r := w.reader(w.sim.DemoToken())
	prodDraft := steps.Draft{Ref: steps.DraftRef(1), Table: "produtos", Fields: map[string]string{"descricao": "Novo", "preco_base": "9.90", "unidade": "13"}}
	planDraft := steps.Draft{Ref: steps.DraftRef(2), Table: "vd_contratos", Fields: map[string]string{"nome": "COMBO"}}
	var all steps.Plan
	for _, mk := range []func() (steps.Plan, error){
		func() (steps.Plan, error) {
			return steps.PlanLinkContracts(t.Context(), r, prodDraft.Ref, []string{"101", "103"}, prodDraft)
		},
		func() (steps.Plan, error) {
			return steps.PlanAdditionalServices(t.Context(), r, prodDraft.Ref, []string{"101", "104"}, "9,90", "always", today, prodDraft)
		},
		func() (steps.Plan, error) {
			return steps.PlanLinkPlans(t.Context(), r, prodDraft.Ref, []string{"14"}, prodDraft)
		},
		func() (steps.Plan, error) {
			return steps.PlanLinkPlans(t.Context(), r, "310", []string{planDraft.Ref}, planDraft)
		},
	} {
		pl, err := mk()
		if err != nil || pl.Empty() {
			t.Fatalf("%v %+v", err, pl)
		}
		all = all.Merge(pl)
	}
	before := w.sim.Stats().Requests
	ds, err := steps.DoubleLinks(t.Context(), r, all, today)
	if err != nil || len(ds) != 0 {
		t.Fatalf("%v %v", err, doubled(ds))
	}
	if n := w.sim.Stats().Requests - before; n != 0 {
		t.Errorf("%d requests about drafts", n)
	}
	// A draft next to a real change: only the real one is looked at.
	real, err := steps.PlanLinkContracts(t.Context(), r, "310", []string{"101"})
	if err != nil {
		t.Fatal(err)
	}
	ds, err = steps.DoubleLinks(t.Context(), r, all.Merge(real), today)
	if err != nil || !slices.Equal(doubled(ds), []string{"101:plan"}) || ds[0].Change != len(all.Changes) {
		t.Fatalf("%v %v", err, ds)
	}
}

// apply plans the same product for both offers once, and warns of double
// billing in its phase notes; with --yes (no Confirm) it still writes.
func TestApplyProfileDedupAndWarnsOfDoubles(t *testing.T) {
	w := doubleWorld(t)
	p, err := profile.Parse([]byte(`
[ixc]
url = "` + w.url + `"
token_user = "1"

[[product]]
offer = "leveduca"
id = "310"

[[product]]
offer = "paramount"
id = "310"

[link]
method = "additional_service"
contracts = ["101", "108"]
service_value = "9,90"
repeat = "always"

[auth]
method = "hotsite"
`))
	if err != nil {
		t.Fatal(err)
	}
	// A plan of the profile says it too.
	plan, notes, err := steps.PlanFromProfile(t.Context(), w.reader(w.sim.DemoToken()), p, today)
	if err != nil || len(plan.Changes) != 2 || !strings.Contains(noteText(notes), "DOUBLE BILLING") {
		t.Errorf("%v %d\n%s", err, len(plan.Changes), noteText(notes))
	}
	var shown []string
	res, err := steps.ApplyProfile(t.Context(), w.client(), p, steps.ApplyProfileOptions{Today: today,
		Journal: func() (*journal.Journal, error) { return w.journal(), nil },
		Phase: func(_ int, plan steps.Plan, notes []i18n.Text) {
			shown = append(shown, noteText(notes))
			shown = append(shown, fmt.Sprint(len(plan.Changes)))
		}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Plans[1].Changes) != 2 || res.Result.Done != 2 || res.Result.Skipped != 0 {
		t.Errorf("planned %d, done %d, skipped %d (want one write per contract)", len(res.Plans[1].Changes), res.Result.Done, res.Result.Skipped)
	}
	text := strings.Join(shown, "\n")
	for _, want := range []string{"DOUBLE BILLING: 1 active contract would", "contract #101: already has the product through its plan", "--yes: the links are written anyway"} {
		if !strings.Contains(text, want) {
			t.Errorf("the phase notes lack %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "#108") {
		t.Errorf("108 is not doubled:\n%s", text)
	}
	if rows := rowsWhere(w.sim, "cliente_contrato_servicos", map[string]string{"id_contrato": "101", "id_produto": "310"}); len(rows) != 1 {
		t.Errorf("--yes did not write the service on 101: %v", rows)
	}
}

// The additional service's value starts on the products' preco_base: one
// IN look-up, drafts from their fields, none for a product without one.
func TestProductPrices(t *testing.T) {
	w := doubleWorld(t)
	w.set("produtos", "311", map[string]string{"preco_base": "0.00"})
	draft := steps.Draft{Ref: steps.DraftRef(1), Table: "produtos", Fields: map[string]string{"descricao": "Novo", "preco_base": "29.9"}}
	got, err := steps.ProductPrices(t.Context(), w.reader(w.sim.DemoToken()), []string{"310", "311", draft.Ref}, draft)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"310": "9.90", "311": "", draft.Ref: "29.90"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("prices = %v, want %v", got, want)
	}
}

// The link screen's check answers DoubleLinks from what it read, with no
// request, exactly as reading anew would; a product it did not read is
// left to DoubleLinks.
func TestLinkCheckDoubleLinksLikeReading(t *testing.T) {
	for _, tc := range []struct {
		name string
		plan func(r *ixc.Reader) (steps.Plan, error)
	}{
		{"contract rows", func(r *ixc.Reader) (steps.Plan, error) {
			return steps.PlanLinkContracts(t.Context(), r, "310", []string{"101", "103", "105", "106", "108"})
		}},
		{"services", func(r *ixc.Reader) (steps.Plan, error) {
			return steps.PlanAdditionalServices(t.Context(), r, "310", []string{"101", "104", "105", "106", "108"}, "9,90", "always", today)
		}},
		{"plan rows", func(r *ixc.Reader) (steps.Plan, error) {
			return steps.PlanLinkPlans(t.Context(), r, "310", []string{"12", "14"})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := doubleWorld(t)
			w.contractRow("905", "103", "310")
			r := w.reader(w.sim.DemoToken())
			plan, err := tc.plan(r)
			if err != nil || plan.Empty() {
				t.Fatalf("%v %+v", err, plan)
			}
			want, err := steps.DoubleLinks(t.Context(), r, plan, today)
			if err != nil || len(want) == 0 {
				t.Fatalf("%v %v", err, want)
			}
			check, err := steps.ReadLinkCheck(t.Context(), r, []string{"310", "311"}, today)
			if err != nil {
				t.Fatal(err)
			}
			w.sim.ResetStats()
			got, ok := check.DoubleLinks(plan)
			if !ok || !slices.Equal(doubled(got), doubled(want)) {
				t.Errorf("check: %v (ok %v), reading: %v", doubled(got), ok, doubled(want))
			}
			if st := w.sim.Stats(); st.Requests != 0 {
				t.Errorf("the check's answer made %d requests", st.Requests)
			}
			other, err := steps.ReadLinkCheck(t.Context(), r, []string{"311"}, today)
			if err != nil {
				t.Fatal(err)
			}
			if _, ok := other.DoubleLinks(plan); ok {
				t.Error("a check that did not read product 310 answered for it")
			}
		})
	}
}
