package demodata

import (
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/brdoc"
)

// Rates of the messy categories, in per mille of the population they are
// drawn from (customers, contracts or employees). Each category gets at
// least one row, so all of them appear even in small datasets.
const (
	// customers (per mille of customers)
	rateDocInvalid   = 25
	rateDocEmpty     = 15
	rateDocDuplicate = 10
	rateDocRepeated  = 5
	rateDocCNPJOnF   = 5
	rateDocCPFOnJ    = 5
	rateDocAlnum     = 5
	rateHSEmailEmpty = 30
	rateHSSenhaEmpty = 20
	rateHSDupVariant = 10
	rateHSDupExact   = 5
	rateCustInactive = 20
	shareCompanies   = 120

	// contracts (per mille of contracts)
	rateVcpDouble     = 5  // LevEduca contract row on an active contract whose plan carries it
	rateVcpInactive   = 4  // LevEduca contract row on a contract whose status is not A
	rateVcpOther      = 3  // LevEduca contract row on an active contract of a plan without it
	rateSvcActive     = 30 // active LevEduca additional service on a plan without it
	rateSvcDiscount   = 5  // …of which with a discount row on the same product
	rateSvcDouble     = 3  // active LevEduca additional service on a combo plan
	rateSvcOnInactive = 3  // active LevEduca additional service on a contract not A
	rateSvcExpired    = 6  // LevEduca additional service expired (data_validade past)
	rateSvcStatusI    = 5  // LevEduca additional service with status I
	rateLoginNone     = 15 // active contract without any PPPoE login
	rateLoginUnlinked = 10 // active contract whose login has id_contrato "0"
	rateLoginInactive = 5  // active contract whose only login is ativo N
	rateSuspended     = 5  // contrato_suspenso S
	rateSupport       = 20 // unrelated additional service (SUPORTE PREMIUM)

	// employees (per mille of employees)
	rateEmpInvalid   = 40
	rateEmpEmpty     = 40
	rateEmpDismissed = 40 // still active after data_demissao
	rateEmpInactive  = 80

	staffUsers = 5
)

// share is k per mille of n, at least 1.
func share(n, permille int) int {
	k := n * permille / 1000
	if k < 1 {
		k = 1
	}
	return k
}

// Customer document kinds.
const (
	docNormal uint8 = iota
	docInvalid
	docEmpty
	docDuplicate
	docRepeated
	docCNPJOnF
	docCPFOnJ
	docAlnum
)

// Customer hotsite kinds.
const (
	hsNormal uint8 = iota
	hsEmailEmpty
	hsSenhaEmpty
	hsDupVariant
	hsDupExact
)

// Contract flags.
const (
	fVcpDouble uint16 = 1 << iota
	fVcpInactive
	fVcpOther
	fSvcActive
	fSvcDiscount
	fSvcDouble
	fSvcOnInactive
	fSvcExpired
	fSvcStatusI
	fLoginNone
	fLoginUnlinked
	fLoginInactive
	fSuspended
	fSupport
)

const noName = 255

type customer struct {
	doc     string // formatted cnpj_cpf
	email   string // contact e-mail
	hotsite string // hotsite_email
	cadOff  int32  // data_cadastro, in days before today
	n1      uint8  // F: first name; J: activity
	n2      uint8  // F: middle surname or noName; J: company name
	n3      uint8  // F: last name; J: legal suffix
	city    uint8
	j       bool // tipo_pessoa J
	off     bool // ativo N
	docKind uint8
	hsKind  uint8
}

type contract struct {
	cust    int32 // index in customers
	actOff  int32 // data_ativacao, days before today
	cancOff int32 // data_cancelamento, days before today (status I/D)
	flags   uint16
	plan    uint8 // plan id
	status  byte  // A, I, P, N, D
	sti     uint8 // index in statusInternet
}

var statusInternet = []string{"A", "D", "CM", "CA", "FA", "AA"}

const (
	stiA = iota
	stiD
	stiCM
	stiCA
	stiFA
	stiAA
)

