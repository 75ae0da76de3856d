package steps

import (
	"context"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/ixc-leveduca/ixc-leveduca/brdoc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"

	"github.com/ixc-leveduca/ixc-leveduca/recid"
)

// The look-ups of the wizard screens: each is a handful of requests (IN in
// chunks, counts with rp=1), never one request per record.

// Option is one choice of a select list.
type Option struct{ ID, Label string }

func options(ctx context.Context, r *ixc.Reader, table string, label func(ixc.Record) string) ([]Option, error) {
	var out []Option
	err := r.Each(ctx, ixc.Query{Table: table}, func(rec ixc.Record) error {
		out = append(out, Option{ID: rec["id"], Label: label(rec)})
		return nil
	})
	return out, err
}

// Subgroups lists the product subgroups (sub_grupo_produdos), in id order.
func Subgroups(ctx context.Context, r *ixc.Reader) ([]Option, error) {
	return options(ctx, r, "sub_grupo_produdos", func(rec ixc.Record) string { return strings.TrimSpace(rec["sub_grupo"]) })
}

// Units lists the units ("SER — Serviço") and returns the id of the one
// whose sigla is SER ("" when there is none; never assumed to be 13).
func Units(ctx context.Context, r *ixc.Reader) (opts []Option, serID string, err error) {
	opts, err = options(ctx, r, "unidades", func(rec ixc.Record) string {
		s, d := strings.TrimSpace(rec["sigla"]), strings.TrimSpace(rec["descricao"])
		if strings.EqualFold(s, "SER") && serID == "" {
			serID = rec["id"]
		}
		if s == "" {
			return d
		}
		return s + " — " + d
	})
	if err != nil {
		return nil, "", err
	}
	return opts, serID, nil
}

// FiscalClasses lists the fiscal classifications
// (cnf_classificacao_tributaria) as "descrição (tributação)".
func FiscalClasses(ctx context.Context, r *ixc.Reader) ([]Option, error) {
	return options(ctx, r, "cnf_classificacao_tributaria", func(rec ixc.Record) string {
		d, t := strings.TrimSpace(rec["descricao"]), strings.TrimSpace(rec["cf_tipo_tributacao"])
		if t == "" || strings.Contains(strings.ToUpper(d), strings.ToUpper(t)) || strings.HasSuffix(d, ")") {
			return d // the name already says its tax ("Serviços (ISS)")
		}
		return d + " (" + t + ")"
	})
}

// MaxFoundProducts is how many products FindProducts returns.
const MaxFoundProducts = 20

// FindProducts finds products whose name contains name (IXC's L operator),
// newest first, at most MaxFoundProducts; an empty name lists the newest
// services (tipo S).
func FindProducts(ctx context.Context, r *ixc.Reader, name string) ([]ixc.Record, error) {
	name = strings.TrimSpace(name)
	cond := ixc.Where("produtos.tipo", ixc.OpEq, "S")
	if name != "" {
		cond = ixc.Where("produtos.descricao", ixc.OpLike, name)
	}
	p, err := r.List(ctx, ixc.Query{Table: "produtos", Filter: []ixc.Cond{cond}, RP: MaxFoundProducts,
		SortName: "produtos.id", SortOrder: "desc"})
	if err != nil {
		return nil, err
	}
	if len(p.Records) > MaxFoundProducts {
		p.Records = p.Records[:MaxFoundProducts]
	}
	return p.Records, nil
}

// ProductAdvice returns the PRODUCT_* findings of one product record, with
// serID the SER unit's id (see Units).
func ProductAdvice(rec ixc.Record, serID string) []Finding {
	ser := map[string]bool{}
	if serID != "" {
		ser[serID] = true
	}
	var out []Finding
	for _, rule := range ProductRules {
		if rule.Bad(rec, ser) {
			out = append(out, newFinding(rule.Code, []RecordRef{{Table: "produtos", ID: rec["id"]}}))
		}
	}
	return out
}

// PlanInfo is a sales plan as the link screen lists it.
type PlanInfo struct {
	ID, Name, Ativo string
	ActiveContracts int
	Carries         []string // the given products this plan carries
}

// planScanThreshold: above this many plans, active contracts are counted in
// one paged scan of the active contracts instead of one count per plan.
const planScanThreshold = 50

// countConcurrency bounds the per-plan counts in flight.
const countConcurrency = 4

// Plans lists every sales plan with its active contracts and which of
// productIDs it carries (plan rows of vd_contratos_produtos). The plan list
// and the links are read together, then the active contracts counted.
func Plans(ctx context.Context, r *ixc.Reader, productIDs []string) ([]PlanInfo, error) {
	g, gctx := errgroup.WithContext(ctx)
	var out []PlanInfo
	var links []ixc.Record
	g.Go(func() (err error) {
		out, err = listPlans(gctx, r)
		return err
	})
	g.Go(func() (err error) {
		links, err = productLinks(gctx, r, productIDs)
		return err
	})
	if err := g.Wait(); err != nil {
		return nil, err
	}
	carries(out, links)
	if err := countActive(ctx, r, out); err != nil {
		return nil, err
	}
	return out, nil
}

