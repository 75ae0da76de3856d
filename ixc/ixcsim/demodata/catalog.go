package demodata

// Reference data: units, product subgroups, fiscal classes, products and
// sales plans of a typical regional fibre ISP, with the half-done LevEduca
// setup the demo audits.

// unit is a `unidades` row; ids are the position in units (from 1).
type unit struct{ descricao, sigla string }

// units mirrors the 14 units of a default install; id 13 is SER.
var units = []unit{
	{"Unidade", "UN"},
	{"Peça", "PC"},
	{"Quilograma", "KG"},
	{"Metro", "M"},
	{"Caixa", "CX"},
	{"Litro", "L"},
	{"Pacote", "PCT"},
	{"Rolo", "RL"},
	{"Par", "PAR"},
	{"Conjunto", "CJ"},
	{"Hora", "H"},
	{"Mês", "MES"},
	{"Serviço", "SER"},
	{"Bobina", "BOB"},
}

const (
	unitUN  = 1
	unitM   = 4
	unitSER = 13
)

type subgroup struct {
	grupo, nome, codigo                 string
	estoque, despesa, receita, receita2 string
}

var subgroups = []subgroup{
	{"1", "Equipamentos", "EQP", "12", "58", "101", "101"},
	{"1", "Cabos e Acessórios", "ACS", "12", "58", "101", "101"},
	{"2", "Serviços de Internet", "SCM", "12", "61", "104", "104"},
	{"2", "Serviços de Valor Adicionado (SVA)", "SVA", "12", "61", "106", "106"},
	{"2", "Instalação e Manutenção", "INS", "12", "61", "105", "105"},
	{"2", "Telefonia", "TEL", "12", "61", "107", "107"},
	{"2", "Streaming e Conteúdo (SVA)", "STR", "12", "61", "106", "106"},
}

const (
	subEquip     = 1
	subAccessory = 2
	subInternet  = 3
	subSVA       = 4
	subInstall   = 5
	subStreaming = 7
)

type fiscalClass struct {
	descricao, tributacao, cfop, cfopF, issTrib, aliqICMS, aliqISS, pis, cofins string
}

var fiscalClasses = []fiscalClass{
	{"SCM - Comunicação multimídia (ICMS)", "ICMS", "5307", "6307", "", "18.00", "0.00", "01", "01"},
	{"SVA - Serviço de valor adicionado (ISS)", "ISSQN", "", "", "T", "0.00", "2.00", "01", "01"},
	{"Serviços - Instalação e manutenção (ISS)", "ISSQN", "", "", "T", "0.00", "3.00", "01", "01"},
	{"Revenda de mercadorias (ICMS)", "ICMS", "5102", "6102", "", "18.00", "0.00", "01", "01"},
	{"Comodato de equipamentos", "ICMS", "5908", "6908", "", "0.00", "0.00", "49", "49"},
	{"Streaming de vídeo e áudio (ISS)", "ISSQN", "", "", "T", "0.00", "2.00", "01", "01"},
}

const (
	classSCM       = 1
	classSVA       = 2
	classServices  = 3
	classResale    = 4
	classLoan      = 5
	classStreaming = 6
)

type product struct {
	descricao, ativo, tipo, estoque, movimentacao string
	unidade, subgrupo                             int
	preco, tributacao                             string
	classe                                        string // id_class_fiscal as stored ("0" = not set)
	ncm, codClassServico, codigo                  string
}

// Product ids (position in products, from 1).
const (
	prodONU       = 1
	prodRouter    = 2
	prodInstall   = 6
	prodFixedIP   = 9
	prodOldLev    = 11
	prodLevEduca  = 12
	prodParamount = 13
	prodSupport   = 14
)

