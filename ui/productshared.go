package ui

import (
	"slices"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// sharedFindings is the product step's PRODUCT_SHARED (steps.SharedProduct)
// if product id were taken for the offer on screen: the warning comes when
// the product is picked, not only in the audit at the end.
func (m *productScreen) sharedFindings(id string) []steps.Finding {
	p := *m.s.Profile
	p.Products = slices.Clone(p.Products)
	pr, _ := p.Product(m.s.Offers[m.offer])
	pr.Offer, pr.ID = m.s.Offers[m.offer], id
	setProduct(&p, pr)
	return steps.SharedProduct(&p)
}

// sharedView warns that the product under review is the other offer's,
// with the finding's record and how to fix it.
func (m *productScreen) sharedView(id string) string {
	c := m.s.Common
	var b strings.Builder
	for _, f := range m.sharedFindings(id) {
		b.WriteString(c.wrap(c.findingLine(f)) + "\n")
		b.WriteString(c.wrap(c.Styles.Subtle.Render(c.T("Registros: ", "Records: ")) + c.recordList(f.Records, 10, i18n.Text{})))
		b.WriteString(c.wrap(c.Styles.Subtle.Render(c.T("Como corrigir: ", "How to fix: "))+c.In(f.Hint)) + "\n")
	}
	return b.String()
}
