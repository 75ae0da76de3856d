package profile

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// The schema: every section and its keys, in file order.
var (
	sections = []string{"ixc", "integration", "product", "link", "auth"}
	fields   = map[string][]string{
		"ixc":         {"url", "token_user", "insecure_tls", "ca_cert", "allow_http"},
		"integration": {"method"},
		"product":     {"offer", "id", "name", "subgroup", "price", "tributacao", "fiscal_class"},
		"link":        {"method", "plans", "contracts", "service_value", "repeat"},
		"auth":        {"method"},
	}
)

// tokenKeys are keys someone might use to store the token's secret.
var tokenKeys = map[string]bool{
	"token": true, "hash": true, "token_hash": true, "token_secret": true, "secret": true,
	"ixc_token": true, "api_token": true, "password": true, "senha": true,
}

// The raw document: sections are decoded one by one (to report a wrong
// shape by name) and values are decoded as any (to check types ourselves
// and to accept TOML integers for ids).
type rawDoc struct {
	IXC         toml.Primitive `toml:"ixc"`
	Integration toml.Primitive `toml:"integration"`
	Product     toml.Primitive `toml:"product"`
	Link        toml.Primitive `toml:"link"`
	Auth        toml.Primitive `toml:"auth"`
}

type rawIXC struct {
	URL         any `toml:"url"`
	TokenUser   any `toml:"token_user"`
	InsecureTLS any `toml:"insecure_tls"`
	CACert      any `toml:"ca_cert"`
	AllowHTTP   any `toml:"allow_http"`
}

type rawMethod struct {
	Method any `toml:"method"`
}

type rawProduct struct {
	Offer       any `toml:"offer"`
	ID          any `toml:"id"`
	Name        any `toml:"name"`
	Subgroup    any `toml:"subgroup"`
	Price       any `toml:"price"`
	Tributacao  any `toml:"tributacao"`
	FiscalClass any `toml:"fiscal_class"`
}

type rawLink struct {
	Method       any `toml:"method"`
	Plans        any `toml:"plans"`
	Contracts    any `toml:"contracts"`
	ServiceValue any `toml:"service_value"`
	Repeat       any `toml:"repeat"`
}

// decode turns TOML into a Profile, checking syntax, unknown keys, section
// shapes and value types; values themselves are checked by canonical.
func decode(data []byte) (*Profile, *Error) {
	if e := checkNesting(data); e != nil {
		return nil, e
	}
	var raw rawDoc
	md, err := toml.Decode(string(data), &raw)
	if err != nil {
		return nil, syntaxErr(err)
	}

	var (
		ixc                rawIXC
		integ, auth        rawMethod
		prods              []rawProduct
		link               rawLink
		shapePT, shapeEN   string
		sectionPrimitives  = []toml.Primitive{raw.IXC, raw.Integration, raw.Product, raw.Link, raw.Auth}
		sectionDestination = []any{&ixc, &integ, &prods, &link, &auth}
	)
	for i, name := range sections {
		if !md.IsDefined(name) {
			continue
		}
		if err := md.PrimitiveDecode(sectionPrimitives[i], sectionDestination[i]); err != nil {
			if name == "product" {
				shapePT = "cada produto é um bloco [[product]] (com dois colchetes), um por oferta"
				shapeEN = "each product is a [[product]] block (double brackets), one per offer"
			} else {
				shapePT = fmt.Sprintf("deve ser uma seção [%s]", name)
				shapeEN = fmt.Sprintf("must be a [%s] section", name)
			}
			return nil, msgErr(name, shapePT, shapeEN)
		}
	}
	if e := unknownKey(md, raw.Product); e != nil {
		return nil, e
	}

	p := &Profile{}
	var e *Error
	if p.IXC.URL, e = asString("ixc.url", ixc.URL); e != nil {
		return nil, e
	}
	if p.IXC.TokenUser, e = asID("ixc.token_user", ixc.TokenUser); e != nil {
		return nil, e
	}
	if ixc.InsecureTLS != nil {
		b, ok := ixc.InsecureTLS.(bool)
		if !ok {
			return nil, typeErr("ixc.insecure_tls", ixc.InsecureTLS,
				"deve ser true ou false (sem aspas)", "must be true or false (without quotes)")
		}
		p.IXC.InsecureTLS = b
	}
	if p.IXC.CACert, e = asString("ixc.ca_cert", ixc.CACert); e != nil {
		return nil, e
	}
	if ixc.AllowHTTP != nil {
		b, ok := ixc.AllowHTTP.(bool)
		if !ok {
			return nil, typeErr("ixc.allow_http", ixc.AllowHTTP,
				"deve ser true ou false (sem aspas)", "must be true or false (without quotes)")
		}
		p.IXC.AllowHTTP = b
	}
	if p.Integration.Method, e = asEnum[IntegrationMethod]("integration.method", integ.Method); e != nil {
		return nil, e
	}
	for i, rp := range prods {
		k := func(f string) string { return "product[" + strconv.Itoa(i) + "]." + f }
		var pr Product
		for _, f := range []struct {
			key string
			val any
			dst *string
			as  func(string, any) (string, *Error)
		}{
			{k("offer"), rp.Offer, &pr.Offer, asString},
			{k("id"), rp.ID, &pr.ID, asID},
			{k("name"), rp.Name, &pr.Name, asString},
			{k("subgroup"), rp.Subgroup, &pr.Subgroup, asID},
			{k("price"), rp.Price, &pr.Price, asPrice},
			{k("tributacao"), rp.Tributacao, &pr.Tributacao, asString},
			{k("fiscal_class"), rp.FiscalClass, &pr.FiscalClass, asID},
		} {
			if *f.dst, e = f.as(f.key, f.val); e != nil {
				return nil, e
			}
		}
		p.Products = append(p.Products, pr)
	}
	if p.Link.Method, e = asEnum[LinkMethod]("link.method", link.Method); e != nil {
		return nil, e
	}
	if p.Link.Plans, e = asIDList("link.plans", link.Plans); e != nil {
		return nil, e
	}
	if p.Link.Contracts, e = asIDList("link.contracts", link.Contracts); e != nil {
		return nil, e
	}
	if p.Link.ServiceValue, e = asPrice("link.service_value", link.ServiceValue); e != nil {
		return nil, e
	}
	if link.Repeat != nil {
		switch v := link.Repeat.(type) {
		case string:
			p.Link.Repeat = v
		case int64:
			p.Link.Repeat = strconv.FormatInt(v, 10)
		default:
			return nil, typeErr("link.repeat", v,
				"deve ser \"always\" ou um número de vezes", "must be \"always\" or a number of times")
		}
	}
	if p.Auth.Method, e = asEnum[AuthMethod]("auth.method", auth.Method); e != nil {
		return nil, e
	}
	return p, nil
}

