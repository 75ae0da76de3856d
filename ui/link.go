package ui

import (
	"context"
	"errors"
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
	// plansKeyed: a key was pressed on the plan list (its "choose at
	// least one" error waits for it).
	plansKeyed bool
	// planOffer is the product whose plans are being chosen; selByProduct
	// keeps each product's plans.
	planOffer    int
	selByProduct map[string][]string

	query string
	// lastQuery: the last search's words, offered again after Esc.
	lastQuery string
	found     []steps.ContractInfo
	// capped: the search found more than it lists; ignored: the entries
	// of a file of ids left out; fromFile: the last search was a file.
	capped   bool
	ignored  []steps.IgnoredID
	fromFile bool
	// selected: every contract ticked so far (kept across searches and
	// between the contract and additional-service methods); pageSel: the
	// ticks of the list on screen.
	selected  []string
	pageSel   []string
	more      string
	value     string
	repeat    string
	repeatQty string
	// replan plans the link writes again (after a manual change in IXC).
	replan func(ctx context.Context) (steps.Plan, error)

	// check: the link step's findings, read when the screen opens
	// (checkGen tags its answer); lastMethod: the last real method under
	// the cursor; browse: the finding whose records are shown.
	check    *steps.LinkCheck
	checkErr error
	checkGen int
	// checkWrites: the session's writes when the check was read; the
	// same later means IXC is as the check read it. checkRead: that read,
	// shared while in flight.
	checkWrites int
	checkRead   *checkRead
	lastMethod  profile.LinkMethod
	browse      string
	// resume: the method the next method question starts on.
	resume profile.LinkMethod

	// combo: duplicating a plan as a combo first; comboID is the combo
	// made, ticked in the plan list.
	combo   *comboFlow
	comboID string

	// failAction: the way on chosen after the reads failed (linkFailed).
	failAction string

	// st: double billing and the service value (linkwrite.go).
	st linkState
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
	// linkRecords: the records of one of the step's findings
	// (linkfindings.go).
	linkRecords
	// linkFailed: the screen's reads failed; try again or, when IXC
	// refused a table, go back to the connection checklist.
	linkFailed
	// linkDouble: the writes would bill contracts twice; skip them, write
	// anyway or go back (linkwrite.go).
	linkDouble
)

type linkLoadedMsg struct {
	gen      int
	existing steps.LinkSummary
	plans    []steps.PlanInfo
	err      error
}

type contractsFoundMsg struct {
	gen     int
	found   []steps.ContractInfo
	capped  bool
	ignored []steps.IgnoredID
	// fromFile: the query was a file of ids.
	fromFile bool
	err      error
}

func newLinkScreen(s *Session) *linkScreen { return &linkScreen{s: s, combo: newComboFlow(s)} }

