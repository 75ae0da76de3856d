package ui

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

var testNow = time.Date(2026, 11, 30, 12, 0, 0, 0, time.UTC)

// demoIXC serves the demo ISP (a small one) over real HTTP.
func demoIXC(t *testing.T, contracts int) (*ixcsim.Sim, string) {
	t.Helper()
	sim := ixcsim.New(ixcsim.Options{Seed: 1, Now: func() time.Time { return testNow }})
	demodata.Generate(demodata.Config{Seed: 1, Contracts: contracts}, func(tb string, r map[string]string) { sim.Put(tb, r) })
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	return sim, url
}

// rows returns the simulator rows of table matching every field given.
func rows(sim *ixcsim.Sim, table string, match map[string]string) []ixcsim.Record {
	var out []ixcsim.Record
	for _, r := range sim.Rows(table) {
		ok := true
		for k, v := range match {
			if r[k] != v {
				ok = false
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	return out
}

// auditSaved audits the profile the wizard saved, as `audit` would.
func auditSaved(t *testing.T, path string, sim *ixcsim.Sim) *steps.Report {
	t.Helper()
	p, err := profile.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := ixc.ParseToken(sim.DemoToken(), "")
	// No idle connections: inside a synctest bubble their readers would
	// never let it settle.
	c, err := ixc.New(ixc.Options{BaseURL: p.IXC.URL, Token: tok, Transport: &http.Transport{DisableKeepAlives: true}})
	if err != nil {
		t.Fatal(err)
	}
	return steps.Audit(t.Context(), c.Reader(), p, steps.Options{Now: func() time.Time { return testNow }})
}

func contains(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
