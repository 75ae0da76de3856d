package steps

import (
	"context"
	"strconv"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// ProductData is what IXC holds about the configured products.
type ProductData struct {
	// Found maps each configured product id that exists to its record.
	Found map[string]ixc.Record
	// SERUnits are the ids of the units whose sigla is SER.
	SERUnits map[string]bool
}

// loadProducts reads the configured products (one IN request) and the
// units (one small table), concurrently.
func loadProducts(ctx context.Context, r *ixc.Reader, ids []string) (*ProductData, error) {
	d := &ProductData{Found: map[string]ixc.Record{}, SERUnits: map[string]bool{}}
	err := parallel(ctx,
		func(ctx context.Context) error {
			return eachIn(ctx, r, "produtos", "id", ids, nil, func(rec ixc.Record) error {
				d.Found[rec["id"]] = rec
				return nil
			})
		},
		func(ctx context.Context) error {
			ctx = ixc.SelectFields(ctx, "id", "sigla")
			return r.Each(ctx, ixc.Query{Table: "unidades"}, func(rec ixc.Record) error {
				if strings.EqualFold(strings.TrimSpace(rec["sigla"]), "SER") {
					d.SERUnits[rec["id"]] = true
				}
				return nil
			})
		},
	)
	if err != nil {
		return nil, err
	}
	return d, nil
}

// configuredProductIDs returns the distinct product ids of the profile.
func configuredProductIDs(p *profile.Profile) []string {
	var ids []string
	for _, pr := range p.Products {
		ids = append(ids, pr.ID)
	}
	return uniqueSorted(ids)
}

// checkProducts returns the product step's findings (design.md §6).
func checkProducts(p *profile.Profile, d *ProductData) []Finding {
	var out []Finding
	add := func(code string, ids map[string]bool) {
		if len(ids) > 0 {
			out = append(out, newFinding(code, refs("produtos", ids)))
		}
	}
	missing := map[string]bool{}
	missingNoID := len(p.Products) == 0
	for _, pr := range p.Products {
		if pr.ID == "" {
			missingNoID = true
		} else if _, ok := d.Found[pr.ID]; !ok {
			missing[pr.ID] = true
		}
	}
	if len(missing) > 0 || missingNoID {
		out = append(out, newFinding(CodeProductMissing, refs("produtos", missing)))
	}

	for _, rule := range ProductRules {
		bad := map[string]bool{}
		for id, rec := range d.Found {
			if rule.Bad(rec, d.SERUnits) {
				bad[id] = true
			}
		}
		add(rule.Code, bad)
	}

	return append(out, SharedProduct(p)...)
}

// SharedProduct is PRODUCT_SHARED when LevEduca and Paramount+ are
// configured with the same product: the product step's check, also run
// by the wizard the moment the second offer's product is picked.
func SharedProduct(p *profile.Profile) []Finding {
	lev, okL := p.Product("leveduca")
	par, okP := p.Product("paramount")
	if okL && okP && lev.ID != "" && lev.ID == par.ID {
		return []Finding{newFinding(CodeProductShared, []RecordRef{{Table: "produtos", ID: lev.ID}})}
	}
	return nil
}

// positiveDecimal reports whether an IXC decimal ("9.90", "9,90") is above zero.
func positiveDecimal(s string) bool {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	f, err := strconv.ParseFloat(s, 64)
	return err == nil && f > 0
}

// ProductRule is one per-record product check of design.md §6.
type ProductRule struct {
	Code string
	// Bad reports whether rec breaks the rule; serUnits are the ids of the
	// units whose sigla is SER.
	Bad func(rec ixc.Record, serUnits map[string]bool) bool
}

// ProductRules are the per-record product checks, in catalogue order. They
// are the rules of the audit's product step (checkProducts) and of the
// wizard's advice on one product (ProductAdvice).
var ProductRules = []ProductRule{
	{CodeProductInactive, func(r ixc.Record, _ map[string]bool) bool { return r["ativo"] != "S" }},
	{CodeProductNotService, func(r ixc.Record, _ map[string]bool) bool { return r["tipo"] != "S" }},
	{CodeProductStockControl, func(r ixc.Record, _ map[string]bool) bool { return r["controla_estoque"] != "N" }},
	{CodeProductMovement, func(r ixc.Record, _ map[string]bool) bool { return r["movimentacao"] != "V" }},
	{CodeProductUnit, func(r ixc.Record, ser map[string]bool) bool { return !ser[strings.TrimSpace(r["unidade"])] }},
	{CodeProductPrice, func(r ixc.Record, _ map[string]bool) bool { return !positiveDecimal(r["preco_base"]) }},
	{CodeProductFiscal, func(r ixc.Record, _ map[string]bool) bool {
		return isZeroID(r["icms_issqn"]) || isZeroID(r["id_class_fiscal"])
	}},
}
