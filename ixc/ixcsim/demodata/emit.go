package demodata

// Emission: one fresh map per record, built once, in id order per table.

func (g *gen) emitReference() {
	for i, u := range units {
		g.emit(TableUnidades, map[string]string{
			"id":        g.id(i + 1),
			"descricao": u.descricao,
			"sigla":     u.sigla,
		})
	}
	for i, s := range subgroups {
		g.emit(TableSubgrupos, map[string]string{
			"id":                   g.id(i + 1),
			"id_grupo":             s.grupo,
			"sub_grupo":            s.nome,
			"codigo_alternativo":   s.codigo,
			"id_conta_estoque":     s.estoque,
			"id_conta_despesa":     s.despesa,
			"id_conta_receita2":    s.receita2,
			"id_conta_receita":     s.receita,
			"id_classe_financeira": "0",
			"id_conta_comodato":    "0",
			"tipo_produto":         "",
			"ecommerce":            "N",
			"margem_lucro":         "0.00",
		})
	}
	for i, f := range fiscalClasses {
		g.emit(TableClassFiscal, map[string]string{
			"id":                                 g.id(i + 1),
			"descricao":                          f.descricao,
			"cf_tipo_tributacao":                 f.tributacao,
			"descontar_icms_base_calculo":        "N",
			"descontar_icms_base_calculo_cofins": "N",
			"irrf_tipo_retencao":                 "CX",
			"cf_cfop":                            f.cfop,
			"cf_cfop_f":                          f.cfopF,
			"cf_ncm":                             "",
			"cf_aliquota_icms":                   f.aliqICMS,
			"iss_tributacao":                     f.issTrib,
			"cf_iss_aliquota":                    f.aliqISS,
			"pis_situacao_tributaria":            f.pis,
			"cofins_situacao_tributaria":         f.cofins,
			"p_fust":                             "1.00",
			"p_funttel":                          "0.50",
		})
	}
}

func (g *gen) emitProducts() {
	for i, p := range products {
		saldo := "0.000"
		if p.estoque == "S" {
			saldo = g.id(20+g.r.IntN(400)) + ".000"
		}
		g.emit(TableProdutos, map[string]string{
			"id":                        g.id(i + 1),
			"ativo":                     p.ativo,
			"id_sub_grupo":              g.id(p.subgrupo),
			"descricao":                 p.descricao,
			"tipo":                      p.tipo,
			"controla_estoque":          p.estoque,
			"movimentacao":              p.movimentacao,
			"unidade":                   g.id(p.unidade),
			"preco_base":                p.preco,
			"valor":                     p.preco,
			"aceita_valor":              "P",
			"icms_issqn":                p.tributacao,
			"id_class_fiscal":           p.classe,
			"id_class_fiscal_entrada":   "0",
			"ncm":                       p.ncm,
			"cod_servico":               "",
			"cod_classificacao_servico": p.codClassServico,
			"codigo":                    p.codigo,
			"codigo_barras":             "",
			"qtde_min":                  "0.000",
			"qtde_max":                  "0.000",
			"saldo":                     saldo,
			"mostra_valor_ecommerce":    "P",
			"tipo_ecommerce":            "P",
			"ecommerce_prioridade":      "1",
			"id_sva_integracao":         "0",
			"plataforma":                "",
			"ultima_atualizacao":        g.ago(30+g.r.IntN(900)) + " 10:12:41",
		})
	}
}

func (g *gen) emitPlans() {
	for i, p := range plans {
		g.emit(TablePlanos, map[string]string{
			"id":                        g.id(i + 1),
			"tipo":                      "I",
			"nome":                      p.nome,
			"descricao":                 p.nome,
			"Ativo":                     p.ativo,
			"valor_contrato":            p.valor,
			"id_filial":                 "1",
			"id_tipo_documento":         "1",
			"id_modelo":                 "1",
			"id_carteira_cobranca":      "1",
			"id_vendedor":               "1",
			"fidelidade":                "12",
			"id_produto_ativ":           g.id(prodInstall),
			"limitar_n_logins":          "N",
			"logins_simultaneos":        "1",
			"base_geracao_por_tipo_doc": "P",
		})
	}
}

