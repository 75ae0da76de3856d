package steps

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// The duplicate groups built as customers arrive are the groups of the
// customers finally held, also when a customer is met twice (rows shifting
// between pages, possibly with another e-mail the second time).
func TestDuplicateGroupsWhileLoading(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	emails := []string{"", " ", "a@x.com", "A@X.com ", "b@x.com", "c@x.com", "  c@x.COM"}
	docs := []string{"", "123.456.789-09", "12345678909", "11.222.333/0001-81", "11222333000181", "x"}
	for i := range 3000 {
		for _, method := range []profile.AuthMethod{profile.AuthHotsite, profile.AuthCPFCNPJ} {
			d := &authData{method: method}
			n := rng.IntN(12)
			for range n {
				d.addCustomer(customer{ID: fmt.Sprint(rng.IntN(n + 3)), Email: emails[rng.IntN(len(emails))], Doc: docs[rng.IntN(len(docs))]})
			}
			entitled := map[string]bool{}
			for id := range d.customers {
				if rng.IntN(3) == 0 {
					entitled[id] = true
				}
			}
			// The reference: group the final customers.
			want := map[string]bool{}
			groups := map[string][]string{}
			for id, c := range d.customers {
				if k := d.dupKey(c); k != "" {
					groups[k] = append(groups[k], id)
				}
			}
			for _, ids := range groups {
				any := false
				for _, id := range ids {
					any = any || entitled[id]
				}
				if len(ids) > 1 && any {
					for _, id := range ids {
						want[id] = true
					}
				}
			}
			if got := groupDuplicates(d.duplicateGroups(), entitled); !maps.Equal(got, want) {
				t.Fatalf("case %d %s: duplicates %v, want %v (customers %v)", i, method, got, want, d.customers)
			}
		}
	}
}
