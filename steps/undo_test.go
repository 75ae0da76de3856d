package steps_test

import (
	"maps"
	"strconv"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/ixc/ixcsim"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// breakProduct310 makes product 310 need a fix and returns the fix's plan.
func (w *world) breakProduct310() steps.Plan {
	w.t.Helper()
	w.set("produtos", "310", map[string]string{"ativo": "N", "controla_estoque": "S", "aceita_valor": "P", "ncm": "00000000",
		"mostra_valor_ecommerce": "P", "tipo_ecommerce": "P", "ecommerce_prioridade": "1"})
	rec, _ := w.sim.Row("produtos", "310")
	plan := steps.PlanProductFix(ixc.Record(rec), "13")
	if len(plan.Changes) != 1 {
		w.w().Fatalf("plan = %+v", plan)
	}
	return plan
}

func (w *world) w() *testing.T { return w.t }

func withoutStamp(r ixcsim.Record) ixcsim.Record {
	r = maps.Clone(r)
	delete(r, "ultima_atualizacao")
	return r
}

// An update and two inserts are undone, newest first: the rows are gone,
// the product has its old values back, and the undo is journaled.
func TestUndoRevertsUpdateAndInserts(t *testing.T) {
	w := newWorld(t)
	fix := w.breakProduct310()
	before310, _ := w.sim.Row("produtos", "310")
	links, err := steps.PlanLinkContracts(t.Context(), w.reader(w.sim.DemoToken()), "310", []string{"101", "103"})
	if err != nil {
		t.Fatal(err)
	}
	rowsBefore := w.sim.Rows("vd_contratos_produtos")
	res, es := w.apply(fix.Merge(links))
	if res.Done != 3 {
		t.Fatalf("apply %+v", res)
	}
	if got, _ := w.sim.Row("produtos", "310"); got["ativo"] != "S" {
		t.Fatal("the fix did not apply")
	}

	dry, err := steps.Undo(t.Context(), w.client(), es, nil, "j.jsonl", true)
	if err != nil || dry.Planned != 3 {
		t.Fatalf("dry undo %v %+v", err, dry)
	}
	w.sim.ResetStats()
	j := w.journal()
	res2, err := steps.Undo(t.Context(), w.client(), es, j, "j.jsonl", false)
	if err != nil || res2.Done != 3 {
		t.Fatalf("undo %v %+v", err, res2)
	}
	if st := w.sim.Stats(); st.Deletes != 2 || st.Updates != 1 || st.Inserts != 0 {
		t.Errorf("stats %+v", st)
	}
	if res2.Outcomes[0].Entry.Seq != 3 || res2.Outcomes[2].Action != steps.UndoRestore {
		t.Errorf("order: %+v", res2.Outcomes)
	}
	after310, _ := w.sim.Row("produtos", "310")
	if !maps.Equal(withoutStamp(before310), withoutStamp(after310)) {
		t.Errorf("produtos 310:\nbefore %v\nafter  %v", before310, after310)
	}
	if got := w.sim.Rows("vd_contratos_produtos"); len(got) != len(rowsBefore) {
		t.Errorf("vd_contratos_produtos has %d rows, want %d", len(got), len(rowsBefore))
	}
	m, ues, err := journal.Read(j.Path())
	if err != nil || m.Command != "test" || len(ues) != 3 {
		t.Fatalf("undo journal %v %+v", err, ues)
	}
	if ues[0].Op != journal.OpDelete || ues[2].Op != journal.OpUpdate || ues[2].After["ativo"] != "N" || ues[2].Before["ativo"] != "S" ||
		!strings.Contains(ues[0].Note, "undo of j.jsonl line 3") {
		t.Errorf("undo journal entries %+v", ues)
	}
	w.checkNoToken(j.Path())

	// Undoing the undo journal restores the fix (deletes are not redone).
	res3, err := steps.Undo(t.Context(), w.client(), ues, w.journal(), "u.jsonl", false)
	if err != nil || res3.Done != 1 || res3.Skipped != 2 {
		t.Fatalf("undo of undo %v %+v", err, res3)
	}
	if got, _ := w.sim.Row("produtos", "310"); got["ativo"] != "S" {
		t.Error("the fix was not restored")
	}
}

// A field changed in IXC after the apply: the entry is skipped, with the
// field, the value written and the value now; nothing is written.
func TestUndoSkipsRecordChangedSince(t *testing.T) {
	w := newWorld(t)
	_, es := w.apply(w.breakProduct310())
	w.set("produtos", "310", map[string]string{"controla_estoque": "S", "ultima_atualizacao": "2026-12-01 09:00:00"})
	w.sim.ResetStats()
	res, err := steps.Undo(t.Context(), w.client(), es, w.journal(), "j", false)
	if err != nil || res.Skipped != 1 {
		t.Fatalf("%v %+v", err, res)
	}
	o := res.Outcomes[0]
	if len(o.Changed) != 1 || o.Changed[0] != (steps.FieldChange{Field: "controla_estoque", Before: "N", After: "S"}) ||
		o.ChangedAt != "2026-12-01 09:00:00" || !strings.Contains(o.Reason.EN, "controla_estoque") {
		t.Errorf("outcome %+v", o)
	}
	if st := w.sim.Stats(); st.Updates+st.Deletes != 0 {
		t.Errorf("wrote: %+v", st)
	}
	if got, _ := w.sim.Row("produtos", "310"); got["ativo"] != "S" {
		t.Error("the record was touched")
	}
}

// The answer of the delete is lost: undo re-reads, sees the record gone and
// does not delete twice. A record already gone is skipped. Entries that
// wrote nothing or whose outcome is unknown are reported, not touched.
func TestUndoLostAnswerAndOddEntries(t *testing.T) {
	w := newWorld(t)
	_, es := w.apply(w.linkPlan14())
	id := es[0].ID
	w.sim.SetFaults(ixcsim.Faults{LoseWriteResponses: 1})
	w.sim.ResetStats()
	extra := []journal.Entry{
		{Seq: 7, Op: journal.OpInsert, Table: "vd_contratos_produtos", State: journal.StateFailed},
		{Seq: 8, Op: journal.OpInsert, Table: "vd_contratos_produtos", State: journal.StateUnknown, After: map[string]string{"id_produto": "310"}},
		{Seq: 9, Op: journal.OpDelete, Table: "produtos", ID: "5", State: journal.StateDone},
	}
	uj := w.journal()
	res, err := steps.Undo(t.Context(), w.client(), append(es, extra...), uj, "j", false)
	if err != nil {
		t.Fatal(err)
	}
	if res.Done != 1 || res.Nothing != 1 || res.Unknown != 1 || res.Skipped != 1 {
		t.Fatalf("result %+v", res)
	}
	last := res.Outcomes[len(res.Outcomes)-1]
	if last.State != steps.ApplyDone || last.Entry.ID != id {
		t.Errorf("outcome %+v", last)
	}
	// The user reads why in their language; the journal's note is English,
	// for support (docs/reference.md, "Journal").
	if last.Reason.PT != "a resposta se perdeu; o registro já não existe" || last.Reason.EN != "answer lost; the record is gone" {
		t.Errorf("reason %q", last.Reason)
	}
	_, undone, err := journal.Read(uj.Path())
	if err != nil || len(undone) != 1 || undone[0].Note != "undo of j line "+strconv.Itoa(es[0].Seq)+": answer lost; the record is gone" {
		t.Errorf("undo journal %v %+v", err, undone)
	}
	if _, ok := w.sim.Row("vd_contratos_produtos", id); ok {
		t.Error("the row is still there")
	}
	if st := w.sim.Stats(); st.Deletes != 1 {
		t.Errorf("deletes = %d, want 1", st.Deletes)
	}
	// Again: the row is gone, so it is skipped.
	res, err = steps.Undo(t.Context(), w.client(), es, nil, "j", true)
	if err != nil || res.Skipped != 1 || !strings.Contains(res.Outcomes[0].Reason.EN, "no longer exists") {
		t.Fatalf("%v %+v", err, res)
	}
}
