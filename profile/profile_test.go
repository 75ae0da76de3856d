package profile

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/safefile"
)

func fullProfile() *Profile {
	return &Profile{
		IXC:         IXC{URL: "https://ixc.provedor.com.br/webservice/v1", TokenUser: "42", InsecureTLS: true, AllowHTTP: true, CACert: "/etc/ssl/ixc \"ca\".pem"},
		Integration: Integration{Method: "product"},
		Products: []Product{
			{Offer: "leveduca", ID: "310"},
			{Offer: "paramount", Name: "Paramount+ — SVA", Subgroup: "7", Price: "29.90", Tributacao: "ISSQN", FiscalClass: "3"},
		},
		Link: Link{Method: "additional_service", Plans: []string{"12", "14"}, Contracts: []string{"100", "2001"},
			ServiceValue: "9.90", Repeat: "always"},
		Auth: Auth{Method: "cpf_cnpj"},
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	p := fullProfile()
	if err := p.Validate(true); err != nil {
		t.Fatalf("Validate(true): %v", err)
	}
	data, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	q, err := Parse(data)
	if err != nil {
		t.Fatalf("Parse(Marshal()): %v\n%s", err, data)
	}
	if !reflect.DeepEqual(p, q) {
		t.Fatalf("round trip changed the profile:\n got %+v\nwant %+v\n%s", q, p, data)
	}
	again, err := q.Marshal()
	if err != nil || string(again) != string(data) {
		t.Fatalf("Marshal not stable: %v\n%s\n---\n%s", err, data, again)
	}
	if strings.Contains(string(data), "\ntoken ") || strings.Contains(string(data), "hash =") {
		t.Fatalf("Marshal wrote a token field:\n%s", data)
	}
	// Layout of design.md §4.1: sections in order.
	last := -1
	for _, h := range []string{"[ixc]\n", "[integration]\n", "[[product]]\n", "[link]\n", "[auth]\n"} {
		i := strings.Index(string(data), h)
		if i <= last {
			t.Fatalf("section %q out of order in\n%s", h, data)
		}
		last = i
	}
}

func TestMarshalCanonicalizes(t *testing.T) {
	p := &Profile{
		Products: []Product{{Offer: " LevEduca ", Name: " Cursos ", Subgroup: "7", Price: "R$ 1.234,5", Tributacao: "issqn", FiscalClass: "3"}},
		Link:     Link{Method: "Plan", Plans: []string{"12"}, ServiceValue: "9,9", Repeat: " ALWAYS "},
		Auth:     Auth{Method: "PPPoE"},
	}
	before := *p
	before.Products = append([]Product(nil), p.Products...)
	data, err := p.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(*p, before) {
		t.Fatal("Marshal modified the profile")
	}
	want := `# ixc-leveduca profile. The API token is never stored here: set IXC_TOKEN=id:hash.

[ixc]
url = ""
token_user = ""
insecure_tls = false
ca_cert = ""

[integration]
method = "product"

[[product]]
offer = "leveduca"
name = "Cursos"
subgroup = "7"
price = "1234.50"
tributacao = "ISSQN"
fiscal_class = "3"

[link]
method = "plan"
plans = ["12"]
contracts = []
service_value = "9.90"
repeat = "always"

[auth]
method = "pppoe"
`
	if string(data) != want {
		t.Fatalf("Marshal =\n%s\nwant\n%s", data, want)
	}
	if _, err := (&Profile{Link: Link{Method: "x"}}).Marshal(); err == nil {
		t.Fatal("Marshal of an invalid profile succeeded")
	}
}

func TestDesignExample(t *testing.T) {
	data, err := os.ReadFile("testdata/design-example.toml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(data)
	if err != nil {
		t.Fatalf("design.md §4.1 example: %v", err)
	}
	want := &Profile{
		IXC:         IXC{URL: "https://ixc.provedor.com.br", TokenUser: "42"},
		Integration: Integration{Method: "product"},
		Products:    []Product{{Offer: "leveduca", ID: "310"}},
		Link:        Link{Method: "plan", Plans: []string{"12", "14"}, Contracts: []string{}},
		Auth:        Auth{Method: "hotsite"},
	}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("got %+v\nwant %+v", p, want)
	}
	if err := p.Validate(true); err != nil {
		t.Fatalf("Validate(true): %v", err)
	}
	pr, ok := p.Product("leveduca")
	if !ok || pr.ID != "310" {
		t.Fatalf("Product(leveduca) = %+v, %v", pr, ok)
	}
	if _, ok := p.Product("paramount"); ok {
		t.Fatal("Product(paramount) found")
	}

	// The commented-out bits of the example, uncommented: a product to create.
	s := strings.NewReplacer(`id = "310"`, "", "# name", "name", "# subgroup", "subgroup", "# price", "price",
		"# tributacao", "tributacao", "# fiscal_class", "fiscal_class", "# service_value", "service_value",
		"# repeat", "repeat", `method = "plan" `, `method = "additional_service" `).Replace(string(data))
	p, err = Parse([]byte(s))
	if err != nil {
		t.Fatalf("uncommented example: %v\n%s", err, s)
	}
	wantProd := Product{Offer: "leveduca", Name: "LevEduca - Cursos", Subgroup: "7", Price: "9.90", Tributacao: "ISSQN", FiscalClass: "3"}
	if !reflect.DeepEqual(p.Products, []Product{wantProd}) || p.Link.ServiceValue != "9.90" || p.Link.Repeat != "always" || p.Link.Method != "additional_service" {
		t.Fatalf("uncommented example parsed as %+v", p)
	}
	if err := p.Validate(true); err != nil {
		t.Fatalf("Validate(true): %v", err)
	}
}

func TestParseDefaultsAndConversions(t *testing.T) {
	p, err := Parse([]byte(`
[ixc]
token_user = 42
[[product]]
offer = "PARAMOUNT"
id = 310
subgroup = 7
price = 29.9
fiscal_class = 3
tributacao = "nt"
[link]
plans = [12, "14"]
contracts = [1000]
repeat = 12
service_value = 10
`))
	if err != nil {
		t.Fatal(err)
	}
	want := &Profile{
		IXC:         IXC{TokenUser: "42"},
		Integration: Integration{Method: "product"},
		Products:    []Product{{Offer: "paramount", ID: "310", Subgroup: "7", Price: "29.90", FiscalClass: "3", Tributacao: "NT"}},
		Link:        Link{Plans: []string{"12", "14"}, Contracts: []string{"1000"}, Repeat: "12", ServiceValue: "10.00"},
	}
	if !reflect.DeepEqual(p, want) {
		t.Fatalf("got %+v\nwant %+v", p, want)
	}

	// Empty file: everything defaulted, valid.
	p, err = Parse(nil)
	if err != nil || p.Integration.Method != "product" || len(p.Products) != 0 {
		t.Fatalf("Parse(empty) = %+v, %v", p, err)
	}

	// integration "none" keeps its products.
	p, err = Parse([]byte("[integration]\nmethod = \"none\"\n[[product]]\noffer = \"leveduca\"\nid = \"1\"\n"))
	if err != nil || p.Integration.Method != "none" || len(p.Products) != 1 {
		t.Fatalf("method none: %+v, %v", p, err)
	}
}

// errCase is one malformed profile: the key the error must name and
// fragments each language's message must contain.
type errCase struct {
	name, toml, key string
	pt, en          []string
}

func TestParseErrors(t *testing.T) {
	cases := []errCase{
		// Unknown keys at each level.
		{"top key", `url = "x"`, "url", []string{"chave desconhecida", `"ixc.url"`}, []string{"unknown key", `"ixc.url"`}},
		{"top section", "[produto]\n", "produto", []string{"seção desconhecida", `"product"`}, []string{"unknown section", `"product"`}},
		{"ixc key", "[ixc]\ntokn = \"1\"\n", "ixc.tokn", []string{"chave desconhecida", `"ixc.token_user"`}, []string{"unknown key", `did you mean "ixc.token_user"`}},
		{"ixc key case", "[ixc]\nURL = \"x\"\n", "ixc.URL", []string{`"ixc.url"`}, []string{`did you mean "ixc.url"`}},
		{"section case", "[Link]\nmethod = \"plan\"\n", "Link", []string{`"link"`}, []string{`"link"`}},
		{"integration key", "[integration]\nmetod = \"none\"\n", "integration.metod", []string{`"integration.method"`}, []string{`"integration.method"`}},
		{"product key", "[[product]]\noffer = \"leveduca\"\nprice_ = \"9\"\n", "product[0].price_", []string{`"product.price"`}, []string{`"product.price"`}},
		{"second product key", "[[product]]\noffer = \"leveduca\"\n[[product]]\noffer = \"paramount\"\nsubgrup = \"1\"\n", "product[1].subgrup", []string{`"product.subgroup"`}, []string{`"product.subgroup"`}},
		{"inline product key", "product = [{offer = \"leveduca\"}, {offer = \"paramount\", foo = 1}]\n", "product[1].foo", []string{"chave desconhecida", "offer, id, name"}, []string{"unknown key", "offer, id, name"}},
		{"link key", "[link]\noffer = \"leveduca\"\n", "link.offer", []string{`"product.offer"`, "[[product]]"}, []string{`"product.offer"`, "[[product]]"}},
		{"link key plan", "[link]\nplan = [\"1\"]\n", "link.plan", []string{`"link.plans"`}, []string{`"link.plans"`}},
		{"auth key", "[auth]\nmode = \"pppoe\"\n", "auth.mode", []string{"Chaves válidas em [auth]: method"}, []string{"Valid keys in [auth]: method"}},
		{"dotted unknown", "[link]\nx.y = 1\n", "link.x", []string{"chave desconhecida"}, []string{"unknown key"}},
		// Token keys.
		{"token key", "[ixc]\ntoken = \"42:abc\"\n", "ixc.token", []string{"IXC_TOKEN", "nunca"}, []string{"IXC_TOKEN", "never stored"}},
		{"hash key", "[ixc]\nhash = \"abc\"\n", "ixc.hash", []string{"IXC_TOKEN"}, []string{"IXC_TOKEN"}},
		{"top token key", "token = \"abc\"\n", "token", []string{"IXC_TOKEN"}, []string{"IXC_TOKEN"}},
		{"full token in token_user", "[ixc]\ntoken_user = \"42:" + strings.Repeat("ab12", 16) + "\"\n", "ixc.token_user", []string{"IXC_TOKEN", "antes de"}, []string{"IXC_TOKEN", "before"}},
		// Enumerations.
		{"integration enum", "[integration]\nmethod = \"produto\"\n", "integration.method", []string{`valor "produto" inválido`, `"product" ou "none"`}, []string{`invalid value "produto"`, `"product" or "none"`}},
		{"offer enum", "[[product]]\noffer = \"netflix\"\n", "product[0].offer", []string{`"netflix"`, `"leveduca" ou "paramount"`}, []string{`"netflix"`, `"leveduca" or "paramount"`}},
		{"offer missing", "[[product]]\nid = \"1\"\n", "product[0].offer", []string{"obrigatório"}, []string{"required"}},
		{"link enum", "[link]\nmethod = \"plano\"\n", "link.method", []string{`link.method: valor "plano" inválido; use "plan", "contract" ou "additional_service"`}, []string{`link.method: invalid value "plano"; use "plan", "contract" or "additional_service"`}},
		{"auth enum", "[auth]\nmethod = \"cpf\"\n", "auth.method", []string{`"cpf"`, `"hotsite", "pppoe", "cpf_cnpj" ou "employee_cpf"`}, []string{`"cpf"`, `"employee_cpf"`}},
		{"tributacao enum", "[[product]]\noffer = \"leveduca\"\ntributacao = \"ISS\"\n", "product[0].tributacao", []string{`"ISS"`, `"ICMS", "ISSQN" ou "NT"`}, []string{`"ISS"`, `"ICMS", "ISSQN" or "NT"`}},
		{"repeat", "[link]\nrepeat = \"sempre\"\n", "link.repeat", []string{`"sempre"`, `"always"`}, []string{`"sempre"`, `"always"`}},
		{"repeat zero", "[link]\nrepeat = 0\n", "link.repeat", []string{`"0"`}, []string{`"0"`}},
		// Ids.
		{"product id", "[[product]]\noffer = \"leveduca\"\nid = \"0310\"\n", "product[0].id", []string{"zeros à esquerda", `"310"`}, []string{"leading zeros", `"310"`}},
		{"product id int", "[[product]]\noffer = \"leveduca\"\nid = -3\n", "product[0].id", []string{`"-3"`}, []string{`"-3"`}},
		{"product id float", "[[product]]\noffer = \"leveduca\"\nid = 3.0\n", "product[0].id", []string{"número decimal"}, []string{"not a float"}},
		{"subgroup", "[[product]]\noffer = \"leveduca\"\nsubgroup = \"7a\"\n", "product[0].subgroup", []string{`"7a"`, "só dígitos"}, []string{`"7a"`, "digits only"}},
		{"fiscal_class", "[[product]]\noffer = \"leveduca\"\nfiscal_class = \"0\"\n", "product[0].fiscal_class", []string{"começam em 1"}, []string{"start at 1"}},
		{"token_user", "[ixc]\ntoken_user = \"abc\"\n", "ixc.token_user", []string{"id de usuário inválido"}, []string{"invalid user id"}},
		{"token_user space", "[ixc]\ntoken_user = \" 42\"\n", "ixc.token_user", []string{"inválido"}, []string{"invalid"}},
		{"plan id", "[link]\nplans = [\"12\", \"1 4\"]\n", "link.plans[1]", []string{`"1 4"`}, []string{`"1 4"`}},
		{"plan empty id", "[link]\nplans = [\"\"]\n", "link.plans[0]", []string{"vazio"}, []string{"empty"}},
		{"plan dup", "[link]\nplans = [\"12\", 12]\n", "link.plans[1]", []string{"repetido", "link.plans[0]"}, []string{"repeated", "link.plans[0]"}},
		{"contract id", "[link]\ncontracts = [\"+5\"]\n", "link.contracts[0]", []string{`"+5"`}, []string{`"+5"`}},
		// Duplicate offer.
		{"duplicate offer", "[[product]]\noffer = \"leveduca\"\nid = \"1\"\n[[product]]\noffer = \"LevEduca\"\nid = \"2\"\n", "product[1].offer", []string{"repetida", "product[0]"}, []string{"repeated", "product[0]"}},
		// Wrong types and shapes.
		{"plans string", "[link]\nplans = \"12\"\n", "link.plans", []string{"lista de ids", "não um texto"}, []string{"list of ids", "not a string"}},
		{"plans table", "[link]\nplans = {a = 1}\n", "link.plans", []string{"não uma tabela"}, []string{"not a table"}},
		{"plan element bool", "[link]\nplans = [true]\n", "link.plans[0]", []string{"não um booleano"}, []string{"not a boolean"}},
		{"url int", "[ixc]\nurl = 1\n", "ixc.url", []string{"texto entre aspas"}, []string{"quoted string"}},
		{"url table", "[ixc.url]\na = 1\n", "ixc.url", []string{"não uma tabela"}, []string{"not a table"}},
		{"insecure string", "[ixc]\ninsecure_tls = \"yes\"\n", "ixc.insecure_tls", []string{"true ou false"}, []string{"true or false"}},
		{"ca_cert bool", "[ixc]\nca_cert = false\n", "ixc.ca_cert", []string{"não um booleano"}, []string{"not a boolean"}},
		{"allow_http string", "[ixc]\nallow_http = \"yes\"\n", "ixc.allow_http", []string{"true ou false"}, []string{"true or false"}},
		{"method int", "[auth]\nmethod = 1\n", "auth.method", []string{"não um número inteiro"}, []string{"not an integer"}},
		{"name date", "[[product]]\noffer = \"leveduca\"\nname = 2024-01-01\n", "product[0].name", []string{"não uma data"}, []string{"not a date"}},
		{"price bool", "[[product]]\noffer = \"leveduca\"\nprice = true\n", "product[0].price", []string{"preço"}, []string{"price"}},
		{"price bad", "[[product]]\noffer = \"leveduca\"\nprice = \"9,999\"\n", "product[0].price", []string{"mais de 2 casas"}, []string{"more than 2 decimals"}},
		{"price empty", "[[product]]\noffer = \"leveduca\"\nprice = \"\"\n", "product[0].price", []string{"vazio"}, []string{"empty"}},
		{"service_value", "[link]\nservice_value = \"-1\"\n", "link.service_value", []string{"negativo"}, []string{"negative"}},
		{"repeat float", "[link]\nrepeat = 1.5\n", "link.repeat", []string{"não um número decimal"}, []string{"not a float"}},
		{"ixc not table", "ixc = \"https://x\"\n", "ixc", []string{"seção [ixc]"}, []string{"[ixc] section"}},
		{"link array", "[[link]]\nmethod = \"plan\"\n", "link", []string{"seção [link]"}, []string{"[link] section"}},
		{"product single table", "[product]\noffer = \"leveduca\"\n", "product", []string{"[[product]]"}, []string{"[[product]]"}},
		{"product scalar", "product = \"leveduca\"\n", "product", []string{"[[product]]"}, []string{"[[product]]"}},
		{"name control char", "[[product]]\noffer = \"leveduca\"\nname = \"a\\u0007b\"\n", "product[0].name", []string{"controle"}, []string{"control"}},
		// Syntax errors: no key, line and column in both languages.
		{"syntax", "[ixc]\nurl = \"x\"\ntoken_user = \n", "", []string{"erro de sintaxe TOML na linha 3, coluna", "esperava um valor"}, []string{"TOML syntax error at line 3, column"}},
		{"syntax eof", "[ixc]\nurl =", "", []string{"falta o valor depois do ="}, []string{"unexpected EOF"}},
		{"syntax unclosed", "[link\n", "", []string{"erro de sintaxe TOML na linha", "coluna", "falta o ] que fecha o nome da seção"}, []string{"TOML syntax error at line", "column"}},
		{"syntax duplicate", "[ixc]\nurl = \"a\"\nurl = \"b\"\n", "", []string{"linha 3", "a chave 'ixc.url' aparece duas vezes"}, []string{"line 3"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p, err := Parse([]byte(c.toml))
			checkErr(t, p, err, c)
		})
	}
}

func checkErr(t *testing.T, p *Profile, err error, c errCase) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; parsed %+v", p)
	}
	if p != nil {
		t.Errorf("profile returned with an error")
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v is not *Error", err, err)
	}
	if e.Key != c.key {
		t.Errorf("Key = %q, want %q (%s)", e.Key, c.key, e.Msg.EN)
	}
	if err.Error() != e.Msg.EN {
		t.Errorf("Error() = %q, not the English text", err.Error())
	}
	if i18n.Message(err, i18n.PT) != e.Msg.PT || e.Msg.PT == e.Msg.EN {
		t.Errorf("PT message wrong: %q", e.Msg.PT)
	}
	if c.key != "" && (!strings.HasPrefix(e.Msg.PT, c.key+": ") || !strings.HasPrefix(e.Msg.EN, c.key+": ")) {
		t.Errorf("messages do not start with the key %q:\n%s\n%s", c.key, e.Msg.PT, e.Msg.EN)
	}
	for _, s := range c.pt {
		if !strings.Contains(e.Msg.PT, s) {
			t.Errorf("PT %q lacks %q", e.Msg.PT, s)
		}
	}
	for _, s := range c.en {
		if !strings.Contains(e.Msg.EN, s) {
			t.Errorf("EN %q lacks %q", e.Msg.EN, s)
		}
	}
}

