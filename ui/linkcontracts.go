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

	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/recid"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// The link screen's contract path (link by contract or by additional
// service): find contracts by name, document, number or a file of ids,
// tick them, and for an additional service give its value and repetition.

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
		return "", true, fmt.Errorf("%s: %w", path, errIDFileTooBig)
	}
	return string(data), true, nil
}

var errIDFileTooBig = errors.New("file of ids over 4 MiB")

func (m *linkScreen) search() tea.Cmd {
	m.phase = linkLoading
	m.gen++
	gen, s, q := m.gen, m.s, strings.TrimSpace(m.query)
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

// hasProduct says how a contract already gets a configured product: by
// its plan, a contract row (aba Produtos) or an active additional service
// ("" when it does not).
func (m *linkScreen) hasProduct(ct steps.ContractInfo) string {
	c := m.s.Common
	var how []string
	for _, p := range m.plans {
		if p.ID == ct.PlanID && len(p.Carries) > 0 {
			how = append(how, c.T("plano", "plan"))
			break
		}
	}
	if slices.Contains(m.existing.Contracts, ct.ID) {
		how = append(how, c.T("aba Produtos", "Produtos tab"))
	}
	if slices.Contains(m.existing.Services, ct.ID) {
		how = append(how, c.T("serviço adicional", "additional service"))
	}
	return strings.Join(how, ", ")
}

// contractLabel is a contract's line in the list: id, whether it already
// has the product (first, so it is never cut), customer, plan, status when
// not active, and document (last: the first cut on a narrow screen).
func (m *linkScreen) contractLabel(ct steps.ContractInfo) string {
	c := m.s.Common
	label := "#" + safe(ct.ID) + " "
	if how := m.hasProduct(ct); how != "" {
		label += c.Tf("(já tem o produto: %s) ", "(already has the product: %s) ", how)
	}
	label += safe(ct.CustomerName)
	if !isZeroID(ct.PlanID) {
		plan := "#" + safe(ct.PlanID)
		for _, p := range m.plans {
			if p.ID == ct.PlanID {
				plan = safe(p.Name)
			}
		}
		label += " · " + c.T("plano ", "plan ") + plan
	}
	if ct.Status != "A" {
		label += " · " + c.contractStatus(ct.Status)
	}
	if ct.Doc != "" {
		label += " · " + safe(ct.Doc)
	}
	if c.Accessible {
		return label // wrapped by the driver, never cut
	}
	return truncate(label, c.contentWidth()-10)
}

func isZeroID(id string) bool { return strings.Trim(id, "0 ") == "" }

func (m *linkScreen) contractsForm() {
	c := m.s.Common
	m.phase = linkContracts
	var opts []huh.Option[string]
	m.pageSel = nil
	for _, ct := range m.found {
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
	m.form = c.newForm(huh.NewGroup(
		huh.NewMultiSelect[string]().Title(title).
			Options(opts...).Value(&m.pageSel).Height(min(len(opts)+2, 12)),
		huh.NewSelect[string]().Title(c.T("E depois?", "Then?")).
			Options(huh.NewOption(c.T("Continuar com os marcados", "Continue with the ticked ones"), "go"),
				huh.NewOption(c.T("Buscar mais contratos", "Find more contracts"), "more")).
			Value(&m.more)))
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

// searchNotes are the lines about the last search: capped, or the ids of a
// file that were left out and why.
func (m *linkScreen) searchNotes() string {
	c := m.s.Common
	st := c.Styles
	var b strings.Builder
	if m.capped {
		b.WriteString(c.wrap(st.Warn.Render(c.Tf("! A busca para em %d contratos: há mais. Para achar outros, busque pelo nome completo, CPF/CNPJ ou número, ou use um arquivo de ids.",
			"! The search stops at %d contracts: there are more. To find others, search by full name, CPF/CNPJ or number, or use a file of ids.", steps.MaxFoundContracts))) + "\n")
	}
	if len(m.ignored) > 0 {
		const limit = 10
		var parts []string
		for i, ig := range m.ignored {
			if i == limit {
				parts = append(parts, c.Tf("… e mais %d", "… and %d more", len(m.ignored)-limit))
				break
			}
			parts = append(parts, fmt.Sprintf("%s (%s)", safe(ig.Value), c.In(ig.Why)))
		}
		b.WriteString(c.wrap(st.Warn.Render(c.Tf("! %s do arquivo: %s.", "! %s of the file: %s.",
			c.N(len(m.ignored), "item ignorado", "itens ignorados", "entry ignored", "entries ignored"), strings.Join(parts, ", ")))) + "\n")
	}
	if m.fromFile && len(m.found) > 0 && m.phase == linkContracts {
		b.WriteString(st.Subtle.Render(c.Tf("Os %d contratos do arquivo já vêm marcados.", "The file's %d contracts come ticked.", len(m.found))) + "\n")
	}
	return b.String()
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
					return errors.New(c.Msg(err))
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

// sortIDs sorts numeric ids numerically and drops repeats.
func sortIDs(ids []string) []string {
	slices.SortFunc(ids, recid.Compare)
	return slices.Compact(ids)
}
