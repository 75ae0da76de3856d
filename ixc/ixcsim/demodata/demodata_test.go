package demodata

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/ixc-leveduca/ixc-leveduca/brdoc"
)

// dataset is everything Generate emitted, in order.
type dataset struct {
	rows   map[string][]map[string]string
	tables []string // in order of first appearance
	ids    map[string]map[string]map[string]string
}

func generate(t testing.TB, cfg Config) *dataset {
	t.Helper()
	d := &dataset{rows: map[string][]map[string]string{}}
	Generate(cfg, func(table string, rec map[string]string) {
		if _, ok := d.rows[table]; !ok {
			d.tables = append(d.tables, table)
		}
		d.rows[table] = append(d.rows[table], rec)
	})
	d.ids = map[string]map[string]map[string]string{}
	for table, rows := range d.rows {
		m := make(map[string]map[string]string, len(rows))
		for _, r := range rows {
			m[r["id"]] = r
		}
		d.ids[table] = m
	}
	return d
}

var defaultData *dataset

func defaultDataset(t testing.TB) *dataset {
	t.Helper()
	if defaultData == nil {
		defaultData = generate(t, Config{})
	}
	return defaultData
}

// hashOf hashes the emission stream: tables, records in order, keys sorted.
func hashOf(cfg Config) string {
	h := sha256.New()
	Generate(cfg, func(table string, rec map[string]string) {
		keys := make([]string, 0, len(rec))
		for k := range rec {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		h.Write([]byte(table))
		h.Write([]byte{0})
		for _, k := range keys {
			h.Write([]byte(k))
			h.Write([]byte{1})
			h.Write([]byte(rec[k]))
			h.Write([]byte{2})
		}
		h.Write([]byte{3})
	})
	return hex.EncodeToString(h.Sum(nil))
}

func TestDeterministic(t *testing.T) {
	a := hashOf(Config{Seed: 7, Contracts: 3000})
	b := hashOf(Config{Seed: 7, Contracts: 3000})
	if a != b {
		t.Fatalf("same config, different datasets: %s vs %s", a, b)
	}
	if c := hashOf(Config{Seed: 8, Contracts: 3000}); c == a {
		t.Fatalf("different seeds gave the same dataset %s", c)
	}
	if hashOf(Config{}) != hashOf(Config{Seed: 1, Contracts: 2000, Today: DefaultToday}) {
		t.Fatal("zero Config does not apply the documented defaults (seed 1, 2000 contracts, 2026-11-30)")
	}
	if hashOf(Config{Today: time.Date(2027, 3, 1, 0, 0, 0, 0, time.UTC)}) == hashOf(Config{}) {
		t.Fatal("Today does not change the dataset")
	}
}

var datePattern = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// required lists, per table, the fields IXC requires on insert (and a few
// the audit relies on); they must be non-empty on every row.
var required = map[string][]string{
	TableUnidades:       {"descricao", "sigla"},
	TableSubgrupos:      {"id_grupo", "sub_grupo", "id_conta_estoque", "id_conta_despesa", "id_conta_receita2"},
	TableClassFiscal:    {"descricao", "cf_tipo_tributacao", "descontar_icms_base_calculo", "descontar_icms_base_calculo_cofins", "irrf_tipo_retencao"},
	TableProdutos:       {"ativo", "id_sub_grupo", "descricao", "tipo", "controla_estoque", "movimentacao", "unidade", "preco_base", "aceita_valor", "icms_issqn", "id_class_fiscal", "ncm", "mostra_valor_ecommerce", "tipo_ecommerce", "ecommerce_prioridade"},
	TablePlanos:         {"tipo", "nome", "Ativo"},
	TablePlanosProdutos: {"tipo", "id_plano", "id_vd_contrato", "id_produto", "qtde", "valor_unit", "id_contrato", "fixar_ip"},
	TableCliente:        {"ativo", "tipo_pessoa", "razao", "contribuinte_icms", "tipo_assinante", "cep", "endereco", "numero", "bairro", "cidade", "tipo_localidade", "iss_classificacao_padrao", "cob_envia_email", "cob_envia_sms", "data_cadastro", "senha_hotsite_md5", "hotsite_acesso"},
	TableContrato:       {"tipo", "id_cliente", "id_vd_contrato", "contrato", "id_tipo_contrato", "id_modelo", "id_filial", "data", "id_tipo_documento", "id_carteira_cobranca", "id_vendedor", "cc_previsao", "tipo_cobranca", "renovacao_automatica", "base_geracao_tipo_doc", "bloqueio_automatico", "aviso_atraso", "endereco_padrao_cliente", "status", "status_internet", "contrato_suspenso", "data_ativacao"},
	TableServicos:       {"tipo", "id_produto", "descricao", "id_unidade", "quantidade", "valor_unitario", "valor_total", "repetir", "data", "status", "status_nf21", "id_contrato", "tipo_acres_desc", "data_validade"},
	TableRadusuarios:    {"autenticacao", "tipo_conexao_mapa", "id_cliente", "id_contrato", "id_grupo", "login", "senha_md5", "senha", "login_simultaneo", "ativo", "auto_preencher_ip", "fixar_ip", "relacionar_ip_ao_login", "autenticacao_por_mac", "auto_preencher_mac", "relacionar_mac_ao_login", "tipo_vinculo_plano", "online"},
	TableFuncionarios:   {"funcionario", "filial_id", "id_conta", "ativo", "cidade", "envia_email_os", "envia_sms_os", "data_admissao", "data_demissao"},
	TableUsuarios:       {"id_grupo", "nome", "email", "senha", "status", "language", "recebimentos_dia_atual", "pagamentos_dia_atual", "lancamentos_dia_atual"},
}

func TestTablesIDsAndRequiredFields(t *testing.T) {
	d := defaultDataset(t)
	if !slices.Equal(d.tables, Tables()) {
		t.Fatalf("tables emitted %v, want %v", d.tables, Tables())
	}
	for _, table := range Tables() {
		rows := d.rows[table]
		if len(rows) == 0 {
			t.Errorf("%s: no rows", table)
			continue
		}
		first := 1
		if table == TableUsuarios {
			first = FirstStaffUsuariosID
		}
		keys := sortedKeys(rows[0])
		for i, r := range rows {
			if want := itoa(first + i); r["id"] != want {
				t.Fatalf("%s row %d: id %q, want %q", table, i, r["id"], want)
			}
			if k := sortedKeys(r); !slices.Equal(k, keys) {
				t.Fatalf("%s id %s: fields %v differ from the first row's %v", table, r["id"], k, keys)
			}
			for _, f := range required[table] {
				if r[f] == "" {
					t.Fatalf("%s id %s: required field %q empty or missing", table, r["id"], f)
				}
			}
			for k, v := range r {
				if !utf8.ValidString(v) || strings.Contains(v, "%!") {
					t.Fatalf("%s id %s: field %s has a malformed value %q", table, r["id"], k, v)
				}
				if strings.HasPrefix(k, "data") && !datePattern.MatchString(v) {
					t.Fatalf("%s id %s: date field %s = %q, want YYYY-MM-DD", table, r["id"], k, v)
				}
			}
		}
	}
	// Table sizes follow the configuration.
	if n := len(d.rows[TableContrato]); n != 2000 {
		t.Errorf("%d contracts, want 2000", n)
	}
	if n := len(d.rows[TableCliente]); n < 1700 || n > 1900 {
		t.Errorf("%d customers, want about 0.9 per contract", n)
	}
	if n := len(d.rows[TableUnidades]); n != 14 {
		t.Errorf("%d units, want 14", n)
	}
	if u := d.ids[TableUnidades]["13"]; u["sigla"] != "SER" {
		t.Errorf("unit 13 = %v, want SER", u)
	}
	if n := len(d.rows[TableFuncionarios]); n != 25 {
		t.Errorf("%d employees, want 25", n)
	}
}

func sortedKeys(m map[string]string) []string {
	k := make([]string, 0, len(m))
	for key := range m {
		k = append(k, key)
	}
	slices.Sort(k)
	return k
}

// checkForeignKeys verifies every reference resolves.
func checkForeignKeys(t *testing.T, d *dataset) {
	t.Helper()
	ref := func(table, id, toTable, toID string, allowZero bool) {
		t.Helper()
		if allowZero && toID == "0" {
			return
		}
		if _, ok := d.ids[toTable][toID]; !ok {
			t.Fatalf("%s id %s: reference %q to %s does not exist", table, id, toID, toTable)
		}
	}
	for _, p := range d.rows[TableProdutos] {
		ref(TableProdutos, p["id"], TableUnidades, p["unidade"], false)
		ref(TableProdutos, p["id"], TableSubgrupos, p["id_sub_grupo"], false)
		ref(TableProdutos, p["id"], TableClassFiscal, p["id_class_fiscal"], true)
	}
	for _, r := range d.rows[TablePlanosProdutos] {
		plan, con := r["id_vd_contrato"], r["id_contrato"]
		if (plan == "0") == (con == "0") {
			t.Fatalf("vd_contratos_produtos %s: exactly one of id_vd_contrato %q / id_contrato %q must be set", r["id"], plan, con)
		}
		ref(TablePlanosProdutos, r["id"], TablePlanos, plan, true)
		ref(TablePlanosProdutos, r["id"], TableContrato, con, true)
		ref(TablePlanosProdutos, r["id"], TableProdutos, r["id_produto"], true)
		if r["id_produto"] == "0" && r["id_plano"] == "0" {
			t.Fatalf("vd_contratos_produtos %s: neither product nor speed plan", r["id"])
		}
	}
	for _, c := range d.rows[TableContrato] {
		ref(TableContrato, c["id"], TableCliente, c["id_cliente"], false)
		ref(TableContrato, c["id"], TablePlanos, c["id_vd_contrato"], false)
		if c["contrato"] != d.ids[TablePlanos][c["id_vd_contrato"]]["nome"] {
			t.Fatalf("contract %s: contrato %q is not its plan's name", c["id"], c["contrato"])
		}
	}
	for _, s := range d.rows[TableServicos] {
		ref(TableServicos, s["id"], TableProdutos, s["id_produto"], false)
		ref(TableServicos, s["id"], TableContrato, s["id_contrato"], false)
		ref(TableServicos, s["id"], TableUnidades, s["id_unidade"], false)
		ref(TableServicos, s["id"], TableServicos, s["id_produto_contrato_vinc"], true)
	}
	for _, l := range d.rows[TableRadusuarios] {
		ref(TableRadusuarios, l["id"], TableCliente, l["id_cliente"], false)
		ref(TableRadusuarios, l["id"], TableContrato, l["id_contrato"], true)
		if l["id_contrato"] != "0" && d.ids[TableContrato][l["id_contrato"]]["id_cliente"] != l["id_cliente"] {
			t.Fatalf("login %s: contract %s belongs to another customer", l["id"], l["id_contrato"])
		}
	}
	for _, f := range d.rows[TableFuncionarios] {
		ref(TableFuncionarios, f["id"], TableUsuarios, f["usuario_id"], true)
	}
	for _, u := range d.rows[TableUsuarios] {
		ref(TableUsuarios, u["id"], TableFuncionarios, u["funcionario"], false)
	}
}

func TestForeignKeys(t *testing.T) {
	checkForeignKeys(t, defaultDataset(t))
}

func TestSmallAndOddSizes(t *testing.T) {
	for _, n := range []int{1, 2, 3, 7, 50} {
		d := generate(t, Config{Seed: int64(n), Contracts: n})
		if got := len(d.rows[TableContrato]); got != n {
			t.Fatalf("Contracts %d: %d contracts emitted", n, got)
		}
		for _, table := range Tables() {
			// Tiny datasets may have no services or logins: the messy
			// categories (contract without login, …) take every contract.
			optional := table == TableServicos || (n < 10 && table == TableRadusuarios)
			if !optional && len(d.rows[table]) == 0 {
				t.Fatalf("Contracts %d: table %s empty", n, table)
			}
		}
		checkForeignKeys(t, d)
	}
}

// messy counts every data problem the dataset is meant to contain, from
// the emitted rows only.
func messy(d *dataset) map[string]int {
	c := map[string]int{}
	lev := itoa(prodLevEduca)

	// Customers: documents.
	docs := map[string]int{}
	for _, r := range d.rows[TableCliente] {
		doc := r["cnpj_cpf"]
		kind, problem := brdoc.Check(doc)
		switch problem {
		case brdoc.ProblemEmpty:
			c["doc_empty"]++
		case brdoc.ProblemCheckDigits:
			c["doc_invalid_dv"]++
		case brdoc.ProblemRepeated:
			c["doc_repeated"]++
		case brdoc.ProblemNone:
			c["doc_valid"]++
			docs[brdoc.Normalize(doc)]++
			if kind == brdoc.KindCNPJ && r["tipo_pessoa"] == "F" {
				c["doc_cnpj_on_f"]++
			}
			if kind == brdoc.KindCPF && r["tipo_pessoa"] == "J" {
				c["doc_cpf_on_j"]++
			}
			if kind == brdoc.KindCNPJ && strings.ContainsAny(brdoc.Normalize(doc), "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
				c["doc_alnum_cnpj"]++
			}
		default:
			c["doc_other_problem"]++
		}
		if r["ativo"] == "N" {
			c["customer_inactive"]++
		}
		if r["tipo_pessoa"] == "J" {
			c["customer_company"]++
		}
		if r["hotsite_email"] == "" {
			c["hotsite_email_empty"]++
		}
		if r["senha"] == "" {
			c["hotsite_senha_empty"]++
		}
	}
	for _, n := range docs {
		if n > 1 {
			c["doc_duplicate_groups"]++
		}
	}
	// Hotsite e-mails: exact duplicates and case/space variants.
	raw := map[string]map[string]int{}
	for _, r := range d.rows[TableCliente] {
		e := r["hotsite_email"]
		if e == "" {
			continue
		}
		k := strings.ToLower(strings.TrimSpace(e))
		if raw[k] == nil {
			raw[k] = map[string]int{}
		}
		raw[k][e]++
	}
	for _, variants := range raw {
		if len(variants) > 1 {
			c["hotsite_dup_variant_groups"]++
		}
		for _, n := range variants {
			if n > 1 {
				c["hotsite_dup_exact_groups"]++
			}
		}
	}

	// Contracts.
	perCustomer := map[string]int{}
	planHasLev := map[string]bool{}
	for _, r := range d.rows[TablePlanosProdutos] {
		if r["id_contrato"] == "0" && r["id_produto"] == lev {
			planHasLev[r["id_vd_contrato"]] = true
		}
	}
	withLogin := map[string]bool{}
	for _, l := range d.rows[TableRadusuarios] {
		withLogin[l["id_contrato"]] = true
	}
	for _, r := range d.rows[TableContrato] {
		perCustomer[r["id_cliente"]]++
		c["status_"+r["status"]]++
		if r["status"] == "A" {
			c["status_internet_"+r["status_internet"]]++
			if planHasLev[r["id_vd_contrato"]] {
				c["contract_active_on_lev_plan"]++
			}
			if !withLogin[r["id"]] {
				c["contract_active_without_login"]++
			}
		}
		if r["contrato_suspenso"] == "S" {
			c["contract_suspended"]++
		}
	}
	for _, n := range perCustomer {
		if n > 1 {
			c["customer_several_contracts"]++
		}
	}

	// Contract-level LevEduca rows.
	for _, r := range d.rows[TablePlanosProdutos] {
		if r["id_contrato"] == "0" || r["id_produto"] != lev {
			continue
		}
		k := d.ids[TableContrato][r["id_contrato"]]
		switch {
		case k["status"] != "A":
			c["vcp_lev_on_inactive_contract"]++
		case planHasLev[k["id_vd_contrato"]]:
			c["vcp_lev_double_billing"]++
		default:
			c["vcp_lev_contract_method"]++
		}
	}

	// Additional services.
	today := DefaultToday.Format("2006-01-02")
	for _, r := range d.rows[TableServicos] {
		if r["id_produto"] != lev {
			continue
		}
		k := d.ids[TableContrato][r["id_contrato"]]
		switch {
		case r["tipo_acres_desc"] == "D":
			c["svc_lev_discount"]++
		case r["status"] == "I":
			c["svc_lev_status_i"]++
		case r["data_validade"] != "0000-00-00" && r["data_validade"] < today:
			c["svc_lev_expired"]++
		case k["status"] != "A":
			c["svc_lev_active_on_inactive_contract"]++
		case planHasLev[k["id_vd_contrato"]]:
			c["svc_lev_double_billing"]++
		case r["data_validade"] == "0000-00-00":
			c["svc_lev_active_open"]++
		default:
			c["svc_lev_active_until"]++
		}
	}

	// Logins.
	for _, l := range d.rows[TableRadusuarios] {
		if l["id_contrato"] == "0" {
			c["login_unlinked"]++
		}
		if l["ativo"] == "N" {
			c["login_inactive"]++
		}
		c["login_online_"+l["online"]]++
	}

	// Employees.
	for _, f := range d.rows[TableFuncionarios] {
		switch {
		case f["cpf_cnpj"] == "":
			c["employee_cpf_empty"]++
		case !brdoc.ValidCPF(f["cpf_cnpj"]):
			c["employee_cpf_invalid"]++
		}
		if f["ativo"] == "N" {
			c["employee_inactive"]++
		} else if f["data_demissao"] != "0000-00-00" {
			c["employee_dismissed_active"]++
		}
	}
	return c
}

// messyCategories are the categories that must appear and scale.
var messyCategories = []string{
	"doc_empty", "doc_invalid_dv", "doc_repeated", "doc_duplicate_groups",
	"doc_cnpj_on_f", "doc_cpf_on_j", "doc_alnum_cnpj", "customer_inactive",
	"hotsite_email_empty", "hotsite_senha_empty", "hotsite_dup_variant_groups",
	"hotsite_dup_exact_groups",
	"status_I", "status_P", "status_N", "status_D",
	"status_internet_CM", "status_internet_CA", "status_internet_FA", "status_internet_AA",
	"contract_suspended", "customer_several_contracts", "contract_active_without_login",
	"vcp_lev_on_inactive_contract", "vcp_lev_double_billing", "vcp_lev_contract_method",
	"svc_lev_discount", "svc_lev_status_i", "svc_lev_expired",
	"svc_lev_active_on_inactive_contract", "svc_lev_double_billing",
	"svc_lev_active_open", "svc_lev_active_until",
	"login_unlinked", "login_inactive",
	"employee_cpf_empty", "employee_cpf_invalid", "employee_inactive", "employee_dismissed_active",
}

func TestMessyCategoriesPresent(t *testing.T) {
	d := defaultDataset(t)
	c := messy(d)
	t.Logf("counts at 2000 contracts: %v", c)
	for _, k := range messyCategories {
		if c[k] == 0 {
			t.Errorf("category %s absent at 2000 contracts", k)
		}
	}
	if c["doc_other_problem"] != 0 {
		t.Errorf("%d documents with an unintended problem (length/characters)", c["doc_other_problem"])
	}
	customers := len(d.rows[TableCliente])
	if c["doc_valid"] < customers*85/100 {
		t.Errorf("only %d of %d documents valid; want mostly valid", c["doc_valid"], customers)
	}
	if c["hotsite_email_empty"] > customers/10 || c["hotsite_senha_empty"] > customers/10 {
		t.Errorf("hotsite credentials should be mostly filled: %d empty e-mails, %d empty passwords",
			c["hotsite_email_empty"], c["hotsite_senha_empty"])
	}
	if a := c["status_A"]; a < 1600 || a > 1800 {
		t.Errorf("%d active contracts of 2000, want about 85%%", a)
	}
	if c["status_internet_A"] < c["status_A"]*8/10 {
		t.Errorf("status_internet A on %d of %d active contracts, want most", c["status_internet_A"], c["status_A"])
	}
	if c["contract_active_on_lev_plan"] < 200 {
		t.Errorf("only %d active contracts on combo plans, want a solid share", c["contract_active_on_lev_plan"])
	}
	for _, v := range []string{"S", "N", "SS"} {
		if c["login_online_"+v] == 0 {
			t.Errorf("no login with online %s", v)
		}
	}
	// Inactive and cancelled contracts have access status D.
	for _, r := range d.rows[TableContrato] {
		if (r["status"] == "I" || r["status"] == "D") && r["status_internet"] != "D" {
			t.Fatalf("contract %s status %s has status_internet %s, want D", r["id"], r["status"], r["status_internet"])
		}
	}
}

func TestMessyCategoriesScale(t *testing.T) {
	small := messy(defaultDataset(t))
	big := messy(generate(t, Config{Contracts: 20000}))
	for _, k := range messyCategories {
		if k == "doc_repeated" {
			// All-same-digit documents are few by nature; still must grow.
			if big[k] <= small[k] {
				t.Errorf("%s: %d at 2,000 contracts, %d at 20,000", k, small[k], big[k])
			}
			continue
		}
		if big[k] < 5*small[k] {
			t.Errorf("%s does not scale: %d at 2,000 contracts, %d at 20,000", k, small[k], big[k])
		}
	}
}

func TestDocumentsFormattedAndIntended(t *testing.T) {
	cpfMask := regexp.MustCompile(`^\d{3}\.\d{3}\.\d{3}-\d{2}$`)
	cnpjMask := regexp.MustCompile(`^[0-9A-Z]{2}\.[0-9A-Z]{3}\.[0-9A-Z]{3}/[0-9A-Z]{4}-\d{2}$`)
	d := defaultDataset(t)
	for _, r := range d.rows[TableCliente] {
		doc := r["cnpj_cpf"]
		if doc == "" {
			continue
		}
		if !cpfMask.MatchString(doc) && !cnpjMask.MatchString(doc) {
			t.Fatalf("customer %s: document %q is not stored formatted", r["id"], doc)
		}
		if brdoc.Format(doc) != doc {
			t.Fatalf("customer %s: document %q differs from brdoc.Format", r["id"], doc)
		}
	}
	// Re-derive the check digits independently of brdoc.Check.
	for _, r := range d.rows[TableCliente] {
		n := brdoc.Normalize(r["cnpj_cpf"])
		var dv string
		var err error
		switch len(n) {
		case 0:
			continue
		case 11:
			dv, err = brdoc.CPFCheckDigits(n[:9])
		case 14:
			dv, err = brdoc.CNPJCheckDigits(n[:12])
		default:
			t.Fatalf("customer %s: document %q has length %d", r["id"], r["cnpj_cpf"], len(n))
		}
		if err != nil {
			t.Fatalf("customer %s: %v", r["id"], err)
		}
		_, problem := brdoc.Check(r["cnpj_cpf"])
		if (dv == n[len(n)-2:]) != (problem == brdoc.ProblemNone || problem == brdoc.ProblemRepeated) {
			t.Fatalf("customer %s: %q check digits %s vs Check %v", r["id"], r["cnpj_cpf"], dv, problem)
		}
	}
	// The official alphanumeric example validates with the same rule.
	if !brdoc.ValidCNPJ("12.ABC.345/01DE-35") {
		t.Fatal("brdoc rejects the official alphanumeric CNPJ example")
	}
	// Employees' CPFs are formatted CPFs.
	for _, f := range d.rows[TableFuncionarios] {
		if v := f["cpf_cnpj"]; v != "" && !cpfMask.MatchString(v) {
			t.Fatalf("employee %s: CPF %q not formatted", f["id"], v)
		}
	}
}

func TestHalfDoneSetup(t *testing.T) {
	d := defaultDataset(t)
	s := DemoSetup(Config{})
	lev, par := d.ids[TableProdutos][s.LevEducaProductID], d.ids[TableProdutos][s.ParamountProductID]
	if lev == nil || par == nil {
		t.Fatalf("setup products %s/%s missing", s.LevEducaProductID, s.ParamountProductID)
	}
	var ser, un string
	for _, u := range d.rows[TableUnidades] {
		switch u["sigla"] {
		case "SER":
			ser = u["id"]
		case "UN":
			un = u["id"]
		}
	}
	if !strings.Contains(lev["descricao"], "LevEduca") || lev["tipo"] != "S" || lev["unidade"] != un || lev["unidade"] == ser || lev["id_class_fiscal"] != "0" || lev["ativo"] != "S" {
		t.Errorf("LevEduca product not in the intended half-done state: %v", lev)
	}
	if !strings.Contains(par["descricao"], "Paramount") || par["preco_base"] != "0.00" || par["tipo"] != "S" {
		t.Errorf("Paramount product not in the intended state: %v", par)
	}
	oldInactive := false
	for _, p := range d.rows[TableProdutos] {
		if strings.Contains(strings.ToUpper(p["descricao"]), "LEVEDUCA") && p["ativo"] == "N" && p["id"] != s.LevEducaProductID {
			oldInactive = true
		}
		if p["tipo"] == "P" && p["controla_estoque"] != "S" {
			t.Errorf("equipment %s does not control stock", p["descricao"])
		}
	}
	if !oldInactive {
		t.Error("no inactive old LevEduca product")
	}

	carries := func(plan, prod string) bool {
		for _, r := range d.rows[TablePlanosProdutos] {
			if r["id_contrato"] == "0" && r["id_vd_contrato"] == plan && r["id_produto"] == prod {
				return true
			}
		}
		return false
	}
	planByName := map[string]map[string]string{}
	for _, p := range d.rows[TablePlanos] {
		planByName[p["nome"]] = p
	}
	contractsOn := map[string]int{}
	for _, k := range d.rows[TableContrato] {
		contractsOn[k["id_vd_contrato"]]++
	}
	combo500 := planByName["FIBRA 500 MEGA + LEVEDUCA"]
	combo1g := planByName["FIBRA 1 GIGA + LEVEDUCA + PARAMOUNT"]
	fibra500 := planByName["FIBRA 500 MEGA"]
	radio := planByName["RADIO 10 MEGA"]
	for _, p := range []map[string]string{combo500, combo1g, fibra500, radio} {
		if p == nil {
			t.Fatal("a plan of the setup is missing")
		}
	}
	if !carries(combo500["id"], s.LevEducaProductID) || !carries(combo1g["id"], s.LevEducaProductID) {
		t.Error("combo plans do not carry LevEduca")
	}
	if carries(combo1g["id"], s.ParamountProductID) {
		t.Error("the 1 GIGA combo should have forgotten Paramount+")
	}
	if carries(fibra500["id"], s.LevEducaProductID) {
		t.Error("FIBRA 500 MEGA should carry no LevEduca product")
	}
	if radio["Ativo"] != "N" {
		t.Error("RADIO plan should be inactive")
	}
	emptyCombo := false
	for _, p := range d.rows[TablePlanos] {
		if (carries(p["id"], s.LevEducaProductID) || carries(p["id"], s.ParamountProductID)) && contractsOn[p["id"]] == 0 {
			emptyCombo = true
		}
	}
	if !emptyCombo {
		t.Error("no combo plan without contracts")
	}
	if len(d.rows[TablePlanos]) < 10 {
		t.Errorf("%d plans, want about 12", len(d.rows[TablePlanos]))
	}
	want := []string{combo500["id"], combo1g["id"], fibra500["id"], radio["id"]}
	if !slices.Equal(s.Plans, want) || s.LinkMethod != "plan" || s.AuthMethod != "hotsite" {
		t.Errorf("DemoSetup = %+v, want plans %v, link plan, auth hotsite", s, want)
	}
}

func TestDemoProfileTOML(t *testing.T) {
	url := `http://127.0.0.1:38201/webservice/v1?a="b"\c`
	text := DemoProfileTOML(Config{}, url)
	var prof struct {
		IXC struct {
			URL         string `toml:"url"`
			TokenUser   string `toml:"token_user"`
			InsecureTLS bool   `toml:"insecure_tls"`
			CACert      string `toml:"ca_cert"`
		} `toml:"ixc"`
		Integration struct {
			Method string `toml:"method"`
		} `toml:"integration"`
		Product []struct {
			Offer string `toml:"offer"`
			ID    string `toml:"id"`
		} `toml:"product"`
		Link struct {
			Method    string   `toml:"method"`
			Plans     []string `toml:"plans"`
			Contracts []string `toml:"contracts"`
		} `toml:"link"`
		Auth struct {
			Method string `toml:"method"`
		} `toml:"auth"`
	}
	md, err := toml.Decode(text, &prof)
	if err != nil {
		t.Fatalf("profile does not parse: %v\n%s", err, text)
	}
	if u := md.Undecoded(); len(u) != 0 {
		t.Fatalf("profile has unknown keys %v", u)
	}
	s := DemoSetup(Config{})
	if prof.IXC.URL != url || prof.IXC.TokenUser != "1" {
		t.Errorf("ixc section = %+v", prof.IXC)
	}
	if prof.Integration.Method != "product" || len(prof.Product) != 2 ||
		prof.Product[0].Offer != "leveduca" || prof.Product[0].ID != s.LevEducaProductID ||
		prof.Product[1].Offer != "paramount" || prof.Product[1].ID != s.ParamountProductID {
		t.Errorf("products = %+v", prof.Product)
	}
	if prof.Link.Method != "plan" || !slices.Equal(prof.Link.Plans, s.Plans) || len(prof.Link.Contracts) != 0 {
		t.Errorf("link = %+v", prof.Link)
	}
	if prof.Auth.Method != "hotsite" {
		t.Errorf("auth = %+v", prof.Auth)
	}
	if strings.Contains(strings.ToLower(text), "token =") || strings.Contains(text, "hash") {
		t.Errorf("profile must not carry a token:\n%s", text)
	}
}

func TestDatesRelativeToToday(t *testing.T) {
	today := time.Date(2030, 6, 15, 23, 59, 0, 0, time.FixedZone("BRT", -3*3600))
	d := generate(t, Config{Contracts: 500, Today: today})
	ts := "2030-06-15"
	future := map[string]bool{"data_validade": true, "data_final_suspensao": true}
	sawFuture := false
	for _, table := range Tables() {
		for _, r := range d.rows[table] {
			for k, v := range r {
				if !strings.HasPrefix(k, "data") || v == "0000-00-00" {
					continue
				}
				if v > ts {
					if !future[k] {
						t.Fatalf("%s id %s: %s = %s is after today %s", table, r["id"], k, v, ts)
					}
					sawFuture = true
				}
			}
		}
	}
	if !sawFuture {
		t.Error("no future validity or suspension end date")
	}
	for _, s := range d.rows[TableServicos] {
		k := d.ids[TableContrato][s["id_contrato"]]
		if k["data_ativacao"] != "0000-00-00" && s["data"] < k["data_ativacao"] {
			t.Fatalf("service %s starts %s before its contract's activation %s", s["id"], s["data"], k["data_ativacao"])
		}
	}
}

func BenchmarkGenerate200k(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		rows := 0
		Generate(Config{Contracts: 200_000}, func(string, map[string]string) { rows++ })
		if rows < 500_000 {
			b.Fatalf("only %d rows", rows)
		}
	}
}

