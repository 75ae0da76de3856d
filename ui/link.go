package ui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// linkScreen: how the product reaches subscribers — by sales plan, by
// contract, or as an additional service — showing what is already linked.
type linkScreen struct {
	s     *Session
	phase linkPhase
	form  *huh.Form
	flow  *changeFlow
	gen   int
	err   error

	existing steps.LinkSummary
	plans    []steps.PlanInfo
	method   profile.LinkMethod
	selPlans []string
	// planOffer is the product whose plans are being chosen; selByProduct
	// keeps each product's plans.
	planOffer    int
	selByProduct map[string][]string

	query     string
	found     []steps.ContractInfo
	selected  []string
	more      string
	value     string
	repeat    string
	repeatQty string
	// replan plans the link writes again (after a manual change in IXC).
	replan func(ctx context.Context) (steps.Plan, error)

	// Duplicating a plan as a combo first: comboBase is copied as
	// comboName; planFor says what the plan being written is for.
	comboAnswer, comboBase, comboName, comboID string
	planFor                                    string
	details                                    *huh.Form // the combo's base plan and name
}

type linkPhase int

const (
	linkLoading linkPhase = iota
	linkMethod
	linkPlans
	linkSearch
	linkContracts
	linkService
	linkFlow
	linkCombo
	linkComboDetails
)

type linkLoadedMsg struct {
	gen      int
	existing steps.LinkSummary
	plans    []steps.PlanInfo
	err      error
}

type contractsFoundMsg struct {
	gen   int
	found []steps.ContractInfo
	err   error
}

func newLinkScreen(s *Session) *linkScreen { return &linkScreen{s: s} }

func (m *linkScreen) products() []string {
	var ids []string
	for _, p := range m.s.Profile.Products {
		if p.ID != "" {
			ids = append(ids, p.ID)
		}
	}
	return ids
}

func (m *linkScreen) Enter() tea.Cmd {
	m.phase = linkLoading
	m.err = nil
	m.gen++
	gen, s, ids := m.gen, m.s, m.products()
	return s.live(func(ctx context.Context) tea.Msg {
		ex, err := steps.ExistingLinks(ctx, s.Reader(), ids, s.Now())
		if err != nil {
			return linkLoadedMsg{gen: gen, err: err}
		}
		plans, err := steps.Plans(ctx, s.Reader(), ids)
		return linkLoadedMsg{gen: gen, existing: ex, plans: plans, err: err}
	})
}

func (m *linkScreen) methodForm() {
	c := m.s.Common
	m.phase = linkMethod
	m.method = m.s.Profile.Link.Method
	if m.method == "" {
		m.method = profile.LinkPlan
	}
	ex := m.existing
	desc := c.Tf("Hoje o produto já está em %d plano(s), %d contrato(s) e %d serviço(s) adicional(is) ativo(s).",
		"Today the product is already on %d plan(s), %d contract(s) and %d active additional service(s).",
		len(ex.Plans), len(ex.Contracts), len(ex.Services))
	m.form = c.newForm(huh.NewGroup(huh.NewSelect[profile.LinkMethod]().
		Title(c.T("Como o produto chega aos assinantes?", "How does the product reach subscribers?")).
		Description(desc).
		Options(
			huh.NewOption(c.T("Plano de venda: todo contrato do plano recebe o produto", "Sales plan: every contract on the plan gets the product"), profile.LinkPlan),
			huh.NewOption(c.T("Contrato: produto na aba Produtos, contrato a contrato", "Contract: product on the Produtos tab, contract by contract"), profile.LinkContract),
			huh.NewOption(c.T("Serviço adicional: aba Serviços adicionais, contrato a contrato", "Additional service: Serviços adicionais tab, contract by contract"), profile.LinkAdditionalService)).
		Value(&m.method)))
}

