package ui

import (
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// A product's fields as IXC's product form names them, with the tab they
// are on, and their values as the technician reads them ("SER (13)",
// "Não", "R$ 9,90"): the write confirmation and the "Vou fazer no IXC"
// path speak the screen's words, with the API name second.

type productTab int

const (
	tabProdutos productTab = iota
	tabPlanejamento
	tabOther // written by the program with IXC's usual value
)

func (t productTab) name() i18n.Text {
	return [...]i18n.Text{
		i18n.T("aba Produtos", "tab Produtos"),
		i18n.T("aba Planejamento", "tab Planejamento"),
		i18n.T("outros campos (o programa usa o padrão do IXC)", "other fields (the program uses IXC's default)"),
	}[t]
}

type productField struct {
	field string
	tab   productTab
}

// productFields in the order of IXC's form; their labels are IXC's
// (steps.FieldLabel), in both languages: the technician finds them there.
var productFields = []productField{
	{"descricao", tabProdutos},
	{"ativo", tabProdutos},
	{"id_sub_grupo", tabProdutos},
	{"tipo", tabProdutos},
	{"controla_estoque", tabProdutos},
	{"movimentacao", tabProdutos},
	{"unidade", tabProdutos},
	{"preco_base", tabProdutos},
	{"icms_issqn", tabPlanejamento},
	{"id_class_fiscal", tabPlanejamento},
	{"ncm", tabOther},
	{"aceita_valor", tabOther},
	{"mostra_valor_ecommerce", tabOther},
	{"tipo_ecommerce", tabOther},
	{"ecommerce_prioridade", tabOther},
}

// label is the field's name on IXC's screen.
func (f productField) label() string { return fieldTitle("produtos", f.field) }

func productFieldOf(field string) productField {
	for _, f := range productFields {
		if f.field == field {
			return f
		}
	}
	return productField{field: field, tab: tabOther}
}

// productFieldOrder sorts a change's fields as IXC's form shows them.
func productFieldOrder(field string) int {
	for i, f := range productFields {
		if f.field == field {
			return i
		}
	}
	return len(productFields)
}

// productValue is a product field's value as the technician reads it.
func productValue(c *Common, cat *steps.ProductCatalog, field, v string) string {
	v = strings.TrimSpace(v)
	yesNo := map[string]string{"S": c.T("Sim", "Yes"), "N": c.T("Não", "No")}
	switch field {
	case "ativo", "controla_estoque":
		if s, ok := yesNo[v]; ok {
			return s
		}
	case "tipo":
		if s, ok := map[string]string{"S": c.T("Serviço", "Serviço (service)"), "C": c.T("Comércio", "Comércio (trade)"), "P": c.T("Patrimônio", "Patrimônio (asset)")}[v]; ok {
			return s
		}
	case "movimentacao":
		if v == "V" {
			return c.T("Venda", "Venda (sale)")
		}
	case "preco_base":
		return money(c.Lang, v)
	case "icms_issqn":
		if !steps.HasFiscal(v) {
			return c.T("— (nenhuma)", "— (none)")
		}
	case "unidade", "id_class_fiscal", "id_sub_grupo":
		if !steps.HasFiscal(v) {
			return c.T("— (nenhuma)", "— (none)")
		}
		if cat != nil {
			opts := map[string][]steps.Option{"unidade": cat.Units, "id_class_fiscal": cat.FiscalClasses, "id_sub_grupo": cat.Subgroups}[field]
			for _, o := range opts {
				if o.ID == v {
					label := o.Label
					if field == "unidade" {
						label, _, _ = strings.Cut(label, " — ") // the sigla
					}
					return label + " (" + v + ")"
				}
			}
		}
		return "#" + v
	}
	if v == "" {
		return `""`
	}
	return v
}

// money writes a price as IXC and the technician write reais: "R$ 9,90",
// "R$ 1.234,50", in both languages (the price fields take "29,90" in
// both); a value that is not a price is shown as it is.
func money(_ i18n.Lang, v string) string {
	p, err := profile.ParsePrice(strings.TrimSpace(v))
	if err != nil {
		if strings.TrimSpace(v) == "" {
			return "—"
		}
		return v
	}
	whole, frac, _ := strings.Cut(p, ".")
	n := 0
	for _, r := range whole {
		n = n*10 + int(r-'0')
	}
	return "R$ " + i18n.Count(i18n.PT, n) + "," + frac
}

// priceInput is a canonical price ("9.90") as the technician types it
// ("9,90"); "" when there is none.
func priceInput(v string) string {
	p, err := profile.ParsePrice(v)
	if err != nil || p == "0.00" {
		return ""
	}
	return strings.Replace(p, ".", ",", 1)
}

// productDescriber is a write flow's describer for product changes, with
// the names of the catalogue the product screen read.
func productDescriber(s *Session, cat *steps.ProductCatalog) func(steps.Change, string, string) (string, string) {
	book := newFieldBook(s, nil)
	book.cat = cat
	return book.describe
}

// productManualHint is the "Vou fazer no IXC" path of a product plan: the
// menu, then exactly the fields to set, tab by tab (before → after for a
// correction), as the audit hints do.
func productManualHint(s *Session, cat *steps.ProductCatalog, plan steps.Plan) i18n.Text {
	texts := map[i18n.Lang]string{}
	for _, lang := range []i18n.Lang{i18n.PT, i18n.EN} {
		lc := *s.Common
		lc.Lang = lang
		book := newFieldBook(s, nil)
		book.c = &lc
		book.cat = cat
		var b strings.Builder
		for _, ch := range plan.Changes {
			if ch.Kind == steps.ChangeUpdate {
				b.WriteString(lc.Tf("Menu Principal > Cadastros > Produtos > produto #%s > Editar:", "Menu Principal > Cadastros > Produtos > product #%s > Editar:", ch.ID) + "\n")
			} else {
				b.WriteString(lc.T("Menu Principal > Cadastros > Produtos > Novo:", "Menu Principal > Cadastros > Produtos > Novo:") + "\n")
			}
			byTab := map[productTab][]string{}
			diff := ch.Diff()
			sortDiff("produtos", diff)
			for _, d := range diff {
				f := productFieldOf(d.Field)
				line := f.label() + ": "
				if ch.Kind == steps.ChangeUpdate {
					line += book.value(ch, d.Field, d.Before) + " → "
				}
				line += showDraft(&lc, d.After, book.value(ch, d.Field, d.After))
				byTab[f.tab] = append(byTab[f.tab], line)
			}
			for _, tab := range []productTab{tabProdutos, tabPlanejamento, tabOther} {
				if len(byTab[tab]) == 0 {
					continue
				}
				b.WriteString("  " + lc.In(tab.name()) + ":\n")
				for _, l := range byTab[tab] {
					b.WriteString("    • " + l + "\n")
				}
			}
		}
		texts[lang] = strings.TrimRight(b.String(), "\n")
	}
	return i18n.T(texts[i18n.PT], texts[i18n.EN])
}
