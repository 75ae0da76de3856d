package steps

import (
	"context"
	"strings"
	"sync"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"golang.org/x/sync/errgroup"
)

// Link methods (profile link.method).
const (
	MethodPlan              = "plan"
	MethodContract          = "contract"
	MethodAdditionalService = "additional_service"
)

// contract is the part of a cliente_contrato row the checks need.
type contract struct {
	ID, Customer, Plan, Status, StatusInternet, Suspended string
}

func (c contract) active() bool { return c.Status == "A" }

// productRow is a vd_contratos_produtos row of a configured product: a plan
// row (Holder is the plan, id_contrato "0") or a contract row (Holder is the
// contract).
type productRow struct {
	ID, Holder, Product string
}

// serviceRow is a cliente_contrato_servicos row of type A (additional
// service, not discount) of a configured product.
type serviceRow struct {
	ID, Contract, Product string
	Active                bool // status A and not expired
}

// plan is a sales plan the profile lists.
type plan struct {
	ID, Ativo string
	Exists    bool
	// ActiveContracts counts its contracts with status A.
	ActiveContracts int
}

// LinkData is everything IXC says about how the configured products reach
// contracts, read once and shared by the link and auth steps.
type LinkData struct {
	Products     []string // configured products that exist
	PlanRows     []productRow
	ContractRows []productRow
	Services     []serviceRow
	// Inactive additional-service rows (status not A, or expired).
	InactiveServices []serviceRow
	Contracts        map[string]contract
	ListedPlans      []plan
}

