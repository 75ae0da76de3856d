package steps

import (
	"strconv"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// The checks that run after the last page has arrived are on the audit's
// critical path: nothing overlaps them. These benchmarks hold them at the
// 100,000-contract scale (25,000 contracts of carrying plans).

// benchLinkData is n contracts on three carrying plans, one in twenty also
// holding a contract row.
func benchLinkData(n int) *LinkData {
	d := &LinkData{Products: []string{"12", "13"}, Contracts: map[string]contract{}}
	d.PlanRows = []productRow{{ID: "1", Holder: "6", Product: "12"}, {ID: "2", Holder: "7", Product: "12"}, {ID: "3", Holder: "7", Product: "13"}, {ID: "4", Holder: "8", Product: "13"}}
	for i := 0; i < n; i++ {
		id := strconv.Itoa(100000 + i*3)
		d.Contracts[id] = contract{ID: id, Customer: strconv.Itoa(5000 + i), Plan: strconv.Itoa(6 + i%3), Status: "A", StatusInternet: "A", Suspended: "N"}
	}
	for i := 0; i < n/20; i++ {
		id := strconv.Itoa(100000 + i*60)
		d.ContractRows = append(d.ContractRows, productRow{ID: strconv.Itoa(i), Holder: id, Product: "12"})
	}
	return d
}

func BenchmarkEntitlementAndLinks(b *testing.B) {
	d := benchLinkData(25000)
	b.ReportAllocs()
	for b.Loop() {
		e := computeEntitlement(d, profile.LinkPlan)
		checkLinks(d, e, profile.LinkPlan, nil)
	}
}

// 100,000 customers, one e-mail in ten shared by two of them.
func BenchmarkAuthCheckHotsite(b *testing.B) {
	d := benchLinkData(25000)
	e := computeEntitlement(d, profile.LinkPlan)
	a := &authData{method: profile.AuthHotsite}
	for i := 0; i < 100000; i++ {
		id := strconv.Itoa(5000 + i)
		a.addCustomer(customer{ID: id, Email: "User" + strconv.Itoa(i%90000) + "@example.com", Doc: "123", Tipo: "F", HasPassword: true})
	}
	b.ReportAllocs()
	for b.Loop() {
		a.check(e, "2026-11-30")
	}
}
