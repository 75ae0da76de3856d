package ixcsim

import (
	"math"
	"math/bits"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Secondary indexes: what MySQL's indexes on IXC's foreign keys give a real IXC. A filter
// `=` or `IN` on a low-cardinality column (one that still interns its values) touches only
// the rows holding a matching value instead of every row of the id range.
//
// An index lists, for each dictionary entry of a column, the ascending positions in
// t.rows of the rows holding it (a row shorter than the column list holds entry 0, the
// default). It is built on first use, under the read lock, and dropped by every write to
// the table (table.dropIndexes), under the write lock.

// colIndex is one column's index in compressed form: the rows holding dictionary entry i
// are pos[start[i]:start[i+1]], ascending.
type colIndex struct {
	start []int32
	pos   []int32
}

func (x *colIndex) rows(entry int) []int32 { return x.pos[x.start[entry]:x.start[entry+1]] }

// tableIndexes holds the built indexes of a table, one slot per column, and the rows
// recent filtered list requests matched.
type tableIndexes struct {
	cols []atomic.Pointer[colIndex]

	// matches remembers, per filter (matchKey), the ascending positions of the rows it
	// matched: a client paging through 50,000 matching rows asks for each page with the
	// same filter, and each page needs the total, so without it every page tests every
	// candidate row again (rows scattered in memory: most of a page's cost at 200,000
	// contracts). Like the indexes, it is dropped by every write to the table.
	matchMu sync.Mutex
	matches map[string][]int32
}

// maxCachedFilters bounds tableIndexes.matches (it is emptied when full).
const maxCachedFilters = 32

// minCachedScan is the smallest id range a filter must cover to be remembered: smaller
// ones cost less than the cache. A variable so that tests can exercise the cache on small
// tables.
var minCachedScan = 4096

// indexes returns the table's current index set, creating it if needed (caller holds the
// read lock).
func (t *table) indexes() *tableIndexes {
	if ti := t.idx.Load(); ti != nil && len(ti.cols) == len(t.cols) {
		return ti
	}
	t.idxMu.Lock()
	defer t.idxMu.Unlock()
	ti := t.idx.Load()
	if ti == nil || len(ti.cols) != len(t.cols) {
		ti = &tableIndexes{cols: make([]atomic.Pointer[colIndex], len(t.cols))}
		t.idx.Store(ti)
	}
	return ti
}

// cachedMatches returns compute(), remembered under key until the next write when scan
// (the rows compute looks at) is at least minCachedScan. The slice is shared: read-only.
func (t *table) cachedMatches(key string, scan int, compute func() []int32) []int32 {
	if scan < minCachedScan {
		return compute()
	}
	ti := t.indexes()
	ti.matchMu.Lock()
	pos, ok := ti.matches[key]
	ti.matchMu.Unlock()
	if ok {
		return pos
	}
	pos = compute()
	ti.matchMu.Lock()
	if ti.matches == nil || len(ti.matches) >= maxCachedFilters {
		ti.matches = map[string][]int32{}
	}
	ti.matches[key] = pos
	ti.matchMu.Unlock()
	return pos
}

// matchKey identifies a list request's filter (everything but the page, the page size and
// the order): two requests with the same key match the same rows of an unchanged table.
func matchKey(lr *listReq) string {
	var b strings.Builder
	for _, f := range []string{lr.qtype, lr.query, lr.oper} {
		b.WriteString(strconv.Quote(f))
	}
	for _, g := range lr.grid {
		for _, f := range []string{g.TB, g.OP, g.P, g.P2} {
			b.WriteString(strconv.Quote(f))
		}
	}
	return b.String()
}

// tableIdx is embedded in table: the current indexes (nil: none built since the last
// write) and the mutex that serialises building them (list requests run concurrently).
type tableIdx struct {
	idx   atomic.Pointer[tableIndexes]
	idxMu sync.Mutex
}

// dropIndexes forgets every index of t. Every change to t.rows, to a row or to the column
// list calls it (the caller holds the write lock, so no list is building one).
func (t *table) dropIndexes() {
	if t.idx.Load() != nil {
		t.idx.Store(nil)
	}
}

// indexable reports whether column ci may be indexed: it still interns its values, so
// its dictionary is small and each value has one entry.
func (t *table) indexable(ci int) bool {
	return ci < len(t.cols) && t.cols[ci].lookup != nil && len(t.rows) <= math.MaxInt32
}

// colIndex returns the index of column ci, building it if needed (caller holds the read
// lock, and indexable(ci)).
func (t *table) colIndex(ci int) *colIndex {
	if ti := t.idx.Load(); ti != nil && ci < len(ti.cols) {
		if x := ti.cols[ci].Load(); x != nil {
			return x
		}
	}
	ti := t.indexes()
	t.idxMu.Lock()
	defer t.idxMu.Unlock()
	if x := ti.cols[ci].Load(); x != nil {
		return x
	}
	x := t.buildIndex(ci)
	ti.cols[ci].Store(x)
	return x
}

// buildIndex lists the rows of each dictionary entry of column ci: a counting sort of the
// row positions by entry, reading the rows (scattered in memory) once.
func (t *table) buildIndex(ci int) *colIndex {
	n := len(t.cols[ci].dict)
	entries := make([]uint32, len(t.rows))
	start := make([]int32, n+1)
	for p, row := range t.rows {
		e := uint32(0)
		if ci < len(row) {
			e = row[ci]
		}
		entries[p] = e
		start[e+1]++
	}
	for i := 1; i <= n; i++ {
		start[i] += start[i-1]
	}
	next := make([]int32, n)
	copy(next, start[:n])
	pos := make([]int32, len(t.rows))
	for p, e := range entries {
		pos[next[e]] = int32(p)
		next[e]++
	}
	return &colIndex{start: start, pos: pos}
}

// indexRows narrows the rows rows[lo:hi] that rest may match with an index: among the `=`
// and `IN` conditions on indexed columns it takes the one matching the fewest rows of the
// range and returns those rows' positions (ascending; the slice may be shared with the
// index, so read-only) and the other conditions, left to check on each of them. ok is
// false when no condition can use an index; the caller then scans the range.
//
// The dictionary entries a condition matches are found with matchNum, exactly as
// matchAll tests a row's entry, so the rows selected are the rows the scan would keep.
func (t *table) indexRows(lo, hi int, rest []cond) (cands []int32, other []cond, ok bool) {
	best := -1
	var bestLists [][]int32
	bestN := 0
	for k := range rest {
		c := &rest[k]
		if c.op != "=" && c.op != "IN" || !t.indexable(c.col) {
			continue
		}
		col := t.cols[c.col]
		if len(col.dict) > hi-lo {
			continue // testing the dictionary would cost more than scanning the rows
		}
		x := t.colIndex(c.col)
		var lists [][]int32
		total := 0
		for e, v := range col.dict {
			num := notNum
			if c.numeric {
				num = col.nums[e]
			}
			if !c.matchNum(v, num) {
				continue
			}
			l := x.rows(e)
			a, _ := slices.BinarySearch(l, int32(lo))
			b, _ := slices.BinarySearch(l, int32(hi))
			if a < b {
				lists = append(lists, l[a:b])
				total += b - a
			}
		}
		if best < 0 || total < bestN {
			best, bestLists, bestN = k, lists, total
		}
		if total == 0 {
			break
		}
	}
	if best < 0 {
		return nil, rest, false
	}
	other = make([]cond, 0, len(rest)-1)
	other = append(other, rest[:best]...)
	other = append(other, rest[best+1:]...)
	return unionRows(bestLists, bestN, lo, hi), other, true
}

// unionRows merges ascending, disjoint position lists (total positions, all in [lo,hi))
// into one ascending list.
func unionRows(lists [][]int32, total, lo, hi int) []int32 {
	switch len(lists) {
	case 0:
		return nil
	case 1:
		return lists[0]
	}
	out := make([]int32, 0, total)
	if total < (hi-lo)>>10 {
		// few rows in a wide range: sorting them beats a bitmap of the range
		for _, l := range lists {
			out = append(out, l...)
		}
		slices.Sort(out)
		return out
	}
	set := make([]uint64, (hi-lo+63)>>6)
	for _, l := range lists {
		for _, p := range l {
			i := int(p) - lo
			set[i>>6] |= 1 << (i & 63)
		}
	}
	for w, word := range set {
		for word != 0 {
			out = append(out, int32(lo+w<<6+bits.TrailingZeros64(word)))
			word &= word - 1
		}
	}
	return out
}
