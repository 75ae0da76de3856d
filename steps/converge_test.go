package steps_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// pairInserts serves h, holding each insert until the insert of the same
// table by the other writer arrives (the 1st with the 2nd, the 3rd with
// the 4th…), or until a second has passed: two runs that looked up the
// key and found nothing both insert, as two technicians starting together
// do. Without convergence they leave two records.
type pairInserts struct {
	h       http.Handler
	mu      sync.Mutex
	waiting map[string]chan struct{}
	inserts int
}

func (p *pairInserts) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost && r.Header.Get("ixcsoft") != "listar" {
		table := r.URL.Path[strings.LastIndex(strings.TrimSuffix(r.URL.Path, "/"), "/")+1:]
		p.mu.Lock()
		p.inserts++
		ch, ok := p.waiting[table]
		if ok {
			delete(p.waiting, table)
			close(ch)
			p.mu.Unlock()
		} else {
			ch = make(chan struct{})
			p.waiting[table] = ch
			p.mu.Unlock()
			select {
			case <-ch:
			case <-time.After(time.Second):
				p.mu.Lock()
				if p.waiting[table] == ch {
					delete(p.waiting, table)
				}
				p.mu.Unlock()
			}
		}
	}
	p.h.ServeHTTP(w, r)
}

// Two ApplyProfile runs at once (no lock between them: two machines)
// create the same new product and link it to two plans. Each insert pairs
// with the other run's, so both insert everything; convergence leaves one
// product (the oldest) and one row per plan, and the journals record the
// deletes of the copies.
func TestApplyTwoWritersConverge(t *testing.T) {
	for round := range 5 {
		w := newWorld(t)
		pi := &pairInserts{h: w.sim, waiting: map[string]chan struct{}{}}
		srv := httptest.NewServer(pi)
		p, err := profile.Parse([]byte(`
[ixc]
url = "` + srv.URL + `"
[[product]]
offer = "leveduca"
name = "LevEduca Concorrente"
subgroup = "7"
price = "9,90"
tributacao = "ISSQN"
fiscal_class = "3"
[link]
method = "plan"
plans = ["12", "14"]
[auth]
method = "hotsite"
`))
		if err != nil {
			t.Fatal(err)
		}
		tok, _ := ixc.ParseToken(w.sim.DemoToken(), "")
		var wg sync.WaitGroup
		results := make([]*steps.ProfileApplyResult, 2)
		errs := make([]error, 2)
		for i := range 2 {
			wg.Go(func() {
				c, err := ixc.New(ixc.Options{BaseURL: srv.URL, Token: tok, Timeout: 10 * time.Second, MaxRetries: 1})
				if err != nil {
					errs[i] = err
					return
				}
				results[i], errs[i] = steps.ApplyProfile(context.Background(), c, p, steps.ApplyProfileOptions{
					Today:   today,
					Journal: func() (*journal.Journal, error) { return w.journal(), nil },
				})
			})
		}
		wg.Wait()
		srv.Close()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("round %d run %d: %v", round, i, err)
			}
		}
		if pi.inserts < 6 {
			t.Fatalf("round %d: %d inserts; the runs did not race (want 2 products + 4 rows)", round, pi.inserts)
		}
		prods := rowsWhere(w.sim, "produtos", map[string]string{"descricao": "LevEduca Concorrente"})
		if len(prods) != 1 {
			var ids []string
			for _, pr := range prods {
				ids = append(ids, pr["id"])
			}
			t.Fatalf("round %d: %d products (ids %v), want 1", round, len(prods), ids)
		}
		id := prods[0]["id"]
		for _, plan := range []string{"12", "14"} {
			rows := rowsWhere(w.sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": plan, "id_produto": id})
			if len(rows) != 1 {
				t.Fatalf("round %d: plan %s has %d rows of product %s", round, plan, len(rows), id)
			}
		}
		// Both runs end up naming the surviving product; the loser says why.
		notes := 0
		for i, r := range results {
			if r.Profile.Products[0].ID != id {
				t.Errorf("round %d run %d: profile product id %s, want %s", round, i, r.Profile.Products[0].ID, id)
			}
			for _, o := range r.Result.Outcomes {
				if !o.Note.IsZero() {
					notes++
					if !strings.Contains(o.Note.EN, "another run created the same record") {
						t.Errorf("note %q", o.Note.EN)
					}
				}
			}
		}
		if notes != 3 {
			t.Errorf("round %d: %d converged changes, want 3 (a product and two rows)", round, notes)
		}
		if st := w.sim.Stats(); st.Deletes != 3 {
			t.Errorf("round %d: %d deletes, want 3", round, st.Deletes)
		}
		// The journals: each delete follows the insert of the same id.
		deletes := 0
		for _, r := range results {
			_, es, err := journal.Read(r.Journal.Path())
			if err != nil {
				t.Fatal(err)
			}
			inserted := map[string]bool{}
			for _, e := range es {
				switch e.Op {
				case journal.OpInsert:
					inserted[e.Table+"/"+e.ID] = true
				case journal.OpDelete:
					deletes++
					if !inserted[e.Table+"/"+e.ID] || e.State != journal.StateDone {
						t.Errorf("journal delete %+v without its insert", e)
					}
				}
			}
		}
		if deletes != 3 {
			t.Errorf("round %d: %d journaled deletes", round, deletes)
		}
	}
}