// planProduct is a vd_contratos_produtos row: a plan row (idVd set,
// idContrato "0") or a contract row (idVd "0", idContrato set).
func (g *gen) planProduct(id int, tipo, idPlano, idVd, idProd, valor, descr, idContrato, idUnidade string) {
	g.emit(TablePlanosProdutos, map[string]string{
		"id":                               g.id(id),
		"tipo":                             tipo,
		"id_plano":                         idPlano,
		"id_vd_contrato":                   idVd,
		"id_produto":                       idProd,
		"id_contrato":                      idContrato,
		"id_unidade":                       idUnidade,
		"qtde":                             "1",
		"valor_unit":                       valor,
		"descricao":                        descr,
		"obs":                              "",
		"fixar_ip":                         "0",
		"tipo_desconto":                    "V",
		"desconto_percentual":              "0.00",
		"repetir":                          "S",
		"qtde_repeticoes_desconto_produto": "0",
		"valor_desconto_produto":           "0.00",
		"valor_ate_vencimento":             "0.00",
		"id_tipo_documento":                "0",
		"descricao_plano_valor_1":          "0.00",
		"descricao_plano_valor_2":          "0.00",
		"ultima_atualizacao":               "0000-00-00 00:00:00",
	})
}

func (g *gen) emitPlanProducts() {
	id := 0
	for i, p := range plans {
		pid := g.id(i + 1)
		id++
		g.planProduct(id, "I", g.id(p.speedGroup), pid, "0", p.internetValue+"0000000", "", "0", "0")
		for _, x := range p.extras {
			if g.cfg.Link != LinkPlan && isOffer(x) {
				continue // sold per contract: the plan carries no offer
			}
			id++
			g.planProduct(id, extraType(x), "0", pid, g.id(x), extraValue(x)+"0000000",
				products[x-1].descricao, "0", g.id(products[x-1].unidade))
		}
	}
	lev := g.id(prodLevEduca)
	levUnit := g.id(products[prodLevEduca-1].unidade)
	levDescr := products[prodLevEduca-1].descricao
	for i := range g.cons {
		if g.cfg.Link == LinkContract && g.cons[i].subscribes() {
			for _, x := range plans[g.cons[i].plan-1].extras {
				if isOffer(x) {
					id++
					g.planProduct(id, "SVA", "0", "0", g.id(x), extraValue(x)+"0000000",
						products[x-1].descricao, g.id(i+1), g.id(products[x-1].unidade))
				}
			}
		}
		if g.cons[i].flags&(fVcpDouble|fVcpInactive|fVcpOther) == 0 {
			continue
		}
		id++
		g.planProduct(id, "SVA", "0", "0", lev, "9.900000000", levDescr, g.id(i+1), levUnit)
	}
}

// isOffer reports whether a product is one of the two SVA offers.
func isOffer(prod int) bool { return prod == prodLevEduca || prod == prodParamount }

// subscribes reports whether a contract holds the offers of its plan when
// they are sold per contract (Config.Link other than plan): contracts on a
// combo plan that are not cancelled.
func (k *contract) subscribes() bool {
	return isLevPlan(int(k.plan)) && k.status != 'I' && k.status != 'D'
}