type gen struct {
	cfg     Config
	r       *rand.Rand
	emit    func(string, map[string]string)
	ids     []string
	past    []string // past[k] is today minus k days
	future  []string // future[k] is today plus k days
	custs   []customer
	cons    []contract
	cpfOff  uint64
	cnpjOff uint64
	wF, wJ  []int // cumulative plan weights
	staff   []staffMember
}

const (
	maxPastDays   = 32000
	maxFutureDays = 800
)

// Generate emits every row of the dataset: unidades, sub_grupo_produdos,
// cnf_classificacao_tributaria, produtos, vd_contratos,
// vd_contratos_produtos, cliente, cliente_contrato,
// cliente_contrato_servicos, radusuarios, funcionarios and a few staff
// usuarios (ids from FirstStaffUsuariosID). Tables come in that order, each
// in id order; each record is a fresh map the callee may keep.
func Generate(cfg Config, emit func(table string, rec map[string]string)) {
	cfg = cfg.normalized()
	g := &gen{
		cfg:  cfg,
		r:    rand.New(rand.NewPCG(uint64(cfg.Seed), 0x6c6576656475ca)),
		emit: emit,
	}
	g.init()
	g.planCustomers()
	g.planContracts()

	g.emitReference()
	g.emitProducts()
	g.emitPlans()
	g.emitPlanProducts()
	g.emitCustomers()
	g.emitContracts()
	g.emitServices()
	g.emitLogins()
	g.emitEmployees()
	g.emitStaffUsers()
}

func (g *gen) init() {
	n := g.cfg.Contracts + 64
	g.ids = make([]string, n)
	for i := range g.ids {
		g.ids[i] = strconv.Itoa(i)
	}
	g.past = make([]string, maxPastDays)
	buf := make([]byte, 0, 10)
	for k := range g.past {
		g.past[k] = string(g.cfg.Today.AddDate(0, 0, -k).AppendFormat(buf[:0], "2006-01-02"))
	}
	g.future = make([]string, maxFutureDays)
	for k := range g.future {
		g.future[k] = string(g.cfg.Today.AddDate(0, 0, k).AppendFormat(buf[:0], "2006-01-02"))
	}
	g.cpfOff = g.r.Uint64N(1_000_000_000)
	g.cnpjOff = g.r.Uint64N(100_000_000)
	acc := func(w func(p plan) int) []int {
		out := make([]int, len(plans))
		sum := 0
		for i, p := range plans {
			sum += w(p)
			out[i] = sum
		}
		return out
	}
	g.wF = acc(func(p plan) int { return p.weightF })
	g.wJ = acc(func(p plan) int { return p.weightJ })
}

func (g *gen) id(i int) string {
	if i >= 0 && i < len(g.ids) {
		return g.ids[i]
	}
	return strconv.Itoa(i)
}

// ago is the date k days before today.
func (g *gen) ago(k int) string {
	if k < 0 {
		k = 0
	}
	if k >= len(g.past) {
		k = len(g.past) - 1
	}
	return g.past[k]
}

// ahead is the date k days after today.
func (g *gen) ahead(k int) string {
	if k < 0 {
		k = 0
	}
	if k >= len(g.future) {
		k = len(g.future) - 1
	}
	return g.future[k]
}

const zeroDate = "0000-00-00"

// pick returns the index of a random element of a cumulative weight table.
func (g *gen) pick(cum []int) int {
	x := g.r.IntN(cum[len(cum)-1])
	for i, c := range cum {
		if x < c {
			return i
		}
	}
	return len(cum) - 1
}

// --- customers -------------------------------------------------------------

