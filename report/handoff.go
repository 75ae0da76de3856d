package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/version"
)

// HandoffSchema identifies the hand-off JSON format.
const HandoffSchema = "ixc-leveduca/handoff/v1"

// Handoff is what LevEduca support needs to turn the integration on
// (design.md §2): the final audit and the profile it ran with.
type Handoff struct {
	Report      *steps.Report // the final audit
	Profile     *profile.Profile
	GeneratedAt time.Time
	// Token is the full API token (id:hash). It is written ONLY when
	// IncludeToken is set; otherwise the hand-off says it is sent separately.
	Token        string
	IncludeToken bool
	// Lang is the language of the messages of the full audit in the JSON
	// (its "audit" key); Portuguese when unset.
	Lang i18n.Lang
	// ISPName is the ISP's name, when the technician gave it (optional).
	ISPName string
	// ProductNames are the products' names by offer, as read from IXC
	// (the profile keeps only ids); Plans the linked plans with their
	// names and the offers each carries.
	ProductNames map[string]string
	Plans        []HandoffPlan
	// DryRun: written by a --dry-run, which wrote nothing to IXC: the
	// report says so at the top, and that it is not a hand-off to send.
	DryRun bool
}

// HandoffPlan is a sales plan of the link step: its name and which offers
// (product offers: "leveduca", "paramount") it carries.
type HandoffPlan struct {
	ID     string   `json:"id"`
	Name   string   `json:"name,omitempty"`
	Offers []string `json:"offers"`
}

// Verdict is the hand-off's verdict line: "Pronto para ativar: sim", or
// "Pronto para ativar: não — 3 erros".
func Verdict(rep *steps.Report, lang i18n.Lang) string {
	tr := func(pt, en string) string { return i18n.T(pt, en).In(lang) }
	switch {
	case rep == nil:
		return tr("Pronto para ativar: não — sem auditoria final", "Ready to turn on: no — no final audit")
	case rep.OK() && NobodyCanLogIn(rep):
		// No error, but not one subscriber or employee to log in: said,
		// never a plain "sim".
		return tr("Pronto para ativar: sim — nenhum erro, mas ninguém tem direito ainda",
			"Ready to turn on: yes — no errors, but nobody is entitled yet")
	case rep.OK():
		return tr("Pronto para ativar: sim — nenhum erro", "Ready to turn on: yes — no errors")
	}
	errs := i18n.Plural(lang, rep.Summary.Errors, "erro", "erros")
	if lang == i18n.EN {
		errs = i18n.Plural(lang, rep.Summary.Errors, "error", "errors")
	}
	return tr("Pronto para ativar: não — ", "Ready to turn on: no — ") + errs
}

// NobodyCanLogIn reports whether the audit's auth step ran and counted no
// entitled contract and no ready employee.
func NobodyCanLogIn(rep *steps.Report) bool {
	a := rep.Step(steps.StepAuth)
	return a != nil && a.Status != steps.StatusSkipped && rep.Summary.EntitledContracts == 0 && rep.Summary.ReadyEmployees == 0
}

// RecordLabel is what a record of table is called on IXC's screens
// ("contrato", not "cliente_contrato").
func RecordLabel(table string) i18n.Text {
	switch table {
	case "cliente_contrato":
		return i18n.T("contrato", "contract")
	case "cliente":
		return i18n.T("cliente", "customer")
	case "produtos":
		return i18n.T("produto", "product")
	case "vd_contratos":
		return i18n.T("plano", "plan")
	case "vd_contratos_produtos":
		return i18n.T("produto do plano/contrato", "plan/contract product")
	case "cliente_contrato_servicos":
		return i18n.T("serviço adicional", "additional service")
	case "radusuarios":
		return i18n.T("login PPPoE", "PPPoE login")
	case "funcionarios":
		return i18n.T("colaborador", "employee")
	case "unidades":
		return i18n.T("unidade", "unit")
	}
	return i18n.T(table, table)
}

