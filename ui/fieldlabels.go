package ui

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// The fields of every record the program writes, as IXC's screens name
// them (steps.FieldLabel) with the API name second, and their values as a
// technician reads them: "Produto (id_produto) = LevEduca - Cursos Online
// (12)", "Valor unitário (valor_unit) = R$ 9,90", "Status (status) =
// Ativo". Names come from what the session already read (the product
// catalogue, the products, the plan list): nothing is asked of IXC here.

// fieldBook holds the names the session knows, by id.
type fieldBook struct {
	c        *Common
	cat      *steps.ProductCatalog
	products map[string]string // produtos id → descricao
	plans    map[string]string // vd_contratos id → nome
}

// newFieldBook gathers the names the session read; plans are the plan
// list of the screen (it may hold a combo made after the session's).
func newFieldBook(s *Session, plans []steps.PlanInfo) *fieldBook {
	b := &fieldBook{c: s.Common, cat: s.catalog, products: map[string]string{}, plans: map[string]string{}}
	for _, p := range s.Profile.Products {
		name := strings.TrimSpace(p.Name)
		if n := strings.TrimSpace(s.productNames[p.Offer]); n != "" {
			name = n
		}
		if p.ID != "" && name != "" {
			b.products[p.ID] = name
		}
	}
	for _, d := range s.drafts {
		switch d.Table {
		case "produtos":
			b.products[d.Ref] = d.Name()
		case "vd_contratos":
			b.plans[d.Ref] = d.Name()
		}
	}
	for _, list := range [][]steps.PlanInfo{s.plans, plans} {
		for _, p := range list {
			if n := strings.TrimSpace(p.Name); n != "" {
				b.plans[p.ID] = n
			}
		}
	}
	return b
}

// withPlan adds a plan the screen knows by name (a combo just made).
func (b *fieldBook) withPlan(id, name string) *fieldBook {
	if id != "" && strings.TrimSpace(name) != "" {
		b.plans[id] = strings.TrimSpace(name)
	}
	return b
}

// describe is a write flow's describer: the field's label with its API
// name second, and its value in words.
func (b *fieldBook) describe(ch steps.Change, field, v string) (string, string) {
	return fieldLabel(ch.Table, field), b.value(ch, field, v)
}

// fieldLabel is "Label (api_name)", or the API name alone when IXC's
// screen name is not known.
func fieldLabel(table, field string) string {
	if l, ok := steps.FieldLabel(table, field); ok {
		return l + " (" + field + ")"
	}
	return field
}

// fieldTitle is the label alone (the manual path speaks the screen's
// words only), the API name when there is none.
func fieldTitle(table, field string) string {
	if l, ok := steps.FieldLabel(table, field); ok {
		return l
	}
	return field
}

// blank reports a value that says "nothing": empty, a zero id or amount,
// a zero date.
func blank(v string) bool {
	v = strings.TrimSpace(v)
	return strings.Trim(v, "0.,:- ") == ""
}

