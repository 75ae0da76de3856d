// Package bench is the performance harness of issue "Audit at ISP scale":
// it runs the full audit against the IXC sandbox with injected latency and
// reports, side by side, our requests/bytes/wall/peak memory, the lower
// bound, and a naive per-record strategy. It is a tool: the product never
// imports it. Run it with `go run ./bench/cmd/ixcbench` (docs/performance.md).
package bench

import (
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim/demodata"
)

// dataset is the compact view of a demo dataset the lower bound and the
// naive strategy need, built from demodata.Generate without keeping the
// full records.
type dataset struct {
	Contracts int
	Setup     demodata.Setup
	Today     string

	Unidades, Produtos, Planos int
	// link rows of the configured products
	PlanRows     []link // vd_contratos_produtos with id_vd_contrato
	ContractRows []link // vd_contratos_produtos with id_contrato
	ServiceRows  []service
	PlanExists   map[string]bool

	ContractPlan     map[string]string
	ContractStatus   map[string]string
	ContractCustomer map[string]string
	ContractIDs      []string // in id order

	Customers, CustomersWithEmail, CustomersWithDoc int
	Logins, ActiveLogins                            int
	ActiveLoginsByContract                          map[string]bool
	ActiveUnlinkedCustomers                         map[string]bool
	Employees                                       int
}

type link struct{ Holder, Product string }

type service struct {
	Contract, Product string
	Active            bool
}

// loadDataset generates the dataset of cfg and keeps its compact view.
func loadDataset(cfg demodata.Config) *dataset {
	setup := demodata.DemoSetup(cfg)
	today := demodata.DefaultToday
	if !cfg.Today.IsZero() {
		today = cfg.Today
	}
	d := &dataset{
		Contracts: cfg.Contracts, Setup: setup, Today: today.Format("2006-01-02"),
		PlanExists: map[string]bool{}, ContractPlan: map[string]string{}, ContractStatus: map[string]string{},
		ContractCustomer: map[string]string{}, ActiveLoginsByContract: map[string]bool{}, ActiveUnlinkedCustomers: map[string]bool{},
	}
	isProduct := func(id string) bool { return id == setup.LevEducaProductID || id == setup.ParamountProductID }
	zero := func(id string) bool { id = strings.TrimSpace(id); return id == "" || id == "0" }
	demodata.Generate(cfg, func(table string, r map[string]string) {
		switch table {
		case demodata.TableUnidades:
			d.Unidades++
		case demodata.TableProdutos:
			d.Produtos++
		case demodata.TablePlanos:
			d.Planos++
			d.PlanExists[r["id"]] = true
		case demodata.TablePlanosProdutos:
			if !isProduct(r["id_produto"]) {
				return
			}
			switch {
			case !zero(r["id_contrato"]):
				d.ContractRows = append(d.ContractRows, link{r["id_contrato"], r["id_produto"]})
			case !zero(r["id_vd_contrato"]):
				d.PlanRows = append(d.PlanRows, link{r["id_vd_contrato"], r["id_produto"]})
			}
		case demodata.TableServicos:
			if !isProduct(r["id_produto"]) || r["tipo_acres_desc"] != "A" || zero(r["id_contrato"]) {
				return
			}
			v := r["data_validade"]
			expired := v != "" && !strings.HasPrefix(v, "0000") && len(v) >= 10 && v[:10] < d.Today
			d.ServiceRows = append(d.ServiceRows, service{r["id_contrato"], r["id_produto"], r["status"] == "A" && !expired})
		case demodata.TableContrato:
			id := r["id"]
			d.ContractIDs = append(d.ContractIDs, id)
			d.ContractPlan[id], d.ContractStatus[id], d.ContractCustomer[id] = r["id_vd_contrato"], r["status"], r["id_cliente"]
		case demodata.TableCliente:
			d.Customers++
			if strings.TrimSpace(r["hotsite_email"]) != "" {
				d.CustomersWithEmail++
			}
			if strings.TrimSpace(r["cnpj_cpf"]) != "" {
				d.CustomersWithDoc++
			}
		case demodata.TableRadusuarios:
			d.Logins++
			if r["ativo"] == "S" {
				d.ActiveLogins++
				if zero(r["id_contrato"]) {
					d.ActiveUnlinkedCustomers[r["id_cliente"]] = true
				} else {
					d.ActiveLoginsByContract[r["id_contrato"]] = true
				}
			}
		case demodata.TableFuncionarios:
			d.Employees++
		}
	})
	return d
}

// carrying returns the plans that carry a configured product.
func (d *dataset) carrying() map[string]bool {
	out := map[string]bool{}
	for _, l := range d.PlanRows {
		out[l.Holder] = true
	}
	return out
}

// linkedContracts is the set of contracts the link step must read: the
// active ones of the carrying plans (no check needs the others) plus those
// named by contract rows and services (whatever their status).
func (d *dataset) linkedContracts() map[string]bool {
	out := map[string]bool{}
	car := d.carrying()
	for _, id := range d.ContractIDs {
		if car[d.ContractPlan[id]] && d.ContractStatus[id] == "A" {
			out[id] = true
		}
	}
	for _, l := range d.ContractRows {
		out[l.Holder] = true
	}
	for _, s := range d.ServiceRows {
		out[s.Contract] = true
	}
	return out
}

// entitled applies design.md §5 independently of package steps: status A
// and an active link by the method to a configured product.
func (d *dataset) entitled(method string) map[string]bool {
	out := map[string]bool{}
	add := func(id string) {
		if d.ContractStatus[id] == "A" {
			out[id] = true
		}
	}
	switch method {
	case "plan":
		car := d.carrying()
		for _, id := range d.ContractIDs {
			if car[d.ContractPlan[id]] {
				add(id)
			}
		}
	case "contract":
		for _, l := range d.ContractRows {
			add(l.Holder)
		}
	case "additional_service":
		for _, s := range d.ServiceRows {
			if s.Active {
				add(s.Contract)
			}
		}
	}
	return out
}