// productIDs are the configured products' ids.
func (s *Session) productIDs() []string {
	var ids []string
	for _, p := range s.Profile.Products {
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
	gen, s, ids := m.gen, m.s, m.s.productIDs()
	return s.live(func(ctx context.Context) tea.Msg {
		ex, plans, err := steps.LinkChoices(ctx, s.Reader(), ids, s.Now())
		return linkLoadedMsg{gen: gen, existing: ex, plans: plans, err: err}
	})
}

func (m *linkScreen) methodForm() {
	c := m.s.Common
	m.phase = linkMethod
	// The notes of the last contract search do not outlive it.
	m.capped, m.ignored, m.fromFile = false, nil, false
	m.method = m.s.Profile.Link.Method
	if m.resume != "" {
		m.method, m.resume = m.resume, ""
	}
	if m.method == "" {
		m.method = profile.LinkPlan
	}
	ex := m.existing
	var desc string
	if len(m.s.productIDs()) == 0 && len(m.s.draftProducts) > 0 {
		desc = c.T("O produto novo foi só simulado (--dry-run): ainda não está em nenhum plano nem contrato.",
			"The new product was only simulated (--dry-run): it is on no plan or contract yet.")
		if len(m.s.draftProducts) > 1 {
			desc = c.T("Os produtos novos foram só simulados (--dry-run): ainda não estão em nenhum plano nem contrato.",
				"The new products were only simulated (--dry-run): they are on no plan or contract yet.")
		}
	} else {
		today := i18n.T("Hoje o produto já está em %s, %s e %s.", "Today the product is already on %s, %s and %s.")
		if len(m.s.productIDs()) > 1 {
			today = i18n.T("Hoje os produtos já estão em %s, %s e %s.", "Today the products are already on %s, %s and %s.")
		}
		desc = c.Tf(today.PT, today.EN,
			c.N(len(ex.Plans), "plano", "planos", "plan", "plans"), c.N(len(ex.Contracts), "contrato", "contratos", "contract", "contracts"),
			c.N(len(ex.Services), "serviço adicional ativo", "serviços adicionais ativos", "active additional service", "active additional services"))
	}
	m.form = c.newForm(huh.NewGroup(huh.NewSelect[profile.LinkMethod]().
		Title(c.T("Como o produto chega aos assinantes?", "How does the product reach subscribers?")).
		Description(desc).
		Options(append([]huh.Option[profile.LinkMethod]{
			huh.NewOption(c.T("Plano de venda: todo contrato do plano recebe o produto", "Sales plan: every contract on the plan gets the product"), profile.LinkPlan),
			huh.NewOption(c.T("Contrato: produto na aba Produtos, contrato a contrato", "Contract: product on the Produtos tab, contract by contract"), profile.LinkContract),
			huh.NewOption(c.T("Serviço adicional: aba Serviços adicionais, contrato a contrato", "Additional service: Serviços adicionais tab, contract by contract"), profile.LinkAdditionalService),
		}, m.seeOptions()...)...).
		Value(&m.method)))
}

// plansForm asks, for the product of one offer at a time, which plans
// carry it: a combo plan may carry LevEduca and not Paramount+.
func (m *linkScreen) plansForm() {
	c := m.s.Common
	m.phase = linkPlans
	pr := m.s.Profile.Products[m.planOffer]
	ref := m.s.productRef(pr)
	sel := m.selByProduct[ref]
	if sel == nil {
		for _, p := range m.plans {
			// The profile's plans come ticked only for the product they
			// were chosen for: a new product on them could bill the
			// offer twice (the old product is there already).
			fromProfile := len(m.selByProduct) == 0 && len(m.s.Profile.Products) == 1 && !m.s.productChanged[pr.Offer] &&
				m.s.draftProducts[pr.Offer] == "" && slices.Contains(m.s.Profile.Link.Plans, p.ID)
			if slices.Contains(p.Carries, pr.ID) || fromProfile {
				sel = append(sel, p.ID)
			}
		}
	}
	if m.comboID != "" && !slices.Contains(sel, m.comboID) {
		sel = append(sel, m.comboID)
	}
	m.selPlans, m.plansKeyed = sel, false
	var opts []huh.Option[string]
	for _, p := range m.plans {
		label := c.Tf("%s (%s)", "%s (%s)", safe(p.Name), c.N(p.ActiveContracts, "ativo", "ativos", "active", "active"))
		if slices.Contains(p.Carries, pr.ID) {
			label += c.T(" ✓ já tem", " ✓ has it")
		}
		if p.Ativo == "N" {
			label += c.T(" INATIVO", " INACTIVE")
		}
		label = truncate(label, c.contentWidth()-14)
		tag := "#" + p.ID
		if steps.IsDraftRef(p.ID) {
			tag = c.T("(novo, simulado)", "(new, simulated)")
		}
		opts = append(opts, huh.NewOption(tag+" "+label, p.ID).Selected(slices.Contains(sel, p.ID)))
	}
	offer := map[string]string{"leveduca": "LevEduca", "paramount": "Paramount+"}[pr.Offer]
	title := c.Tf("Planos de venda que levam o produto #%s (%s)", "Sales plans that carry product #%s (%s)", pr.ID, offer)
	if steps.IsDraftRef(ref) {
		title = c.Tf("Planos de venda que levariam o produto novo (%s)", "Sales plans that would carry the new product (%s)", offer)
	}
	hint := newKeyMap(c.Lang).multiSelectHint()
	if c.Accessible {
		hint = "" // the plain prompt says how to tick
	}
	m.form = c.newForm(huh.NewGroup(huh.NewMultiSelect[string]().
		Title(title).
		Description(hint).
		Options(opts...).Value(&m.selPlans).Height(min(len(opts)+2, max(c.Height-12, 6))).
		Validate(func(v []string) error {
			// huh validates as the list gains focus: the error waits for
			// the technician's first key (the accessible prompt validates
			// the answer itself).
			if len(v) == 0 && (m.plansKeyed || c.Accessible) {
				return errors.New(c.T("escolha ao menos um plano", "choose at least one plan"))
			}
			return nil
		})))
}

func (m *linkScreen) Update(msg tea.Msg) (tea.Cmd, nav) {
	c := m.s.Common
	switch msg := msg.(type) {
	case linkMsg:
		return msg.applyTo(m)
	case linkCheckMsg:
		if msg.gen != m.checkGen {
			return nil, stay
		}
		m.check, m.checkErr = msg.check, msg.err
		if m.phase == linkMethod {
			// The method question gains its "Ver registros" choices, on
			// the same method.
			return m.backToMethod(), stay
		}
		return nil, stay
	case linkLoadedMsg:
		if msg.gen != m.gen {
			return nil, stay
		}
		if msg.err != nil {
			// Without the links and plans there is nothing to choose from:
			// try again, or (a refused table) back to the checklist.
			m.err, m.phase, m.failAction = msg.err, linkFailed, ""
			m.form = c.choiceForm(c.T("Não foi possível consultar o IXC.", "Could not query IXC."), "", &m.failAction,
				refusalChoices(c, msg.err)...)
			return c.initForm(m.form), stay
		}
		m.existing, m.plans = msg.existing, msg.plans
		m.s.plans = msg.plans // named in the hand-off
		m.methodForm()
		// The step's findings are read once the question is on screen,
		// so they never delay it (they join it when they come).
		return tea.Batch(c.initForm(m.form), m.readCheck()), stay
	case contractsFoundMsg:
		if msg.gen != m.gen {
			return nil, stay
		}
		m.err = msg.err
		m.capped, m.ignored, m.fromFile = msg.capped, msg.ignored, msg.fromFile
		if msg.err != nil || len(msg.found) == 0 {
			if msg.err == nil {
				m.err = errors.New(c.T("nenhum contrato encontrado", "no contract found"))
			}
			m.found = nil
			m.searchFormWith(m.lastQuery) // to correct it
			return c.initForm(m.form), stay
		}
		m.found = msg.found
		if msg.fromFile {
			// The file's contracts come ticked (not those a write would
			// bill twice).
			m.tickFromFile(msg.found)
		}
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
			if msg.plan.Empty() {
				return nil, nav{kind: navNext}
			}
			m.flow = newChangeFlow(m.s, msg.plan, m.hint(), nil)
			m.flow.describe, m.flow.hintFor = newFieldBook(m.s, m.plans).describe, linkManualHint(m.s, m.plans)
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
	if m.phase == linkCombo {
		cmd := m.combo.update(msg)
		if !m.combo.over() {
			return cmd, stay
		}
		m.err = m.combo.err
		if m.combo.phase == comboAborted {
			m.methodForm()
			return tea.Batch(cmd, c.initForm(m.form)), stay
		}
		m.plans, m.comboID = m.combo.plans, m.combo.id
		m.plansForm()
		return tea.Batch(cmd, c.initForm(m.form)), stay
	}
	if m.phase == linkFlow {
		cmd := m.flow.update(msg)
		if !m.flow.finished() {
			return cmd, stay
		}
		if m.flow.ok() {
			return cmd, nav{kind: navNext}
		}
		m.err = m.flow.err
		m.methodForm()
		return tea.Batch(cmd, c.initForm(m.form)), stay
	}
	if m.form == nil || m.phase == linkLoading {
		return nil, stay
	}
	if _, ok := msg.(tea.KeyPressMsg); ok && m.phase == linkPlans {
		m.plansKeyed = true
	}
	cmd := updateForm(m.form, msg)
	if m.phase == linkMethod {
		m.shownMethod() // remembers the method under the cursor
	}
	if !formDone(m.form) {
		return cmd, stay
	}
	m.err = nil
	switch m.phase {
	case linkFailed:
		if m.failAction == "checklist" {
			return cmd, toChecklist(m.s)
		}
		return m.Enter(), stay
	case linkRecords:
		return m.backToMethod(), stay
	case linkMethod:
		if code, ok := strings.CutPrefix(string(m.method), seePrefix); ok {
			return m.recordsForm(code), stay
		}
		if m.method == profile.LinkPlan {
			m.planOffer, m.selByProduct, m.comboID = 0, map[string][]string{}, ""
			m.phase = linkCombo
			return m.combo.start(m.plans), stay
		} else {
			if m.selected == nil {
				// The first time: the profile's contracts. After that the
				// ticks are kept, also when switching between contract and
				// additional service.
				m.selected = slices.Clone(m.s.Profile.Link.Contracts)
			}
			m.searchForm()
		}
		return c.initForm(m.form), stay
	case linkPlans:
		m.selByProduct[m.s.productRef(m.s.Profile.Products[m.planOffer])] = slices.Clone(m.selPlans)
		if next := m.nextPlanOffer(m.planOffer); next >= 0 {
			m.planOffer = next
			m.plansForm()
			return c.initForm(m.form), stay
		}
		return m.planChanges(), stay
	case linkSearch:
		return m.search(), stay
	case linkContracts:
		m.keepTicked()
		if m.more == "more" || len(m.selected) == 0 {
			m.searchForm()
			return c.initForm(m.form), stay
		}
		if m.method == profile.LinkAdditionalService {
			return m.toServiceForm(), stay
		}
		return m.planChanges(), stay
	case linkService:
		return m.planChanges(), stay
	case linkDouble:
		return m.doubleChosen(), stay
	}
	return cmd, stay
}

func (m *linkScreen) View() string {
	c := m.s.Common
	st := c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(c.T("Vínculo do produto", "Product link")) + "\n\n")
	if m.err != nil {
		b.WriteString(c.wrap(st.Err.Render("✗ "+c.Msg(m.err))) + "\n\n")
	}
	if len(m.selected) > 0 && (m.phase == linkSearch || m.phase == linkContracts) {
		b.WriteString(st.Subtle.Render(c.Tf("%s até agora.", "%s so far.", c.N(len(m.selected), "contrato marcado", "contratos marcados", "contract ticked", "contracts ticked"))) + "\n\n")
	}
	if m.phase == linkSearch || m.phase == linkContracts {
		if notes := m.searchNotes(); notes != "" {
			b.WriteString(notes + "\n")
		}
	}
	switch m.phase {
	case linkLoading:
		b.WriteString("{spin} " + c.T("Consultando o IXC…", "Querying IXC…") + "\n")
	case linkFlow:
		b.WriteString(m.flow.view())
	case linkCombo:
		b.WriteString(m.combo.view())
	case linkMethod:
		b.WriteString(m.checkLines() + c.formView(m.form))
	case linkRecords:
		b.WriteString(m.recordsView() + "\n" + c.formView(m.form))
	case linkDouble:
		b.WriteString(m.doubleView() + c.formView(m.form))
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
	case linkCombo:
		return m.combo.activeForm()
	}
	return m.form
}

func (m *linkScreen) Busy() bool {
	return m.phase == linkLoading || (m.phase == linkFlow && m.flow.busy()) || (m.phase == linkCombo && m.combo.busy())
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
		if prev := m.prevPlanOffer(m.planOffer); prev >= 0 {
			m.planOffer = prev
			m.plansForm()
			return true, c.initForm(m.form)
		}
		m.methodForm()
		return true, c.initForm(m.form)
	case linkCombo:
		if ok, cmd := m.combo.back(); ok {
			return true, cmd
		}
		m.methodForm()
		return true, c.initForm(m.form)
	case linkContracts:
		// Back to the search, with its words (the ticks are kept).
		m.keepTicked()
		m.searchFormWith(m.lastQuery)
		return true, c.initForm(m.form)
	case linkService:
		// Back to the contracts ticked.
		if len(m.found) > 0 {
			m.more = "go"
			m.contractsForm()
		} else {
			m.searchFormWith(m.lastQuery)
		}
		return true, c.initForm(m.form)
	case linkSearch:
		m.methodForm()
		return true, c.initForm(m.form)
	case linkRecords:
		return true, m.backToMethod()
	case linkDouble:
		return true, m.doubleBack()
	}
	return false, nil
}

