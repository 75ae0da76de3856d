package ixcsim

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/ixc-leveduca/ixc-leveduca/recid"
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
	// numeric: some literal is a number, so matching may compare the value as one.
	numeric bool
	// hit, when set, is the outcome of the condition for each dictionary entry of its
	// column (prepareHits): a row is then checked with one lookup.
	hit []bool
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
	c.numeric = c.a.isNum || c.b.isNum
	for _, l := range c.list {
		c.numeric = c.numeric || l.isNum
	}
	return c, nil
}

// buildConds compiles the main filter and grid_param for a table-like source.
func buildConds(lr *listReq, prefix string, lookup func(string) (int, bool)) ([]cond, error) {
	var out []cond
	// With an empty query IXC does not use qtype and oper at all: published
	// clients send "qtype":"cliente" (no field), "oper":"" or "LIKE" with
	// "query":"" and get every record (ixc-api.md §2.1).
	if lr.query != "" && lr.qtype != "" {
		ci, err := resolveField(prefix, lookup, lr.qtype)
		if err != nil {
			return nil, err
		}
		c, err := newCond(ci, lr.oper, lr.query, "", false)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
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
	var whole uint64 // the value while it is a whole number of at most 15 digits
	for ; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			digits++
			whole = whole*10 + uint64(c-'0')
		case c == '.' && !dot:
			dot = true
		default:
			return 0, false
		}
	}
	if digits == 0 {
		return 0, false
	}
	if !dot && digits <= 15 { // exact in a float64, as ParseFloat would give it
		f := float64(whole)
		if s[0] == '-' {
			f = -f
		}
		return f, true
	}
	f, err := strconv.ParseFloat(s, 64)
	return f, err == nil
}

// dmyToISO converts "DD/MM/YYYY[ hh:mm[:ss]]" to "YYYY-MM-DD[ hh:mm:ss]".
func dmyToISO(s string) (string, bool) {
	if len(s) < 10 || s[2] != '/' || s[5] != '/' || !recid.Digits(s[0:2]) || !recid.Digits(s[3:5]) || !recid.Digits(s[6:10]) {
		return "", false
	}
	iso := s[6:10] + "-" + s[3:5] + "-" + s[0:2]
	rest := strings.TrimSpace(s[10:])
	switch {
	case rest == "":
		return iso, true
	case len(rest) == 5 && rest[2] == ':' && recid.Digits(rest[:2]) && recid.Digits(rest[3:]):
		return iso + " " + rest + ":00", true
	case len(rest) == 8 && rest[2] == ':' && rest[5] == ':' && recid.Digits(rest[:2]) && recid.Digits(rest[3:5]) && recid.Digits(rest[6:]):
		return iso + " " + rest, true
	}
	return "", false
}