var (
	yesNoWords  = map[string]i18n.Text{"S": i18n.T("Sim", "Yes"), "N": i18n.T("Não", "No")}
	statusWords = map[string]i18n.Text{"A": i18n.T("Ativo", "Ativo (active)"), "I": i18n.T("Inativo", "Inativo (inactive)")}
	itemTypes   = map[string]i18n.Text{
		"I": i18n.T("Internet", "Internet"), "T": i18n.T("Telefonia", "Telefonia (phone)"), "S": i18n.T("Serviços", "Serviços (services)"),
		"SVA": i18n.T("SVA", "SVA"), "TV": i18n.T("TV", "TV"), "SMP": i18n.T("Telefonia móvel", "Telefonia móvel (mobile)"), "M": i18n.T("Mensalidade", "Mensalidade"),
	}
	// enumWords are the values of the coded fields, by table and field.
	enumWords = map[string]map[string]map[string]i18n.Text{
		"vd_contratos_produtos": {
			"tipo":          itemTypes,
			"fixar_ip":      {"0": i18n.T("Não", "No"), "1": i18n.T("Sim", "Yes")},
			"tipo_desconto": {"V": i18n.T("Valor", "Valor (amount)"), "P": i18n.T("Percentual", "Percentual (percent)")},
			"repetir":       {"S": i18n.T("Sempre", "Sempre (always)"), "V": i18n.T("Um número de vezes", "Um número de vezes (a number of times)")},
		},
		"cliente_contrato_servicos": {
			"tipo":            itemTypes,
			"tipo_acres_desc": {"A": i18n.T("Acréscimo", "Acréscimo (an addition)"), "D": i18n.T("Desconto", "Desconto (a discount)")},
			"repetir":         {"S": i18n.T("Sempre", "Sempre (always)"), "V": i18n.T("Um número de vezes", "Um número de vezes (a number of times)")},
			"status":          statusWords,
			"status_nf21":     statusWords,
		},
		"vd_contratos": {
			"tipo":                               itemTypes,
			"Ativo":                              {"S": i18n.T("Ativo", "Ativo (active)"), "N": i18n.T("Inativo", "Inativo (inactive)")},
			"base_geracao_por_tipo_doc":          {"OPC": i18n.T("Documento opcional do contrato", "Documento opcional do contrato"), "PROD": i18n.T("Documento do produto do contrato", "Documento do produto do contrato"), "P": i18n.T("Padrão", "Padrão (default)")},
			"limitar_n_logins":                   yesNoWords,
			"utilizar_desconto_ate_vencimento":   yesNoWords,
			"utilizar_desconto_por_repeticao":    yesNoWords,
			"utilizar_desconto_no_produto_plano": yesNoWords,
		},
		"produtos": {
			"tipo_ecommerce": {"X": i18n.T("Configuração padrão", "Configuração padrão (default)"), "D": i18n.T("Demonstração", "Demonstração"),
				"OS": i18n.T("Orçamento simples", "Orçamento simples"), "P": i18n.T("Solicitar informações", "Solicitar informações (ask for details)"),
				"SV": i18n.T("Solicitar viabilidade", "Solicitar viabilidade"), "V": i18n.T("Venda", "Venda (sale)")},
			"mostra_valor_ecommerce": {"0": i18n.T("Configuração padrão", "Configuração padrão (default)"), "3": i18n.T("Especial", "Especial"),
				"N": i18n.T("Não", "No"), "S": i18n.T("Público", "Público (public)"), "2": i18n.T("Registrado", "Registrado (registered)"), "P": i18n.T("P (padrão)", "P (default)")},
			"aceita_valor": {"P": i18n.T("P (padrão do IXC)", "P (IXC's default)")},
		},
	}
	// moneyFields hold amounts in reais.
	moneyFields = map[string][]string{
		"vd_contratos_produtos":     {"valor_unit", "valor_ate_vencimento", "valor_desconto_produto", "descricao_plano_valor_1", "descricao_plano_valor_2"},
		"cliente_contrato_servicos": {"valor_unitario", "valor_total", "vdesconto"},
		"vd_contratos":              {"valor_contrato", "valor_desconto"},
	}
)

// value is a field's value as the technician reads it.
func (b *fieldBook) value(ch steps.Change, field, v string) string {
	c, t := b.c, ch.Table
	v = strings.TrimSpace(v)
	if t == "produtos" {
		if w, ok := enumWords[t][field][v]; ok {
			return c.In(w)
		}
		if field == "ncm" && v == steps.DefaultNCM {
			return c.T(v+" (serviço: sem NCM)", v+" (service: no NCM)")
		}
		return productValue(c, b.cat, field, v)
	}
	if w, ok := enumWords[t][field][v]; ok {
		return c.In(w)
	}
	if slices.Contains(moneyFields[t], field) {
		return money(c.Lang, ixcAmount(v))
	}
	switch field {
	case "id_produto", "id_produto_ativ":
		return b.named(v, b.products[v], ch.Fields["descricao"], ch)
	case "id_vd_contrato":
		return b.named(v, b.plans[v], "", ch)
	case "id_unidade":
		return b.unit(v)
	case "id_contrato": // the contract's number, as its screen shows it
		if blank(v) {
			return "—"
		}
		return safe(v)
	case "data", "data_validade":
		return ixcDay(v)
	case "repetir_qtde":
		if blank(v) {
			return "—"
		}
	case "desconto_percentual":
		if c.Lang == i18n.PT {
			return safe(strings.Replace(v, ".", ",", 1)) + "%"
		}
		return safe(v) + "%"
	}
	if strings.HasPrefix(field, "id_") {
		if blank(v) {
			return "—"
		}
		return "#" + safe(v) // a record of a table the session did not read
	}
	if v == "" {
		return "—"
	}
	return safe(v)
}

// named is "Name (id)", "#id" when the name is not known, "—" for none.
// own is the name the record itself carries (a product row's descricao).
func (b *fieldBook) named(id, name, own string, ch steps.Change) string {
	if blank(id) {
		return "—"
	}
	if steps.IsDraftRef(id) {
		if name == "" {
			return b.c.In(steps.DraftShown)
		}
		return safe(name) + " " + b.c.In(steps.DraftShown)
	}
	if name == "" && ch.Fields["id_produto"] == id {
		name = strings.TrimSpace(own)
	}
	if name == "" {
		return "#" + safe(id)
	}
	return safe(name) + " (" + safe(id) + ")"
}

