package steps

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"golang.org/x/sync/errgroup"
)

// ProductInfo is a product as the wizard's product screen shows it: the
// fields the tutorial checks, typed, and its PRODUCT_* findings. The full
// record stays inside, for the full-record update of a correction (FixPlan).
type ProductInfo struct {
	ID, Name string
	// Ativo, Tipo ("S" serviço, "C" comércio, "P" patrimônio),
	// ControlaEstoque and Movimentacao as IXC spells them.
	Ativo, Tipo, ControlaEstoque, Movimentacao string
	Unit                                       string // unidade: a unidades id
	Price                                      string // preco_base, as IXC wrote it
	Tributacao                                 string // icms_issqn: "ISSQN", "ICMS", "NT", or empty / "0"
	FiscalClass                                string // id_class_fiscal: a cnf_classificacao_tributaria id, or empty / "0"
	// Advice is the product's PRODUCT_* findings (ProductAdvice).
	Advice []Finding

	rec ixc.Record
	ser string
}

func newProductInfo(rec ixc.Record, serID string) ProductInfo {
	f := func(k string) string { return strings.TrimSpace(rec[k]) }
	return ProductInfo{ID: rec["id"], Name: f("descricao"), Ativo: f("ativo"), Tipo: f("tipo"),
		ControlaEstoque: f("controla_estoque"), Movimentacao: f("movimentacao"), Unit: f("unidade"),
		Price: f("preco_base"), Tributacao: f("icms_issqn"), FiscalClass: f("id_class_fiscal"),
		Advice: ProductAdvice(rec, serID), rec: rec, ser: serID}
}

// Active reports whether the product is active (ativo = S).
func (p ProductInfo) Active() bool { return p.Ativo == "S" }

// HasFiscal reports whether v (Tributacao or FiscalClass) is set: IXC
// writes "0" for none.
func HasFiscal(v string) bool { return v != "" && v != "0" }

// FixPlan is the correction of the product (PlanProductFixWith): the
// tutorial's fields plus the values only the technician can give.
func (p ProductInfo) FixPlan(extra map[string]string) Plan {
	return PlanProductFixWith(p.rec, p.ser, extra)
}

// The catalogue tables the product screen reads besides produtos.
const (
	SubgroupTable    = "sub_grupo_produdos" // IXC's spelling
	UnitTable        = "unidades"
	FiscalClassTable = "cnf_classificacao_tributaria"
)

// ProductCatalog is what the product screen's create form chooses from:
// subgroups, units (and the SER unit's id) and fiscal classifications.
type ProductCatalog struct {
	Subgroups, Units, FiscalClasses []Option
	SER                             string // the unit whose sigla is SER ("" when none)
	// Refused is the catalogue tables IXC refused to list to this token
	// (their lists above are empty), in SubgroupTable, UnitTable,
	// FiscalClassTable order: the products are still listed, only what
	// needs a refused table cannot be done.
	Refused []TableRefusal
}

// TableRefusal is a table IXC refused to list, with its refusal (ErrorText
// words it, quoting IXC).
type TableRefusal struct {
	Table string
	Err   error
}

// Refusal is IXC's refusal of table, nil when the catalogue has it.
func (c *ProductCatalog) Refusal(table string) error {
	if c == nil {
		return nil
	}
	for _, r := range c.Refused {
		if r.Table == table {
			return r.Err
		}
	}
	return nil
}

// RefusedTables names the refused catalogue tables, in order.
func (c *ProductCatalog) RefusedTables() []string {
	if c == nil {
		return nil
	}
	out := make([]string, len(c.Refused))
	for i, r := range c.Refused {
		out[i] = r.Table
	}
	return out
}

// CanCreate reports whether a product can be described for creation: its
// form chooses from every catalogue table.
func (c *ProductCatalog) CanCreate() bool { return c != nil && len(c.Refused) == 0 }

// unitsKnown reports whether the units were read (the SER unit, and so
// PRODUCT_UNIT, can be told).
func (c *ProductCatalog) unitsKnown() bool { return c.Refusal(UnitTable) == nil }

// refused reports whether err is IXC refusing the token a table (its
// group's permission, or a resource the user may not use): what the
// catalogue degrades on, rather than failing the screen.
func refused(err error) bool {
	switch ixc.KindOf(err) {
	case ixc.KindPermissionDenied, ixc.KindResourceUnavailable:
		return true
	}
	return false
}

