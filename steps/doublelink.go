package steps

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// DoubleLink is an active contract that a planned link change would leave
// with the same product linked more than once: IXC bills it twice
// (design.md §6 LINK_DOUBLE, caused by the program's own write).
type DoubleLink struct {
	// Change is the index of the change in the plan given to DoubleLinks.
	Change int
	// Method is how the change links the product: a plan row
	// (profile.LinkPlan), a contract row (LinkContract) or an additional
	// service (LinkAdditionalService).
	Method profile.LinkMethod
	// Plan is the plan of a plan row (every contract of it gets the
	// product); "" for the other methods.
	Plan     string
	Contract string
	Product  string
	// By is how the contract already has the product, in the order plan,
	// contract row, additional service.
	By []profile.LinkMethod
}

// linkMethodOf tells which link a change writes, and its product and
// holder (the plan of a plan row, the contract otherwise); ok is false for
// a change that writes no link.
func linkMethodOf(ch Change) (method profile.LinkMethod, product, holder string, ok bool) {
	if ch.Kind != ChangeInsert {
		return "", "", "", false
	}
	f := ch.Fields
	switch ch.Table {
	case "vd_contratos_produtos":
		switch {
		case !isZeroID(f["id_contrato"]):
			return profile.LinkContract, f["id_produto"], f["id_contrato"], !isZeroID(f["id_produto"])
		case !isZeroID(f["id_vd_contrato"]):
			return profile.LinkPlan, f["id_produto"], f["id_vd_contrato"], !isZeroID(f["id_produto"])
		}
	case "cliente_contrato_servicos":
		if f["tipo_acres_desc"] == "A" && !isZeroID(f["id_contrato"]) && !isZeroID(f["id_produto"]) {
			return profile.LinkAdditionalService, f["id_produto"], f["id_contrato"], true
		}
	}
	return "", "", "", false
}

// DoubleLinks tells which active contracts the link changes of plan (from
// PlanLinkPlans, PlanLinkContracts or PlanAdditionalServices) would leave
// with a product linked more than once, and by what they already have it:
//
//   - a plan row: the active contracts of the plan that have the product
//     in a contract row or an active additional service;
//   - a contract row: the contract, when its plan carries the product or it
//     has an active additional service of it;
//   - an additional service: the contract, when its plan carries the
//     product or it has a contract row of it.
//
// It reads in bulk (the product rows and services of the products, then
// the contracts they and the changes name, IN in chunks) and only reads. A
// Draft change reads nothing: a record a dry run only simulated is on no
// plan or contract of IXC, and a simulated combo plan has no contract yet.
// Changes that write no link are ignored. The result is in change order,
// then contract order.
func DoubleLinks(ctx context.Context, r *ixc.Reader, plan Plan, today time.Time) ([]DoubleLink, error) {
	products, contracts := doubleTargets(plan)
	if len(products) == 0 {
		return nil, nil
	}
	d, err := loadLinksOf(ctx, r, products, nil, contracts, today.In(ixcZone).Format("2006-01-02"), false)
	if err != nil {
		return nil, err
	}
	return doubleLinksIn(d, plan), nil
}

// DoubleLinks is the package's DoubleLinks answered from what the check
// read, with no request: the link screen's check read the products' rows,
// services and the contracts they reach moments before, and nothing was
// written since (the caller knows). ok is false when the check did not
// read a product of plan: then ask IXC (DoubleLinks). A contract the
// check does not know holds none of its products, so nothing doubles it.
func (c *LinkCheck) DoubleLinks(plan Plan) (ds []DoubleLink, ok bool) {
	if c == nil || c.d == nil {
		return nil, false
	}
	products, _ := doubleTargets(plan)
	for _, p := range products {
		if !slices.Contains(c.d.Products, p) {
			return nil, false
		}
	}
	return doubleLinksIn(c.d, plan), true
}

// doubleTargets are the products and the contracts (of contract rows and
// services) the link changes of plan name; drafts left out.
func doubleTargets(plan Plan) (products, contracts []string) {
	for _, ch := range plan.Changes {
		method, product, holder, ok := linkMethodOf(ch)
		if !ok || ch.Draft || IsDraftRef(product) || IsDraftRef(holder) {
			continue
		}
		products = append(products, product)
		if method != profile.LinkPlan {
			contracts = append(contracts, holder)
		}
	}
	return uniqueSorted(products), uniqueSorted(contracts)
}

// doubleLinksIn computes DoubleLinks from links read (d).
func doubleLinksIn(d *LinkData, plan Plan) []DoubleLink {
	e := computeEntitlement(d, profile.LinkPlan)
	// held: the active contracts that have a product by a contract row or
	// an active service, per product and plan (what a plan row doubles).
	held := map[string]map[string][]string{} // product → plan → contracts
	hold := func(contractID, product string) {
		c, ok := d.Contracts[contractID]
		if !ok || !c.active() || isZeroID(c.Plan) {
			return
		}
		if held[product] == nil {
			held[product] = map[string][]string{}
		}
		held[product][c.Plan] = append(held[product][c.Plan], contractID)
	}
	for _, row := range d.ContractRows {
		hold(row.Holder, row.Product)
	}
	for _, s := range d.Services {
		hold(s.Contract, s.Product)
	}

	var out []DoubleLink
	for i, ch := range plan.Changes {
		method, product, holder, ok := linkMethodOf(ch)
		if !ok || ch.Draft || IsDraftRef(product) || IsDraftRef(holder) {
			continue
		}
		if method == profile.LinkPlan {
			for _, id := range uniqueSorted(held[product][holder]) {
				out = append(out, DoubleLink{Change: i, Method: method, Plan: holder, Contract: id, Product: product,
					By: methodsOf(e.links(id, product))})
			}
			continue
		}
		c, ok := d.Contracts[holder]
		if !ok || !c.active() {
			continue
		}
		l := e.links(holder, product)
		switch method { // what the change writes is not what it doubles
		case profile.LinkContract:
			l.contract = 0
		case profile.LinkAdditionalService:
			l.service = 0
		}
		if l.total() > 0 {
			out = append(out, DoubleLink{Change: i, Method: method, Contract: holder, Product: product, By: methodsOf(l)})
		}
	}
	slices.SortStableFunc(out, func(a, b DoubleLink) int { return cmp.Compare(a.Change, b.Change) })
	return out
}

