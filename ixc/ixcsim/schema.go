// Code generated from IXC's public Postman collection "API - IXC Provedor" by a one-off python3 script
// (insert bodies, PUT bodies, saved responses and folder field dictionaries); then hand-edited
// where noted. DO NOT regenerate blindly.

package ixcsim

// tableSchema describes one IXC table as the simulator knows it.
type tableSchema struct {
	Name     string
	Columns  []string // output order; "id" first
	Required []string // fields marked //Obrigatório in the collection's insert body
}

// schemas lists the tables the simulator serves (besides the read-only view
// view_vd_contratos_produtos_gen, see view.go).
//
// Hand edits after extraction:
//   - vd_contratos: the insert body says "ativo" but the real column (dictionary and the official
//     filter vd_contratos.Ativo) is "Ativo"; only "Ativo" exists here.
//   - usuarios: acesso_token/token_webservice are never exposed (no token column).
//   - unidades: the collection marks nothing; descricao and sigla are required here (choice).
//   - cliente_contrato: the dictionary typo "data_cancelamentoeste" is "data_cancelamento".
//   - radusuarios: required = the PPPoE insert body ("Todos os campos são obrigatórios").
//   - cliente_contrato_servicos: id_produto_contrato_vinc is required only for discounts
//     (tipo_acres_desc = D), enforced in write.go.
var schemas = []tableSchema{
	{
		Name: "usuarios",
		Columns: []string{
			"id", "id_grupo", "tipo_alcada", "nome", "email", "senha", "status",
			"permite_acesso_ixc_mobile", "template", "imagem", "acesso_webservice", "user_callcenter",
			"callcenter", "alter_passwd_date", "language", "caixa_fn_receber", "id_caixa",
			"vendedor_padrao", "recebimentos_dia_atual", "pagamentos_dia_atual",
			"lancamentos_dia_atual", "filtrar_plano_venda_filial_contrato", "desc_max_recebimento",
			"desc_max_renegociacao", "funcionario", "filtra_departamento_ticket",
			"filtra_funcionario_ticket", "mostrar_ticket_sem_funcionario", "filtra_setor",
			"filtra_funcionario", "mostrar_os_sem_funcionario", "administrador_kanban",
			"crm_filtra_vendedor", "inmap_filtra_vendedor", "enviar_monitoramento_host",
			"enviar_notificacao_backup", "permite_inutilizar_patrimonio", "permite_ver_diferenca",
			"desc_max_venda", "ultima_atualizacao",
		},
		Required: []string{
			"id_grupo", "nome", "email", "senha", "status", "language", "recebimentos_dia_atual",
			"pagamentos_dia_atual", "lancamentos_dia_atual",
		},
	},
	{
		Name: "produtos",
		Columns: []string{
			"id", "ativo", "subgrupo_tipo", "id_sub_grupo", "descricao", "descricao_alt",
			"codigo_barras", "codigo_tecido", "qtde_min", "qtde_max", "tipo", "controla_estoque",
			"movimentacao", "unidade", "vencimento_garantia", "id_categoria_patrimonio", "preco_base",
			"margem_lucro", "aceita_valor", "pcomissao", "codigo", "ultima_atualizacao",
			"id_tipo_documento_servico", "id_fr_faturamento_classificacoes", "icms_issqn",
			"id_class_fiscal", "id_class_fiscal_entrada", "ncm", "id_produtos_ncm_cest", "cod_servico",
			"cod_classificacao_servico", "id_conta_estoque", "id_conta_despesa", "id_conta_receita",
			"id_conta_comodato", "id_classe_financeira", "vICMSSTRet", "iss_natureza_operacao",
			"controle_impressao_etiqueta", "ecommerce", "ecommerce_pg_inicial",
			"mostra_valor_ecommerce", "tipo_ecommerce", "ecommerce_prioridade", "valor_prefixo",
			"valor_sufixo", "descricao_completa", "imagem", "saldo", "valor", "valor_custo",
			"custo_medio", "custo_medio_total", "pesob", "pesol", "altura", "largura", "profundidade",
			"plataforma", "tv_id_plataforma", "tv_LineUp", "tv_data_inicial", "tv_data_final",
			"id_integracao_tv", "tv_id_pacote_servicos", "tv_id_pacote_servicos_watch",
			"descricao_pacote_watch", "total_tickets_watch", "tv_id_pacotes", "tv_id_pacote_temporario",
			"tv_dias_expiracao_pacote_temporario", "search", "produto_playhub", "tariff_plan",
			"tv_id_pacotes_adicionais", "id_sva_integracao", "id_sva_pacote", "id_sva_pacote_adicional",
			"tipo_produto_integracao", "id_assinatura_integracao", "plataforma_integracao",
			"tipo_documento",
		},
		Required: []string{
			"ativo", "id_sub_grupo", "descricao", "tipo", "controla_estoque", "movimentacao", "unidade",
			"preco_base", "aceita_valor", "icms_issqn", "id_class_fiscal", "ncm",
			"mostra_valor_ecommerce", "tipo_ecommerce", "ecommerce_prioridade",
		},
	},
	{
		Name: "sub_grupo_produdos",
		Columns: []string{
			"id", "id_grupo", "sub_grupo", "codigo_alternativo", "id_conta_estoque", "id_conta_despesa",
			"id_conta_receita2", "id_conta_receita", "id_classe_financeira", "id_conta_comodato",
			"tipo_produto", "ecommerce", "margem_lucro", "ultima_atualizacao",
		},
		Required: []string{
			"id_grupo", "sub_grupo", "id_conta_estoque", "id_conta_despesa", "id_conta_receita2",
		},
	},
	{
		Name: "unidades",
		Columns: []string{
			"id", "descricao", "sigla", "ultima_atualizacao",
		},
		Required: []string{
			"descricao", "sigla",
		},
	},
	{
		Name: "cnf_classificacao_tributaria",
		Columns: []string{
			"id", "descricao", "tipo_operacao", "cf_tipo_tributacao", "cf_cfop", "cf_cfop_f", "cf_ncm",
			"cf_ex_tipi", "cf_id_fiscal", "nat_bc_cred", "codigo_classificacao_sped",
			"icms_sn_stributaria", "icms_sn_origem", "modBC", "cf_aliquota_icms",
			"cf_porcentagem_deferimento", "cf_aliquota_fcp", "icms_predbc", "icms_motdesicms",
			"icms_pbcop", "icms_pcredsn", "icms_modbcst", "icms_pmvast", "icms_predbcst",
			"icms_picmsst", "icms_vicmsst", "icms_vbcstret", "icms_ufst", "icms_vbcstdest",
			"icms_fcp_aliquota_st", "cf_ipi_sit_tributaria", "cf_ipi_codigo_enquadramento",
			"cf_ipi_classe_enquadramento", "cf_ipi_codigo_selo_controle", "cf_ipi_cnpj_produtor",
			"cf_aliquota_ipi", "pis_situacao_tributaria", "cf_pis_bc", "cf_pis_alq", "cf_pis_valor",
			"descontar_icms_base_calculo", "cofins_situacao_tributaria", "cf_cofins_bc",
			"cf_cofins_alq", "cf_cofins_valor", "descontar_icms_base_calculo_cofins", "iss_tributacao",
			"iss_lista_servico", "iss_incidencia", "local_prestacao", "cf_iss_aliquota",
			"cf_iss_aliquota_retido", "cf_iss_municipio_ocorencia", "id_natureza_operacao",
			"cod_tributacao_municipio", "cf_ii_bc", "cf_ii_alq", "cf_ii_valor", "cf_ii_iof",
			"cf_ii_desp_aduaneira", "cf_ii_di_adicao", "cf_ii_di_seqadicao", "cf_ii_di_cod_fabricante",
			"irrf_tipo_retencao", "irrf_aliquota", "irrf_valor_minimo", "csll_aliquota", "p_fust",
			"p_funttel", "excessao_st_reducao_fust_funttel", "excessao_st_isentos_fust_funttel",
			"ultima_atualizacao",
		},
		Required: []string{
			"descricao", "cf_tipo_tributacao", "descontar_icms_base_calculo",
			"descontar_icms_base_calculo_cofins", "irrf_tipo_retencao",
		},
	},
	{
		Name: "vd_contratos",
		Columns: []string{
			"id", "tipo", "nome", "descricao", "moeda", "id_tipo_documento", "id_modelo",
			"id_carteira_cobranca", "id_vendedor", "id_filial", "comissao", "valor_contrato",
			"limitar_n_logins", "logins_simultaneos", "Ativo", "base_geracao_por_tipo_doc",
			"tipo_doc_opc", "tipo_doc_opc2", "tipo_doc_opc3", "tipo_doc_opc4", "ultima_atualizacao",
			"tel_franquia_segundos", "tel_franquia_prefix", "id_cidade", "id_tipo_doc_ativ",
			"id_produto_ativ", "id_cond_pag_ativ", "id_vendedor_ativ", "fidelidade",
			"utilizar_desconto_ate_vencimento", "utilizar_desconto_por_repeticao",
			"utilizar_desconto_no_produto_plano", "qtde_repeticoes_desconto",
			"id_produto_ate_vencimento", "id_produto_contrato_vinc", "valor_desconto", "comodato",
		},
		Required: []string{
			"tipo", "nome",
		},
	},
	{
		Name: "vd_contratos_produtos",
		Columns: []string{
			"id", "tipo", "id_plano", "id_produto", "descricao", "qtde", "valor_unit", "id_vd_contrato",
			"id_contrato", "obs", "valor_ate_vencimento", "id_tipo_documento",
			"id_contrato_produto_plano", "descricao_plano_valor_1", "descricao_plano_valor_2",
			"fixar_ip", "tipo_desconto", "desconto_percentual", "repetir",
			"qtde_repeticoes_desconto_produto", "valor_desconto_produto", "ultima_atualizacao",
		},
		Required: []string{
			"tipo", "id_plano", "qtde", "valor_unit", "id_contrato", "fixar_ip",
		},
	},
	{
		Name: "cliente_contrato",
		Columns: []string{
			"id", "tipo", "id_cliente", "id_vd_contrato", "descricao_aux_plano_venda", "contrato",
			"id_tipo_contrato", "id_modelo", "assinatura_digital", "integracao_assinatura_digital",
			"liberacao_bloqueio_manual", "id_filial", "indicacao_contrato_id", "data_assinatura",
			"data_ativacao", "data", "data_renovacao", "pago_ate_data", "status", "status_internet",
			"status_velocidade", "tipo_produtos_plano", "motivo_inclusao", "id_indexador_reajuste",
			"url_assinatura_digital", "token_assinatura_digital", "id_tipo_documento",
			"id_carteira_cobranca", "id_vendedor", "comissao", "cc_previsao", "tipo_cobranca",
			"renovacao_automatica", "gerar_finan_assin_digital_contrato", "base_geracao_tipo_doc",
			"id_contrato_principal", "num_parcelas_atraso", "nf_info_adicionais",
			"credit_card_recorrente_bandeira_cartao", "credit_card_recorrente_token",
			"ids_contratos_recorrencia", "tipo_doc_opc", "tipo_doc_opc2", "tipo_doc_opc3",
			"tipo_doc_opc4", "id_tipo_doc_ativ", "id_produto_ativ", "taxa_instalacao",
			"id_cond_pag_ativ", "id_responsavel", "id_vendedor_ativ", "ativacao_numero_parcelas",
			"ativacao_vencimentos", "ativacao_valor_parcela", "fidelidade", "data_expiracao",
			"desconto_fidelidade", "id_instalador", "taxa_improdutiva", "venc_personalizado",
			"com_entrada", "dia_fixo_vencimento", "tipo_condicao_pag", "bloqueio_automatico",
			"nao_bloquear_ate", "aviso_atraso", "nao_avisar_ate", "desbloqueio_confianca",
			"desbloqueio_confianca_ativo", "restricao_auto_desbloqueio", "obs", "nao_susp_parc_ate",
			"liberacao_suspensao_parcial", "utilizando_auto_libera_susp_parc",
			"restricao_auto_libera_susp_parcial", "motivo_restri_auto_libera_parc", "contrato_suspenso",
			"data_inicial_suspensao", "data_final_suspensao", "data_acesso_desativado",
			"id_responsavel_cancelamento", "motivo_cancelamento", "obs_cancelamento",
			"data_negativacao", "id_responsavel_negativacao", "protocolo_negativacao",
			"id_motivo_negativacao", "obs_negativacao", "data_desistencia",
			"id_responsavel_desistencia", "motivo_desistencia", "obs_desistencia", "obs_contrato",
			"alerta_contrato", "dt_ult_bloq_auto", "dt_ult_bloq_manual", "dt_ult_finan_atraso",
			"dt_ult_des_bloq_conf", "dt_ult_liberacao_susp_parc", "dt_ult_ativacao",
			"dt_utl_negativacao", "dt_ult_desiste", "data_cadastro_sistema", "ultima_atualizacao",
			"data_retomada_contrato", "endereco_padrao_cliente", "id_condominio", "condominio_novo",
			"bloco", "bloco_novo", "apartamento", "apartamento_novo", "cep", "cep_novo", "endereco",
			"endereco_novo", "numero", "numero_novo", "bairro", "bairro_novo", "cidade", "cidade_novo",
			"complemento", "complemento_novo", "referencia", "referencia_novo", "latitude",
			"latitude_novo", "longitude", "longitude_novo", "avalista_1", "avalista_2",
			"testemunha_assinatura_digital", "document_photo", "selfie_photo", "data_cancelamento",
		},
		Required: []string{
			"tipo", "id_cliente", "id_vd_contrato", "contrato", "id_tipo_contrato", "id_modelo",
			"id_filial", "data", "id_tipo_documento", "id_carteira_cobranca", "id_vendedor",
			"cc_previsao", "tipo_cobranca", "renovacao_automatica", "base_geracao_tipo_doc",
			"bloqueio_automatico", "aviso_atraso", "endereco_padrao_cliente",
		},
	},
	{
		Name: "cliente_contrato_servicos",
		Columns: []string{
			"id", "tipo", "id_login_tv", "id_produto", "descricao", "id_unidade", "quantidade",
			"valor_unitario", "valor_total", "valor_total2", "repetir", "repetir_qtde", "data",
			"status", "execucoes", "ultima_execucao", "status_nf21", "execucoes_nf21",
			"ultima_execucao_nf21", "id_contrato", "pdesconto", "vdesconto", "id_sip", "id_oss_chamado",
			"id_oss_mensagem", "id_contrato_aluguel", "id_im_lanc_mensal", "id_im_imovel",
			"id_vd_contrato_produtos", "id_areceber", "tipo_acres_desc", "tipo_produto",
			"incluido_por_prorata", "id_tipo_documento", "id_lote_rotina", "id_produto_contrato_vinc",
			"ultima_atualizacao",
		},
		Required: []string{
			"tipo", "id_produto", "descricao", "id_unidade", "quantidade", "valor_unitario",
			"valor_total", "repetir", "data", "status", "status_nf21", "id_contrato", "tipo_acres_desc",
		},
	},
	{
		Name: "cliente",
		Columns: []string{
			"id", "ativo", "id_tipo_cliente", "tipo_cliente_scm", "tipo_pessoa", "razao", "fantasia",
			"cnpj_cpf", "ie_identidade", "contribuinte_icms", "rg_orgao_emissor", "nacionalidade",
			"cidade_naturalidade", "estado_nascimento", "data_nascimento", "profissao", "estado_civil",
			"inscricao_municipal", "isuf", "tipo_assinante", "filial_id", "filtra_filial", "idx",
			"ativo_serasa", "convert_cliente_forn", "atualizar_cadastro_galaxPay", "id_condominio",
			"bloco", "apartamento", "cep", "cif", "endereco", "numero", "complemento", "bairro",
			"cidade", "referencia", "uf", "tipo_localidade", "latitude", "longitude", "cep_cob",
			"endereco_cob", "numero_cob", "bairro_cob", "cidade_cob", "complemento_cob",
			"referencia_cob", "uf_cob", "fone", "telefone_comercial", "ramal", "id_operadora_celular",
			"telefone_celular", "whatsapp", "email", "contato", "website", "skype", "facebook",
			"hotsite_email", "senha", "acesso_automatico_central", "alterar_senha_primeiro_acesso",
			"senha_hotsite_md5", "hotsite_acesso", "crm", "id_candato_tipo", "id_campanha",
			"id_concorrente", "id_perfil", "responsavel", "indicado_por", "cadastrado_via_viabilidade",
			"status_prospeccao", "crm_data_novo", "crm_data_sondagem", "crm_data_apresentando",
			"crm_data_negociando", "crm_data_vencemos", "crm_data_perdemos", "crm_data_abortamos",
			"crm_data_sem_porta_disponivel", "crm_data_sem_viabilidade", "foto_cartao",
			"participa_cobranca", "num_dias_cob", "participa_pre_cobranca", "cob_envia_email",
			"cob_envia_sms", "id_conta", "cond_pagamento", "id_vendedor", "tabela_preco",
			"deb_automatico", "deb_agencia", "deb_conta", "codigo_operacao",
			"tipo_pessoa_titular_conta", "cnpj_cpf_titular_conta", "nome_pai", "cpf_pai",
			"identidade_pai", "nascimento_pai", "nome_mae", "cpf_mae", "identidade_mae",
			"nascimento_mae", "quantidade_dependentes", "nome_conjuge", "fone_conjuge", "cpf_conjuge",
			"rg_conjuge", "data_nascimento_conjuge", "nome_contador", "telefone_contador",
			"orgao_publico", "im", "nome_representante_1", "cpf_representante_1",
			"identidade_representante_1", "nome_representante_2", "cpf_representante_2",
			"identidade_representante_2", "iss_classificacao_padrao", "desconto_irrf_valor_inferior",
			"ref_com_empresa1", "ref_com_fone1", "ref_com_empresa2", "ref_com_fone2", "ref_pes_nome1",
			"ref_pes_fone1", "ref_pes_nome2", "ref_pes_fone2", "obs", "alerta", "grau_satisfacao",
			"tipo_documento_identificacao", "data_cadastro", "ultima_atualizacao", "Sexo", "moradia",
			"emp_empresa", "emp_cnpj", "emp_cep", "emp_endereco", "emp_cidade", "emp_fone", "emp_cargo",
			"emp_remuneracao", "emp_data_admissao", "pipe_id_organizacao", "pis_retem", "cofins_retem",
			"csll_retem", "irrf_retem", "cli_desconta_iss_retido_total", "regime_fiscal_col",
		},
		Required: []string{
			"ativo", "tipo_pessoa", "cnpj_cpf", "contribuinte_icms", "tipo_assinante", "cep",
			"endereco", "numero", "bairro", "cidade", "tipo_localidade", "cob_envia_email",
			"cob_envia_sms", "iss_classificacao_padrao",
		},
	},
	{
		Name: "radusuarios",
		Columns: []string{
			"id", "autenticacao_por_mac", "relacionar_concentrador_ao_login", "agent_circuit_id",
			"pool_radius", "id_rad_dns", "modelo_tranmissor", "auto_preencher_ipv6", "fixar_ipv6",
			"relacionar_ipv6_ao_login", "ip_aux", "porta_aux", "id_radgrupos_pools", "service_tag_vlan",
			"acct_session_id", "senha_rede_sem_fio_5ghz", "ssid_router_wifi_5ghz", "mtu",
			"onu_compartilhada", "id_reserva_rede_neutra", "tipo_acesso", "usuario_wpa2aes",
			"senha_wpa2aes", "pacote_lte", "ativo", "online", "tipo_conexao_mapa", "id_contrato",
			"id_grupo", "id_cliente", "login", "obs", "senha", "auto_preencher_ip", "ip",
			"auto_preencher_mac", "pd_ipv6", "mac", "endereco", "numero", "complemento",
			"relacionar_ip_ao_login", "bairro", "relacionar_mac_ao_login", "conexao", "id_concentrador",
			"latitude", "longitude", "concentrador", "tipo_conexao", "ultima_conexao_inicial",
			"ultima_conexao_final", "interface", "tempo_conectado", "franquia_maximo",
			"franquia_consumo", "autenticacao", "login_simultaneo", "senha_md5", "fixar_ip", "ip_aviso",
			"porta_http", "porta_router2", "id_transmissor", "id_caixa_ftth", "ftth_porta",
			"senha_router1", "senha_router2", "senha_rede_sem_fio", "id_porta_transmissor",
			"cliente_tem_a_senha", "franquia_atingida", "autenticacao_wps", "id_df_projeto",
			"autenticacao_mac", "motivo_desconexao", "autenticacao_wpa", "tempo_conexao",
			"tipo_vinculo_plano", "count_desconexao", "onu_mac", "vlan", "vlan_ip_rede", "id_hardware",
			"id_condominio", "tipo_equipamento", "metragem_interna", "metragem_externa", "tronco",
			"splitter", "sinal_ultimo_atendimento", "interface_transmissao", "franquia_consumo_up",
			"endereco_padrao_cliente", "cidade", "cep", "referencia", "ssid_router_wifi", "bloco",
			"apartamento", "usuario_router1", "upload_atual", "download_atual", "gw_vlan", "id_filial",
			"ponta", "ultima_atualizacao", "framed_fixar_ipv6", "framed_autopreencher_ipv6",
			"framed_relacionar_ipv6_ao_login", "framed_pd_ipv6", "lte_id", "id_integracao",
			"porta_http_nas", "interface_transmissao_fibra",
		},
		Required: []string{
			"autenticacao", "tipo_conexao_mapa", "id_cliente", "id_contrato", "id_grupo", "login",
			"senha_md5", "senha", "login_simultaneo", "ativo", "auto_preencher_ip", "fixar_ip",
			"relacionar_ip_ao_login", "autenticacao_por_mac", "auto_preencher_mac",
			"relacionar_mac_ao_login", "tipo_vinculo_plano",
		},
	},
	{
		Name: "funcionarios",
		Columns: []string{
			"id", "funcionario", "filial_id", "id_funcao", "id_departamento", "id_conta",
			"id_conta_decimo", "ramal", "coeficiente", "ativo", "cor_mapa", "data_admissao",
			"data_demissao", "obs", "percen_max_desc_areceber", "ctps_numero", "ctps_serie",
			"ctps_data_emissao", "ctps_cidade_emissao", "cpf_cnpj", "pis_numero", "pis_data",
			"ie_identidade", "rg_orgao_emissor", "rg_data_emissao", "nacionalidade", "data_nascimento",
			"cnh_numero", "search", "cnh_vencimento", "titulo_numero", "titulo_zona", "titulo_secao",
			"rastreador", "ultima_atualizacao", "cep", "endereco", "numero", "cidade", "bairro",
			"complemento", "uf", "referencia", "nome_pai", "nome_mae", "estado_civil", "nome_conjuge",
			"cpf_conjuge", "rg_conjuge", "dependentes_ir", "num_dependentes", "dep_um_nome",
			"dep_um_rg", "dep_um_cpf", "dep_dois_nome", "dep_dois_rg", "dep_dois_cpf", "dep_tres_nome",
			"dep_tres_rg", "dep_tres_cpf", "cor_raca", "num_manequim", "camiseta", "possui_deficiencia",
			"fone", "fone_celular", "fone_emergencia", "falar_com", "telefone_comercial", "email",
			"id_email_smtp", "assinatura_email", "salario", "id_conta_salario", "banco", "agencia",
			"agencia_dv", "conta", "numero_conta_dv", "chave_pix", "camara_centralizadora",
			"envia_email_os", "envia_sms_os", "integracao_calendario", "id_chat_telegram_funcionario",
			"id_setor_padrao", "img_assinatura", "id_perfil_jornada_trabalho",
		},
		Required: []string{
			"funcionario", "filial_id", "id_conta", "ativo", "cidade", "envia_email_os", "envia_sms_os",
		},
	},
}
