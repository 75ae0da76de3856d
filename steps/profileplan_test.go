package steps_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// newProductProfile describes a product to create, linked to plans 12 and 14.
func newProductProfile(t *testing.T, w *world, link string) *profile.Profile {
	t.Helper()
	p, err := profile.Parse([]byte(`
[ixc]
url = "` + w.url + `"
token_user = "1"

[[product]]
offer = "leveduca"
name = "LevEduca - Cursos Online"
subgroup = "7"
price = "9,90"
tributacao = "ISSQN"
fiscal_class = "3"

[[product]]
offer = "paramount"
id = "311"
` + link + `
[auth]
method = "hotsite"
`))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

const linkPlans = "[link]\nmethod = \"plan\"\nplans = [\"12\", \"14\"]\n"

func noteText(notes []i18n.Text) string {
	var b strings.Builder
	for _, n := range notes {
		b.WriteString(n.EN + "\n")
	}
	return b.String()
}

func TestPlanFromProfile(t *testing.T) {
	w := newWorld(t)
	p := newProductProfile(t, w, linkPlans)
	w.sim.ResetStats()
	plan, notes, err := steps.PlanFromProfile(t.Context(), w.reader(w.sim.DemoToken()), p, today)
	if err != nil {
		t.Fatal(err)
	}
	// The new product, and product 311 on plan 14 (it is on 12 already).
	var got []string
	for _, c := range plan.Changes {
		got = append(got, c.Table+":"+c.Fields["descricao"]+":"+c.Fields["id_vd_contrato"])
	}
	if strings.Join(got, ",") != "produtos:LevEduca - Cursos Online:,vd_contratos_produtos:Produto 311:14" {
		t.Errorf("plan = %v", got)
	}
	if plan.Changes[0].Fields["unidade"] != "13" {
		t.Errorf("unit = %q, want the SER unit 13", plan.Changes[0].Fields["unidade"])
	}
	if !strings.Contains(noteText(notes), `new product "LevEduca - Cursos Online" is planned once it is created`) {
		t.Errorf("notes = %s", noteText(notes))
	}
	if st := w.sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
		t.Errorf("planning wrote: %+v", st)
	}
}

