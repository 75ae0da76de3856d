package ui

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// comboFlow is the optional first part of linking by sales plan (the
// tutorial: "the plan may first be duplicated to make a combo"): copy a
// plan under a new name, copy the base plan's items onto the copy, then
// read the plans again so that the combo can be ticked. Each write goes
// through the shared write flow (changeFlow), so it can also be done by
// hand in IXC and re-checked.
type comboFlow struct {
	s     *Session
	phase comboPhase
	form  *huh.Form
	flow  *changeFlow
	gen   int
	err   error

	plans []steps.PlanInfo // the plans to copy from; read again at the end
	// answer: "yes" to duplicate; base is copied as name; id is the copy.
	answer, base, name, id string
	details                *huh.Form // the base plan and the new name
}

type comboPhase int

const (
	comboAsk           comboPhase = iota // duplicate first?
	comboDetails                         // which plan, which name
	comboPlanning                        // planning the copy of the plan (live)
	comboCreating                        // writing the copy: changeFlow
	comboItemsPlanning                   // planning the copy of the items (live)
	comboCopying                         // writing the items: changeFlow
	comboReloading                       // reading the plans again (live)
	comboDone                            // over: skipped, or id is the combo
	comboAborted                         // given up or failed (err): back to the method
)

// comboPlannedMsg carries a planned write of the combo (the copy of the
// plan, or of its items).
type comboPlannedMsg struct {
	gen  int
	plan steps.Plan
	err  error
}

// plansReloadedMsg carries the plans read again after the combo.
type plansReloadedMsg struct {
	gen   int
	plans []steps.PlanInfo
	err   error
}

func newComboFlow(s *Session) *comboFlow { return &comboFlow{s: s} }

// start asks whether to duplicate a plan, over plans; the answers of a
// previous visit are kept.
func (f *comboFlow) start(plans []steps.PlanInfo) tea.Cmd {
	c := f.s.Common
	f.phase, f.plans, f.err, f.flow, f.id = comboAsk, plans, nil, nil, ""
	f.gen++
	if f.answer == "" {
		f.answer = "no"
	}
	var opts []huh.Option[string]
	for _, p := range plans {
		if steps.IsDraftRef(p.ID) {
			continue // a simulated combo cannot be copied
		}
		opts = append(opts, huh.NewOption(fmt.Sprintf("#%s %s", p.ID, safe(p.Name)), p.ID))
	}
	if f.base == "" && len(plans) > 0 {
		f.base = plans[0].ID
	}
	f.form = c.newForm(
		huh.NewGroup(huh.NewSelect[string]().Title(c.T("Duplicar um plano como combo antes?", "Duplicate a plan as a combo first?")).
			Description(c.T("Opcional: cria uma cópia do plano (com o item de internet) para vender com o produto.", "Optional: creates a copy of the plan (with its internet item) to sell with the product.")).
			Options(huh.NewOption(c.T("Não, usar os planos existentes", "No, use the existing plans"), "no"),
				huh.NewOption(c.T("Sim, duplicar um plano", "Yes, duplicate a plan"), "yes")).
			Value(&f.answer)))
	f.details = c.newForm(
		huh.NewGroup(
			huh.NewSelect[string]().Title(c.T("Plano a duplicar", "Plan to duplicate")).Options(opts...).Value(&f.base).
				Height(min(len(opts)+2, max(c.Height-14, 4))),
			huh.NewInput().Title(c.T("Nome do novo plano", "Name of the new plan")).Value(&f.name).
				Placeholder(c.T("vazio: nome do plano + LEVEDUCA", "empty: the plan's name + LEVEDUCA")).
				Validate(func(v string) error {
					if strings.TrimSpace(v) == "" {
						f.name = safe(f.baseName()) + " + LEVEDUCA"
					}
					return nil
				})))
	return c.initForm(f.form)
}

func (f *comboFlow) baseName() string {
	for _, p := range f.plans {
		if p.ID == f.base {
			return p.Name
		}
	}
	return ""
}

// over reports whether the flow has ended (comboDone or comboAborted).
func (f *comboFlow) over() bool { return f.phase == comboDone || f.phase == comboAborted }

func (f *comboFlow) busy() bool {
	switch f.phase {
	case comboPlanning, comboItemsPlanning, comboReloading:
		return true
	case comboCreating, comboCopying:
		return f.flow.busy()
	}
	return false
}

// activeForm is the form waiting for input, if any.
func (f *comboFlow) activeForm() *huh.Form {
	switch f.phase {
	case comboAsk, comboDetails:
		return f.form
	case comboCreating, comboCopying:
		if f.flow.busy() || f.flow.finished() {
			return nil
		}
		return f.flow.form
	}
	return nil
}

func (f *comboFlow) abort(err error) tea.Cmd {
	f.phase, f.err = comboAborted, err
	return nil
}