func (g *gen) planCustomers() {
	n := g.cfg.Contracts
	m := n * 9 / 10
	if m < 1 {
		m = 1
	}
	r := g.r
	g.custs = make([]customer, m)
	const span = 3650 // customers registered over the last ten years
	for i := range g.custs {
		c := &g.custs[i]
		c.j = r.IntN(1000) < shareCompanies
		if c.j {
			c.n1 = uint8(r.IntN(len(companyActivities)))
			c.n2 = uint8(r.IntN(len(companyNames)))
			c.n3 = uint8(r.IntN(len(companySuffixes)))
		} else {
			c.n1 = uint8(r.IntN(len(firstNames)))
			c.n2 = noName
			if r.IntN(2) == 0 {
				c.n2 = uint8(r.IntN(len(lastNames)))
			}
			c.n3 = uint8(r.IntN(len(lastNames)))
		}
		c.city = uint8(r.IntN(len(cities)))
		c.cadOff = int32(span*(m-1-i)/m + r.IntN(5))
	}

	order := r.Perm(m)
	assignDoc := func(kind uint8, k int, ok func(c *customer) bool) {
		for _, i := range order {
			if k == 0 {
				return
			}
			c := &g.custs[i]
			if c.docKind == docNormal && ok(c) {
				c.docKind = kind
				k--
			}
		}
	}
	anyone := func(*customer) bool { return true }
	person := func(c *customer) bool { return !c.j }
	company := func(c *customer) bool { return c.j }
	assignDoc(docCNPJOnF, share(m, rateDocCNPJOnF), person)
	assignDoc(docCPFOnJ, share(m, rateDocCPFOnJ), company)
	assignDoc(docAlnum, share(m, rateDocAlnum), company)
	assignDoc(docInvalid, share(m, rateDocInvalid), anyone)
	assignDoc(docEmpty, share(m, rateDocEmpty), anyone)
	assignDoc(docRepeated, share(m, rateDocRepeated), anyone)
	if m > 1 {
		assignDoc(docDuplicate, share(m, rateDocDuplicate), anyone)
	}

	for i := range g.custs {
		c := &g.custs[i]
		switch c.docKind {
		case docNormal:
			if c.j {
				c.doc = g.cnpj(i, false, false)
			} else {
				c.doc = g.cpf(i, false)
			}
		case docInvalid:
			if c.j {
				c.doc = g.cnpj(i, false, true)
			} else {
				c.doc = g.cpf(i, true)
			}
		case docRepeated:
			d := byte('0' + r.IntN(10))
			if c.j {
				c.doc = brdoc.FormatCNPJ(strings.Repeat(string(d), brdoc.CNPJLen))
			} else {
				c.doc = brdoc.FormatCPF(strings.Repeat(string(d), brdoc.CPFLen))
			}
		case docCNPJOnF, docAlnum:
			c.doc = g.cnpj(i, c.docKind == docAlnum, false)
		case docCPFOnJ:
			c.doc = g.cpf(i, false)
		}
	}
	// Duplicates: the same person or company registered twice.
	for i := range g.custs {
		c := &g.custs[i]
		if c.docKind != docDuplicate {
			continue
		}
		t := g.randomCustomer(func(o *customer) bool { return o.docKind == docNormal })
		if t < 0 {
			c.docKind = docEmpty
			continue
		}
		o := &g.custs[t]
		c.doc, c.j, c.n1, c.n2, c.n3, c.city = o.doc, o.j, o.n1, o.n2, o.n3, o.city
	}

	for i := range g.custs {
		c := &g.custs[i]
		c.email = g.customerEmail(i)
		c.hotsite = c.email
	}
	order = r.Perm(m)
	assignHS := func(kind uint8, k int) {
		for _, i := range order {
			if k == 0 {
				return
			}
			c := &g.custs[i]
			if c.hsKind == hsNormal {
				c.hsKind = kind
				k--
			}
		}
	}
	assignHS(hsEmailEmpty, share(m, rateHSEmailEmpty))
	assignHS(hsSenhaEmpty, share(m, rateHSSenhaEmpty))
	if m > 1 {
		assignHS(hsDupVariant, share(m, rateHSDupVariant))
		assignHS(hsDupExact, share(m, rateHSDupExact))
	}
	for i := range g.custs {
		c := &g.custs[i]
		switch c.hsKind {
		case hsEmailEmpty:
			c.hotsite = ""
		case hsDupVariant, hsDupExact:
			t := g.randomCustomer(func(o *customer) bool { return o.hsKind == hsNormal })
			if t < 0 {
				c.hsKind = hsNormal
				continue
			}
			e := g.custs[t].email
			if c.hsKind == hsDupVariant {
				switch r.IntN(4) {
				case 0:
					e = " " + e
				case 1:
					e = strings.ToUpper(e[:1]) + e[1:]
				case 2:
					e += " "
				default:
					e = strings.ToUpper(e)
				}
			}
			c.hotsite = e
		}
	}
	for _, i := range r.Perm(m)[:min(m, share(m, rateCustInactive))] {
		g.custs[i].off = true
	}
}

