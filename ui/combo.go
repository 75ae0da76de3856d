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

	// items: how many items of base the copy gets in the second step (-1:
	// unknown), said on the plan copy's confirmation.
	items int
	// existed: the plan named name was already in IXC (a combo made
	// before): it is used, no other is created; its missing items are
	// copied (itemsPlan, planned with the check).
	existed   bool
	itemsPlan steps.Plan
	// choice answers comboExists and comboOrphan; orphan is the plan left
	// without its items ("" when none).
	choice, orphan string
	ask            *huh.Form
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
	comboExists                          // the plan of that name exists: it is used
	comboOrphan                          // the plan is in IXC without its items: copy them now?
	comboDone                            // over: skipped, or id is the combo
	comboAborted                         // given up or failed (err): back to the method
)

// comboPlannedMsg carries a planned write of the combo (the copy of the
// plan, or of its items).
type comboPlannedMsg struct {
	gen  int
	plan steps.Plan
	err  error
	// For the copy of the plan: items is how many items of the base plan
	// the second step copies; existing is the plan of that name already
	// in IXC (then plan is the copy of its missing items).
	items    int
	existing string
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
	f.existed, f.orphan, f.items = false, "", -1
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
	case comboExists, comboOrphan:
		return f.ask
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
			if f.phase == comboItemsPlanning && f.written() {
				// The plan is in IXC: its items must not be forgotten.
				return f.orphanForm(msg.err)
			}
			return f.abort(msg.err)
		}
		switch f.phase {
		case comboPlanning:
			if msg.existing != "" {
				return f.existsForm(msg.existing, msg.plan)
			}
			f.items = msg.items
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
		if msg.err != nil {
			f.err = msg.err
		} else {
			f.plans = msg.plans
			f.markOrphan()
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
			if f.phase == comboCopying && f.written() {
				// Back (or a failure) at the items: the plan is in IXC
				// without them, which must be said.
				return tea.Batch(cmd, f.orphanForm(f.flow.err))
			}
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
	case comboExists, comboOrphan:
		cmd := updateForm(f.ask, msg)
		if !formDone(f.ask) {
			return cmd
		}
		switch {
		case f.phase == comboExists && f.choice == "back":
			return f.toDetails()
		case f.phase == comboExists && f.itemsPlan.Empty():
			return f.reload()
		case f.phase == comboExists:
			return f.copyFlow(f.itemsPlan)
		case f.choice == "leave":
			return f.leaveOrphan()
		}
		return f.planItems() // copy the items now
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
	case comboExists:
		return true, f.toDetails()
	case comboOrphan:
		return true, f.planItems() // back to the items' confirmation
	case comboItemsPlanning:
		if f.written() {
			f.gen++ // the plan in flight is dropped
			return true, f.orphanForm(nil)
		}
	case comboCreating, comboCopying:
		if ok, cmd := f.flow.back(); ok {
			return true, cmd
		}
		if f.phase == comboCopying && f.written() {
			f.flow.stopped = true
			return true, f.orphanForm(f.flow.err)
		}
	}
	return false, nil
}

// toDetails goes back to the base plan and the name (fresh forms, the
// answers kept).
func (f *comboFlow) toDetails() tea.Cmd {
	f.start(f.plans)
	f.phase, f.form = comboDetails, f.details
	return f.s.Common.initForm(f.form)
}

// written reports whether the combo plan is in IXC (made now or found by
// its name): from then on, leaving without its items must be said.
func (f *comboFlow) written() bool { return f.id != "" && !steps.IsDraftRef(f.id) }

// existsForm says that the plan named name is already in IXC (a combo
// made before, say): it is used, and only its missing items are copied.
func (f *comboFlow) existsForm(id string, items steps.Plan) tea.Cmd {
	c := f.s.Common
	name := strings.TrimSpace(f.name)
	if id == f.base {
		return f.abort(i18n.Errorf("\"%s\" é o nome do próprio plano #%s: dê outro nome ao novo plano",
			"\"%s\" is the name of plan #%s itself: give the new plan another name", safe(name), id))
	}
	f.id, f.existed, f.itemsPlan, f.choice = id, true, items, ""
	desc := c.Tf("Todos os itens do plano #%s já estão nele.", "All the items of plan #%s are already on it.", f.base)
	if n := len(items.Changes); n > 0 {
		desc = c.Tf("Falta copiar para ele %s do plano #%s: a confirmação vem a seguir.", "%s of plan #%s still to be copied onto it: the confirmation comes next.",
			c.N(n, "item", "itens", "item", "items"), f.base)
	}
	f.ask = c.choiceForm(c.Tf("O plano #%s \"%s\" já existe: será usado, sem criar outro.", "Plan #%s \"%s\" already exists: it will be used, no other is created.", id, safe(name)), desc, &f.choice,
		choice{"use", c.Tf("Usar o plano #%s", "Use plan #%s", id)},
		choice{"back", c.T("Voltar: dar outro nome", "Back: give another name")})
	f.phase = comboExists
	return c.initForm(f.ask)
}

