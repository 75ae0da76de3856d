// Package profile reads, validates and writes the ixc-leveduca profile: the
// TOML file of design.md §4.1 that tells audit and apply how an ISP's IXC
// is (or must be) set up for LevEduca.
//
// The API token's secret part is never stored in a profile: only the id part
// (ixc.token_user). A "token" or "hash" key is rejected with a message that
// points to the IXC_TOKEN environment variable.
package profile

import (
	"errors"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"unicode/utf8"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// Offers (product.offer).
const (
	OfferLevEduca  = "leveduca"
	OfferParamount = "paramount"
)

// Tributacao values (product.tributacao, IXC produtos.icms_issqn).
const (
	TributacaoICMS  = "ICMS"
	TributacaoISSQN = "ISSQN"
	TributacaoNT    = "NT"
)

// RepeatAlways is link.repeat for an additional service repeated forever
// (IXC repetir = "S").
const RepeatAlways = "always"

// The allowed values of each enumeration, in the order messages list them.
var (
	IntegrationMethods = []IntegrationMethod{IntegrationProduct, IntegrationNone}
	Offers             = []string{OfferLevEduca, OfferParamount}
	LinkMethods        = []LinkMethod{LinkPlan, LinkContract, LinkAdditionalService}
	AuthMethods        = []AuthMethod{AuthHotsite, AuthPPPoE, AuthCPFCNPJ, AuthEmployeeCPF}
	Tributacoes        = []string{TributacaoICMS, TributacaoISSQN, TributacaoNT}
)

// Profile is the whole profile file.
type Profile struct {
	IXC         IXC         `toml:"ixc"`
	Integration Integration `toml:"integration"`
	Products    []Product   `toml:"product"`
	Link        Link        `toml:"link"`
	Auth        Auth        `toml:"auth"`
}

// IXC holds the connection settings. URL is kept as written (the caller
// normalizes it); it may be empty when IXC_URL supplies it.
type IXC struct {
	URL         string `toml:"url"`
	TokenUser   string `toml:"token_user"` // the id part of the token
	InsecureTLS bool   `toml:"insecure_tls"`
	CACert      string `toml:"ca_cert"`
	// AllowHTTP accepts plain http to a host that is not loopback (a LAN
	// IXC); every run then warns that the token crosses the network in
	// clear text.
	AllowHTTP bool `toml:"allow_http"`
}

// Integration is the method agreed with LevEduca.
type Integration struct {
	Method IntegrationMethod `toml:"method"` // "product" (default when empty) | "none"
}

// Product is one product per offer: an existing one (ID) or, for apply, the
// description of the product to create.
type Product struct {
	Offer       string `toml:"offer"` // "leveduca" | "paramount"
	ID          string `toml:"id"`
	Name        string `toml:"name"`
	Subgroup    string `toml:"subgroup"`     // sub_grupo_produdos id
	Price       string `toml:"price"`        // canonical "9.90" after Parse
	Tributacao  string `toml:"tributacao"`   // "ICMS" | "ISSQN" | "NT"
	FiscalClass string `toml:"fiscal_class"` // produtos.id_class_fiscal
}

// Link says how the product reaches the contracts.
type Link struct {
	Method       LinkMethod `toml:"method"` // "plan" | "contract" | "additional_service"
	Plans        []string   `toml:"plans"`
	Contracts    []string   `toml:"contracts"`
	ServiceValue string     `toml:"service_value"` // canonical "9.90" after Parse
	Repeat       string     `toml:"repeat"`        // "always" or a positive integer
}

// Auth is how subscribers log in to LevEduca.
type Auth struct {
	Method AuthMethod `toml:"method"` // "hotsite" | "pppoe" | "cpf_cnpj" | "employee_cpf"
}

// Parse reads a profile from TOML, checks it with Validate(false) and
// returns it in canonical form: defaults applied (integration.method
// "product"), enumerations lower-case (tributacao upper-case), prices as
// "9.90", ids as decimal strings. Every error is an *Error.
func Parse(data []byte) (*Profile, error) {
	p, err := decode(data)
	if err != nil {
		return nil, err
	}
	q, err := p.canonical(false)
	if err != nil {
		return nil, err
	}
	return q, nil
}

// MaxFileSize is the largest profile file Load reads: a real profile is a
// few hundred bytes, so anything near this is the wrong file.
const MaxFileSize = 1 << 20

// errNotRegular is why a FIFO, a device or a directory is not read as a
// profile (a FIFO would block the read forever).
var errNotRegular = errors.New("not a regular file")

// readLimited reads at most MaxFileSize+1 bytes of path, which must be a
// regular file (a symbolic link to one is fine): it is checked before it is
// opened, so opening a FIFO never blocks, and again once open.
func readLimited(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errNotRegular
	}
	// O_NONBLOCK: a FIFO swapped in after the check does not block the
	// open either (it has no effect on a regular file's reads).
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() {
		return nil, errNotRegular
	}
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}

