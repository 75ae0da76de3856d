package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// The product screen's writes: a new product described with choices read
// live from IXC (createForm, createFlow), or the correction of an existing
// one (fixInputsForm, fixFlow). Both go through the shared write flow.

func (m *productScreen) createForm() {
	c := m.s.Common
	m.phase = prodCreate
	if m.spec.Name == "" || m.spec.Offer != m.s.Offers[m.offer] {
		m.spec = steps.ProductSpec{Offer: m.s.Offers[m.offer], Name: m.offerName() + c.T(" - Serviço de Valor Adicionado", " - Value-added service"),
			Price: "", Tributacao: "ISSQN", Unit: m.opts.SER}
		if len(m.opts.Subgroups) > 0 {
			m.spec.Subgroup = pickOption(m.opts.Subgroups, "SVA", "VALOR ADICIONADO")
		}
		m.spec.FiscalClass = pickOption(m.opts.FiscalClasses, "SVA", "ISS")
	}
	height := func(n int) int { return min(n, max(c.Height-14, 4)) }
	toOpts := func(os []steps.Option) []huh.Option[string] {
		var out []huh.Option[string]
		for _, o := range os {
			out = append(out, huh.NewOption(fmt.Sprintf("%s (#%s)", safe(o.Label), safe(o.ID)), o.ID))
		}
		return out
	}
	// The price field holds a value the technician can accept (the
	// profile's price for this offer, or what was typed before), never a
	// grey example that is not one; empty, Enter shows why it cannot go on.
	if m.spec.Price == "" {
		if pr, ok := m.s.Profile.Product(m.s.Offers[m.offer]); ok {
			m.spec.Price, _ = profile.ParsePrice(pr.Price)
		}
	}
	price := priceInput(m.spec.Price)
	m.form = c.newForm(
		huh.NewGroup(
			huh.NewInput().Title(c.T("Nome do produto", "Product name")).Value(&m.spec.Name).
				Validate(func(v string) error {
					if strings.TrimSpace(v) == "" {
						return errors.New(c.T("informe o nome", "enter the name"))
					}
					return nil
				}),
			huh.NewSelect[string]().Title(c.T("Subgrupo de produtos (conforme a contabilidade)", "Product subgroup (as the accountant says)")).
				Options(toOpts(m.opts.Subgroups)...).Value(&m.spec.Subgroup).Height(height(len(m.opts.Subgroups)+2)),
			huh.NewInput().Title(c.T("Preço base (R$)", "Base price (R$)")).Description(priceHelp(c)).Value(&price).
				Validate(func(v string) error {
					p, err := profile.ParsePrice(v)
					if err != nil {
						return errors.New(c.Msg(err))
					}
					m.spec.Price = p
					return nil
				}),
		),
		huh.NewGroup(
			huh.NewSelect[string]().Title(c.T("Tributação", "Tributação (tax)")).
				Options(huh.NewOption("ISSQN", "ISSQN"), huh.NewOption("ICMS", "ICMS"), huh.NewOption(c.T("NT (não tributado)", "NT (not taxed)"), "NT")).
				Value(&m.spec.Tributacao),
			huh.NewSelect[string]().Title(c.T("Classificação fiscal de saída", "Classificação fiscal de saída (outgoing tax class)")).
				Options(toOpts(m.opts.FiscalClasses)...).Value(&m.spec.FiscalClass).Height(height(len(m.opts.FiscalClasses)+2)),
			huh.NewSelect[string]().Title(c.T("Unidade padrão (SER recomendada)", "Default unit (SER recommended)")).
				Options(toOpts(m.opts.Units)...).Value(&m.spec.Unit).Height(height(len(m.opts.Units)+2)),
		),
	)
}