// plansForm asks, for the product of one offer at a time, which plans
// carry it: a combo plan may carry LevEduca and not Paramount+.
func (m *linkScreen) plansForm() {
	c := m.s.Common
	m.phase = linkPlans
	pr := m.s.Profile.Products[m.planOffer]
	sel := m.selByProduct[pr.ID]
	if sel == nil {
		for _, p := range m.plans {
			if slices.Contains(p.Carries, pr.ID) || (len(m.selByProduct) == 0 && slices.Contains(m.s.Profile.Link.Plans, p.ID) && len(m.s.Profile.Products) == 1) {
				sel = append(sel, p.ID)
			}
		}
	}
	if m.comboID != "" && !slices.Contains(sel, m.comboID) {
		sel = append(sel, m.comboID)
	}
	m.selPlans = sel
	var opts []huh.Option[string]
	for _, p := range m.plans {
		label := c.Tf("%s (%d ativos)", "%s (%d active)", p.Name, p.ActiveContracts)
		if slices.Contains(p.Carries, pr.ID) {
			label += c.T(" ✓ já tem", " ✓ has it")
		}
		if p.Ativo == "N" {
			label += c.T(" INATIVO", " INACTIVE")
		}
		label = truncate(label, c.contentWidth()-14)
		opts = append(opts, huh.NewOption(fmt.Sprintf("#%s %s", p.ID, label), p.ID).Selected(slices.Contains(sel, p.ID)))
	}
	offer := map[string]string{"leveduca": "LevEduca", "paramount": "Paramount+"}[pr.Offer]
	m.form = c.newForm(huh.NewGroup(huh.NewMultiSelect[string]().
		Title(c.Tf("Planos de venda que levam o produto #%s (%s)", "Sales plans that carry product #%s (%s)", pr.ID, offer)).
		Description(c.T("espaço marca/desmarca · / filtra · enter confirma", "space toggles · / filters · enter confirms")).
		Options(opts...).Value(&m.selPlans).Height(min(len(opts)+2, max(c.Height-12, 6))).
		Validate(func(v []string) error {
			if len(v) == 0 {
				return errors.New(c.T("escolha ao menos um plano", "choose at least one plan"))
			}
			return nil
		})))
}

func (m *linkScreen) searchForm() {
	c := m.s.Common
	m.phase = linkSearch
	m.query = ""
	m.form = c.newForm(huh.NewGroup(huh.NewInput().
		Title(c.T("Buscar contratos", "Find contracts")).
		Description(c.T("Nome do cliente, CPF/CNPJ, número do contrato, ou o caminho de um arquivo com ids (um por linha).",
			"Customer name, CPF/CNPJ, contract number, or the path of a file of ids (one per line).")).
		Value(&m.query).
		Validate(func(v string) error {
			if strings.TrimSpace(v) == "" {
				return errors.New(c.T("digite algo para buscar", "type something to search"))
			}
			return nil
		})))
}

var idList = regexp.MustCompile(`\d+`)

func (m *linkScreen) search() tea.Cmd {
	m.phase = linkLoading
	m.gen++
	gen, s, q := m.gen, m.s, strings.TrimSpace(m.query)
	return s.live(func(ctx context.Context) tea.Msg {
		if data, err := os.ReadFile(q); err == nil {
			found, err := steps.ContractsByID(ctx, s.Reader(), idList.FindAllString(string(data), -1))
			return contractsFoundMsg{gen: gen, found: found, err: err}
		}
		found, err := steps.FindContracts(ctx, s.Reader(), q)
		return contractsFoundMsg{gen: gen, found: found, err: err}
	})
}

func (m *linkScreen) contractsForm() {
	c := m.s.Common
	m.phase = linkContracts
	var opts []huh.Option[string]
	sel := slices.Clone(m.selected)
	for _, ct := range m.found {
		status := map[string]string{"A": c.T("ativo", "active"), "I": c.T("inativo", "inactive"), "P": c.T("pré-contrato", "pre-contract"),
			"N": c.T("negativado", "blacklisted"), "D": c.T("desistiu", "gave up")}[ct.Status]
		label := truncate(fmt.Sprintf("#%s %s · %s · %s", ct.ID, ct.CustomerName, ct.Doc, status), c.contentWidth()-10)
		opts = append(opts, huh.NewOption(label, ct.ID).Selected(slices.Contains(sel, ct.ID)))
	}
	m.form = c.newForm(huh.NewGroup(
		huh.NewMultiSelect[string]().Title(c.Tf("%d contrato(s) encontrados", "%d contract(s) found", len(m.found))).
			Options(opts...).Value(&m.selected).Height(min(len(opts)+2, 12)),
		huh.NewSelect[string]().Title(c.T("E depois?", "Then?")).
			Options(huh.NewOption(c.T("Continuar com os marcados", "Continue with the ticked ones"), "go"),
				huh.NewOption(c.T("Buscar mais contratos", "Find more contracts"), "more")).
			Value(&m.more)))
}