func (m *linkScreen) Help() i18n.Text {
	return i18n.T("Plano de venda: o produto entra no plano e todo contrato do plano o recebe. Contrato: o produto entra na aba Produtos de cada contrato. Serviço adicional: o produto entra na aba Serviços adicionais de cada contrato, com valor e repetição. Não misture métodos: o mesmo produto duas vezes no contrato é cobrado em dobro.",
		"Sales plan: the product goes on the plan and every contract on it gets it. Contract: the product goes on each contract's Produtos tab. Additional service: the product goes on each contract's Serviços adicionais tab, with a value and a repetition. Do not mix methods: the same product twice on a contract is billed twice.")
}

// nextPlanOffer is the next offer after i whose product's plans are still
// to be chosen (-1: none): one product for both offers is asked once.
func (m *linkScreen) nextPlanOffer(i int) int {
	asked := map[string]bool{}
	for j := 0; j <= i && j < len(m.s.Profile.Products); j++ {
		asked[m.s.productRef(m.s.Profile.Products[j])] = true
	}
	for j := i + 1; j < len(m.s.Profile.Products); j++ {
		if ref := m.s.productRef(m.s.Profile.Products[j]); !asked[ref] {
			return j
		}
	}
	return -1
}

// prevPlanOffer is the offer before i whose plans were asked (-1: none).
func (m *linkScreen) prevPlanOffer(i int) int {
	ref := m.s.productRef(m.s.Profile.Products[i])
	for j := i - 1; j >= 0; j-- {
		r := m.s.productRef(m.s.Profile.Products[j])
		if r == ref {
			continue
		}
		// The first offer of that product is the one its list was shown for.
		for k := 0; k < j; k++ {
			if m.s.productRef(m.s.Profile.Products[k]) == r {
				j = k
				break
			}
		}
		return j
	}
	return -1
}

// lastPlanOffer is the last offer whose plans are asked (a product shared
// by both offers is asked at its first).
func (m *linkScreen) lastPlanOffer() int {
	last := 0
	for i := 0; i >= 0; i = m.nextPlanOffer(i) {
		last = i
	}
	return last
}