// fixInputsForm asks for what a correction cannot guess (the base price,
// the tax fields the accountant decides); false when nothing is needed.
func (m *productScreen) fixInputsForm() bool {
	c := m.s.Common
	m.fixExtra, m.fixPrice, m.fixTrib, m.fixClass = map[string]string{}, "", "", ""
	var fields []huh.Field
	for _, f := range m.chosen.Advice {
		switch f.Code {
		case steps.CodeProductPrice:
			if pr, ok := m.s.Profile.Product(m.s.Offers[m.offer]); ok {
				m.fixPrice = priceInput(pr.Price)
			}
			fields = append(fields, huh.NewInput().Title(c.T("Preço base (R$)", "Base price (R$)")).Description(priceHelp(c)).Value(&m.fixPrice).
				Validate(func(v string) error {
					p, err := profile.ParsePrice(v)
					if err == nil && p == "0.00" {
						return errors.New(c.T("o preço deve ser maior que zero", "the price must be above zero"))
					}
					if err != nil {
						return errors.New(c.Msg(err))
					}
					return nil
				}))
		case steps.CodeProductFiscal:
			trib, class := "ISSQN", pickOption(m.opts.FiscalClasses, "SVA", "ISS")
			if v := m.chosen.Tributacao; steps.HasFiscal(v) {
				trib = v
			}
			if v := m.chosen.FiscalClass; steps.HasFiscal(v) {
				class = v
			}
			m.fixTrib, m.fixClass = trib, class
			tribField := huh.NewSelect[string]().Title(c.T("Tributação (conforme a contabilidade)", "Tributação (as the accountant says)")).
				Options(huh.NewOption("ISSQN", "ISSQN"), huh.NewOption("ICMS", "ICMS"), huh.NewOption(c.T("NT (não tributado)", "NT (not taxed)"), "NT")).
				Value(&m.fixTrib)
			if m.opts.Refusal(steps.FiscalClassTable) != nil {
				// The classes cannot be listed: the tax is still
				// corrected, the class stays as it is.
				m.fixClass = ""
				if steps.HasFiscal(m.chosen.FiscalClass) {
					m.fixClass = m.chosen.FiscalClass
				}
				// Said in the tax's description (a huh Note would read
				// the table's underscores as italics).
				fields = append(fields, tribField.Description(c.desc(c.Tf("A Classificação fiscal de saída não dá para escolher aqui: o token não pode ler %s. Fica como está (%s). Para escolher, libere a permissão (%s) ou defina no IXC, aba Planejamento.",
					"The Classificação fiscal de saída (tax class) cannot be chosen here: the token cannot read %s. It stays as it is (%s). To choose it, grant the permission (%s) or set it in IXC, tab Planejamento.",
					steps.FiscalClassTable, productValue(c, m.opts, "id_class_fiscal", m.chosen.FiscalClass),
					c.T("Configurações > Usuários > Grupo de usuários > Permissões", "Configurações > Usuários > Grupo de usuários > Permissões")))))
				continue
			}
			var opts []huh.Option[string]
			for _, o := range m.opts.FiscalClasses {
				opts = append(opts, huh.NewOption(fmt.Sprintf("%s (#%s)", safe(o.Label), safe(o.ID)), o.ID))
			}
			fields = append(fields, tribField,
				huh.NewSelect[string]().Title(c.T("Classificação fiscal de saída", "Classificação fiscal de saída (outgoing tax class)")).
					Options(opts...).Value(&m.fixClass).Height(min(len(opts)+2, max(c.Height-14, 4))))
		}
	}
	if len(fields) == 0 {
		return false
	}
	m.phase = prodFixInputs
	m.form = c.newForm(huh.NewGroup(fields...))
	return true
}