func TestValidateForApply(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(*Profile)
		key    string
		pt, en []string
	}{
		{"product without id nor fields", func(p *Profile) { p.Products[1].Price = "" }, "product[1]",
			[]string{"faltam: price"}, []string{"missing: price"}},
		{"product nothing", func(p *Profile) { p.Products[0] = Product{Offer: "leveduca"} }, "product[0]",
			[]string{"name, subgroup, price, tributacao, fiscal_class"}, []string{"name, subgroup, price, tributacao, fiscal_class"}},
		{"blank name", func(p *Profile) { p.Products[1].Name = "  " }, "product[1]", []string{"faltam: name"}, []string{"missing: name"}},
		{"service_value", func(p *Profile) { p.Link.ServiceValue = "" }, "link.service_value",
			[]string{"obrigatório", "additional_service"}, []string{"required", "additional_service"}},
		{"repeat", func(p *Profile) { p.Link.Repeat = "" }, "link.repeat",
			[]string{"obrigatório"}, []string{"required"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := fullProfile()
			c.mutate(p)
			if err := p.Validate(false); err != nil {
				t.Fatalf("Validate(false): %v", err)
			}
			err := p.Validate(true)
			checkErr(t, nil, err, errCase{key: c.key, pt: c.pt, en: c.en})
		})
	}
	// Other link methods need neither service_value nor repeat.
	p := fullProfile()
	p.Link = Link{Method: "contract"}
	if err := p.Validate(true); err != nil {
		t.Fatal(err)
	}
	// Validate does not change the profile.
	p.Products[1].Price = "29,9"
	p.Integration.Method = ""
	if err := p.Validate(true); err != nil || p.Products[1].Price != "29,9" || p.Integration.Method != "" {
		t.Fatalf("Validate changed the profile or failed: %v %+v", err, p)
	}
}

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.toml")
	_, err := Load(missing)
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg.EN, missing) || !strings.Contains(e.Msg.PT, missing) {
		t.Fatalf("Load(missing) = %v", err)
	}
	if !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Load(missing) does not wrap fs.ErrNotExist: %v", err)
	}

	good := filepath.Join(dir, "good.toml")
	data, _ := fullProfile().Marshal()
	if err := os.WriteFile(good, data, 0o600); err != nil {
		t.Fatal(err)
	}
	p, err := Load(good)
	if err != nil || !reflect.DeepEqual(p, fullProfile()) {
		t.Fatalf("Load(good) = %+v, %v", p, err)
	}

	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[link]\nmethod = \"plano\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = Load(bad)
	if !errors.As(err, &e) || e.Key != "link.method" || !strings.Contains(e.Msg.EN, bad) || !strings.Contains(e.Msg.PT, "plano") {
		t.Fatalf("Load(bad) = %v", err)
	}
}

