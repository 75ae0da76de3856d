package steps

import (
	"context"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/brdoc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// AuthTables returns the tables the auth method reads besides the link
// tables.
func AuthTables(method profile.AuthMethod) []string {
	switch method {
	case profile.AuthPPPoE:
		return []string{"radusuarios"}
	case profile.AuthEmployeeCPF:
		return []string{"funcionarios"}
	}
	return []string{"cliente"}
}

// customer is the part of a cliente row the auth checks need.
type customer struct {
	ID, Email, Doc, Tipo string
	HasPassword          bool
}

// AuthResult is the auth step's findings plus the counts of the summary.
type AuthResult struct {
	Findings       []Finding
	ReadyContracts int
	ReadyEmployees int
}

// authData is what the auth method reads from IXC. It does not depend on
// entitlement, so the audit reads it while the link step runs.
type authData struct {
	method    profile.AuthMethod
	customers map[string]customer
	// The duplicate check's groups, built as the customers arrive (while
	// the other tables are read) rather than after the last page: the
	// first customer holding each key (e-mail or document), and the keys
	// held by two or more with every holder.
	keyFirst   map[string]string
	dupKeys    map[string][]string
	reread     bool            // a customer met twice (rows shifting between pages): regroup at check time
	byContract map[string]bool // contracts with an active login
	unlinked   map[string]bool // customers with an active login without contract
	employees  []ixc.Record
}

// dupKey is the key of the duplicate check of the auth method: customers
// sharing it cannot log in apart (empty: not checked).
func (d *authData) dupKey(c customer) string {
	if d.method == profile.AuthCPFCNPJ {
		return docKey(c)
	}
	return emailKey(c)
}

// addCustomer records a cliente row and groups it by its key.
func (d *authData) addCustomer(c customer) {
	if d.customers == nil {
		d.customers, d.keyFirst, d.dupKeys = map[string]customer{}, map[string]string{}, map[string][]string{}
	}
	if _, again := d.customers[c.ID]; again {
		d.reread = true
	}
	d.customers[c.ID] = c
	if d.reread {
		return
	}
	k := d.dupKey(c)
	if k == "" {
		return
	}
	if first, ok := d.keyFirst[k]; ok {
		g := d.dupKeys[k]
		if g == nil {
			g = []string{first}
		}
		d.dupKeys[k] = append(g, c.ID)
	} else {
		d.keyFirst[k] = c.ID
	}
}

// duplicateGroups returns the customers of each key held by two or more.
func (d *authData) duplicateGroups() map[string][]string {
	if !d.reread {
		return d.dupKeys
	}
	groups := map[string][]string{}
	for id, c := range d.customers {
		if k := d.dupKey(c); k != "" {
			groups[k] = append(groups[k], id)
		}
	}
	return groups
}

// loadAuth reads the table the auth method needs, in pages.
func loadAuth(ctx context.Context, r *ixc.Reader, method profile.AuthMethod) (*authData, error) {
	d := &authData{method: method}
	switch method {
	case profile.AuthHotsite, profile.AuthCPFCNPJ:
		sel := ixc.SelectFields(ctx, "id", "hotsite_email", "cnpj_cpf", "tipo_pessoa", "senha")
		err := r.Each(sel, ixc.Query{Table: "cliente"}, func(rec ixc.Record) error {
			d.addCustomer(customer{
				ID: rec["id"], Email: rec["hotsite_email"], Doc: rec["cnpj_cpf"], Tipo: rec["tipo_pessoa"],
				HasPassword: strings.TrimSpace(rec["senha"]) != "",
			})
			return nil
		})
		d.keyFirst = nil // only the groups are needed now
		return d, err
	case profile.AuthPPPoE:
		d.byContract, d.unlinked = map[string]bool{}, map[string]bool{}
		sel := ixc.SelectFields(ctx, "ativo", "id_contrato", "id_cliente")
		return d, r.Each(sel, ixc.Query{Table: "radusuarios", Filter: []ixc.Cond{ixc.Where("radusuarios.ativo", ixc.OpEq, "S")}},
			func(rec ixc.Record) error {
				if rec["ativo"] != "S" {
					return nil
				}
				if isZeroID(rec["id_contrato"]) {
					d.unlinked[rec["id_cliente"]] = true
				} else {
					d.byContract[rec["id_contrato"]] = true
				}
				return nil
			})
	case profile.AuthEmployeeCPF:
		sel := ixc.SelectFields(ctx, "id", "ativo", "cpf_cnpj", "data_demissao")
		return d, r.Each(sel, ixc.Query{Table: "funcionarios"}, func(rec ixc.Record) error {
			d.employees = append(d.employees, ixc.Record{
				"id": rec["id"], "ativo": rec["ativo"], "cpf_cnpj": rec["cpf_cnpj"], "data_demissao": rec["data_demissao"],
			})
			return nil
		})
	}
	return d, nil
}

// check returns the auth findings for the entitled contracts.
func (d *authData) check(e *Entitlement, today string) *AuthResult {
	switch d.method {
	case profile.AuthHotsite:
		return checkHotsite(d.customers, d.duplicateGroups(), e)
	case profile.AuthCPFCNPJ:
		return checkDocuments(d.customers, d.duplicateGroups(), e)
	case profile.AuthPPPoE:
		return checkPPPoE(d.byContract, d.unlinked, e)
	case profile.AuthEmployeeCPF:
		return checkEmployees(d.employees, today)
	}
	return &AuthResult{}
}

// entitledCustomers maps each customer of an entitled contract to true.
func entitledCustomers(e *Entitlement) map[string]bool {
	out := map[string]bool{}
	for _, c := range e.Entitled {
		out[c.Customer] = true
	}
	return out
}

// groupDuplicates returns every customer in a group of two or more sharing a
// key, where at least one member is entitled.
func groupDuplicates(groups map[string][]string, entitled map[string]bool) map[string]bool {
	out := map[string]bool{}
	for _, ids := range groups {
		if len(ids) < 2 {
			continue
		}
		any := false
		for _, id := range ids {
			any = any || entitled[id]
		}
		if any {
			for _, id := range ids {
				out[id] = true
			}
		}
	}
	return out
}

func emailKey(c customer) string { return strings.ToLower(strings.TrimSpace(c.Email)) }

func docKey(c customer) string { return brdoc.Normalize(c.Doc) }

func checkHotsite(customers map[string]customer, groups map[string][]string, e *Entitlement) *AuthResult {
	entitled := entitledCustomers(e)
	missing := map[string]bool{}
	for id := range entitled {
		c, ok := customers[id]
		if !ok || emailKey(c) == "" || !c.HasPassword {
			missing[id] = true
		}
	}
	dup := groupDuplicates(groups, entitled)
	res := &AuthResult{}
	for _, c := range e.Entitled {
		if !missing[c.Customer] && !dup[c.Customer] {
			res.ReadyContracts++
		}
	}
	res.Findings = nonEmpty(
		newFinding(CodeAuthHotsiteMissing, refs("cliente", missing)),
		newFinding(CodeAuthHotsiteDuplicate, refs("cliente", dup)),
	)
	return res
}

func checkDocuments(customers map[string]customer, groups map[string][]string, e *Entitlement) *AuthResult {
	entitled := entitledCustomers(e)
	missing, invalid, wrongType := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for id := range entitled {
		c := customers[id]
		doc := brdoc.Normalize(c.Doc)
		kind, problem := brdoc.Check(doc)
		switch {
		case doc == "":
			missing[id] = true
		case problem != brdoc.ProblemNone:
			invalid[id] = true
		case c.Tipo == "F" && kind == brdoc.KindCNPJ, c.Tipo == "J" && kind == brdoc.KindCPF:
			wrongType[id] = true
		}
	}
	dup := groupDuplicates(groups, entitled)
	res := &AuthResult{}
	for _, c := range e.Entitled {
		if !missing[c.Customer] && !invalid[c.Customer] && !dup[c.Customer] {
			res.ReadyContracts++
		}
	}
	res.Findings = nonEmpty(
		newFinding(CodeAuthDocMissing, refs("cliente", missing)),
		newFinding(CodeAuthDocInvalid, refs("cliente", invalid)),
		newFinding(CodeAuthDocDuplicate, refs("cliente", dup)),
		newFinding(CodeAuthDocType, refs("cliente", wrongType)),
	)
	return res
}

func checkPPPoE(byContract, unlinkedCustomers map[string]bool, e *Entitlement) *AuthResult {
	missing, unlinked := map[string]bool{}, map[string]bool{}
	res := &AuthResult{}
	for _, c := range e.Entitled {
		id := c.ID
		switch {
		case byContract[id]:
			res.ReadyContracts++
		case unlinkedCustomers[c.Customer]:
			unlinked[id] = true
		default:
			missing[id] = true
		}
	}
	res.Findings = nonEmpty(
		newFinding(CodeAuthPPPoEMissing, refs("cliente_contrato", missing)),
		newFinding(CodeAuthPPPoEUnlinked, refs("cliente_contrato", unlinked)),
	)
	return res
}

func checkEmployees(employees []ixc.Record, today string) *AuthResult {
	invalid, dismissed := map[string]bool{}, map[string]bool{}
	res := &AuthResult{}
	for _, emp := range employees {
		if emp["ativo"] != "S" {
			continue
		}
		if brdoc.ValidCPF(emp["cpf_cnpj"]) {
			res.ReadyEmployees++
		} else {
			invalid[emp["id"]] = true
		}
		if d := isoDate(emp["data_demissao"]); !isZeroDate(emp["data_demissao"]) && d != "" && d <= today {
			dismissed[emp["id"]] = true
		}
	}
	var none Finding
	if res.ReadyEmployees == 0 {
		none = newFinding(CodeAuthEmployeeNone, nil)
	}
	res.Findings = nonEmpty(
		none,
		newFinding(CodeAuthEmployeeInvalid, refs("funcionarios", invalid)),
		newFinding(CodeAuthEmployeeDismissed, refs("funcionarios", dismissed)),
	)
	return res
}

// nonEmpty keeps the findings that have records, and record-less findings
// whose code is set (AUTH_EMPLOYEE_NONE).
func nonEmpty(fs ...Finding) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Code == "" {
			continue
		}
		if len(f.Records) == 0 && f.Code != CodeAuthEmployeeNone {
			continue
		}
		out = append(out, f)
	}
	return out
}