// fixFlow plans the corrections of the chosen product.
func (m *productScreen) fixFlow() tea.Cmd {
	c := m.s.Common
	plan := m.chosen.FixPlan(m.fixExtra)
	if plan.Empty() {
		// What is wrong cannot be set from here (the fiscal class with
		// its table refused): say so on the review, write nothing.
		m.reviewForm()
		m.notice = c.T("Nada a gravar daqui: o que falta corrigir não pode ser escolhido nesta tela. Corrija no IXC (veja as dicas acima).",
			"Nothing to write from here: what is left to fix cannot be chosen on this screen. Fix it in IXC (see the hints above).")
		if m.opts.Refusal(steps.FiscalClassTable) != nil {
			m.notice = c.Tf("Nada a gravar daqui: a classificação fiscal não pode ser escolhida (o token não pode ler %s). Libere a permissão (%s) ou defina no IXC, aba Planejamento.",
				"Nothing to write from here: the tax class cannot be chosen (the token cannot read %s). Grant the permission (%s) or set it in IXC, tab Planejamento.",
				steps.FiscalClassTable, c.T("Configurações > Usuários > Grupo de usuários > Permissões", "Configurações > Usuários > Grupo de usuários > Permissões"))
		}
		return c.initForm(m.form)
	}
	id, s, ser, extra := m.chosen.ID, m.s, m.opts.SER, m.fixExtra
	m.flow = m.productFlow(plan)
	if m.opts.Refusal(steps.FiscalClassTable) != nil && !steps.HasFiscal(m.chosen.FiscalClass) {
		// The class is missing and could not be chosen here: the manual
		// path names it too, as the one field left to the technician.
		base, none := m.flow.hintFor, m.chosen.FiscalClass
		m.flow.hintFor = func(p steps.Plan) i18n.Text {
			h := base(p)
			lc := *c
			add := func(lang i18n.Lang, hint string) string {
				lc.Lang = lang
				// A correction's fields are all on the Produtos and
				// Planejamento tabs: the class goes last, under
				// Planejamento (the tab's heading added when the plan
				// changes nothing there).
				tab := "  " + lc.In(tabPlanejamento.name()) + ":"
				if !strings.Contains(hint, "\n"+tab+"\n") {
					hint += "\n" + tab
				}
				return hint + "\n" + lc.Tf("    • Classificação fiscal de saída: %s → a definida pela contabilidade (não escolhida aqui: o token não pode ler %s)",
					"    • Classificação fiscal de saída: %s → the one the accountant sets (not chosen here: the token cannot read %s)",
					productValue(&lc, nil, "id_class_fiscal", none), steps.FiscalClassTable)
			}
			return i18n.T(add(i18n.PT, h.PT), add(i18n.EN, h.EN))
		}
	}
	m.flow.recheck = func() tea.Cmd {
		gen := m.flow.gen
		return s.live(func(ctx context.Context) tea.Msg {
			p, err := steps.ProductByID(ctx, s.Reader(), id, ser)
			if err != nil {
				return planMsg{gen: gen, err: err}
			}
			return planMsg{gen: gen, plan: p.FixPlan(extra), id: id}
		})
	}
	m.phase = prodFlow
	m.creating = false
	return c.initForm(m.flow.form)
}

// productFlow is the write flow of a product plan: its fields in IXC's
// words, and the manual path listing exactly them, tab by tab.
func (m *productScreen) productFlow(plan steps.Plan) *changeFlow {
	s, cat := m.s, m.opts
	f := newChangeFlow(s, plan, i18n.Text{}, nil)
	f.describe = productDescriber(s, cat)
	f.hintFor = func(p steps.Plan) i18n.Text { return productManualHint(s, cat, p) }
	return f
}

// priceHelp says what the price field takes.
func priceHelp(c *Common) string {
	return c.T("Em reais, com vírgula: por exemplo 29,90.", "In reais, with a decimal comma: for example 29,90.")
}

// createFlow plans the new product (nothing if one with that name exists).
func (m *productScreen) createFlow() tea.Cmd {
	m.phase = prodLoading
	m.gen++
	gen, s, spec := m.gen, m.s, m.spec
	return s.live(func(ctx context.Context) tea.Msg {
		plan, existing, err := steps.PlanProduct(ctx, s.Reader(), spec)
		return planMsg{gen: gen, plan: plan, id: existing, err: err}
	})
}

// pickOption returns the first option whose label contains one of the
// words (case-insensitive), else the first option.
func pickOption(opts []steps.Option, words ...string) string {
	for _, w := range words {
		for _, o := range opts {
			if strings.Contains(strings.ToUpper(o.Label), w) {
				return o.ID
			}
		}
	}
	if len(opts) > 0 {
		return opts[0].ID
	}
	return ""
}