// isISODate reports whether s starts like "YYYY-MM-DD".
func isISODate(s string) bool {
	return len(s) >= 10 && s[4] == '-' && s[7] == '-' && recid.Digits(s[0:4]) && recid.Digits(s[5:7]) && recid.Digits(s[8:10])
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

// compareLitNum compares a stored value v with a filter literal: numerically when both are
// numbers, as dates when the literal is a date (DD/MM/YYYY or ISO) and the value is an ISO
// date, otherwise as case-insensitive strings. n is v already parsed: numOf(v), NaN when v
// is not a number (a column caches it per distinct value).
func compareLitNum(v string, n float64, l *literal) int {
	if l.isNum && !math.IsNaN(n) {
		switch {
		case n < l.num:
			return -1
		case n > l.num:
			return 1
		}
		return 0
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

// match reports whether v satisfies the condition.
func (c *cond) match(v string) bool {
	n := notNum
	if c.numeric {
		n = numOf(v)
	}
	return c.matchNum(v, n)
}

// matchNum is match with v already parsed: n is numOf(v) (or anything when !c.numeric).
func (c *cond) matchNum(v string, n float64) bool {
	switch c.op {
	case "=":
		return compareLitNum(v, n, &c.a) == 0
	case "!=":
		return compareLitNum(v, n, &c.a) != 0
	case ">":
		return compareLitNum(v, n, &c.a) > 0
	case "<":
		return compareLitNum(v, n, &c.a) < 0
	case ">=":
		return compareLitNum(v, n, &c.a) >= 0
	case "<=":
		return compareLitNum(v, n, &c.a) <= 0
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
			if compareLitNum(v, n, &c.list[i]) == 0 {
				in = true
				break
			}
		}
		return in == (c.op == "IN")
	case "BE", "NBE":
		be := compareLitNum(v, n, &c.a) >= 0 && compareLitNum(v, n, &c.b) <= 0
		return be == (c.op == "BE")
	}
	return false
}

// sortCompare orders two values for sortname: numbers numerically, else case-insensitively.
func sortCompare(a, b string) int { return sortCompareNum(a, numOf(a), b, numOf(b)) }

// sortCompareNum is sortCompare with the values already parsed (NaN: not a number).
func sortCompareNum(a string, na float64, b string, nb float64) int {
	if !math.IsNaN(na) && !math.IsNaN(nb) {
		switch {
		case na < nb:
			return -1
		case na > nb:
			return 1
		}
		return 0
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
	out, err := func() ([]byte, error) {
		s.mu.RLock()
		defer s.mu.RUnlock() // released even if the answer panics: writes must not hang
		return s.listTable(s.tables[tbl], lr)
	}()
	if err != nil {
		s.writeRedDiv(w, http.StatusInternalServerError)
		return
	}
	s.writeJSON(w, out)
	putBuf(out)
}

// bounds returns the positions of the page's first match and one past its last. A page
// too far for an int (page × rp overflows) is past any table: only the total is answered,
// as MySQL answers a LIMIT beyond the rows.
func (lr *listReq) bounds() (offset, end int) {
	if lr.rp <= 0 || lr.page < 1 || lr.page > math.MaxInt/lr.rp {
		return math.MaxInt, math.MaxInt
	}
	return (lr.page - 1) * lr.rp, lr.page * lr.rp
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
	offset, end := lr.bounds() // end: one past the page's last match
	lo, hi, rest := t.idRange(conds)
	var page [][]uint32
	total := 0
	switch {
	case len(rest) == 0 && sortCol == 0:
		// rows are kept in id order: the page is a slice of the id range.
		total = hi - lo
		if offset < total {
			end := min(end, total)
			if desc {
				for i := hi - 1 - offset; i >= hi-end; i-- {
					page = append(page, t.rows[i])
				}
			} else {
				page = t.rows[lo+offset : lo+end]
			}
		}
	case sortCol == 0:
		// The rows matching every condition, in id order, worked out once per filter
		// between writes: a client pages through them with the same filter, and every
		// page needs the total.
		pos := t.cachedMatches(matchKey(lr), hi-lo, func() []int32 { return t.matching(lo, hi, rest) })
		total, page = len(pos), t.pageOf(pos, offset, end, desc)
	default:
		type sortKey struct {
			v   string
			n   float64
			row []uint32
		}
		pos := t.matching(lo, hi, rest)
		keys := make([]sortKey, 0, len(pos))
		for _, p := range pos {
			row := t.rows[p]
			v, n := t.cell(row, sortCol)
			keys = append(keys, sortKey{v, n, row})
		}
		total = len(keys)
		sort.SliceStable(keys, func(a, b int) bool {
			c := sortCompareNum(keys[a].v, keys[a].n, keys[b].v, keys[b].n)
			if desc {
				return c > 0
			}
			return c < 0
		})
		if offset < total {
			for _, k := range keys[offset:min(end, total)] {
				page = append(page, k.row)
			}
		}
	}
	return s.encodeList(t, lr.page, total, page), nil
}

// matching returns the ascending positions (id order) of the rows of rows[lo:hi] that
// satisfy every condition. An `=` / `IN` condition on an indexed column narrows the range
// to its rows, as MySQL's secondary index does; the other conditions are tested on each
// of them. The slice may be shared with an index: read-only.
func (t *table) matching(lo, hi int, conds []cond) []int32 {
	if hi <= lo {
		return nil
	}
	cands, rest, useIdx := t.indexRows(lo, hi, conds)
	if useIdx && len(rest) == 0 {
		return cands
	}
	scan := hi - lo
	if useIdx {
		scan = len(cands)
	}
	rest = t.prepareHits(rest, scan)
	var out []int32
	if useIdx {
		for _, p := range cands {
			if t.matchAll(t.rows[p], rest) {
				out = append(out, p)
			}
		}
		return out
	}
	for i := lo; i < hi; i++ {
		if t.matchAll(t.rows[i], rest) {
			out = append(out, int32(i))
		}
	}
	return out
}

// pageOf returns the rows at positions pos[offset:end] (ascending positions, so in id
// order), or the same span counted from the end of pos when desc.
func (t *table) pageOf(pos []int32, offset, end int, desc bool) [][]uint32 {
	total := len(pos)
	if offset >= total {
		return nil
	}
	end = min(end, total)
	page := make([][]uint32, 0, end-offset)
	if desc {
		for k := total - 1 - offset; k >= total-end; k-- {
			page = append(page, t.rows[pos[k]])
		}
		return page
	}
	for _, p := range pos[offset:end] {
		page = append(page, t.rows[p])
	}
	return page
}

// prepareHits returns conds with hit set for each condition on a column whose
// dictionary is small next to the scan rows to check: the condition is evaluated once
// per distinct value instead of once per row (a status, a plan id, a flag). The
// outcome for a row is the same, as a condition depends only on the row's value.
func (t *table) prepareHits(conds []cond, scan int) []cond {
	var out []cond
	for k, c := range conds {
		col := t.cols[c.col]
		if len(col.dict) > scan/4 || len(col.dict) > 1<<16 {
			continue
		}
		if out == nil {
			out = slices.Clone(conds)
		}
		hit := make([]bool, len(col.dict))
		for e, v := range col.dict {
			hit[e] = c.matchNum(v, col.nums[e])
		}
		out[k].hit = hit
	}
	if out == nil {
		return conds
	}
	return out
}

// matchAll reports whether row satisfies every condition. The cached number is read only
// for conditions that use it (one memory access less per row otherwise).
func (t *table) matchAll(row []uint32, conds []cond) bool {
	for k := range conds {
		c := &conds[k]
		i := uint32(0)
		if c.col < len(row) {
			i = row[c.col]
		}
		if c.hit != nil {
			if !c.hit[i] {
				return false
			}
			continue
		}
		col := t.cols[c.col]
		n := notNum
		if c.numeric {
			n = col.nums[i]
		}
		if !c.matchNum(col.dict[i], n) {
			return false
		}
	}
	return true
}

// idRange is the primary-key range scan a real IXC (MySQL) does: rows are kept in id order,
// so the numeric comparisons (=, >, >=, <, <=, BE) of the id with a number select the
// contiguous run rows[lo:hi], found by binary search. rest are the conditions left to check
// on each row of the run. When some id is not a plain number (ids that are not sort after
// those that are, so the last row tells) the run is the whole table and rest every
// condition.
func (t *table) idRange(conds []cond) (lo, hi int, rest []cond) {
	n := len(t.rows)
	if n == 0 {
		return 0, 0, conds
	}
	// All ids are digits and sorted by value, so their parses are finite (the largest
	// is) and non-decreasing, and compareLitNum compares every id numerically.
	if v, num := t.cell(t.rows[n-1], 0); !recid.Digits(v) || math.IsNaN(num) {
		return 0, n, conds
	}
	idNum := func(i int) float64 { _, x := t.cell(t.rows[i], 0); return x }
	firstGE := func(x float64) int { return sort.Search(n, func(i int) bool { return idNum(i) >= x }) }
	firstGT := func(x float64) int { return sort.Search(n, func(i int) bool { return idNum(i) > x }) }
	lo, hi = 0, n
	for _, c := range conds {
		if c.col != 0 || !c.a.isNum || (c.op == "BE" && !c.b.isNum) {
			rest = append(rest, c)
			continue
		}
		switch c.op {
		case ">":
			lo = max(lo, firstGT(c.a.num))
		case ">=":
			lo = max(lo, firstGE(c.a.num))
		case "<":
			hi = min(hi, firstGE(c.a.num))
		case "<=":
			hi = min(hi, firstGT(c.a.num))
		case "=":
			lo, hi = max(lo, firstGE(c.a.num)), min(hi, firstGT(c.a.num))
		case "BE":
			lo, hi = max(lo, firstGE(c.a.num)), min(hi, firstGT(c.b.num))
		default:
			rest = append(rest, c)
		}
	}
	return lo, max(lo, hi), rest
}

// bufPool recycles list answer buffers (they run to megabytes for pages of 1,000 rows).
var bufPool sync.Pool

// maxPooledBuf is the largest buffer kept for reuse.
const maxPooledBuf = 32 << 20

func getBuf(size int) []byte {
	if p, ok := bufPool.Get().(*[]byte); ok && cap(*p) >= size {
		return (*p)[:0]
	}
	return make([]byte, 0, size)
}

// putBuf hands back a buffer from encodeList once it is written out.
func putBuf(b []byte) {
	if cap(b) <= maxPooledBuf {
		bufPool.Put(&b)
	}
}

// encodeList writes {"page":"N","total":"T","registros":[…]}; registros is omitted when
// the page holds no rows (documented for total 0; inferred for pages past the end).
func (s *Sim) encodeList(t *table, page, total int, rows [][]uint32) []byte {
	size := 64
	if len(rows) > 0 {
		per := int(t.rowBytes.Load())
		if per == 0 {
			per = len(t.cols) * 24
		}
		size += len(rows) * (per + per/8)
	}
	b := getBuf(size)
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
		start := len(b)
		b = append(b, `,"registros":[`...)
		for ri, row := range rows {
			if ri > 0 {
				b = append(b, ',')
			}
			b = append(b, '{')
			for ci, c := range t.cols {
				if ci > 0 {
					b = append(b, ',')
				}
				b = append(b, c.key...)
				v := c.def
				if ci < len(row) {
					v = c.dict[row[ci]]
				}
				b = appendJSONString(b, v)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
		t.rowBytes.Store(int64((len(b)-start)/len(rows) + 1))
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
