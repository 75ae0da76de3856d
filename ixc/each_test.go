package ixc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// pagedServer serves rows 1..n of table "cliente" honouring page/rp, with
// the IXC envelope (registros omitted when empty). hook may write its own
// answer and return true.
type pagedServer struct {
	n        int
	inFlight atomic.Int64
	maxSeen  atomic.Int64
	requests atomic.Int64
	delay    time.Duration
	hook     func(w http.ResponseWriter, r *http.Request, page, rp int) bool
	mu       sync.Mutex
	rps      []int
}

func (s *pagedServer) handler(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		cur := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for {
			m := s.maxSeen.Load()
			if cur <= m || s.maxSeen.CompareAndSwap(m, cur) {
				break
			}
		}
		s.requests.Add(1)
		if r.Method != http.MethodGet || r.Header.Get("ixcsoft") != "listar" {
			t.Errorf("list sent as %s ixcsoft=%q", r.Method, r.Header.Get("ixcsoft"))
		}
		var body map[string]any
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			t.Errorf("list body: %v", err)
		}
		for k, v := range body {
			if _, ok := v.(string); !ok {
				t.Errorf("body value %s is %T, not a string", k, v)
			}
		}
		page, _ := strconv.Atoi(fmt.Sprint(body["page"]))
		rp, _ := strconv.Atoi(fmt.Sprint(body["rp"]))
		s.mu.Lock()
		s.rps = append(s.rps, rp)
		s.mu.Unlock()
		if s.delay > 0 {
			time.Sleep(s.delay)
		}
		if s.hook != nil && s.hook(w, r, page, rp) {
			return
		}
		var recs []string
		for i := (page-1)*rp + 1; i <= page*rp && i <= s.n; i++ {
			recs = append(recs, fmt.Sprintf(`{"id":"%d","razao":"Cliente %d","ativo":"S"}`, i, i))
		}
		out := fmt.Sprintf(`{"page":"%d","total":"%d"`, page, s.n)
		if len(recs) > 0 {
			out += `,"registros":[` + strings.Join(recs, ",") + `]`
		}
		writeJSON(w, 200, out+"}")
	}
}

func collectIDs(t *testing.T, c *Client, q Query) ([]int, error) {
	var ids []int
	var mu sync.Mutex
	err := c.Each(context.Background(), q, func(r Record) error {
		if !mu.TryLock() {
			t.Error("fn called concurrently")
		} else {
			defer mu.Unlock()
		}
		id, _ := strconv.Atoi(r["id"])
		ids = append(ids, id)
		return nil
	})
	return ids, err
}

func assertSequence(t *testing.T, ids []int, n int) {
	t.Helper()
	if len(ids) != n {
		t.Fatalf("got %d rows, want %d", len(ids), n)
	}
	for i, id := range ids {
		if id != i+1 {
			t.Fatalf("row %d has id %d (out of order or duplicated)", i, id)
		}
	}
}

func TestEachConcurrencyOrderComplete(t *testing.T) {
	ps := &pagedServer{n: 2350, delay: 15 * time.Millisecond}
	srv := ixcServer(t, ps.handler(t))
	c := newTestClient(t, srv.URL, func(o *Options) { o.Concurrency = 3; o.PageSize = 100 })
	ids, err := collectIDs(t, c, Query{Table: "cliente"})
	if err != nil {
		t.Fatal(err)
	}
	assertSequence(t, ids, 2350)
	if m := ps.maxSeen.Load(); m > 3 || m < 2 {
		t.Fatalf("max in flight %d, want 2..3", m)
	}
	if got := ps.requests.Load(); got != 24 {
		t.Fatalf("%d requests, want 24", got)
	}
	// All via the Reader too.
	all, err := c.Reader().All(context.Background(), Query{Table: "cliente", RP: 500})
	if err != nil || len(all) != 2350 || all[2349]["razao"] != "Cliente 2350" {
		t.Fatalf("All: %d rows, %v", len(all), err)
	}
}

