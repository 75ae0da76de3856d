package steps

import (
	"context"
	"slices"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// checkLinks returns the link step's findings (design.md §6, step link).
// listedContracts are profile link.contracts; listed plans are in d.
func checkLinks(d *LinkData, e *Entitlement, method profile.LinkMethod, listedContracts []string) []Finding {
	var out []Finding
	add := func(code string, recs []RecordRef) {
		if len(recs) > 0 {
			f := newFinding(code, recs)
			if code == CodeLinkNone || code == CodeLinkContractMissing {
				f.Hint = linkHint(method)
			}
			out = append(out, f)
		}
	}

	// LINK_NONE: a configured product with no row by the configured method.
	linked := map[string]bool{}
	switch method {
	case profile.LinkPlan:
		for _, r := range d.PlanRows {
			linked[r.Product] = true
		}
	case profile.LinkContract:
		for _, r := range d.ContractRows {
			linked[r.Product] = true
		}
	case profile.LinkAdditionalService:
		for _, s := range d.Services {
			linked[s.Product] = true
		}
	}
	none := map[string]bool{}
	for _, p := range d.Products {
		if !linked[p] {
			none[p] = true
		}
	}
	add(CodeLinkNone, refs("produtos", none))

	// Listed plans.
	carries := map[string]bool{}
	for _, r := range d.PlanRows {
		carries[r.Holder] = true
	}
	missingPlans, inactivePlans, emptyPlans := map[string]bool{}, map[string]bool{}, map[string]bool{}
	if method == profile.LinkPlan {
		for _, p := range d.ListedPlans {
			if !carries[p.ID] {
				missingPlans[p.ID] = true
			}
		}
	}
	for _, p := range d.ListedPlans {
		if p.Exists && p.Ativo == "N" {
			inactivePlans[p.ID] = true
		}
		if p.ActiveContracts == 0 {
			emptyPlans[p.ID] = true
		}
	}
	add(CodeLinkPlanMissing, refs("vd_contratos", missingPlans))

	// LINK_CONTRACT_MISSING: a listed contract without an active link by the
	// configured method to a configured product.
	missingContracts := map[string]bool{}
	for _, c := range uniqueSorted(listedContracts) {
		ok := false
		for _, p := range d.Products {
			if e.links(c, p).by(method) > 0 {
				ok = true
				break
			}
		}
		if !ok {
			missingContracts[c] = true
		}
	}
	add(CodeLinkContractMissing, refs("cliente_contrato", missingContracts))
	add(CodeLinkPlanInactive, refs("vd_contratos", inactivePlans))
	add(CodeLinkPlanEmpty, refs("vd_contratos", emptyPlans))

	// LINK_OTHER_METHOD: active links by another method, whatever the
	// contract's status. Holders: the plan, or the contract.
	otherPlans, otherContracts := map[string]bool{}, map[string]bool{}
	if method != profile.LinkPlan {
		for _, r := range d.PlanRows {
			otherPlans[r.Holder] = true
		}
	}
	if method != profile.LinkContract {
		for _, r := range d.ContractRows {
			otherContracts[r.Holder] = true
		}
	}
	if method != profile.LinkAdditionalService {
		for _, s := range d.Services {
			otherContracts[s.Contract] = true
		}
	}
	add(CodeLinkOtherMethod, append(refs("vd_contratos", otherPlans), refs("cliente_contrato", otherContracts)...))

	// LINK_DOUBLE: an active contract linked to the same product more than once.
	add(CodeLinkDouble, refs("cliente_contrato", e.doubleLinked()))

	// LINK_INACTIVE_CONTRACT: a non-active contract still holding the product
	// in a contract row or an active additional service (not via its plan).
	inactive := map[string]bool{}
	holds := func(id string) {
		if c, ok := d.Contracts[id]; ok && !c.active() {
			inactive[id] = true
		}
	}
	for _, r := range d.ContractRows {
		holds(r.Holder)
	}
	for _, s := range d.Services {
		holds(s.Contract)
	}
	add(CodeLinkInactiveContract, refs("cliente_contrato", inactive))

	// LINK_BLOCKED_CONTRACT: entitled but blocked or suspended.
	blocked := map[string]bool{}
	for _, c := range e.Entitled {
		if c.blocked() {
			blocked[c.ID] = true
		}
	}
	add(CodeLinkBlockedContract, refs("cliente_contrato", blocked))

	// LINK_SERVICE_INACTIVE: an active contract whose only links to a product
	// are inactive or expired additional services.
	serviceInactive := map[string]bool{}
	for _, s := range d.InactiveServices {
		c, ok := d.Contracts[s.Contract]
		if !ok || !c.active() {
			continue
		}
		if e.links(s.Contract, s.Product).total() == 0 {
			serviceInactive[s.Contract] = true
		}
	}
	add(CodeLinkServiceInactive, refs("cliente_contrato", serviceInactive))
	return out
}

// LinkCheck holds what the link step's checks read, read once, so that the
// wizard shows the step's findings on the link screen for whichever method
// the technician picks (the audit runs the same checks).
type LinkCheck struct{ d *LinkData }

// ReadLinkCheck reads the link rows of products (configured products that
// exist) and the contracts they reach. It only reads.
func ReadLinkCheck(ctx context.Context, r *ixc.Reader, products []string, now time.Time) (*LinkCheck, error) {
	d, err := loadLinks(ctx, r, products, nil, nil, now.In(ixcZone).Format("2006-01-02"))
	if err != nil {
		return nil, err
	}
	return &LinkCheck{d: d}, nil
}

// LinkStepCodes are the link findings that do not depend on the plans or
// contracts still to be chosen, shown on the link screen: double billing
// and links by another method.
var LinkStepCodes = []string{CodeLinkDouble, CodeLinkOtherMethod}

// Findings are the link step's findings (design.md §6) for method, among
// codes (all when none is given), before any plan or contract is listed.
func (c *LinkCheck) Findings(method profile.LinkMethod, codes ...string) []Finding {
	all := checkLinks(c.d, computeEntitlement(c.d, method), method, nil)
	if len(codes) == 0 {
		return all
	}
	var out []Finding
	for _, f := range all {
		if slices.Contains(codes, f.Code) {
			out = append(out, f)
		}
	}
	return out
}
