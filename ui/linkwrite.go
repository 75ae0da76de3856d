package ui

import (
	"context"
	"maps"
	"slices"

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
	s, gen, ids, method := m.s, m.gen, m.s.productRefs(), m.method
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
	return tea.Batch(save, s.live(func(ctx context.Context) tea.Msg {
		pl, err := replan(ctx)
		return planMsg{gen: gen, plan: pl, err: err}
	}))
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