// ProductChoices is the product screen's read: the products whose name
// contains query (FindProducts), with pick in front when it is not among
// them, and the catalogue when cat is nil (it does not change during a
// run: pass the one returned back in; only the tables it says were
// refused are read again, a permission granted meanwhile is seen). Its
// reads run together.
//
// A catalogue table IXC refuses to list does not fail the read: it is in
// the catalogue's Refused, and a product's PRODUCT_UNIT is not told when
// the units are refused. A refusal of produtos, or any other failure,
// fails it.
func ProductChoices(ctx context.Context, r *ixc.Reader, query, pick string, cat *ProductCatalog) (*ProductCatalog, []ProductInfo, error) {
	g, gctx := errgroup.WithContext(ctx)
	var found []ixc.Record
	var picked ixc.Record
	g.Go(func() (err error) {
		found, err = FindProducts(gctx, r, query)
		return err
	})
	if pick != "" {
		g.Go(func() error {
			// Read in parallel: usually found already has it, and a
			// missing pick is not an error (it is simply not offered).
			if rec, err := r.Get(gctx, "produtos", pick); err == nil {
				picked = rec
			}
			return nil
		})
	}
	var (
		mu        sync.Mutex
		refusals  []TableRefusal
		readTable = func(table string, read func() error) {
			g.Go(func() error {
				err := read()
				if err != nil && refused(err) {
					mu.Lock()
					refusals = append(refusals, TableRefusal{Table: table, Err: err})
					mu.Unlock()
					return nil
				}
				return err
			})
		}
	)
	switch {
	case cat == nil:
		cat = &ProductCatalog{}
		c := cat
		readTable(SubgroupTable, func() (err error) { c.Subgroups, err = Subgroups(gctx, r); return err })
		readTable(UnitTable, func() (err error) { c.Units, c.SER, err = Units(gctx, r); return err })
		readTable(FiscalClassTable, func() (err error) { c.FiscalClasses, err = FiscalClasses(gctx, r); return err })
	case len(cat.Refused) > 0:
		// A copy: the caller may be showing the one passed in.
		c := *cat
		c.Refused = nil
		for _, rf := range cat.Refused {
			switch rf.Table {
			case SubgroupTable:
				readTable(rf.Table, func() (err error) { c.Subgroups, err = Subgroups(gctx, r); return err })
			case UnitTable:
				readTable(rf.Table, func() (err error) { c.Units, c.SER, err = Units(gctx, r); return err })
			case FiscalClassTable:
				readTable(rf.Table, func() (err error) { c.FiscalClasses, err = FiscalClasses(gctx, r); return err })
			}
		}
		cat = &c
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	if len(refusals) > 0 {
		order := []string{SubgroupTable, UnitTable, FiscalClassTable}
		slices.SortFunc(refusals, func(a, b TableRefusal) int {
			return slices.Index(order, a.Table) - slices.Index(order, b.Table)
		})
		cat.Refused = refusals
	}
	if picked != nil && !slices.ContainsFunc(found, func(rec ixc.Record) bool { return rec["id"] == pick }) {
		found = append([]ixc.Record{picked}, found...)
	}
	out := make([]ProductInfo, len(found))
	for i, rec := range found {
		out[i] = newProductInfo(rec, cat.SER)
		if !cat.unitsKnown() {
			// Which unit is SER cannot be told: no advice on it.
			out[i].Advice = slices.DeleteFunc(out[i].Advice, func(f Finding) bool { return f.Code == CodeProductUnit })
		}
	}
	return cat, out, nil
}

// ProductByID reads one product (the manual correction's re-check), with
// serID the SER unit's id.
func ProductByID(ctx context.Context, r *ixc.Reader, id, serID string) (ProductInfo, error) {
	rec, err := r.Get(ctx, "produtos", id)
	if err != nil {
		return ProductInfo{}, err
	}
	return newProductInfo(rec, serID), nil
}

// FindPlanByName returns the id of the sales plan named name ("" when
// there is none): the combo's manual path looks for the copy made in IXC.
func FindPlanByName(ctx context.Context, r *ixc.Reader, name string) (string, error) {
	recs, err := r.All(ctx, ixc.Query{Table: "vd_contratos", Filter: []ixc.Cond{ixc.Where("vd_contratos.nome", ixc.OpEq, name)}, RP: 5})
	if err != nil || len(recs) == 0 {
		return "", err
	}
	return recs[0]["id"], nil
}

// LinkChoices is the link screen's read: how productIDs are linked today
// (a LinkSummary: plans, contract rows, active services) and every sales
// plan with what it carries (Plans), read together.
func LinkChoices(ctx context.Context, r *ixc.Reader, productIDs []string, today time.Time) (LinkSummary, []PlanInfo, error) {
	// The product's link rows are read once, for both the summary and the
	// plans' "carries"; the services, the plan list and the plans' active
	// contracts are read at the same time.
	g, gctx := errgroup.WithContext(ctx)
	var links []ixc.Record
	var services []string
	var plans []PlanInfo
	g.Go(func() (err error) {
		links, err = productLinks(gctx, r, productIDs)
		return err
	})
	g.Go(func() (err error) {
		services, err = activeServices(gctx, r, productIDs, today)
		return err
	})
	g.Go(func() error {
		var err error
		if plans, err = listPlans(gctx, r); err != nil {
			return err
		}
		return countActive(gctx, r, plans)
	})
	if err := g.Wait(); err != nil {
		return LinkSummary{}, nil, err
	}
	carries(plans, links)
	return linkSummary(links, services), plans, nil
}