func TestEachEmptyAndSinglePage(t *testing.T) {
	for _, n := range []int{0, 1, 100, 101} {
		ps := &pagedServer{n: n}
		srv := ixcServer(t, ps.handler(t))
		c := newTestClient(t, srv.URL, func(o *Options) { o.PageSize = 100 })
		ids, err := collectIDs(t, c, Query{Table: "cliente"})
		if err != nil {
			t.Fatal(err)
		}
		assertSequence(t, ids, n)
	}
}

func TestEachHalvesOn504(t *testing.T) {
	ps := &pagedServer{n: 3333}
	var fails atomic.Int64
	ps.hook = func(w http.ResponseWriter, r *http.Request, page, rp int) bool {
		if rp > 250 {
			fails.Add(1)
			w.Header().Set("Content-Type", "text/html")
			w.WriteHeader(http.StatusGatewayTimeout)
			_, _ = w.Write([]byte("<html><body><h1>504 Gateway Time-out</h1></body></html>"))
			return true
		}
		return false
	}
	srv := ixcServer(t, ps.handler(t))
	c := newTestClient(t, srv.URL, func(o *Options) { o.PageSize = 1000; o.Concurrency = 4 })
	ids, err := collectIDs(t, c, Query{Table: "cliente"})
	if err != nil {
		t.Fatal(err)
	}
	assertSequence(t, ids, 3333)
	if fails.Load() < 2 {
		t.Fatalf("only %d 504s: halving not exercised", fails.Load())
	}
	// Once the size shrank, later pages start at 250: at most the first
	// page (1000 then 500) fails.
	if fails.Load() > 4 {
		t.Fatalf("%d 504s: later pages did not reuse the smaller size", fails.Load())
	}
}

func TestEachHalvesOnTimeoutDownToMinimum(t *testing.T) {
	ps := &pagedServer{n: 420}
	ps.hook = func(w http.ResponseWriter, r *http.Request, page, rp int) bool {
		if rp > 60 {
			select {
			case <-r.Context().Done():
			case <-time.After(2 * time.Second):
			}
			return true
		}
		return false
	}
	srv := ixcServer(t, ps.handler(t))
	c := newTestClient(t, srv.URL, func(o *Options) {
		o.PageSize = 200
		o.Timeout = 80 * time.Millisecond
		o.Concurrency = 2
	})
	ids, err := collectIDs(t, c, Query{Table: "cliente"})
	if err != nil {
		t.Fatal(err)
	}
	assertSequence(t, ids, 420)
	ps.mu.Lock()
	defer ps.mu.Unlock()
	for _, rp := range ps.rps {
		if rp < MinPageSize {
			t.Fatalf("page size %d below the minimum", rp)
		}
	}
	// At the minimum size a failing page is an error, not a loop.
	ps2 := &pagedServer{n: 100}
	ps2.hook = func(w http.ResponseWriter, r *http.Request, page, rp int) bool {
		w.WriteHeader(http.StatusGatewayTimeout)
		return true
	}
	srv2 := ixcServer(t, ps2.handler(t))
	c2 := newTestClient(t, srv2.URL, func(o *Options) { o.PageSize = 100; o.MaxRetries = 1 })
	_, err = collectIDs(t, c2, Query{Table: "cliente"})
	if KindOf(err) != KindServer {
		t.Fatalf("got %v", err)
	}
	// 100 → 50 (twice: retried once each since 50 is the minimum) and stop.
	if got := ps2.requests.Load(); got != 3 {
		t.Fatalf("%d requests", got)
	}
}

