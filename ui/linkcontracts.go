package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/profile"
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
		label := truncate(fmt.Sprintf("#%s %s · %s · %s", safe(ct.ID), safe(ct.CustomerName), safe(ct.Doc), status), c.contentWidth()-10)
		opts = append(opts, huh.NewOption(label, ct.ID).Selected(slices.Contains(sel, ct.ID)))
	}
	m.form = c.newForm(huh.NewGroup(
		huh.NewMultiSelect[string]().Title(c.N(len(m.found), "contrato encontrado", "contratos encontrados", "contract found", "contracts found")).
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
	slices.SortFunc(ids, func(a, b string) int {
		if len(a) != len(b) {
			return len(a) - len(b)
		}
		return strings.Compare(a, b)
	})
	return slices.Compact(ids)
}