// randomCustomer returns a random customer satisfying ok, or -1.
func (g *gen) randomCustomer(ok func(*customer) bool) int {
	for range 10000 {
		t := g.r.IntN(len(g.custs))
		if ok(&g.custs[t]) {
			return t
		}
	}
	return -1
}

// putDigits writes v's last len(b) decimal digits into b, zero-padded.
func putDigits(b []byte, v uint64) {
	for i := len(b) - 1; i >= 0; i-- {
		b[i] = byte('0' + v%10)
		v /= 10
	}
}

// cpfBody is unique per index: i ↦ (a·i + off) mod 10⁹ with a coprime to 10⁹.
func (g *gen) cpf(i int, breakDV bool) string {
	var b [11]byte
	putDigits(b[:9], (uint64(i)*387420489+g.cpfOff)%1_000_000_000)
	dv, err := brdoc.CPFCheckDigits(string(b[:9]))
	if err != nil {
		panic("demodata: CPF body: " + err.Error())
	}
	copy(b[9:], dv)
	if breakDV {
		b[10] = byte('0' + (int(b[10]-'0')+1+g.r.IntN(9))%10)
	}
	return brdoc.FormatCPF(string(b[:]))
}

// Letters of alphanumeric CNPJs (I, O, Q and F are avoided).
const cnpjLetters = "ABCDEGHJKLMNPRSTUVWXYZ"

// cnpj builds a CNPJ whose 8-digit root is unique per index; alnum puts
// letters in the root and the establishment order (IN RFB 2.229/2024).
func (g *gen) cnpj(i int, alnum, breakDV bool) string {
	var b [14]byte
	putDigits(b[:8], (uint64(i)*43046721+g.cnpjOff)%100_000_000)
	copy(b[8:12], "0001")
	if g.r.IntN(10) == 0 {
		b[11] = byte('2' + g.r.IntN(8))
	}
	if alnum {
		for p := 2; p < 5; p++ {
			b[p] = cnpjLetters[g.r.IntN(len(cnpjLetters))]
		}
		if g.r.IntN(2) == 0 {
			b[10] = cnpjLetters[g.r.IntN(len(cnpjLetters))]
			b[11] = cnpjLetters[g.r.IntN(len(cnpjLetters))]
		}
	}
	dv, err := brdoc.CNPJCheckDigits(string(b[:12]))
	if err != nil {
		panic("demodata: CNPJ body: " + err.Error())
	}
	copy(b[12:], dv)
	if breakDV {
		b[13] = byte('0' + (int(b[13]-'0')+1+g.r.IntN(9))%10)
	}
	return brdoc.FormatCNPJ(string(b[:]))
}

// customerEmail is unique per customer (the id is part of it).
func (g *gen) customerEmail(i int) string {
	c := &g.custs[i]
	dom := personalDomains[g.r.IntN(len(personalDomains))]
	if c.j {
		return companyActivities[c.n1].slug + companyNames[c.n2].slug + g.id(i+1) + "@" + dom
	}
	return firstNames[c.n1].slug + "." + lastNames[c.n3].slug + g.id(i+1) + "@" + dom
}

func (g *gen) customerName(c *customer) (razao, fantasia string) {
	if c.j {
		f := companyActivities[c.n1].text + " " + companyNames[c.n2].text
		return f + " " + companySuffixes[c.n3], f
	}
	if c.n2 == noName {
		return firstNames[c.n1].text + " " + lastNames[c.n3].text, ""
	}
	return firstNames[c.n1].text + " " + lastNames[c.n2].text + " " + lastNames[c.n3].text, ""
}

// --- contracts ---------------------------------------------------------------