func (g *gen) emitCustomers() {
	r := g.r
	var buf [16]byte
	for i := range g.custs {
		c := &g.custs[i]
		razao, fantasia := g.customerName(c)
		ct := &cities[c.city]
		district := districts[r.IntN(len(districts))]
		localidade := "U"
		if district == "Zona Rural" {
			localidade = "R"
		}
		numero := "S/N"
		if r.IntN(20) != 0 {
			numero = g.id(1 + r.IntN(2500))
		}
		cep := ct.cepPrefix + "-" + string(digits(buf[:3], uint64(r.IntN(1000))))
		phone := g.phone(ct.ddd)
		tipo, assinante, contribuinte, ie, nasc := "F", "3", "N", "", ""
		if c.j {
			tipo, assinante = "J", "1"
			ie = "ISENTO"
			if r.IntN(2) == 0 {
				contribuinte = "I"
			} else if r.IntN(2) == 0 {
				contribuinte = "S"
				ie = string(digits(buf[:13], r.Uint64N(1e13)))
			}
		} else {
			ie = "MG-" + string(digits(buf[:8], r.Uint64N(1e8)))
			nasc = g.ago(18*365 + r.IntN(60*365))
		}
		senha := ""
		if c.hsKind != hsSenhaEmpty {
			senha = g.password(6 + r.IntN(5))
		}
		ativo := "S"
		if c.off {
			ativo = "N"
		}
		cad := g.ago(int(c.cadOff))
		g.emit(TableCliente, map[string]string{
			"id":                       g.id(i + 1),
			"ativo":                    ativo,
			"tipo_pessoa":              tipo,
			"razao":                    razao,
			"fantasia":                 fantasia,
			"cnpj_cpf":                 c.doc,
			"ie_identidade":            ie,
			"contribuinte_icms":        contribuinte,
			"tipo_assinante":           assinante,
			"iss_classificacao_padrao": "00",
			"data_nascimento":          orZero(nasc),
			"data_cadastro":            cad,
			"cep":                      cep,
			"endereco":                 streets[r.IntN(len(streets))],
			"numero":                   numero,
			"complemento":              complements[r.IntN(len(complements))],
			"bairro":                   district,
			"cidade":                   ct.id,
			"tipo_localidade":          localidade,
			"email":                    c.email,
			"telefone_celular":         phone,
			"hotsite_email":            c.hotsite,
			"senha":                    senha,
			"senha_hotsite_md5":        "N",
			"hotsite_acesso":           "2",
			"cob_envia_email":          "S",
			"cob_envia_sms":            "S",
			"filial_id":                "1",
		})
	}
}

func orZero(d string) string {
	if d == "" {
		return zeroDate
	}
	return d
}

// digits renders v as len(b) zero-padded decimal digits into b.
func digits(b []byte, v uint64) []byte {
	putDigits(b, v)
	return b
}

// phone is a Brazilian mobile number "(35) 99123-4567".
func (g *gen) phone(ddd string) string {
	var b [15]byte
	b[0] = '('
	copy(b[1:3], ddd)
	b[3], b[4], b[5] = ')', ' ', '9'
	putDigits(b[6:10], uint64(8000+g.r.IntN(2000)))
	b[10] = '-'
	putDigits(b[11:15], uint64(g.r.IntN(10000)))
	return string(b[:])
}

const passwordChars = "abcdefghjkmnpqrstuvwxyz23456789"

func (g *gen) password(n int) string {
	var b [16]byte
	for i := 0; i < n; i++ {
		b[i] = passwordChars[g.r.IntN(len(passwordChars))]
	}
	return string(b[:n])
}

