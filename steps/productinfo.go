package steps

import (
	"context"
	"slices"
	"strings"
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

// ProductCatalog is what the product screen's create form chooses from:
// subgroups, units (and the SER unit's id) and fiscal classifications.
type ProductCatalog struct {
	Subgroups, Units, FiscalClasses []Option
	SER                             string // the unit whose sigla is SER ("" when none)
}

// ProductChoices is the product screen's read: the products whose name
// contains query (FindProducts), with pick in front when it is not among
// them, and the catalogue when cat is nil (it does not change during a
// run: pass the one returned back in). Its reads run together.
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
	if cat == nil {
		cat = &ProductCatalog{}
		g.Go(func() (err error) {
			cat.Subgroups, err = Subgroups(gctx, r)
			return err
		})
		g.Go(func() (err error) {
			cat.Units, cat.SER, err = Units(gctx, r)
			return err
		})
		g.Go(func() (err error) {
			cat.FiscalClasses, err = FiscalClasses(gctx, r)
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return nil, nil, err
	}
	if picked != nil && !slices.ContainsFunc(found, func(rec ixc.Record) bool { return rec["id"] == pick }) {
		found = append([]ixc.Record{picked}, found...)
	}
	out := make([]ProductInfo, len(found))
	for i, rec := range found {
		out[i] = newProductInfo(rec, cat.SER)
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
// (ExistingLinks) and every sales plan with what it carries (Plans), read
// together.
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