func TestApplyProfileTwoPhases(t *testing.T) {
	w := newWorld(t)
	p := newProductProfile(t, w, linkPlans)
	var phases []int
	var jpath string
	opts := steps.ApplyProfileOptions{
		Today: today,
		Confirm: func(phase int, plan steps.Plan, _ []i18n.Text) (bool, error) {
			phases = append(phases, phase)
			return true, nil
		},
		Journal: func() (*journal.Journal, error) {
			j := w.journal()
			jpath = j.Path()
			return j, nil
		},
	}
	res, err := steps.ApplyProfile(t.Context(), w.client(), p, opts)
	if err != nil {
		t.Fatal(err)
	}
	prods := rowsWhere(w.sim, "produtos", map[string]string{"descricao": "LevEduca - Cursos Online"})
	if len(prods) != 1 {
		t.Fatalf("products = %+v", prods)
	}
	id := prods[0]["id"]
	if res.Profile.Products[0].ID != id || p.Products[0].ID != "" || !res.IDsFilled(p) {
		t.Errorf("profile ids: out %q, in %q", res.Profile.Products[0].ID, p.Products[0].ID)
	}
	for _, plan := range []string{"12", "14"} {
		if n := len(rowsWhere(w.sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": plan, "id_produto": id, "id_contrato": "0"})); n != 1 {
			t.Errorf("plan %s has %d rows of the new product", plan, n)
		}
	}
	if n := len(rowsWhere(w.sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": "14", "id_produto": "311"})); n != 1 {
		t.Errorf("plan 14 has %d rows of 311", n)
	}
	if res.Result.Done != 4 || len(phases) != 2 || phases[0] != 1 || phases[1] != 2 {
		t.Errorf("done %d, phases %v", res.Result.Done, phases)
	}
	_, es, _ := journal.Read(jpath)
	if len(es) != 4 {
		t.Errorf("journal has %d entries", len(es))
	}
	w.checkNoToken(jpath)

	// Again, from the original profile (no id): the product is found by
	// name, nothing is written, no journal is opened.
	w.sim.ResetStats()
	opened := false
	opts.Journal = func() (*journal.Journal, error) { opened = true; return w.journal(), nil }
	phases = nil
	res, err = steps.ApplyProfile(t.Context(), w.client(), p, opts)
	if err != nil || opened || len(phases) != 0 || len(res.Result.Outcomes) != 0 || res.Profile.Products[0].ID != id {
		t.Fatalf("re-run: err %v opened %v phases %v result %+v", err, opened, phases, res.Result)
	}
	if st := w.sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
		t.Errorf("re-run wrote: %+v", st)
	}
	if !strings.Contains(noteText(res.Notes), "already exists in IXC (id "+id+")") {
		t.Errorf("notes = %s", noteText(res.Notes))
	}
}

func TestApplyProfileDeclinedAndDryRun(t *testing.T) {
	w := newWorld(t)
	p := newProductProfile(t, w, linkPlans)
	w.sim.ResetStats()
	res, err := steps.ApplyProfile(t.Context(), w.client(), p, steps.ApplyProfileOptions{Today: today,
		Confirm: func(int, steps.Plan, []i18n.Text) (bool, error) { return false, nil },
		Journal: func() (*journal.Journal, error) { t.Error("journal opened"); return nil, errors.New("no") }})
	if !errors.Is(err, steps.ErrDeclined) || len(res.Result.Outcomes) != 0 {
		t.Fatalf("declined: %v %+v", err, res.Result)
	}
	res, err = steps.ApplyProfile(t.Context(), w.client(), p, steps.ApplyProfileOptions{Today: today, DryRun: true})
	// The product to create, its two plan rows (as a draft: see Draft), and
	// product 311's row on plan 14.
	if err != nil || res.Result.Planned != 4 || res.Journal != nil || res.Profile.Products[0].ID != "" {
		t.Fatalf("dry run: %v %+v", err, res.Result)
	}
	for _, o := range res.Result.Outcomes[1:3] {
		if !o.Change.Draft || o.Change.Fields["id_produto"] != steps.DraftRef(1) {
			t.Errorf("the new product's link is not a draft: %+v", o.Change)
		}
	}
	if st := w.sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
		t.Errorf("wrote: %+v", st)
	}
}

func TestApplyProfileAdditionalServices(t *testing.T) {
	w := newWorld(t)
	p := newProductProfile(t, w, "[link]\nmethod = \"additional_service\"\ncontracts = [\"101\", \"103\"]\nservice_value = \"4,90\"\nrepeat = \"12\"\n")
	res, err := steps.ApplyProfile(t.Context(), w.client(), p, steps.ApplyProfileOptions{Today: today,
		Journal: func() (*journal.Journal, error) { return w.journal(), nil }})
	if err != nil || res.Result.Done != 5 {
		t.Fatalf("%v %+v", err, res.Result)
	}
	id := res.Profile.Products[0].ID
	for _, prod := range []string{id, "311"} {
		for _, c := range []string{"101", "103"} {
			rows := rowsWhere(w.sim, "cliente_contrato_servicos", map[string]string{"id_contrato": c, "id_produto": prod})
			if len(rows) != 1 || rows[0]["valor_unitario"] != "4.90" || rows[0]["repetir"] != "V" || rows[0]["repetir_qtde"] != "12" || rows[0]["data"] != "2026-11-30" {
				t.Errorf("contract %s product %s: %+v", c, prod, rows)
			}
		}
	}
}

func TestApplyProfileNeedsSERUnit(t *testing.T) {
	w := newWorld(t)
	w.sim.Remove("unidades", "13")
	p := newProductProfile(t, w, linkPlans)
	_, err := steps.ApplyProfile(t.Context(), w.client(), p, steps.ApplyProfileOptions{Today: today, DryRun: true})
	if err == nil || !strings.Contains(i18n.Message(err, i18n.PT), "unidade SER") {
		t.Fatalf("err = %v", err)
	}
}
