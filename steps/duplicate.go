package steps

import (
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
)

// checkDuplicates is PRODUCT_DUPLICATE (design.md §6): another product, not
// configured, whose descricao equals a configured product's (trimmed,
// case-insensitive), linked — a plan row, a contract row or an active,
// unexpired additional-service row — to at least one contract with status
// A. Records: the other products. configured holds the profile's product
// ids; found the configured products that exist.
//
// It reads one filtered product listing per distinct name and, only when
// another product of that name exists, that product's rows and the status
// of the contracts and plans holding them: nothing in the common case.
func checkDuplicates(ctx context.Context, r *ixc.Reader, configured []string, found map[string]ixc.Record, today string) ([]Finding, error) {
	isConfigured := map[string]bool{}
	for _, id := range configured {
		isConfigured[id] = true
	}
	names := map[string]string{} // folded name → the name as written
	for _, id := range slices.Sorted(maps.Keys(found)) {
		if n := strings.TrimSpace(found[id]["descricao"]); n != "" {
			names[strings.ToLower(n)] = n
		}
	}
	var others []string
	for _, folded := range slices.Sorted(maps.Keys(names)) {
		err := r.Each(ixc.SelectFields(ctx, "id", "descricao"),
			ixc.Query{Table: "produtos", Filter: []ixc.Cond{ixc.Where("produtos.descricao", ixc.OpLike, names[folded])}},
			func(rec ixc.Record) error {
				id := rec["id"]
				if IsID(id) && !isConfigured[id] && strings.ToLower(strings.TrimSpace(rec["descricao"])) == folded {
					others = append(others, id)
				}
				return nil
			})
		if err != nil {
			return nil, err
		}
	}
	others = uniqueSorted(others)
	if len(others) == 0 {
		return nil, nil
	}

	// Who holds the other products: plans (plan rows) and contracts
	// (contract rows, active unexpired additional services).
	byPlan := map[string][]string{}     // plan → products
	byContract := map[string][]string{} // contract → products
	err := eachIn(ixc.SelectFields(ctx, "id", "id_produto", "id_vd_contrato", "id_contrato"), r,
		"vd_contratos_produtos", "id_produto", others, nil, func(rec ixc.Record) error {
			switch {
			case !isZeroID(rec["id_contrato"]):
				byContract[rec["id_contrato"]] = append(byContract[rec["id_contrato"]], rec["id_produto"])
			case !isZeroID(rec["id_vd_contrato"]):
				byPlan[rec["id_vd_contrato"]] = append(byPlan[rec["id_vd_contrato"]], rec["id_produto"])
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	err = eachIn(ixc.SelectFields(ctx, "id", "id_produto", "id_contrato", "status", "tipo_acres_desc", "data_validade"), r,
		"cliente_contrato_servicos", "id_produto", others,
		[]ixc.Cond{ixc.Where("cliente_contrato_servicos.status", ixc.OpEq, "A")},
		func(rec ixc.Record) error {
			if rec["status"] == "A" && rec["tipo_acres_desc"] == "A" && !expired(rec["data_validade"], today) && !isZeroID(rec["id_contrato"]) {
				byContract[rec["id_contrato"]] = append(byContract[rec["id_contrato"]], rec["id_produto"])
			}
			return nil
		})
	if err != nil {
		return nil, err
	}

	dup := map[string]bool{}
	// Contracts holding a product directly: one IN listing of the active ones.
	err = eachIn(ixc.SelectFields(ctx, "id", "status"), r, "cliente_contrato", "id", slices.Collect(maps.Keys(byContract)),
		[]ixc.Cond{ixc.Where("cliente_contrato.status", ixc.OpEq, "A")},
		func(rec ixc.Record) error {
			if rec["status"] == "A" {
				for _, p := range byContract[rec["id"]] {
					dup[p] = true
				}
			}
			return nil
		})
	if err != nil {
		return nil, err
	}
	// Plans: one active contract is enough, so one row per plan is asked.
	for _, plan := range slices.Sorted(maps.Keys(byPlan)) {
		if !IsID(plan) || allIn(byPlan[plan], dup) {
			continue
		}
		pg, err := r.List(ctx, ixc.Query{Table: "cliente_contrato", RP: 1, Filter: []ixc.Cond{
			ixc.Where("cliente_contrato.id_vd_contrato", ixc.OpEq, plan),
			ixc.Where("cliente_contrato.status", ixc.OpEq, "A"),
		}})
		if err != nil {
			return nil, err
		}
		if len(pg.Records) > 0 && pg.Records[0]["status"] == "A" && pg.Records[0]["id_vd_contrato"] == plan {
			for _, p := range byPlan[plan] {
				dup[p] = true
			}
		}
	}
	if len(dup) == 0 {
		return nil, nil
	}
	return []Finding{newFinding(CodeProductDuplicate, refs("produtos", dup))}, nil
}

// allIn reports whether every id is in set.
func allIn(ids []string, set map[string]bool) bool {
	for _, id := range ids {
		if !set[id] {
			return false
		}
	}
	return true
}