func (f *comboFlow) update(msg tea.Msg) tea.Cmd {
	c := f.s.Common
	switch msg := msg.(type) {
	case comboPlannedMsg:
		if msg.gen != f.gen {
			return nil
		}
		if msg.err != nil {
			return f.abort(msg.err)
		}
		switch f.phase {
		case comboPlanning:
			return f.createFlow(msg.plan)
		case comboItemsPlanning:
			if msg.plan.Empty() {
				return f.reload()
			}
			return f.copyFlow(msg.plan)
		}
		return nil
	case plansReloadedMsg:
		if msg.gen != f.gen || f.phase != comboReloading {
			return nil
		}
		f.err = msg.err
		if msg.err == nil {
			f.plans = msg.plans
		}
		f.phase = comboDone
		return nil
	}
	switch f.phase {
	case comboCreating, comboCopying:
		cmd := f.flow.update(msg)
		if !f.flow.finished() {
			return cmd
		}
		if !f.flow.ok() {
			return tea.Batch(cmd, f.abort(f.flow.err))
		}
		if f.phase == comboCreating {
			f.id = f.flow.firstID()
			if f.id == "" && c.DryRun && len(f.flow.plan.Changes) > 0 {
				// Simulated: the plan is a draft, so that its items and the
				// product's row on it are still shown.
				f.id = f.s.addDraft(f.flow.plan.Changes[0])
			}
			return tea.Batch(cmd, f.planItems())
		}
		return tea.Batch(cmd, f.reload())
	case comboAsk, comboDetails:
		cmd := updateForm(f.form, msg)
		if !formDone(f.form) {
			return cmd
		}
		if f.phase == comboDetails {
			return f.planCopy()
		}
		if f.answer != "yes" {
			f.phase = comboDone
			return nil
		}
		f.phase, f.form = comboDetails, f.details
		return c.initForm(f.form)
	}
	return nil
}

// back handles Esc: false when the link screen should take it (the first
// question: back to the method).
func (f *comboFlow) back() (bool, tea.Cmd) {
	switch f.phase {
	case comboDetails:
		return true, f.start(f.plans)
	case comboCreating, comboCopying:
		if ok, cmd := f.flow.back(); ok {
			return true, cmd
		}
	}
	return false, nil
}

// planCopy plans the copy of the base plan.
func (f *comboFlow) planCopy() tea.Cmd {
	f.phase = comboPlanning
	f.gen++
	gen, s, base, name := f.gen, f.s, f.base, strings.TrimSpace(f.name)
	return s.live(func(ctx context.Context) tea.Msg {
		pl, err := steps.PlanDuplicatePlan(ctx, s.Reader(), base, name)
		return comboPlannedMsg{gen: gen, plan: pl, err: err}
	})
}

// createFlow writes the copy of the plan; done by hand, the re-check looks
// the new plan up by its name.
func (f *comboFlow) createFlow(plan steps.Plan) tea.Cmd {
	s, name, base := f.s, strings.TrimSpace(f.name), f.base
	f.flow = newChangeFlow(s, plan, i18n.Tf("Cadastros > Contratos > Planos de Venda > (plano #%s) > Duplicar; dê ao novo plano o nome \"%s\".",
		"Cadastros > Contratos > Planos de Venda > (plan #%s) > Duplicar; name the new plan \"%s\".", base, name), nil)
	flow := f.flow
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
	f.phase = comboCreating
	return f.s.Common.initForm(f.flow.form)
}

// planItems plans the copy of the base plan's items onto the new plan.
func (f *comboFlow) planItems() tea.Cmd {
	f.phase = comboItemsPlanning
	f.gen++
	gen, s, base, id, drafts := f.gen, f.s, f.base, f.id, slices.Clone(f.s.drafts)
	return s.live(func(ctx context.Context) tea.Msg {
		if id == "" {
			return comboPlannedMsg{gen: gen, err: i18n.Errorf("o novo plano não foi encontrado no IXC", "the new plan was not found in IXC")}
		}
		pl, err := steps.PlanCopyPlanProducts(ctx, s.Reader(), base, id, drafts...)
		return comboPlannedMsg{gen: gen, plan: pl, err: err}
	})
}

// copyFlow writes the items of the base plan onto the combo.
func (f *comboFlow) copyFlow(plan steps.Plan) tea.Cmd {
	s, base, id, drafts := f.s, f.base, f.id, slices.Clone(f.s.drafts)
	target := "#" + id
	if steps.IsDraftRef(id) {
		target = strings.TrimSpace(f.name)
	}
	f.flow = newChangeFlow(s, plan, i18n.Tf("Cadastros > Contratos > Planos de Venda > (plano %s) > Editar > aba Planos: copie os itens do plano #%s.",
		"Cadastros > Contratos > Planos de Venda > (plan %s) > Editar > tab Planos: copy the items of plan #%s.", target, base), nil)
	f.flow.describe = newFieldBook(s, f.plans).withPlan(id, strings.TrimSpace(f.name)).describe
	flow := f.flow
	flow.recheck = func() tea.Cmd {
		gen := flow.gen
		return s.live(func(ctx context.Context) tea.Msg {
			pl, err := steps.PlanCopyPlanProducts(ctx, s.Reader(), base, id, drafts...)
			return planMsg{gen: gen, plan: pl, err: err}
		})
	}
	f.phase = comboCopying
	return f.s.Common.initForm(f.flow.form)
}

// reload reads the plans again (the combo is new).
func (f *comboFlow) reload() tea.Cmd {
	f.phase = comboReloading
	f.gen++
	gen, s, ids, id := f.gen, f.s, f.s.productIDs(), f.id
	name := s.draftName(id)
	return s.live(func(ctx context.Context) tea.Msg {
		plans, err := steps.Plans(ctx, s.Reader(), ids)
		if err == nil && steps.IsDraftRef(id) {
			// The simulated combo joins the list, to be ticked.
			plans = append(plans, steps.PlanInfo{ID: id, Name: name, Ativo: "S"})
		}
		return plansReloadedMsg{gen: gen, plans: plans, err: err}
	})
}

func (f *comboFlow) view() string {
	c := f.s.Common
	switch f.phase {
	case comboPlanning, comboItemsPlanning, comboReloading:
		return "{spin} " + c.T("Consultando o IXC…", "Querying IXC…") + "\n"
	case comboCreating, comboCopying:
		return f.flow.view()
	}
	return c.formView(f.form)
}