func TestEachStopsOnFnErrorAndCancel(t *testing.T) {
	ps := &pagedServer{n: 5000, delay: 5 * time.Millisecond}
	srv := ixcServer(t, ps.handler(t))
	c := newTestClient(t, srv.URL, func(o *Options) { o.PageSize = 100; o.Concurrency = 4 })

	stopErr := errors.New("stop here")
	count := 0
	err := c.Each(context.Background(), Query{Table: "cliente"}, func(r Record) error {
		count++
		if count == 250 {
			return stopErr
		}
		return nil
	})
	if !errors.Is(err, stopErr) || count != 250 {
		t.Fatalf("err %v after %d rows", err, count)
	}
	// Requests cancelled by the client may still reach the handler a moment
	// later; after that, nothing more may arrive.
	time.Sleep(50 * time.Millisecond)
	reqs := ps.requests.Load()
	if reqs > 3+2*4 {
		t.Fatalf("%d requests after stopping at page 3", reqs)
	}
	time.Sleep(100 * time.Millisecond)
	if ps.requests.Load() != reqs || ps.inFlight.Load() != 0 {
		t.Fatal("requests continued after Each returned")
	}

	ctx, cancel := context.WithCancel(context.Background())
	count = 0
	err = c.Each(ctx, Query{Table: "cliente"}, func(r Record) error {
		count++
		if count == 150 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || count != 150 {
		t.Fatalf("err %v after %d rows", err, count)
	}
}

func TestListBodyAndCount(t *testing.T) {
	var got []map[string]string
	var mu sync.Mutex
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		var b map[string]string
		if err := json.NewDecoder(r.Body).Decode(&b); err != nil {
			t.Errorf("body not all strings: %v", err)
		}
		if r.Header.Get("Content-Type") != "application/json" || !strings.Contains(r.Header.Get("Accept"), "text/x-json") {
			t.Errorf("headers %v", r.Header)
		}
		mu.Lock()
		got = append(got, b)
		mu.Unlock()
		writeJSON(w, 200, `{"page":"1","total":"12"}`)
	})
	c := newTestClient(t, srv.URL, func(o *Options) { o.PageSize = 700 })
	ctx := context.Background()
	n, err := c.Count(ctx, "cliente")
	if err != nil || n != 12 {
		t.Fatalf("Count %d %v", n, err)
	}
	_, err = c.List(ctx, Query{Table: "vd_contratos_produtos", Filter: []Cond{
		Between("vd_contratos_produtos.data", "01/07/2023", "31/07/2023"),
		Where("id_produto", OpEq, "7"),
		Where("vd_contratos_produtos.id_contrato", OpIn, "1,3,5"),
	}, Page: 3, SortName: "descricao", SortOrder: "DESC"})
	if err != nil {
		t.Fatal(err)
	}
	want0 := map[string]string{"qtype": "cliente.id", "query": "0", "oper": ">", "page": "1", "rp": "1", "sortname": "cliente.id", "sortorder": "asc"}
	if fmt.Sprint(got[0]) != fmt.Sprint(want0) {
		t.Fatalf("count body %v", got[0])
	}
	b := got[1]
	if b["qtype"] != "vd_contratos_produtos.id_produto" || b["query"] != "7" || b["oper"] != "=" ||
		b["page"] != "3" || b["rp"] != "700" || b["sortname"] != "vd_contratos_produtos.descricao" || b["sortorder"] != "desc" {
		t.Fatalf("list body %v", b)
	}
	var grid []map[string]string
	if err := json.Unmarshal([]byte(b["grid_param"]), &grid); err != nil {
		t.Fatalf("grid_param %q: %v", b["grid_param"], err)
	}
	wantGrid := `[map[OP:BE P:01/07/2023 P2:31/07/2023 TB:vd_contratos_produtos.data] map[OP:IN P:1,3,5 TB:vd_contratos_produtos.id_contrato]]`
	if fmt.Sprint(grid) != wantGrid {
		t.Fatalf("grid %v", grid)
	}
}

// The request timeout counts from the moment an exchange has its slot:
// waiting behind the client's other exchanges is not IXC being slow. With
// one slot and a server that takes 400 ms, two concurrent lists both
// succeed under a 600 ms timeout (the second waits 400 ms for the slot).
func TestTimeoutStartsWithTheSlot(t *testing.T) {
	srv := ixcServer(t, func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(400 * time.Millisecond)
		writeJSON(w, http.StatusOK, `{"page":"1","total":"1","registros":[{"id":"1"}]}`)
	})
	c := newTestClient(t, srv.URL, func(o *Options) {
		o.Concurrency = 1
		o.Timeout = 600 * time.Millisecond
		o.MaxRetries = -1
	})
	errs := make(chan error, 2)
	for range 2 {
		go func() {
			_, err := c.List(t.Context(), Query{Table: "cliente", RP: 1})
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatalf("a list that waited for its slot timed out: %v", err)
		}
	}
}
