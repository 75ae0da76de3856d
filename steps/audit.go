package steps

import (
	"context"
	"errors"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// Options tune an audit.
type Options struct {
	// Now is the clock (default time.Now); dates compare in IXC's local
	// time, UTC-3.
	Now func() time.Time
}

// ixcZone is the time zone of IXC's dates (Brasília; no daylight saving
// since 2019).
var ixcZone = time.FixedZone("BRT", -3*60*60)

func (o Options) today() string {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	return now().In(ixcZone).Format("2006-01-02")
}

// Report is the outcome of an audit (design.md §4.2).
type Report struct {
	URL       string // normalized, ending in /webservice/v1
	TokenUser string
	Steps     []StepResult
	Summary   Summary
}

// Outcome classifies a report for the exit code (design.md §4).
type Outcome int

// Outcomes, from best to worst precedence.
const (
	OutcomeOK       Outcome = iota // no error finding: exit 0
	OutcomeFindings                // at least one error finding: exit 1
	OutcomeInput                   // unusable token: exit 2
	OutcomeIXC                     // IXC could not be used: exit 3
)

var exit3 = map[string]bool{
	CodeIXCUnreachable: true, CodeIXCTLS: true, CodeIXCNotIXC: true,
	CodeTokenRejected: true, CodeIPNotAllowed: true,
}

// Outcome returns the report's class.
func (r *Report) Outcome() Outcome {
	out := OutcomeOK
	for _, s := range r.Steps {
		for _, f := range s.Findings {
			switch {
			case exit3[f.Code]:
				return OutcomeIXC
			case f.Code == CodeTokenFormat:
				out = OutcomeInput
			case f.Severity == Error && out == OutcomeOK:
				out = OutcomeFindings
			}
		}
	}
	return out
}

// OK reports whether the report has no error finding.
func (r *Report) OK() bool { return r.Summary.Errors == 0 }

// Step returns the result of the named step.
func (r *Report) Step(name string) *StepResult {
	for i := range r.Steps {
		if r.Steps[i].Step == name {
			return &r.Steps[i]
		}
	}
	return nil
}

func (r *Report) finish() *Report {
	r.Summary.Errors, r.Summary.Warnings = 0, 0
	for _, s := range r.Steps {
		for _, f := range s.Findings {
			switch f.Severity {
			case Error:
				r.Summary.Errors++
			case Warn:
				r.Summary.Warnings++
			}
		}
	}
	return r
}

var (
	whyConnection = i18n.T("não executado: o IXC não pôde ser usado (veja a etapa token)",
		"not run: IXC could not be used (see the token step)")
	whyTokenFormat = i18n.T("não executado: o token não pode ser usado", "not run: the token cannot be used")
	whyDenied      = i18n.T("não executado: o token não pode listar uma tabela necessária (TABLE_DENIED)",
		"not run: the token cannot list a table it needs (TABLE_DENIED)")
	whyNoProduct = i18n.T("não executado: nenhum produto configurado existe no IXC",
		"not run: no configured product exists in IXC")
	whyNoneMethod = i18n.T("não se aplica: integração sem produto (integration.method = \"none\")",
		"not applicable: integration without a product (integration.method = \"none\")")
	whyNoLinkMethod = i18n.T("não executado: link.method não está definido no perfil",
		"not run: link.method is not set in the profile")
	whyNoAuthMethod = i18n.T("não executado: auth.method não está definido no perfil",
		"not run: auth.method is not set in the profile")
	whyLinkFailed = i18n.T("não executado: a etapa link não pôde ser concluída",
		"not run: the link step could not complete")
)

// TokenFormatReport is the report of an audit whose token is unusable:
// TOKEN_FORMAT, every other step skipped.
func TokenFormatReport(url, tokenUser string, problem i18n.Text) *Report {
	f := newFinding(CodeTokenFormat, nil)
	if !problem.IsZero() {
		f.Message = i18n.T(f.Message.PT+" "+problem.PT, f.Message.EN+" "+problem.EN)
	}
	r := &Report{URL: url, TokenUser: tokenUser, Steps: []StepResult{newResult(StepToken, []Finding{f})}}
	for _, s := range []string{StepProduct, StepLink, StepAuth} {
		r.Steps = append(r.Steps, skipped(s, whyTokenFormat))
	}
	return r.finish()
}

// Audit runs every check of design.md §6 against IXC through a read-only
// reader. It never returns an error: whatever IXC does becomes a finding or
// a skipped step.
func Audit(ctx context.Context, r *ixc.Reader, p *profile.Profile, opts Options) *Report {
	rep := &Report{URL: r.BaseURL(), TokenUser: r.User()}
	today := opts.today()
	auth := p.Auth.Method

	conn := CheckConnection(ctx, r, RequiredTables(auth))
	rep.Steps = append(rep.Steps, conn.Step)
	if conn.Fatal {
		for _, s := range []string{StepProduct, StepLink, StepAuth} {
			rep.Steps = append(rep.Steps, skipped(s, whyConnection))
		}
		return rep.finish()
	}
	denied := conn.Denied()
	anyDenied := func(tables ...string) bool {
		for _, t := range tables {
			if denied[t] {
				return true
			}
		}
		return false
	}
	// failed turns an error met while reading into findings: a connection
	// failure ends the audit (token step), anything else skips the step.
	failed := func(step string, err error) (StepResult, bool) {
		if f, fatal := connectionFinding(err); fatal {
			tok := &rep.Steps[0]
			*tok = newResult(StepToken, append(tok.Findings, f))
			return skipped(step, whyConnection), true
		}
		// IXC answered "no" for a table the probe could list (a permission
		// removed mid-run, a resource turned off): the token step says
		// which table, as the probe would have, so the audit cannot pass
		// with a step it could not run.
		var e *ixc.Error
		if errors.As(err, &e) && e.Table != "" {
			tok := &rep.Steps[0]
			*tok = newResult(StepToken, addDenied(tok.Findings, e.Table))
		}
		return skipped(step, i18n.T("não executado: "+err.Error(), "not run: "+err.Error())), false
	}

	linkTables := []string{"vd_contratos", "vd_contratos_produtos", "cliente_contrato", "cliente_contrato_servicos"}

	// The auth table (customers, logins or employees: the bulk of the
	// rows) does not depend on the product or link steps: read it while
	// they run. The client's bound on requests in flight still holds.
	type authLoad struct {
		d   *authData
		err error
	}
	var authCh chan authLoad
	authCtx, stopAuth := context.WithCancel(ctx)
	defer stopAuth()
	if auth != "" && !anyDenied(AuthTables(auth)...) {
		authCh = make(chan authLoad, 1)
		go func() {
			d, err := loadAuth(authCtx, r, auth)
			authCh <- authLoad{d, err}
		}()
	}

	// Product step.
	var products []string
	switch {
	case p.Integration.Method == "none":
		rep.Steps = append(rep.Steps, skipped(StepProduct, whyNoneMethod))
	case anyDenied("produtos", "unidades"):
		rep.Steps = append(rep.Steps, skipped(StepProduct, whyDenied))
	default:
		d, err := loadProducts(ctx, r, configuredProductIDs(p))
		if err != nil {
			res, fatal := failed(StepProduct, err)
			rep.Steps = append(rep.Steps, res)
			if fatal {
				return rep.skipRest(whyConnection)
			}
			break
		}
		rep.Steps = append(rep.Steps, newResult(StepProduct, checkProducts(p, d)))
		for id := range d.Found {
			products = append(products, id)
		}
	}

	// Link step and entitlement.
	var ent *Entitlement
	linkMethod := p.Link.Method
	switch {
	case p.Integration.Method == "none":
		rep.Steps = append(rep.Steps, skipped(StepLink, whyNoneMethod))
		if !anyDenied("cliente_contrato") {
			var err error
			ent, err = activeContracts(ctx, r)
			if err != nil {
				if _, fatal := failed(StepLink, err); fatal {
					return rep.skipRest(whyConnection)
				}
				ent = nil
			}
		}
	case rep.Step(StepProduct).Status == StatusSkipped:
		rep.Steps = append(rep.Steps, skipped(StepLink, rep.Step(StepProduct).Why))
	case len(products) == 0:
		rep.Steps = append(rep.Steps, skipped(StepLink, whyNoProduct))
	case anyDenied(linkTables...):
		rep.Steps = append(rep.Steps, skipped(StepLink, whyDenied))
	case linkMethod == "":
		rep.Steps = append(rep.Steps, skipped(StepLink, whyNoLinkMethod))
	default:
		d, err := loadLinks(ctx, r, products, p.Link.Plans, p.Link.Contracts, today)
		if err != nil {
			res, fatal := failed(StepLink, err)
			rep.Steps = append(rep.Steps, res)
			if fatal {
				return rep.skipRest(whyConnection)
			}
			break
		}
		ent = computeEntitlement(d, linkMethod)
		rep.Steps = append(rep.Steps, newResult(StepLink, checkLinks(d, ent, linkMethod, p.Link.Contracts)))
	}
	if ent != nil {
		rep.Summary.EntitledContracts = len(ent.Entitled)
	}

	// Auth step.
	switch {
	case auth == "":
		rep.Steps = append(rep.Steps, skipped(StepAuth, whyNoAuthMethod))
	case anyDenied(AuthTables(auth)...):
		rep.Steps = append(rep.Steps, skipped(StepAuth, whyDenied))
	case auth != AuthEmployeeCPF && ent == nil:
		why := whyLinkFailed
		if l := rep.Step(StepLink); l != nil && l.Status == StatusSkipped && p.Integration.Method != "none" {
			why = l.Why
		}
		rep.Steps = append(rep.Steps, skipped(StepAuth, why))
	default:
		if ent == nil {
			ent = &Entitlement{Entitled: map[string]contract{}}
		}
		loaded := <-authCh
		if loaded.err != nil {
			sr, _ := failed(StepAuth, loaded.err)
			rep.Steps = append(rep.Steps, sr)
			break
		}
		res := loaded.d.check(ent, today)
		rep.Steps = append(rep.Steps, newResult(StepAuth, res.Findings))
		rep.Summary.ReadyContracts = res.ReadyContracts
		rep.Summary.ReadyEmployees = res.ReadyEmployees
	}
	return rep.finish()
}

// skipRest marks the steps not yet reported as skipped.
func (r *Report) skipRest(why i18n.Text) *Report {
	have := map[string]bool{}
	for _, s := range r.Steps {
		have[s.Step] = true
	}
	for _, s := range []string{StepToken, StepProduct, StepLink, StepAuth} {
		if !have[s] {
			r.Steps = append(r.Steps, skipped(s, why))
		}
	}
	return r.finish()
}

// activeContracts is the entitlement of an integration without a product:
// every contract with status A.
func activeContracts(ctx context.Context, r *ixc.Reader) (*Entitlement, error) {
	e := &Entitlement{Method: "none", Links: map[contractProduct]linkCounts{}, Entitled: map[string]contract{}}
	err := r.Each(ctx, ixc.Query{Table: "cliente_contrato", Filter: []ixc.Cond{ixc.Where("cliente_contrato.status", ixc.OpEq, "A")}},
		func(rec ixc.Record) error {
			if rec["status"] == "A" {
				e.Entitled[rec["id"]] = contract{ID: rec["id"], Customer: rec["id_cliente"], Plan: rec["id_vd_contrato"],
					Status: rec["status"], StatusInternet: rec["status_internet"], Suspended: rec["contrato_suspenso"]}
			}
			return nil
		})
	return e, err
}

// addDenied adds table to the TABLE_DENIED finding of findings (creating
// it), keeping the records sorted and the message's count right.
func addDenied(findings []Finding, table string) []Finding {
	refs := []RecordRef{{Table: table}}
	out := make([]Finding, 0, len(findings)+1)
	for _, f := range findings {
		if f.Code != CodeTableDenied {
			out = append(out, f)
			continue
		}
		for _, r := range f.Records {
			if r.Table == table {
				return findings
			}
			refs = append(refs, r)
		}
	}
	sortRefs(refs)
	return append(out, newFinding(CodeTableDenied, refs))
}
