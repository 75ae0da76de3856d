package steps

import (
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// The finding codes of design.md §6. They are stable identifiers: tests
// outside the project compare them.
const (
	CodeIXCUnreachable = "IXC_UNREACHABLE"
	CodeIXCTLS         = "IXC_TLS"
	CodeIXCNotIXC      = "IXC_NOT_IXC"
	CodeTokenFormat    = "TOKEN_FORMAT"
	CodeTokenRejected  = "TOKEN_REJECTED"
	CodeIPNotAllowed   = "IP_NOT_ALLOWED"
	CodeTableDenied    = "TABLE_DENIED"

	CodeProductMissing      = "PRODUCT_MISSING"
	CodeProductInactive     = "PRODUCT_INACTIVE"
	CodeProductNotService   = "PRODUCT_NOT_SERVICE"
	CodeProductStockControl = "PRODUCT_STOCK_CONTROL"
	CodeProductMovement     = "PRODUCT_MOVEMENT"
	CodeProductUnit         = "PRODUCT_UNIT"
	CodeProductPrice        = "PRODUCT_PRICE"
	CodeProductFiscal       = "PRODUCT_FISCAL"
	CodeProductShared       = "PRODUCT_SHARED"
	CodeProductDuplicate    = "PRODUCT_DUPLICATE"

	CodeLinkNone             = "LINK_NONE"
	CodeLinkPlanMissing      = "LINK_PLAN_MISSING"
	CodeLinkContractMissing  = "LINK_CONTRACT_MISSING"
	CodeLinkPlanInactive     = "LINK_PLAN_INACTIVE"
	CodeLinkPlanEmpty        = "LINK_PLAN_EMPTY"
	CodeLinkOtherMethod      = "LINK_OTHER_METHOD"
	CodeLinkDouble           = "LINK_DOUBLE"
	CodeLinkInactiveContract = "LINK_INACTIVE_CONTRACT"
	CodeLinkBlockedContract  = "LINK_BLOCKED_CONTRACT"
	CodeLinkServiceInactive  = "LINK_SERVICE_INACTIVE"

	CodeAuthHotsiteMissing    = "AUTH_HOTSITE_MISSING"
	CodeAuthHotsiteDuplicate  = "AUTH_HOTSITE_DUPLICATE"
	CodeAuthPPPoEMissing      = "AUTH_PPPOE_MISSING"
	CodeAuthPPPoEUnlinked     = "AUTH_PPPOE_UNLINKED"
	CodeAuthDocMissing        = "AUTH_DOC_MISSING"
	CodeAuthDocInvalid        = "AUTH_DOC_INVALID"
	CodeAuthDocDuplicate      = "AUTH_DOC_DUPLICATE"
	CodeAuthDocType           = "AUTH_DOC_TYPE"
	CodeAuthEmployeeNone      = "AUTH_EMPLOYEE_NONE"
	CodeAuthEmployeeInvalid   = "AUTH_EMPLOYEE_INVALID"
	CodeAuthEmployeeDismissed = "AUTH_EMPLOYEE_DISMISSED"
)

// entry is one line of the catalogue: severity, message (with %d for the
// number of records where it reads naturally) and the fix.
type entry struct {
	sev  Severity
	msg  i18n.Text
	hint i18n.Text
}

// Menu paths from IXC's LevEduca tutorial (design.md §1). IXC's menus are in
// Portuguese whatever the language of this program, so the English hints
// keep the Portuguese labels.
const (
	pathProduct     = "Menu Principal > Cadastros > Produtos"
	pathPlan        = "Cadastros > Contratos > Planos de Venda"
	pathContract    = "Cadastros > Contratos"
	pathCustomer    = "Cadastros > Cliente"
	pathEmployee    = "Folha de pagamento > Colaboradores"
	pathUserGroup   = "Configurações > Usuários > Grupo de usuários"
	pathUsers       = "Configurações > Usuários"
	pathPlanAdd     = pathPlan + " > Editar > aba Planos > Novo"
	pathContractAdd = pathContract + " > Editar > aba Produtos > Novo"
	pathServiceAdd  = pathContract + " > Editar > aba Serviços adicionais > Novo"
)

var catalog = map[string]entry{
	CodeIXCUnreachable: {Error,
		i18n.T("Não foi possível conectar ao IXC (endereço, DNS, rede ou tempo esgotado).",
			"Could not connect to IXC (address, DNS, network or timeout)."),
		i18n.T("Confira o endereço do IXC e a rede desta máquina; o endereço deve abrir no navegador.",
			"Check the IXC address and this machine's network; the address should open in a browser.")},
	CodeIXCTLS: {Error,
		i18n.T("O certificado HTTPS do IXC não é confiável.",
			"IXC's HTTPS certificate is not trusted."),
		i18n.T("Use --ca-cert ARQUIVO com o certificado da autoridade do servidor, ou --insecure sabendo do risco.",
			"Use --ca-cert FILE with the server's certificate authority, or --insecure knowing the risk.")},
	CodeIXCNotIXC: {Error,
		i18n.T("O endereço responde, mas não como o webservice do IXC Provedor.",
			"The address answers, but not as the IXC Provedor webservice."),
		i18n.T("Confira o endereço: deve ser o do IXC (ex.: https://ixc.provedor.com.br, com ou sem /webservice/v1).",
			"Check the address: it must be IXC's (e.g. https://ixc.provedor.com.br, with or without /webservice/v1).")},
	CodeTokenFormat: {Error,
		i18n.T("O token não pode ser usado.",
			"The token cannot be used."),
		i18n.T(pathUsers+" > (usuário da integração): copie o token no formato id:hash e informe em IXC_TOKEN.",
			pathUsers+" > (the integration user): copy the token as id:hash and pass it in IXC_TOKEN.")},
	CodeTokenRejected: {Error,
		i18n.T("O IXC recusou o token (usuário inativo, token regenerado ou errado).",
			"IXC rejected the token (inactive user, regenerated or wrong token)."),
		i18n.T(pathUsers+" > Editar: confira se o usuário está ativo e com \"Permite acesso webservice\" marcado; se o token mudou, copie o novo.",
			pathUsers+" > Edit: check the user is active with \"Permite acesso webservice\" ticked; if the token changed, copy the new one.")},
	CodeIPNotAllowed: {Error,
		i18n.T("O IXC não libera o acesso a partir deste IP (\"Seu IP não está liberado\").",
			"IXC does not allow access from this IP (\"Seu IP não está liberado\")."),
		i18n.T(pathUserGroup+" > Editar > Redes Permitidas: inclua o IP desta máquina (e o da LevEduca).",
			pathUserGroup+" > Edit > Redes Permitidas: add this machine's IP (and LevEduca's).")},
	CodeTableDenied: {Error,
		i18n.T("O usuário do token não consegue listar %d {tabela|tabelas} de que a integração precisa.",
			"The token's user cannot list %d {table|tables} the integration needs."),
		i18n.T(pathUserGroup+" > (grupo do usuário da integração) > Permissões: libere a listagem das tabelas indicadas.",
			pathUserGroup+" > (the integration user's group) > Permissões: allow listing the tables shown.")},

	CodeProductMissing: {Error,
		i18n.T("Produto configurado não encontrado no IXC.",
			"Configured product not found in IXC."),
		i18n.T(pathProduct+" > Novo (aba Produtos); depois informe o id em [[product]] no perfil.",
			pathProduct+" > Novo (tab Produtos); then put its id in [[product]] in the profile.")},
	CodeProductInactive: {Error,
		i18n.T("%d {produto inativo|produtos inativos}.", "%d {product|products} inactive."),
		i18n.T(pathProduct+" > Editar > aba Produtos: marque Ativo.",
			pathProduct+" > Editar > tab Produtos: tick Ativo.")},
	CodeProductNotService: {Error,
		i18n.T("%d {produto|produtos} com tipo diferente de Serviço.", "%d {product|products} whose type is not Serviço."),
		i18n.T(pathProduct+" > Editar > aba Produtos: Tipo = Serviço.",
			pathProduct+" > Editar > tab Produtos: Tipo = Serviço.")},
	CodeProductStockControl: {Error,
		i18n.T("%d {produto|produtos} com controle de estoque.", "%d {product|products} with stock control."),
		i18n.T(pathProduct+" > Editar > aba Produtos: Controla estoque = Não.",
			pathProduct+" > Editar > tab Produtos: Controla estoque = Não.")},
	CodeProductMovement: {Warn,
		i18n.T("%d {produto|produtos} com movimentação diferente de Venda.", "%d {product|products} whose movement is not Venda (sale)."),
		i18n.T(pathProduct+" > Editar > aba Produtos: Movimentação = Venda.",
			pathProduct+" > Editar > tab Produtos: Movimentação = Venda.")},
	CodeProductUnit: {Warn,
		i18n.T("%d {produto|produtos} com unidade padrão diferente de SER (Serviço).", "%d {product|products} whose default unit is not SER (Serviço)."),
		i18n.T(pathProduct+" > Editar > aba Produtos: Unidade padrão = SER (id 13 numa instalação padrão).",
			pathProduct+" > Editar > tab Produtos: Unidade padrão = SER (id 13 in a default install).")},
	CodeProductPrice: {Warn,
		i18n.T("%d {produto|produtos} sem preço base.", "%d {product|products} without a base price."),
		i18n.T(pathProduct+" > Editar > aba Produtos: Preço base.",
			pathProduct+" > Editar > tab Produtos: Preço base.")},
	CodeProductFiscal: {Error,
		i18n.T("%d {produto|produtos} sem Tributação ou Classificação fiscal de saída.", "%d {product|products} without Tributação or Classificação fiscal de saída."),
		i18n.T(pathProduct+" > Editar > aba Planejamento: Tributação e Classificação fiscal de saída (conforme a contabilidade do provedor).",
			pathProduct+" > Editar > tab Planejamento: Tributação and Classificação fiscal de saída (as the ISP's accountant says).")},
	CodeProductShared: {Warn,
		i18n.T("LevEduca e Paramount configurados com o mesmo produto; é preciso um produto por oferta.",
			"LevEduca and Paramount are configured with the same product; each offer needs its own product."),
		i18n.T(pathProduct+" > Novo: crie um produto para cada oferta e ajuste [[product]] no perfil.",
			pathProduct+" > Novo: create one product per offer and update [[product]] in the profile.")},

	CodeProductDuplicate: {Error,
		i18n.T("%d {outro produto|outros produtos}, fora do perfil, com o mesmo nome de um produto configurado e {vinculado|vinculados} a contratos ativos: esses assinantes são cobrados por um produto que a LevEduca não lê (em geral criado duas vezes, à mão ou por dois técnicos ao mesmo tempo).",
			"%d other {product|products}, not in the profile, with the same name as a configured product and linked to active contracts: those subscribers are billed for a product LevEduca does not read (usually created twice, by hand or by two technicians at once)."),
		i18n.T(pathProduct+": passe os planos, contratos e serviços adicionais do produto duplicado para o produto configurado e inative o duplicado.",
			pathProduct+": move the duplicate's plans, contracts and additional services to the configured product and make the duplicate inactive.")},

	CodeLinkNone: {Error,
		i18n.T("%d {produto|produtos} sem nenhum vínculo pelo método configurado.", "%d {product|products} with no link by the configured method."),
		i18n.T("", "")}, // hint depends on the method: see linkHint
	CodeLinkPlanMissing: {Error,
		i18n.T("%d {plano listado|planos listados} sem nenhum dos produtos configurados.", "%d listed {plan carries|plans carry} none of the configured products."),
		i18n.T(pathPlanAdd+": adicione o produto.", pathPlanAdd+": add the product.")},
	CodeLinkContractMissing: {Error,
		i18n.T("%d {contrato listado|contratos listados} sem vínculo ativo com o produto pelo método configurado.", "%d listed {contract|contracts} without an active link to the product by the configured method."),
		i18n.T("", "")}, // see linkHint
	CodeLinkPlanInactive: {Warn,
		i18n.T("%d {plano listado inativo|planos listados inativos}.", "%d listed {plan|plans} inactive."),
		i18n.T(pathPlan+" > Editar: marque Ativo, ou retire o plano de link.plans no perfil.",
			pathPlan+" > Editar: tick Ativo, or remove the plan from link.plans in the profile.")},
	CodeLinkPlanEmpty: {Warn,
		i18n.T("%d {plano listado|planos listados} sem nenhum contrato ativo.", "%d listed {plan|plans} with no active contract."),
		i18n.T("Confira se é o plano certo em "+pathPlan+", ou retire-o de link.plans no perfil.",
			"Check it is the right plan in "+pathPlan+", or remove it from link.plans in the profile.")},
	CodeLinkOtherMethod: {Warn,
		i18n.T("O produto também está vinculado por outro método em %d {registro|registros}.", "The product is also linked by another method in %d {record|records}."),
		i18n.T("Retire o produto dos registros indicados (plano: aba Planos; contrato: abas Produtos e Serviços adicionais) ou ajuste link.method no perfil.",
			"Remove the product from the records shown (plan: tab Planos; contract: tabs Produtos and Serviços adicionais) or change link.method in the profile.")},
	CodeLinkDouble: {Warn,
		i18n.T("%d {contrato ativo|contratos ativos} com o mesmo produto vinculado mais de uma vez (cobrança em dobro).", "%d active {contract|contracts} with the same product linked more than once (double billing)."),
		i18n.T(pathContract+" > Editar: deixe o produto em um só lugar (plano de venda, aba Produtos ou aba Serviços adicionais).",
			pathContract+" > Editar: keep the product in one place only (sales plan, tab Produtos or tab Serviços adicionais).")},
	CodeLinkInactiveContract: {Warn,
		i18n.T("%d {contrato não ativo|contratos não ativos} ainda com o produto.", "%d non-active {contract|contracts} still holding the product."),
		i18n.T(pathContract+" > Editar > abas Produtos / Serviços adicionais: retire o produto (antes de cancelar o contrato).",
			pathContract+" > Editar > tabs Produtos / Serviços adicionais: remove the product (before cancelling the contract).")},
	CodeLinkBlockedContract: {Info,
		i18n.T("%d {contrato com direito ao produto está bloqueado ou suspenso|contratos com direito ao produto estão bloqueados ou suspensos}.", "%d entitled {contract is|contracts are} blocked or suspended."),
		i18n.T("Em "+pathContract+" veja o status de acesso; combine com a LevEduca como tratar contratos bloqueados.",
			"See the access status in "+pathContract+"; agree with LevEduca how blocked contracts are handled.")},
	CodeLinkServiceInactive: {Warn,
		i18n.T("%d {contrato ativo só tem|contratos ativos só têm} o produto em serviços adicionais inativos ou vencidos.", "%d active {contract holds|contracts hold} the product only in inactive or expired additional services."),
		i18n.T(pathContract+" > Editar > aba Serviços adicionais: reative o serviço ou ajuste a data de validade.",
			pathContract+" > Editar > tab Serviços adicionais: reactivate the service or fix its validity date.")},

	CodeAuthHotsiteMissing: {Error,
		i18n.T("%d {cliente|clientes} com direito sem login ou senha do Hotsite.", "%d entitled {customer|customers} without a Hotsite login or password."),
		i18n.T(pathCustomer+" > Editar > aba Contato: preencha o login (e-mail) e a senha do Hotsite.",
			pathCustomer+" > Editar > tab Contato: fill in the Hotsite login (e-mail) and password.")},
	CodeAuthHotsiteDuplicate: {Warn,
		i18n.T("%d {cliente compartilha|clientes compartilham} o mesmo login do Hotsite.", "%d {customer shares|customers share} the same Hotsite login."),
		i18n.T(pathCustomer+" > Editar > aba Contato: cada cliente precisa de um login de Hotsite próprio.",
			pathCustomer+" > Editar > tab Contato: each customer needs a Hotsite login of its own.")},
	CodeAuthPPPoEMissing: {Error,
		i18n.T("%d {contrato|contratos} com direito sem login PPPoE ativo.", "%d entitled {contract|contracts} without an active PPPoE login."),
		i18n.T(pathContract+" > Editar > aba Login: crie o login PPPoE do contrato.",
			pathContract+" > Editar > tab Login: create the contract's PPPoE login.")},
	CodeAuthPPPoEUnlinked: {Error,
		i18n.T("%d {contrato|contratos} com direito cujo login PPPoE do cliente não está vinculado ao contrato.", "%d entitled {contract|contracts} whose customer's PPPoE login is not linked to the contract."),
		i18n.T(pathContract+" > Editar > aba Login: vincule o login do cliente a este contrato.",
			pathContract+" > Editar > tab Login: link the customer's login to this contract.")},
	CodeAuthDocMissing: {Error,
		i18n.T("%d {cliente|clientes} com direito sem CPF/CNPJ.", "%d entitled {customer|customers} without CPF/CNPJ."),
		i18n.T(pathCustomer+" > Editar: preencha o CPF/CNPJ.", pathCustomer+" > Editar: fill in the CPF/CNPJ.")},
	CodeAuthDocInvalid: {Error,
		i18n.T("%d {cliente|clientes} com direito com CPF/CNPJ inválido.", "%d entitled {customer|customers} with an invalid CPF/CNPJ."),
		i18n.T(pathCustomer+" > Editar: corrija o CPF/CNPJ.", pathCustomer+" > Editar: correct the CPF/CNPJ.")},
	CodeAuthDocDuplicate: {Warn,
		i18n.T("%d {cliente compartilha|clientes compartilham} o mesmo CPF/CNPJ.", "%d {customer shares|customers share} the same CPF/CNPJ."),
		i18n.T(pathCustomer+": unifique os cadastros com o mesmo documento ou corrija o documento errado.",
			pathCustomer+": merge the records with the same document or correct the wrong one.")},
	CodeAuthDocType: {Warn,
		i18n.T("%d {cliente|clientes} com direito com tipo de pessoa que não combina com o documento (F com CNPJ, J com CPF).", "%d entitled {customer|customers} whose person type does not match the document (F with a CNPJ, J with a CPF)."),
		i18n.T(pathCustomer+" > Editar: confira o Tipo de pessoa (Física/Jurídica) e o documento.",
			pathCustomer+" > Editar: check Tipo de pessoa (Física/Jurídica) and the document.")},
	CodeAuthEmployeeNone: {Error,
		i18n.T("Nenhum colaborador ativo com CPF válido.", "No active employee with a valid CPF."),
		i18n.T(pathEmployee+" > Editar: preencha o CPF dos colaboradores ativos.",
			pathEmployee+" > Editar: fill in the CPF of the active employees.")},
	CodeAuthEmployeeInvalid: {Warn,
		i18n.T("%d {colaborador ativo|colaboradores ativos} sem CPF ou com CPF inválido.", "%d active {employee|employees} with an empty or invalid CPF."),
		i18n.T(pathEmployee+" > Editar: corrija o CPF.", pathEmployee+" > Editar: correct the CPF.")},
	CodeAuthEmployeeDismissed: {Warn,
		i18n.T("%d {colaborador demitido ainda ativo|colaboradores demitidos ainda ativos}.", "%d dismissed {employee|employees} still active."),
		i18n.T(pathEmployee+" > Editar: inative o colaborador demitido.",
			pathEmployee+" > Editar: make the dismissed employee inactive.")},
}

// Codes lists every finding code in catalogue order.
func Codes() []string { return append([]string(nil), codeOrder...) }

var codeOrder = []string{
	CodeIXCUnreachable, CodeIXCTLS, CodeIXCNotIXC, CodeTokenFormat, CodeTokenRejected, CodeIPNotAllowed, CodeTableDenied,
	CodeProductMissing, CodeProductInactive, CodeProductNotService, CodeProductStockControl, CodeProductMovement,
	CodeProductUnit, CodeProductPrice, CodeProductFiscal, CodeProductShared, CodeProductDuplicate,
	CodeLinkNone, CodeLinkPlanMissing, CodeLinkContractMissing, CodeLinkPlanInactive, CodeLinkPlanEmpty,
	CodeLinkOtherMethod, CodeLinkDouble, CodeLinkInactiveContract, CodeLinkBlockedContract, CodeLinkServiceInactive,
	CodeAuthHotsiteMissing, CodeAuthHotsiteDuplicate, CodeAuthPPPoEMissing, CodeAuthPPPoEUnlinked,
	CodeAuthDocMissing, CodeAuthDocInvalid, CodeAuthDocDuplicate, CodeAuthDocType,
	CodeAuthEmployeeNone, CodeAuthEmployeeInvalid, CodeAuthEmployeeDismissed,
}

// SeverityOf returns the catalogue severity of code.
func SeverityOf(code string) Severity { return catalog[code].sev }

// newFinding builds a finding from the catalogue; the message's %d, if any,
// is the number of records. Records whose id is not a number (IsID) are
// left out: an id IXC served as `=HYPERLINK(…)` never reaches a report.
func newFinding(code string, records []RecordRef) Finding {
	e, ok := catalog[code]
	if !ok {
		panic("steps: unknown finding code " + code)
	}
	records = numericRefs(records)
	msg := countMessage(e.msg, len(records))
	if records == nil {
		records = []RecordRef{}
	}
	return Finding{Code: code, Severity: e.sev, Message: msg, Hint: e.hint, Records: records}
}

// countMessage fills a catalogue message with n: "%d" becomes n as the
// language writes it (i18n.Count: "1.014"), and each "{one|many}" the form
// that agrees with n ("1 produto inativo", "2 produtos inativos").
func countMessage(msg i18n.Text, n int) i18n.Text {
	if !containsVerb(msg.PT) {
		return msg
	}
	return i18n.T(countIn(msg.PT, i18n.PT, n), countIn(msg.EN, i18n.EN, n))
}

func countIn(s string, lang i18n.Lang, n int) string {
	s = strings.Replace(s, "%d", i18n.Count(lang, n), 1)
	var b strings.Builder
	for {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			break
		}
		end := strings.IndexByte(s[open:], '}')
		bar := strings.IndexByte(s[open:], '|')
		if end < 0 || bar < 0 || bar > end {
			break
		}
		b.WriteString(s[:open])
		if n == 1 || n == -1 {
			b.WriteString(s[open+1 : open+bar])
		} else {
			b.WriteString(s[open+bar+1 : open+end])
		}
		s = s[open+end+1:]
	}
	b.WriteString(s)
	return b.String()
}

func containsVerb(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '%' && s[i+1] == 'd' {
			return true
		}
	}
	return false
}

// linkHint is the menu path that adds a product by the given link method.
func linkHint(method profile.LinkMethod) i18n.Text {
	switch method {
	case profile.LinkContract:
		return i18n.T(pathContractAdd+": adicione o produto ao contrato.", pathContractAdd+": add the product to the contract.")
	case profile.LinkAdditionalService:
		return i18n.T(pathServiceAdd+": adicione o produto como serviço adicional ativo.", pathServiceAdd+": add the product as an active additional service.")
	}
	return i18n.T(pathPlanAdd+": adicione o produto ao plano.", pathPlanAdd+": add the product to the plan.")
}
