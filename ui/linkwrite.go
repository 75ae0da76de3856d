package ui

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// The link screen's writes: the plan of changes for the chosen method and
// targets (then the shared write flow, writeflow.go), and the menu path for
// doing it by hand.

// planChanges plans the writes for the chosen method and targets.
func (m *linkScreen) planChanges() tea.Cmd {
	m.phase = linkLoading
	m.gen++
	// The same product for both offers is planned once: the same rows
	// twice would be counted (and confirmed) as twice the writes.
	s, gen, ids, method := m.s, m.gen, sortIDs(m.s.productRefs()), m.method
	drafts := slices.Clone(s.drafts)
	byProduct, contracts := maps.Clone(m.selByProduct), slices.Clone(m.selected)
	var plans []string
	for _, ps := range byProduct {
		plans = append(plans, ps...)
	}
	plans = sortIDs(plans)
	s.planProducts = byProduct // named in the hand-off
	value, _ := profile.ParsePrice(m.value)
	repeat := "always"
	if m.repeat == "times" {
		repeat = m.repeatQty
	}
	p := s.Profile
	p.Link.Method = method
	p.Link.Plans, p.Link.Contracts, p.Link.ServiceValue, p.Link.Repeat = nil, nil, "", ""
	switch method {
	case profile.LinkPlan:
		p.Link.Plans = realIDs(plans) // a simulated combo plan is no plan of IXC
	case profile.LinkContract:
		p.Link.Contracts = contracts
	default:
		p.Link.Contracts, p.Link.ServiceValue, p.Link.Repeat = contracts, value, repeat
	}
	save := s.saveProfile()
	replan := func(ctx context.Context) (steps.Plan, error) {
		var all steps.Plan
		for _, id := range ids {
			var pl steps.Plan
			var err error
			switch method {
			case profile.LinkPlan:
				pl, err = steps.PlanLinkPlans(ctx, s.Reader(), id, byProduct[id], drafts...)
			case profile.LinkContract:
				pl, err = steps.PlanLinkContracts(ctx, s.Reader(), id, contracts, drafts...)
			default:
				pl, err = steps.PlanAdditionalServices(ctx, s.Reader(), id, contracts, value, repeat, s.Now(), drafts...)
			}
			if err != nil {
				return all, err
			}
			all = all.Merge(pl)
		}
		return all, nil
	}
	m.flow, m.replan = nil, replan
	// The screen's check, read when it opened (or still being read), if
	// nothing was written since: it answers the double-billing question.
	var check *checkRead
	if m.checkWrites == s.writes {
		check = m.checkRead
	}
	return tea.Batch(save, s.live(func(ctx context.Context) tea.Msg {
		pl, err := replan(ctx)
		if err != nil || pl.Empty() {
			return linkPlanMsg{gen: gen, plan: pl, err: err}
		}
		// Before the confirmation: would a write bill a contract twice?
		// The screen's check knows, when it read these products.
		if ds, ok := check.wait(ctx).DoubleLinks(pl); ok {
			return linkPlanMsg{gen: gen, plan: pl, doubles: ds}
		}
		ds, err := steps.DoubleLinks(ctx, s.Reader(), pl, s.Now())
		return linkPlanMsg{gen: gen, plan: pl, doubles: ds, err: err}
	}))
}

// linkMsg is the answer of one of the link screen's own commands that
// applies itself to the screen (link.go hands it over).
type linkMsg interface {
	applyTo(m *linkScreen) (tea.Cmd, nav)
}

// linkState is what the link screen keeps about double billing and the
// additional service's value.
type linkState struct {
	// doubles: the contracts the plan that came back would bill twice;
	// plan: that plan; action: the answer to the question about them.
	doubles []steps.DoubleLink
	plan    steps.Plan
	action  string
	// seen: every contract a search listed (its plan says whether the plan
	// already carries the product); tickMethod: the method the ticks were
	// last checked against; unticked: the contracts left unticked then
	// (they already have the product by another method).
	seen       map[string]steps.ContractInfo
	tickMethod profile.LinkMethod
	unticked   []string
	// prices: each product's preco_base (read once, for the service's
	// value); priced: they were read.
	prices map[string]string
	priced bool
}

// linkPlanMsg is the plan of link writes, with the contracts it would
// bill twice.
type linkPlanMsg struct {
	gen     int
	plan    steps.Plan
	doubles []steps.DoubleLink
	err     error
}