var products = []product{
	{"ONU GPON HUAWEI EG8145V5", "S", "P", "S", "A", unitUN, subEquip, "349.90", "ICMS", itoa(classLoan), "85176277", "", "EQP001"},
	{"ROTEADOR WI-FI 6 TP-LINK ARCHER AX23", "S", "P", "S", "A", unitUN, subEquip, "289.90", "ICMS", itoa(classLoan), "85176277", "", "EQP002"},
	{"ROTEADOR MESH INTELBRAS TWIBI GIGA+", "S", "C", "S", "A", unitUN, subEquip, "399.90", "ICMS", itoa(classResale), "85176277", "", "EQP003"},
	{"CABO DROP FIBRA ÓPTICA 1FO", "S", "C", "S", "A", unitM, subAccessory, "1.20", "ICMS", itoa(classResale), "85447010", "", "ACS001"},
	{"CONECTOR SC/APC FAST", "S", "C", "S", "A", unitUN, subAccessory, "3.50", "ICMS", itoa(classResale), "85367000", "", "ACS002"},
	{"INSTALAÇÃO FIBRA ÓPTICA", "S", "S", "N", "V", unitSER, subInstall, "150.00", "ISSQN", itoa(classServices), "00000000", "", "SRV001"},
	{"VISITA TÉCNICA", "S", "S", "N", "V", unitSER, subInstall, "80.00", "ISSQN", itoa(classServices), "00000000", "", "SRV002"},
	{"MUDANÇA DE ENDEREÇO", "S", "S", "N", "V", unitSER, subInstall, "100.00", "ISSQN", itoa(classServices), "00000000", "", "SRV003"},
	{"IP FIXO", "S", "S", "N", "V", unitSER, subInternet, "30.00", "ICMS", itoa(classSCM), "00000000", "0400401", "SRV004"},
	{"TAXA DE REATIVAÇÃO", "S", "S", "N", "V", unitSER, subInstall, "50.00", "ISSQN", itoa(classServices), "00000000", "", "SRV005"},
	// An older LevEduca product nobody configured and later deactivated.
	{"LEVEDUCA (antigo)", "N", "S", "N", "V", unitSER, subSVA, "5.90", "ISSQN", itoa(classSVA), "00000000", "", "SVA001"},
	// The half-done setup: a service, but with unit UN and no fiscal class.
	{"LevEduca - Cursos Online", "S", "S", "N", "V", unitUN, subSVA, "9.90", "ISSQN", "0", "00000000", "0600601", "SVA002"},
	// Paramount+ with a zero base price.
	{"Paramount+", "S", "S", "N", "V", unitSER, subStreaming, "0.00", "ISSQN", itoa(classStreaming), "00000000", "0600201", "SVA003"},
	{"SUPORTE PREMIUM", "S", "S", "N", "V", unitSER, subSVA, "19.90", "ISSQN", itoa(classSVA), "00000000", "0600601", "SVA004"},
}

type plan struct {
	nome, ativo, valor string
	speedGroup         int
	internetValue      string
	extras             []int // products carried by the plan (SVA / services)
	weightF, weightJ   int   // relative share of contracts, per customer type
}

// Plan ids (position in plans, from 1).
const (
	planFibra500      = 3
	planCombo500Lev   = 6
	planCombo1GLevPar = 7
	planComboPar300   = 8
	planRadio         = 11
)

var plans = []plan{
	{"FIBRA 100 MEGA", "S", "79.90", 1, "79.90", nil, 50, 20},
	{"FIBRA 300 MEGA", "S", "99.90", 2, "99.90", nil, 220, 60},
	{"FIBRA 500 MEGA", "S", "119.90", 3, "119.90", nil, 200, 60},
	{"FIBRA 700 MEGA", "S", "139.90", 4, "139.90", nil, 80, 20},
	{"FIBRA 1 GIGA", "S", "169.90", 5, "169.90", nil, 60, 20},
	{"FIBRA 500 MEGA + LEVEDUCA", "S", "129.90", 3, "120.00", []int{prodLevEduca}, 130, 30},
	// The technician forgot to add Paramount+ to this combo.
	{"FIBRA 1 GIGA + LEVEDUCA + PARAMOUNT", "S", "189.90", 5, "180.00", []int{prodLevEduca}, 90, 20},
	// A combo created for a campaign that never sold.
	{"FIBRA 300 MEGA + PARAMOUNT", "S", "114.90", 2, "99.90", []int{prodParamount}, 0, 0},
	{"EMPRESARIAL 600 MEGA", "S", "249.90", 6, "249.90", nil, 0, 400},
	{"EMPRESARIAL 1 GIGA + IP FIXO", "S", "399.90", 7, "369.90", []int{prodFixedIP}, 0, 200},
	// A legacy radio plan: inactive, its remaining contracts all cancelled.
	{"RADIO 10 MEGA", "N", "59.90", 8, "59.90", nil, 15, 5},
	{"PLANO COLABORADOR 300 MEGA", "S", "0.00", 2, "0.00", nil, 5, 0},
}

// extraValue is the value of a product carried by a plan or a contract.
func extraValue(prod int) string {
	switch prod {
	case prodLevEduca:
		return "9.90"
	case prodParamount:
		return "15.00"
	case prodFixedIP:
		return "30.00"
	}
	return products[prod-1].preco
}

func extraType(prod int) string {
	switch prod {
	case prodLevEduca, prodParamount, prodSupport, prodOldLev:
		return "SVA"
	}
	return "S"
}

// isLevPlan reports whether a plan carries the LevEduca product.
func isLevPlan(p int) bool {
	for _, x := range plans[p-1].extras {
		if x == prodLevEduca {
			return true
		}
	}
	return false
}
