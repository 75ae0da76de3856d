package steps_test

import (
	"slices"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// The link screen's findings are the audit's, for every method: the same
// codes and the same records.
func TestLinkCheckAgreesWithTheAudit(t *testing.T) {
	cfg := demodata.Config{Seed: 1, Contracts: 2000}
	sim := ixcsim.New(ixcsim.Options{Seed: cfg.Seed, Now: func() time.Time { return today }})
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
	setup := demodata.DemoSetup(cfg)
	lc, err := steps.ReadLinkCheck(t.Context(), c.Reader(), []string{setup.LevEducaProductID, setup.ParamountProductID}, today)
	if err != nil {
		t.Fatal(err)
	}
	if st := sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
		t.Fatalf("the link check wrote: %+v", st)
	}
	for _, method := range []profile.LinkMethod{profile.LinkPlan, profile.LinkContract, profile.LinkAdditionalService} {
		p, err := profile.Parse([]byte(demodata.DemoProfileTOML(cfg, url)))
		if err != nil {
			t.Fatal(err)
		}
		p.Link.Method = method
		rep := steps.Audit(t.Context(), c.Reader(), p, steps.Options{Now: func() time.Time { return today }})
		want := map[string][]steps.RecordRef{}
		for _, f := range rep.Step(steps.StepLink).Findings {
			if slices.Contains(steps.LinkStepCodes, f.Code) {
				want[f.Code] = f.Records
			}
		}
		if len(want) == 0 {
			t.Fatalf("%s: the demo audit has no double billing or other method", method)
		}
		got := map[string][]steps.RecordRef{}
		for _, f := range lc.Findings(method, steps.LinkStepCodes...) {
			got[f.Code] = f.Records
		}
		for code, recs := range want {
			if !slices.Equal(got[code], recs) {
				t.Errorf("%s %s: %d records, the audit %d", method, code, len(got[code]), len(recs))
			}
		}
		if len(got) != len(want) {
			t.Errorf("%s: codes %v, the audit %v", method, keys(got), keys(want))
		}
	}
}

func keys(m map[string][]steps.RecordRef) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// PRODUCT_SHARED: both offers on one product, as the audit says it.
func TestSharedProduct(t *testing.T) {
	p := &profile.Profile{Products: []profile.Product{{Offer: "leveduca", ID: "12"}, {Offer: "paramount", ID: "12"}}}
	fs := steps.SharedProduct(p)
	if len(fs) != 1 || fs[0].Code != steps.CodeProductShared || fs[0].Records[0].ID != "12" {
		t.Errorf("shared = %+v", fs)
	}
	p.Products[1].ID = "13"
	if fs := steps.SharedProduct(p); len(fs) != 0 {
		t.Errorf("different products: %+v", fs)
	}
}