func (g *gen) emitContracts() {
	r := g.r
	for i := range g.cons {
		k := &g.cons[i]
		p := &plans[k.plan-1]
		ativacao, base := g.ago(int(k.actOff)), g.ago(int(k.actOff))
		if k.status == 'P' {
			ativacao = zeroDate
		}
		cancel := zeroDate
		if k.status == 'I' || k.status == 'D' {
			cancel = g.ago(int(k.cancOff))
		}
		suspenso, suspIni, suspFim := "N", zeroDate, zeroDate
		if k.flags&fSuspended != 0 {
			suspenso = "S"
			suspIni = g.ago(1 + r.IntN(60))
			suspFim = g.ahead(1 + r.IntN(90))
		}
		situacao, velocidade := "R", "N"
		switch k.sti {
		case stiFA:
			situacao, velocidade = "IR", "R"
		case stiCA:
			situacao = "I"
		}
		if k.status == 'N' {
			situacao = "I"
		}
		g.emit(TableContrato, map[string]string{
			"id":                           g.id(i + 1),
			"tipo":                         "I",
			"id_cliente":                   g.id(int(k.cust) + 1),
			"id_vd_contrato":               g.id(int(k.plan)),
			"contrato":                     p.nome,
			"id_tipo_contrato":             "1",
			"id_modelo":                    "1",
			"id_filial":                    "1",
			"data":                         base,
			"id_tipo_documento":            "1",
			"id_carteira_cobranca":         "1",
			"id_vendedor":                  g.id(1 + r.IntN(4)),
			"cc_previsao":                  "N",
			"tipo_cobranca":                "P",
			"renovacao_automatica":         "S",
			"base_geracao_tipo_doc":        "P",
			"bloqueio_automatico":          "S",
			"aviso_atraso":                 "S",
			"endereco_padrao_cliente":      "S",
			"status":                       string(k.status),
			"status_internet":              statusInternet[k.sti],
			"status_velocidade":            velocidade,
			"situacao_financeira_contrato": situacao,
			"contrato_suspenso":            suspenso,
			"data_inicial_suspensao":       suspIni,
			"data_final_suspensao":         suspFim,
			"data_ativacao":                ativacao,
			"data_cancelamento":            cancel,
		})
	}
}

// service emits a cliente_contrato_servicos row.
func (g *gen) service(id int, prod int, contract int, acresDesc, status, data, validade, valor, descr, vinc, repetir, repetirQtde, execucoes string) {
	g.emit(TableServicos, map[string]string{
		"id":                       g.id(id),
		"tipo":                     extraType(prod),
		"id_produto":               g.id(prod),
		"descricao":                descr,
		"id_unidade":               g.id(unitSER),
		"quantidade":               "1",
		"valor_unitario":           valor,
		"valor_total":              valor,
		"repetir":                  repetir,
		"repetir_qtde":             repetirQtde,
		"execucoes":                execucoes,
		"data":                     data,
		"data_validade":            validade,
		"status":                   status,
		"status_nf21":              "A",
		"id_contrato":              g.id(contract),
		"tipo_acres_desc":          acresDesc,
		"id_produto_contrato_vinc": vinc,
		"id_vd_contrato_produtos":  "0",
		"id_tipo_documento":        "0",
		"origem":                   "M",
		"pdesconto":                "0.00",
		"vdesconto":                "0.00",
		"observacao":               "",
	})
}

func (g *gen) emitServices() {
	r := g.r
	const levDescr = "LEVEDUCA - CURSOS ONLINE"
	id := 0
	for i := range g.cons {
		k := &g.cons[i]
		if g.cfg.Link == LinkAdditionalService && k.subscribes() {
			for _, x := range plans[k.plan-1].extras {
				if isOffer(x) {
					id++
					g.service(id, x, i+1, "A", "A", g.ago(int(k.actOff)), zeroDate, extraValue(x),
						products[x-1].descricao, "0", "S", "0", g.id(int(k.actOff)/30))
				}
			}
		}
		if k.flags&(fSvcActive|fSvcDouble|fSvcOnInactive|fSvcExpired|fSvcStatusI|fSupport) == 0 {
			continue
		}
		cid := i + 1
		startOff := r.IntN(int(k.actOff) + 1)
		start := g.ago(startOff)
		execs := g.id(startOff / 30)
		if k.flags&(fSvcActive|fSvcDouble|fSvcOnInactive) != 0 {
			validade := zeroDate
			if r.IntN(4) == 0 {
				validade = g.ahead(30 + r.IntN(335))
			}
			id++
			levID := id
			g.service(id, prodLevEduca, cid, "A", "A", start, validade, "9.90", levDescr, "0", "S", "0", execs)
			if k.flags&fSvcDiscount != 0 {
				id++
				g.service(id, prodLevEduca, cid, "D", "A", start, zeroDate, "9.90",
					"DESCONTO LEVEDUCA - CORTESIA FIDELIDADE", g.id(levID), "V", "12", execs)
			}
		}
		if k.flags&fSvcExpired != 0 {
			id++
			expired := g.ago(1 + r.IntN(max(1, startOff-1)))
			g.service(id, prodLevEduca, cid, "A", "A", start, expired, "9.90", levDescr, "0", "S", "0", execs)
		}
		if k.flags&fSvcStatusI != 0 {
			id++
			g.service(id, prodLevEduca, cid, "A", "I", start, zeroDate, "9.90", levDescr, "0", "S", "0", execs)
		}
		if k.flags&fSupport != 0 {
			id++
			g.service(id, prodSupport, cid, "A", "A", start, zeroDate, "19.90",
				products[prodSupport-1].descricao, "0", "S", "0", execs)
		}
	}
}