// Load reads and parses the profile file at path. Errors are *Error and
// name the path.
func Load(path string) (*Profile, error) {
	data, err := readLimited(path)
	if errors.Is(err, errNotRegular) {
		return nil, &Error{Msg: i18n.Tf(
			"não foi possível ler o perfil %q: não é um arquivo comum (é uma pasta, um pipe ou um dispositivo)",
			"cannot read the profile %q: not a regular file (a directory, a pipe or a device)", path), err: err}
	}
	if err != nil {
		// The operating system's cause in words, never its English text
		// in a Portuguese message.
		r, ok := i18n.OSReason(err)
		if !ok {
			r = i18n.T("falha de leitura", "read failure")
		}
		return nil, &Error{Msg: i18n.T(
			"não foi possível ler o perfil "+strconv.Quote(path)+": "+r.PT,
			"cannot read the profile "+strconv.Quote(path)+": "+r.EN), err: err}
	}
	if len(data) > MaxFileSize {
		return nil, &Error{Msg: i18n.Tf(
			"perfil %s: o perfil tem mais de %d KB; um perfil tem poucas linhas: confira se é o arquivo certo",
			"profile %s: the profile is larger than %d KB; a profile has a few lines: check that this is the right file",
			path, MaxFileSize>>10)}
	}
	p, err := Parse(data)
	if err != nil {
		pe := err.(*Error)
		return nil, &Error{Key: pe.Key, Msg: i18n.T(
			"perfil "+path+": "+pe.Msg.PT,
			"profile "+path+": "+pe.Msg.EN), err: pe}
	}
	return p, nil
}

// Validate checks the profile without changing it. With forApply it also
// checks what apply needs: every product has an id or all the fields to
// create it, and link method "additional_service" has service_value and
// repeat. The error is an *Error naming the key.
func (p *Profile) Validate(forApply bool) error {
	if _, err := p.canonical(forApply); err != nil {
		return err
	}
	return nil
}

// Product returns the product for offer ("leveduca" or "paramount").
func (p *Profile) Product(offer string) (Product, bool) {
	offer = strings.ToLower(strings.TrimSpace(offer))
	for _, pr := range p.Products {
		if strings.ToLower(strings.TrimSpace(pr.Offer)) == offer {
			return pr, true
		}
	}
	return Product{}, false
}

