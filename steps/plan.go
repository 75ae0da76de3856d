package steps

import (
	"context"
	"maps"
	"strconv"
	"strings"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// The planners of this file read IXC (through a read-only Reader) and return
// the changes that would bring it to the wanted state; they write nothing.
// Apply executes the plans. Every insert carries all the fields the IXC
// form requires and a Key that finds the record if it already exists.

// ProductSpec describes a product to create (design.md §1 step 3).
type ProductSpec struct {
	Offer       string // "leveduca" | "paramount" (only for the summary)
	Name        string
	Subgroup    string // sub_grupo_produdos id
	Price       string // "9.90" ("9,90" is accepted too)
	Tributacao  string // "ICMS" | "ISSQN" | "NT" (produtos.icms_issqn)
	FiscalClass string // cnf_classificacao_tributaria id (produtos.id_class_fiscal)
	Unit        string // the SER unit's id (see Units)
}

// DefaultNCM is the NCM code written on a new service product: services have
// no NCM, and IXC's own service products carry eight zeros.
const DefaultNCM = "00000000"

// PlanProduct plans the creation of a product. If a product with the same
// name (trimmed, case-insensitive) exists, the plan is empty and its id is
// returned; otherwise the plan holds one insert with every required field.
func PlanProduct(ctx context.Context, r *ixc.Reader, spec ProductSpec) (plan Plan, existingID string, err error) {
	name := strings.TrimSpace(spec.Name)
	if name == "" {
		return Plan{}, "", i18n.Errorf("informe o nome do produto", "the product name is missing")
	}
	recs, err := r.All(ctx, ixc.Query{Table: "produtos", Filter: []ixc.Cond{ixc.Where("produtos.descricao", ixc.OpLike, name)}})
	if err != nil {
		return Plan{}, "", err
	}
	for _, rec := range recs { // in id order: the oldest homonym wins
		if strings.EqualFold(strings.TrimSpace(rec["descricao"]), name) {
			return Plan{}, rec["id"], nil
		}
	}

	price, err := profile.ParsePrice(spec.Price)
	if err != nil {
		return Plan{}, "", err
	}
	ids := []struct{ val, pt, en string }{
		{spec.Subgroup, "subgrupo", "subgroup"},
		{spec.FiscalClass, "classificação fiscal de saída", "fiscal classification"},
		{spec.Unit, "unidade", "unit"},
	}
	for _, f := range ids {
		if _, err := profile.ParseID(strings.TrimSpace(f.val)); err != nil {
			return Plan{}, "", prefixErr(f.pt+" do produto", "product "+f.en, err)
		}
	}
	trib := strings.ToUpper(strings.TrimSpace(spec.Tributacao))
	switch trib {
	case profile.TributacaoICMS, profile.TributacaoISSQN, profile.TributacaoNT:
	default:
		return Plan{}, "", i18n.Errorf("tributação %q inválida: use ICMS, ISSQN ou NT",
			"invalid tributação %q: use ICMS, ISSQN or NT", spec.Tributacao)
	}
	fields := map[string]string{
		"ativo":                  "S",
		"id_sub_grupo":           strings.TrimSpace(spec.Subgroup),
		"descricao":              name,
		"tipo":                   "S", // Serviço
		"controla_estoque":       "N",
		"movimentacao":           "V", // Venda
		"unidade":                strings.TrimSpace(spec.Unit),
		"preco_base":             price,
		"aceita_valor":           "P",
		"icms_issqn":             trib,
		"id_class_fiscal":        strings.TrimSpace(spec.FiscalClass),
		"ncm":                    DefaultNCM,
		"mostra_valor_ecommerce": "P",
		"tipo_ecommerce":         "P",
		"ecommerce_prioridade":   "0",
	}
	c := Change{
		Kind: ChangeInsert, Table: "produtos", Fields: fields,
		Key: []ixc.Cond{ixc.Where("produtos.descricao", ixc.OpEq, name)},
		Summary: i18n.Tf("Criar o produto %q%s: serviço, R$ %s, %s",
			"Create the product %q%s: service, R$ %s, %s",
			name, offerSuffix(spec.Offer), brl(price), trib),
	}
	return Plan{Changes: []Change{c}}, "", nil
}

// prefixErr puts a bilingual prefix before err's message.
func prefixErr(pt, en string, err error) error {
	r := Reason(err) // IXC's and the system's errors in words, both languages
	return &i18n.Error{Msg: i18n.T(pt+": "+r.PT, en+": "+r.EN)}
}

// offerSuffix is " (LevEduca)" or " (Paramount+)" for a known offer.
func offerSuffix(offer string) string {
	switch strings.ToLower(strings.TrimSpace(offer)) {
	case profile.OfferLevEduca:
		return " (LevEduca)"
	case profile.OfferParamount:
		return " (Paramount+)"
	}
	return ""
}

// brl writes an IXC decimal with a decimal comma ("9.90" → "9,90").
func brl(price string) string { return strings.Replace(price, ".", ",", 1) }

// PlanProductFix plans the update that brings an existing product to the
// recommendations of design.md §1 (ativo S, tipo S, controla_estoque N,
// movimentacao V, unidade = serUnit): only the fields that differ; Before is
// rec. An empty serUnit leaves the unit alone. Price and fiscal fields are
// the ISP's accounting decisions and are not touched.
func PlanProductFix(rec ixc.Record, serUnit string) Plan {
	return PlanProductFixWith(rec, serUnit, nil)
}

// PlanProductFixWith is PlanProductFix plus values only the technician can
// give (the ISP's accountant decides them): preco_base, icms_issqn and
// id_class_fiscal, in extra. Empty extra values are ignored.
func PlanProductFixWith(rec ixc.Record, serUnit string, extra map[string]string) Plan {
	want := []struct{ field, value string }{
		{"ativo", "S"}, {"tipo", "S"}, {"controla_estoque", "N"}, {"movimentacao", "V"},
	}
	if s := strings.TrimSpace(serUnit); s != "" {
		want = append(want, struct{ field, value string }{"unidade", s})
	}
	for _, k := range []string{"preco_base", "icms_issqn", "id_class_fiscal"} {
		if v := strings.TrimSpace(extra[k]); v != "" {
			want = append(want, struct{ field, value string }{k, v})
		}
	}
	fields := map[string]string{}
	var names []string
	for _, w := range want {
		if strings.TrimSpace(rec[w.field]) != w.value {
			fields[w.field] = w.value
			names = append(names, w.field)
		}
	}
	if len(fields) == 0 {
		return Plan{}
	}
	id := rec["id"]
	c := Change{
		Kind: ChangeUpdate, Table: "produtos", ID: id, Fields: fields, Before: maps.Clone(rec),
		Summary: i18n.Tf("Corrigir o produto %s (%s): %s", "Fix the product %s (%s): %s",
			id, strings.TrimSpace(rec["descricao"]), fieldNames("produtos", names)),
	}
	return Plan{Changes: []Change{c}}
}

// linkProduct is what the link planners need to know about the product;
// draft: a product a dry run would create (see Draft).
type linkProduct struct {
	id, name, price, unit string
	draft                 bool
}

// phrase names the product in a change's summary: "o produto 310
// (LevEduca)", or "o produto novo (LevEduca)" for a draft.
func (p linkProduct) phrase() i18n.Text {
	if p.draft {
		return i18n.Tf("o produto novo (%s)", "the new product (%s)", p.name)
	}
	return i18n.Tf("o produto %s (%s)", "product %s (%s)", p.id, p.name)
}

// readLinkProduct reads the product productID, or takes a draft's fields
// when productID is the Ref of one of drafts.
func readLinkProduct(ctx context.Context, r *ixc.Reader, productID string, drafts []Draft) (linkProduct, error) {
	if IsDraftRef(productID) {
		d, ok := findDraft(drafts, "produtos", productID)
		if !ok {
			return linkProduct{}, errUnknownDraft(productID)
		}
		p := productOf(productID, d.Fields)
		p.draft = true
		return p, nil
	}
	if _, err := profile.ParseID(productID); err != nil {
		return linkProduct{}, prefixErr("produto", "product", err)
	}
	rec, err := r.Get(ctx, "produtos", productID)
	if err != nil {
		if ixc.KindOf(err) == ixc.KindNotFound {
			return linkProduct{}, i18n.Errorf("o produto %s não existe no IXC", "product %s does not exist in IXC", productID)
		}
		return linkProduct{}, err
	}
	return productOf(productID, rec), nil
}

func productOf(id string, rec map[string]string) linkProduct {
	p := linkProduct{id: id, name: strings.TrimSpace(rec["descricao"]), unit: strings.TrimSpace(rec["unidade"])}
	p.price = "0.00"
	if v, err := profile.ParsePrice(rec["preco_base"]); err == nil {
		p.price = v
	} else if positiveDecimal(rec["preco_base"]) {
		p.price = strings.TrimSpace(rec["preco_base"])
	}
	return p
}

// readNamesOrDrafts is readNames for ids that may hold Refs of drafts of
// table: those come from drafts, the others from IXC.
func readNamesOrDrafts(ctx context.Context, r *ixc.Reader, table string, ids []string, drafts []Draft, whatPT, whatEN string) (map[string]ixc.Record, error) {
	real, refs := splitDrafts(ids)
	out := map[string]ixc.Record{}
	if len(real) > 0 {
		recs, err := readNames(ctx, r, table, real, whatPT, whatEN)
		if err != nil {
			return nil, err
		}
		out = recs
	}
	for _, ref := range refs {
		d, ok := findDraft(drafts, table, ref)
		if !ok {
			return nil, errUnknownDraft(ref)
		}
		out[ref] = ixc.Record(d.Fields)
	}
	return out, nil
}

// readNames reads table rows by id (id → record); ids that do not exist
// are reported in an error.
func readNames(ctx context.Context, r *ixc.Reader, table string, ids []string, whatPT, whatEN string) (map[string]ixc.Record, error) {
	for _, id := range ids {
		if _, err := profile.ParseID(id); err != nil {
			return nil, prefixErr(countIn(whatPT, i18n.PT, len(ids)), countIn(whatEN, i18n.EN, len(ids)), err)
		}
	}
	out := map[string]ixc.Record{}
	err := eachIn(ctx, r, table, "id", ids, nil, func(rec ixc.Record) error {
		out[rec["id"]] = rec
		return nil
	})
	if err != nil {
		return nil, err
	}
	var missing []string
	for _, id := range ids {
		if _, ok := out[id]; !ok {
			missing = append(missing, id)
		}
	}
	if len(missing) > 0 {
		return nil, &i18n.Error{Msg: i18n.T(
			countIn(whatPT+" {não encontrado|não encontrados} no IXC: ", i18n.PT, len(missing))+strings.Join(missing, ", "),
			countIn(whatEN, i18n.EN, len(missing))+" not found in IXC: "+strings.Join(missing, ", "))}
	}
	return out, nil
}

// PlanLinkPlans plans one vd_contratos_produtos plan row (id_vd_contrato =
// plan, id_contrato "0") per plan that does not carry the product yet.
// productID and plans may be Refs of drafts (a dry run's new product or
// combo plan): a draft carries nothing yet, and its rows are Draft changes.
func PlanLinkPlans(ctx context.Context, r *ixc.Reader, productID string, plans []string, drafts ...Draft) (Plan, error) {
	plans = uniqueSorted(plans)
	if len(plans) == 0 {
		return Plan{}, nil
	}
	prod, err := readLinkProduct(ctx, r, productID, drafts)
	if err != nil {
		return Plan{}, err
	}
	planRecs, err := readNamesOrDrafts(ctx, r, "vd_contratos", plans, drafts, "{plano de venda|planos de venda}", "{sales plan|sales plans}")
	if err != nil {
		return Plan{}, err
	}
	carries := map[string]bool{}
	if real, _ := splitDrafts(plans); !prod.draft && len(real) > 0 {
		err = eachIn(ctx, r, "vd_contratos_produtos", "id_vd_contrato", real,
			[]ixc.Cond{ixc.Where("vd_contratos_produtos.id_produto", ixc.OpEq, prod.id)},
			func(rec ixc.Record) error {
				if rec["id_produto"] == prod.id && isZeroID(rec["id_contrato"]) {
					carries[rec["id_vd_contrato"]] = true
				}
				return nil
			})
		if err != nil {
			return Plan{}, err
		}
	}
	var out Plan
	for _, pl := range plans {
		if carries[pl] {
			continue
		}
		ch := Change{
			Kind: ChangeInsert, Table: "vd_contratos_produtos",
			Fields:  productRowFields(prod, pl, "0"),
			Summary: addTo(prod, planPhrase(pl, strings.TrimSpace(planRecs[pl]["nome"]))),
		}
		if prod.draft || IsDraftRef(pl) {
			ch.Draft = true
		} else {
			ch.Key = []ixc.Cond{
				ixc.Where("vd_contratos_produtos.id_vd_contrato", ixc.OpEq, pl),
				ixc.Where("vd_contratos_produtos.id_produto", ixc.OpEq, prod.id),
				ixc.Where("vd_contratos_produtos.id_contrato", ixc.OpEq, "0"),
			}
		}
		out.Changes = append(out.Changes, ch)
	}
	return out, nil
}

// planPhrase names a plan in a summary: "plano 12 (FIBRA 500)", or "plano
// novo (FIBRA 500 + LevEduca)" for a draft.
func planPhrase(id, name string) i18n.Text {
	if IsDraftRef(id) {
		return i18n.Tf("plano novo (%s)", "the new plan (%s)", name)
	}
	return i18n.Tf("plano %s (%s)", "plan %s (%s)", id, name)
}

// addTo is the summary "Adicionar <product> ao <target>".
func addTo(p linkProduct, target i18n.Text) i18n.Text {
	pp := p.phrase()
	return i18n.T("Adicionar "+pp.PT+" ao "+target.PT, "Add "+pp.EN+" to "+target.EN)
}

// productRowFields is a vd_contratos_produtos row of the product: a plan row
// (plan set, contract "0") or a contract row (plan "0", contract set).
func productRowFields(p linkProduct, plan, contractID string) map[string]string {
	f := map[string]string{
		"tipo":           "SVA",
		"id_plano":       "0", // the radgrupos speed plan: none for an SVA
		"id_produto":     p.id,
		"descricao":      p.name,
		"qtde":           "1",
		"valor_unit":     p.price,
		"id_vd_contrato": plan,
		"id_contrato":    contractID,
		"fixar_ip":       "0",
	}
	if !isZeroID(p.unit) {
		f["id_unidade"] = p.unit
	}
	return f
}

// PlanLinkContracts plans one vd_contratos_produtos contract row
// (id_contrato = contract, id_vd_contrato "0") per contract that has no
// contract row of the product yet.
func PlanLinkContracts(ctx context.Context, r *ixc.Reader, productID string, contracts []string, drafts ...Draft) (Plan, error) {
	contracts = uniqueSorted(contracts)
	if len(contracts) == 0 {
		return Plan{}, nil
	}
	prod, err := readLinkProduct(ctx, r, productID, drafts)
	if err != nil {
		return Plan{}, err
	}
	if _, err := readNames(ctx, r, "cliente_contrato", contracts, "{contrato|contratos}", "{contract|contracts}"); err != nil {
		return Plan{}, err
	}
	has := map[string]bool{}
	if !prod.draft { // a new product is on no contract yet
		err = eachIn(ctx, r, "vd_contratos_produtos", "id_contrato", contracts,
			[]ixc.Cond{ixc.Where("vd_contratos_produtos.id_produto", ixc.OpEq, prod.id)},
			func(rec ixc.Record) error {
				if rec["id_produto"] == prod.id {
					has[rec["id_contrato"]] = true
				}
				return nil
			})
		if err != nil {
			return Plan{}, err
		}
	}
	var out Plan
	for _, c := range contracts {
		if has[c] {
			continue
		}
		ch := Change{
			Kind: ChangeInsert, Table: "vd_contratos_produtos",
			Fields:  productRowFields(prod, "0", c),
			Summary: addTo(prod, i18n.Tf("contrato %s (aba Produtos)", "contract %s (tab Produtos)", c)),
			Draft:   prod.draft,
		}
		if !prod.draft {
			ch.Key = []ixc.Cond{
				ixc.Where("vd_contratos_produtos.id_contrato", ixc.OpEq, c),
				ixc.Where("vd_contratos_produtos.id_produto", ixc.OpEq, prod.id),
			}
		}
		out.Changes = append(out.Changes, ch)
	}
	return out, nil
}

// ixcDate formats t as IXC takes dates in request bodies (DD/MM/YYYY), in
// IXC's time zone.
func ixcDate(t time.Time) string { return t.In(ixcZone).Format("02/01/2006") }

// serUnit finds the id of the unit whose sigla is SER ("" when none).
func serUnit(ctx context.Context, r *ixc.Reader) (string, error) {
	recs, err := r.All(ctx, ixc.Query{Table: "unidades", Filter: []ixc.Cond{ixc.Where("unidades.sigla", ixc.OpEq, "SER")}})
	if err != nil {
		return "", err
	}
	for _, rec := range recs {
		if strings.EqualFold(strings.TrimSpace(rec["sigla"]), "SER") {
			return rec["id"], nil
		}
	}
	return "", nil
}

// PlanAdditionalServices plans one cliente_contrato_servicos additional
// service (tipo_acres_desc "A") per contract that has no active unexpired
// one for the product. value is the monthly value ("9,90" accepted); repeat
// is "always" (repetir S) or a number of times (repetir V + repetir_qtde).
func PlanAdditionalServices(ctx context.Context, r *ixc.Reader, productID string, contracts []string, value, repeat string, today time.Time, drafts ...Draft) (Plan, error) {
	contracts = uniqueSorted(contracts)
	if len(contracts) == 0 {
		return Plan{}, nil
	}
	v, err := profile.ParsePrice(value)
	if err != nil {
		return Plan{}, err
	}
	repetir, qtde := "S", "0"
	if rp := strings.ToLower(strings.TrimSpace(repeat)); rp != profile.RepeatAlways {
		n, err := strconv.Atoi(rp)
		if err != nil || n <= 0 || n > 600 || strconv.Itoa(n) != rp {
			return Plan{}, i18n.Errorf("repetição %q inválida: use \"always\" (sempre) ou um número de vezes, como 12",
				"invalid repeat %q: use \"always\" or a number of times, such as 12", repeat)
		}
		repetir, qtde = "V", rp
	}
	prod, err := readLinkProduct(ctx, r, productID, drafts)
	if err != nil {
		return Plan{}, err
	}
	unit, err := serUnit(ctx, r)
	if err != nil {
		return Plan{}, err
	}
	if unit == "" {
		unit = prod.unit
	}
	if isZeroID(unit) {
		return Plan{}, i18n.Errorf("não há unidade SER no IXC nem unidade no produto %s", "IXC has no SER unit and product %s has no unit", prod.id)
	}
	if _, err := readNames(ctx, r, "cliente_contrato", contracts, "{contrato|contratos}", "{contract|contracts}"); err != nil {
		return Plan{}, err
	}
	todayISO := today.In(ixcZone).Format("2006-01-02")
	active := map[string]bool{}
	if !prod.draft { // a new product is on no contract yet
		err = eachIn(ctx, r, "cliente_contrato_servicos", "id_contrato", contracts,
			[]ixc.Cond{
				ixc.Where("cliente_contrato_servicos.id_produto", ixc.OpEq, prod.id),
				ixc.Where("cliente_contrato_servicos.tipo_acres_desc", ixc.OpEq, "A"),
			},
			func(rec ixc.Record) error {
				if rec["id_produto"] == prod.id && rec["tipo_acres_desc"] == "A" && rec["status"] == "A" && !expired(rec["data_validade"], todayISO) {
					active[rec["id_contrato"]] = true
				}
				return nil
			})
		if err != nil {
			return Plan{}, err
		}
	}
	date := ixcDate(today)
	var out Plan
	for _, c := range contracts {
		if active[c] {
			continue
		}
		ch := Change{
			Kind: ChangeInsert, Table: "cliente_contrato_servicos",
			Fields: map[string]string{
				"tipo":            "SVA",
				"id_produto":      prod.id,
				"descricao":       prod.name,
				"id_unidade":      unit,
				"quantidade":      "1",
				"valor_unitario":  v,
				"valor_total":     v,
				"repetir":         repetir,
				"repetir_qtde":    qtde,
				"data":            date,
				"status":          "A",
				"status_nf21":     "A",
				"id_contrato":     c,
				"tipo_acres_desc": "A",
			},
			// The record this change creates: an existing older service of
			// the product (expired, say) must not pass for it.
			Key: []ixc.Cond{
				ixc.Where("cliente_contrato_servicos.id_contrato", ixc.OpEq, c),
				ixc.Where("cliente_contrato_servicos.id_produto", ixc.OpEq, prod.id),
				ixc.Where("cliente_contrato_servicos.tipo_acres_desc", ixc.OpEq, "A"),
				ixc.Where("cliente_contrato_servicos.status", ixc.OpEq, "A"),
				ixc.Where("cliente_contrato_servicos.data", ixc.OpEq, date),
			},
			Summary: serviceSummary(prod, v, c),
		}
		if prod.draft {
			ch.Key, ch.Draft = nil, true
		}
		out.Changes = append(out.Changes, ch)
	}
	return out, nil
}

// serviceSummary is the summary of an additional service of value v (per
// month) on contract c: the product made an additional service of it.
func serviceSummary(p linkProduct, v, c string) i18n.Text {
	pp := p.phrase()
	return i18n.T("Adicionar "+pp.PT+" como serviço adicional ao contrato "+c+", R$ "+brl(v)+"/mês",
		"Add "+pp.EN+" as an additional service to contract "+c+", R$ "+brl(v)+"/month") // reais as typed
}

// itemKind names a plan item by its tipo ("Internet" for I), for an item
// without a description.
func itemKind(tipo string) string {
	if k, ok := map[string]string{"I": "Internet", "T": "Telefonia", "S": "Serviços", "TV": "TV", "SMP": "Telefonia móvel"}[strings.TrimSpace(tipo)]; ok {
		return k
	}
	return tipo
}

// readOnlyPlanFields are the vd_contratos fields a copy never sends.
var readOnlyPlanFields = []string{"id", "ultima_atualizacao"}

// PlanDuplicatePlan plans the insert of a copy of plan planID named newName
// (same fields, Ativo S). The caller applies it, then copies the plan's
// product rows (PlanCopyPlanProducts) and links the product to the new plan
// id. Key finds a plan with that name, so a re-run reuses the copy.
func PlanDuplicatePlan(ctx context.Context, r *ixc.Reader, planID, newName string) (Plan, error) {
	name := strings.TrimSpace(newName)
	if name == "" {
		return Plan{}, i18n.Errorf("informe o nome do novo plano", "the new plan's name is missing")
	}
	if _, err := profile.ParseID(planID); err != nil {
		return Plan{}, prefixErr("plano", "plan", err)
	}
	src, err := r.Get(ctx, "vd_contratos", planID)
	if err != nil {
		if ixc.KindOf(err) == ixc.KindNotFound {
			return Plan{}, i18n.Errorf("o plano de venda %s não existe no IXC", "sales plan %s does not exist in IXC", planID)
		}
		return Plan{}, err
	}
	fields := maps.Clone(map[string]string(src))
	for _, k := range readOnlyPlanFields {
		delete(fields, k)
	}
	fields["nome"] = name
	fields["Ativo"] = "S"
	c := Change{
		Kind: ChangeInsert, Table: "vd_contratos", Fields: fields,
		Key: []ixc.Cond{ixc.Where("vd_contratos.nome", ixc.OpEq, name)},
		Summary: i18n.Tf("Criar o plano de venda %q, cópia do plano %s (%s)",
			"Create the sales plan %q, a copy of plan %s (%s)", name, planID, strings.TrimSpace(src["nome"])),
	}
	return Plan{Changes: []Change{c}}, nil
}

// PlanCopyPlanProducts plans copies of the plan rows of fromPlan (its
// internet item, its products) onto toPlan, the plan PlanDuplicatePlan
// created: IXC's "duplicate" copies them too, and a plan without its
// internet item sells nothing. Rows toPlan already has are left out.
// toPlan may be the Ref of a draft plan (a dry run's combo): it has no row
// yet, and its copies are Draft changes.
func PlanCopyPlanProducts(ctx context.Context, r *ixc.Reader, fromPlan, toPlan string, drafts ...Draft) (Plan, error) {
	draft := IsDraftRef(toPlan)
	read := []string{fromPlan}
	if draft {
		if _, ok := findDraft(drafts, "vd_contratos", toPlan); !ok {
			return Plan{}, errUnknownDraft(toPlan)
		}
	} else {
		read = append(read, toPlan)
	}
	for _, id := range read {
		if _, err := profile.ParseID(id); err != nil {
			return Plan{}, prefixErr("plano", "plan", err)
		}
	}
	rows := map[string][]ixc.Record{}
	err := eachIn(ctx, r, "vd_contratos_produtos", "id_vd_contrato", read, nil, func(rec ixc.Record) error {
		if isZeroID(rec["id_contrato"]) {
			rows[rec["id_vd_contrato"]] = append(rows[rec["id_vd_contrato"]], rec)
		}
		return nil
	})
	if err != nil {
		return Plan{}, err
	}
	sig := func(rec ixc.Record) string { return rec["tipo"] + "|" + rec["id_plano"] + "|" + rec["id_produto"] }
	have := map[string]bool{}
	for _, rec := range rows[toPlan] {
		have[sig(rec)] = true
	}
	var out Plan
	for _, rec := range rows[fromPlan] {
		if have[sig(rec)] {
			continue
		}
		have[sig(rec)] = true
		f := maps.Clone(map[string]string(rec))
		delete(f, "id")
		delete(f, "ultima_atualizacao")
		f["id_vd_contrato"] = toPlan
		f["id_contrato"] = "0"
		label := strings.TrimSpace(rec["descricao"])
		if label == "" {
			label = itemKind(rec["tipo"])
		}
		ch := Change{
			Kind: ChangeInsert, Table: "vd_contratos_produtos", Fields: f,
			Summary: i18n.Tf("Copiar o item %s (%s) do plano %s para o plano %s",
				"Copy item %s (%s) of plan %s to plan %s", rec["id"], label, fromPlan, toPlan),
		}
		if draft {
			ch.Draft = true
			ch.Summary = i18n.Tf("Copiar o item %s (%s) do plano %s para o plano novo",
				"Copy item %s (%s) of plan %s to the new plan", rec["id"], label, fromPlan)
		} else {
			ch.Key = []ixc.Cond{
				ixc.Where("vd_contratos_produtos.id_vd_contrato", ixc.OpEq, toPlan),
				ixc.Where("vd_contratos_produtos.id_contrato", ixc.OpEq, "0"),
				ixc.Where("vd_contratos_produtos.tipo", ixc.OpEq, rec["tipo"]),
				ixc.Where("vd_contratos_produtos.id_plano", ixc.OpEq, rec["id_plano"]),
				ixc.Where("vd_contratos_produtos.id_produto", ixc.OpEq, rec["id_produto"]),
			}
		}
		out.Changes = append(out.Changes, ch)
	}
	return out, nil
}