// RecordRefs lists records as IXC's screens name them, grouped by table:
// "contrato #1137, #1138, … (+3)"; at most limit ids (0: all).
func RecordRefs(recs []steps.RecordRef, limit int, lang i18n.Lang) string {
	var groups []string
	var order []string
	byTable := map[string][]string{}
	for _, r := range recs {
		if _, ok := byTable[r.Table]; !ok {
			order = append(order, r.Table)
		}
		byTable[r.Table] = append(byTable[r.Table], "#"+r.ID)
	}
	shown := 0
	for _, t := range order {
		ids := byTable[t]
		if limit > 0 && shown+len(ids) > limit {
			n := max(limit-shown, 1)
			more := len(ids) - n
			ids = append(ids[:n:n], "… (+"+i18n.Count(lang, more)+")")
		}
		shown += len(ids)
		groups = append(groups, RecordLabel(t).In(lang)+" "+strings.Join(ids, ", "))
		if limit > 0 && shown >= limit {
			break
		}
	}
	return strings.Join(groups, "; ")
}

func (h Handoff) token() string {
	if h.IncludeToken {
		return strings.TrimSpace(h.Token)
	}
	return ""
}

func (h Handoff) url() string {
	if h.Report != nil && h.Report.URL != "" {
		return h.Report.URL
	}
	if h.Profile != nil {
		return h.Profile.IXC.URL
	}
	return ""
}

func (h Handoff) tokenUser() string {
	if h.Report != nil && h.Report.TokenUser != "" {
		return h.Report.TokenUser
	}
	if h.Profile != nil {
		return h.Profile.IXC.TokenUser
	}
	return ""
}

// generatedAt is when the hand-off was made, in the offset it was given
// (the wizard's clock: the local time of the machine), never turned to UTC.
func (h Handoff) generatedAt() time.Time {
	if h.GeneratedAt.IsZero() {
		return time.Now()
	}
	return h.GeneratedAt
}

// productName is the product's name: the profile's, else the one read
// from IXC.
func (h Handoff) productName(pr profile.Product) string {
	if pr.Name != "" {
		return pr.Name
	}
	return h.ProductNames[pr.Offer]
}

// planCell is a plan as the hand-off lists it: "`3` FIBRA 500 MEGA
// (LevEduca, Paramount+)".
func (h Handoff) planCells() []string {
	var out []string
	for _, id := range h.prof().Link.Plans {
		cell := "`" + id + "`"
		for _, pl := range h.Plans {
			if pl.ID != id {
				continue
			}
			if pl.Name != "" {
				cell += " " + mdEscape(pl.Name)
			}
			var offers []string
			for _, o := range pl.Offers {
				offers = append(offers, offerName(o))
			}
			if len(offers) > 0 {
				cell += " (" + strings.Join(offers, ", ") + ")"
			}
		}
		out = append(out, cell)
	}
	return out
}

func (h Handoff) prof() *profile.Profile {
	if h.Profile != nil {
		return h.Profile
	}
	return &profile.Profile{}
}

func (h Handoff) summary() steps.Summary {
	if h.Report != nil {
		return h.Report.Summary
	}
	return steps.Summary{}
}

type openFinding struct {
	step string
	f    steps.Finding
}

func (h Handoff) findings() []openFinding {
	var out []openFinding
	if h.Report == nil {
		return nil
	}
	for _, s := range h.Report.Steps {
		for _, f := range s.Findings {
			out = append(out, openFinding{step: s.Step, f: f})
		}
	}
	return out
}

func integrationMethod(p *profile.Profile) profile.IntegrationMethod {
	if p.Integration.Method == "" {
		return profile.IntegrationProduct
	}
	return p.Integration.Method
}

func offerName(offer string) string {
	switch offer {
	case profile.OfferLevEduca:
		return "LevEduca"
	case profile.OfferParamount:
		return "Paramount+"
	}
	return offer
}

