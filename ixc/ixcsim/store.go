package ixcsim

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/ixc-leveduca/ixc-leveduca/recid"
)

// internLimit is the number of distinct values after which a column stops de-duplicating
// its values (high-cardinality columns such as ids, names and CPFs gain nothing from it).
const internLimit = 1 << 14

// column stores the values of one table column as a small dictionary: each row cell is a
// uint32 index into dict. dict[0] is always the column default, so a row shorter than the
// column list (a column added after the row was stored) reads as the default.
type column struct {
	name string
	def  string
	dict []string
	// nums[i] is parseNum(dict[i]), NaN when dict[i] is not a number: filters and sorts
	// compare numbers without parsing a value again. It is filled by intern, under the
	// write lock, so concurrent list requests only read it.
	nums   []float64
	lookup map[string]uint32 // nil once the column stopped interning
	key    []byte            // `"name":` as the list answer writes it
}

func newColumn(name string) *column {
	d := columnDefault(name)
	return &column{name: name, def: d, dict: []string{d}, nums: []float64{numOf(d)},
		lookup: map[string]uint32{}, key: append(appendJSONString(nil, name), ':')}
}

// notNum marks a value that parseNum rejects.
var notNum = math.NaN()

// numOf is parseNum with NaN for "not a number" (parseNum never yields NaN or ±Inf).
func numOf(s string) float64 {
	if n, ok := parseNum(s); ok {
		return n
	}
	return notNum
}

func (c *column) intern(v string) uint32 {
	if v == c.def {
		return 0
	}
	if c.lookup != nil {
		if i, ok := c.lookup[v]; ok {
			return i
		}
	}
	i := uint32(len(c.dict))
	c.dict = append(c.dict, v)
	c.nums = append(c.nums, numOf(v))
	if c.lookup != nil {
		c.lookup[v] = i
		if len(c.dict) > internLimit {
			c.lookup = nil
		}
	}
	return i
}

// columnDefault is what a column holds when nothing was written to it, mimicking what MySQL
// gives IXC for an absent value: "0" for integer foreign keys, "0000-00-00" for dates,
// "" otherwise. It is a name-based heuristic (the real column types are not public).
func columnDefault(name string) string {
	switch {
	case name == "ultima_atualizacao" || strings.HasPrefix(name, "ultima_conexao_") || name == "alter_passwd_date" || name == "data_cadastro_sistema":
		return "0000-00-00 00:00:00"
	case strings.HasPrefix(name, "id_") || strings.HasSuffix(name, "_id"):
		return "0"
	case strings.HasPrefix(name, "data_") || name == "data" || strings.HasPrefix(name, "dt_") ||
		strings.HasSuffix(name, "_data") || strings.HasPrefix(name, "crm_data_") || strings.HasPrefix(name, "nao_") && strings.HasSuffix(name, "_ate") ||
		name == "vencimento_garantia" || name == "ultima_execucao" || name == "ultima_execucao_nf21":
		return "0000-00-00"
	}
	return ""
}

// table is one in-memory table: column-indexed rows kept in id order.
type table struct {
	name     string
	required []string
	cols     []*column
	colIdx   map[string]int
	colFold  map[string]int // lower-case name → index, for filter/sort field lookup
	rows     [][]uint32     // in id order
	pos      map[string]int // id → index in rows
	maxID    int64
	// rowBytes is the size of one encoded row in the last list answer, to size the next
	// answer's buffer (atomic: list requests run concurrently under the read lock).
	rowBytes atomic.Int64
	// secondary indexes of low-cardinality columns (index.go), dropped by every write
	tableIdx
}

func newTable(name string, columns, required []string) *table {
	t := &table{name: name, required: required, colIdx: map[string]int{}, colFold: map[string]int{}, pos: map[string]int{}}
	t.addColumn("id")
	for _, c := range columns {
		t.addColumn(c)
	}
	return t
}

func (t *table) addColumn(name string) int {
	if i, ok := t.colIdx[name]; ok {
		return i
	}
	t.dropIndexes()
	i := len(t.cols)
	t.cols = append(t.cols, newColumn(name))
	t.colIdx[name] = i
	if _, ok := t.colFold[strings.ToLower(name)]; !ok {
		t.colFold[strings.ToLower(name)] = i
	}
	return i
}

// field resolves a column name for filters and sorting: exact match first, then
// case-insensitive (MySQL column names are case-insensitive).
func (t *table) field(name string) (int, bool) {
	if i, ok := t.colIdx[name]; ok {
		return i, true
	}
	i, ok := t.colFold[strings.ToLower(name)]
	return i, ok
}

func (t *table) val(row []uint32, ci int) string {
	c := t.cols[ci]
	if ci < len(row) {
		return c.dict[row[ci]]
	}
	return c.def
}

// cell returns the value of column ci in row and its parse as a number (NaN if none).
func (t *table) cell(row []uint32, ci int) (string, float64) {
	c := t.cols[ci]
	if ci < len(row) {
		i := row[ci]
		return c.dict[i], c.nums[i]
	}
	return c.dict[0], c.nums[0]
}

func (t *table) id(row []uint32) string { return t.val(row, 0) }

func (t *table) record(row []uint32) Record {
	r := make(Record, len(t.cols))
	for i := range t.cols {
		r[t.cols[i].name] = t.val(row, i)
	}
	return r
}