func (m *linkScreen) serviceForm() {
	c := m.s.Common
	m.phase = linkService
	if m.value == "" {
		m.value = m.s.Profile.Link.ServiceValue
	}
	m.repeat = "always"
	if r := m.s.Profile.Link.Repeat; r != "" && r != "always" {
		m.repeat, m.repeatQty = "times", r
	}
	m.form = c.newForm(huh.NewGroup(
		huh.NewInput().Title(c.T("Valor do serviço adicional (R$)", "Additional service value (R$)")).Placeholder("9,90").Value(&m.value).
			Validate(func(v string) error {
				if _, err := profile.ParsePrice(v); err != nil {
					return errors.New(i18n.Message(err, c.Lang))
				}
				return nil
			}),
		huh.NewSelect[string]().Title(c.T("Repetição", "Repetition")).
			Options(huh.NewOption(c.T("Sempre (todo mês)", "Always (every month)"), "always"),
				huh.NewOption(c.T("Um número de vezes", "A number of times"), "times")).Value(&m.repeat),
		huh.NewInput().Title(c.T("Quantas vezes (se não for sempre)", "How many times (if not always)")).Value(&m.repeatQty).
			Validate(func(v string) error {
				if m.repeat != "times" {
					return nil
				}
				if _, err := profile.ParseID(v); err != nil {
					return errors.New(c.T("informe um número inteiro positivo", "enter a positive whole number"))
				}
				return nil
			})))
}

// planChanges plans the writes for the chosen method and targets.
func (m *linkScreen) planChanges() tea.Cmd {
	m.phase = linkLoading
	m.gen++
	s, gen, ids, method := m.s, m.gen, m.products(), m.method
	byProduct, contracts := maps.Clone(m.selByProduct), slices.Clone(m.selected)
	var plans []string
	for _, ps := range byProduct {
		plans = append(plans, ps...)
	}
	plans = sortIDs(plans)
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
		p.Link.Plans = plans
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
				pl, err = steps.PlanLinkPlans(ctx, s.Reader(), id, byProduct[id])
			case profile.LinkContract:
				pl, err = steps.PlanLinkContracts(ctx, s.Reader(), id, contracts)
			default:
				pl, err = steps.PlanAdditionalServices(ctx, s.Reader(), id, contracts, value, repeat, s.Now())
			}
			if err != nil {
				return all, err
			}
			all = all.Merge(pl)
		}
		return all, nil
	}
	m.flow, m.replan, m.planFor = nil, replan, "link"
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