// unknownKey reports the first key, in file order, that the schema does not
// know: keys left undecoded, and keys that only matched a field by case
// (the TOML decoder folds case; the profile does not).
func unknownKey(md toml.MetaData, products toml.Primitive) *Error {
	undecoded := map[string]bool{}
	for _, k := range md.Undecoded() {
		undecoded[k.String()] = true
	}
	// Each [[product]] header lists the key "product" once; an inline array
	// (product = [{...}, {...}]) lists it once in all, so its element is
	// found by looking for the key in the elements themselves.
	var elems []map[string]any
	headers := 0
	for _, k := range md.Keys() {
		if len(k) == 1 && k[0] == "product" {
			headers++
		}
	}
	if md.IsDefined("product") {
		_ = md.PrimitiveDecode(products, &elems)
	}
	inline := headers != len(elems)
	product := -1
	for _, k := range md.Keys() {
		if len(k) == 1 && k[0] == "product" {
			product++
		}
		known := isIn(sections, k[0]) && (len(k) == 1 || isIn(fields[k[0]], k[1]))
		if known && (len(k) > 2 || !undecoded[k.String()]) {
			// Deeper keys sit under a value key: a type error, reported later.
			continue
		}
		if !isIn(sections, k[0]) {
			e := unknownErr(quoteKey(k[0]), "", k[0])
			if len(k) > 1 || strings.HasPrefix(md.Type(k[0]), "Hash") || md.Type(k[0]) == "ArrayHash" {
				// A table: say "section" rather than "key".
				e.Msg.PT = strings.Replace(e.Msg.PT, "chave desconhecida", "seção desconhecida", 1)
				e.Msg.EN = strings.Replace(e.Msg.EN, "unknown key", "unknown section", 1)
			}
			return e
		}
		path := k[0]
		if k[0] == "product" {
			i := max(product, 0)
			if inline {
				for j, el := range elems {
					if _, ok := el[k[1]]; ok {
						i = j
						break
					}
				}
			}
			path = fmt.Sprintf("product[%d]", i)
		}
		return unknownErr(path+"."+quoteKey(k[1]), k[0], k[1])
	}
	return nil
}

