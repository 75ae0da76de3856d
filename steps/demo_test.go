package steps_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// demoAudit audits the built-in demo dataset with its demo profile.
func demoAudit(t testing.TB, cfg demodata.Config, mutate func(*profile.Profile)) (*steps.Report, *ixcsim.Sim) {
	t.Helper()
	sim := ixcsim.New(ixcsim.Options{Seed: cfg.Seed, Now: func() time.Time { return today }})
	demodata.Generate(cfg, func(table string, rec map[string]string) { sim.Put(table, rec) })
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	p, err := profile.Parse([]byte(demodata.DemoProfileTOML(cfg, url)))
	if err != nil {
		t.Fatal(err)
	}
	if mutate != nil {
		mutate(p)
	}
	tok, _ := ixc.ParseToken(sim.DemoToken(), "")
	c, err := ixc.New(ixc.Options{BaseURL: url, Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	return steps.Audit(t.Context(), c.Reader(), p, steps.Options{Now: func() time.Time { return today }}), sim
}

// The demo's messy setup yields a known, stable set of findings: a change
// in the generator or in a check shows up here.
func TestDemoAuditIsStable(t *testing.T) {
	rep, sim := demoAudit(t, demodata.Config{Seed: 1, Contracts: 2000}, nil)
	var got []string
	for _, s := range rep.Steps {
		for _, f := range s.Findings {
			got = append(got, fmt.Sprintf("%s/%s:%d", s.Step, f.Code, len(f.Records)))
		}
	}
	want := []string{
		"product/PRODUCT_UNIT:1", "product/PRODUCT_PRICE:1", "product/PRODUCT_FISCAL:1",
		"link/LINK_PLAN_MISSING:2", "link/LINK_PLAN_INACTIVE:1", "link/LINK_PLAN_EMPTY:1",
		"link/LINK_OTHER_METHOD:96", "link/LINK_DOUBLE:16", "link/LINK_INACTIVE_CONTRACT:14",
		"link/LINK_BLOCKED_CONTRACT:34", "link/LINK_SERVICE_INACTIVE:22",
		"auth/AUTH_HOTSITE_MISSING:19", "auth/AUTH_HOTSITE_DUPLICATE:22",
	}
	if !slices.Equal(got, want) {
		t.Errorf("findings =\n%v\nwant\n%v", got, want)
	}
	want2 := steps.Summary{Errors: 3, Warnings: 9, EntitledContracts: 419, ReadyContracts: 387}
	if rep.Summary != want2 {
		t.Errorf("summary = %+v, want %+v", rep.Summary, want2)
	}
	setup := demodata.DemoSetup(demodata.Config{})
	if f := finding(t, rep, "PRODUCT_FISCAL"); f.Records[0].ID != setup.LevEducaProductID {
		t.Errorf("PRODUCT_FISCAL on %v", f.Records)
	}
	if st := sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
		t.Errorf("the audit wrote: %+v", st)
	}
}

// Every auth method runs on the demo without a skipped step.
func TestDemoAuditEveryAuthMethod(t *testing.T) {
	for _, m := range profile.AuthMethods {
		t.Run(string(m), func(t *testing.T) {
			rep, _ := demoAudit(t, demodata.Config{Seed: 1, Contracts: 500}, func(p *profile.Profile) { p.Auth.Method = m })
			auth := rep.Step(steps.StepAuth)
			if auth.Status == steps.StatusSkipped || len(auth.Findings) == 0 {
				t.Errorf("auth step: %+v", auth)
			}
		})
	}
}
