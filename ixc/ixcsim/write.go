package ixcsim

import (
	"net/http"
	"strings"
)

// ref is a foreign key checked on writes (existence) and on deletes (dependents).
type ref struct{ from, col, to string }

// insertRefs are validated on insert/update when the value is not "" or "0" (the brief's
// "cheap and realistic" checks).
var insertRefs = []ref{
	{"vd_contratos_produtos", "id_produto", "produtos"},
	{"vd_contratos_produtos", "id_contrato", "cliente_contrato"},
	{"vd_contratos_produtos", "id_vd_contrato", "vd_contratos"},
	{"cliente_contrato_servicos", "id_produto", "produtos"},
	{"cliente_contrato_servicos", "id_contrato", "cliente_contrato"},
	{"radusuarios", "id_contrato", "cliente_contrato"},
}

// deleteRefs block deleting a referenced row ("dependências", ixc-api.md §3.3).
var deleteRefs = append(append([]ref(nil), insertRefs...),
	ref{"cliente_contrato", "id_cliente", "cliente"},
	ref{"cliente_contrato", "id_vd_contrato", "vd_contratos"},
	ref{"radusuarios", "id_cliente", "cliente"},
)

var refLabel = map[string]string{
	"produtos": "Produto", "cliente_contrato": "Contrato", "vd_contratos": "Plano de venda",
	"cliente": "Cliente",
}

const viewWriteMsg = "Recurso " + viewName + " é somente leitura e não permite inserir, editar ou excluir registros!"

// writeFields decodes a write body into strings. ok=false means the body is not parseable
// (processing error).
func writeFields(body []byte, ctype string) (map[string]string, bool) {
	m, err := decodeBody(body, ctype)
	if err != nil {
		return nil, false
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if s, ok := scalar(v); ok {
			out[k] = s
		}
	}
	return out, true
}

// normalize converts a written value the way IXC/MySQL store it: DD/MM/YYYY[ hh:mm:ss]
// becomes ISO, and an empty value in an integer/date column becomes its zero value.
func normalize(c *column, v string) string {
	v = strings.TrimSpace(v)
	if iso, ok := dmyToISO(v); ok {
		return iso
	}
	if v == "" {
		return c.def
	}
	return v
}

// requiredMsg is the pt-BR message naming a missing required field (choice: the real
// wording per form is not public).
func requiredMsg(f string) string { return "O campo " + f + " é obrigatório!" }

// checkRequired validates required fields. missing reports a required key absent from the
// body; msg is a business error for an empty one.
func checkRequired(t *table, f map[string]string, isUpdate bool, stored Record) (missing bool, msg string) {
	req := t.required
	if t.name == "cliente_contrato_servicos" {
		tad := f["tipo_acres_desc"]
		if _, ok := f["tipo_acres_desc"]; !ok && stored != nil {
			tad = stored["tipo_acres_desc"]
		}
		if strings.EqualFold(strings.TrimSpace(tad), "D") {
			req = append(append([]string(nil), req...), "id_produto_contrato_vinc")
		}
	}
	for _, k := range req {
		v, ok := f[k]
		if !ok {
			if isUpdate {
				return true, ""
			}
			return false, requiredMsg(k)
		}
		if strings.TrimSpace(v) == "" {
			return false, requiredMsg(k)
		}
	}
	return false, ""
}

// checkRefs validates foreign keys of the written values (caller holds s.mu).
func (s *Sim) checkRefs(tbl string, vals Record) string {
	for _, r := range insertRefs {
		if r.from != tbl {
			continue
		}
		v := vals[r.col]
		if v == "" || v == "0" {
			continue
		}
		if t := s.tables[r.to]; t != nil {
			if _, ok := t.pos[v]; !ok {
				return refLabel[r.to] + " " + v + " não encontrado!"
			}
		}
	}
	return ""
}

// writable returns the known, writable fields of f (unknown and read-only ones are
// silently dropped, as IXC does), normalized.
func writable(t *table, f map[string]string) Record {
	out := Record{}
	for k, v := range f {
		if k == "id" || k == "ultima_atualizacao" {
			continue
		}
		ci, ok := t.colIdx[k]
		if !ok {
			continue
		}
		out[k] = normalize(t.cols[ci], v)
	}
	return out
}