// canonical validates p and returns a canonical deep copy. It reports the
// first problem found, in file order of sections.
func (p *Profile) canonical(forApply bool) (*Profile, *Error) {
	q := &Profile{
		IXC:         p.IXC,
		Integration: p.Integration,
		Products:    slices.Clone(p.Products),
		Link:        p.Link,
		Auth:        p.Auth,
	}
	q.Link.Plans = slices.Clone(p.Link.Plans)
	q.Link.Contracts = slices.Clone(p.Link.Contracts)

	// [ixc]
	for _, f := range []struct{ key, val string }{{"ixc.url", q.IXC.URL}, {"ixc.ca_cert", q.IXC.CACert}} {
		if err := checkText(f.key, f.val); err != nil {
			return nil, err
		}
	}
	if q.IXC.TokenUser != "" {
		if _, err := ParseID(q.IXC.TokenUser); err != nil {
			// The value is never shown: it may be the whole "id:hash" token.
			if strings.Contains(q.IXC.TokenUser, ":") {
				return nil, keyErr("ixc.token_user",
					"use só o id do token (a parte antes de \":\"); o token completo vai na variável de ambiente IXC_TOKEN, nunca no perfil",
					"use only the token's id (the part before \":\"); the full token goes in the IXC_TOKEN environment variable, never in the profile")
			}
			return nil, keyErr("ixc.token_user",
				"id de usuário inválido: use o número do usuário do token, por exemplo \"42\"",
				"invalid user id: use the number of the token's user, for example \"42\"")
		}
	}

	// [integration]
	m, err := enum("integration.method", q.Integration.Method, IntegrationMethods)
	if err != nil {
		return nil, err
	}
	if m == "" {
		m = IntegrationProduct
	}
	q.Integration.Method = m

	// [[product]]
	seen := map[string]int{}
	for i := range q.Products {
		pr := &q.Products[i]
		key := func(f string) string { return "product[" + itoa(i) + "]." + f }
		if strings.TrimSpace(pr.Offer) == "" {
			pt, en := orList(Offers)
			k := key("offer")
			return nil, &Error{Key: k, Msg: i18n.T(
				k+": obrigatório em cada [[product]]; use "+pt,
				k+": required in every [[product]]; use "+en)}
		}
		if pr.Offer, err = enum(key("offer"), pr.Offer, Offers); err != nil {
			return nil, err
		}
		if j, dup := seen[pr.Offer]; dup {
			return nil, keyErr(key("offer"),
				"oferta %q repetida (já está em product[%d]); use um só [[product]] por oferta",
				"offer %q repeated (already in product[%d]); use a single [[product]] per offer", pr.Offer, j)
		}
		seen[pr.Offer] = i
		for _, f := range []struct{ name, val string }{{"id", pr.ID}, {"subgroup", pr.Subgroup}, {"fiscal_class", pr.FiscalClass}} {
			if err := checkID(key(f.name), f.val); err != nil {
				return nil, err
			}
		}
		if err := checkText(key("name"), pr.Name); err != nil {
			return nil, err
		}
		pr.Name = strings.TrimSpace(pr.Name)
		if pr.Price != "" {
			c, perr := ParsePrice(pr.Price)
			if perr != nil {
				return nil, wrap(key("price"), perr)
			}
			pr.Price = c
		}
		if pr.Tributacao != "" {
			t := strings.ToUpper(strings.TrimSpace(pr.Tributacao))
			if !slices.Contains(Tributacoes, t) {
				return nil, enumErr(key("tributacao"), pr.Tributacao, Tributacoes)
			}
			pr.Tributacao = t
		}
		if forApply && pr.ID == "" {
			var missing []string
			for _, f := range []struct{ name, val string }{
				{"name", pr.Name}, {"subgroup", pr.Subgroup}, {"price", pr.Price},
				{"tributacao", pr.Tributacao}, {"fiscal_class", pr.FiscalClass},
			} {
				if f.val == "" {
					missing = append(missing, f.name)
				}
			}
			if len(missing) > 0 {
				k := "product[" + itoa(i) + "]"
				list := strings.Join(missing, ", ")
				return nil, keyErr(k,
					"para o apply, informe o id de um produto existente ou todos os campos para criá-lo; faltam: %s",
					"for apply, give the id of an existing product or every field needed to create it; missing: %s", list)
			}
		}
	}

	// [link]
	if q.Link.Method, err = enum("link.method", q.Link.Method, LinkMethods); err != nil {
		return nil, err
	}
	for _, l := range []struct {
		name string
		ids  []string
	}{{"plans", q.Link.Plans}, {"contracts", q.Link.Contracts}} {
		first := map[string]int{}
		for j, id := range l.ids {
			k := "link." + l.name + "[" + itoa(j) + "]"
			if id == "" {
				return nil, keyErr(k, "id vazio; use um número inteiro positivo como \"12\"",
					"empty id; use a positive integer such as \"12\"")
			}
			if err := checkID(k, id); err != nil {
				return nil, err
			}
			if f, dup := first[id]; dup {
				return nil, keyErr(k, "id %q repetido (já está em link.%s[%d]); remova a repetição",
					"id %q repeated (already in link.%s[%d]); remove the duplicate", id, l.name, f)
			}
			first[id] = j
		}
	}
	if q.Link.ServiceValue != "" {
		c, perr := ParsePrice(q.Link.ServiceValue)
		if perr != nil {
			return nil, wrap("link.service_value", perr)
		}
		q.Link.ServiceValue = c
	}
	if q.Link.Repeat != "" {
		c, ok := parseRepeat(q.Link.Repeat)
		if !ok {
			return nil, keyErr("link.repeat",
				"valor %s inválido; use \"always\" (repetir sempre) ou um número de vezes entre 1 e %d, por exemplo \"12\"",
				"invalid value %s; use \"always\" (repeat forever) or a number of times from 1 to %d, for example \"12\"",
				show(q.Link.Repeat), maxRepeat)
		}
		q.Link.Repeat = c
	}
	if forApply && q.Link.Method == LinkAdditionalService {
		if q.Link.ServiceValue == "" {
			return nil, keyErr("link.service_value",
				"obrigatório para o método \"additional_service\": o valor do serviço adicional em reais, por exemplo \"9,90\"",
				"required by method \"additional_service\": the additional service's value in reais, for example \"9,90\"")
		}
		if q.Link.Repeat == "" {
			return nil, keyErr("link.repeat",
				"obrigatório para o método \"additional_service\": \"always\" ou um número de vezes",
				"required by method \"additional_service\": \"always\" or a number of times")
		}
	}

	// [auth]
	if q.Auth.Method, err = enum("auth.method", q.Auth.Method, AuthMethods); err != nil {
		return nil, err
	}
	return q, nil
}