// get returns the value of column name in the row with the given id.
func (t *table) get(id, name string) (string, bool) {
	p, ok := t.pos[id]
	if !ok {
		return "", false
	}
	ci, ok := t.colIdx[name]
	if !ok {
		return "", false
	}
	return t.val(t.rows[p], ci), true
}

func (t *table) nextID() string { return strconv.FormatInt(t.maxID+1, 10) }

func (t *table) noteID(id string) {
	if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > t.maxID {
		t.maxID = n
	}
}

// buildRow turns a record into a row, adding unknown columns to the table.
func (t *table) buildRow(rec Record, id string) []uint32 {
	row := make([]uint32, len(t.cols))
	row[0] = t.cols[0].intern(id)
	for k, v := range rec {
		if k == "id" || k == "" {
			continue
		}
		ci, ok := t.colIdx[k]
		if !ok {
			ci = t.addColumn(k)
			for len(row) <= ci {
				row = append(row, 0)
			}
		}
		row[ci] = t.cols[ci].intern(v)
	}
	return row
}

// put inserts or replaces a record; sorted=false lets bulk loads append and sort once.
func (t *table) put(rec Record, keepOrder bool) (string, bool) {
	t.dropIndexes()
	id := rec["id"]
	if id == "" {
		id = t.nextID()
	}
	t.noteID(id)
	row := t.buildRow(rec, id)
	if p, ok := t.pos[id]; ok {
		t.rows[p] = row
		return id, true
	}
	n := len(t.rows)
	if n == 0 || recid.Less(t.id(t.rows[n-1]), id) {
		t.rows = append(t.rows, row)
		t.pos[id] = n
		return id, true
	}
	if !keepOrder {
		t.rows = append(t.rows, row)
		t.pos[id] = n
		return id, false
	}
	p := sort.Search(n, func(i int) bool { return recid.Less(id, t.id(t.rows[i])) })
	t.rows = append(t.rows, nil)
	copy(t.rows[p+1:], t.rows[p:])
	t.rows[p] = row
	for i := p; i < len(t.rows); i++ {
		t.pos[t.id(t.rows[i])] = i
	}
	return id, true
}

func (t *table) resort() {
	t.dropIndexes()
	sort.SliceStable(t.rows, func(i, j int) bool { return recid.Less(t.id(t.rows[i]), t.id(t.rows[j])) })
	for i, r := range t.rows {
		t.pos[t.id(r)] = i
	}
}

func (t *table) remove(id string) bool {
	p, ok := t.pos[id]
	if !ok {
		return false
	}
	t.dropIndexes()
	copy(t.rows[p:], t.rows[p+1:])
	t.rows[len(t.rows)-1] = nil
	t.rows = t.rows[:len(t.rows)-1]
	delete(t.pos, id)
	for i := p; i < len(t.rows); i++ {
		t.pos[t.id(t.rows[i])] = i
	}
	return true
}

// set overwrites some columns of an existing row.
func (t *table) set(id string, vals Record) {
	t.dropIndexes()
	p := t.pos[id]
	for k := range vals {
		if _, ok := t.colIdx[k]; !ok {
			t.addColumn(k)
		}
	}
	row := t.rows[p]
	if len(row) < len(t.cols) {
		nr := make([]uint32, len(t.cols))
		copy(nr, row)
		row = nr
	} else {
		row = append([]uint32(nil), row...)
	}
	for k, v := range vals {
		if k == "id" {
			continue
		}
		ci := t.colIdx[k]
		row[ci] = t.cols[ci].intern(v)
	}
	t.rows[p] = row
}

// ---- exported direct data access ----

func (s *Sim) tableFor(name string, create bool) *table {
	t := s.tables[name]
	if t == nil && create {
		t = newTable(name, nil, nil)
		s.tables[name] = t
	}
	return t
}

// Put inserts or replaces a record by rec["id"] (assigning the next id when empty) and
// returns its id. It bypasses HTTP validation and permissions; unknown columns are added to
// the table, and an unknown table is created (it then answers over HTTP with no required
// fields).
func (s *Sim) Put(table string, rec Record) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	id, _ := s.tableFor(table, true).put(rec, true)
	return id
}

// Load is a bulk Put, meant for large datasets: rows are appended and sorted once.
func (s *Sim) Load(table string, recs []Record) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tableFor(table, true)
	ordered := true
	for _, r := range recs {
		if _, ok := t.put(r, false); !ok {
			ordered = false
		}
	}
	if !ordered {
		t.resort()
	}
}

// Rows returns a snapshot copy of every row of table, in id order, with all columns.
func (s *Sim) Rows(table string) []Record {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.tables[table]
	if t == nil {
		return nil
	}
	out := make([]Record, len(t.rows))
	for i, r := range t.rows {
		out[i] = t.record(r)
	}
	return out
}

// Row returns a copy of one row.
func (s *Sim) Row(table, id string) (Record, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.tables[table]
	if t == nil {
		return nil, false
	}
	p, ok := t.pos[id]
	if !ok {
		return nil, false
	}
	return t.record(t.rows[p]), true
}

// Remove deletes one row, bypassing dependency checks.
func (s *Sim) Remove(table, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tables[table]
	return t != nil && t.remove(id)
}

// Count returns the number of rows in table.
func (s *Sim) Count(table string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if t := s.tables[table]; t != nil {
		return len(t.rows)
	}
	return 0
}
