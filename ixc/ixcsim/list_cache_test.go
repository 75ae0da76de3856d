package ixcsim

import (
	"bytes"
	"strconv"
	"testing"
)

// withCacheForAll remembers every filter, however small the table, for the length of a
// test (no test of this package runs in parallel).
func withCacheForAll(t *testing.T) {
	old := minCachedScan
	minCachedScan = 0
	t.Cleanup(func() { minCachedScan = old })
}

// The equivalence tests of the indexed and fast paths (each compares listTable with a
// brute-force copy, between and during writes) pass with every filter remembered.
func TestCachedMatchesAgreeWithScan(t *testing.T) {
	withCacheForAll(t)
	for name, f := range map[string]func(*testing.T){
		"index":                 TestListIndexMatchesScan,
		"index after writes":    TestIndexRebuiltAfterWrites,
		"index during writes":   TestIndexConcurrentWithWrites,
		"fast paths":            TestListFastPathsMatchScan,
		"fast paths and writes": TestListConcurrentWithWrites,
	} {
		t.Run(name, f)
	}
}

// Pages of one filter share one computation; a write forgets it, and the next page
// counts the new row.
func TestCachedMatchesFollowWrites(t *testing.T) {
	withCacheForAll(t)
	s := indexDataset()
	tb := s.tables["tst"]
	lr := &listReq{qtype: "tst.status", oper: "=", query: "A", page: 1, rp: 7,
		grid: []gridEntry{{TB: "tst.valor", OP: "!=", P: "abc"}}}
	check := func() {
		t.Helper()
		want, _ := refList(s, tb, lr)
		got, err := s.listTable(tb, lr)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("page %d:\n got %s (%v)\nwant %s", lr.page, got, err, want)
		}
	}
	check()
	ti := tb.idx.Load()
	if ti == nil || len(ti.matches) != 1 {
		t.Fatalf("filter not remembered: %+v", ti)
	}
	var first []int32
	for _, pos := range ti.matches {
		first = pos
	}
	lr.page = 3
	check()
	for _, pos := range tb.idx.Load().matches {
		if len(ti.matches) != 1 || &pos[0] != &first[0] {
			t.Fatal("page 3 computed the filter again")
		}
	}
	s.Put("tst", Record{"id": "100001", "status": "A", "valor": "1"})
	if tb.idx.Load() != nil {
		t.Fatal("a write kept the remembered filters")
	}
	lr.page = 1
	check()
	lr.page = 200 // past the end: only the total
	check()
	for i := range maxCachedFilters + 5 { // more filters than are kept
		lr.query = strconv.Itoa(i)
		check()
	}
	if n := len(tb.idx.Load().matches); n > maxCachedFilters {
		t.Fatalf("%d filters remembered, at most %d", n, maxCachedFilters)
	}
}