// The token's secret must never appear in an error, whatever key it was
// pasted into or however the file is broken.
func TestTokenNeverInErrors(t *testing.T) {
	const secret = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	docs := []string{
		"[ixc]\ntoken = \"42:" + secret + "\"\n",
		"[ixc]\ntoken_user = \"42:" + secret + "\"\n",
		"[ixc]\ntoken_user = \"" + secret + "\"\n",
		"[ixc]\ntoken = 42:" + secret + "\n",
		"[ixc]\ntoken = " + secret + "\n",
		"[ixc]\ntoken = \"" + secret + "\n",
		"[ixc]\ntoken_user = " + secret + "\n",
		"[link]\nmethod = \"" + secret + "\"\n",
		"[[product]]\noffer = \"leveduca\"\nid = \"" + secret + "\"\n",
		"[[product]]\noffer = \"leveduca\"\nprice = \"" + secret + "\"\n",
		"[link]\nrepeat = \"" + secret + "\"\n",
		secret + " = 1\n",
	}
	for _, d := range docs {
		_, err := Parse([]byte(d))
		if err == nil {
			t.Fatalf("no error for %q", d)
		}
		e := err.(*Error)
		for _, m := range []string{err.Error(), e.Msg.PT, e.Msg.EN} {
			for i := 0; i+8 <= len(secret); i++ {
				if strings.Contains(m, secret[i:i+8]) {
					t.Fatalf("error for %q shows part of the secret: %s", d, m)
				}
			}
		}
	}
}