func authMethodText(m profile.AuthMethod) i18n.Text {
	switch m {
	case profile.AuthHotsite:
		return i18n.T("login do Hotsite (Central do Assinante)", "Hotsite login (Central do Assinante)")
	case profile.AuthPPPoE:
		return i18n.T("login PPPoE", "PPPoE login")
	case profile.AuthCPFCNPJ:
		return i18n.T("CPF/CNPJ do cliente", "customer's CPF/CNPJ")
	case profile.AuthEmployeeCPF:
		return i18n.T("CPF do colaborador", "employee's CPF")
	}
	return i18n.T("não definido", "not set")
}

// HandoffMarkdown writes the hand-off for LevEduca support: IXC URL, token
// user, product ids per offer, link method and its plans or contracts, auth
// method, entitled and ready counts and the open findings. The token line
// appears only when IncludeToken is set; otherwise the text says the token
// is sent separately.
func HandoffMarkdown(w io.Writer, h Handoff, lang i18n.Lang) error {
	tr := func(pt, en string) string { return i18n.T(pt, en).In(lang) }
	p := h.prof()
	sum := h.summary()
	var b strings.Builder
	fmt.Fprintf(&b, "# %s\n\n", tr("Integração IXC × LevEduca — dados para o suporte LevEduca", "IXC × LevEduca integration — hand-off to LevEduca support"))
	if h.DryRun {
		fmt.Fprintf(&b, "> **%s**\n\n", tr("Simulação (--dry-run): nada foi gravado no IXC. Este relatório mostra o IXC como está e a configuração que seria gravada; não é uma entrega para o suporte.",
			"Dry run: nothing was written to IXC. This report shows IXC as it is and the setup that would be written; it is not a hand-off for support."))
	}
	if name := strings.TrimSpace(h.ISPName); name != "" {
		fmt.Fprintf(&b, "**%s:** %s\n\n", tr("Provedor", "ISP"), mdEscape(name))
	}
	fmt.Fprintf(&b, "**%s**\n\n", Verdict(h.Report, lang))
	fmt.Fprintf(&b, "_%s %s %s ixc-leveduca %s_\n\n", tr("Gerado em", "Generated on"), h.generatedAt().Format("2006-01-02 15:04 -07:00"),
		tr("por", "by"), version.Short())

	fmt.Fprintf(&b, "## %s\n\n", tr("Acesso à API do IXC", "IXC API access"))
	fmt.Fprintf(&b, "| %s | %s |\n|---|---|\n", tr("Item", "Item"), tr("Valor", "Value"))
	fmt.Fprintf(&b, "| %s | %s |\n", tr("URL do IXC", "IXC URL"), mdCode(orDash(h.url())))
	fmt.Fprintf(&b, "| %s | %s |\n", tr("Usuário do token", "Token user"), mdCode(orDash(h.tokenUser())))
	if tok := h.token(); tok != "" {
		fmt.Fprintf(&b, "| %s | `%s` |\n", tr("Token", "Token"), tok)
	} else {
		fmt.Fprintf(&b, "| %s | %s |\n", tr("Token", "Token"), tr("enviado separadamente, por canal seguro", "sent separately, through a secure channel"))
	}

	fmt.Fprintf(&b, "\n## %s\n\n", tr("Configuração", "Setup"))
	fmt.Fprintf(&b, "| %s | %s |\n|---|---|\n", tr("Item", "Item"), tr("Valor", "Value"))
	method := integrationMethod(p)
	if method == profile.IntegrationNone {
		fmt.Fprintf(&b, "| %s | %s |\n", tr("Método combinado", "Agreed method"), tr("sem produto", "no product"))
	} else {
		fmt.Fprintf(&b, "| %s | %s |\n", tr("Método combinado", "Agreed method"), tr("produto", "product"))
		if len(p.Products) == 0 {
			fmt.Fprintf(&b, "| %s | — |\n", tr("Produto", "Product"))
		}
		for _, pr := range p.Products {
			label := mdCode(orDash(pr.ID))
			if name := h.productName(pr); name != "" {
				label += " (" + mdEscape(name) + ")"
			}
			fmt.Fprintf(&b, "| %s %s | %s |\n", tr("Produto", "Product"), offerName(pr.Offer), label)
		}
		fmt.Fprintf(&b, "| %s | %s |\n", tr("Vínculo", "Link method"), p.Link.Method.Words().In(lang))
		switch p.Link.Method {
		case profile.LinkPlan:
			plans := strings.Join(h.planCells(), ", ")
			if plans == "" {
				plans = tr("nenhum", "none")
			}
			fmt.Fprintf(&b, "| %s | %s |\n", tr("Planos de venda", "Sales plans"), plans)
		case profile.LinkContract, profile.LinkAdditionalService:
			fmt.Fprintf(&b, "| %s | %s |\n", tr("Contratos", "Contracts"),
				idList(p.Link.Contracts, tr("todos os que têm o produto", "every contract holding the product")))
		}
	}
	fmt.Fprintf(&b, "| %s | %s |\n", tr("Autenticação", "Authentication"), authMethodText(p.Auth.Method).In(lang))

	fmt.Fprintf(&b, "\n## %s\n\n", tr("Assinantes", "Subscribers"))
	fmt.Fprintf(&b, "| %s | %s |\n|---|---|\n", tr("Item", "Item"), tr("Quantidade", "Count"))
	fmt.Fprintf(&b, "| %s | %d |\n", tr("Contratos com direito", "Entitled contracts"), sum.EntitledContracts)
	fmt.Fprintf(&b, "| %s | %d |\n", tr("Contratos prontos para login", "Contracts ready to log in"), sum.ReadyContracts)
	if p.Auth.Method == profile.AuthEmployeeCPF {
		fmt.Fprintf(&b, "| %s | %d |\n", tr("Colaboradores prontos", "Ready employees"), sum.ReadyEmployees)
	}

	fmt.Fprintf(&b, "\n## %s\n\n", tr("Pendências abertas", "Open findings"))
	fs := h.findings()
	if h.Report == nil {
		b.WriteString(tr("Sem auditoria final.\n", "No final audit.\n"))
	} else if len(fs) == 0 {
		b.WriteString(tr("Nenhuma: a auditoria final não encontrou problemas.\n", "None: the final audit found no problem.\n"))
	} else {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n|---|---|---|---|\n",
			tr("Código", "Code"), tr("Gravidade", "Severity"), tr("Mensagem", "Message"), tr("Registros", "Records"))
		for _, o := range fs {
			recs := i18n.Count(lang, len(o.f.Records))
			if o.f.Severity == steps.Error && len(o.f.Records) > 0 {
				// Support acts on errors: every record, by id.
				recs += ": " + mdEscape(RecordRefs(o.f.Records, 0, lang))
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", o.f.Code, severityText(o.f.Severity).In(lang),
				mdEscape(o.f.Message.In(lang)), recs)
		}
	}
	if h.Report != nil {
		var skipped []string
		for _, s := range h.Report.Steps {
			if s.Status == steps.StatusSkipped {
				skipped = append(skipped, stepTitle(s.Step).In(lang))
			}
		}
		if len(skipped) > 0 {
			fmt.Fprintf(&b, "\n_%s %s_\n", tr("Etapas não verificadas:", "Steps not checked:"), strings.Join(skipped, ", "))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func idList(ids []string, empty string) string {
	if len(ids) == 0 {
		return empty
	}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = "`" + id + "`"
	}
	return strings.Join(out, ", ")
}

type handoffJSON struct {
	Schema            string                    `json:"schema"`
	GeneratedAt       time.Time                 `json:"generated_at"`
	ISPName           string                    `json:"isp_name,omitempty"`
	DryRun            bool                      `json:"dry_run,omitempty"`
	Verdict           i18n.Text                 `json:"verdict"`
	Tool              handoffTool               `json:"tool"`
	IXC               handoffIXC                `json:"ixc"`
	IntegrationMethod profile.IntegrationMethod `json:"integration_method"`
	Products          []handoffProduct          `json:"products"`
	Link              handoffLink               `json:"link"`
	Auth              handoffAuth               `json:"auth"`
	OK                bool                      `json:"ok"`
	Summary           jsonSummary               `json:"summary"`
	Steps             []handoffStep             `json:"steps"`
	Findings          []handoffFinding          `json:"findings"`
	// Audit is the full audit report (audit/v1, every finding with every
	// record), so that a hand-off can serve as a baseline (design.md §8).
	Audit *jsonReport `json:"audit,omitempty"`
}

// handoffTool names the program that wrote the hand-off.
type handoffTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type handoffIXC struct {
	URL       string  `json:"url"`
	TokenUser string  `json:"token_user"`
	Token     *string `json:"token,omitempty"` // only when asked
}

type handoffProduct struct {
	Offer string `json:"offer"`
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
}

type handoffLink struct {
	Method    profile.LinkMethod `json:"method"`
	Plans     []string           `json:"plans"`
	Contracts []string           `json:"contracts"`
	// PlanDetails names the plans and the offers each carries.
	PlanDetails []HandoffPlan `json:"plan_details,omitempty"`
}

type handoffAuth struct {
	Method profile.AuthMethod `json:"method"`
}

type handoffStep struct {
	Step   string `json:"step"`
	Status string `json:"status"`
}

type handoffFinding struct {
	Step     string    `json:"step"`
	Code     string    `json:"code"`
	Severity string    `json:"severity"`
	Message  i18n.Text `json:"message"`
	Records  int       `json:"records"`
	// IDs are the records of an error finding (support acts on them).
	IDs []steps.RecordRef `json:"ids,omitempty"`
}

// HandoffJSON writes the hand-off in the ixc-leveduca/handoff/v1 schema,
// with the same content as HandoffMarkdown (messages in both languages),
// and the full audit report under "audit" (messages in h.Lang).
// The "token" key is present only when IncludeToken is set.
func HandoffJSON(w io.Writer, h Handoff) error {
	p := h.prof()
	sum := h.summary()
	out := handoffJSON{
		Schema:            HandoffSchema,
		GeneratedAt:       h.generatedAt(),
		Tool:              handoffTool{Name: "ixc-leveduca", Version: version.Short()},
		IXC:               handoffIXC{URL: h.url(), TokenUser: h.tokenUser()},
		IntegrationMethod: integrationMethod(p),
		Products:          []handoffProduct{},
		ISPName:           strings.TrimSpace(h.ISPName),
		DryRun:            h.DryRun,
		Verdict:           i18n.T(Verdict(h.Report, i18n.PT), Verdict(h.Report, i18n.EN)),
		Link:              handoffLink{Method: p.Link.Method, Plans: nonNil(p.Link.Plans), Contracts: nonNil(p.Link.Contracts), PlanDetails: h.Plans},
		Auth:              handoffAuth{Method: p.Auth.Method},
		OK:                h.Report != nil && h.Report.OK(),
		Summary: jsonSummary{
			Errors: sum.Errors, Warnings: sum.Warnings, EntitledContracts: sum.EntitledContracts,
			ReadyContracts: sum.ReadyContracts, ReadyEmployees: sum.ReadyEmployees,
		},
		Steps:    []handoffStep{},
		Findings: []handoffFinding{},
	}
	if tok := h.token(); tok != "" {
		out.IXC.Token = &tok
	}
	if h.Report != nil {
		a := auditJSON(h.Report, h.Lang, Meta{GeneratedAt: h.generatedAt()})
		out.Audit = &a
	}
	for _, pr := range p.Products {
		out.Products = append(out.Products, handoffProduct{Offer: pr.Offer, ID: pr.ID, Name: h.productName(pr)})
	}
	if h.Report != nil {
		for _, s := range h.Report.Steps {
			out.Steps = append(out.Steps, handoffStep{Step: s.Step, Status: string(s.Status)})
		}
	}
	for _, o := range h.findings() {
		hf := handoffFinding{Step: o.step, Code: o.f.Code,
			Severity: o.f.Severity.String(), Message: o.f.Message, Records: len(o.f.Records)}
		if o.f.Severity == steps.Error {
			hf.IDs = o.f.Records
		}
		out.Findings = append(out.Findings, hf)
	}
	return writeJSON(w, out)
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