func (msg linkPlanMsg) applyTo(m *linkScreen) (tea.Cmd, nav) {
	if m.phase != linkLoading || msg.gen != m.gen {
		return nil, stay
	}
	if msg.err == nil && len(msg.doubles) > 0 {
		m.doubleForm(msg.plan, msg.doubles)
		return m.s.Common.initForm(m.form), stay
	}
	return m.Update(planMsg{gen: msg.gen, plan: msg.plan, err: msg.err})
}

// doubleForm asks, before the write confirmation, what to do about the
// contracts the plan would bill twice (doubleView lists them above the
// question, where the text scrolls and the question stays on screen).
func (m *linkScreen) doubleForm(plan steps.Plan, ds []steps.DoubleLink) {
	c := m.s.Common
	m.phase = linkDouble
	m.st.doubles, m.st.plan = ds, plan
	ids := steps.DoubledContracts(ds)
	title := c.Tf("Cobrança em dobro: %s com o mesmo produto duas vezes", "Double billing: %s the same product twice",
		c.N(len(ids), "contrato ativo ficaria", "contratos ativos ficariam", "active contract would have", "active contracts would have"))
	var desc string
	var opts []choice
	if ds[0].Method == profile.LinkPlan {
		plans := steps.DoubledPlans(ds)
		desc = c.T("Não dá para pular só alguns contratos de um plano.", "A plan's contracts cannot be skipped one by one.")
		skip := c.T("Não incluir este plano", "Do not include this plan")
		if len(plans) > 1 {
			skip = c.Tf("Não incluir estes %d planos", "Do not include these %d plans", len(plans))
		}
		opts = []choice{{"skip", skip}, {"write", c.T("Incluir mesmo assim", "Include it anyway")}}
	} else {
		skip := c.T("Pular esses contratos (recomendado)", "Skip those contracts (recommended)")
		if len(ids) == 1 {
			skip = c.T("Pular esse contrato (recomendado)", "Skip that contract (recommended)")
		}
		opts = []choice{{"skip", skip},
			{"write", c.T("Gravar mesmo assim", "Write anyway")}}
	}
	m.st.action = "skip"
	m.form = c.choiceForm(title, desc, &m.st.action, append(opts, choice{"back", c.T("Voltar", "Back")})...)
}

// doubleView lists the contracts the writes would bill twice, and why.
func (m *linkScreen) doubleView() string {
	c := m.s.Common
	st := c.Styles
	ds := m.st.doubles
	if len(ds) == 0 {
		return ""
	}
	ids := steps.DoubledContracts(ds)
	var b strings.Builder
	b.WriteString(c.wrap(st.Warn.Render(c.Tf("! Estas gravações deixariam %s com o mesmo produto vinculado mais de uma vez (LINK_DOUBLE): o IXC cobra o produto uma vez por vínculo.",
		"! These writes would leave %s with the same product linked more than once (LINK_DOUBLE): IXC bills the product once per link.",
		c.N(len(ids), "contrato ativo", "contratos ativos", "active contract", "active contracts")))) + "\n")
	const limit = 10
	seen := map[string]bool{}
	for _, d := range ds {
		if seen[d.Contract] {
			continue
		}
		seen[d.Contract] = true
		if len(seen) > limit {
			b.WriteString(c.Tf("  … e mais %s\n", "  … and %s more\n", c.N(len(ids)-limit, "contrato", "contratos", "contract", "contracts")))
			break
		}
		b.WriteString(c.wrap("  • "+c.In(d.Why())) + "\n")
	}
	if ds[0].Method == profile.LinkPlan {
		b.WriteString(c.wrap(c.T("O produto entra no plano inteiro. Para gravar sem cobrar em dobro, tire antes o produto desses contratos no IXC (aba Produtos ou Serviços adicionais), ou não inclua o plano.",
			"The product goes on the whole plan. To write without billing twice, first take the product off those contracts in IXC (Produtos or Serviços adicionais tab), or leave the plan out.")) + "\n")
	}
	return b.String() + "\n"
}

