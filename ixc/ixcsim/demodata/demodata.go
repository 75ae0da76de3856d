// Package demodata generates the deterministic demo dataset the IXC
// simulator serves: the tables of a regional Brazilian fibre ISP with a
// half-done LevEduca / Paramount+ setup and the data problems real
// implantations have (invalid or duplicated documents, missing hotsite
// credentials, double billing, expired additional services, unlinked PPPoE
// logins, dismissed employees still active, …).
//
// Every row has its "id" (sequential per table from 1), every value is a
// string and field names are IXC's. The same Config always yields the same
// rows, byte for byte.
package demodata

import (
	"strconv"
	"strings"
	"time"
)

// Config selects the dataset.
type Config struct {
	Seed      int64     // default 1; same seed → byte-identical dataset
	Contracts int       // default 2000; must scale to 200,000
	Today     time.Time // dates are relative to this; zero → 2026-11-30
	// Link is how the ISP's subscribers hold the SVA products: "plan" (the
	// default, and the demo: the combo plans carry them), "contract" (a
	// contract row per subscriber contract, the plans carry none) or
	// "additional_service" (an active additional-service row per subscriber
	// contract). The same contracts subscribe in all three; the messy rows
	// (double links, rows on cancelled contracts, expired services …) are
	// the same too. The benchmark uses it to measure each link method on an
	// ISP that sells through it.
	Link string
}

// Link methods of Config.Link.
const (
	LinkPlan              = "plan"
	LinkContract          = "contract"
	LinkAdditionalService = "additional_service"
)

// Defaults.
const (
	DefaultSeed      = 1
	DefaultContracts = 2000
)

// DefaultToday is the reference date used when Config.Today is zero.
var DefaultToday = time.Date(2026, time.November, 30, 12, 0, 0, 0, time.UTC)

// normalized fills the defaults: Seed 0 → 1, Contracts ≤ 0 → 2000,
// zero Today → 2026-11-30. Today is reduced to its calendar date.
func (c Config) normalized() Config {
	if c.Seed == 0 {
		c.Seed = DefaultSeed
	}
	if c.Contracts <= 0 {
		c.Contracts = DefaultContracts
	}
	if c.Today.IsZero() {
		c.Today = DefaultToday
	}
	if c.Link != LinkContract && c.Link != LinkAdditionalService {
		c.Link = LinkPlan
	}
	y, m, d := c.Today.Date()
	c.Today = time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	return c
}

// Table names, in the order Generate emits them.
const (
	TableUnidades       = "unidades"
	TableSubgrupos      = "sub_grupo_produdos"
	TableClassFiscal    = "cnf_classificacao_tributaria"
	TableProdutos       = "produtos"
	TablePlanos         = "vd_contratos"
	TablePlanosProdutos = "vd_contratos_produtos"
	TableCliente        = "cliente"
	TableContrato       = "cliente_contrato"
	TableServicos       = "cliente_contrato_servicos"
	TableRadusuarios    = "radusuarios"
	TableFuncionarios   = "funcionarios"
	TableUsuarios       = "usuarios"
)

// FirstStaffUsuariosID is the id of the first staff `usuarios` row Generate
// emits; ids below it (1 and 2) are left to the simulator's demo users.
const FirstStaffUsuariosID = 10

// Tables returns the tables Generate emits, in emission order.
func Tables() []string {
	return []string{
		TableUnidades, TableSubgrupos, TableClassFiscal, TableProdutos,
		TablePlanos, TablePlanosProdutos, TableCliente, TableContrato,
		TableServicos, TableRadusuarios, TableFuncionarios, TableUsuarios,
	}
}

// Setup describes the half-done LevEduca setup the dataset contains, for
// the demo profile.
type Setup struct {
	LevEducaProductID, ParamountProductID string
	LinkMethod                            string   // Config.Link: "plan" in the demo
	Plans                                 []string // the plans the technician meant to link (some problems included); none unless LinkMethod is "plan"
	AuthMethod                            string   // "hotsite"
}

// DemoSetup returns the setup the dataset was built around: the LevEduca
// and Paramount+ products, link by plan with the two combo plans, "FIBRA
// 500 MEGA" (which carries no LevEduca product) and the inactive RADIO
// plan, and hotsite authentication. The ids are fixed: they do not depend
// on the seed or the size. With another Config.Link the link method is that
// one and no plan is listed.
func DemoSetup(cfg Config) Setup {
	if cfg = cfg.normalized(); cfg.Link != LinkPlan {
		return Setup{
			LevEducaProductID:  itoa(prodLevEduca),
			ParamountProductID: itoa(prodParamount),
			LinkMethod:         cfg.Link,
			AuthMethod:         "hotsite",
		}
	}
	return Setup{
		LevEducaProductID:  itoa(prodLevEduca),
		ParamountProductID: itoa(prodParamount),
		LinkMethod:         "plan",
		Plans: []string{
			itoa(planCombo500Lev), itoa(planCombo1GLevPar),
			itoa(planFibra500), itoa(planRadio),
		},
		AuthMethod: "hotsite",
	}
}

// DemoProfileTOML renders the demo profile in the TOML format of the
// design (§4.1) for an IXC at url. It holds no token: token_user is "1",
// the simulator's demo token user.
func DemoProfileTOML(cfg Config, url string) string {
	s := DemoSetup(cfg)
	var b strings.Builder
	b.WriteString("# Demo profile: the half-done LevEduca setup of the built-in IXC simulator.\n")
	b.WriteString("# The token is not stored here: it comes from IXC_TOKEN or a prompt.\n\n")
	b.WriteString("[ixc]\n")
	b.WriteString("url = " + tomlString(url) + "\n")
	b.WriteString("token_user = \"1\"\n")
	b.WriteString("insecure_tls = false\n")
	b.WriteString("ca_cert = \"\"\n\n")
	b.WriteString("[integration]\n")
	b.WriteString("method = \"product\"\n\n")
	b.WriteString("[[product]]\n")
	b.WriteString("offer = \"leveduca\"\n")
	b.WriteString("id = " + tomlString(s.LevEducaProductID) + "\n\n")
	b.WriteString("[[product]]\n")
	b.WriteString("offer = \"paramount\"\n")
	b.WriteString("id = " + tomlString(s.ParamountProductID) + "\n\n")
	b.WriteString("[link]\n")
	b.WriteString("method = " + tomlString(s.LinkMethod) + "\n")
	b.WriteString("plans = [")
	for i, p := range s.Plans {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(tomlString(p))
	}
	b.WriteString("]\n")
	b.WriteString("contracts = []\n\n")
	b.WriteString("[auth]\n")
	b.WriteString("method = " + tomlString(s.AuthMethod) + "\n")
	return b.String()
}

// tomlString quotes s as a TOML basic string.
func tomlString(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f:
			b.WriteString(`\u`)
			h := strconv.FormatInt(int64(r), 16)
			b.WriteString(strings.Repeat("0", 4-len(h)))
			b.WriteString(h)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

func itoa(i int) string { return strconv.Itoa(i) }
