package steps_test

import (
	"context"
	"maps"
	"net/http"
	"net/http/httptest"
	"path"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// tableCounter counts the requests per table going to the simulator.
type tableCounter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c *tableCounter) take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := maps.Clone(c.n)
	c.n = map[string]int{}
	return out
}

// A second audit with the session's cache reads only the connection probes;
// ForgetAuth re-reads the auth table and nothing else of the link step;
// Invalidate (a write) reads everything again; the reports agree.
func TestAuditCacheReadsOnlyWhatChanged(t *testing.T) {
	w, cnt := countingWorld(t)
	cache := steps.NewReadCache()
	audit := func() *steps.Report {
		return steps.Audit(context.Background(), w.reader(w.sim.DemoToken()), w.p, steps.Options{Now: func() time.Time { return today }, Cache: cache})
	}
	first := audit()
	full := cnt.take()
	for _, tb := range []string{"produtos", "vd_contratos_produtos", "cliente_contrato", "cliente"} {
		if full[tb] < 2 { // the probe and the read
			t.Fatalf("the first audit read %s %d times; want the probe and the read (%v)", tb, full[tb], full)
		}
	}
	second := audit()
	if !reflect.DeepEqual(first, second) {
		t.Errorf("the cached audit differs:\n%+v\n%+v", first, second)
	}
	probes := cnt.take()
	for tb, n := range probes {
		if n != 1 {
			t.Errorf("the cached audit asked %s %d times; want only its probe (%v)", tb, n, probes)
		}
	}
	cache.ForgetAuth()
	audit()
	again := cnt.take()
	if again["cliente"] < 2 || again["cliente_contrato"] != 1 || again["vd_contratos_produtos"] != 1 {
		t.Errorf("after ForgetAuth: %v; want cliente read again, the link tables only probed", again)
	}
	w.p.Auth.Method = profile.AuthPPPoE
	audit()
	if m := cnt.take(); m["radusuarios"] < 2 || m["cliente_contrato"] != 1 {
		t.Errorf("after a change of method: %v; want radusuarios read, the link tables only probed", m)
	}
	cache.Invalidate()
	audit()
	if m := cnt.take(); m["cliente_contrato"] < 2 || m["produtos"] < 2 {
		t.Errorf("after Invalidate: %v; want everything read again", m)
	}
}

// countingWorld is newWorld behind a handler counting the requests per
// table.
func countingWorld(t *testing.T) (*world, *tableCounter) {
	w := newWorld(t)
	cnt := &tableCounter{n: map[string]int{}}
	srv := httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		cnt.mu.Lock()
		cnt.n[path.Base(r.URL.Path)]++
		cnt.mu.Unlock()
		w.sim.ServeHTTP(rw, r)
	}))
	t.Cleanup(srv.Close)
	w.url = srv.URL + "/webservice/v1"
	w.p.IXC.URL = w.url
	return w, cnt
}

// The link screen's read asks for the product's link rows once (for the
// summary and the plans alike).
func TestLinkChoicesReadsTheLinksOnce(t *testing.T) {
	w, cnt := countingWorld(t)
	ex, plans, err := steps.LinkChoices(t.Context(), w.reader(w.sim.DemoToken()), []string{"310"}, today)
	if err != nil || len(plans) == 0 || len(ex.Plans) == 0 {
		t.Fatalf("LinkChoices = %+v, %+v, %v", ex, plans, err)
	}
	if n := cnt.take(); n["vd_contratos_produtos"] != 1 || n["vd_contratos"] != 1 {
		t.Errorf("requests %v; want vd_contratos_produtos and vd_contratos once each", n)
	}
}

// A prefetched auth table is the audit's (the audit reads no customer
// page); a written link drops the links, never the customers.
func TestAuditCachePrefetchAndTables(t *testing.T) {
	w, cnt := countingWorld(t)
	cache := steps.NewReadCache()
	r := w.reader(w.sim.DemoToken())
	cache.PrefetchAuth(context.Background(), r, w.p.Auth.Method)
	if n := cnt.take(); n["cliente"] == 0 {
		t.Fatalf("the prefetch read %v", n)
	}
	audit := func() *steps.Report {
		return steps.Audit(context.Background(), r, w.p, steps.Options{Now: func() time.Time { return today }, Cache: cache})
	}
	audit()
	if n := cnt.take(); n["cliente"] != 1 || n["cliente_contrato"] < 2 {
		t.Errorf("after the prefetch the audit read %v; want cliente only probed, the links read", n)
	}
	cache.InvalidateTables("vd_contratos_produtos")
	audit()
	if n := cnt.take(); n["cliente"] != 1 || n["vd_contratos_produtos"] < 2 {
		t.Errorf("after a link write the audit read %v; want the links again, cliente only probed", n)
	}
}