// doubleChosen carries out the answer to the question about double
// billing.
func (m *linkScreen) doubleChosen() tea.Cmd {
	c := m.s.Common
	ds := m.st.doubles
	switch m.st.action {
	case "write":
		// The confirmation shows, on each change, whom it bills twice.
		plan := markDoubles(m.st.plan, ds)
		m.phase = linkLoading
		cmd, _ := m.Update(planMsg{gen: m.gen, plan: plan})
		return cmd
	case "back":
		return m.doubleBack()
	}
	if ds[0].Method == profile.LinkPlan {
		// Each doubled plan is left out for the product it would double.
		left := 0
		for ref, plans := range m.selByProduct {
			plans = slices.DeleteFunc(slices.Clone(plans), func(p string) bool {
				return slices.ContainsFunc(ds, func(d steps.DoubleLink) bool { return d.Product == ref && d.Plan == p })
			})
			m.selByProduct[ref] = plans
			left += len(plans)
		}
		if left == 0 {
			m.err = errors.New(c.Tf("nenhum plano sobrou para gravar: %s cobraria em dobro contratos que já têm o produto",
				"no plan is left to write: %s would bill twice contracts that already have the product", joinIDs(steps.DoubledPlans(ds))))
			m.planOffer = 0
			m.plansForm()
			return c.initForm(m.form)
		}
		return m.planChanges()
	}
	drop := steps.DoubledContracts(ds)
	m.selected = slices.DeleteFunc(m.selected, func(id string) bool { return slices.Contains(drop, id) })
	m.st.unticked = sortIDs(append(m.st.unticked, drop...))
	if len(m.selected) == 0 {
		m.err = errors.New(c.T("nenhum contrato sobrou para gravar: todos os marcados já têm o produto por outro método",
			"no contract is left to write: every ticked one already has the product by another method"))
		m.searchForm()
		return c.initForm(m.form)
	}
	return m.planChanges()
}

// doubleBack returns from the question to the choice it came from.
func (m *linkScreen) doubleBack() tea.Cmd {
	c := m.s.Common
	switch m.method {
	case profile.LinkPlan:
		m.planOffer = m.lastPlanOffer()
		m.plansForm()
	case profile.LinkAdditionalService:
		m.serviceForm()
	default:
		if len(m.found) > 0 {
			m.more = "go"
			m.contractsForm()
		} else {
			m.searchForm()
		}
	}
	return c.initForm(m.form)
}

// markDoubles adds to the summary of each change that bills a contract
// twice whom it bills twice and why.
func markDoubles(plan steps.Plan, ds []steps.DoubleLink) steps.Plan {
	out := steps.Plan{Changes: slices.Clone(plan.Changes)}
	byChange := map[int][]steps.DoubleLink{}
	for _, d := range ds {
		byChange[d.Change] = append(byChange[d.Change], d)
	}
	for i, list := range byChange {
		ch := &out.Changes[i]
		var w i18n.Text
		if list[0].Method == profile.LinkPlan {
			var ids []string
			for _, d := range list {
				ids = append(ids, d.Contract)
			}
			w = i18n.T(" — ! COBRANÇA EM DOBRO: "+i18n.Plural(i18n.PT, len(ids), "contrato do plano já tem", "contratos do plano já têm")+" o produto ("+joinIDs(ids)+")",
				" — ! DOUBLE BILLING: "+i18n.Plural(i18n.EN, len(ids), "contract of the plan already has", "contracts of the plan already have")+" the product ("+joinIDs(ids)+")")
		} else {
			by := steps.HeldBy(list[0].By)
			w = i18n.T(" — ! COBRANÇA EM DOBRO: o contrato já tem o produto "+by.PT, " — ! DOUBLE BILLING: the contract already has the product "+by.EN)
		}
		ch.Summary = i18n.T(ch.Summary.PT+w.PT, ch.Summary.EN+w.EN)
	}
	return out
}

// joinIDs is "#1, #2, #3" (the first 5, then "…").
func joinIDs(ids []string) string {
	var parts []string
	for i, id := range ids {
		if i == 5 {
			parts = append(parts, "…")
			break
		}
		parts = append(parts, "#"+safe(id))
	}
	return strings.Join(parts, ", ")
}

func (m *linkScreen) hint() i18n.Text {
	switch m.method {
	case profile.LinkContract:
		return i18n.T("Cadastros > Contratos > (cada contrato) > Editar > aba Produtos > Novo: adicione o produto.",
			"Cadastros > Contratos > (each contract) > Editar > tab Produtos > Novo: add the product.")
	case profile.LinkAdditionalService:
		return i18n.T("Cadastros > Contratos > (cada contrato) > Editar > aba Serviços adicionais > Novo: adicione o produto.",
			"Cadastros > Contratos > (each contract) > Editar > tab Serviços adicionais > Novo: add the product.")
	}
	return i18n.T("Cadastros > Contratos > Planos de Venda > (cada plano) > Editar > aba Planos > Novo: adicione o produto. (O plano pode antes ser duplicado como combo.)",
		"Cadastros > Contratos > Planos de Venda > (each plan) > Editar > tab Planos > Novo: add the product. (The plan may first be duplicated as a combo.)")
}
