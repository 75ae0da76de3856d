package ui

import (
	"context"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// productScreen: per offer, find an existing product (checked against the
// tutorial's recommendations, with an offer to correct it) or create one
// with choices that come live from IXC.
type productScreen struct {
	s     *Session
	offer int // index in Session.Offers
	phase prodPhase
	form  *huh.Form
	flow  *changeFlow
	gen   int
	err   error

	// live data
	opts     *steps.ProductCatalog
	found    []steps.ProductInfo
	query    string
	pick     string
	chosen   *steps.ProductInfo
	action   string
	creating bool

	// create form answers
	spec steps.ProductSpec
	// fix answers: the values only the technician can give
	fixPrice, fixTrib, fixClass string
	fixExtra                    map[string]string
	// reviewID: after a correction, show that product's review again
	reviewID string
	// notice: why the last choice could not be done (shown on the review)
	notice string
}

type prodPhase int

const (
	prodLoading prodPhase = iota
	prodPick
	prodSearch
	prodReview
	prodCreate
	prodFixInputs
	prodFlow
	// prodLoadFailed: the products could not be read (retry, checklist)
	prodLoadFailed
	// prodCreateBlocked: "Criar um produto novo" with a catalogue table
	// refused: which tables, the permission to grant, the ways on
	prodCreateBlocked
)

type productsLoadedMsg struct {
	gen   int
	opts  *steps.ProductCatalog
	found []steps.ProductInfo
	err   error
}

func newProductScreen(s *Session) *productScreen { return &productScreen{s: s} }

func (m *productScreen) offerName() string {
	if m.s.Offers[m.offer] == "paramount" {
		return "Paramount+"
	}
	return "LevEduca"
}

func (m *productScreen) Enter() tea.Cmd {
	m.offer = 0
	return m.startOffer()
}

func (m *productScreen) startOffer() tea.Cmd {
	m.query = m.offerName()
	if m.s.Offers[m.offer] == "paramount" {
		m.query = "Paramount"
	}
	m.pick = ""
	if pr, ok := m.s.Profile.Product(m.s.Offers[m.offer]); ok && pr.ID != "" {
		m.pick = pr.ID
	}
	return m.load()
}

func (m *productScreen) load() tea.Cmd {
	m.phase = prodLoading
	m.err = nil
	m.gen++
	gen, s, opts, query, pick := m.gen, m.s, m.opts, m.query, m.pick
	return s.live(func(ctx context.Context) tea.Msg {
		opts, found, err := steps.ProductChoices(ctx, s.Reader(), query, pick, opts)
		return productsLoadedMsg{gen: gen, opts: opts, found: found, err: err}
	})
}

func (m *productScreen) pickForm() {
	c := m.s.Common
	m.phase = prodPick
	var opts []huh.Option[string]
	for _, p := range m.found {
		status := c.T("✓ conforme o tutorial", "✓ as the tutorial says")
		if n := len(p.Advice); n > 0 {
			status = "⚠ " + c.N(n, "ajuste", "ajustes", "fix", "fixes")
		}
		if !p.Active() {
			status += c.T(" · inativo", " · inactive")
		}
		opts = append(opts, huh.NewOption(fmt.Sprintf("#%s %s — %s", p.ID, safe(p.Name), status), p.ID))
	}
	create := c.T("➕ Criar um produto novo", "➕ Create a new product")
	if !m.opts.CanCreate() {
		create = c.T("➕ Criar um produto novo (indisponível: falta permissão)", "➕ Create a new product (unavailable: a permission is missing)")
	}
	opts = append(opts,
		huh.NewOption(create, "new"),
		huh.NewOption(c.T("🔍 Buscar por outro nome", "🔍 Search another name"), "search"))
	if m.pick == "" && len(m.found) == 0 {
		m.pick = "new"
	}
	desc := c.Tf("%s com \"%s\".", "%s with \"%s\".", c.N(len(m.found), "produto encontrado", "produtos encontrados", "product found", "products found"), m.query)
	if refused := m.opts.RefusedTables(); len(refused) > 0 {
		desc += " " + c.Tf("O token não pode ler %s: dá para usar um produto existente, não criar um novo.",
			"The token cannot read %s: an existing product can be used, a new one cannot be created.", tableList(c, refused))
	}
	m.form = c.newForm(huh.NewGroup(huh.NewSelect[string]().
		Title(c.Tf("Produto da oferta %s", "Product of the %s offer", m.offerName())).
		Description(c.desc(desc)).Options(opts...).Value(&m.pick)))
}

func (m *productScreen) reviewForm() {
	c := m.s.Common
	m.phase = prodReview
	m.action = "" // each review starts on its first choice
	if len(m.chosen.Advice) == 0 {
		m.form = c.choiceForm(c.T("O produto está conforme o tutorial.", "The product follows the tutorial."), "", &m.action,
			choice{"accept", c.T("Usar este produto", "Use this product")},
			choice{"other", c.T("Escolher outro", "Choose another")})
		return
	}
	m.form = c.choiceForm(c.T("Corrigir o produto?", "Correct the product?"), "", &m.action,
		choice{"fix", c.T("Corrigir: mostra as alterações antes de gravar", "Correct it: shows the changes before writing")},
		choice{"accept", c.T("Usar assim mesmo (os problemas ficam na auditoria)", "Use it as is (the problems stay in the audit)")},
		choice{"other", c.T("Escolher outro", "Choose another")})
}

func (m *productScreen) accept(id string) (tea.Cmd, nav) {
	name := m.spec.Name
	if m.chosen != nil && m.chosen.ID == id {
		name = m.chosen.Name
	}
	if m.s.productNames == nil {
		m.s.productNames = map[string]string{}
	}
	m.s.productNames[m.s.Offers[m.offer]] = name // named in the hand-off
	pr, _ := m.s.Profile.Product(m.s.Offers[m.offer])
	if pr.ID != "" && pr.ID != id {
		// The profile's link plans were chosen for the product before.
		if m.s.productChanged == nil {
			m.s.productChanged = map[string]bool{}
		}
		m.s.productChanged[m.s.Offers[m.offer]] = true
	}
	pr.Offer, pr.ID = m.s.Offers[m.offer], id
	setProduct(m.s.Profile, pr)
	delete(m.s.draftProducts, pr.Offer)
	save := m.s.saveProfile()
	if m.offer+1 < len(m.s.Offers) {
		m.offer++
		return tea.Batch(save, m.startOffer()), stay
	}
	return save, nav{kind: navNext}
}

// acceptDraft goes on with the product a dry run simulated creating (the
// insert in plan) as the offer's product: the profile keeps no id for it.
func (m *productScreen) acceptDraft(plan steps.Plan) (tea.Cmd, nav) {
	offer := m.s.Offers[m.offer]
	var ref string
	for _, ch := range plan.Changes {
		if ch.Table == "produtos" && ch.Kind == steps.ChangeInsert {
			ref = m.s.addDraft(ch)
			break
		}
	}
	cmd, nv := m.accept("")
	if ref != "" {
		if m.s.draftProducts == nil {
			m.s.draftProducts = map[string]string{}
		}
		m.s.draftProducts[offer] = ref
	}
	return cmd, nv
}

func setProduct(p *profile.Profile, pr profile.Product) {
	for i := range p.Products {
		if p.Products[i].Offer == pr.Offer {
			p.Products[i] = pr
			return
		}
	}
	p.Products = append(p.Products, pr)
}

func (m *productScreen) Update(msg tea.Msg) (tea.Cmd, nav) {
	c := m.s.Common
	switch msg := msg.(type) {
	case productsLoadedMsg:
		if msg.gen != m.gen {
			return nil, stay
		}
		if msg.err != nil {
			m.err = msg.err
			m.phase = prodLoadFailed
			m.action = ""
			m.form = c.choiceForm(c.T("Não foi possível consultar o IXC.", "Could not query IXC."), "", &m.action, refusalChoices(c, msg.err)...)
			return c.initForm(m.form), stay
		}
		m.opts, m.found = msg.opts, msg.found
		m.s.catalog = msg.opts // the link confirmations name units with it
		if id := m.reviewID; id != "" {
			m.reviewID = ""
			if p := m.foundByID(id); p != nil {
				m.chosen = p
				m.reviewForm()
				return c.initForm(m.form), stay
			}
		}
		m.pickForm()
		return c.initForm(m.form), stay
	case planMsg:
		if m.phase == prodLoading && msg.gen == m.gen {
			if msg.err != nil {
				m.err = msg.err
				m.createForm()
				return c.initForm(m.form), stay
			}
			if msg.plan.Empty() && msg.id != "" {
				return m.accept(msg.id)
			}
			s, spec := m.s, m.spec
			m.flow = m.productFlow(msg.plan)
			flow := m.flow
			flow.recheck = func() tea.Cmd {
				gen := flow.gen
				return s.live(func(ctx context.Context) tea.Msg {
					plan, existing, err := steps.PlanProduct(ctx, s.Reader(), spec)
					return planMsg{gen: gen, plan: plan, id: existing, err: err}
				})
			}
			m.phase, m.creating = prodFlow, true
			return c.initForm(m.flow.form), stay
		}
	}
	if m.phase == prodFlow {
		cmd := m.flow.update(msg)
		if !m.flow.finished() {
			return cmd, stay
		}
		if !m.flow.ok() {
			if m.creating {
				m.createForm()
			} else {
				m.reviewForm()
			}
			m.err = m.flow.err
			return tea.Batch(cmd, c.initForm(m.form)), stay
		}
		if m.creating {
			if id := m.flow.firstID(); id != "" || !c.DryRun {
				return m.accept(id)
			}
			// Simulated: the product is a draft, so that the link step
			// still shows the rows it would write for it.
			return m.acceptDraft(m.flow.plan)
		}
		if c.DryRun {
			// Simulated: go on as if the correction were made (reading
			// the product again would show the same problems).
			return m.accept(m.chosen.ID)
		}
		// Corrected: read it again and show its review.
		m.pick, m.reviewID = m.chosen.ID, m.chosen.ID
		return m.load(), stay
	}
	if m.form == nil || m.phase == prodLoading {
		return nil, stay
	}
	cmd := updateForm(m.form, msg)
	if !formDone(m.form) {
		return cmd, stay
	}
	switch m.phase {
	case prodLoadFailed, prodCreateBlocked:
		action := m.action
		m.action = ""
		switch action {
		case "checklist":
			return cmd, toChecklist(m.s)
		case "list":
			m.pickForm()
			return c.initForm(m.form), stay
		}
		return m.load(), stay
	case prodPick:
		m.notice = ""
		switch m.pick {
		case "", "retry":
			return m.load(), stay
		case "new":
			if !m.opts.CanCreate() {
				m.createBlocked()
				return c.initForm(m.form), stay
			}
			m.createForm()
			return c.initForm(m.form), stay
		case "search":
			m.phase = prodSearch
			m.form = c.newForm(huh.NewGroup(huh.NewInput().Title(c.T("Parte do nome do produto", "Part of the product name")).Value(&m.query)))
			return c.initForm(m.form), stay
		}
		m.chosen = m.foundByID(m.pick)
		if m.chosen == nil {
			return m.load(), stay
		}
		m.reviewForm()
		return c.initForm(m.form), stay
	case prodSearch:
		m.pick = ""
		return m.load(), stay
	case prodCreate:
		return m.createFlow(), stay
	case prodFixInputs:
		if m.fixPrice != "" {
			m.fixExtra["preco_base"], _ = profile.ParsePrice(m.fixPrice)
		}
		m.fixExtra["icms_issqn"], m.fixExtra["id_class_fiscal"] = m.fixTrib, m.fixClass
		return m.fixFlow(), stay
	case prodReview:
		m.notice = ""
		switch m.action {
		case "accept":
			return m.accept(m.chosen.ID)
		case "fix":
			if m.fixInputsForm() {
				return c.initForm(m.form), stay
			}
			return m.fixFlow(), stay
		}
		m.pickForm()
		return c.initForm(m.form), stay
	}
	return cmd, stay
}

func (m *productScreen) View() string {
	c := m.s.Common
	st := c.Styles
	var b strings.Builder
	title := c.Tf("Produto: %s", "Product: %s", m.offerName())
	if len(m.s.Offers) > 1 {
		title += st.Subtle.Render(c.Tf(" (oferta %d de %d)", " (offer %d of %d)", m.offer+1, len(m.s.Offers)))
	}
	b.WriteString(st.Title.Render(title) + "\n\n")
	if m.err != nil {
		b.WriteString(c.wrap(st.Err.Render("✗ "+c.Msg(m.err))) + "\n\n")
	}
	switch m.phase {
	case prodLoading:
		b.WriteString("{spin} " + c.T("Consultando produtos, subgrupos, unidades e classificações fiscais no IXC…", "Reading products, subgroups, units and tax classes from IXC…") + "\n")
	case prodReview:
		b.WriteString(m.productView(m.chosen) + "\n")
		b.WriteString(m.refusedView())
		for _, f := range m.chosen.Advice {
			b.WriteString(c.findingLine(f) + "\n")
		}
		b.WriteString(m.sharedView(m.chosen.ID))
		if m.notice != "" {
			b.WriteString(c.wrap(st.Warn.Render("! "+m.notice)) + "\n")
		}
		b.WriteString("\n" + c.formView(m.form))
	case prodCreateBlocked:
		b.WriteString(m.createBlockedView())
		b.WriteString("\n" + c.formView(m.form))
	case prodFlow:
		b.WriteString(m.flow.view())
	default:
		b.WriteString(c.formView(m.form))
	}
	return b.String()
}

func (m *productScreen) productView(p *steps.ProductInfo) string {
	c := m.s.Common
	v := func(field, value string) string { return safe(productValue(c, m.opts, field, value)) }
	return fmt.Sprintf("#%s %s\n  %s %s · %s %s · %s %s · %s %s\n  %s %s · %s %s\n  %s %s · %s %s",
		p.ID, c.Styles.Code.Render(safe(p.Name)),
		c.T("ativo:", "active:"), v("ativo", p.Ativo), c.T("tipo:", "type:"), v("tipo", p.Tipo),
		c.T("controla estoque:", "stock control:"), v("controla_estoque", p.ControlaEstoque),
		c.T("movimentação:", "movement:"), v("movimentacao", p.Movimentacao),
		c.T("unidade padrão:", "default unit:"), v("unidade", p.Unit), c.T("preço base:", "base price:"), v("preco_base", p.Price),
		c.T("tributação:", "tax:"), v("icms_issqn", p.Tributacao),
		c.T("classificação fiscal:", "tax class:"), v("id_class_fiscal", p.FiscalClass))
}

// foundByID is the found product with id, or nil.
func (m *productScreen) foundByID(id string) *steps.ProductInfo {
	for i := range m.found {
		if m.found[i].ID == id {
			return &m.found[i]
		}
	}
	return nil
}

func (m *productScreen) Form() *huh.Form {
	switch m.phase {
	case prodLoading:
		return nil
	case prodFlow:
		if m.flow.busy() || m.flow.finished() {
			return nil
		}
		return m.flow.form
	}
	return m.form
}

func (m *productScreen) Busy() bool {
	return m.phase == prodLoading || (m.phase == prodFlow && m.flow.busy())
}

func (m *productScreen) Back() (bool, tea.Cmd) {
	c := m.s.Common
	switch m.phase {
	case prodFlow:
		if ok, cmd := m.flow.back(); ok {
			return true, cmd
		}
		m.reviewForm()
		return true, c.initForm(m.form)
	case prodFixInputs:
		m.reviewForm()
		return true, c.initForm(m.form)
	case prodReview, prodCreate, prodSearch, prodCreateBlocked:
		m.pickForm()
		return true, c.initForm(m.form)
	}
	if m.offer > 0 {
		m.offer--
		return true, m.startOffer()
	}
	return false, nil
}

func (m *productScreen) Help() i18n.Text {
	return i18n.T("O tutorial pede um produto por oferta: tipo Serviço, sem controle de estoque, movimentação Venda, unidade padrão SER (id 13 numa instalação padrão), preço base, e na aba Planejamento a Tributação e a Classificação fiscal de saída definidas pela contabilidade do provedor.",
		"The tutorial asks for one product per offer: type Serviço, no stock control, movement Venda, default unit SER (id 13 in a default install), base price, and on the Planejamento tab the Tributação and Classificação fiscal de saída the ISP's accountant sets.")
}

// catalogueUse is what the product screen reads a catalogue table for.
func catalogueUse(c *Common, table string) string {
	switch table {
	case steps.SubgroupTable:
		return c.T("os subgrupos de produtos", "the product subgroups")
	case steps.UnitTable:
		return c.T("as unidades (qual é a SER)", "the units (which one is SER)")
	case steps.FiscalClassTable:
		return c.T("as classificações fiscais de saída", "the outgoing tax classes")
	}
	return table
}

// createBlocked is the answer to "Criar um produto novo" when a catalogue
// table its form chooses from was refused: the ways on (the checklist,
// tested again after granting; or the list of existing products).
func (m *productScreen) createBlocked() {
	c := m.s.Common
	m.phase = prodCreateBlocked
	m.action = ""
	m.form = c.choiceForm(c.T("E agora?", "What next?"), "", &m.action,
		checklistChoice(c),
		choice{"list", c.T("Voltar à lista de produtos (usar ou buscar um existente)", "Back to the product list (use or search an existing one)")})
}

// createBlockedView says why a product cannot be created here: each
// refused table, what it is for and IXC's refusal, and the permission to
// grant.
func (m *productScreen) createBlockedView() string {
	c := m.s.Common
	st := c.Styles
	refused := m.opts.RefusedTables()
	var b strings.Builder
	b.WriteString(c.wrap(st.Err.Render(c.Tf("✗ Criar um produto novo precisa ler %s, e o IXC recusou a leitura a este token.",
		"✗ Creating a new product needs to read %s, which IXC refuses this token.", tableList(c, refused)))) + "\n")
	b.WriteString(c.wrap(st.Warn.Render(c.T("Como liberar: ", "How to grant it: "))+grantHint(c, refused)) + "\n")
	b.WriteString(c.wrap(st.Subtle.Render(c.T("Enquanto isso: use um produto que já existe, ou crie-o no IXC e busque-o aqui pelo nome.",
		"Meanwhile: use a product that exists, or create it in IXC and search it here by name."))) + "\n\n")
	for _, r := range m.opts.Refused {
		b.WriteString(fmt.Sprintf("  %s %s — %s\n", st.Err.Render("✗"), r.Table, catalogueUse(c, r.Table)))
		b.WriteString(c.wrap("    "+st.Subtle.Render(c.Msg(r.Err))) + "\n")
	}
	return b.String()
}

// refusedView notes, under a product's fields, those shown by number
// because their table was refused (and so cannot be chosen here).
func (m *productScreen) refusedView() string {
	c := m.s.Common
	var b strings.Builder
	if m.opts.Refusal(steps.UnitTable) != nil {
		b.WriteString(c.wrap(c.Styles.Subtle.Render(c.Tf("Unidade padrão pelo número e não conferida (qual é a SER?): o token não pode ler %s.",
			"Default unit shown by number and not checked (which one is SER?): the token cannot read %s.", steps.UnitTable))) + "\n")
	}
	if m.opts.Refusal(steps.FiscalClassTable) != nil {
		b.WriteString(c.wrap(c.Styles.Subtle.Render(c.Tf("Classificação fiscal pelo número (não dá para escolhê-la aqui): o token não pode ler %s.",
			"Tax class shown by number (it cannot be chosen here): the token cannot read %s.", steps.FiscalClassTable))) + "\n")
	}
	return b.String()
}