// methodsOf lists the methods l counts a link of.
func methodsOf(l linkCounts) []profile.LinkMethod {
	var out []profile.LinkMethod
	for _, m := range []profile.LinkMethod{profile.LinkPlan, profile.LinkContract, profile.LinkAdditionalService} {
		if l.by(m) > 0 {
			out = append(out, m)
		}
	}
	return out
}

// DoubledContracts are the distinct contracts of ds, in id order.
func DoubledContracts(ds []DoubleLink) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Contract)
	}
	return uniqueSorted(out)
}

// DoubledPlans are the distinct plans of the plan rows of ds, in id order.
func DoubledPlans(ds []DoubleLink) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.Plan)
	}
	return uniqueSorted(out)
}

// HeldBy says how a contract already has the product: "pelo plano", "pela
// aba Produtos e por um serviço adicional ativo".
func HeldBy(methods []profile.LinkMethod) i18n.Text { return heldBy(methods, " e ", " and ") }

// HeldByEither is HeldBy for several contracts, each with one or more of
// methods: "pelo plano ou por um serviço adicional ativo".
func HeldByEither(methods []profile.LinkMethod) i18n.Text { return heldBy(methods, " ou ", " or ") }

func heldBy(methods []profile.LinkMethod, andPT, andEN string) i18n.Text {
	var pt, en []string
	for _, m := range methods {
		switch m {
		case profile.LinkPlan:
			pt, en = append(pt, "pelo plano"), append(en, "through its plan")
		case profile.LinkContract:
			pt, en = append(pt, "pela aba Produtos"), append(en, "on its Produtos tab")
		case profile.LinkAdditionalService:
			pt, en = append(pt, "por um serviço adicional ativo"), append(en, "as an active additional service")
		}
	}
	return i18n.T(joinAnd(pt, andPT), joinAnd(en, andEN))
}

// WouldDouble says what writing the product by method would do to a
// contract that already has it another way: "um serviço adicional cobraria
// em dobro".
func WouldDouble(method profile.LinkMethod) i18n.Text {
	switch method {
	case profile.LinkPlan:
		return i18n.T("o produto no plano cobraria em dobro", "the product on the plan would bill twice")
	case profile.LinkContract:
		return i18n.T("o produto na aba Produtos cobraria em dobro", "the product on the Produtos tab would bill twice")
	}
	return i18n.T("um serviço adicional cobraria em dobro", "an additional service would bill twice")
}

// joinAnd joins items as "a, b e c".
func joinAnd(items []string, and string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + and + items[len(items)-1]
}

// Why is one doubled contract in words: "contrato #2: já tem o produto
// pela aba Produtos" (with the plan for a plan row: "contrato #321 (plano
// #5)").
func (d DoubleLink) Why() i18n.Text {
	by := HeldBy(d.By)
	if d.Method == profile.LinkPlan {
		return i18n.T(fmt.Sprintf("contrato #%s (plano #%s): já tem o produto %s", d.Contract, d.Plan, by.PT),
			fmt.Sprintf("contract #%s (plan #%s): already has the product %s", d.Contract, d.Plan, by.EN))
	}
	return i18n.T(fmt.Sprintf("contrato #%s: já tem o produto %s", d.Contract, by.PT),
		fmt.Sprintf("contract #%s: already has the product %s", d.Contract, by.EN))
}

// DoubleNote is one line about ds for a list of notes (apply's phase
// notes): how many active contracts would be billed twice, the first of
// them and why. "" when ds is empty.
func DoubleNote(ds []DoubleLink, limit int) i18n.Text {
	if len(ds) == 0 {
		return i18n.Text{}
	}
	ids := DoubledContracts(ds)
	seen := map[string]bool{}
	var pt, en []string
	for _, d := range ds {
		if seen[d.Contract] {
			continue
		}
		seen[d.Contract] = true
		if len(pt) == limit {
			rest := len(ids) - limit
			pt = append(pt, countIn("… e mais %d {contrato|contratos}", i18n.PT, rest))
			en = append(en, countIn("… and %d more {contract|contracts}", i18n.EN, rest))
			break
		}
		w := d.Why()
		pt, en = append(pt, w.PT), append(en, w.EN)
	}
	return i18n.T(
		countIn("COBRANÇA EM DOBRO: %d {contrato ativo ficaria|contratos ativos ficariam} com o mesmo produto vinculado mais de uma vez (LINK_DOUBLE): ", i18n.PT, len(ids))+strings.Join(pt, "; ")+".",
		countIn("DOUBLE BILLING: %d {active contract would|active contracts would} have the same product linked more than once (LINK_DOUBLE): ", i18n.EN, len(ids))+strings.Join(en, "; ")+".")
}
