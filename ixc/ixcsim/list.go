package ixcsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

var errProcessing = errors.New("ixcsim: processing error")

// decodeBody decodes a JSON object (or an application/x-www-form-urlencoded body) into
// raw values. An empty body is an empty object.
func decodeBody(body []byte, ctype string) (map[string]any, error) {
	body = bytes.TrimSpace(body)
	out := map[string]any{}
	if len(body) == 0 {
		return out, nil
	}
	isForm := strings.Contains(strings.ToLower(ctype), "x-www-form-urlencoded")
	if !isForm || body[0] == '{' {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&out); err == nil {
			return out, nil
		} else if !isForm {
			return nil, err
		}
	}
	q, err := url.ParseQuery(string(body))
	if err != nil {
		return nil, err
	}
	for k, v := range q {
		if len(v) > 0 {
			out[k] = v[len(v)-1]
		}
	}
	return out, nil
}

// scalar converts a JSON value to the string PHP would see; ok is false for arrays/objects.
func scalar(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		if x {
			return "1", true
		}
		return "", true
	}
	return "", false
}

type listReq struct {
	qtype, query, oper, sortname, sortorder string
	page, rp                                int
	grid                                    []gridEntry
}

type gridEntry struct{ TB, OP, P, P2 string }

func parseListReq(body []byte, ctype string) (*listReq, error) {
	m, err := decodeBody(body, ctype)
	if err != nil {
		return nil, errProcessing
	}
	str := func(k string) string { s, _ := scalar(m[k]); return strings.TrimSpace(s) }
	lr := &listReq{qtype: str("qtype"), query: str("query"), oper: str("oper"),
		sortname: str("sortname"), sortorder: strings.ToLower(str("sortorder")), page: 1, rp: 20}
	if lr.oper == "" {
		lr.oper = "="
	}
	if n, err := strconv.Atoi(str("page")); err == nil && n > 0 {
		lr.page = n
	}
	if n, err := strconv.Atoi(str("rp")); err == nil && n > 0 {
		lr.rp = n
	}
	var entries []any
	switch g := m["grid_param"].(type) {
	case nil:
	case string:
		if strings.TrimSpace(g) != "" {
			if err := json.Unmarshal([]byte(g), &entries); err != nil {
				return nil, errProcessing
			}
		}
	case []any:
		entries = g
	default:
		return nil, errProcessing
	}
	for _, e := range entries {
		em, ok := e.(map[string]any)
		if !ok {
			return nil, errProcessing
		}
		get := func(k string) string { s, _ := scalar(em[k]); return strings.TrimSpace(s) }
		ge := gridEntry{TB: get("TB"), OP: get("OP"), P: get("P"), P2: get("P2")}
		if ge.OP == "" {
			ge.OP = "="
		}
		lr.grid = append(lr.grid, ge)
	}
	return lr, nil
}

// ---- filters ----

var validOps = map[string]bool{"=": true, "!=": true, ">": true, "<": true, ">=": true, "<=": true,
	"L": true, "NL": true, "IN": true, "NI": true, "BE": true, "NBE": true}

type literal struct {
	s     string
	num   float64
	isNum bool
	iso   string // ISO form when the literal is a date (DD/MM/YYYY or ISO)
	lower string
}

func newLiteral(s string) literal {
	l := literal{s: s, lower: strings.ToLower(s)}
	l.num, l.isNum = parseNum(s)
	if iso, ok := dmyToISO(s); ok {
		l.iso = iso
	} else if isISODate(s) {
		l.iso = s
	}
	return l
}

type cond struct {
	col  int
	op   string
	a, b literal
	list []literal
	// set holds the IN/NI values when they are all whole numbers, so a
	// list of 1,000 ids is one map lookup per row (as MySQL's index does),
	// not 1,000 comparisons.
	set   map[string]struct{}
	parts []string // L / NL pattern pieces (lower case, split on %)
}

// resolveField checks "table.field" against the table and returns the column index.
func resolveField(prefix string, lookup func(string) (int, bool), f string) (int, error) {
	if !strings.HasPrefix(f, prefix+".") {
		return 0, errProcessing
	}
	ci, ok := lookup(f[len(prefix)+1:])
	if !ok {
		return 0, errProcessing
	}
	return ci, nil
}

func newCond(col int, op, p, p2 string, hasP2 bool) (cond, error) {
	op = strings.ToUpper(op)
	if !validOps[op] {
		return cond{}, errProcessing
	}
	c := cond{col: col, op: op, a: newLiteral(p)}
	switch op {
	case "IN", "NI":
		c.set = map[string]struct{}{}
		for _, it := range strings.Split(p, ",") {
			c.list = append(c.list, newLiteral(strings.TrimSpace(it)))
			if k, ok := intKey(it); ok && c.set != nil {
				c.set[k] = struct{}{}
			} else {
				c.set = nil
			}
		}
	case "BE", "NBE":
		if !hasP2 {
			// main filter: "P,P2" in query (choice; only grid_param has a documented P2)
			a, b, ok := strings.Cut(p, ",")
			if !ok {
				return cond{}, errProcessing
			}
			p, p2 = strings.TrimSpace(a), strings.TrimSpace(b)
			c.a = newLiteral(p)
		}
		c.b = newLiteral(p2)
	case "L", "NL":
		c.parts = strings.Split(c.a.lower, "%")
	}
	return c, nil
}

