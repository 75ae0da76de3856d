package ixcsim

import (
	"bytes"
	"fmt"
	"math/rand"
	"slices"
	"strconv"
	"sync"
	"testing"
)

// The secondary indexes (index.go) must answer exactly what the brute-force scan
// (refList) answers, also after writes that move, change, add and remove rows.

// indexDataset is fastDataset with more rows: ranges wider than the dictionaries, so
// the index is used, and several dictionary entries per condition (union of lists).
func indexDataset() *Sim {
	s := New(Options{})
	vals := []string{"5", "007", "7", "-3", "2.50", "abc", "", " 5", "1e5", "10", "2024-01-05", "2024-01-05 10:00:00", "ABC", "São Paulo/PR", "7.0"}
	rng := rand.New(rand.NewSource(4))
	recs := make([]Record, 0, 600)
	for i := 1; i <= 700; i++ {
		if i%9 == 0 {
			continue
		}
		r := Record{"id": strconv.Itoa(i), "valor": vals[rng.Intn(len(vals))], "status": string(rune('A' + rng.Intn(3))),
			"data": fmt.Sprintf("2024-01-%02d", rng.Intn(28)+1)}
		if rng.Intn(3) > 0 { // absent: the column default
			r["nome"] = vals[rng.Intn(len(vals))]
		}
		recs = append(recs, r)
	}
	rng.Shuffle(len(recs), func(i, j int) { recs[i], recs[j] = recs[j], recs[i] })
	s.Load("tst", recs)
	return s
}

// indexWrite applies the round-th write of a sequence that touches every write path.
func indexWrite(s *Sim, round int) {
	tb := s.tables["tst"]
	first := ""
	if len(tb.rows) > 0 {
		first = tb.id(tb.rows[0])
	}
	switch round % 7 {
	case 0: // replace a row's values
		if first != "" {
			s.Put("tst", Record{"id": first, "valor": "7", "status": "A", "nome": "z"})
		}
	case 1: // insert in the middle: every later position moves
		s.Put("tst", Record{"id": "6", "valor": "007", "status": "c"})
		s.Put("tst", Record{"id": "9", "valor": "abc", "status": "B", "extra": "new column 2"})
	case 2: // delete at the front: every position moves back
		if first != "" {
			s.Remove("tst", first)
		}
	case 3: // update in place (the HTTP update path), with a new column
		if first != "" {
			s.mu.Lock()
			s.tables["tst"].set(first, Record{"status": "B", "valor": "5", "extra2": "x"})
			s.mu.Unlock()
		}
	case 4: // bulk load, out of order, new values
		s.Load("tst", []Record{{"id": "5", "valor": "ABC", "status": "A"}, {"id": "2", "valor": "new", "status": "D"}, {"id": "99999", "status": "A"}})
	case 5: // appended row with the next id
		s.Put("tst", Record{"valor": "7", "status": "a", "extra": ""})
	case 6: // delete in the middle
		if n := len(tb.rows); n > 2 {
			s.Remove("tst", tb.id(tb.rows[n/2]))
		}
	}
}