// listPlans reads every sales plan (vd_contratos).
func listPlans(ctx context.Context, r *ixc.Reader) ([]PlanInfo, error) {
	var out []PlanInfo
	err := r.Each(ctx, ixc.Query{Table: "vd_contratos"}, func(rec ixc.Record) error {
		out = append(out, PlanInfo{ID: rec["id"], Name: strings.TrimSpace(rec["nome"]), Ativo: rec["Ativo"]})
		return nil
	})
	return out, err
}

// productLinks reads the vd_contratos_produtos rows of productIDs (plan and
// contract rows alike).
func productLinks(ctx context.Context, r *ixc.Reader, productIDs []string) ([]ixc.Record, error) {
	var mu sync.Mutex
	var out []ixc.Record
	err := eachIn(ctx, r, "vd_contratos_produtos", "id_produto", productIDs, nil, func(rec ixc.Record) error {
		mu.Lock()
		out = append(out, rec)
		mu.Unlock()
		return nil
	})
	return out, err
}

// carries marks, on each plan, the products its plan rows carry.
func carries(out []PlanInfo, links []ixc.Record) {
	idx := map[string]int{}
	for i, p := range out {
		idx[p.ID] = i
	}
	for _, rec := range links {
		if !isZeroID(rec["id_contrato"]) {
			continue
		}
		if i, ok := idx[rec["id_vd_contrato"]]; ok && !slices.Contains(out[i].Carries, rec["id_produto"]) {
			out[i].Carries = append(out[i].Carries, rec["id_produto"])
		}
	}
	for i := range out {
		slices.SortFunc(out[i].Carries, recid.Compare)
	}
}

// countActive fills each plan's active contracts: one count per plan, or
// one paged scan of the active contracts when there are many plans.
func countActive(ctx context.Context, r *ixc.Reader, out []PlanInfo) error {
	idx := map[string]int{}
	for i, p := range out {
		idx[p.ID] = i
	}
	if len(out) > planScanThreshold {
		return r.Each(ctx, ixc.Query{Table: "cliente_contrato", Filter: []ixc.Cond{ixc.Where("cliente_contrato.status", ixc.OpEq, "A")}},
			func(rec ixc.Record) error {
				if i, ok := idx[rec["id_vd_contrato"]]; ok && rec["status"] == "A" {
					out[i].ActiveContracts++
				}
				return nil
			})
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
		sem      = make(chan struct{}, countConcurrency)
	)
	cctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for i := range out {
		wg.Add(1)
		sem <- struct{}{}
		go func(i int) {
			defer wg.Done()
			defer func() { <-sem }()
			n, err := r.Count(cctx, "cliente_contrato",
				ixc.Where("cliente_contrato.id_vd_contrato", ixc.OpEq, out[i].ID),
				ixc.Where("cliente_contrato.status", ixc.OpEq, "A"))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if firstErr == nil {
					firstErr = err
					cancel()
				}
				return
			}
			out[i].ActiveContracts = n
		}(i)
	}
	wg.Wait()
	return firstErr
}

// ContractInfo is a customer contract as the contract screens list it.
type ContractInfo struct {
	ID, CustomerID, CustomerName, Doc, PlanID, Status string
}

// MaxFoundContracts is how many contracts FindContracts returns.
const MaxFoundContracts = 50