// loadLinks reads the link rows of products, the contracts they reach, and
// the listed plans and contracts. Requests grow with pages, not contracts:
// every read is a server-side filter (IN in chunks), reads run as soon as
// what they depend on is known (the client bounds the requests in flight),
// and rows are decoded keeping only the fields the checks use:
//
//	product rows ─┬─> contracts of the carrying plans
//	              ├─> active-contract counts of the listed plans that carry none ─┐
//	listed plans ─┼────────────────────────────────────────────────────────────────┘
//	services ─────┴─> contracts named by contract rows, services and the profile
func loadLinks(ctx context.Context, r *ixc.Reader, products, listedPlans, listedContracts []string, today string) (*LinkData, error) {
	d := &LinkData{Products: uniqueSorted(products), Contracts: map[string]contract{}}
	listed := uniqueSorted(listedPlans)
	byID := map[string]*plan{}
	for _, id := range listed {
		d.ListedPlans = append(d.ListedPlans, plan{ID: id})
	}
	for i := range d.ListedPlans {
		byID[d.ListedPlans[i].ID] = &d.ListedPlans[i]
	}

	var mu sync.Mutex // guards d.Contracts
	keep := func(rec ixc.Record) error {
		mu.Lock()
		defer mu.Unlock()
		d.Contracts[rec["id"]] = contract{
			ID: rec["id"], Customer: rec["id_cliente"], Plan: rec["id_vd_contrato"],
			Status: rec["status"], StatusInternet: rec["status_internet"], Suspended: rec["contrato_suspenso"],
		}
		return nil
	}
	contractFields := []string{"id", "id_cliente", "id_vd_contrato", "status", "status_internet", "contrato_suspenso"}
	isCarrying := map[string]bool{}
	rowsRead, servicesRead, plansRead := make(chan struct{}), make(chan struct{}), make(chan struct{})
	// wait blocks until every channel is closed (its read succeeded) or the
	// group is cancelled (a read failed: its error is the group's).
	wait := func(ctx context.Context, chs ...chan struct{}) error {
		for _, ch := range chs {
			select {
			case <-ch:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		return nil
	}

	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error { // the product rows (plan rows and contract rows)
		ctx := ixc.SelectFields(gctx, "id", "id_produto", "id_contrato", "id_vd_contrato")
		err := eachIn(ctx, r, "vd_contratos_produtos", "id_produto", d.Products, nil, func(rec ixc.Record) error {
			row := productRow{ID: rec["id"], Product: rec["id_produto"]}
			switch {
			case !isZeroID(rec["id_contrato"]):
				row.Holder = rec["id_contrato"]
				d.ContractRows = append(d.ContractRows, row)
			case !isZeroID(rec["id_vd_contrato"]):
				row.Holder = rec["id_vd_contrato"]
				d.PlanRows = append(d.PlanRows, row)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, row := range d.PlanRows {
			isCarrying[row.Holder] = true
		}
		close(rowsRead)
		return nil
	})
	g.Go(func() error { // the additional services
		ctx := ixc.SelectFields(gctx, "id", "id_produto", "id_contrato", "tipo_acres_desc", "status", "data_validade")
		err := eachIn(ctx, r, "cliente_contrato_servicos", "id_produto", d.Products,
			[]ixc.Cond{ixc.Where("cliente_contrato_servicos.tipo_acres_desc", ixc.OpEq, "A")},
			func(rec ixc.Record) error {
				if rec["tipo_acres_desc"] != "A" || isZeroID(rec["id_contrato"]) {
					return nil
				}
				s := serviceRow{ID: rec["id"], Contract: rec["id_contrato"], Product: rec["id_produto"]}
				s.Active = rec["status"] == "A" && !expired(rec["data_validade"], today)
				if s.Active {
					d.Services = append(d.Services, s)
				} else {
					d.InactiveServices = append(d.InactiveServices, s)
				}
				return nil
			})
		if err != nil {
			return err
		}
		close(servicesRead)
		return nil
	})
	g.Go(func() error { // the listed plans
		ctx := ixc.SelectFields(gctx, "id", "Ativo")
		err := eachIn(ctx, r, "vd_contratos", "id", listed, nil, func(rec ixc.Record) error {
			if p := byID[rec["id"]]; p != nil {
				p.Exists, p.Ativo = true, rec["Ativo"]
			}
			return nil
		})
		if err != nil {
			return err
		}
		close(plansRead)
		return nil
	})
	g.Go(func() error { // the contracts of the plans that carry a product
		if err := wait(gctx, rowsRead); err != nil {
			return err
		}
		var carrying []string
		for _, row := range d.PlanRows {
			carrying = append(carrying, row.Holder)
		}
		// Only the active ones: a plan's other contracts are neither entitled
		// nor counted by any check (the named contracts below are read
		// whatever their status).
		return eachIn(ixc.SelectFields(gctx, contractFields...), r, "cliente_contrato", "id_vd_contrato", carrying,
			[]ixc.Cond{ixc.Where("cliente_contrato.status", ixc.OpEq, "A")}, keep)
	})
	g.Go(func() error { // the contracts named by rows, services and the profile
		if err := wait(gctx, rowsRead, servicesRead); err != nil {
			return err
		}
		var named []string
		for _, row := range d.ContractRows {
			named = append(named, row.Holder)
		}
		for _, s := range d.Services {
			named = append(named, s.Contract)
		}
		for _, s := range d.InactiveServices {
			named = append(named, s.Contract)
		}
		named = append(named, listedContracts...)
		return eachIn(ixc.SelectFields(gctx, contractFields...), r, "cliente_contrato", "id", named, nil, keep)
	})
	g.Go(func() error { // the active contracts of each listed plan whose contracts are not read anyway
		if err := wait(gctx, rowsRead, plansRead); err != nil {
			return err
		}
		counts := make([]func(context.Context) error, 0, len(d.ListedPlans))
		for i := range d.ListedPlans {
			p := &d.ListedPlans[i]
			if !p.Exists || isCarrying[p.ID] {
				continue
			}
			counts = append(counts, func(ctx context.Context) error {
				n, err := r.Count(ctx, "cliente_contrato",
					ixc.Where("cliente_contrato.id_vd_contrato", ixc.OpEq, p.ID),
					ixc.Where("cliente_contrato.status", ixc.OpEq, "A"))
				p.ActiveContracts = n
				return err
			})
		}
		return parallel(gctx, counts...)
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	// A listed plan that carries a product had its active contracts read
	// (as the count request counts them: status = A on the server).
	for i := range d.ListedPlans {
		p := &d.ListedPlans[i]
		if !p.Exists || !isCarrying[p.ID] {
			continue
		}
		for _, c := range d.Contracts {
			if c.Plan == p.ID && strings.EqualFold(strings.TrimRight(c.Status, " "), "A") {
				p.ActiveContracts++
			}
		}
	}
	return d, nil
}

// expired reports whether a validity date is set and before today
// (both YYYY-MM-DD). Empty and 0000-00-00 never expire.
func expired(validity, today string) bool {
	if isZeroDate(validity) {
		return false
	}
	v := isoDate(validity)
	if v == "" {
		return false
	}
	return v < today
}

// linkCounts counts, per contract and product, the active links of each
// method.
type linkCounts struct {
	plan, contract, service int
}

func (l linkCounts) total() int { return l.plan + l.contract + l.service }

func (l linkCounts) by(method string) int {
	switch method {
	case MethodPlan:
		return l.plan
	case MethodContract:
		return l.contract
	case MethodAdditionalService:
		return l.service
	}
	return 0
}

type contractProduct struct{ Contract, Product string }

// Entitlement is design.md §5 computed over LinkData.
type Entitlement struct {
	Method string
	// Links counts active links per contract and product, every method.
	Links map[contractProduct]linkCounts
	// Entitled lists the entitled contracts.
	Entitled map[string]contract
}

// computeEntitlement applies design.md §5: a contract is entitled when its
// status is A and it has an active link by the configured method to a
// configured product.
func computeEntitlement(d *LinkData, method string) *Entitlement {
	e := &Entitlement{Method: method, Links: map[contractProduct]linkCounts{}, Entitled: map[string]contract{}}
	plansOf := map[string][]string{} // plan → products (one entry per row)
	for _, row := range d.PlanRows {
		plansOf[row.Holder] = append(plansOf[row.Holder], row.Product)
	}
	for _, c := range d.Contracts {
		if isZeroID(c.Plan) {
			continue
		}
		for _, p := range plansOf[c.Plan] {
			k := contractProduct{c.ID, p}
			l := e.Links[k]
			l.plan++
			e.Links[k] = l
		}
	}
	for _, row := range d.ContractRows {
		k := contractProduct{row.Holder, row.Product}
		l := e.Links[k]
		l.contract++
		e.Links[k] = l
	}
	for _, s := range d.Services {
		k := contractProduct{s.Contract, s.Product}
		l := e.Links[k]
		l.service++
		e.Links[k] = l
	}
	for k, l := range e.Links {
		c, ok := d.Contracts[k.Contract]
		if ok && c.active() && l.by(method) > 0 {
			e.Entitled[c.ID] = c
		}
	}
	return e
}

// blocked reports whether an entitled contract's access is blocked or
// suspended (design.md §6 LINK_BLOCKED_CONTRACT).
func (c contract) blocked() bool {
	switch strings.ToUpper(c.StatusInternet) {
	case "CM", "CA", "FA":
		return true
	}
	return c.Suspended == "S"
}