func TestListIndexMatchesScan(t *testing.T) {
	indexConds := []gridEntry{
		{TB: "tst.status", OP: "=", P: "A"},
		{TB: "tst.status", OP: "=", P: "a"}, // case-insensitive
		{TB: "tst.status", OP: "in", P: "A,c"},
		{TB: "tst.status", OP: "=", P: "Z"},
		{TB: "tst.valor", OP: "=", P: "7"}, // "007", "7", "7.0"
		{TB: "tst.valor", OP: "=", P: "007"},
		{TB: "tst.valor", OP: "IN", P: "6,7,10"}, // whole numbers: the set path
		{TB: "tst.valor", OP: "IN", P: "5, abc ,2.5"},
		{TB: "tst.valor", OP: "=", P: ""},
		{TB: "tst.valor", OP: "=", P: "2024-01-05"},
		{TB: "tst.valor", OP: "=", P: "05/01/2024"},
		{TB: "tst.valor", OP: "IN", P: ""},
		{TB: "tst.nome", OP: "=", P: ""}, // rows without the column read as the default
		{TB: "tst.nome", OP: "IN", P: "z,7"},
		{TB: "tst.extra", OP: "=", P: ""}, // column added after most rows were stored
		{TB: "tst.extra", OP: "IN", P: "new column 1,new column 2"},
		{TB: "tst.data", OP: "=", P: "10/01/2024"},
		{TB: "tst.id", OP: "=", P: "x1"},
		{TB: "tst.id", OP: "IN", P: "1,7,x1,0009"},
	}
	others := [][]gridEntry{
		nil,
		{{TB: "tst.id", OP: ">=", P: "3"}, {TB: "tst.id", OP: "<=", P: "300"}},
		{{TB: "tst.id", OP: "BE", P: "2", P2: "30"}},
		{{TB: "tst.id", OP: ">", P: "100000"}},
		{{TB: "tst.status", OP: "IN", P: "A,B"}}, // two indexed conditions
		{{TB: "tst.valor", OP: ">", P: "4"}, {TB: "tst.nome", OP: "L", P: "%a%"}},
		{{TB: "tst.status", OP: "!=", P: "B"}, {TB: "tst.id", OP: "<", P: "50"}},
	}
	sorts := []string{"", "tst.id", "tst.valor", "tst.status"}
	pages := [][2]int{{1, 1}, {2, 3}, {1, 100}, {3, 50}, {500, 2}}
	// Under -race (6x slower) every third request is checked.
	stride := 1
	if slowdown > 1 {
		stride = 3
	}
	seq := 0
	datasets := []struct {
		kind   string
		make   func() *Sim
		rounds int
	}{
		{"numeric", func() *Sim { return fastDataset("numeric") }, 7},
		{"leading-zeros", func() *Sim { return fastDataset("leading-zeros") }, 3},
		{"non-numeric", func() *Sim { return fastDataset("non-numeric") }, 3},
		{"huge", func() *Sim { return fastDataset("huge") }, 2},
		{"empty", func() *Sim { return fastDataset("empty") }, 2},
		{"wide", indexDataset, 7},
	}
	for _, ds := range datasets {
		s := ds.make()
		n, indexed := 0, 0
		for round := 0; round < ds.rounds; round++ {
			if round > 0 {
				indexWrite(s, round-1)
			}
			tb := s.tables["tst"]
			check := func(lr *listReq) {
				t.Helper()
				if seq++; seq%stride != 0 {
					return
				}
				n++
				want, werr := refList(s, tb, lr)
				got, gerr := s.listTable(tb, lr)
				if (werr != nil) != (gerr != nil) {
					t.Fatalf("%s round %d %+v: error %v, want %v", ds.kind, round, lr, gerr, werr)
				}
				if !bytes.Equal(got, want) {
					t.Fatalf("%s round %d %+v:\n got %s\nwant %s", ds.kind, round, lr, got, want)
				}
				if conds, err := buildConds(lr, tb.name, tb.field); err == nil {
					if lo, hi, rest := tb.idRange(conds); hi > lo && len(rest) > 0 {
						if _, _, ok := tb.indexRows(lo, hi, rest); ok {
							indexed++
						}
					}
				}
			}
			for _, ic := range indexConds {
				if _, ok := tb.field(ic.TB[len("tst."):]); !ok {
					continue // the column is not there yet
				}
				for oi, other := range others {
					for _, sn := range sorts {
						for _, so := range []string{"asc", "desc"} {
							for _, pg := range pages {
								// as a grid_param
								lr := &listReq{sortname: sn, sortorder: so, page: pg[0], rp: pg[1],
									grid: append(append([]gridEntry(nil), other...), ic)}
								check(lr)
								// as the main filter (an empty query is no filter there)
								if ic.P != "" && oi%2 == 0 {
									lr2 := *lr
									lr2.grid = other
									lr2.qtype, lr2.oper, lr2.query = ic.TB, ic.OP, ic.P
									check(&lr2)
								}
							}
						}
					}
				}
			}
		}
		t.Logf("%s: %d requests, %d by index", ds.kind, n, indexed)
		if ds.kind == "wide" && indexed < n/2 {
			t.Errorf("wide: only %d of %d requests used an index", indexed, n)
		}
	}
}

// checkIndex compares the index of column ci with the rows.
func checkIndex(t *testing.T, tb *table, ci int, x *colIndex) {
	t.Helper()
	if len(x.start) != len(tb.cols[ci].dict)+1 {
		t.Fatalf("%s: %d entries for %d values", tb.cols[ci].name, len(x.start)-1, len(tb.cols[ci].dict))
	}
	for e := range tb.cols[ci].dict {
		var want []int32
		for p, row := range tb.rows {
			if (ci < len(row) && row[ci] == uint32(e)) || (ci >= len(row) && e == 0) {
				want = append(want, int32(p))
			}
		}
		if got := x.rows(e); !slices.Equal(got, want) {
			t.Fatalf("%s[%d] %q: rows %v, want %v", tb.cols[ci].name, e, tb.cols[ci].dict[e], got, want)
		}
	}
}