// enum checks an optional enumeration value (case-insensitive, surrounding
// spaces ignored) and returns it canonical; empty stays empty.
func enum[E ~string](key string, val E, allowed []E) (E, *Error) {
	if val == "" {
		return "", nil
	}
	v := E(strings.ToLower(strings.TrimSpace(string(val))))
	if !slices.Contains(allowed, v) {
		names := make([]string, len(allowed))
		for i, a := range allowed {
			names[i] = string(a)
		}
		return "", enumErr(key, string(val), names)
	}
	return v, nil
}

// checkID checks an optional id ("" means not set).
func checkID(key, val string) *Error {
	if val == "" {
		return nil
	}
	if _, err := ParseID(val); err != nil {
		return wrap(key, err)
	}
	return nil
}

// checkText rejects strings TOML cannot hold: invalid UTF-8 and control
// characters other than tab.
func checkText(key, val string) *Error {
	if !utf8.ValidString(val) {
		return keyErr(key, "texto com bytes inválidos (não é UTF-8)", "text with invalid bytes (not UTF-8)")
	}
	for _, r := range val {
		if r < 0x20 && r != '\t' || r == 0x7f {
			return keyErr(key, "texto com caracteres de controle; escreva numa só linha",
				"text with control characters; write it on a single line")
		}
	}
	return nil
}

// wrap turns a localized value error into an *Error for key.
func wrap(key string, err error) *Error {
	var t i18n.Text
	if l, ok := err.(i18n.Localized); ok {
		t = l.Text()
	} else {
		t = i18n.T(err.Error(), err.Error())
	}
	return &Error{Key: key, Msg: i18n.T(key+": "+t.PT, key+": "+t.EN), err: err}
}

func itoa(i int) string { return strconv.Itoa(i) }
