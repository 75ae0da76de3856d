package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/recid"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// The link screen's contract path (link by contract or by additional
// service): find contracts by name, document, number or a file of ids,
// tick them, and for an additional service give its value and repetition.

func (m *linkScreen) searchForm() { m.searchFormWith("") }

// searchFormWith asks for a search starting from q (the last one, after
// Esc on its results or when it found nothing, to edit it).
func (m *linkScreen) searchFormWith(q string) {
	c := m.s.Common
	m.untickDoubles()
	m.phase = linkSearch
	m.query = q
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

// maxIDFile bounds the file of contract ids the search reads.
const maxIDFile = 4 << 20

// readIDFile reads the file of ids at path, if path names a regular file.
func readIDFile(path string) (string, bool, error) {
	st, err := os.Stat(path)
	if err != nil || !st.Mode().IsRegular() {
		return "", false, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", true, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxIDFile+1))
	if err != nil {
		return "", true, err
	}
	if len(data) > maxIDFile {
		return "", true, i18n.Errorf("o arquivo de ids %s passa de 4 MiB: deixe nele só os ids dos contratos, um por linha",
			"the file of ids %s is over 4 MiB: keep only the contract ids in it, one per line", safe(path))
	}
	return string(data), true, nil
}

func (m *linkScreen) search() tea.Cmd {
	m.phase = linkLoading
	m.st.unticked = nil // said of the ticks before this search
	m.gen++
	gen, s, q := m.gen, m.s, strings.TrimSpace(m.query)
	m.lastQuery = q
	return s.live(func(ctx context.Context) tea.Msg {
		if text, isFile, err := readIDFile(q); isFile {
			if err != nil {
				return contractsFoundMsg{gen: gen, err: err, fromFile: true}
			}
			found, ignored, err := steps.ContractsFromList(ctx, s.Reader(), text)
			return contractsFoundMsg{gen: gen, found: found, ignored: ignored, fromFile: true, err: err}
		}
		res, err := steps.SearchContracts(ctx, s.Reader(), q)
		return contractsFoundMsg{gen: gen, found: res.Found, capped: res.Capped, err: err}
	})
}

// contractStatus names a contract's status.
func (c *Common) contractStatus(st string) string {
	return map[string]string{"A": c.T("ativo", "active"), "I": c.T("inativo", "inactive"), "P": c.T("pré-contrato", "pre-contract"),
		"N": c.T("negativado", "blacklisted"), "D": c.T("desistiu", "gave up")}[st]
}

// holds says how a contract already gets a configured product: by its
// plan, a contract row (aba Produtos) or an active additional service, in
// that order. Every configured product is written on every ticked
// contract, so holding any of them by another method than the one being
// written bills that one twice.
func (m *linkScreen) holds(ct steps.ContractInfo) []profile.LinkMethod {
	var how []profile.LinkMethod
	for _, p := range m.plans {
		if p.ID == ct.PlanID && len(p.Carries) > 0 {
			how = append(how, profile.LinkPlan)
			break
		}
	}
	if slices.Contains(m.existing.Contracts, ct.ID) {
		how = append(how, profile.LinkContract)
	}
	if slices.Contains(m.existing.Services, ct.ID) {
		how = append(how, profile.LinkAdditionalService)
	}
	return how
}

// otherHolds is how a contract already gets the product by another method
// than the one being written (writing it would bill it twice).
func (m *linkScreen) otherHolds(ct steps.ContractInfo) []profile.LinkMethod {
	return slices.DeleteFunc(m.holds(ct), func(h profile.LinkMethod) bool { return h == m.method })
}

// contractLabel is a contract's line in the list: id, customer and plan
// first (they say which contract it is), its status when not active,
// whether it already has the product (a write by another method bills it
// twice: "! em dobro", explained once above the list), and its document.
// On a narrow screen the mark gets shorter, then the document goes, then
// the plan and the name are cut between words: the mark is never cut.
func (m *linkScreen) contractLabel(ct steps.ContractInfo) string {
	c := m.s.Common
	who, plan := "#"+safe(ct.ID)+" "+safe(ct.CustomerName), ""
	if !isZeroID(ct.PlanID) {
		name := "#" + safe(ct.PlanID)
		for _, p := range m.plans {
			if p.ID == ct.PlanID {
				name = safe(p.Name)
			}
		}
		plan = " · " + c.T("plano ", "plan ") + name
	}
	head := who + plan
	var tail []string
	if ct.Status != "A" {
		tail = append(tail, c.contractStatus(ct.Status))
	}
	// The mark, from its full form to its shortest.
	var marks []string
	if other := m.otherHolds(ct); len(other) > 0 {
		marks = []string{
			c.Tf("! já tem o produto %s — %s", "! already has the product %s — %s", c.In(steps.HeldBy(other)), c.In(steps.WouldDouble(m.method))),
			c.Tf("! em dobro: já tem o produto %s", "! twice: already has the product %s", c.In(steps.HeldBy(other))),
			c.T("! em dobro", "! twice"),
		}
	} else if how := m.holds(ct); len(how) > 0 {
		marks = []string{
			c.Tf("já tem o produto %s: nada a gravar", "already has the product %s: nothing to write", c.In(steps.HeldBy(how))),
			c.T("já tem o produto: nada a gravar", "already has the product: nothing to write"),
			c.T("já tem: nada a gravar", "has it: nothing to write"),
		}
	} else {
		marks = []string{""}
	}
	doc := safe(ct.Doc)
	line := func(mark string, withDoc bool) string {
		parts := append([]string{}, tail...)
		if mark != "" {
			parts = append(parts, mark)
		}
		if withDoc && doc != "" {
			parts = append(parts, doc)
		}
		if len(parts) == 0 {
			return ""
		}
		return " · " + strings.Join(parts, " · ")
	}
	if c.Accessible {
		return head + line(marks[0], true) // wrapped by the driver, never cut
	}
	room := c.contentWidth() - 10
	for _, withDoc := range []bool{true, false} {
		for _, mark := range marks {
			if l := head + line(mark, withDoc); lipgloss.Width(l) <= room {
				return l
			}
		}
	}
	// Still too wide: the name and the plan share what is left, each cut
	// between words (the plan keeps at least half when it needs it).
	rest := line(marks[len(marks)-1], false)
	w := room - lipgloss.Width(rest)
	if w < 24 {
		return truncate(head+rest, room)
	}
	pw := min(lipgloss.Width(plan), max(w-lipgloss.Width(who), w/2))
	return truncate(who, w-pw) + truncate(plan, pw) + rest
}

// tickFromFile ticks the contracts a file of ids listed, except those that
// already have the product by another method (they would be billed twice:
// the technician ticks them knowingly, or not at all).
func (m *linkScreen) tickFromFile(found []steps.ContractInfo) {
	for _, ct := range found {
		m.see(ct)
		if len(m.otherHolds(ct)) > 0 {
			m.st.unticked = append(m.st.unticked, ct.ID)
			continue
		}
		m.selected = append(m.selected, ct.ID)
	}
	m.selected, m.st.unticked = sortIDs(m.selected), sortIDs(m.st.unticked)
}

// see keeps what a search said about a contract (its plan).
func (m *linkScreen) see(ct steps.ContractInfo) {
	if m.st.seen == nil {
		m.st.seen = map[string]steps.ContractInfo{}
	}
	m.st.seen[ct.ID] = ct
}

// untickDoubles, when the method changed since the ticks were last
// checked, unticks the contracts known to have the product by another
// method (kept ticks from the other contract method, the profile's list):
// they must not come ticked into a write that bills them twice.
func (m *linkScreen) untickDoubles() {
	if m.st.tickMethod == m.method {
		return
	}
	m.st.tickMethod, m.st.unticked = m.method, nil
	m.selected = slices.DeleteFunc(m.selected, func(id string) bool {
		ct, ok := m.st.seen[id]
		if !ok {
			ct = steps.ContractInfo{ID: id} // its plan is unknown: the plan of writes checks it
		}
		if len(m.otherHolds(ct)) > 0 {
			m.st.unticked = append(m.st.unticked, id)
			return true
		}
		return false
	})
	m.st.unticked = sortIDs(m.st.unticked)
}

func isZeroID(id string) bool { return strings.Trim(id, "0 ") == "" }

func (m *linkScreen) contractsForm() {
	c := m.s.Common
	m.phase = linkContracts
	var opts []huh.Option[string]
	m.pageSel = nil
	for _, ct := range m.found {
		m.see(ct)
		ticked := slices.Contains(m.selected, ct.ID)
		if ticked {
			m.pageSel = append(m.pageSel, ct.ID)
		}
		opts = append(opts, huh.NewOption(m.contractLabel(ct), ct.ID).Selected(ticked))
	}
	title := c.N(len(m.found), "contrato encontrado", "contratos encontrados", "contract found", "contracts found")
	if m.capped {
		title = c.Tf("Os primeiros %d contratos encontrados (há mais)", "The first %d contracts found (there are more)", len(m.found))
	}
	list := huh.NewMultiSelect[string]().Title(title).Options(opts...).Accessor(liveTicks{m})
	// The notes that matter for ticking are pinned with the list, always
	// on screen (the text above it has a line or two at 80×24): the ids
	// of the file left out, then the double billing the "!" marks.
	var notes []string
	if n := m.ignoredNote(descIgnoredLimit); n != "" {
		notes = append(notes, n)
	}
	if n := m.doublesNote(); n != "" {
		notes = append(notes, n)
	}
	extra := 0
	if len(notes) > 0 {
		d := c.desc(strings.Join(notes, "\n"))
		list.Description(d)
		extra = strings.Count(d, "\n") + 1
	}
	h := min(len(opts)+2, 12)
	if c.Height > 0 && !c.Accessible {
		h = min(h, max(c.Height-14-extra, 4)) // "E depois?" stays in reach
	}
	list.Height(h + extra)
	m.form = c.newForm(huh.NewGroup(
		list,
		huh.NewSelect[string]().Title(c.T("E depois?", "Then?")).
			Options(huh.NewOption(c.T("Continuar com os marcados", "Continue with the ticked ones"), "go"),
				huh.NewOption(c.T("Buscar mais contratos", "Find more contracts"), "more")).
			Value(&m.more)))
}

// doublesNote says, above the list, which listed contracts already have
// the product by another method (a write by this method bills them
// twice), and that they do not come ticked.
func (m *linkScreen) doublesNote() string {
	c := m.s.Common
	var risky []string
	by := map[profile.LinkMethod]bool{}
	for _, ct := range m.found {
		if other := m.otherHolds(ct); len(other) > 0 {
			risky = append(risky, ct.ID)
			for _, h := range other {
				by[h] = true
			}
		}
	}
	if len(risky) == 0 {
		return ""
	}
	var methods []profile.LinkMethod
	for _, h := range []profile.LinkMethod{profile.LinkPlan, profile.LinkContract, profile.LinkAdditionalService} {
		if by[h] {
			methods = append(methods, h)
		}
	}
	if len(risky) == 1 {
		return c.Tf("! 1 contrato já tem o produto %s: %s. Não vem marcado; marque só se for isso mesmo.",
			"! 1 contract already has the product %s: %s. It does not come ticked; tick it only if that is really meant.",
			c.In(steps.HeldByEither(methods)), c.In(steps.WouldDouble(m.method)))
	}
	return c.Tf("! %s contratos já têm o produto %s: %s. Não vêm marcados; marque só se for isso mesmo.",
		"! %s contracts already have the product %s: %s. They do not come ticked; tick them only if that is really meant.",
		i18n.Count(c.Lang, len(risky)), c.In(steps.HeldByEither(methods)), c.In(steps.WouldDouble(m.method)))
}

// liveTicks is the list's value: each tick or untick is folded at once
// into every contract ticked so far (keepTicked), so that the count above
// the list ("2 contratos marcados até agora") is the ticks as they are.
type liveTicks struct{ m *linkScreen }

func (a liveTicks) Get() []string { return a.m.pageSel }

func (a liveTicks) Set(v []string) {
	a.m.pageSel = v
	a.m.keepTicked()
}

// keepTicked folds the list's ticks into every contract ticked so far:
// the ones listed now are as ticked, the others stay as they were.
func (m *linkScreen) keepTicked() {
	var out []string
	for _, id := range m.selected {
		if !slices.ContainsFunc(m.found, func(ct steps.ContractInfo) bool { return ct.ID == id }) {
			out = append(out, id)
		}
	}
	m.selected = sortIDs(append(out, m.pageSel...))
}

// descIgnoredLimit is how many ignored ids the list's description names
// (more are listed in full in the text above it).
const descIgnoredLimit = 3

// ignoredNote says which entries of a file of ids were left out and why,
// naming at most limit of them.
func (m *linkScreen) ignoredNote(limit int) string {
	c := m.s.Common
	if len(m.ignored) == 0 {
		return ""
	}
	var parts []string
	for i, ig := range m.ignored {
		if i == limit {
			parts = append(parts, c.Tf("… e mais %d", "… and %d more", len(m.ignored)-limit))
			break
		}
		parts = append(parts, fmt.Sprintf("%s (%s)", safe(ig.Value), c.In(ig.Why)))
	}
	return c.Tf("! %s do arquivo: %s.", "! %s: %s.",
		c.N(len(m.ignored), "item ignorado", "itens ignorados", "entry of the file was ignored", "entries of the file were ignored"),
		strings.Join(parts, ", "))
}

// searchNotes are the lines about the last search: capped, the ids of a
// file that were left out and why (on the list itself while it is shown,
// here only when there are more than it names), the ticks undone, and how
// many of a file's contracts came ticked.
func (m *linkScreen) searchNotes() string {
	c := m.s.Common
	st := c.Styles
	var b strings.Builder
	if m.capped {
		b.WriteString(c.wrap(st.Warn.Render(c.Tf("! A busca para em %d contratos: há mais. Para achar outros, busque pelo nome completo, CPF/CNPJ ou número, ou use um arquivo de ids.",
			"! The search stops at %d contracts: there are more. To find others, search by full name, CPF/CNPJ or number, or use a file of ids.", steps.MaxFoundContracts))) + "\n")
	}
	if m.phase != linkContracts || len(m.ignored) > descIgnoredLimit {
		if n := m.ignoredNote(10); n != "" {
			b.WriteString(c.wrap(st.Warn.Render(n)) + "\n")
		}
	}
	if n := len(m.st.unticked); n > 0 && m.phase == linkSearch { // the list says it itself
		b.WriteString(c.wrap(st.Warn.Render(c.Tf("! %s (%s): já %s o produto por outro método e %s. Marque de novo só se for isso mesmo.",
			"! %s (%s): already %s the product by another method and %s. Tick again only if that is really meant.",
			c.N(n, "contrato desmarcado", "contratos desmarcados", "contract unticked", "contracts unticked"), joinIDs(m.st.unticked),
			c.T(map[bool]string{true: "tem", false: "têm"}[n == 1], map[bool]string{true: "has", false: "have"}[n == 1]),
			c.In(steps.WouldDouble(m.method))))) + "\n")
	}
	if m.fromFile && len(m.found) > 0 && m.phase == linkContracts {
		b.WriteString(st.Subtle.Render(m.fileTicksNote()) + "\n")
	}
	return b.String()
}

// fileTicksNote says how many of a file's contracts came ticked.
func (m *linkScreen) fileTicksNote() string {
	c := m.s.Common
	n := len(m.found)
	ticked := max(n-len(m.st.unticked), 0)
	switch {
	case n == 1 && ticked == 1:
		return c.T("O contrato do arquivo já vem marcado.", "The file's contract comes ticked.")
	case n == 1:
		return c.T("O contrato do arquivo não vem marcado.", "The file's contract does not come ticked.")
	case ticked == n:
		return c.Tf("Os %s contratos do arquivo já vêm marcados.", "The file's %s contracts come ticked.", i18n.Count(c.Lang, n))
	case ticked == 0:
		return c.Tf("Nenhum dos %s contratos do arquivo vem marcado.", "None of the file's %s contracts comes ticked.", i18n.Count(c.Lang, n))
	case ticked == 1:
		return c.Tf("1 dos %s contratos do arquivo já vem marcado.", "1 of the file's %s contracts comes ticked.", i18n.Count(c.Lang, n))
	}
	return c.Tf("%s dos %s contratos do arquivo já vêm marcados.", "%s of the file's %s contracts come ticked.",
		i18n.Count(c.Lang, ticked), i18n.Count(c.Lang, n))
}

// servicePricesMsg carries the products' preco_base, the service value's
// default.
type servicePricesMsg struct {
	gen    int
	prices map[string]string
	err    error
}

func (msg servicePricesMsg) applyTo(m *linkScreen) (tea.Cmd, nav) {
	if m.phase != linkLoading || msg.gen != m.gen {
		return nil, stay
	}
	// Without the prices the field starts empty and says so: a failed
	// read is no reason to stop here.
	m.st.prices, m.st.priced = msg.prices, msg.err == nil
	m.serviceForm()
	return m.s.Common.initForm(m.form), stay
}

// toServiceForm reads the products' preco_base (once) and then asks for
// the service's value and repetition.
func (m *linkScreen) toServiceForm() tea.Cmd {
	if m.st.priced || m.value != "" || m.s.Profile.Link.ServiceValue != "" {
		m.serviceForm()
		return m.s.Common.initForm(m.form)
	}
	m.phase = linkLoading
	m.gen++
	gen, s, ids, drafts := m.gen, m.s, m.s.productRefs(), slices.Clone(m.s.drafts)
	return s.live(func(ctx context.Context) tea.Msg {
		prices, err := steps.ProductPrices(ctx, s.Reader(), ids, drafts...)
		return servicePricesMsg{gen: gen, prices: prices, err: err}
	})
}

// servicePrice is the service value's default: the products' preco_base
// when they have one, the same for all; "" and why not otherwise.
func (m *linkScreen) servicePrice() (string, string) {
	c := m.s.Common
	var prices []string
	unpriced := false
	for _, p := range m.st.prices {
		if p == "" {
			unpriced = true
		} else if !slices.Contains(prices, p) {
			prices = append(prices, p)
		}
	}
	switch {
	case len(prices) == 1 && unpriced:
		// One value goes for every product: the one with a price must not
		// pass its price on to the one without.
		return "", c.Tf("✗ Só um dos produtos tem preço base no IXC (R$ %s); o valor vale para os dois: digite o valor mensal do serviço.",
			"✗ Only one of the products has a base price in IXC (R$ %s); the value goes for both: type the service's monthly value.", priceInput(prices[0]))
	case len(prices) == 1:
		return priceInput(prices[0]), ""
	case len(prices) > 1:
		slices.Sort(prices)
		shown := make([]string, len(prices))
		for i, p := range prices {
			shown[i] = "R$ " + priceInput(p)
		}
		return "", c.Tf("✗ Os produtos têm preços base diferentes (%s): digite o valor mensal do serviço.",
			"✗ The products have different base prices (%s): type the service's monthly value.", strings.Join(shown, ", "))
	case !m.st.priced:
		return "", c.T("✗ Não foi possível ler o preço base do produto no IXC: digite o valor mensal do serviço.",
			"✗ The product's base price could not be read from IXC: type the service's monthly value.")
	}
	return "", c.T("✗ O produto não tem preço base no IXC: digite o valor mensal do serviço.",
		"✗ The product has no base price in IXC: type the service's monthly value.")
}

func (m *linkScreen) serviceForm() {
	c := m.s.Common
	m.phase = linkService
	if m.value == "" {
		m.value = priceInput(m.s.Profile.Link.ServiceValue)
	}
	desc := c.T("Em reais, com vírgula. Vale para cada contrato marcado.", "In reais, with a decimal comma. It applies to each ticked contract.")
	two := len(sortIDs(m.s.productRefs())) > 1
	if two {
		desc = c.T("Em reais, com vírgula. Vale para os dois produtos, em cada contrato marcado (o perfil guarda um só valor).",
			"In reais, with a decimal comma. It applies to both products, on each ticked contract (the profile keeps one value).")
	}
	if m.value == "" {
		var why string
		m.value, why = m.servicePrice()
		switch {
		case m.value != "" && two:
			desc = c.T("O preço base dos dois produtos no IXC (o mesmo); vale para os dois, em cada contrato marcado.",
				"Both products' base price in IXC (the same); it applies to both, on each ticked contract.")
		case m.value != "":
			desc = c.T("O preço base do produto no IXC; mude se o serviço tiver outro valor.", "The product's base price in IXC; change it if the service has another value.")
		default:
			desc = why
		}
	}
	m.repeat = "always"
	if r := m.s.Profile.Link.Repeat; r != "" && r != "always" {
		m.repeat, m.repeatQty = "times", r
	}
	m.form = c.newForm(huh.NewGroup(
		huh.NewInput().Title(c.T("Valor do serviço adicional (R$)", "Additional service value (R$)")).Description(c.desc(desc)).Value(&m.value).
			Validate(func(v string) error {
				if _, err := profile.ParsePrice(v); err != nil {
					return errors.New(c.Msg(err))
				}
				return nil
			}),
		huh.NewSelect[string]().Title(c.T("Repetição", "Repetition")).
			Options(huh.NewOption(c.T("Sempre (todo mês)", "Always (every month)"), "always"),
				huh.NewOption(c.T("Um número de vezes", "A number of times"), "times")).Value(&m.repeat)),
		// Asked only for "Um número de vezes".
		huh.NewGroup(huh.NewInput().Title(c.T("Quantas vezes", "How many times")).Value(&m.repeatQty).
			Validate(func(v string) error {
				if m.repeat != "times" {
					return nil
				}
				if _, err := profile.ParseID(v); err != nil {
					return errors.New(c.T("informe um número inteiro positivo", "enter a positive whole number"))
				}
				return nil
			})).WithHideFunc(func() bool { return m.repeat != "times" }))
}

// sortIDs sorts numeric ids numerically and drops repeats.
func sortIDs(ids []string) []string {
	slices.SortFunc(ids, recid.Compare)
	return slices.Compact(ids)
}
