package report

// What changed in the configuration between a baseline and this audit: a
// different link or auth method, other products, other listed plans or
// contracts, another token user. When it changed, part of the "new" and
// "resolved" records comes from the change, not from IXC, and the drift
// report says so.
//
// What a baseline records of its configuration:
//   - an audit JSON (audit/v1): only ixc.token_user; the methods, products,
//     plans and contracts are not in it, so they are not compared;
//   - a hand-off JSON: ixc.token_user (of its audit), integration_method,
//     products, link (method, plans, contracts) and auth (method).
//
// A field a baseline does not record is never compared. The baseline file
// is untrusted: every value kept from it is cleaned (textsafe) and bounded.

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// Fields of a configuration change (ConfigChange.Field), in the order of
// the profile's sections.
const (
	ConfigTokenUser   = "ixc.token_user"
	ConfigIntegration = "integration.method"
	ConfigProduct     = "product." // + the offer: product.leveduca
	ConfigLinkMethod  = "link.method"
	ConfigPlans       = "link.plans"
	ConfigContracts   = "link.contracts"
	ConfigAuthMethod  = "auth.method"
)

// ConfigChange is one setting that differs between the baseline and this
// audit. Before and After hold one value for a method or the token user
// ("" when not set), the ids of a list, and for a product the offer's id
// (none: the offer was not configured). Values from the baseline are
// cleaned and bounded.
type ConfigChange struct {
	Field         string
	Before, After []string
}

// Limits on what a baseline's configuration may bring in.
const (
	maxConfigValue  = 40  // runes of a method or an id
	maxConfigOffers = 8   // offers read from a baseline's products
	maxConfigIDs    = 1e5 // ids of a plan or contract list
)

// baseConfig is what a baseline records of its configuration; a nil
// field was not recorded.
type baseConfig struct {
	integration *string
	products    map[string]string // offer → id; nil: not recorded
	offers      []string          // the offers of products, in file order
	linkMethod  *string
	plans       *[]string
	contracts   *[]string
	authMethod  *string
}

// handoffConfigJSON is the configuration at the top of a hand-off JSON.
// Each key is read on its own: a key that is missing or of another shape
// is not recorded, never an error.
type handoffConfigJSON struct {
	IntegrationMethod json.RawMessage `json:"integration_method"`
	Products          json.RawMessage `json:"products"`
	Link              json.RawMessage `json:"link"`
	Auth              json.RawMessage `json:"auth"`
}

func (h handoffConfigJSON) config() *baseConfig {
	c := &baseConfig{}
	var s string
	if json.Unmarshal(h.IntegrationMethod, &s) == nil {
		c.integration = ptr(configValue(s))
	}
	var prods []struct {
		Offer string `json:"offer"`
		ID    string `json:"id"`
	}
	if h.Products != nil && json.Unmarshal(h.Products, &prods) == nil && prods != nil {
		c.products = map[string]string{}
		for _, p := range prods {
			offer := configValue(p.Offer)
			if _, dup := c.products[offer]; dup || offer == "" {
				continue
			}
			if len(c.offers) == maxConfigOffers {
				break
			}
			c.offers = append(c.offers, offer)
			c.products[offer] = configValue(p.ID)
		}
	}
	var link struct {
		Method, Plans, Contracts json.RawMessage
	}
	if h.Link != nil && json.Unmarshal(h.Link, &link) == nil {
		if json.Unmarshal(link.Method, &s) == nil {
			c.linkMethod = ptr(configValue(s))
		}
		var ids []string
		if json.Unmarshal(link.Plans, &ids) == nil && ids != nil {
			c.plans = configIDs(ids)
		}
		ids = nil
		if json.Unmarshal(link.Contracts, &ids) == nil && ids != nil {
			c.contracts = configIDs(ids)
		}
	}
	var auth struct {
		Method *string `json:"method"`
	}
	if h.Auth != nil && json.Unmarshal(h.Auth, &auth) == nil && auth.Method != nil {
		c.authMethod = ptr(configValue(*auth.Method))
	}
	return c
}

func ptr[T any](v T) *T { return &v }

// configValue cleans a value read from a baseline and bounds it.
func configValue(s string) string { return cleanText(strings.TrimSpace(s), maxConfigValue) }

