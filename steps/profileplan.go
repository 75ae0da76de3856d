package steps

import (
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// This file is `apply`: the wizard's writes, non-interactive, from a
// profile. A product the profile describes (no id; name, subgroup, price,
// tributacao, fiscal_class) is created unless one of the same name exists;
// then the product(s) are linked per link.method. A product created by the
// run has no id until it is written, so the link of that product cannot be
// planned before: ApplyProfile works in two phases (1: products, applied;
// 2: the links, planned with the new ids, applied), each confirmed
// separately when Confirm is set.

// ErrDeclined is returned by ApplyProfile when Confirm said no.
var ErrDeclined = errors.New("steps: the user declined the changes")

// productPlan is phase 1: the products to create and the ids known.
type productPlan struct {
	plan  Plan
	index []int    // plan.Changes[i] creates p.Products[index[i]]
	ids   []string // per product: its id, "" while it is to be created
	notes []i18n.Text
}

// planProducts plans the products of p that have no id.
func planProducts(ctx context.Context, r *ixc.Reader, p *profile.Profile) (productPlan, error) {
	pp := productPlan{ids: make([]string, len(p.Products))}
	if p.Integration.Method == profile.IntegrationNone {
		pp.notes = append(pp.notes, i18n.T(
			"integration.method = \"none\": combinado com a LevEduca sem produto; nada a criar nem vincular.",
			"integration.method = \"none\": agreed with LevEduca without a product; nothing to create or link."))
		return pp, nil
	}
	unit := ""
	for i, pr := range p.Products {
		if pr.ID != "" {
			pp.ids[i] = pr.ID
			continue
		}
		if unit == "" {
			u, err := serUnit(ctx, r)
			if err != nil {
				return pp, err
			}
			if u == "" {
				return pp, i18n.Errorf(
					"o IXC não tem a unidade SER (Serviço), que o produto novo usa: cadastre-a em Cadastros > Produtos > Unidades e rode o apply de novo",
					"IXC has no SER (Serviço) unit, which the new product uses: create it in Cadastros > Produtos > Unidades and run apply again")
			}
			unit = u
		}
		spec := ProductSpec{Offer: pr.Offer, Name: pr.Name, Subgroup: pr.Subgroup, Price: pr.Price,
			Tributacao: pr.Tributacao, FiscalClass: pr.FiscalClass, Unit: unit}
		plan, existing, err := PlanProduct(ctx, r, spec)
		if err != nil {
			return pp, prefixErr("product["+strconv.Itoa(i)+"]", "product["+strconv.Itoa(i)+"]", err)
		}
		if existing != "" && !IsID(existing) {
			return pp, errBadID(existing)
		}
		if existing != "" {
			pp.ids[i] = existing
			pp.notes = append(pp.notes, i18n.Tf(
				"O produto %q já existe no IXC (id %s): será usado, sem criar outro.",
				"The product %q already exists in IXC (id %s): it is used; no other is created.", pr.Name, existing))
			continue
		}
		for range plan.Changes {
			pp.index = append(pp.index, i)
		}
		pp.plan = pp.plan.Merge(plan)
	}
	return pp, nil
}

// planLinks plans the link of every product whose id is known (ids[i] for
// p.Products[i]); products still without an id get a note.
//
// ids may hold Refs of drafts (a dry run's new products): their links are
// planned as Draft changes.
func planLinks(ctx context.Context, r *ixc.Reader, p *profile.Profile, ids []string, today time.Time, drafts ...Draft) (Plan, []i18n.Text, error) {
	var (
		out   Plan
		notes []i18n.Text
	)
	if p.Integration.Method == profile.IntegrationNone {
		return out, nil, nil
	}
	if len(p.Products) == 0 {
		return out, []i18n.Text{i18n.T("O perfil não tem [[product]]: nada a vincular.",
			"The profile has no [[product]]: nothing to link.")}, nil
	}
	l := p.Link
	switch l.Method {
	case "":
		return out, []i18n.Text{i18n.T("link.method não informado: nenhum vínculo será gravado.",
			"link.method is not set: no link is written.")}, nil
	case profile.LinkPlan:
		if len(l.Plans) == 0 {
			return out, []i18n.Text{i18n.T("link.plans está vazio: nenhum plano a vincular.",
				"link.plans is empty: no plan to link.")}, nil
		}
	default:
		if len(l.Contracts) == 0 {
			return out, []i18n.Text{i18n.T(
				"link.contracts está vazio: o apply não escolhe contratos sozinho (vazio = os contratos que já têm o produto); nada a vincular.",
				"link.contracts is empty: apply does not pick contracts by itself (empty = the contracts that already carry the product); nothing to link.")}, nil
		}
	}
	planned := map[string]bool{}
	for i, pr := range p.Products {
		id := ids[i]
		if planned[id] {
			// The same product for both offers: its links are planned
			// once (the same rows twice would be counted as two writes).
			continue
		}
		if id != "" {
			planned[id] = true
		}
		if id == "" {
			notes = append(notes, i18n.Tf(
				"O vínculo do produto novo %q será planejado depois que ele for criado (o id ainda não existe).",
				"The link of the new product %q is planned once it is created (it has no id yet).", pr.Name))
			continue
		}
		var (
			pl  Plan
			err error
		)
		switch l.Method {
		case profile.LinkPlan:
			pl, err = PlanLinkPlans(ctx, r, id, l.Plans, drafts...)
		case profile.LinkContract:
			pl, err = PlanLinkContracts(ctx, r, id, l.Contracts, drafts...)
		case profile.LinkAdditionalService:
			pl, err = PlanAdditionalServices(ctx, r, id, l.Contracts, l.ServiceValue, l.Repeat, today, drafts...)
		default:
			err = i18n.Errorf("link.method %q desconhecido", "unknown link.method %q", l.Method)
		}
		if err != nil {
			return out, notes, err
		}
		out = out.Merge(pl)
	}
	return out, notes, nil
}

// doubleNotes warn, among a phase's notes, of the active contracts the
// links of plan would bill twice (DoubleLinks). apply is not interactive:
// it does not change its writes; the notes say what happens (dryRun; yes:
// --yes, written anyway; confirm: the question that follows; none: only a
// plan) and how to avoid it.
func doubleNotes(ctx context.Context, r *ixc.Reader, plan Plan, today time.Time, dryRun, yes, confirm bool) ([]i18n.Text, error) {
	ds, err := DoubleLinks(ctx, r, plan, today)
	if err != nil || len(ds) == 0 {
		return nil, err
	}
	notes := []i18n.Text{DoubleNote(ds, 5)}
	avoid := i18n.T("Para evitar, tire esses contratos de link.contracts.", "To avoid it, take those contracts out of link.contracts.")
	if ds[0].Method == profile.LinkPlan {
		avoid = i18n.Tf("Não dá para pular contratos de um plano: para evitar, tire de link.plans %s ou tire o produto desses contratos no IXC.",
			"A plan's contracts cannot be skipped one by one: to avoid it, take %s out of link.plans or take the product off those contracts in IXC.",
			strings.Join(DoubledPlans(ds), ", "))
	}
	var how i18n.Text
	switch {
	case dryRun:
		how = i18n.T("Simulação: estes vínculos seriam gravados assim. ", "Dry run: these links would be written as they are. ")
	case yes:
		how = i18n.T("--yes: os vínculos são gravados mesmo assim, como estão. ", "--yes: the links are written anyway, as they are. ")
	case confirm:
		how = i18n.T("Responda não para não gravar nada desta fase. ", "Answer no to write nothing of this phase. ")
	}
	notes = append(notes, i18n.T(how.PT+avoid.PT, how.EN+avoid.EN))
	return notes, nil
}

// PlanFromProfile plans, without writing, what ApplyProfile would write for
// p: the products to create, then the links of the products whose id is
// known (given in the profile, or an existing product of the same name).
// The link of a product still to be created cannot be planned yet: a note
// says so (ApplyProfile's dry run plans it against a Draft). p should have passed p.Validate(true).
func PlanFromProfile(ctx context.Context, r *ixc.Reader, p *profile.Profile, today time.Time) (Plan, []i18n.Text, error) {
	pp, err := planProducts(ctx, r, p)
	if err != nil {
		return Plan{}, pp.notes, err
	}
	links, notes, err := planLinks(ctx, r, p, pp.ids, today)
	all := append(slices.Clone(pp.notes), notes...)
	if err != nil {
		return Plan{}, all, err
	}
	dn, err := doubleNotes(ctx, r, links, today, false, false, false)
	all = append(all, dn...)
	if err != nil {
		return Plan{}, all, err
	}
	return pp.plan.Merge(links), all, nil
}

// ApplyProfileOptions tune ApplyProfile.
type ApplyProfileOptions struct {
	DryRun bool
	Today  time.Time // the date of additional services; default time.Now()
	// Confirm is asked before each phase that has something to write, with
	// that phase's plan and notes; false stops with ErrDeclined before any
	// write of the phase. Nil: no question (--yes). Not called in a dry run.
	Confirm func(phase int, plan Plan, notes []i18n.Text) (bool, error)
	// Journal opens the journal at the first write (so a run that writes
	// nothing leaves no file). Required unless DryRun.
	Journal func() (*journal.Journal, error)
	// Progress is passed to Apply.
	Progress Progress
	// Phase is called with each phase's plan and notes before it is
	// confirmed or applied (also in a dry run), to show it.
	Phase func(phase int, plan Plan, notes []i18n.Text)
}

// ProfileApplyResult is what ApplyProfile did.
type ProfileApplyResult struct {
	// Result merges the outcomes of both phases, in order.
	Result *ApplyResult
	// Profile is a copy of the input with the product ids filled (created
	// or found by name; in a dry run, only those found).
	Profile *profile.Profile
	// Plans holds each phase's plan (index 0: products, 1: links).
	Plans [2]Plan
	// Notes are every phase's notes.
	Notes []i18n.Text
	// Journal is the journal written, nil when nothing was written.
	Journal *journal.Journal
}

// IDsFilled reports whether Profile has product ids the input lacked.
func (r *ProfileApplyResult) IDsFilled(in *profile.Profile) bool {
	for i, pr := range in.Products {
		if i < len(r.Profile.Products) && pr.ID != r.Profile.Products[i].ID {
			return true
		}
	}
	return false
}

// ApplyProfile executes p's writes through c: phase 1 creates the products
// p describes without an id (unless one of that name exists), phase 2 links
// every product per link.method with the ids now known. Every write goes
// through Apply (look before insert, re-check after a lost answer, journal);
// re-running on an IXC already set up writes nothing. An input problem
// (invalid profile for apply, a plan or contract that does not exist) is an
// *i18n.Error or *profile.Error; IXC failures are *ixc.Error. After a
// phase-1 change that is not done (failed, unknown), phase 2 still links the
// products whose id is known.
func ApplyProfile(ctx context.Context, c *ixc.Client, p *profile.Profile, o ApplyProfileOptions) (*ProfileApplyResult, error) {
	res := &ProfileApplyResult{Result: &ApplyResult{}, Profile: cloneProfile(p)}
	if err := p.Validate(true); err != nil {
		return res, err
	}
	if o.Today.IsZero() {
		o.Today = time.Now()
	}
	if c == nil {
		return res, errors.New("steps: ApplyProfile needs a client")
	}
	r := c.Reader()

	pp, err := planProducts(ctx, r, res.Profile)
	res.Notes = append(res.Notes, pp.notes...)
	if err != nil {
		return res, err
	}
	ids := slices.Clone(pp.ids)
	var drafts []Draft
	for i, id := range ids {
		res.Profile.Products[i].ID = id
	}
	res.Plans[0] = pp.plan
	if !pp.plan.Empty() {
		notes := slices.Clone(pp.notes)
		if o.Confirm != nil && !o.DryRun {
			notes = append(notes, i18n.T(
				"Depois de criar o produto, os vínculos serão mostrados para confirmação.",
				"Once the product is created, its links are shown for confirmation."))
		}
		out, err := applyPhase(ctx, c, 1, pp.plan, notes, o, res)
		for k, oc := range out {
			switch {
			case oc.ID != "" && (oc.State == ApplyDone || oc.State == ApplySkipped):
				ids[pp.index[k]] = oc.ID
				res.Profile.Products[pp.index[k]].ID = oc.ID
			case oc.State == ApplyPlanned:
				// A dry run: the product stays a draft, so that phase 2
				// still shows the links it would write (the profile
				// keeps no id).
				if d, ok := DraftOf(oc.Change, DraftRef(len(drafts)+1)); ok {
					drafts = append(drafts, d)
					ids[pp.index[k]] = d.Ref
				}
			}
		}
		if err != nil {
			return res, err
		}
	}

	links, notes, err := planLinks(ctx, r, res.Profile, ids, o.Today, drafts...)
	if err == nil {
		var dn []i18n.Text
		dn, err = doubleNotes(ctx, r, links, o.Today, o.DryRun, o.Confirm == nil, o.Confirm != nil)
		notes = append(notes, dn...)
	}
	res.Notes = append(res.Notes, notes...)
	if err != nil {
		return res, err
	}
	res.Plans[1] = links
	if pp.plan.Empty() {
		// Phase 1 was not shown: its notes go with phase 2.
		notes = append(slices.Clone(pp.notes), notes...)
	}
	if links.Empty() {
		// Nothing to write in phase 2: still show its notes (and, when
		// phase 1 wrote nothing either, that there is nothing to do).
		if o.Phase != nil && (pp.plan.Empty() || len(notes) > 0) {
			o.Phase(2, links, notes)
		}
		return res, nil
	}
	_, err = applyPhase(ctx, c, 2, links, notes, o, res)
	return res, err
}

// applyPhase shows, confirms and applies one phase, adding its outcomes to
// res, and returns them.
func applyPhase(ctx context.Context, c *ixc.Client, phase int, plan Plan, notes []i18n.Text, o ApplyProfileOptions, res *ProfileApplyResult) ([]ChangeOutcome, error) {
	if o.Phase != nil {
		o.Phase(phase, plan, notes)
	}
	if !o.DryRun && o.Confirm != nil {
		ok, err := o.Confirm(phase, plan, notes)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, ErrDeclined
		}
	}
	var j *journal.Journal
	if !o.DryRun {
		if res.Journal == nil {
			if o.Journal == nil {
				return nil, errors.New("steps: ApplyProfile needs a journal to write")
			}
			nj, err := o.Journal()
			if err != nil {
				return nil, err
			}
			res.Journal = nj
		}
		j = res.Journal
	}
	ar, err := Apply(ctx, c, plan, j, o.DryRun, o.Progress)
	if ar != nil {
		for _, oc := range ar.Outcomes {
			res.Result.add(oc)
		}
		return ar.Outcomes, err
	}
	return nil, err
}

// cloneProfile is a deep copy of p.
func cloneProfile(p *profile.Profile) *profile.Profile {
	q := *p
	q.Products = slices.Clone(p.Products)
	q.Link.Plans = slices.Clone(p.Link.Plans)
	q.Link.Contracts = slices.Clone(p.Link.Contracts)
	return &q
}
