package profile

import "github.com/ixc-leveduca/ixc-leveduca/i18n"

// The profile's method enumerations, typed so a link method cannot be passed
// where an auth method is expected. They are the single set of constants for
// the whole program: steps, report, cli and ui use these. The string values
// are the TOML spellings of design.md §4.1 and also appear unchanged in the
// hand-off JSON.

// IntegrationMethod is integration.method: how the ISP integrates with
// LevEduca.
type IntegrationMethod string

// Integration methods.
const (
	IntegrationProduct IntegrationMethod = "product" // the default
	IntegrationNone    IntegrationMethod = "none"    // agreed with LevEduca: no product
)

// LinkMethod is link.method: how the product reaches the contracts.
type LinkMethod string

// Link methods.
const (
	LinkPlan              LinkMethod = "plan"
	LinkContract          LinkMethod = "contract"
	LinkAdditionalService LinkMethod = "additional_service"
)

// Words names the method as the wizard and the hand-off do: "plano de
// venda", "contrato (aba Produtos)", "serviço adicional"; "não definido"
// when unset.
func (m LinkMethod) Words() i18n.Text {
	switch m {
	case LinkPlan:
		return i18n.T("plano de venda", "sales plan")
	case LinkContract:
		return i18n.T("contrato (aba Produtos)", "contract (tab Produtos)")
	case LinkAdditionalService:
		return i18n.T("serviço adicional", "additional service")
	}
	return i18n.T("não definido", "not set")
}

// AuthMethod is auth.method: how subscribers log in to LevEduca.
type AuthMethod string

// Auth methods.
const (
	AuthHotsite     AuthMethod = "hotsite"
	AuthPPPoE       AuthMethod = "pppoe"
	AuthCPFCNPJ     AuthMethod = "cpf_cnpj"
	AuthEmployeeCPF AuthMethod = "employee_cpf"
)
