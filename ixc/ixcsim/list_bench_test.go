package ixcsim

import (
	"sync"
	"testing"
)

var (
	benchSimOnce sync.Once
	benchSim     *Sim
)

// benchContracts is a 200,000-contract simulator shared by the list benchmarks.
func benchContracts() *Sim {
	benchSimOnce.Do(func() {
		benchSim = New(Options{})
		benchSim.Load("cliente_contrato", synthContracts(200000))
	})
	return benchSim
}

// benchList runs one list request in process (no HTTP) per iteration.
func benchList(b *testing.B, lr listReq) {
	s := benchContracts()
	t := s.tables["cliente_contrato"]
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s.mu.RLock()
		out, err := s.listTable(t, &lr)
		s.mu.RUnlock()
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(out)))
	}
}

// What the ixc client sends: id > 0 sorted by id, page 200 of 1,000 rows.
func BenchmarkListPage1000IDGt0(b *testing.B) {
	benchList(b, listReq{qtype: "cliente_contrato.id", query: "0", oper: ">", page: 200, rp: 1000,
		sortname: "cliente_contrato.id", sortorder: "asc"})
}

// An id range and an IN list, as steps.eachIn sends, plus a filter on another column.
func BenchmarkListIDRangeAndStatus(b *testing.B) {
	benchList(b, listReq{qtype: "cliente_contrato.id", query: "50000", oper: ">=", page: 1, rp: 1000,
		sortname: "cliente_contrato.id", sortorder: "asc",
		grid: []gridEntry{{TB: "cliente_contrato.id", OP: "<=", P: "51000"}, {TB: "cliente_contrato.status", OP: "=", P: "A"}}})
}

// A full scan on other columns (no id range possible).
func BenchmarkListScanOtherColumns(b *testing.B) {
	benchList(b, listReq{qtype: "cliente_contrato.status_internet", query: "CA", oper: "=", page: 1, rp: 10,
		grid: []gridEntry{{TB: "cliente_contrato.id_vendedor", OP: ">", P: "12"}}})
}

// A sort on another column over a filtered set.
func BenchmarkListSortOtherColumn(b *testing.B) {
	benchList(b, listReq{qtype: "cliente_contrato.id_vd_contrato", query: "7", oper: "=", page: 2, rp: 1000,
		sortname: "cliente_contrato.id_cliente", sortorder: "desc"})
}

// What the audit sends for contracts of some plans: id_vd_contrato IN 6,7 sorted by
// id, pages of 1,000. The synthetic set has 10,000 such contracts, so page 20 is past
// the end (only the count is done) and page 5 is a full page.
func BenchmarkListINPlanPage20(b *testing.B) {
	benchList(b, listReq{qtype: "cliente_contrato.id_vd_contrato", query: "6,7", oper: "IN", page: 20, rp: 1000,
		sortname: "cliente_contrato.id", sortorder: "asc"})
}

func BenchmarkListINPlanPage5(b *testing.B) {
	benchList(b, listReq{qtype: "cliente_contrato.id_vd_contrato", query: "6,7", oper: "IN", page: 5, rp: 1000,
		sortname: "cliente_contrato.id", sortorder: "asc"})
}

// What the audit sends for the carrying plans' contracts: their active ones only. Every
// page needs the total; the rows the filter matches are worked out for the first page
// and remembered for the others (cachedMatches).
func BenchmarkListINPlanActivePage5(b *testing.B) {
	benchList(b, listReq{qtype: "cliente_contrato.id_vd_contrato", query: "6,7", oper: "IN", page: 5, rp: 1000,
		sortname: "cliente_contrato.id", sortorder: "asc",
		grid: []gridEntry{{TB: "cliente_contrato.status", OP: "=", P: "A"}}})
}