func (m *linkScreen) Update(msg tea.Msg) (tea.Cmd, nav) {
	c := m.s.Common
	switch msg := msg.(type) {
	case linkLoadedMsg:
		if msg.gen != m.gen {
			return nil, stay
		}
		if msg.err != nil {
			m.err = msg.err
		}
		m.existing, m.plans = msg.existing, msg.plans
		m.methodForm()
		return c.initForm(m.form), stay
	case plansReloadedMsg:
		if msg.gen != m.gen {
			return nil, stay
		}
		m.err = msg.err
		m.plans = msg.plans
		m.plansForm()
		return c.initForm(m.form), stay
	case contractsFoundMsg:
		if msg.gen != m.gen {
			return nil, stay
		}
		m.err = msg.err
		if msg.err != nil || len(msg.found) == 0 {
			if msg.err == nil {
				m.err = errors.New(c.T("nenhum contrato encontrado", "no contract found"))
			}
			m.searchForm()
			return c.initForm(m.form), stay
		}
		m.found = msg.found
		m.more = "go"
		m.contractsForm()
		return c.initForm(m.form), stay
	case planMsg:
		if m.phase == linkLoading && msg.gen == m.gen {
			if msg.err != nil {
				m.err = msg.err
				m.methodForm()
				return c.initForm(m.form), stay
			}
			switch m.planFor {
			case "dup":
				return m.comboWritten(msg.plan, msg.id), stay
			case "copy":
				return m.comboCopied(msg.plan), stay
			}
			if msg.plan.Empty() {
				return nil, nav{kind: navNext}
			}
			m.flow = newChangeFlow(m.s, msg.plan, m.hint(), nil)
			flow, s, replan := m.flow, m.s, m.replan
			flow.recheck = func() tea.Cmd {
				gen := flow.gen
				return s.live(func(ctx context.Context) tea.Msg {
					pl, err := replan(ctx)
					return planMsg{gen: gen, plan: pl, err: err}
				})
			}
			m.phase = linkFlow
			return c.initForm(m.flow.form), stay
		}
	}
	if m.phase == linkFlow {
		cmd := m.flow.update(msg)
		if !m.flow.finished() {
			return cmd, stay
		}
		if m.flow.ok() {
			switch m.planFor {
			case "dup":
				m.comboID = m.flow.firstID()
				return tea.Batch(cmd, m.copyRows()), stay
			case "copy":
				return tea.Batch(cmd, m.reloadPlans()), stay
			}
			return cmd, nav{kind: navNext}
		}
		m.err = m.flow.err
		m.methodForm()
		return tea.Batch(cmd, c.initForm(m.form)), stay
	}
	if m.form == nil || m.phase == linkLoading {
		return nil, stay
	}
	cmd := updateForm(m.form, msg)
	if !formDone(m.form) {
		return cmd, stay
	}
	m.err = nil
	switch m.phase {
	case linkMethod:
		if m.method == profile.LinkPlan {
			m.planOffer, m.selByProduct = 0, map[string][]string{}
			m.comboForm()
		} else {
			m.selected = slices.Clone(m.s.Profile.Link.Contracts)
			m.searchForm()
		}
		return c.initForm(m.form), stay
	case linkCombo:
		if m.comboAnswer != "yes" {
			m.plansForm()
			return c.initForm(m.form), stay
		}
		m.phase, m.form = linkComboDetails, m.details
		return c.initForm(m.form), stay
	case linkComboDetails:
		return m.duplicate(), stay
	case linkPlans:
		m.selByProduct[m.s.Profile.Products[m.planOffer].ID] = slices.Clone(m.selPlans)
		if m.planOffer+1 < len(m.s.Profile.Products) {
			m.planOffer++
			m.plansForm()
			return c.initForm(m.form), stay
		}
		return m.planChanges(), stay
	case linkSearch:
		return m.search(), stay
	case linkContracts:
		if m.more == "more" || len(m.selected) == 0 {
			m.searchForm()
			return c.initForm(m.form), stay
		}
		if m.method == profile.LinkAdditionalService {
			m.serviceForm()
			return c.initForm(m.form), stay
		}
		return m.planChanges(), stay
	case linkService:
		return m.planChanges(), stay
	}
	return cmd, stay
}

func (m *linkScreen) View() string {
	c := m.s.Common
	st := c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(c.T("Vínculo do produto", "Product link")) + "\n\n")
	if m.err != nil {
		b.WriteString(c.wrap(st.Err.Render("✗ "+i18n.Message(m.err, c.Lang))) + "\n\n")
	}
	if len(m.selected) > 0 && (m.phase == linkSearch || m.phase == linkContracts) {
		b.WriteString(st.Subtle.Render(c.Tf("%d contrato(s) marcados até agora.", "%d contract(s) ticked so far.", len(m.selected))) + "\n\n")
	}
	switch m.phase {
	case linkLoading:
		b.WriteString("{spin} " + c.T("Consultando o IXC…", "Querying IXC…") + "\n")
	case linkFlow:
		b.WriteString(m.flow.view())
	default:
		b.WriteString(c.formView(m.form))
	}
	return b.String()
}

