package steps_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

func (w *world) linkPlan14() steps.Plan {
	w.t.Helper()
	plan, err := steps.PlanLinkPlans(w.t.Context(), w.reader(w.sim.DemoToken()), "310", []string{"14"})
	if err != nil || len(plan.Changes) != 1 {
		w.t.Fatalf("plan = %+v, %v", plan, err)
	}
	return plan
}

// IXC applies the insert but the answer is lost: Apply looks the record up,
// finds it and does not insert it twice.
func TestApplyInsertAnswerLost(t *testing.T) {
	w := newWorld(t)
	plan := w.linkPlan14()
	w.sim.SetFaults(ixcsim.Faults{LoseWriteResponses: 1})
	w.sim.ResetStats()
	res, es := w.apply(plan)
	if res.Done != 1 || res.Outcomes[0].State != steps.ApplyDone || res.Outcomes[0].ID == "" {
		t.Fatalf("result = %+v", res)
	}
	rows := rowsWhere(w.sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": "14", "id_produto": "310"})
	if len(rows) != 1 || rows[0]["id"] != res.Outcomes[0].ID {
		t.Errorf("rows = %+v, outcome %+v", rows, res.Outcomes[0])
	}
	if st := w.sim.Stats(); st.Inserts != 1 {
		t.Errorf("inserts = %d, want 1", st.Inserts)
	}
	if len(es) != 1 || es[0].State != journal.StateDone || es[0].ID != rows[0]["id"] || !strings.Contains(es[0].Note, "lost") {
		t.Errorf("journal = %+v", es)
	}
}

// The answer of an update is lost: Apply re-reads the record and sees the
// change.
func TestApplyUpdateAnswerLost(t *testing.T) {
	w := newWorld(t)
	w.set("produtos", "310", map[string]string{"ativo": "N", "aceita_valor": "P", "ncm": "00000000",
		"mostra_valor_ecommerce": "P", "tipo_ecommerce": "P", "ecommerce_prioridade": "1"})
	rec, _ := w.sim.Row("produtos", "310")
	plan := steps.PlanProductFix(ixc.Record(rec), "13")
	w.sim.SetFaults(ixcsim.Faults{LoseWriteResponses: 1})
	w.sim.ResetStats()
	res, es := w.apply(plan)
	if res.Done != 1 {
		t.Fatalf("result = %+v", res)
	}
	if got, _ := w.sim.Row("produtos", "310"); got["ativo"] != "S" {
		t.Errorf("ativo = %q", got["ativo"])
	}
	if st := w.sim.Stats(); st.Updates != 1 {
		t.Errorf("updates = %d, want 1", st.Updates)
	}
	if es[0].State != journal.StateDone || es[0].Before["ativo"] != "N" {
		t.Errorf("journal = %+v", es)
	}
}

// IXC goes away in the middle: the insert cannot be settled, the change is
// "unknown", Apply stops, and the next change is not tried.
func TestApplyStopsWhenUnreachable(t *testing.T) {
	w := newWorld(t)
	more, err := steps.PlanLinkContracts(t.Context(), w.reader(w.sim.DemoToken()), "310", []string{"101"})
	if err != nil {
		t.Fatal(err)
	}
	w2 := newWorld(t)
	plan2 := w2.linkPlan14().Merge(steps.Plan{Changes: more.Changes})
	j2 := w2.journal()
	var progressed []int
	w2.sim.SetFaults(ixcsim.Faults{DownFor: 3 * time.Second})
	res2, err := steps.Apply(t.Context(), w2.client(), plan2, j2, false, func(done, total int, _ steps.Change) {
		progressed = append(progressed, done)
	})
	if err == nil || ixc.KindOf(err) != ixc.KindUnreachable {
		t.Fatalf("err = %v", err)
	}
	// The pre-insert look-up already fails: nothing was written or journaled.
	if len(res2.Outcomes) != 1 || res2.Outcomes[0].State != steps.ApplyFailed || len(rowsWhere(w2.sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": "14"})) != 0 {
		t.Errorf("result = %+v", res2)
	}
	if !slices.Equal(progressed, []int{1}) {
		t.Errorf("progress = %v", progressed)
	}
	_, es, _ := journal.Read(j2.Path())
	if len(es) != 0 {
		t.Errorf("journal = %+v", es)
	}
}

// The write's answer is lost and IXC stays unreachable: the change is
// journaled "unknown" (never "pending", never retried blindly) and Apply
// stops.
func TestApplyUnknownWhenLookUpFails(t *testing.T) {
	w := newWorld(t)
	plan := w.linkPlan14()
	// Lose the write's answer, then take IXC down for the look-up. The
	// OnResponse hook sees the lost write and arms the outage.
	var c *ixc.Client
	tok, _ := ixc.ParseToken(w.sim.DemoToken(), "")
	c, err := ixc.New(ixc.Options{BaseURL: w.url, Token: tok, Timeout: 5 * time.Second, MaxRetries: 1,
		OnResponse: func(ri ixc.ResponseInfo) {
			if ri.Method == "POST" && ri.Err != nil {
				w.sim.SetFaults(ixcsim.Faults{DownFor: 3 * time.Second})
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	w.sim.SetFaults(ixcsim.Faults{LoseWriteResponses: 1})
	j := w.journal()
	res, err := steps.Apply(t.Context(), c, plan, j, false, nil)
	if err == nil {
		t.Fatal("Apply did not stop")
	}
	if len(res.Outcomes) != 1 || res.Outcomes[0].State != steps.ApplyUnknown || res.Unknown != 1 {
		t.Fatalf("result = %+v", res)
	}
	_, es, _ := journal.Read(j.Path())
	if len(es) != 1 || es[0].State != journal.StateUnknown || !strings.Contains(es[0].Note, "look-up") {
		t.Errorf("journal = %+v", es)
	}
	// The write was in fact applied once, and only once.
	if n := len(rowsWhere(w.sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": "14"})); n != 1 {
		t.Errorf("%d rows", n)
	}
}

func TestApplyDryRunWritesNothing(t *testing.T) {
	w := newWorld(t)
	w.set("produtos", "311", map[string]string{"ativo": "N"})
	rec, _ := w.sim.Row("produtos", "311")
	plan := w.linkPlan14().Merge(steps.PlanProductFix(ixc.Record(rec), "13"))
	// One change already done behind the planner's back: dry run says skipped.
	planC, err := steps.PlanLinkContracts(t.Context(), w.reader(w.sim.DemoToken()), "310", []string{"101"})
	if err != nil {
		t.Fatal(err)
	}
	w.contractRow("9", "101", "310")
	plan = plan.Merge(planC)
	before := w.sim.Rows("vd_contratos_produtos")
	w.sim.ResetStats()
	res, err := steps.Apply(t.Context(), w.client(), plan, nil, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := states(res); !slices.Equal(got, []string{"planned", "planned", "skipped"}) || res.Planned != 2 || res.Skipped != 1 {
		t.Errorf("states = %v (%+v)", got, res)
	}
	if res.Outcomes[2].ID != "9" {
		t.Errorf("skipped id = %q", res.Outcomes[2].ID)
	}
	if st := w.sim.Stats(); st.Inserts+st.Updates+st.Deletes != 0 {
		t.Errorf("dry run wrote: %+v", st)
	}
	if after := w.sim.Rows("vd_contratos_produtos"); len(after) != len(before) {
		t.Errorf("rows %d → %d", len(before), len(after))
	}
	if got, _ := w.sim.Row("produtos", "311"); got["ativo"] != "N" {
		t.Error("dry run changed the product")
	}
	if _, err := steps.Apply(t.Context(), w.client(), plan, nil, false, nil); err == nil {
		t.Error("a real Apply without a journal was accepted")
	}
}

// Cancelling stops between changes: what started is finished and
// journaled, the rest is not tried.
func TestApplyCancelStopsBetweenChanges(t *testing.T) {
	w := newWorld(t)
	plan, err := steps.PlanLinkContracts(t.Context(), w.reader(w.sim.DemoToken()), "310", []string{"101", "102", "103"})
	if err != nil || len(plan.Changes) != 3 {
		t.Fatal(plan, err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	j := w.journal()
	res, err := steps.Apply(ctx, w.client(), plan, j, false, func(done, total int, c steps.Change) {
		if done == 1 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
	if len(res.Outcomes) != 1 || res.Done != 1 {
		t.Errorf("result = %+v", res)
	}
	if n := len(rowsWhere(w.sim, "vd_contratos_produtos", map[string]string{"id_produto": "310", "id_vd_contrato": "0"})); n != 1 {
		t.Errorf("%d contract rows, want 1", n)
	}
	_, es, _ := journal.Read(j.Path())
	if len(es) != 1 || es[0].State != journal.StateDone {
		t.Errorf("journal = %+v", es)
	}
	w.checkNoToken(j.Path())
}

// A token without permission to insert gets a business error per change;
// a rejected token stops at once.
func TestApplyPermissionAndRejectedToken(t *testing.T) {
	w := newWorld(t)
	plan := w.linkPlan14()
	tok, _ := ixc.ParseToken(w.sim.RestrictedToken(), "")
	c, err := ixc.New(ixc.Options{BaseURL: w.url, Token: tok, Timeout: 5 * time.Second, MaxRetries: 1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := steps.Apply(t.Context(), c, plan, w.journal(), false, nil)
	if err != nil || res.Failed != 1 || ixc.KindOf(res.Outcomes[0].Err) != ixc.KindPermissionDenied {
		t.Errorf("restricted: %+v, %v", res, err)
	}
	bad, _ := ixc.ParseToken("1:"+strings.Repeat("ab", 32), "")
	c2, _ := ixc.New(ixc.Options{BaseURL: w.url, Token: bad, Timeout: 5 * time.Second, MaxRetries: 1})
	res2, err := steps.Apply(t.Context(), c2, plan.Merge(plan), w.journal(), false, nil)
	if ixc.KindOf(err) != ixc.KindTokenRejected || len(res2.Outcomes) != 1 {
		t.Errorf("rejected: %+v, %v", res2, err)
	}
	if len(rowsWhere(w.sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": "14"})) != 0 {
		t.Error("a row was written")
	}
}

// The connection drops before IXC applies the insert: the look-up finds
// nothing, so Apply tries once more, and the record exists once.
func TestApplyRetriesOnceWhenNotWritten(t *testing.T) {
	w := newWorld(t)
	plan := w.linkPlan14()
	gets := 0
	tok, _ := ixc.ParseToken(w.sim.DemoToken(), "")
	c, err := ixc.New(ixc.Options{BaseURL: w.url, Token: tok, Timeout: 5 * time.Second, MaxRetries: 1,
		OnResponse: func(ri ixc.ResponseInfo) {
			switch {
			case ri.Method == "GET" && gets == 0:
				gets++ // after the pre-insert look-up, drop the next request
				w.sim.SetFaults(ixcsim.Faults{DropRate: 1})
			case ri.Method == "POST" && ri.Err != nil:
				w.sim.SetFaults(ixcsim.Faults{})
			}
		}})
	if err != nil {
		t.Fatal(err)
	}
	w.sim.ResetStats()
	j := w.journal()
	res, err := steps.Apply(t.Context(), c, plan, j, false, nil)
	if err != nil || res.Done != 1 {
		t.Fatalf("result = %+v, %v", res, err)
	}
	if n := len(rowsWhere(w.sim, "vd_contratos_produtos", map[string]string{"id_vd_contrato": "14"})); n != 1 {
		t.Errorf("%d rows", n)
	}
	if st := w.sim.Stats(); st.Inserts != 1 {
		t.Errorf("inserts = %d", st.Inserts)
	}
	_, es, _ := journal.Read(j.Path())
	if len(es) != 1 || es[0].State != journal.StateDone || !strings.Contains(es[0].Note, "second attempt") {
		t.Errorf("journal = %+v", es)
	}
}

// A query the client refuses as a program error (an empty main filter
// would list the whole table) stops Apply: every change would meet it,
// and nothing is written.
func TestApplyStopsAtAProgramError(t *testing.T) {
	w := newWorld(t)
	bad := steps.Change{Kind: steps.ChangeInsert, Table: "vd_contratos_produtos",
		Fields:  map[string]string{"id_produto": "310", "id_vd_contrato": "14", "id_contrato": "0"},
		Key:     []ixc.Cond{ixc.Where("vd_contratos_produtos.id_vd_contrato", ixc.OpEq, "")},
		Summary: i18n.T("x", "x")}
	w.sim.ResetStats()
	res, err := steps.Apply(t.Context(), w.client(), steps.Plan{Changes: []steps.Change{bad, bad}}, w.journal(), false, nil)
	if ixc.KindOf(err) != ixc.KindInvalidQuery || len(res.Outcomes) > 1 {
		t.Fatalf("err %v, outcomes %+v", err, res.Outcomes)
	}
	if st := w.sim.Stats(); st.Requests != 0 {
		t.Errorf("requests sent: %+v", st)
	}
}
