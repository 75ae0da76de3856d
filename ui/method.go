package ui

import (
	"slices"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// methodScreen: which offers are sold, and the integration method agreed
// with LevEduca (a product, recommended, or none).
type methodScreen struct {
	s      *Session
	form   *huh.Form
	offers string
	method profile.IntegrationMethod
}

func newMethodScreen(s *Session) *methodScreen { return &methodScreen{s: s} }

func (m *methodScreen) Enter() tea.Cmd {
	c := m.s.Common
	has := func(o string) bool { return slices.Contains(m.s.Offers, o) }
	switch {
	case has("leveduca") && has("paramount"):
		m.offers = "both"
	case has("paramount"):
		m.offers = "paramount"
	default:
		m.offers = "leveduca"
	}
	m.method = m.s.Profile.Integration.Method
	if m.method == "" {
		m.method = profile.IntegrationProduct
	}
	m.form = c.newForm(huh.NewGroup(
		huh.NewSelect[string]().Title(c.T("O que o provedor vende?", "What does the ISP sell?")).
			Options(
				huh.NewOption(c.T("LevEduca (cursos)", "LevEduca (courses)"), "leveduca"),
				huh.NewOption("Paramount+", "paramount"),
				huh.NewOption(c.T("Os dois (um produto para cada oferta)", "Both (one product per offer)"), "both")).
			Value(&m.offers),
		huh.NewSelect[profile.IntegrationMethod]().Title(c.T("Método combinado com a LevEduca", "Method agreed with LevEduca")).
			Description(c.T("Confirme com a LevEduca antes de criar o produto. O produto é o recomendado: dá controle e nota fiscal correta.",
				"Confirm with LevEduca before creating the product. A product is recommended: control and correct invoices.")).
			Options(
				huh.NewOption(c.T("Com produto (recomendado)", "With a product (recommended)"), profile.IntegrationProduct),
				huh.NewOption(c.T("Sem produto (combinado com a LevEduca)", "Without a product (agreed with LevEduca)"), profile.IntegrationNone)).
			Value(&m.method)))
	return c.initForm(m.form)
}

func (m *methodScreen) Update(msg tea.Msg) (tea.Cmd, nav) {
	cmd := updateForm(m.form, msg)
	if !formDone(m.form) {
		return cmd, stay
	}
	switch m.offers {
	case "both":
		m.s.Offers = []string{"leveduca", "paramount"}
	default:
		m.s.Offers = []string{m.offers}
	}
	p := m.s.Profile
	p.Integration.Method = m.method
	var keep []profile.Product
	for _, o := range m.s.Offers {
		pr, ok := p.Product(o)
		if !ok {
			pr = profile.Product{Offer: o}
		}
		keep = append(keep, pr)
	}
	if m.method == profile.IntegrationNone {
		keep = nil
	}
	p.Products = keep
	return tea.Batch(cmd, m.s.saveProfile()), nav{kind: navNext}
}

func (m *methodScreen) View() string {
	c := m.s.Common
	return c.Styles.Title.Render(c.T("Ofertas e método de integração", "Offers and integration method")) + "\n\n" + c.formView(m.form)
}

func (m *methodScreen) Form() *huh.Form       { return m.form }
func (m *methodScreen) Busy() bool            { return false }
func (m *methodScreen) Back() (bool, tea.Cmd) { return false, nil }
func (m *methodScreen) Help() i18n.Text {
	return i18n.T("A LevEduca oferece vários métodos de integração; confirme com ela qual foi combinado. Com produto, cada oferta vendida (LevEduca, Paramount+) precisa de um produto próprio no IXC.",
		"LevEduca offers several integration methods; confirm with them which was agreed. With a product, each offer sold (LevEduca, Paramount+) needs its own product in IXC.")
}