func (m *linkScreen) Form() *huh.Form {
	switch m.phase {
	case linkLoading:
		return nil
	case linkFlow:
		if m.flow.busy() || m.flow.finished() {
			return nil
		}
		return m.flow.form
	}
	return m.form
}

func (m *linkScreen) Busy() bool {
	return m.phase == linkLoading || (m.phase == linkFlow && m.flow.busy())
}

func (m *linkScreen) Back() (bool, tea.Cmd) {
	c := m.s.Common
	switch m.phase {
	case linkFlow:
		if ok, cmd := m.flow.back(); ok {
			return true, cmd
		}
		m.methodForm()
		return true, c.initForm(m.form)
	case linkPlans:
		if m.planOffer > 0 {
			m.planOffer--
			m.plansForm()
			return true, c.initForm(m.form)
		}
		m.methodForm()
		return true, c.initForm(m.form)
	case linkComboDetails:
		m.comboForm()
		return true, c.initForm(m.form)
	case linkCombo, linkSearch, linkContracts, linkService:
		m.methodForm()
		return true, c.initForm(m.form)
	}
	return false, nil
}

func (m *linkScreen) Help() i18n.Text {
	return i18n.T("Plano de venda: o produto entra no plano e todo contrato do plano o recebe. Contrato: o produto entra na aba Produtos de cada contrato. Serviço adicional: o produto entra na aba Serviços adicionais de cada contrato, com valor e repetição. Não misture métodos: o mesmo produto duas vezes no contrato é cobrado em dobro.",
		"Sales plan: the product goes on the plan and every contract on it gets it. Contract: the product goes on each contract's Produtos tab. Additional service: the product goes on each contract's Serviços adicionais tab, with a value and a repetition. Do not mix methods: the same product twice on a contract is billed twice.")
}