func (s *Sim) handleInsert(w http.ResponseWriter, tbl string, body []byte, ctype string) {
	if tbl == viewName {
		s.writeError(w, viewWriteMsg)
		return
	}
	f, ok := writeFields(body, ctype)
	if !ok {
		s.writeRedDiv(w, http.StatusOK)
		return
	}
	s.mu.Lock()
	t := s.tables[tbl]
	if _, msg := checkRequired(t, f, false, nil); msg != "" {
		s.mu.Unlock()
		s.writeError(w, msg)
		return
	}
	vals := writable(t, f)
	if msg := s.checkRefs(tbl, vals); msg != "" {
		s.mu.Unlock()
		s.writeError(w, msg)
		return
	}
	now := s.now()
	vals["ultima_atualizacao"] = now.Format("2006-01-02 15:04:05")
	switch tbl {
	case "cliente":
		if v := vals["data_cadastro"]; v == "" || v == "0000-00-00" {
			vals["data_cadastro"] = now.Format("2006-01-02")
		}
	case "cliente_contrato":
		vals["data_cadastro_sistema"] = now.Format("2006-01-02 15:04:05")
	}
	// fill the remaining columns with their zero values
	full := make(Record, len(t.cols))
	for _, c := range t.cols {
		full[c.name] = c.def
	}
	for k, v := range vals {
		full[k] = v
	}
	full["id"] = t.nextID()
	id, _ := t.put(full, true)
	s.mu.Unlock()
	if s.loseWrite() {
		s.dropConn(w)
		return
	}
	n := s.opts.NumericIDEvery
	s.writeSuccess(w, "Registro inserido com sucesso!", id, n > 0 && s.insertCount.Add(1)%int64(n) == 0)
}

func (s *Sim) handleUpdate(w http.ResponseWriter, tbl, id string, body []byte, ctype string) {
	if tbl == viewName {
		s.writeError(w, viewWriteMsg)
		return
	}
	if id == "" {
		s.writeRedDiv(w, http.StatusInternalServerError)
		return
	}
	f, ok := writeFields(body, ctype)
	if !ok {
		s.writeRedDiv(w, http.StatusOK)
		return
	}
	s.mu.Lock()
	t := s.tables[tbl]
	p, exists := t.pos[id]
	if !exists {
		s.mu.Unlock()
		s.writeError(w, "Registro não encontrado!")
		return
	}
	stored := t.record(t.rows[p])
	missing, msg := checkRequired(t, f, true, stored)
	if missing {
		// documented quirk: a partial PUT gets the red HTML div with HTTP 200
		s.mu.Unlock()
		s.writeRedDiv(w, http.StatusOK)
		return
	}
	if msg != "" {
		s.mu.Unlock()
		s.writeError(w, msg)
		return
	}
	vals := writable(t, f)
	merged := Record{}
	for k, v := range stored {
		merged[k] = v
	}
	for k, v := range vals {
		merged[k] = v
	}
	if msg := s.checkRefs(tbl, merged); msg != "" {
		s.mu.Unlock()
		s.writeError(w, msg)
		return
	}
	vals["ultima_atualizacao"] = s.now().Format("2006-01-02 15:04:05")
	t.set(id, vals)
	s.mu.Unlock()
	if s.loseWrite() {
		s.dropConn(w)
		return
	}
	s.writeSuccess(w, "Registro atualizado com sucesso!", id, false)
}

func (s *Sim) handleDelete(w http.ResponseWriter, tbl, id string) {
	if tbl == viewName {
		s.writeError(w, viewWriteMsg)
		return
	}
	if id == "" {
		s.writeRedDiv(w, http.StatusInternalServerError)
		return
	}
	s.mu.Lock()
	t := s.tables[tbl]
	if _, ok := t.pos[id]; !ok {
		s.mu.Unlock()
		s.writeError(w, "Registro não encontrado!")
		return
	}
	for _, r := range deleteRefs {
		if r.to != tbl {
			continue
		}
		src := s.tables[r.from]
		if src == nil {
			continue
		}
		ci, ok := src.colIdx[r.col]
		if !ok {
			continue
		}
		for _, row := range src.rows {
			if src.val(row, ci) == id {
				s.mu.Unlock()
				// choice: the real wording is not public
				s.writeError(w, "Não é possível excluir o registro "+id+": existem registros dependentes em "+r.from+"!")
				return
			}
		}
	}
	t.remove(id)
	s.mu.Unlock()
	if s.loseWrite() {
		s.dropConn(w)
		return
	}
	s.writeSuccess(w, "Registro excluído com sucesso!", id, false)
}
