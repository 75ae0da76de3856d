package steps

import (
	"context"
	"strings"
	"sync"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"golang.org/x/sync/errgroup"
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
	return loadLinksOf(ctx, r, products, listedPlans, listedContracts, today, true)
}

// loadLinksOf is loadLinks; without planContracts the active contracts of
// the plans that carry a product are not read (only the contracts named by
// rows, services and listedContracts are).
func loadLinksOf(ctx context.Context, r *ixc.Reader, products, listedPlans, listedContracts []string, today string, planContracts bool) (*LinkData, error) {
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
		if err := wait(gctx, rowsRead); err != nil || !planContracts {
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

func (l linkCounts) by(method profile.LinkMethod) int {
	switch method {
	case profile.LinkPlan:
		return l.plan
	case profile.LinkContract:
		return l.contract
	case profile.LinkAdditionalService:
		return l.service
	}
	return 0
}

type contractProduct struct{ Contract, Product string }

// Entitlement is design.md §5 computed over LinkData.
type Entitlement struct {
	// Entitled lists the entitled contracts, each once, in no particular
	// order.
	Entitled []contract

	contracts map[string]contract // LinkData.Contracts
	// planRows counts, per plan and product, the plan rows carrying it:
	// each contract of the plan has that many plan links to the product.
	planRows map[string]map[string]int
	// multiPlanRow: some plan carries a product in more than one row.
	multiPlanRow bool
	// direct counts the contract rows and active services per contract and
	// product (plan links are counted through planRows, so a plan of 50,000
	// contracts costs one entry, not 50,000).
	direct map[contractProduct]linkCounts
}

// links counts the active links of each method from a contract to a
// product. A plan link needs the contract to have been read (its plan is
// known only then).
func (e *Entitlement) links(contractID, product string) linkCounts {
	l := e.direct[contractProduct{contractID, product}]
	if c, ok := e.contracts[contractID]; ok && !isZeroID(c.Plan) {
		l.plan = e.planRows[c.Plan][product]
	}
	return l
}

// computeEntitlement applies design.md §5: a contract is entitled when its
// status is A and it has an active link by the configured method to a
// configured product.
func computeEntitlement(d *LinkData, method profile.LinkMethod) *Entitlement {
	e := &Entitlement{contracts: d.Contracts,
		planRows: map[string]map[string]int{}, direct: map[contractProduct]linkCounts{}}
	for _, row := range d.PlanRows {
		m := e.planRows[row.Holder]
		if m == nil {
			m = map[string]int{}
			e.planRows[row.Holder] = m
		}
		m[row.Product]++
		if m[row.Product] > 1 {
			e.multiPlanRow = true
		}
	}
	for _, row := range d.ContractRows {
		k := contractProduct{row.Holder, row.Product}
		l := e.direct[k]
		l.contract++
		e.direct[k] = l
	}
	for _, s := range d.Services {
		k := contractProduct{s.Contract, s.Product}
		l := e.direct[k]
		l.service++
		e.direct[k] = l
	}
	if method == profile.LinkPlan {
		// Every contract of a plan that carries a product has a plan link.
		e.Entitled = make([]contract, 0, len(d.Contracts))
		for _, c := range d.Contracts {
			if c.active() && !isZeroID(c.Plan) && len(e.planRows[c.Plan]) > 0 {
				e.Entitled = append(e.Entitled, c)
			}
		}
		return e
	}
	seen := map[string]bool{}
	for k, l := range e.direct {
		if l.by(method) == 0 || seen[k.Contract] {
			continue
		}
		if c, ok := d.Contracts[k.Contract]; ok && c.active() {
			seen[k.Contract] = true
			e.Entitled = append(e.Entitled, c)
		}
	}
	return e
}

// doubleLinked returns the active contracts linked to the same product more
// than once (design.md §6 LINK_DOUBLE), whatever the methods.
func (e *Entitlement) doubleLinked() map[string]bool {
	out := map[string]bool{}
	for k := range e.direct {
		if c, ok := e.contracts[k.Contract]; ok && c.active() && e.links(k.Contract, k.Product).total() > 1 {
			out[k.Contract] = true
		}
	}
	if e.multiPlanRow { // rare: a plan carrying a product twice doubles its every contract
		for id, c := range e.contracts {
			if !c.active() || isZeroID(c.Plan) {
				continue
			}
			for _, n := range e.planRows[c.Plan] {
				if n > 1 {
					out[id] = true
					break
				}
			}
		}
	}
	return out
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