func isIn(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// quoteKey writes a key component as TOML would need it; a name that looks
// like a token secret (see show) is replaced by "(…)".
func quoteKey(s string) string {
	if show(s) == "(…)" {
		return "(…)"
	}
	return toml.Key{s}.String()
}

// unknownErr builds the message for an unknown key named name in section
// ("" for the top level); path is the key as reported.
func unknownErr(path, section, name string) *Error {
	if (section == "" || section == "ixc") && tokenKeys[strings.ToLower(name)] {
		return keyErr(path,
			"o token nunca fica no perfil; apague esta chave e defina a variável de ambiente IXC_TOKEN=id:hash (em [ixc], token_user guarda só o id)",
			"the token is never stored in the profile; delete this key and set the environment variable IXC_TOKEN=id:hash ([ixc] token_user holds the id only)")
	}
	var valid []string
	var wherePT, whereEN string
	if section == "" {
		for _, s := range sections {
			if s == "product" {
				valid = append(valid, "[[product]]")
			} else {
				valid = append(valid, "["+s+"]")
			}
		}
		wherePT, whereEN = "Seções válidas", "Valid sections"
	} else {
		valid = fields[section]
		label := "[" + section + "]"
		if section == "product" {
			label = "[[product]]"
		}
		wherePT, whereEN = "Chaves válidas em "+label, "Valid keys in "+label
	}

	var candidates []string
	if section == "" {
		candidates = sections
	} else {
		candidates = fields[section]
	}
	best := closest(name, candidates)
	var hintPT, hintEN string
	switch {
	case best != "":
		full := best
		if section != "" {
			full = section + "." + best
		}
		hintPT = fmt.Sprintf("; você quis dizer %q?", full)
		hintEN = fmt.Sprintf("; did you mean %q?", full)
	default:
		// The key may belong to another section ("url" at the top, "offer"
		// under [link]).
		for _, s := range sections {
			if s != section && isIn(fields[s], strings.ToLower(name)) {
				full := s + "." + strings.ToLower(name)
				label := "[" + s + "]"
				if s == "product" {
					label = "[[product]]"
				}
				hintPT = fmt.Sprintf("; você quis dizer %q (na seção %s)?", full, label)
				hintEN = fmt.Sprintf("; did you mean %q (in section %s)?", full, label)
				break
			}
		}
	}
	list := strings.Join(valid, ", ")
	if hintPT == "" {
		hintPT, hintEN = ".", "."
	}
	return msgErr(path,
		"chave desconhecida"+hintPT+" "+wherePT+": "+list,
		"unknown key"+hintEN+" "+whereEN+": "+list)
}

// closest returns the candidate nearest to name, or "" when none is close
// enough to be a plausible typo.
func closest(name string, candidates []string) string {
	n := strings.ToLower(name)
	best, bestD := "", math.MaxInt
	for _, c := range candidates {
		d := levenshtein(n, c)
		limit := max(2, len(c)/3)
		if d > limit && commonPrefix(n, c) < 3 {
			continue
		}
		if d < bestD {
			best, bestD = c, d
		}
	}
	return best
}

func commonPrefix(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return i
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// typeName names a TOML value's type for messages.
func typeName(v any) (pt, en string) {
	switch v.(type) {
	case string:
		return "um texto", "a string"
	case int64:
		return "um número inteiro", "an integer"
	case float64:
		return "um número decimal", "a float"
	case bool:
		return "um booleano", "a boolean"
	case []any, []map[string]any:
		return "uma lista", "a list"
	case map[string]any:
		return "uma tabela", "a table"
	case time.Time:
		return "uma data", "a date"
	}
	return "um valor de outro tipo", "a value of another type"
}

// typeErr reports a value of the wrong TOML type.
func typeErr(key string, v any, wantPT, wantEN string) *Error {
	pt, en := typeName(v)
	return msgErr(key, wantPT+", não "+pt, wantEN+", not "+en)
}

func asString(key string, v any) (string, *Error) {
	switch s := v.(type) {
	case nil:
		return "", nil
	case string:
		return s, nil
	}
	return "", typeErr(key, v, "deve ser um texto entre aspas", "must be a quoted string")
}

// asEnum is asString for a typed enumeration; the value is checked later.
func asEnum[E ~string](key string, v any) (E, *Error) {
	s, err := asString(key, v)
	return E(s), err
}

// asID accepts a string or a TOML integer; the value is checked later.
func asID(key string, v any) (string, *Error) {
	switch s := v.(type) {
	case nil:
		return "", nil
	case string:
		return s, nil
	case int64:
		return strconv.FormatInt(s, 10), nil
	}
	return "", typeErr(key, v,
		"deve ser um id, número inteiro positivo como \"310\"",
		"must be an id, a positive integer such as \"310\"")
}

// asPrice accepts a string or a TOML number; the value is checked later.
func asPrice(key string, v any) (string, *Error) {
	switch s := v.(type) {
	case nil:
		return "", nil
	case string:
		if s == "" {
			return "", keyErr(key, "preço vazio; escreva o valor em reais, por exemplo \"9,90\", ou apague a chave",
				"empty price; write the value in reais, for example \"9,90\", or delete the key")
		}
		return s, nil
	case int64:
		return strconv.FormatInt(s, 10), nil
	case float64:
		return strconv.FormatFloat(s, 'f', -1, 64), nil
	}
	return "", typeErr(key, v, "deve ser um preço em reais como \"9,90\"", "must be a price in reais such as \"9,90\"")
}

// asIDList accepts an array of ids (strings or integers).
func asIDList(key string, v any) ([]string, *Error) {
	if v == nil {
		return nil, nil
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, typeErr(key, v,
			"deve ser uma lista de ids entre colchetes, por exemplo [\"12\", \"14\"]",
			"must be a list of ids in brackets, for example [\"12\", \"14\"]")
	}
	out := make([]string, 0, len(arr))
	for i, el := range arr {
		k := key + "[" + strconv.Itoa(i) + "]"
		s, e := asID(k, el)
		if e != nil {
			return nil, e
		}
		if el == nil {
			return nil, typeErr(k, el, "deve ser um id", "must be an id")
		}
		out = append(out, s)
	}
	return out, nil
}

// quoted matches a quoted fragment in a TOML parser message.
var quoted = regexp.MustCompile(`"[^"]*"`)

// syntaxErr turns a TOML decoding error into an *Error with the line and
// column. Quoted fragments of the input are hidden when they are longer than
// a few characters: the text could be a pasted token.
func syntaxErr(err error) *Error {
	var pe toml.ParseError
	if !errors.As(err, &pe) {
		return &Error{Msg: i18n.T("perfil TOML inválido", "invalid TOML profile")}
	}
	msg := quoted.ReplaceAllStringFunc(pe.Message, func(q string) string {
		if len(q) > 5 {
			return `"…"`
		}
		return q
	})
	return &Error{Msg: i18n.T(
		fmt.Sprintf("erro de sintaxe TOML na linha %d, coluna %d: %s", pe.Position.Line, pe.Position.Col, tomlWhyPT(msg)),
		fmt.Sprintf("TOML syntax error at line %d, column %d: %s", pe.Position.Line, pe.Position.Col, msg))}
}

// tomlWhys put the TOML parser's commonest messages in Portuguese; $1 is
// the fragment the message quotes.
var tomlWhys = []struct {
	re *regexp.Regexp
	pt string
}{
	{regexp.MustCompile(`^unexpected EOF; expected value$`), "falta o valor depois do ="},
	{regexp.MustCompile(`^unexpected EOF; expected key separator '='$`), "falta o = depois do nome"},
	{regexp.MustCompile(`^unexpected EOF$`), "o arquivo termina no meio de um item"},
	{regexp.MustCompile(`^expected value but found (.*) instead$`), "esperava um valor (texto entre aspas, número, true/false ou lista), mas encontrou $1"},
	{regexp.MustCompile(`^Key '(.*)' has already been defined\.$`), "a chave '$1' aparece duas vezes"},
	{regexp.MustCompile(`^unexpected end of table name \(table names cannot be empty\)$`), "o nome da seção entre [ ] está vazio"},
	{regexp.MustCompile(`^expected '\.' or '\]' to end table name, but got (.*) instead$`), "falta o ] que fecha o nome da seção (encontrou $1)"},
	{regexp.MustCompile(`^expected '\.' or '=', but got (.*) instead$`), "esperava = depois do nome, mas encontrou $1"},
	{regexp.MustCompile(`^expected a top-level item to end with a newline, comment, or EOF, but got (.*) instead$`), "esperava o fim da linha depois do valor, mas encontrou $1"},
	{regexp.MustCompile(`^expected a comma \(','\) or array terminator \('\]'\), but got (.*)$`), "esperava , ou ] na lista, mas encontrou $1"},
}

// tomlWhyPT is why in Portuguese; a message not known is kept, marked as
// the parser's own words.
func tomlWhyPT(why string) string {
	for _, w := range tomlWhys {
		if w.re.MatchString(why) {
			return w.re.ReplaceAllString(why, w.pt)
		}
	}
	return "detalhe técnico: «" + why + "»"
}
