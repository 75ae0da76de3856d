package ixcsim

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// viewName is IXC's read-only consolidated view of a contract's effective products: the
// contract's own vd_contratos_produtos rows plus those of its sales plan. It answers in the
// flexigrid envelope {"page","total","rows":[{"id","cell":[…]}],"tot":[…]} like the saved
// POSTMAN response "🗂️ Outros / 📐 Grid Param / Exemplos Comuns / Produtos / Produtos do
// contrato" (request: qtype view_vd_contratos_produtos_gen.cliente_contrato_id = <contract>,
// sortname view_vd_contratos_produtos_gen.id desc).
const viewName = "view_vd_contratos_produtos_gen"

// viewCols are the view's filterable fields. The first viewCells of them form "cell", in
// the order of the saved response: ["30","Locação ONU","","Cabo RJ45 Azul","1","20,00",
// "20,00","","","20,00","20,00","Plano","2233","","0"]. Only id, the descriptions, qtde,
// the values, origin ("Plano") and cliente_contrato_id are evident from the sample; the
// names of the other positions are guesses: plano = speed group (radgrupos) name, desconto/
// acrescimo empty, valor_liquido/valor_final = total, obs, id_contrato ("0" for plan rows).
// The trailing fields are not in the cells but can be filtered on.
var viewCols = []string{
	"id", "descricao", "plano", "produto", "qtde", "valor_unit", "valor_total", "desconto",
	"acrescimo", "valor_liquido", "valor_final", "origem", "cliente_contrato_id", "obs",
	"id_contrato",
	"id_produto", "id_vd_contrato", "id_plano", "tipo",
}

const viewCells = 15

var viewColIdx = func() map[string]int {
	m := map[string]int{}
	for i, c := range viewCols {
		m[c] = i
	}
	return m
}()

func viewField(name string) (int, bool) {
	i, ok := viewColIdx[strings.ToLower(name)]
	return i, ok
}

// brMoney formats "69.900000000" as "69,90".
func brMoney(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', 2, 64), ".", ",", 1)
}

func (s *Sim) listView(w http.ResponseWriter, lr *listReq) {
	conds, err := buildConds(lr, viewName, viewField)
	if err != nil {
		s.writeRedDiv(w, http.StatusInternalServerError)
		return
	}
	sortCol, desc := 0, lr.sortorder == "desc"
	if lr.sortname != "" {
		if sortCol, err = resolveField(viewName, viewField, lr.sortname); err != nil {
			s.writeRedDiv(w, http.StatusInternalServerError)
			return
		}
	}
	s.mu.RLock()
	sel := s.viewRows(conds)
	s.mu.RUnlock()

	var sumTotal, sumFinal float64
	for _, r := range sel {
		sumTotal += parseBR(r[viewColIdx["valor_total"]])
		sumFinal += parseBR(r[viewColIdx["valor_final"]])
	}
	sort.SliceStable(sel, func(a, b int) bool {
		c := sortCompare(sel[a][sortCol], sel[b][sortCol])
		if desc {
			return c > 0
		}
		return c < 0
	})
	total := len(sel)
	offset, end := lr.bounds()
	var page [][]string
	if offset < total {
		page = sel[offset:min(end, total)]
	}
	b := []byte(`{"page":"`)
	b = strconv.AppendInt(b, int64(lr.page), 10)
	b = append(b, `","total":"`...)
	b = strconv.AppendInt(b, int64(total), 10)
	b = append(b, `","rows":[`...)
	for i, r := range page {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"id":`...)
		b = appendJSONString(b, r[0])
		b = append(b, `,"cell":[`...)
		for j := 0; j < viewCells; j++ {
			if j > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, r[j])
		}
		b = append(b, "]}"...)
	}
	b = append(b, `],"tot":[`...)
	b = appendJSONString(b, brMoney(sumTotal))
	b = append(b, ",false,false,"...)
	b = appendJSONString(b, brMoney(sumFinal))
	b = append(b, "]}"...)
	s.writeJSON(w, b)
}

func parseBR(s string) float64 {
	f, _ := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	return f
}

// viewRows returns the view rows matching conds. Only the contracts selected by an
// equality/IN filter on cliente_contrato_id are expanded, or every contract when there is
// none; rows are materialized only when they match (caller holds s.mu).
func (s *Sim) viewRows(conds []cond) [][]string {
	ct := s.tables["cliente_contrato"]
	vp := s.tables["vd_contratos_produtos"]
	var contracts []string
	restricted := false
	for _, c := range conds {
		if c.col != viewColIdx["cliente_contrato_id"] {
			continue
		}
		switch c.op {
		case "=":
			restricted, contracts = true, []string{c.a.s}
		case "IN":
			restricted = true
			contracts = contracts[:0]
			for _, l := range c.list {
				contracts = append(contracts, l.s)
			}
		}
	}
	if !restricted {
		contracts = make([]string, 0, len(ct.rows))
		for _, r := range ct.rows {
			contracts = append(contracts, ct.id(r))
		}
	}
	ciContract, _ := vp.colIdx["id_contrato"]
	ciPlan, _ := vp.colIdx["id_vd_contrato"]
	byContract := map[string][]int{}
	byPlan := map[string][]int{}
	for i, r := range vp.rows {
		if c := vp.val(r, ciContract); c != "" && c != "0" {
			byContract[c] = append(byContract[c], i)
		} else if p := vp.val(r, ciPlan); p != "" && p != "0" {
			byPlan[p] = append(byPlan[p], i)
		}
	}
	prod := s.tables["produtos"]
	rad := s.tables["radgrupos"] // only if a dataset Put one
	var out [][]string
	buf := make([]string, 0, len(viewCols))
	for _, cid := range contracts {
		plan, ok := ct.get(cid, "id_vd_contrato")
		if !ok {
			continue
		}
		emit := func(i int, origin string) {
			r := vp.rows[i]
			get := func(c string) string { return vp.val(r, vp.colIdx[c]) }
			qtde, _ := strconv.ParseFloat(get("qtde"), 64)
			unit, _ := strconv.ParseFloat(get("valor_unit"), 64)
			totalV := brMoney(qtde * unit)
			prodName := ""
			if p := get("id_produto"); p != "0" && p != "" {
				prodName, _ = prod.get(p, "descricao")
			}
			planName := ""
			if g := get("id_plano"); rad != nil && g != "0" && g != "" {
				planName, _ = rad.get(g, "grupo")
			}
			q := get("qtde")
			if n, ok := parseNum(q); ok {
				q = strconv.FormatFloat(n, 'f', -1, 64)
			}
			buf = append(buf[:0],
				vp.id(r), get("descricao"), planName, prodName, q, brMoney(unit), totalV, "", "",
				totalV, totalV, origin, cid, get("obs"), get("id_contrato"),
				get("id_produto"), get("id_vd_contrato"), get("id_plano"), get("tipo"),
			)
			for k := range conds {
				if !conds[k].match(buf[conds[k].col]) {
					return
				}
			}
			out = append(out, append([]string(nil), buf...))
		}
		for _, i := range byContract[cid] {
			emit(i, "Contrato")
		}
		if plan != "" && plan != "0" {
			for _, i := range byPlan[plan] {
				emit(i, "Plano")
			}
		}
	}
	return out
}
