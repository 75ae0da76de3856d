package steps

import (
	"context"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
)

// ProductPrices reads the preco_base of products, given as IXC ids or as
// Refs of drafts (a dry run's new product: its price comes from the
// draft): id → the price as IXC writes it ("9.90"), "" when the product
// has none (unset, zero or not a price). One IN look-up for the IXC ids;
// it only reads.
func ProductPrices(ctx context.Context, r *ixc.Reader, products []string, drafts ...Draft) (map[string]string, error) {
	real, refs := splitDrafts(uniqueSorted(products))
	out := map[string]string{}
	for _, id := range real {
		out[id] = ""
	}
	for _, ref := range refs {
		out[ref] = ""
		if d, ok := findDraft(drafts, "produtos", ref); ok {
			out[ref] = priceOf(d.Fields)
		}
	}
	err := eachIn(ixc.SelectFields(ctx, "id", "preco_base"), r, "produtos", "id", real, nil, func(rec ixc.Record) error {
		if _, ok := out[rec["id"]]; ok {
			out[rec["id"]] = priceOf(rec)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// priceOf is a product record's positive preco_base ("" when none).
func priceOf(rec map[string]string) string {
	p := productOf(rec["id"], rec).price
	if p == "0.00" || !positiveDecimal(p) {
		return ""
	}
	return p
}