// buildConds compiles the main filter and grid_param for a table-like source.
func buildConds(lr *listReq, prefix string, lookup func(string) (int, bool)) ([]cond, error) {
	var out []cond
	if lr.qtype != "" {
		ci, err := resolveField(prefix, lookup, lr.qtype)
		if err != nil {
			return nil, err
		}
		if lr.query != "" {
			c, err := newCond(ci, lr.oper, lr.query, "", false)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		} else if !validOps[strings.ToUpper(lr.oper)] {
			return nil, errProcessing
		}
	}
	for _, g := range lr.grid {
		ci, err := resolveField(prefix, lookup, g.TB)
		if err != nil {
			return nil, err
		}
		c, err := newCond(ci, g.OP, g.P, g.P2, true)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// parseNum accepts plain decimal numbers only ("12", "-3.50"); CPFs, dates and "1e5" are
// not numbers.
func parseNum(s string) (float64, bool) {
	if s == "" {
		return 0, false
	}
	i := 0
	if s[0] == '-' || s[0] == '+' {
		i++
	}
	digits, dot := 0, false
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// dmyToISO converts "DD/MM/YYYY[ hh:mm[:ss]]" to "YYYY-MM-DD[ hh:mm:ss]".
func dmyToISO(s string) (string, bool) {
	if len(s) < 10 || s[2] != '/' || s[5] != '/' || !isDigits(s[0:2]) || !isDigits(s[3:5]) || !isDigits(s[6:10]) {
		return "", false
	}
	iso := s[6:10] + "-" + s[3:5] + "-" + s[0:2]
	rest := strings.TrimSpace(s[10:])
	switch {
	case rest == "":
		return iso, true
	case len(rest) == 5 && rest[2] == ':' && isDigits(rest[:2]) && isDigits(rest[3:]):
		return iso + " " + rest + ":00", true
	case len(rest) == 8 && rest[2] == ':' && rest[5] == ':' && isDigits(rest[:2]) && isDigits(rest[3:5]) && isDigits(rest[6:]):
		return iso + " " + rest, true
	}
	return "", false
}

// isISODate reports whether s starts like "YYYY-MM-DD".
func isISODate(s string) bool {
	return len(s) >= 10 && s[4] == '-' && s[7] == '-' && isDigits(s[0:4]) && isDigits(s[5:7]) && isDigits(s[8:10])
}

// foldCompare compares case-insensitively (MySQL's default *_ci collations).
func foldCompare(a, b string) int {
	n := min(len(a), len(b))
	for i := 0; i < n; i++ {
		ca, cb := a[i], b[i]
		if ca >= 0x80 || cb >= 0x80 {
			return strings.Compare(strings.ToLower(a[i:]), strings.ToLower(b[i:]))
		}
		if 'A' <= ca && ca <= 'Z' {
			ca += 'a' - 'A'
		}
		if 'A' <= cb && cb <= 'Z' {
			cb += 'a' - 'A'
		}
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

// compareLit compares a stored value with a filter literal: numerically when both are
// numbers, as dates when the literal is a date (DD/MM/YYYY or ISO) and the value is an ISO
// date, otherwise as case-insensitive strings.
func compareLit(v string, l *literal) int {
	if l.isNum {
		if n, ok := parseNum(v); ok {
			switch {
			case n < l.num:
				return -1
			case n > l.num:
				return 1
			}
			return 0
		}
	}
	if l.iso != "" && isISODate(v) {
		lit := l.iso
		if len(v) > 10 && len(lit) == 10 {
			lit += " 00:00:00"
		}
		return strings.Compare(v, lit)
	}
	return foldCompare(v, l.s)
}

func likeMatch(v string, parts []string) bool {
	s := strings.ToLower(v)
	for _, p := range parts {
		if p == "" {
			continue
		}
		i := strings.Index(s, p)
		if i < 0 {
			return false
		}
		s = s[i+len(p):]
	}
	return true
}

func (c *cond) match(v string) bool {
	switch c.op {
	case "=":
		return compareLit(v, &c.a) == 0
	case "!=":
		return compareLit(v, &c.a) != 0
	case ">":
		return compareLit(v, &c.a) > 0
	case "<":
		return compareLit(v, &c.a) < 0
	case ">=":
		return compareLit(v, &c.a) >= 0
	case "<=":
		return compareLit(v, &c.a) <= 0
	case "L":
		return likeMatch(v, c.parts)
	case "NL":
		return !likeMatch(v, c.parts)
	case "IN", "NI":
		if c.set != nil {
			if k, ok := intKey(v); ok {
				_, in := c.set[k]
				return in == (c.op == "IN")
			}
		}
		in := false
		for i := range c.list {
			if compareLit(v, &c.list[i]) == 0 {
				in = true
				break
			}
		}
		return in == (c.op == "IN")
	case "BE", "NBE":
		be := compareLit(v, &c.a) >= 0 && compareLit(v, &c.b) <= 0
		return be == (c.op == "BE")
	}
	return false
}

// sortCompare orders two values for sortname: numbers numerically, else case-insensitively.
func sortCompare(a, b string) int {
	if na, ok := parseNum(a); ok {
		if nb, ok := parseNum(b); ok {
			switch {
			case na < nb:
				return -1
			case na > nb:
				return 1
			}
			return 0
		}
	}
	return foldCompare(a, b)
}

// ---- table listing ----

func (s *Sim) handleList(w http.ResponseWriter, tbl string, body []byte, ctype string) {
	lr, err := parseListReq(body, ctype)
	if err != nil {
		s.writeRedDiv(w, http.StatusInternalServerError)
		return
	}
	s.fmu.Lock()
	max504 := s.faults.Max504Rows
	s.fmu.Unlock()
	if max504 > 0 && lr.rp > max504 {
		s.writeHTML(w, http.StatusGatewayTimeout, nginxPage(504, "Gateway Time-out"))
		return
	}
	if tbl == viewName {
		s.listView(w, lr)
		return
	}
	s.mu.RLock()
	out, err := s.listTable(s.tables[tbl], lr)
	s.mu.RUnlock()
	if err != nil {
		s.writeRedDiv(w, http.StatusInternalServerError)
		return
	}
	s.writeJSON(w, out)
}

// listTable runs a list request against t (caller holds s.mu for reading) and returns the
// encoded response.
func (s *Sim) listTable(t *table, lr *listReq) ([]byte, error) {
	conds, err := buildConds(lr, t.name, t.field)
	if err != nil {
		return nil, err
	}
	sortCol, desc := 0, lr.sortorder == "desc"
	if lr.sortname != "" {
		if sortCol, err = resolveField(t.name, t.field, lr.sortname); err != nil {
			return nil, err
		}
	}
	offset := (lr.page - 1) * lr.rp
	var page [][]uint32
	total := 0
	if len(conds) == 0 && sortCol == 0 {
		// fast path: rows are kept in id order.
		total = len(t.rows)
		if offset < total {
			end := min(offset+lr.rp, total)
			if desc {
				for i := total - 1 - offset; i >= total-end; i-- {
					page = append(page, t.rows[i])
				}
			} else {
				page = t.rows[offset:end]
			}
		}
	} else {
		var sel []int
		for i, row := range t.rows {
			ok := true
			for k := range conds {
				if !conds[k].match(t.val(row, conds[k].col)) {
					ok = false
					break
				}
			}
			if ok {
				sel = append(sel, i)
			}
		}
		total = len(sel)
		if sortCol != 0 {
			keys := make([]string, len(t.rows))
			for _, i := range sel {
				keys[i] = t.val(t.rows[i], sortCol)
			}
			sort.SliceStable(sel, func(a, b int) bool {
				c := sortCompare(keys[sel[a]], keys[sel[b]])
				if desc {
					return c > 0
				}
				return c < 0
			})
		} else if desc {
			for i, j := 0, len(sel)-1; i < j; i, j = i+1, j-1 {
				sel[i], sel[j] = sel[j], sel[i]
			}
		}
		if offset < total {
			for _, i := range sel[offset:min(offset+lr.rp, total)] {
				page = append(page, t.rows[i])
			}
		}
	}
	return s.encodeList(t, lr.page, total, page), nil
}

// encodeList writes {"page":"N","total":"T","registros":[…]}; registros is omitted when
// the page holds no rows (documented for total 0; inferred for pages past the end).
func (s *Sim) encodeList(t *table, page, total int, rows [][]uint32) []byte {
	keys := make([][]byte, len(t.cols))
	for i, c := range t.cols {
		keys[i] = append(appendJSONString(nil, c.name), ':')
	}
	b := make([]byte, 0, 64+len(rows)*len(t.cols)*24)
	b = append(b, `{"page":"`...)
	b = strconv.AppendInt(b, int64(page), 10)
	if n := s.opts.NumericTotalEvery; n > 0 && s.listCount.Add(1)%int64(n) == 0 {
		b = append(b, `","total":`...)
		b = strconv.AppendInt(b, int64(total), 10)
	} else {
		b = append(b, `","total":"`...)
		b = strconv.AppendInt(b, int64(total), 10)
		b = append(b, '"')
	}
	if len(rows) > 0 {
		b = append(b, `,"registros":[`...)
		for ri, row := range rows {
			if ri > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			for ci := range t.cols {
				if ci > 0 {
					b = append(b, ',')
				}
				b = append(b, keys[ci]...)
				b = appendJSONString(b, t.val(row, ci))
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	return append(b, '}')
}

// intKey is the canonical form of a whole number ("007" → "7"), false for
// anything else.
func intKey(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 18 {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
	}
	s = strings.TrimLeft(s, "0")
	if s == "" {
		s = "0"
	}
	return s, true
}