func TestParsePrice(t *testing.T) {
	ok := []struct{ in, want string }{
		{"9,90", "9.90"}, {"9.90", "9.90"}, {"29", "29.00"}, {"R$ 29,90", "29.90"}, {"r$29,9", "29.90"},
		{"R$\u00a029,90", "29.90"}, {"1.234,56", "1234.56"}, {"1.234.567,8", ""}, {"0,5", "0.50"},
		{"0", "0.00"}, {"00,10", "0.10"}, {" 9,90 ", "9.90"}, {"100000", "100000.00"}, {"100.000,00", "100000.00"},
		{"99999,99", "99999.99"}, {"12.345", ""}, {"1.5", "1.50"}, {"1,50", "1.50"},
	}
	for _, c := range ok {
		got, err := ParsePrice(c.in)
		if c.want == "" {
			if err == nil {
				t.Errorf("ParsePrice(%q) = %q, want an error", c.in, got)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("ParsePrice(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
	bad := []struct{ in, pt, en string }{
		{"", "vazio", "empty"},
		{"R$ ", "vazio", "empty"},
		{"-9,90", "negativo", "negative"},
		{"R$ -1", "negativo", "negative"},
		{"nove", "inválido", "invalid"},
		{"9,90a", "inválido", "invalid"},
		{"1e3", "inválido", "invalid"},
		{"+5", "inválido", "invalid"},
		{"9,999", "mais de 2 casas", "more than 2 decimals"},
		{"9.9999", "mais de 2 casas", "more than 2 decimals"},
		{"1,234.56", "ambíguo", "ambiguous"},
		{"1.234", "ambíguo", "ambiguous"},
		{"1,2,3", "ambíguo", "ambiguous"},
		{"1.2.3", "inválido", "invalid"},
		{"12.34,56", "milhares", "thousands"},
		{",5", "parte inteira", "integer part"},
		{"29,", "incompleto", "incomplete"},
		{"100000,01", "absurdo", "absurd"},
		{"100001", "absurdo", "absurd"},
		{"1.000.000", "absurdo", "absurd"},
		{"99999999999999999999", "absurdo", "absurd"},
		{"٣", "inválido", "invalid"},
	}
	for _, c := range bad {
		got, err := ParsePrice(c.in)
		if err == nil {
			t.Errorf("ParsePrice(%q) = %q, want an error", c.in, got)
			continue
		}
		txt := i18n.Message(err, i18n.PT) + " | " + i18n.Message(err, i18n.EN)
		if !strings.Contains(i18n.Message(err, i18n.PT), c.pt) || !strings.Contains(i18n.Message(err, i18n.EN), c.en) {
			t.Errorf("ParsePrice(%q) error %q lacks %q / %q", c.in, txt, c.pt, c.en)
		}
	}
}

func TestParseID(t *testing.T) {
	for _, s := range []string{"1", "310", "42", "999999999999999999"} {
		if got, err := ParseID(s); err != nil || got != s {
			t.Errorf("ParseID(%q) = %q, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "0", "00", "0310", "-1", "+1", " 1", "1 ", "1.0", "1,0", "12a", "１２", "1000000000000000000", "\u00a01"} {
		if got, err := ParseID(s); err == nil {
			t.Errorf("ParseID(%q) = %q, want an error", s, got)
		} else if i18n.Message(err, i18n.PT) == i18n.Message(err, i18n.EN) {
			t.Errorf("ParseID(%q) error not translated: %v", s, err)
		}
	}
}

func FuzzParse(f *testing.F) {
	seed, _ := os.ReadFile("testdata/design-example.toml")
	f.Add(string(seed))
	full, _ := fullProfile().Marshal()
	f.Add(string(full))
	f.Add("[[product]]\noffer = 'leveduca'\nprice = 9.9\n[link]\nplans = [1, '2']\n")
	f.Add("product = [{offer = \"paramount\", x = 1}]\n")
	f.Add("[ixc]\ntoken = 'x'\n")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse([]byte(s))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Msg.PT == "" || e.Msg.EN == "" {
				t.Fatalf("Parse error %T %q is not a complete *Error", err, err)
			}
			return
		}
		// A parsed profile is canonical: it marshals and parses back equal.
		data, err := p.Marshal()
		if err != nil {
			t.Fatalf("Marshal of parsed profile: %v", err)
		}
		q, err := Parse(data)
		if err != nil {
			t.Fatalf("Parse(Marshal()): %v\n%s", err, data)
		}
		if !reflect.DeepEqual(normalizeNil(p), normalizeNil(q)) {
			t.Fatalf("round trip differs:\n%+v\n%+v", p, q)
		}
	})
}

// normalizeNil maps nil id lists to empty ones (Marshal writes [] for both).
func normalizeNil(p *Profile) *Profile {
	c := *p
	if c.Link.Plans == nil {
		c.Link.Plans = []string{}
	}
	if c.Link.Contracts == nil {
		c.Link.Contracts = []string{}
	}
	return &c
}

func FuzzParsePrice(f *testing.F) {
	for _, s := range []string{"9,90", "R$ 1.234,56", "1,234.56", "0,5", "-1", "100000", "", "1.234"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParsePrice(s)
		if err != nil {
			if got != "" {
				t.Fatalf("ParsePrice(%q) = %q with error", s, got)
			}
			return
		}
		// Canonical: digits, a dot, exactly two decimals, within bounds, and
		// a fixed point of ParsePrice.
		i := strings.IndexByte(got, '.')
		if i < 1 || len(got)-i != 3 || strings.Count(got, ".") != 1 {
			t.Fatalf("ParsePrice(%q) = %q not canonical", s, got)
		}
		if len(got) > 1 && got[0] == '0' && got[1] != '.' {
			t.Fatalf("ParsePrice(%q) = %q has leading zeros", s, got)
		}
		if again, err := ParsePrice(got); err != nil || again != got {
			t.Fatalf("ParsePrice(%q) = %q, %v; not a fixed point", got, again, err)
		}
		if len(got) > len("100000.00") || len(got) == len("100000.00") && got > "100000.00" {
			t.Fatalf("ParsePrice(%q) = %q above the maximum", s, got)
		}
	})
}

func TestSaveAtomicWithBackup(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "perfil.toml")
	if err := os.WriteFile(path, []byte("# old\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Save(path, fullProfile()); err != nil {
		t.Fatal(err)
	}
	p, err := Load(path)
	if err != nil || !reflect.DeepEqual(p, fullProfile()) {
		t.Fatalf("Load(saved) = %+v, %v", p, err)
	}
	if b, _ := os.ReadFile(path + ".bak"); string(b) != "# old\n" {
		t.Fatalf(".bak = %q", b)
	}
	if runtime.GOOS != "windows" {
		for _, f := range []string{path, path + ".bak"} {
			fi, _ := os.Stat(f)
			if fi.Mode().Perm() != 0o600 {
				t.Fatalf("%s mode %v", f, fi.Mode().Perm())
			}
		}
		// A symbolic link at the profile's place is refused, its target untouched.
		victim := filepath.Join(dir, "victim")
		_ = os.WriteFile(victim, []byte("x"), 0o600)
		link := filepath.Join(dir, "link.toml")
		_ = os.Symlink(victim, link)
		if err := Save(link, fullProfile()); !errors.Is(err, safefile.ErrNotRegular) {
			t.Fatalf("Save(symlink) = %v", err)
		}
		if b, _ := os.ReadFile(victim); string(b) != "x" {
			t.Fatal("the link's target was written")
		}
	}
}