// The link variants move the offers from the combo plans to one contract
// row or one additional service per subscribing contract, and change
// nothing else.
func TestLinkVariants(t *testing.T) {
	base := defaultDataset(t)
	lev, par := itoa(prodLevEduca), itoa(prodParamount)
	isOfferID := func(id string) bool { return id == lev || id == par }
	// The contracts that subscribe in the plan dataset: not cancelled, on
	// a plan carrying LevEduca.
	want := map[string]bool{}
	levPlans := map[string]bool{}
	for _, r := range base.rows[TablePlanosProdutos] {
		if r["id_produto"] == lev && r["id_vd_contrato"] != "0" {
			levPlans[r["id_vd_contrato"]] = true
		}
	}
	for _, c := range base.rows[TableContrato] {
		if levPlans[c["id_vd_contrato"]] && c["status"] != "I" && c["status"] != "D" {
			want[c["id"]] = true
		}
	}
	if len(want) < 300 {
		t.Fatalf("only %d subscribing contracts in the plan dataset", len(want))
	}
	for _, link := range []string{LinkContract, LinkAdditionalService} {
		t.Run(link, func(t *testing.T) {
			d := generate(t, Config{Link: link})
			checkForeignKeys(t, d)
			for _, table := range Tables() {
				if table == TablePlanosProdutos || table == TableServicos {
					continue
				}
				if !slices.EqualFunc(d.rows[table], base.rows[table], func(a, b map[string]string) bool {
					return slices.Equal(sortedKeys(a), sortedKeys(b)) && func() bool {
						for k := range a {
							if a[k] != b[k] {
								return false
							}
						}
						return true
					}()
				}) {
					t.Errorf("%s differs from the plan dataset", table)
				}
			}
			got := map[string]int{}
			for _, r := range d.rows[TablePlanosProdutos] {
				if isOfferID(r["id_produto"]) && r["id_vd_contrato"] != "0" {
					t.Fatalf("plan row %s still carries offer %s", r["id"], r["id_produto"])
				}
				if link == LinkContract && r["id_produto"] == lev && r["id_contrato"] != "0" {
					got[r["id_contrato"]]++
				}
			}
			for _, s := range d.rows[TableServicos] {
				if link == LinkAdditionalService && s["id_produto"] == lev && s["tipo_acres_desc"] == "A" &&
					s["status"] == "A" && s["data_validade"] == "0000-00-00" {
					got[s["id_contrato"]]++
				}
			}
			for id := range want {
				if got[id] == 0 {
					t.Fatalf("subscribing contract %s holds no LevEduca %s row", id, link)
				}
			}
			if len(got) < len(want) || len(got) > len(want)*12/10 {
				t.Errorf("%d contracts hold LevEduca by %s, want %d (plus a few messy ones)", len(got), link, len(want))
			}
			s := DemoSetup(Config{Link: link})
			if s.LinkMethod != link || len(s.Plans) != 0 {
				t.Errorf("DemoSetup = %+v, want method %s and no plans", s, link)
			}
			var p struct {
				Link struct {
					Method string
					Plans  []string
				}
			}
			if _, err := toml.Decode(DemoProfileTOML(Config{Link: link}, "http://127.0.0.1:8990"), &p); err != nil || p.Link.Method != link || len(p.Link.Plans) != 0 {
				t.Errorf("profile link = %+v, %v", p.Link, err)
			}
		})
	}
	if hashOf(Config{Link: "bogus"}) != hashOf(Config{}) {
		t.Error("an unknown Link does not give the plan dataset")
	}
}
