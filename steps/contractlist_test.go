package steps_test

import (
	"slices"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// A list of ids gives the contracts found and every entry left out, with
// its reason.
func TestContractsFromList(t *testing.T) {
	w := newWorld(t)
	r := w.reader(w.sim.DemoToken())
	found, ignored, err := steps.ContractsFromList(t.Context(), r, "\ufeff103\n99999\nabc\n101; 103, 12x\n\n")
	if err != nil || !slices.Equal(contractIDs(found), []string{"101", "103"}) {
		t.Fatalf("found %v, %v", contractIDs(found), err)
	}
	var got []string
	for _, ig := range ignored {
		got = append(got, ig.Value+": "+ig.Why.In(i18n.PT))
	}
	want := []string{"abc: não é um número", "103: repetido", "12x: não é um número", "99999: contrato não encontrado no IXC"}
	if !slices.Equal(got, want) {
		t.Errorf("ignored = %q, want %q", got, want)
	}
}

// A name search that matches more customers than the list holds says so.
func TestSearchContractsCapped(t *testing.T) {
	sim := ixcsim.New(ixcsim.Options{Seed: 1})
	demodata.Generate(demodata.Config{Seed: 1, Contracts: 2000}, func(tb string, rec map[string]string) { sim.Put(tb, rec) })
	url, err := sim.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	tok, err := ixc.ParseToken(sim.DemoToken(), "")
	if err != nil {
		t.Fatal(err)
	}
	cl, err := ixc.New(ixc.Options{BaseURL: url, Token: tok})
	if err != nil {
		t.Fatal(err)
	}
	r := cl.Reader()
	s, err := steps.SearchContracts(t.Context(), r, "a") // nearly every name
	if err != nil || !s.Capped || len(s.Found) != steps.MaxFoundContracts {
		t.Fatalf("broad search: %d found, capped %v, %v", len(s.Found), s.Capped, err)
	}
	s, err = steps.SearchContracts(t.Context(), r, s.Found[0].ID)
	if err != nil || s.Capped || len(s.Found) != 1 {
		t.Fatalf("by id: %d found, capped %v, %v", len(s.Found), s.Capped, err)
	}
}
