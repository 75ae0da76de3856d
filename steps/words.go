package steps

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// ErrorText turns any error the program meets into words in the user's
// languages: what IXC (or the network) did, which table and operation, and
// IXC's own message quoted («…» in Portuguese, “…” in English) — never a Go
// error string and never English inside the Portuguese text. Errors that
// already speak both languages (i18n.Localized) keep their words. It is
// UI-free: the wizard, the CLI and the reports all call it.
func ErrorText(err error) i18n.Text {
	if err == nil {
		return i18n.Text{}
	}
	var loc i18n.Localized
	if errors.As(err, &loc) {
		return loc.Text()
	}
	var ue *ixc.URLError
	if errors.As(err, &ue) {
		return i18n.T("Endereço do IXC inválido: "+cmpOr(ue.ReasonPT, ue.Reason)+".", "Invalid IXC address: "+ue.Reason+".")
	}
	var te *ixc.TokenError
	if errors.As(err, &te) {
		return i18n.T("Token inutilizável: "+cmpOr(te.ReasonPT, te.Reason)+".", "Unusable token: "+te.Reason+".")
	}
	var ce *ixc.CAFileError
	if errors.As(err, &ce) {
		return caFileText(ce)
	}
	var le *journal.LineError
	switch {
	case errors.Is(err, journal.ErrNotJournal):
		return i18n.T("O arquivo não é um diário do ixc-leveduca (a primeira linha não é o cabeçalho de um diário).",
			"The file is not an ixc-leveduca journal (its first line is not a journal's header).")
	case errors.As(err, &le):
		n := strconv.Itoa(le.Line)
		return i18n.T("O diário está danificado na linha "+n+" (não é uma linha de diário): foi editado ou cortado?",
			"The journal is damaged at line "+n+" (not a journal line): was it edited or cut?")
	}
	var e *ixc.Error
	if !errors.As(err, &e) {
		return foreignText(err)
	}
	return ixcErrorText(e)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// quote puts a server's words in quotes, one line, bounded.
func quote(s string) (pt, en string) {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 300 {
		s = string(r[:300]) + "…"
	}
	return "«" + s + "»", "“" + s + "”"
}

// withQuote appends ": «msg»" to both texts when msg is not empty.
func withQuote(pt, en, msg string) i18n.Text {
	if strings.TrimSpace(msg) == "" {
		return i18n.T(pt+".", en+".")
	}
	qp, qe := quote(msg)
	return i18n.T(pt+": "+qp, en+": "+qe)
}

// opWords names what was being done to a table, a feminine noun phrase
// without its article ("leitura de produtos": "a leitura", "na leitura").
func opWords(e *ixc.Error) (pt, en string) {
	t := e.Table
	switch e.Op {
	case "insert":
		return "inclusão em " + t, "an insert into " + t
	case "update", "replace":
		return "alteração em " + t, "an update of " + t
	case "delete":
		return "exclusão em " + t, "a delete from " + t
	}
	if t == "" {
		return "leitura", "a read"
	}
	return "leitura de " + t, "reading " + t
}

// statusWords is " (HTTP n)" for a status that is not a success (IXC
// sends most refusals with 200, which says nothing).
func statusWords(status int) string {
	if status < 300 {
		return ""
	}
	return " (HTTP " + strconv.Itoa(status) + ")"
}

func ixcErrorText(e *ixc.Error) i18n.Text {
	op, opEN := opWords(e)
	st := statusWords(e.Status)
	switch e.Kind {
	case ixc.KindUnreachable:
		return unreachableText(e, op, opEN)
	case ixc.KindTLS:
		return i18n.T("O certificado HTTPS do IXC não é confiável, ou a conexão segura falhou; use --ca-cert com o certificado da autoridade do servidor, ou --insecure ciente do risco.",
			"IXC's HTTPS certificate is not trusted, or the secure connection failed; use --ca-cert with the server's certificate authority, or --insecure knowing the risk.")
	case ixc.KindNotIXC:
		return notIXCText(e, op, opEN, st)
	case ixc.KindTokenRejected:
		return withQuote("O IXC recusou o token"+st+": token errado ou regenerado, ou usuário inativo ou sem \"Permite acesso webservice\"",
			"IXC rejected the token"+st+": wrong or regenerated token, or the user is inactive or lacks \"Permite acesso webservice\"", e.Message)
	case ixc.KindIPNotAllowed:
		return withQuote("O IXC não libera o IP desta máquina para o usuário do token (Redes Permitidas do grupo de usuários)",
			"IXC does not allow this machine's IP for the token's user (Redes Permitidas of the user group)", e.Message)
	case ixc.KindResourceUnavailable:
		return withQuote("O IXC não tem "+e.Table+" disponível para a API", "IXC does not make "+e.Table+" available to the API", e.Message)
	case ixc.KindPermissionDenied:
		return withQuote("O IXC recusou a "+op+" (permissão do grupo do usuário do token)", "IXC refused "+opEN+" (the token user's group permissions)", e.Message)
	case ixc.KindBusiness:
		return withQuote("O IXC recusou a "+op, "IXC refused "+opEN, e.Message)
	case ixc.KindProcessing:
		return withQuote("O IXC falhou ao processar a "+op+st, "IXC failed to process "+opEN+st, e.Message)
	case ixc.KindNotFound:
		if e.ID != "" {
			return i18n.T("O registro "+e.ID+" não existe em "+e.Table+".", "Record "+e.ID+" does not exist in "+e.Table+".")
		}
		return i18n.T("O registro não existe em "+e.Table+".", "The record does not exist in "+e.Table+".")
	case ixc.KindInvalidQuery:
		qp, qe := quote(e.Where)
		return i18n.T("Erro interno do programa na "+op+": o filtro em "+qp+" está sem valor e pediria a tabela inteira ao IXC; nada foi enviado. Envie esta mensagem aos mantenedores.",
			"Internal program error "+opEN+": the filter on "+qe+" has no value and would ask IXC for the whole table; nothing was sent. Please send this message to the maintainers.")
	case ixc.KindServer:
		if e.Status == 504 || e.Timeout {
			return withQuote("O IXC demorou demais na "+op+st+" (servidor sobrecarregado ou limite de tempo do IXC)",
				"IXC took too long "+opEN+st+" (overloaded server or IXC's time limit)", e.Message)
		}
		return withQuote("O IXC respondeu com erro na "+op+st, "IXC answered with an error "+opEN+st, e.Message)
	}
	if errors.Is(e, context.Canceled) {
		return i18n.T("Interrompido.", "Interrupted.")
	}
	if errors.Is(e, context.DeadlineExceeded) {
		return i18n.T("Tempo esgotado na "+op+".", "Time ran out "+opEN+".")
	}
	if e.Message != "" {
		return withQuote("Falha na "+op, "Failure "+opEN, e.Message)
	}
	return i18n.T("Falha na "+op+".", "Failure "+opEN+".")
}

func unreachableText(e *ixc.Error, op, opEN string) i18n.Text {
	var w *ixc.WaitError
	if errors.As(e, &w) {
		d := secs(w.Limit)
		switch w.What {
		case ixc.WaitProbe:
			return i18n.T("O IXC não respondeu ao teste de conexão em "+d+": o endereço aceita a conexão, mas nada responde (servidor travado ou sobrecarregado, ou outra aplicação nessa porta).",
				"IXC did not answer the connection test within "+d+": the address accepts the connection, but nothing answers (a stuck or overloaded server, or another program on that port).")
		case ixc.WaitStall:
			return i18n.T("A resposta do IXC parou de chegar na "+op+" (nenhum byte em "+d+"); a rede ou o servidor travou.",
				"IXC's answer stopped arriving "+opEN+" (no byte for "+d+"); the network or the server stalled.")
		}
		return i18n.T("O IXC não respondeu em "+d+" na "+op+".", "IXC did not answer within "+d+" "+opEN+".")
	}
	var dnsErr *net.DNSError
	switch {
	case errors.As(e, &dnsErr) && dnsErr.IsNotFound:
		return i18n.T("O nome do servidor não foi encontrado (DNS): confira o endereço do IXC.",
			"The server name was not found (DNS): check the IXC address.")
	case errors.Is(e, syscall.ECONNREFUSED):
		return i18n.T("Nada responde nesse endereço e porta (conexão recusada): confira o endereço e a porta do IXC.",
			"Nothing answers at that address and port (connection refused): check IXC's address and port.")
	case e.Timeout:
		return i18n.T("O IXC não respondeu a tempo na "+op+" (rede ou servidor lento).", "IXC did not answer in time "+opEN+" (slow network or server).")
	}
	return i18n.T("Não foi possível falar com o IXC na "+op+": a conexão falhou ou caiu (rede, firewall ou servidor fora do ar).",
		"Could not talk to IXC "+opEN+": the connection failed or dropped (network, firewall or server down).")
}

func notIXCText(e *ixc.Error, op, opEN, st string) i18n.Text {
	switch e.Why {
	case ixc.WhyTooLarge:
		return i18n.T("A resposta do IXC na "+op+" passou de 64 MiB: não é uma resposta do IXC (recusada, sem nova tentativa).",
			"IXC's answer "+opEN+" was larger than 64 MiB: not an IXC answer (refused, not retried).")
	case ixc.WhyRedirect:
		if e.Where != "" {
			qp, qe := quote(e.Where)
			return i18n.T("O servidor redireciona"+st+" para "+qp+": use esse endereço.", "The server redirects"+st+" to "+qe+": use that address.")
		}
		return i18n.T("O servidor redireciona"+st+" sem dizer para onde: confira o endereço do IXC.", "The server redirects"+st+" without saying where: check the IXC address.")
	case ixc.WhyHTMLPage:
		return withQuote("O endereço responde com uma página HTML, não com o webservice do IXC (confira o endereço)",
			"The address answers with an HTML page, not IXC's webservice (check the address)", e.Where)
	case ixc.WhyNotJSON:
		return i18n.T("A resposta na "+op+" não é JSON: o endereço não responde como o webservice do IXC.",
			"The answer "+opEN+" is not JSON: the address does not answer as IXC's webservice.")
	case ixc.WhyEmpty:
		return i18n.T("A resposta na "+op+" veio vazia: o endereço não responde como o webservice do IXC.",
			"The answer "+opEN+" was empty: the address does not answer as IXC's webservice.")
	case ixc.WhyNoEnvelope:
		if e.Where != "" {
			qp, qe := quote(e.Where)
			return i18n.T("A resposta na "+op+" não tem o formato do IXC (o campo "+qp+" não é o que o IXC envia): o endereço não responde como o webservice do IXC.",
				"The answer "+opEN+" is not in IXC's format (the field "+qe+" is not what IXC sends): the address does not answer as IXC's webservice.")
		}
		return i18n.T("A resposta na "+op+" não tem o formato do IXC: o endereço não responde como o webservice do IXC.",
			"The answer "+opEN+" is not in IXC's format: the address does not answer as IXC's webservice.")
	case ixc.WhyBadPaging:
		return i18n.T("O servidor não pagina como o IXC na "+op+" (repete ou ignora a página pedida).",
			"The server does not page like IXC "+opEN+" (it repeats or ignores the page asked for).")
	case ixc.WhyIXCStatus:
		return withQuote("O IXC respondeu"+st+" na "+op, "IXC answered"+st+" "+opEN, e.Message)
	}
	if e.Status == 404 {
		return i18n.T("O endereço não tem o webservice do IXC (HTTP 404): confira o endereço (com ou sem /webservice/v1).",
			"The address has no IXC webservice (HTTP 404): check the address (with or without /webservice/v1).")
	}
	return withQuote("O endereço não responde como o webservice do IXC"+st, "The address does not answer as IXC's webservice"+st, e.Where)
}

// secs writes a wait as "20 s" or "500 ms".
func secs(d time.Duration) string {
	if d < time.Second {
		return strconv.FormatInt(d.Milliseconds(), 10) + " ms"
	}
	return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
}

// foreignText is the last resort for an error from outside the program's
// packages: a file, folder or port the operating system refused, in words
// (what was being done, to which path, why); otherwise a generic sentence,
// with the technical text quoted as such.
func foreignText(err error) i18n.Text {
	switch {
	case errors.Is(err, context.Canceled):
		return i18n.T("Interrompido.", "Interrupted.")
	case errors.Is(err, context.DeadlineExceeded):
		return i18n.T("Tempo esgotado.", "Time ran out.")
	}
	if r, ok := i18n.OSReason(err); ok {
		var (
			pe *fs.PathError
			le *os.LinkError
			ne *net.OpError
		)
		switch {
		case errors.As(err, &pe):
			vp, ve := pathOpWords(pe.Op)
			f := textsafe.Line(pe.Path)
			return i18n.T("Não foi possível "+vp+" "+f+": "+r.PT+".", "Cannot "+ve+" "+f+": "+r.EN+".")
		case errors.As(err, &le):
			o, n := textsafe.Line(le.Old), textsafe.Line(le.New)
			return i18n.T("Não foi possível renomear "+o+" para "+n+": "+r.PT+".", "Cannot rename "+o+" to "+n+": "+r.EN+".")
		case errors.As(err, &ne) && ne.Op == "listen" && ne.Addr != nil:
			a := textsafe.Line(ne.Addr.String())
			return i18n.T("Não foi possível escutar em "+a+": "+r.PT+".", "Cannot listen on "+a+": "+r.EN+".")
		}
		return i18n.T(upperFirst(r.PT)+".", upperFirst(r.EN)+".")
	}
	qp, qe := quote(err.Error())
	return i18n.T("Falha inesperada (detalhe técnico: "+qp+").", "Unexpected failure (technical detail: "+qe+").")
}

// Reason is why err happened, as a clause to follow "não foi possível
// gravar X: ": the operating system's cause in words when it is known
// (i18n.OSReason), the error's own words when it speaks both languages
// (or is one ErrorText knows), else its technical text quoted as such.
// It never puts Go's English text unmarked into the Portuguese.
func Reason(err error) i18n.Text {
	if err == nil {
		return i18n.Text{}
	}
	var loc i18n.Localized
	if !errors.As(err, &loc) {
		if r, ok := i18n.OSReason(err); ok {
			return r
		}
	}
	t := ErrorText(err)
	return i18n.T(lowerFirst(strings.TrimSuffix(t.PT, ".")), lowerFirst(strings.TrimSuffix(t.EN, ".")))
}

// pathOpWords names what was being done to a path (fs.PathError.Op), as a
// verb phrase taking the path as its object.
func pathOpWords(op string) (pt, en string) {
	switch op {
	case "open", "openat":
		return "abrir", "open"
	case "read", "seek", "readdirent", "readdir":
		return "ler", "read"
	case "write":
		return "gravar", "write"
	case "mkdir", "mkdirat":
		return "criar a pasta", "create the folder"
	case "stat", "lstat", "fstat", "statat":
		return "consultar", "look up"
	case "remove", "unlinkat", "rmdir":
		return "excluir", "remove"
	case "sync", "fsync":
		return "gravar no disco", "flush to disk"
	case "truncate", "ftruncate":
		return "cortar", "truncate"
	case "chmod", "fchmod":
		return "mudar as permissões de", "change the permissions of"
	case "close":
		return "fechar", "close"
	}
	return "usar", "use"
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// lowerFirst lowers the first letter of a sentence that does not begin
// with a name (an all-capitals word such as IXC, a path) to follow a colon.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// caFileText says what is wrong with the CA certificate file (--ca-cert,
// or ca_cert in the profile) and how to fix it, naming the file.
func caFileText(e *ixc.CAFileError) i18n.Text {
	f := textsafe.Line(e.Path)
	switch e.Problem {
	case ixc.CAMissing:
		return i18n.Tf("O arquivo de certificado %s (--ca-cert) não existe: confira o caminho.",
			"The certificate file %s (--ca-cert) does not exist: check the path.", f)
	case ixc.CAPermission:
		return i18n.Tf("O arquivo de certificado %s (--ca-cert) não pode ser lido por este usuário (permissão negada).",
			"The certificate file %s (--ca-cert) cannot be read by this user (permission denied).", f)
	case ixc.CADirectory:
		return i18n.Tf("%s (--ca-cert) é uma pasta: informe o arquivo PEM do certificado da autoridade.",
			"%s (--ca-cert) is a directory: give the PEM file of the authority's certificate.", f)
	case ixc.CATooLarge:
		return i18n.Tf("O arquivo %s (--ca-cert) tem mais de %d MiB: não é um arquivo de certificado; confira se é o arquivo certo.",
			"The file %s (--ca-cert) is larger than %d MiB: it is not a certificate file; check that it is the right file.", f, ixc.MaxCAFile>>20)
	case ixc.CAEmpty:
		return i18n.Tf("O arquivo de certificado %s (--ca-cert) está vazio: exporte de novo o certificado da autoridade em formato PEM.",
			"The certificate file %s (--ca-cert) is empty: export the authority's certificate again in PEM format.", f)
	case ixc.CANotPEM:
		return i18n.Tf("O arquivo %s (--ca-cert) não é um certificado PEM (um texto que começa com -----BEGIN CERTIFICATE-----); um certificado binário (.cer, .der) se converte com: openssl x509 -inform der -in ARQUIVO -out ca.pem",
			"The file %s (--ca-cert) is not a PEM certificate (a text that begins with -----BEGIN CERTIFICATE-----); a binary certificate (.cer, .der) converts with: openssl x509 -inform der -in FILE -out ca.pem", f)
	case ixc.CANoCertificate:
		qp, qe := quote(textsafe.Line(e.Found))
		return i18n.T("O arquivo "+f+" (--ca-cert) não tem nenhum certificado (tem um bloco "+qp+"): informe o certificado da autoridade (-----BEGIN CERTIFICATE-----), não uma chave.",
			"The file "+f+" (--ca-cert) holds no certificate (it has a "+qe+" block): give the authority's certificate (-----BEGIN CERTIFICATE-----), not a key.")
	case ixc.CABadCertificate:
		return i18n.Tf("O certificado no arquivo %s (--ca-cert) está corrompido ou incompleto: exporte de novo o certificado da autoridade em formato PEM.",
			"The certificate in the file %s (--ca-cert) is damaged or incomplete: export the authority's certificate again in PEM format.", f)
	}
	return i18n.Tf("Não foi possível ler o arquivo de certificado %s (--ca-cert).",
		"The certificate file %s (--ca-cert) cannot be read.", f)
}

// fieldLabels name the fields the program writes as IXC's screens name
// them (its forms' labels, from IXC's own field dictionaries), by table:
// the confirmation shows "Unidade padrão (unidade)", the manual path
// "Unidade padrão", a correction's summary lists them. IXC's screens are
// in Portuguese whatever the program's language, so the labels are too:
// the technician finds them there.
var fieldLabels = map[string]map[string]string{
	"produtos": {
		"descricao":              "Descrição",
		"ativo":                  "Ativo",
		"id_sub_grupo":           "Subgrupo",
		"tipo":                   "Tipo",
		"controla_estoque":       "Controla estoque",
		"movimentacao":           "Movimentação",
		"unidade":                "Unidade padrão",
		"preco_base":             "Preço base",
		"icms_issqn":             "Tributação",
		"id_class_fiscal":        "Classificação fiscal de saída",
		"aceita_valor":           "Aceita valor",
		"ncm":                    "NCM",
		"mostra_valor_ecommerce": "Mostrar valor e-commerce",
		"tipo_ecommerce":         "Tipo e-commerce",
		"ecommerce_prioridade":   "Relevância hotsite",
	},
	// The items of a plan (aba Planos) and of a contract (aba Produtos).
	"vd_contratos_produtos": {
		"tipo":                             "Tipo",
		"id_vd_contrato":                   "Plano de venda",
		"id_contrato":                      "Contrato",
		"id_plano":                         "Plano de velocidade",
		"id_produto":                       "Produto",
		"descricao":                        "Descrição",
		"qtde":                             "Quantidade",
		"id_unidade":                       "Unidade",
		"valor_unit":                       "Valor unitário",
		"fixar_ip":                         "Fixar IP",
		"obs":                              "Observação",
		"valor_ate_vencimento":             "Valor até o vencimento",
		"id_tipo_documento":                "Tipo de documento",
		"tipo_desconto":                    "Tipo de desconto",
		"desconto_percentual":              "Desconto %",
		"repetir":                          "Repetir desconto",
		"qtde_repeticoes_desconto_produto": "Repetições do desconto",
		"valor_desconto_produto":           "Valor do desconto",
		"descricao_plano_valor_1":          "Valor 1 na descrição do plano",
		"descricao_plano_valor_2":          "Valor 2 na descrição do plano",
		"logins_simultaneos":               "Logins simultâneos",
	},
	// A contract's additional services (aba Serviços adicionais).
	"cliente_contrato_servicos": {
		"tipo_acres_desc": "Tipo",
		"tipo":            "Tipo do produto",
		"id_contrato":     "Contrato",
		"id_produto":      "Produto",
		"descricao":       "Descrição",
		"id_unidade":      "Unidade",
		"quantidade":      "Quantidade",
		"valor_unitario":  "Valor unitário",
		"valor_total":     "Valor total",
		"repetir":         "Repetir",
		"repetir_qtde":    "Quantas vezes",
		"data":            "Data",
		"data_validade":   "Data de validade",
		"status":          "Status",
		"status_nf21":     "Status NF 21",
	},
	// A sales plan (Planos de venda).
	"vd_contratos": {
		"tipo":                               "Tipo",
		"nome":                               "Plano de venda",
		"descricao":                          "Descrição",
		"moeda":                              "Moeda",
		"id_tipo_documento":                  "Tipo documento fatura",
		"id_modelo":                          "Modelo de impressão",
		"id_carteira_cobranca":               "Carteira de cobrança padrão",
		"id_vendedor":                        "Vendedor padrão",
		"id_filial":                          "Filial",
		"comissao":                           "Comissão padrão",
		"valor_contrato":                     "Valor contrato",
		"limitar_n_logins":                   "Limitar quantidade de logins",
		"logins_simultaneos":                 "Logins simultâneos por login",
		"Ativo":                              "Status",
		"base_geracao_por_tipo_doc":          "Base geração por tipo de documento",
		"tipo_doc_opc":                       "Tipo documento opcional 1",
		"tipo_doc_opc2":                      "Tipo documento opcional 2",
		"tipo_doc_opc3":                      "Tipo documento opcional 3",
		"tipo_doc_opc4":                      "Tipo documento opcional 4",
		"tel_franquia_segundos":              "Franquia segundos",
		"tel_franquia_prefix":                "Franquia prefixos",
		"id_cidade":                          "Plano válido para a cidade",
		"id_tipo_doc_ativ":                   "Tipo de documento ativação",
		"id_produto_ativ":                    "Produto da ativação",
		"id_cond_pag_ativ":                   "Condição de pagamento",
		"id_vendedor_ativ":                   "Vendedor da ativação",
		"fidelidade":                         "Fidelidade padrão (em meses)",
		"utilizar_desconto_ate_vencimento":   "Utilizar desconto pagamento em dia",
		"utilizar_desconto_por_repeticao":    "Utilizar desconto por meses",
		"utilizar_desconto_no_produto_plano": "Utilizar desconto no produto do plano",
	},
}

// FieldLabel is the label IXC's screen gives field of table ("Unidade
// padrão" for produtos.unidade); ok false when the program does not know
// it (the API name is all there is).
func FieldLabel(table, field string) (label string, ok bool) {
	label, ok = fieldLabels[table][field]
	return label, ok
}

// fieldNames lists fields by their labels ("Unidade padrão, Classificação
// fiscal de saída"), the API name for a field without one.
func fieldNames(table string, fields []string) string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = f
		if l, ok := FieldLabel(table, f); ok {
			out[i] = l
		}
	}
	return strings.Join(out, ", ")
}