// sortIDs sorts numeric ids numerically and drops repeats.
func sortIDs(ids []string) []string {
	slices.SortFunc(ids, func(a, b string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(ids)
}

// comboForm offers to duplicate a plan as a combo before choosing plans
// (the tutorial: the plan may first be duplicated to make a combo clone).
func (m *linkScreen) comboForm() {
	c := m.s.Common
	m.phase = linkCombo
	if m.comboAnswer == "" {
		m.comboAnswer = "no"
	}
	var opts []huh.Option[string]
	for _, p := range m.plans {
		opts = append(opts, huh.NewOption(fmt.Sprintf("#%s %s", p.ID, p.Name), p.ID))
	}
	if m.comboBase == "" && len(m.plans) > 0 {
		m.comboBase = m.plans[0].ID
	}
	m.form = c.newForm(
		huh.NewGroup(huh.NewSelect[string]().Title(c.T("Duplicar um plano como combo antes?", "Duplicate a plan as a combo first?")).
			Description(c.T("Opcional: cria uma cópia do plano (com o item de internet) para vender com o produto.", "Optional: creates a copy of the plan (with its internet item) to sell with the product.")).
			Options(huh.NewOption(c.T("Não, usar os planos existentes", "No, use the existing plans"), "no"),
				huh.NewOption(c.T("Sim, duplicar um plano", "Yes, duplicate a plan"), "yes")).
			Value(&m.comboAnswer)))
	m.details = c.newForm(
		huh.NewGroup(
			huh.NewSelect[string]().Title(c.T("Plano a duplicar", "Plan to duplicate")).Options(opts...).Value(&m.comboBase).
				Height(min(len(opts)+2, max(c.Height-14, 4))),
			huh.NewInput().Title(c.T("Nome do novo plano", "Name of the new plan")).Value(&m.comboName).
				Placeholder(c.T("vazio: nome do plano + LEVEDUCA", "empty: the plan's name + LEVEDUCA")).
				Validate(func(v string) error {
					if strings.TrimSpace(v) == "" {
						m.comboName = m.baseName() + " + LEVEDUCA"
					}
					return nil
				})))
}

func (m *linkScreen) baseName() string {
	for _, p := range m.plans {
		if p.ID == m.comboBase {
			return p.Name
		}
	}
	return ""
}

// duplicate plans the copy of the base plan.
func (m *linkScreen) duplicate() tea.Cmd {
	m.phase, m.planFor = linkLoading, "dup"
	m.gen++
	gen, s, base, name := m.gen, m.s, m.comboBase, strings.TrimSpace(m.comboName)
	return s.live(func(ctx context.Context) tea.Msg {
		pl, err := steps.PlanDuplicatePlan(ctx, s.Reader(), base, name)
		return planMsg{gen: gen, plan: pl, err: err}
	})
}

func (m *linkScreen) comboWritten(plan steps.Plan, _ string) tea.Cmd {
	c := m.s.Common
	s, name, base := m.s, strings.TrimSpace(m.comboName), m.comboBase
	m.flow = newChangeFlow(s, plan, i18n.Tf("Cadastros > Contratos > Planos de Venda > (plano #%s) > Duplicar; dê ao novo plano o nome \"%s\".",
		"Cadastros > Contratos > Planos de Venda > (plan #%s) > Duplicar; name the new plan \"%s\".", base, name), nil)
	flow := m.flow
	flow.recheck = func() tea.Cmd {
		gen := flow.gen
		return s.live(func(ctx context.Context) tea.Msg {
			id, err := steps.FindPlanByName(ctx, s.Reader(), name)
			if err != nil || id == "" {
				pl, perr := steps.PlanDuplicatePlan(ctx, s.Reader(), base, name)
				return planMsg{gen: gen, plan: pl, err: cmp.Or(err, perr)}
			}
			return planMsg{gen: gen, id: id}
		})
	}
	m.phase = linkFlow
	return c.initForm(m.flow.form)
}

// copyRows plans the copy of the base plan's rows onto the new plan.
func (m *linkScreen) copyRows() tea.Cmd {
	m.phase, m.planFor = linkLoading, "copy"
	m.gen++
	gen, s, base, id := m.gen, m.s, m.comboBase, m.comboID
	return s.live(func(ctx context.Context) tea.Msg {
		if id == "" {
			return planMsg{gen: gen, err: i18n.Errorf("o novo plano não foi encontrado no IXC", "the new plan was not found in IXC")}
		}
		pl, err := steps.PlanCopyPlanProducts(ctx, s.Reader(), base, id)
		return planMsg{gen: gen, plan: pl, err: err}
	})
}

func (m *linkScreen) comboCopied(plan steps.Plan) tea.Cmd {
	c := m.s.Common
	if plan.Empty() {
		return m.reloadPlans()
	}
	s, base, id := m.s, m.comboBase, m.comboID
	m.flow = newChangeFlow(s, plan, i18n.Tf("Cadastros > Contratos > Planos de Venda > (plano #%s) > Editar > aba Planos: copie os itens do plano #%s.",
		"Cadastros > Contratos > Planos de Venda > (plan #%s) > Editar > tab Planos: copy the items of plan #%s.", id, base), nil)
	flow := m.flow
	flow.recheck = func() tea.Cmd {
		gen := flow.gen
		return s.live(func(ctx context.Context) tea.Msg {
			pl, err := steps.PlanCopyPlanProducts(ctx, s.Reader(), base, id)
			return planMsg{gen: gen, plan: pl, err: err}
		})
	}
	m.phase = linkFlow
	return c.initForm(m.flow.form)
}

// reloadPlans reads the plans again (the combo is new) and asks which
// plans carry each product, the combo ticked.
func (m *linkScreen) reloadPlans() tea.Cmd {
	m.phase, m.planFor = linkLoading, "reload"
	m.gen++
	gen, s, ids := m.gen, m.s, m.products()
	return s.live(func(ctx context.Context) tea.Msg {
		plans, err := steps.Plans(ctx, s.Reader(), ids)
		return plansReloadedMsg{gen: gen, plans: plans, err: err}
	})
}

type plansReloadedMsg struct {
	gen   int
	plans []steps.PlanInfo
	err   error
}