// unit is a unit's sigla and id ("SER (13)").
func (b *fieldBook) unit(id string) string {
	if blank(id) {
		return "—"
	}
	return productValue(b.c, b.cat, "unidade", id)
}

// ixcAmount is an IXC decimal with the zeros past the cents dropped
// ("69.900000000" → "69.90"), so that it reads as money.
func ixcAmount(v string) string {
	whole, frac, ok := strings.Cut(strings.TrimSpace(v), ".")
	if !ok || len(frac) <= 2 {
		return v
	}
	trimmed := strings.TrimRight(frac, "0")
	if len(trimmed) > 2 {
		return v
	}
	return whole + "." + (trimmed + "00")[:2]
}

// ixcDay is a date as DD/MM/AAAA (IXC sends "2026-12-07" in reads and
// takes "07/12/2026" in writes).
func ixcDay(v string) string {
	if blank(v) {
		return "—"
	}
	if y, rest, ok := strings.Cut(v, "-"); ok && len(y) == 4 {
		if m, d, ok := strings.Cut(rest, "-"); ok && len(m) == 2 && len(d) >= 2 {
			return d[:2] + "/" + m + "/" + y
		}
	}
	return safe(v)
}

// fieldOrder is the order of a table's fields on IXC's form; the others
// follow, by name.
var fieldOrder = map[string][]string{
	"vd_contratos_produtos": {"tipo", "id_vd_contrato", "id_contrato", "id_produto", "descricao", "id_plano", "qtde", "id_unidade", "valor_unit", "fixar_ip"},
	"cliente_contrato_servicos": {"tipo_acres_desc", "id_contrato", "tipo", "id_produto", "descricao", "id_unidade", "quantidade", "valor_unitario", "valor_total",
		"repetir", "repetir_qtde", "data", "status", "status_nf21"},
	"vd_contratos": {"tipo", "nome", "Ativo", "valor_contrato", "fidelidade", "id_filial"},
}

func fieldRank(table, field string) int {
	if table == "produtos" {
		return productFieldOrder(field)
	}
	if i := slices.Index(fieldOrder[table], field); i >= 0 {
		return i
	}
	return len(fieldOrder[table])
}

// sortDiff puts a change's fields in the order of IXC's form (stable: the
// rest stay by name).
func sortDiff(table string, diff []steps.FieldChange) {
	slices.SortStableFunc(diff, func(a, b steps.FieldChange) int {
		return fieldRank(table, a.Field) - fieldRank(table, b.Field)
	})
}

// shownBlank: the tables whose every field is listed even when blank
// ("Plano de velocidade (id_plano) = —"); a copied plan's many blank
// fields are named together on one line instead.
func shownBlank(table, field string) bool {
	switch table {
	case "produtos", "vd_contratos_produtos", "cliente_contrato_servicos":
		_, ok := steps.FieldLabel(table, field)
		return ok
	}
	return false
}

// target is the field that tells apart changes writing the same record
// to different places (the contract of a contract row or an additional
// service, the plan of a plan row); "" when none.
func target(ch steps.Change) string {
	if ch.Kind != steps.ChangeInsert {
		return ""
	}
	switch ch.Table {
	case "cliente_contrato_servicos":
		return "id_contrato"
	case "vd_contratos_produtos":
		if !blank(ch.Fields["id_contrato"]) {
			return "id_contrato"
		}
		return "id_vd_contrato"
	}
	return ""
}

// changeGroup is changes that write the same fields but for their
// target (one per contract, one per plan).
type changeGroup struct {
	target  string
	changes []steps.Change
}

// groupChanges groups the changes of identical shape, in the order of
// their first change; a change without a target is a group of its own.
func groupChanges(changes []steps.Change) []changeGroup {
	var out []changeGroup
	at := map[string]int{}
	for i, ch := range changes {
		tg := target(ch)
		key := "#" + strconv.Itoa(i)
		if tg != "" {
			var b strings.Builder
			b.WriteString(ch.Table + "\x00" + string(ch.Kind) + "\x00" + tg)
			for _, d := range ch.Diff() {
				if d.Field != tg {
					b.WriteString("\x00" + d.Field + "=" + d.After)
				}
			}
			// The summary too, but for the target: a change whose summary
			// says more (a double-billing mark) is not folded into others.
			b.WriteString("\x00" + summaryShape(ch.Summary.PT, ch.Fields[tg]))
			key = b.String()
		}
		if j, ok := at[key]; ok {
			out[j].changes = append(out[j].changes, ch)
			continue
		}
		at[key] = len(out)
		out = append(out, changeGroup{target: tg, changes: []steps.Change{ch}})
	}
	return out
}

// summaryShape is a summary with its target's id taken out.
func summaryShape(summary, id string) string {
	if id == "" {
		return summary
	}
	re := regexp.MustCompile(`(^|[^0-9])` + regexp.QuoteMeta(id) + `([^0-9]|$)`)
	return re.ReplaceAllString(summary, "${1}#${2}")
}