func (g *gen) emitLogins() {
	r := g.r
	id := 0
	var mac [17]byte
	for i := range g.cons {
		k := &g.cons[i]
		if k.flags&fLoginNone != 0 || k.status == 'P' {
			continue
		}
		idContrato, ativo := g.id(i+1), "S"
		switch {
		case k.status == 'I' || k.status == 'D':
			if r.IntN(2) == 0 {
				continue
			}
			ativo = "N"
		case k.flags&fLoginUnlinked != 0:
			idContrato = "0"
		case k.flags&fLoginInactive != 0:
			ativo = "N"
		}
		id++
		c := &g.custs[k.cust]
		var login string
		if c.j {
			login = companyActivities[c.n1].slug + g.id(i+1)
		} else {
			login = firstNames[c.n1].slug + "." + lastNames[c.n3].slug + g.id(i+1)
		}
		online := "N"
		if ativo == "S" && k.sti == stiA {
			switch x := r.IntN(100); {
			case x < 80:
				online = "S"
			case x < 95:
				online = "N"
			default:
				online = "SS"
			}
		}
		for j := 0; j < 6; j++ {
			v := r.IntN(256)
			mac[j*3] = "0123456789ABCDEF"[v>>4]
			mac[j*3+1] = "0123456789ABCDEF"[v&15]
			if j < 5 {
				mac[j*3+2] = ':'
			}
		}
		last := g.ago(r.IntN(3))
		g.emit(TableRadusuarios, map[string]string{
			"id":                      g.id(id),
			"autenticacao":            "L",
			"tipo_conexao_mapa":       "58",
			"id_cliente":              g.id(int(k.cust) + 1),
			"id_contrato":             idContrato,
			"id_grupo":                g.id(plans[k.plan-1].speedGroup),
			"login":                   login,
			"senha_md5":               "N",
			"senha":                   g.password(8),
			"login_simultaneo":        "1",
			"ativo":                   ativo,
			"online":                  online,
			"auto_preencher_ip":       "S",
			"fixar_ip":                "N",
			"relacionar_ip_ao_login":  "N",
			"autenticacao_por_mac":    "N",
			"auto_preencher_mac":      "S",
			"relacionar_mac_ao_login": "S",
			"tipo_vinculo_plano":      "D",
			"ip":                      "100.64." + g.id(id>>8&255) + "." + g.id(id&255),
			"mac":                     string(mac[:]),
			"ultima_conexao_inicial":  last + " 07:41:12",
			"ultima_conexao_final":    last + " 23:05:54",
		})
	}
}

var employeeRoles = []struct{ funcao, departamento string }{
	{"1", "1"}, // técnico de campo, técnico
	{"1", "1"},
	{"2", "2"}, // suporte, NOC
	{"3", "3"}, // vendedor, comercial
	{"4", "4"}, // financeiro
	{"5", "5"}, // administrativo
}

