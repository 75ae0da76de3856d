package steps

import (
	"context"
	"slices"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
)

// Purpose is why the wizard reads a table.
type Purpose string

// The purposes of the connection checklist, in the order it shows them.
const (
	PurposeAudit    Purpose = "audit"    // the audit, and every later screen
	PurposeProduct  Purpose = "product"  // creating the product
	PurposePPPoE    Purpose = "pppoe"    // only for PPPoE login
	PurposeEmployee Purpose = "employee" // only for the employee's CPF
)

// ChecklistGroup is a set of tables the wizard reads for one purpose.
type ChecklistGroup struct {
	Purpose Purpose
	Title   i18n.Text // "Para auditar", "Para criar o produto", …
	Tables  []string  // each table appears in the first group that reads it
}

// Checklist is every table the wizard reads, grouped by what needs it. The
// audit's group is the audit's required tables (design.md §6 TABLE_DENIED);
// the product screen also reads the subgroups and fiscal classifications
// (steps.Subgroups, steps.FiscalClasses, steps.Units); the link screens read
// only audit tables; the auth step reads radusuarios (PPPoE) or
// funcionarios (employee CPF).
var Checklist = []ChecklistGroup{
	{PurposeAudit, i18n.T("Para auditar (e para todas as telas seguintes)", "To audit (and for every later screen)"), BaseTables},
	{PurposeProduct, i18n.T("Para criar o produto", "To create the product"), []string{"sub_grupo_produdos", "cnf_classificacao_tributaria"}},
	{PurposePPPoE, i18n.T("Só para login PPPoE", "Only for PPPoE login"), []string{"radusuarios"}},
	{PurposeEmployee, i18n.T("Só para CPF do colaborador", "Only for the employee's CPF"), []string{"funcionarios"}},
}

// WriteNeeds is what "Fazer por mim" needs beyond reading: IXC shows a
// missing insert or edit permission only when the write is tried, so the
// checklist can only say it.
var WriteNeeds = struct {
	Tables []string
	Text   i18n.Text
}{
	Tables: []string{"produtos", "vd_contratos", "vd_contratos_produtos", "cliente_contrato_servicos"},
	Text: i18n.T("\"Fazer por mim\" também precisa de permissão para incluir e editar em produtos, vd_contratos, vd_contratos_produtos e cliente_contrato_servicos; o IXC só mostra essa falta na hora de gravar.",
		"\"Do it for me\" also needs permission to insert and edit in produtos, vd_contratos, vd_contratos_produtos and cliente_contrato_servicos; IXC shows that lack only when writing."),
}

// WizardTables is every table of the Checklist, in its order.
func WizardTables() []string {
	var out []string
	for _, g := range Checklist {
		for _, t := range g.Tables {
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out
}

// CheckWizard is the wizard's connection test: CheckConnection over every
// table the wizard reads (WizardTables), so that a missing permission shows
// on the checklist before any screen fails. TABLE_DENIED still names only
// the audit's required tables (design.md §6); the others are in Tables.
func CheckWizard(ctx context.Context, r *ixc.Reader) *ConnectionResult {
	res := checkConnection(ctx, r, WizardTables(), nil)
	if res.Fatal {
		return res
	}
	var findings []Finding
	for _, f := range res.Step.Findings {
		if f.Code == CodeTableDenied {
			var keep []RecordRef
			for _, ref := range f.Records {
				if slices.Contains(BaseTables, ref.Table) {
					keep = append(keep, ref)
				}
			}
			if len(keep) == 0 {
				continue
			}
			f = newFinding(CodeTableDenied, keep)
		}
		findings = append(findings, f)
	}
	res.Step = newResult(StepToken, findings)
	return res
}

// ChecklistItem is one table of a checked group.
type ChecklistItem struct {
	Table string
	OK    bool
	// Why is IXC's refusal in words (ErrorText), empty when OK.
	Why i18n.Text
}

// CheckedGroup is a ChecklistGroup with the outcome of each table.
type CheckedGroup struct {
	ChecklistGroup
	Items []ChecklistItem
}

// Checked groups the probes of c by purpose, in Checklist order, for the
// wizard to render. Tables c did not probe are left out; a group with none
// is left out.
func (c *ConnectionResult) Checked() []CheckedGroup {
	byTable := map[string]TableAccess{}
	for _, t := range c.Tables {
		byTable[t.Table] = t
	}
	var out []CheckedGroup
	seen := map[string]bool{}
	for _, g := range Checklist {
		cg := CheckedGroup{ChecklistGroup: g}
		for _, t := range g.Tables {
			a, ok := byTable[t]
			if !ok || seen[t] {
				continue
			}
			seen[t] = true
			item := ChecklistItem{Table: t, OK: a.OK}
			if !a.OK {
				item.Why = ErrorText(a.Err)
			}
			cg.Items = append(cg.Items, item)
		}
		if len(cg.Items) > 0 {
			out = append(out, cg)
		}
	}
	return out
}
