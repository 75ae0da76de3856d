package steps

import (
	"context"
	"errors"
	"slices"
	"sync"
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
	// Cache, when set, keeps what this audit reads and gives the next one
	// what is still valid (nil: read everything).
	Cache *ReadCache
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
	whyConnection = i18n.T("não executado: o IXC não pôde ser usado (veja a etapa Token e conexão)",
		"not run: IXC could not be used (see the Token and connection step)")
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

	// Once the first probe shows IXC answers, the product, link and auth
	// reads start with the profile's product ids while the other tables
	// are probed: a step whose table turns out denied, or a product that
	// does not exist, discards what was read for it. Nothing here writes.
	spec := &speculation{cache: opts.Cache}
	specCtx, stopSpec := context.WithCancel(ctx)
	defer func() {
		// Reads the audit did not use are cancelled, and waited for: the
		// client's slots are free again when Audit returns.
		stopSpec()
		spec.wg.Wait()
	}()
	conn := checkConnection(ctx, r, RequiredTables(auth), func() {
		spec.start(specCtx, r, p, today)
	})
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
		d := ErrorText(err)
		return skipped(step, i18n.T("não executado: "+d.PT, "not run: "+d.EN)), false
	}

	linkTables := []string{"vd_contratos", "vd_contratos_produtos", "cliente_contrato", "cliente_contrato_servicos"}

	// Product step.
	var products []string
	switch {
	case p.Integration.Method == profile.IntegrationNone:
		rep.Steps = append(rep.Steps, skipped(StepProduct, whyNoneMethod))
	case anyDenied("produtos", "unidades"):
		rep.Steps = append(rep.Steps, skipped(StepProduct, whyDenied))
	default:
		d, err := spec.products()
		if err != nil {
			res, fatal := failed(StepProduct, err)
			rep.Steps = append(rep.Steps, res)
			if fatal {
				return rep.connectionLost()
			}
			break
		}
		findings := checkProducts(p, d)
		if len(d.Found) > 0 && !anyDenied(linkTables...) {
			dups, err := opts.Cache.checkDuplicates(ctx, r, configuredProductIDs(p), d.Found, today)
			if err != nil {
				res, fatal := failed(StepProduct, err)
				rep.Steps = append(rep.Steps, res)
				if fatal {
					return rep.connectionLost()
				}
				break
			}
			findings = append(findings, dups...)
		}
		rep.Steps = append(rep.Steps, newResult(StepProduct, findings))
		for id := range d.Found {
			products = append(products, id)
		}
	}

	// Link step and entitlement.
	var ent *Entitlement
	linkMethod := p.Link.Method
	switch {
	case p.Integration.Method == profile.IntegrationNone:
		rep.Steps = append(rep.Steps, skipped(StepLink, whyNoneMethod))
		if !anyDenied("cliente_contrato") {
			var err error
			ent, err = opts.Cache.activeContracts(ctx, r)
			if err != nil {
				if _, fatal := failed(StepLink, err); fatal {
					return rep.connectionLost()
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
		d, err := spec.links(ctx, r, p, products, today)
		if err != nil {
			res, fatal := failed(StepLink, err)
			rep.Steps = append(rep.Steps, res)
			if fatal {
				return rep.connectionLost()
			}
			break
		}
		ent = computeEntitlement(d, linkMethod)
		rep.Steps = append(rep.Steps, newResult(StepLink, checkLinks(d, ent, linkMethod, p.Link.Contracts)))
	}
	spec.dropLinks() // when the link step did not use it
	if ent != nil {
		rep.Summary.EntitledContracts = len(ent.Entitled)
	}

	// Auth step.
	switch {
	case auth == "":
		rep.Steps = append(rep.Steps, skipped(StepAuth, whyNoAuthMethod))
	case anyDenied(AuthTables(auth)...):
		rep.Steps = append(rep.Steps, skipped(StepAuth, whyDenied))
	case auth != profile.AuthEmployeeCPF && ent == nil:
		why := whyLinkFailed
		if l := rep.Step(StepLink); l != nil && l.Status == StatusSkipped && p.Integration.Method != profile.IntegrationNone {
			why = l.Why
		}
		rep.Steps = append(rep.Steps, skipped(StepAuth, why))
	default:
		if ent == nil {
			ent = &Entitlement{}
		}
		authData, err := spec.auth()
		if err != nil {
			sr, fatal := failed(StepAuth, err)
			if fatal {
				return rep.connectionLost()
			}
			rep.Steps = append(rep.Steps, sr)
			break
		}
		res := authData.check(ent, today)
		rep.Steps = append(rep.Steps, newResult(StepAuth, res.Findings))
		rep.Summary.ReadyContracts = res.ReadyContracts
		rep.Summary.ReadyEmployees = res.ReadyEmployees
	}
	return rep.finish()
}

// speculation holds the reads an audit starts before the probes end. Each
// runs in its own goroutine and hands its result over a buffered channel,
// so an abandoned one never blocks.
type speculation struct {
	productsCh chan result[*ProductData]
	linksCh    chan result[*LinkData]
	authCh     chan result[*authData]
	linkIDs    []string // the product ids the link read started with
	cache      *ReadCache
	stopLinks  context.CancelFunc
	wg         sync.WaitGroup // the reads' goroutines
}

type result[T any] struct {
	v   T
	err error
}

func goRead[T any](wg *sync.WaitGroup, f func() (T, error)) chan result[T] {
	ch := make(chan result[T], 1)
	wg.Go(func() {
		v, err := f()
		ch <- result[T]{v, err}
	})
	return ch
}

// start launches the reads the profile calls for.
func (s *speculation) start(ctx context.Context, r *ixc.Reader, p *profile.Profile, today string) {
	if p.Auth.Method != "" {
		s.authCh = goRead(&s.wg, func() (*authData, error) { return s.cache.loadAuth(ctx, r, p.Auth.Method) })
	}
	if p.Integration.Method == profile.IntegrationNone {
		return
	}
	ids := configuredProductIDs(p)
	s.productsCh = goRead(&s.wg, func() (*ProductData, error) { return s.cache.loadProducts(ctx, r, ids) })
	if p.Link.Method != "" && len(ids) > 0 {
		s.linkIDs = uniqueSorted(ids)
		linkCtx, stop := context.WithCancel(ctx)
		s.stopLinks = stop
		s.linksCh = goRead(&s.wg, func() (*LinkData, error) {
			return s.cache.loadLinks(linkCtx, r, s.linkIDs, p.Link.Plans, p.Link.Contracts, today)
		})
	}
}

func (s *speculation) products() (*ProductData, error) {
	res := <-s.productsCh
	return res.v, res.err
}

func (s *speculation) auth() (*authData, error) {
	res := <-s.authCh
	return res.v, res.err
}

// links returns the link data of the products that exist: the read started
// early when they are the profile's, a new one otherwise.
func (s *speculation) links(ctx context.Context, r *ixc.Reader, p *profile.Profile, products []string, today string) (*LinkData, error) {
	if s.linksCh != nil && slices.Equal(uniqueSorted(products), s.linkIDs) {
		res := <-s.linksCh
		return res.v, res.err
	}
	s.dropLinks() // read for a product that does not exist
	return s.cache.loadLinks(ctx, r, products, p.Link.Plans, p.Link.Contracts, today)
}

// dropLinks cancels the early link read (harmless once it has ended).
func (s *speculation) dropLinks() {
	if s.stopLinks != nil {
		s.stopLinks()
	}
}

// connectionLost is the report of an audit during which IXC stopped
// answering (the token step holds the finding): with an exit-3 finding
// every other step is skipped (design.md §6), including those that had
// finished, so the report never mixes a partial reading with a complete
// one.
func (r *Report) connectionLost() *Report {
	steps := []StepResult{r.Steps[0]}
	for _, s := range []string{StepProduct, StepLink, StepAuth} {
		steps = append(steps, skipped(s, whyConnection))
	}
	r.Steps = steps
	r.Summary = Summary{}
	return r.finish()
}

// activeContracts is the entitlement of an integration without a product:
// every contract with status A.
func activeContracts(ctx context.Context, r *ixc.Reader) (*Entitlement, error) {
	e := &Entitlement{}
	seen := map[string]bool{} // a row met twice (rows shifting between pages) counts once
	err := r.Each(ctx, ixc.Query{Table: "cliente_contrato", Filter: []ixc.Cond{ixc.Where("cliente_contrato.status", ixc.OpEq, "A")}},
		func(rec ixc.Record) error {
			if rec["status"] == "A" && !seen[rec["id"]] {
				seen[rec["id"]] = true
				e.Entitled = append(e.Entitled, contract{ID: rec["id"], Customer: rec["id_cliente"], Plan: rec["id_vd_contrato"],
					Status: rec["status"], StatusInternet: rec["status_internet"], Suspended: rec["contrato_suspenso"]})
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