// Every write drops the indexes; the next list builds them again from the new rows.
func TestIndexRebuiltAfterWrites(t *testing.T) {
	s := indexDataset()
	tb := s.tables["tst"]
	list := func() {
		t.Helper()
		for _, f := range []string{"status", "valor", "nome"} {
			lr := &listReq{qtype: "tst." + f, oper: "IN", query: "A,7,", page: 1, rp: 5}
			want, _ := refList(s, tb, lr)
			got, _ := s.listTable(tb, lr)
			if !bytes.Equal(got, want) {
				t.Fatalf("%s:\n got %s\nwant %s", f, got, want)
			}
		}
	}
	built := func() map[string]*colIndex {
		out := map[string]*colIndex{}
		if ti := tb.idx.Load(); ti != nil {
			for ci := range ti.cols {
				if x := ti.cols[ci].Load(); x != nil {
					out[tb.cols[ci].name] = x
					checkIndex(t, tb, ci, x)
				}
			}
		}
		return out
	}
	list()
	first := built()
	if len(first) != 3 {
		t.Fatalf("indexes built: %v", first)
	}
	list() // reused, not rebuilt
	for name, x := range built() {
		if first[name] != x {
			t.Errorf("%s: index rebuilt without a write", name)
		}
	}
	for round := 0; round < 14; round++ {
		indexWrite(s, round)
		if ti := tb.idx.Load(); ti != nil {
			t.Fatalf("write %d: indexes kept", round)
		}
		list()
		if got := built(); len(got) != 3 {
			t.Fatalf("write %d: indexes rebuilt: %v", round, got)
		}
	}
	// A column that stops interning is not indexed any more.
	recs := make([]Record, internLimit+10)
	for i := range recs {
		recs[i] = Record{"id": strconv.Itoa(100000 + i), "nome": "n" + strconv.Itoa(i)}
	}
	s.Load("tst", recs)
	list()
	if got := built(); got["nome"] != nil || got["status"] == nil {
		t.Errorf("after nome stopped interning: %v", got)
	}
}

// unionRows gives the sorted union whichever way it merges.
func TestUnionRows(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	for range 300 {
		lo := rng.Intn(1000)
		hi := lo + rng.Intn(1<<(4+rng.Intn(14)))
		k := 1 + rng.Intn(5)
		lists := make([][]int32, k)
		var want []int32
		density := rng.Float64() * rng.Float64() * rng.Float64()
		for p := lo; p < hi; p++ {
			if rng.Float64() < density {
				l := rng.Intn(k)
				lists[l] = append(lists[l], int32(p))
				want = append(want, int32(p))
			}
		}
		var nonEmpty [][]int32
		for _, l := range lists {
			if len(l) > 0 {
				nonEmpty = append(nonEmpty, l)
			}
		}
		got := unionRows(nonEmpty, len(want), lo, hi)
		if !slices.Equal(got, want) && len(got)+len(want) > 0 {
			t.Fatalf("[%d,%d) %d lists: %v, want %v", lo, hi, len(nonEmpty), got, want)
		}
	}
}

// Lists build indexes concurrently (read lock) while writes drop them; -race checks
// the lazy build.
func TestIndexConcurrentWithWrites(t *testing.T) {
	s := indexDataset()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 40 {
				if g == 0 {
					if i%4 == 3 {
						s.Remove("tst", strconv.Itoa(i))
					} else {
						s.Put("tst", Record{"id": strconv.Itoa(i * 3), "valor": strconv.Itoa(i % 5), "status": "A"})
					}
					continue
				}
				lr := &listReq{qtype: "tst.valor", oper: "IN", query: "1,2,7", page: 1 + i%3, rp: 10,
					grid: []gridEntry{{TB: "tst.status", OP: "=", P: "A"}}, sortname: "tst.id", sortorder: "desc"}
				s.mu.RLock()
				want, _ := refList(s, s.tables["tst"], lr)
				got, err := s.listTable(s.tables["tst"], lr)
				s.mu.RUnlock()
				if err != nil || !bytes.Equal(got, want) {
					t.Errorf("got %s (%v)\nwant %s", got, err, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}