// Employee kinds.
const (
	empNormal uint8 = iota
	empInvalid
	empEmpty
	empDismissed
	empInactive
)

func (g *gen) employeeCount() int {
	return max(25, g.cfg.Contracts/80)
}

func (g *gen) emitEmployees() {
	r := g.r
	ke := g.employeeCount()
	kinds := make([]uint8, ke)
	order := r.Perm(ke)
	pos := 0
	for _, c := range []struct {
		kind uint8
		rate int
	}{{empInvalid, rateEmpInvalid}, {empEmpty, rateEmpEmpty}, {empDismissed, rateEmpDismissed}, {empInactive, rateEmpInactive}} {
		for k := share(ke, c.rate); k > 0 && pos < ke; k-- {
			kinds[order[pos]] = c.kind
			pos++
		}
	}
	base := len(g.custs) + 1000 // CPF bodies distinct from the customers'
	for i := 0; i < ke; i++ {
		f, l := firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
		cpf, ativo, demissao := "", "S", zeroDate
		switch kinds[i] {
		case empInvalid:
			cpf = g.cpf(base+i, true)
		case empEmpty:
		default:
			cpf = g.cpf(base+i, false)
		}
		admOff := 60 + r.IntN(4000)
		switch kinds[i] {
		case empDismissed:
			demissao = g.ago(1 + r.IntN(min(admOff-1, 300)))
		case empInactive:
			ativo = "N"
			demissao = g.ago(1 + r.IntN(admOff-1))
		}
		role := employeeRoles[r.IntN(len(employeeRoles))]
		usuario := "0"
		if i < staffUsers {
			usuario = g.id(FirstStaffUsuariosID + i)
		}
		g.emit(TableFuncionarios, map[string]string{
			"id":              g.id(i + 1),
			"funcionario":     f.text + " " + l.text,
			"cpf_cnpj":        cpf,
			"ativo":           ativo,
			"filial_id":       "1",
			"id_conta":        "1",
			"cidade":          cities[0].id,
			"envia_email_os":  "N",
			"envia_sms_os":    "N",
			"email":           f.slug + "." + l.slug + "@netsulminas.com.br",
			"fone_celular":    g.phone(cities[0].ddd),
			"data_admissao":   g.ago(admOff),
			"data_demissao":   demissao,
			"id_funcao":       role.funcao,
			"id_departamento": role.departamento,
			"id_setor_padrao": role.departamento,
			"usuario_id":      usuario,
		})
		if i < staffUsers {
			g.staff = append(g.staff, staffMember{name: f.text + " " + l.text, email: f.slug + "." + l.slug + "@netsulminas.com.br", active: ativo == "S"})
		}
	}
}

type staffMember struct {
	name, email string
	active      bool
}

func (g *gen) emitStaffUsers() {
	const hex = "0123456789abcdef"
	for i, s := range g.staff {
		var h [64]byte
		for j := range h {
			h[j] = hex[g.r.IntN(16)]
		}
		status := "A"
		if !s.active {
			status = "I"
		}
		grupo := "2"
		if i == 0 {
			grupo = "1"
		}
		g.emit(TableUsuarios, map[string]string{
			"id":                     g.id(FirstStaffUsuariosID + i),
			"id_grupo":               grupo,
			"nome":                   s.name,
			"email":                  s.email,
			"senha":                  string(h[:]),
			"status":                 status,
			"language":               "Pt-Br",
			"recebimentos_dia_atual": "N",
			"pagamentos_dia_atual":   "N",
			"lancamentos_dia_atual":  "N",
			"acesso_webservice":      "",
			"tipo_acesso":            "A",
			"funcionario":            g.id(i + 1),
			"alter_passwd_date":      g.ago(10+g.r.IntN(300)) + " 16:28:53",
		})
	}
}