// finishHint is where, in IXC, the plan left without its items is
// finished or deleted.
func (f *comboFlow) finishHint() i18n.Text {
	return i18n.Tf("Para terminar no IXC: Cadastros > Contratos > Planos de Venda > plano #%s > Editar > aba Planos: copie os itens do plano #%s; ou exclua-o: Cadastros > Contratos > Planos de Venda > plano #%s > Excluir.",
		"To finish it in IXC: Cadastros > Contratos > Planos de Venda > plan #%s > Editar > tab Planos: copy the items of plan #%s; or delete it: Cadastros > Contratos > Planos de Venda > plan #%s > Excluir.",
		f.id, f.base, f.id)
}

// orphanText says that the combo plan is in IXC without its items.
func (f *comboFlow) orphanText() i18n.Text {
	name := safe(strings.TrimSpace(f.name))
	if f.existed {
		return i18n.Tf("O plano #%s \"%s\" está no IXC sem os itens do plano #%s (o item de internet): sem eles, não vende nada.",
			"Plan #%s \"%s\" is in IXC without the items of plan #%s (the internet item): without them it sells nothing.", f.id, name, f.base)
	}
	return i18n.Tf("O plano #%s \"%s\" foi criado no IXC sem os itens do plano #%s (o item de internet): sem eles, não vende nada.",
		"Plan #%s \"%s\" was created in IXC without the items of plan #%s (the internet item): without them it sells nothing.", f.id, name, f.base)
}

// orphanForm asks, when the items were not copied onto the plan in IXC,
// whether to copy them now (the default) or leave the plan as it is.
func (f *comboFlow) orphanForm(err error) tea.Cmd {
	c := f.s.Common
	f.err, f.choice = err, ""
	f.ask = c.choiceForm(c.In(f.orphanText()), c.In(f.finishHint()), &f.choice,
		choice{"copy", c.Tf("Copiar os itens do plano #%s agora", "Copy the items of plan #%s now", f.base)},
		choice{"leave", c.T("Deixar assim: termino ou excluo o plano no IXC", "Leave it: I will finish or delete the plan in IXC")})
	f.phase = comboOrphan
	return c.initForm(f.ask)
}

// leaveOrphan leaves the plan without its items: the plan list that
// follows shows it (not ticked), with a note.
func (f *comboFlow) leaveOrphan() tea.Cmd {
	hint, t := f.finishHint(), f.orphanText()
	f.orphan, f.id = f.id, "" // shown, not ticked
	f.err = &i18n.Error{Msg: i18n.T(t.PT+" "+hint.PT, t.EN+" "+hint.EN)}
	return f.reload()
}

// markOrphan notes, in the plan list, the plan left without its items.
func (f *comboFlow) markOrphan() {
	if f.orphan == "" {
		return
	}
	for i := range f.plans {
		if f.plans[i].ID == f.orphan {
			f.plans[i].Name += f.s.Common.T(" (sem itens)", " (no items)")
		}
	}
}

// planCopy plans the copy of the base plan.
func (f *comboFlow) planCopy() tea.Cmd {
	f.phase = comboPlanning
	f.gen++
	gen, s, base, name := f.gen, f.s, f.base, strings.TrimSpace(f.name)
	return s.live(func(ctx context.Context) tea.Msg {
		r := s.Reader()
		pl, err := steps.PlanDuplicatePlan(ctx, r, base, name)
		if err != nil {
			return comboPlannedMsg{gen: gen, err: err}
		}
		// A plan of that name (a combo made before): it is used, and only
		// its missing items are copied.
		id, err := steps.FindPlanByName(ctx, r, name)
		if err != nil {
			return comboPlannedMsg{gen: gen, err: err}
		}
		if id != "" {
			items, err := steps.PlanCopyPlanProducts(ctx, r, base, id)
			return comboPlannedMsg{gen: gen, existing: id, plan: items, err: err}
		}
		// The items the second step copies, counted on a stand-in of the
		// copy (one read of the base plan's rows).
		n := -1
		if d, ok := steps.DraftOf(pl.Changes[0], steps.DraftRef(1)); ok {
			items, err := steps.PlanCopyPlanProducts(ctx, r, base, d.Ref, d)
			if err != nil {
				return comboPlannedMsg{gen: gen, err: err}
			}
			n = len(items.Changes)
		}
		return comboPlannedMsg{gen: gen, plan: pl, items: n}
	})
}