// targetIDs are the group's targets, as the technician reads them.
func (b *fieldBook) targetIDs(g changeGroup) []string {
	var out []string
	for _, ch := range g.changes {
		out = append(out, b.value(ch, g.target, ch.Fields[g.target]))
	}
	return out
}

// targetNoun names a group's targets: "contrato", "planos de venda".
func targetNoun(c *Common, field string, many bool) string {
	switch {
	case field == "id_vd_contrato" && many:
		return c.T("planos de venda", "sales plans")
	case field == "id_vd_contrato":
		return c.T("plano de venda", "sales plan")
	case many:
		return c.T("contratos", "contracts")
	}
	return c.T("contrato", "contract")
}

// linkManualHint is the "Vou fazer no IXC" path of a link plan: for each
// plan or contract (those with the same fields together, every one
// named), the menu, the tab, and exactly the fields to fill in, in IXC's
// words.
func linkManualHint(s *Session, plans []steps.PlanInfo) func(steps.Plan) i18n.Text {
	return func(plan steps.Plan) i18n.Text {
		texts := map[i18n.Lang]string{}
		for _, lang := range []i18n.Lang{i18n.PT, i18n.EN} {
			lc := *s.Common
			lc.Lang = lang
			book := newFieldBook(s, plans)
			book.c = &lc
			var b strings.Builder
			for _, g := range groupChanges(plan.Changes) {
				manualGroup(&b, book, g)
			}
			texts[lang] = strings.TrimRight(b.String(), "\n")
		}
		return i18n.T(texts[i18n.PT], texts[i18n.EN])
	}
}

// manualGroup writes the menu path and the fields of one group.
func manualGroup(b *strings.Builder, book *fieldBook, g changeGroup) {
	c := book.c
	first := g.changes[0]
	ids := book.targetIDs(g)
	var path, tab string
	switch {
	case first.Table == "vd_contratos_produtos" && g.target == "id_vd_contrato":
		path, tab = "Cadastros > Contratos > Planos de Venda", c.T("aba Planos > Novo", "tab Planos > Novo")
	case first.Table == "vd_contratos_produtos" && g.target == "id_contrato":
		path, tab = "Cadastros > Contratos", c.T("aba Produtos > Novo", "tab Produtos > Novo")
	case first.Table == "cliente_contrato_servicos":
		path, tab = "Cadastros > Contratos", c.T("aba Serviços adicionais > Novo", "tab Serviços adicionais > Novo")
	default:
		// Not a link row: its summary and its fields, in IXC's words.
		for _, ch := range g.changes {
			b.WriteString(c.In(ch.Summary) + ":\n")
			for _, d := range ch.Diff() {
				_, shown := book.describe(ch, d.Field, d.After)
				b.WriteString("    • " + fieldTitle(ch.Table, d.Field) + ": " + showDraft(c, d.After, shown) + "\n")
			}
		}
		return
	}
	if len(ids) == 1 {
		b.WriteString(path + " > " + targetNoun(c, g.target, false) + " " + ids[0] + " > " + c.T("Editar", "Editar") + ":\n")
	} else {
		b.WriteString(c.Tf("%s > em cada um dos %s abaixo > Editar:", "%s > in each of the %s below > Editar:", path, targetNoun(c, g.target, true)) + "\n")
		b.WriteString("  " + targetNoun(c, g.target, true) + ": " + strings.Join(ids, ", ") + "\n")
	}
	b.WriteString("  " + tab + ":\n")
	diff := first.Diff()
	sortDiff(first.Table, diff)
	var empty []string
	for _, d := range diff {
		// The path says which contract or plan: nothing to fill in.
		if d.Field == "id_contrato" || d.Field == "id_vd_contrato" {
			continue
		}
		_, shown := book.describe(first, d.Field, d.After)
		if shown == "—" && !steps.IsDraftRef(d.After) {
			empty = append(empty, fieldTitle(first.Table, d.Field))
			continue
		}
		b.WriteString("    • " + fieldTitle(first.Table, d.Field) + ": " + showDraft(c, d.After, shown) + "\n")
	}
	if len(empty) > 0 {
		b.WriteString("    • " + c.T("deixe em branco: ", "leave blank: ") + strings.Join(empty, ", ") + "\n")
	}
}

// showDraft is shown, or how a draft's Ref is shown (the id of a record a
// dry run only simulated).
func showDraft(c *Common, v, shown string) string {
	if steps.IsDraftRef(v) && (shown == "" || shown == "—") {
		return c.In(steps.DraftShown)
	}
	return shown // a draft's name, when known, with its "(… simulado)"
}