// queryKind tells what a FindContracts query is.
func queryKind(q string) string {
	if q != "" && len(q) <= 9 && recid.Digits(q) {
		return "id"
	}
	n := brdoc.Normalize(q)
	if (len(n) == brdoc.CPFLen && recid.Digits(n)) || (len(n) == brdoc.CNPJLen && hasDigit(n) && isAlnum(n)) {
		return "doc"
	}
	return "name"
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

func isAlnum(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// FindContracts finds contracts by contract id (up to 9 digits), by the
// customer's CPF/CNPJ (formatted or not: IXC stores it formatted, so both
// the formatted form and the input are searched) or by part of the
// customer's name (cliente.razao). At most MaxFoundContracts, by id.
func FindContracts(ctx context.Context, r *ixc.Reader, query string) ([]ContractInfo, error) {
	s, err := SearchContracts(ctx, r, query)
	return s.Found, err
}

// ContractSearch is the outcome of a contract search: the contracts found
// (at most MaxFoundContracts, by id) and whether more matched.
type ContractSearch struct {
	Found []ContractInfo
	// Capped: more contracts (or customers) matched than Found holds.
	Capped bool
}

// SearchContracts is FindContracts saying whether the list was capped.
func SearchContracts(ctx context.Context, r *ixc.Reader, query string) (ContractSearch, error) {
	q := strings.TrimSpace(query)
	if q == "" {
		return ContractSearch{}, nil
	}
	switch queryKind(q) {
	case "id":
		found, err := ContractsByID(ctx, r, []string{q})
		return ContractSearch{Found: found}, err
	case "doc":
		vals := uniqueStrings([]string{brdoc.Format(q), brdoc.Normalize(q), q})
		customers := map[string]ixc.Record{}
		err := r.Each(ctx, ixc.Query{Table: "cliente", Filter: []ixc.Cond{ixc.Where("cliente.cnpj_cpf", ixc.OpIn, strings.Join(vals, ","))}},
			func(rec ixc.Record) error {
				customers[rec["id"]] = rec
				return nil
			})
		if err != nil {
			return ContractSearch{}, err
		}
		return contractsOf(ctx, r, customers)
	}
	p, err := r.List(ctx, ixc.Query{Table: "cliente", Filter: []ixc.Cond{ixc.Where("cliente.razao", ixc.OpLike, q)}, RP: MaxFoundContracts})
	if err != nil {
		return ContractSearch{}, err
	}
	customers := map[string]ixc.Record{}
	for _, rec := range p.Records {
		customers[rec["id"]] = rec
	}
	s, err := contractsOf(ctx, r, customers)
	s.Capped = s.Capped || p.Total > len(p.Records)
	return s, err
}

func uniqueStrings(in []string) []string {
	var out []string
	for _, s := range in {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// contractsOf lists the contracts of customers (at most MaxFoundContracts).
func contractsOf(ctx context.Context, r *ixc.Reader, customers map[string]ixc.Record) (ContractSearch, error) {
	if len(customers) == 0 {
		return ContractSearch{}, nil
	}
	var ids []string
	for id := range customers {
		ids = append(ids, id)
	}
	var out []ContractInfo
	err := eachIn(ctx, r, "cliente_contrato", "id_cliente", ids, nil, func(rec ixc.Record) error {
		out = append(out, contractInfo(rec, customers[rec["id_cliente"]]))
		return nil
	})
	if err != nil {
		return ContractSearch{}, err
	}
	slices.SortFunc(out, func(a, b ContractInfo) int { return recid.Compare(a.ID, b.ID) })
	capped := len(out) > MaxFoundContracts
	if capped {
		out = out[:MaxFoundContracts]
	}
	return ContractSearch{Found: out, Capped: capped}, nil
}

func contractInfo(c, cust ixc.Record) ContractInfo {
	ci := ContractInfo{ID: c["id"], CustomerID: c["id_cliente"], PlanID: c["id_vd_contrato"], Status: c["status"]}
	if cust != nil {
		ci.CustomerName = strings.TrimSpace(cust["razao"])
		ci.Doc = strings.TrimSpace(cust["cnpj_cpf"])
	}
	return ci
}

// ContractsByID reads contracts and their customers by id (IN in chunks), in
// id order; ids that do not exist are left out.
func ContractsByID(ctx context.Context, r *ixc.Reader, ids []string) ([]ContractInfo, error) {
	var recs []ixc.Record
	var custIDs []string
	err := eachIn(ctx, r, "cliente_contrato", "id", ids, nil, func(rec ixc.Record) error {
		recs = append(recs, rec)
		custIDs = append(custIDs, rec["id_cliente"])
		return nil
	})
	if err != nil {
		return nil, err
	}
	customers := map[string]ixc.Record{}
	err = eachIn(ctx, r, "cliente", "id", custIDs, nil, func(rec ixc.Record) error {
		customers[rec["id"]] = rec
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]ContractInfo, 0, len(recs))
	for _, rec := range recs {
		out = append(out, contractInfo(rec, customers[rec["id_cliente"]]))
	}
	slices.SortFunc(out, func(a, b ContractInfo) int { return recid.Compare(a.ID, b.ID) })
	return out, nil
}

// LinkSummary is how products are already linked, per method: the plans
// carrying them, the contracts with a contract row, and the contracts with
// an active unexpired additional service. Ids are sorted and distinct.
type LinkSummary struct{ Plans, Contracts, Services []string }

// linkSummary sorts the product's rows into plans and contracts.
func linkSummary(links []ixc.Record, services []string) LinkSummary {
	var s LinkSummary
	for _, rec := range links {
		switch {
		case !isZeroID(rec["id_contrato"]):
			s.Contracts = append(s.Contracts, rec["id_contrato"])
		case !isZeroID(rec["id_vd_contrato"]):
			s.Plans = append(s.Plans, rec["id_vd_contrato"])
		}
	}
	s.Plans, s.Contracts, s.Services = uniqueSorted(s.Plans), uniqueSorted(s.Contracts), uniqueSorted(services)
	return s
}

// activeServices lists the contracts with an active, unexpired additional
// service of productIDs.
func activeServices(ctx context.Context, r *ixc.Reader, productIDs []string, today time.Time) ([]string, error) {
	todayISO := today.In(ixcZone).Format("2006-01-02")
	var mu sync.Mutex
	var out []string
	err := eachIn(ctx, r, "cliente_contrato_servicos", "id_produto", productIDs,
		[]ixc.Cond{ixc.Where("cliente_contrato_servicos.tipo_acres_desc", ixc.OpEq, "A")},
		func(rec ixc.Record) error {
			if rec["tipo_acres_desc"] == "A" && rec["status"] == "A" && !isZeroID(rec["id_contrato"]) &&
				!expired(rec["data_validade"], todayISO) {
				mu.Lock()
				out = append(out, rec["id_contrato"])
				mu.Unlock()
			}
			return nil
		})
	return out, err
}
