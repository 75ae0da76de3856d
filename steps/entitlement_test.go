package steps

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// refLinks is design.md §5's link count done the direct way: one entry per
// contract and product, every method (the form computeEntitlement had before
// plan links were counted per plan).
func refLinks(d *LinkData) map[contractProduct]linkCounts {
	out := map[contractProduct]linkCounts{}
	plansOf := map[string][]string{}
	for _, row := range d.PlanRows {
		plansOf[row.Holder] = append(plansOf[row.Holder], row.Product)
	}
	for _, c := range d.Contracts {
		if isZeroID(c.Plan) {
			continue
		}
		for _, p := range plansOf[c.Plan] {
			l := out[contractProduct{c.ID, p}]
			l.plan++
			out[contractProduct{c.ID, p}] = l
		}
	}
	for _, row := range d.ContractRows {
		l := out[contractProduct{row.Holder, row.Product}]
		l.contract++
		out[contractProduct{row.Holder, row.Product}] = l
	}
	for _, s := range d.Services {
		l := out[contractProduct{s.Contract, s.Product}]
		l.service++
		out[contractProduct{s.Contract, s.Product}] = l
	}
	return out
}

// randomLinkData is a small world with every kind of overlap: contracts on
// carrying and other plans, some not read, rows and services to the same
// contract and product, plans carrying a product twice, the zero plan.
func randomLinkData(rng *rand.Rand) *LinkData {
	d := &LinkData{Products: []string{"p1", "p2"}, Contracts: map[string]contract{}}
	ids := func(n int) string { return fmt.Sprint(rng.IntN(n)) }
	plans := []string{"0", "1", "2", "3", "4"}
	statuses := []string{"A", "A", "A", "I", "D", "N"}
	for range rng.IntN(40) {
		id := ids(60)
		d.Contracts[id] = contract{ID: id, Customer: ids(30), Plan: plans[rng.IntN(len(plans))], Status: statuses[rng.IntN(len(statuses))]}
	}
	prod := func() string { return d.Products[rng.IntN(2)] }
	for range rng.IntN(5) {
		d.PlanRows = append(d.PlanRows, productRow{ID: ids(1000), Holder: plans[1+rng.IntN(len(plans)-1)], Product: prod()})
	}
	for range rng.IntN(8) {
		d.ContractRows = append(d.ContractRows, productRow{ID: ids(1000), Holder: ids(70), Product: prod()})
	}
	for range rng.IntN(8) {
		d.Services = append(d.Services, serviceRow{ID: ids(1000), Contract: ids(70), Product: prod(), Active: true})
	}
	return d
}

func TestEntitlementMatchesDirectCount(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 5000 {
		d := randomLinkData(rng)
		ref := refLinks(d)
		for _, method := range []profile.LinkMethod{profile.LinkPlan, profile.LinkContract, profile.LinkAdditionalService, "other"} {
			e := computeEntitlement(d, method)
			// Every contract and product, read or not, linked or not.
			for c := range 70 {
				for _, p := range append(d.Products, "p3") {
					k := contractProduct{fmt.Sprint(c), p}
					if got := e.links(k.Contract, k.Product); got != ref[k] {
						t.Fatalf("case %d %s: links(%v) = %+v, want %+v", i, method, k, got, ref[k])
					}
				}
			}
			wantEnt, wantDouble := map[string]bool{}, map[string]bool{}
			for k, l := range ref {
				c, ok := d.Contracts[k.Contract]
				if ok && c.active() && l.by(method) > 0 {
					wantEnt[c.ID] = true
				}
				if ok && c.active() && l.total() > 1 {
					wantDouble[k.Contract] = true
				}
			}
			gotEnt := map[string]bool{}
			for _, c := range e.Entitled {
				if gotEnt[c.ID] {
					t.Fatalf("case %d %s: contract %s entitled twice", i, method, c.ID)
				}
				gotEnt[c.ID] = true
			}
			if !maps.Equal(gotEnt, wantEnt) {
				t.Fatalf("case %d %s: entitled %v, want %v", i, method, gotEnt, wantEnt)
			}
			if got := e.doubleLinked(); !maps.Equal(got, wantDouble) {
				t.Fatalf("case %d %s: double %v, want %v", i, method, got, wantDouble)
			}
		}
	}
}