func (g *gen) planContracts() {
	n := g.cfg.Contracts
	m := len(g.custs)
	r := g.r
	two := make([]bool, m)
	for _, i := range r.Perm(m)[:n-m] {
		two[i] = true
	}
	g.cons = make([]contract, 0, n)
	for ci := range g.custs {
		c := &g.custs[ci]
		act := max(0, int(c.cadOff)-r.IntN(8))
		for k := 0; k < 1 || (k == 1 && two[ci]); k++ {
			if k == 1 {
				act = r.IntN(act + 1)
			}
			g.cons = append(g.cons, g.newContract(ci, act))
		}
	}

	// Messy categories, drawn without overlap from shuffled populations.
	var activeLev, activeOther, inactive, active []int32
	for i := range g.cons {
		k := &g.cons[i]
		switch {
		case k.status != 'A':
			inactive = append(inactive, int32(i))
		case isLevPlan(int(k.plan)):
			activeLev = append(activeLev, int32(i))
		default:
			activeOther = append(activeOther, int32(i))
		}
		if k.status == 'A' {
			active = append(active, int32(i))
			if r.IntN(1000) < rateSupport {
				k.flags |= fSupport
			}
		}
	}
	for _, pop := range [][]int32{activeLev, activeOther, inactive, active} {
		r.Shuffle(len(pop), func(i, j int) { pop[i], pop[j] = pop[j], pop[i] })
	}
	take := func(pop []int32, k int, f uint16) []int32 {
		k = min(k, len(pop))
		for _, i := range pop[:k] {
			g.cons[i].flags |= f
		}
		return pop[k:]
	}
	activeLev = take(activeLev, share(n, rateVcpDouble), fVcpDouble)
	take(activeLev, share(n, rateSvcDouble), fSvcDouble)

	take(activeOther, share(n, rateSvcDiscount), fSvcDiscount)
	activeOther = take(activeOther, share(n, rateSvcActive), fSvcActive)
	activeOther = take(activeOther, share(n, rateSvcExpired), fSvcExpired)
	activeOther = take(activeOther, share(n, rateSvcStatusI), fSvcStatusI)
	take(activeOther, share(n, rateVcpOther), fVcpOther)

	inactive = take(inactive, share(n, rateVcpInactive), fVcpInactive)
	take(inactive, share(n, rateSvcOnInactive), fSvcOnInactive)

	active = take(active, share(n, rateLoginNone), fLoginNone)
	active = take(active, share(n, rateLoginUnlinked), fLoginUnlinked)
	active = take(active, share(n, rateLoginInactive), fLoginInactive)
	take(active, share(n, rateSuspended), fSuspended)
}

func (g *gen) newContract(ci, act int) contract {
	r := g.r
	if act < 0 {
		act = 0
	}
	k := contract{cust: int32(ci), actOff: int32(act)}
	if g.custs[ci].j {
		k.plan = uint8(g.pick(g.wJ) + 1)
	} else {
		k.plan = uint8(g.pick(g.wF) + 1)
	}
	if k.plan == planRadio {
		// The legacy radio plan keeps only cancelled contracts.
		k.status = 'I'
		if r.IntN(10) < 3 {
			k.status = 'D'
		}
	} else {
		switch x := r.IntN(1000); {
		case x < 865:
			k.status = 'A'
		case x < 885:
			k.status = 'P'
		case x < 960:
			k.status = 'I'
		case x < 980:
			k.status = 'N'
		default:
			k.status = 'D'
		}
	}
	switch k.status {
	case 'A':
		switch x := r.IntN(1000); {
		case x < 920:
			k.sti = stiA
		case x < 955:
			k.sti = stiCA
		case x < 980:
			k.sti = stiFA
		case x < 995:
			k.sti = stiCM
		default:
			k.sti = stiAA
		}
	case 'P':
		k.sti = stiAA
	case 'N':
		k.sti = stiCA
	case 'I':
		k.sti = stiD
		k.cancOff = int32(r.IntN(act + 1))
	case 'D':
		k.sti = stiD
		k.cancOff = int32(max(0, act-r.IntN(30)))
	}
	return k
}