// followUp is the plan copy's second step, said on its confirmation.
func (f *comboFlow) followUp() string {
	c := f.s.Common
	switch {
	case f.items < 0:
		return ""
	case f.items == 0:
		return c.Tf("Depois: nada a copiar (o plano #%s não tem itens).", "Next: nothing to copy (plan #%s has no items).", f.base)
	}
	what := c.T("o item", "the item")
	if f.items > 1 {
		what = c.T("os ", "the ") + c.N(f.items, "item", "itens", "item", "items")
	}
	return c.Tf("Depois: copiar %s do plano #%s para o novo plano (confirmação à parte).", "Next: copy %s of plan #%s onto the new plan (confirmed separately).",
		what, f.base)
}

// createFlow writes the copy of the plan; done by hand, the re-check looks
// the new plan up by its name.
func (f *comboFlow) createFlow(plan steps.Plan) tea.Cmd {
	s, name, base := f.s, strings.TrimSpace(f.name), f.base
	f.flow = newChangeFlow(s, plan, i18n.Tf("Cadastros > Contratos > Planos de Venda > (plano #%s) > Duplicar; dê ao novo plano o nome \"%s\".",
		"Cadastros > Contratos > Planos de Venda > (plan #%s) > Duplicar; name the new plan \"%s\".", base, name), nil)
	baseName := safe(strings.TrimSpace(f.baseName()))
	f.flow.hintFor = func(steps.Plan) i18n.Text {
		// IXC's "Duplicar" copies the plan: only what differs is typed.
		return i18n.Tf("Cadastros > Contratos > Planos de Venda > plano #%s (%s) > Duplicar:\n"+
			"    • %s: %s\n    • %s: Sim\n"+
			"  Os outros campos vêm do plano #%s como estão; os itens que faltarem são copiados no passo seguinte.",
			"Cadastros > Contratos > Planos de Venda > plan #%s (%s) > Duplicar:\n"+
				"    • %s: %s\n    • %s: Sim\n"+
				"  The other fields come from plan #%s as they are; the items still missing are copied in the next step.",
			base, baseName, fieldTitle("vd_contratos", "nome"), safe(name), fieldTitle("vd_contratos", "Ativo"), base)
	}
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
	f.flow.hintFor = itemsManualHint(s, append(slices.Clone(f.plans), steps.PlanInfo{ID: id, Name: strings.TrimSpace(f.name)}), base)
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

// itemFields are the fields of a plan item typed by hand; the others are
// copied as the base plan's item has them.
var itemFields = []string{"tipo", "id_plano", "id_produto", "descricao", "qtde", "valor_unit", "id_unidade", "id_vd_contrato", "id_contrato"}

// itemsManualHint is the "Vou fazer no IXC" path of the items' copy: the
// plan's tab Planos, item by item, with only the fields that matter.
func itemsManualHint(s *Session, plans []steps.PlanInfo, base string) func(steps.Plan) i18n.Text {
	rows := linkManualHint(s, plans)
	return func(plan steps.Plan) i18n.Text {
		var short steps.Plan
		for _, ch := range plan.Changes {
			f := map[string]string{}
			for _, k := range itemFields {
				if v, ok := ch.Fields[k]; ok {
					f[k] = v
				}
			}
			ch.Fields = f
			short.Changes = append(short.Changes, ch)
		}
		t := rows(short)
		return i18n.T(t.PT+"\n  Os outros campos: como no item do plano #"+base+".",
			t.EN+"\n  The other fields: as on the item of plan #"+base+".")
	}
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
	case comboCreating:
		v := f.flow.view()
		if note := f.followUp(); note != "" && f.flow.phase == flowConfirm {
			// After the changes, before the question.
			note = c.wrap(c.Styles.Warn.Render(note)) + "\n"
			if i := strings.Index(v, formOpen); i >= 0 {
				return v[:i] + note + "\n" + v[i:]
			}
			return v + note
		}
		return v
	case comboCopying:
		return f.flow.view()
	case comboExists, comboOrphan:
		var b strings.Builder
		if f.err != nil {
			b.WriteString(c.wrap(c.Styles.Err.Render("✗ "+c.Msg(f.err))) + "\n\n")
		}
		return b.String() + c.formView(f.ask)
	}
	return c.formView(f.form)
}