// configIDs cleans a list of ids read from a baseline, once each, at most
// maxConfigIDs of them.
func configIDs(ids []string) *[]string {
	out := []string{}
	seen := map[string]bool{}
	for _, id := range ids {
		if len(out) == maxConfigIDs {
			break
		}
		if v := configValue(id); !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return &out
}

// configChanges compares the baseline's configuration with this audit's:
// its token user and, when known, the profile it ran with. Only what both
// sides record is compared.
func configChanges(b *Baseline, tokenUser string, p *profile.Profile) []ConfigChange {
	var out []ConfigChange
	one := func(field, before, after string) {
		if before != after {
			out = append(out, ConfigChange{Field: field, Before: []string{before}, After: []string{after}})
		}
	}
	if b.TokenUser != "" && tokenUser != "" {
		one(ConfigTokenUser, b.TokenUser, tokenUser)
	}
	c := b.config
	if c == nil || p == nil {
		return out
	}
	integration := func(m string) string {
		if m == "" {
			return string(profile.IntegrationProduct)
		}
		return m
	}
	nowInt := integration(string(p.Integration.Method))
	thenInt := nowInt
	if c.integration != nil {
		thenInt = integration(*c.integration)
		one(ConfigIntegration, thenInt, nowInt)
	}
	// Products and links matter only to an integration by product.
	byProduct := thenInt == string(profile.IntegrationProduct) && nowInt == string(profile.IntegrationProduct)
	if byProduct && c.products != nil {
		now := map[string]string{}
		offers := slices.Clone(c.offers)
		for _, pr := range p.Products {
			now[pr.Offer] = pr.ID
			if !slices.Contains(offers, pr.Offer) {
				offers = append(offers, pr.Offer)
			}
		}
		// The offers in the profile's order (LevEduca, then Paramount+),
		// any other after them.
		slices.SortStableFunc(offers, func(a, b string) int { return offerRank(a) - offerRank(b) })
		for _, o := range offers {
			then, inThen := c.products[o]
			id, inNow := now[o]
			if inThen == inNow && then == id {
				continue
			}
			ch := ConfigChange{Field: ConfigProduct + o, Before: []string{}, After: []string{}}
			if inThen {
				ch.Before = []string{then}
			}
			if inNow {
				ch.After = []string{id}
			}
			out = append(out, ch)
		}
	}
	nowLink := string(p.Link.Method)
	thenLink := nowLink
	if byProduct && c.linkMethod != nil {
		thenLink = *c.linkMethod
		one(ConfigLinkMethod, thenLink, nowLink)
	}
	list := func(field string, then *[]string, now []string) {
		if then == nil || sameSet(*then, now) {
			return
		}
		out = append(out, ConfigChange{Field: field, Before: *then, After: nonNil(uniqueStrings(now))})
	}
	byContract := func(m string) bool {
		return m == string(profile.LinkContract) || m == string(profile.LinkAdditionalService)
	}
	// A list is compared when both audits used it: the link method's
	// change says the rest.
	if byProduct && thenLink == string(profile.LinkPlan) && nowLink == string(profile.LinkPlan) {
		list(ConfigPlans, c.plans, p.Link.Plans)
	}
	if byProduct && byContract(thenLink) && byContract(nowLink) {
		list(ConfigContracts, c.contracts, p.Link.Contracts)
	}
	if c.authMethod != nil {
		one(ConfigAuthMethod, *c.authMethod, string(p.Auth.Method))
	}
	return out
}

func offerRank(o string) int {
	if i := slices.Index(profile.Offers, o); i >= 0 {
		return i
	}
	return len(profile.Offers)
}

func uniqueStrings(s []string) []string {
	var out []string
	for _, v := range s {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	in := map[string]bool{}
	for _, v := range a {
		in[v] = true
	}
	nb := map[string]bool{}
	for _, v := range b {
		if !in[v] {
			return false
		}
		nb[v] = true
	}
	return len(nb) == len(in)
}

// CompareConfig adds to the comparison what changed in the configuration,
// given the profile this audit ran with (nil: only the token user, which
// every report records, is compared).
func (d *Drift) CompareConfig(p *profile.Profile) {
	d.Config = configChanges(d.Baseline, d.tokenUser, p)
}

// label names the field in a sentence: "método de vínculo".
func (c ConfigChange) label() i18n.Text {
	switch c.Field {
	case ConfigTokenUser:
		return i18n.T("usuário do token", "token user")
	case ConfigIntegration:
		return i18n.T("método de integração", "integration method")
	case ConfigLinkMethod:
		return i18n.T("método de vínculo", "link method")
	case ConfigPlans:
		return i18n.T("planos listados", "listed plans")
	case ConfigContracts:
		return i18n.T("contratos listados", "listed contracts")
	case ConfigAuthMethod:
		return i18n.T("método de autenticação", "auth method")
	}
	offer := offerName(strings.TrimPrefix(c.Field, ConfigProduct))
	return i18n.T("produto da oferta "+offer, offer+" offer's product")
}

// value writes one side as people read it: "plano", "12, 14", "nenhum";
// a list shows at most limit ids.
func (c ConfigChange) value(v []string, limit int, lang i18n.Lang) string {
	tr := func(pt, en string) string { return i18n.T(pt, en).In(lang) }
	switch c.Field {
	case ConfigPlans, ConfigContracts:
		if len(v) == 0 {
			if c.Field == ConfigPlans {
				return tr("nenhum", "none")
			}
			return tr("todos os que têm o produto", "every contract holding the product")
		}
		return idsText(v, limit, lang)
	}
	if strings.HasPrefix(c.Field, ConfigProduct) {
		switch {
		case len(v) == 0:
			return tr("nenhum", "none")
		case v[0] == "":
			return tr("sem id", "no id")
		}
		return v[0]
	}
	s := ""
	if len(v) > 0 {
		s = v[0]
	}
	if s == "" {
		return tr("não definido", "not set")
	}
	switch c.Field {
	case ConfigIntegration:
		switch profile.IntegrationMethod(s) {
		case profile.IntegrationProduct:
			return tr("produto", "product")
		case profile.IntegrationNone:
			return tr("sem produto", "no product")
		}
	case ConfigLinkMethod:
		switch profile.LinkMethod(s) {
		case profile.LinkPlan:
			return tr("plano", "plan")
		case profile.LinkContract:
			return tr("contrato", "contract")
		case profile.LinkAdditionalService:
			return tr("serviço adicional", "additional service")
		}
	case ConfigAuthMethod:
		switch profile.AuthMethod(s) {
		case profile.AuthHotsite:
			return "Hotsite"
		case profile.AuthPPPoE:
			return "PPPoE"
		case profile.AuthCPFCNPJ:
			return tr("CPF/CNPJ do cliente", "customer's CPF/CNPJ")
		case profile.AuthEmployeeCPF:
			return tr("CPF do colaborador", "employee's CPF")
		}
	}
	return s
}

// idsText lists at most limit ids, then how many more.
func idsText(ids []string, limit int, lang i18n.Lang) string {
	n := min(len(ids), limit)
	s := strings.Join(ids[:n], ", ")
	if rest := len(ids) - n; rest > 0 {
		s += " … (+" + i18n.Count(lang, rest) + ")"
	}
	return s
}

// Text is the change in words: "método de vínculo plano → contrato"; a
// list shows at most limit ids per side.
func (c ConfigChange) Text(lang i18n.Lang, limit int) string {
	return c.label().In(lang) + " " + c.value(c.Before, limit, lang) + " → " + c.value(c.After, limit, lang)
}

// ConfigNote is the sentence that opens the drift section when the
// configuration changed ("" when it did not): "A configuração mudou desde
// a base: método de vínculo plano → contrato. Parte das diferenças abaixo
// vem dessa mudança." Lists show at most limit ids per side.
func (d *Drift) ConfigNote(lang i18n.Lang, limit int) string {
	if d == nil || len(d.Config) == 0 {
		return ""
	}
	parts := make([]string, len(d.Config))
	for i, c := range d.Config {
		parts[i] = c.Text(lang, limit)
	}
	return i18n.T("A configuração mudou desde a base: ", "The configuration changed since the baseline: ").In(lang) +
		strings.Join(parts, "; ") + ". " +
		i18n.T("Parte das diferenças abaixo vem dessa mudança.", "Some of the differences below come from that change.").In(lang)
}

// jsonConfigChange is one entry of the baseline object's config_changes:
// values as the profile writes them, lists as ids joined by ", ".
type jsonConfigChange struct {
	Field  string `json:"field"`
	Before string `json:"before"`
	After  string `json:"after"`
}

func configJSON(cs []ConfigChange) []jsonConfigChange {
	if len(cs) == 0 {
		return nil
	}
	side := func(c ConfigChange, v []string) string {
		if c.Field == ConfigPlans || c.Field == ConfigContracts {
			if len(v) == 0 {
				return ""
			}
			return idsText(v, MaxMarkdownRecords, i18n.EN)
		}
		if len(v) == 0 {
			return ""
		}
		return v[0]
	}
	out := make([]jsonConfigChange, len(cs))
	for i, c := range cs {
		out[i] = jsonConfigChange{Field: c.Field, Before: side(c, c.Before), After: side(c, c.After)}
	}
	return out
}
