package steps_test

import (
	"context"
	"strings"
	"testing"

	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// A journal that names anything this program does not write is refused
// whole, before any request: not even the entries that are fine are undone.
func TestUndoRefusesForeignJournal(t *testing.T) {
	good := journal.Entry{Seq: 1, Op: journal.OpInsert, Table: "vd_contratos_produtos", ID: "1", State: journal.StateDone,
		After: map[string]string{"id_vd_contrato": "12", "id_produto": "310"}}
	cases := map[string]struct {
		e    journal.Entry
		want string
	}{
		"foreign table insert": {journal.Entry{Seq: 2, Op: journal.OpInsert, Table: "radusuarios", ID: "1", State: journal.StateDone}, `line 2 names the table "radusuarios"`},
		"foreign table update": {journal.Entry{Seq: 2, Op: journal.OpUpdate, Table: "cliente", ID: "1", State: journal.StateDone,
			Before: map[string]string{"hotsite_email": "ana@example.com"}, After: map[string]string{"hotsite_email": "evil@example.com"}}, `table "cliente"`},
		"foreign field": {journal.Entry{Seq: 2, Op: journal.OpUpdate, Table: "produtos", ID: "310", State: journal.StateDone,
			Before: map[string]string{"descricao": "Produto 310", "ativo": "N"}, After: map[string]string{"descricao": "Hacked", "ativo": "S"}}, "produtos.descricao"},
		"update of an insert-only table": {journal.Entry{Seq: 2, Op: journal.OpUpdate, Table: "vd_contratos", ID: "12", State: journal.StateDone,
			Before: map[string]string{"Ativo": "S"}, After: map[string]string{"Ativo": "N"}}, `updates the table "vd_contratos"`},
		"id not a number":  {journal.Entry{Seq: 2, Op: journal.OpInsert, Table: "produtos", ID: "310/../../cliente/1", State: journal.StateDone}, "not a number"},
		"unknown op":       {journal.Entry{Seq: 2, Op: "truncate", Table: "produtos", State: journal.StateDone}, `operation "truncate"`},
		"escape in a name": {journal.Entry{Seq: 2, Op: journal.OpInsert, Table: "x\x1b]52;c;Zm9v\x07", ID: "1", State: journal.StateDone}, "names the table"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			w.sim.ResetStats()
			res, err := steps.Undo(context.Background(), w.client(), []journal.Entry{good, c.e}, nil, "j.jsonl", false)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "journal refused") {
				t.Fatalf("Undo = %v, want the refusal naming %q", err, c.want)
			}
			if strings.ContainsAny(err.Error(), "\x1b\x07") {
				t.Fatalf("the refusal carries an escape: %q", err.Error())
			}
			if len(res.Outcomes) != 0 {
				t.Fatalf("outcomes %+v", res.Outcomes)
			}
			if n := w.sim.Stats().Requests; n != 0 {
				t.Fatalf("%d requests sent for a refused journal", n)
			}
		})
	}
	// What the program writes passes.
	ok := []journal.Entry{good,
		{Seq: 2, Op: journal.OpUpdate, Table: "produtos", ID: "310", Before: map[string]string{"ativo": "N", "ultima_atualizacao": "x"}, After: map[string]string{"ativo": "S", "ultima_atualizacao": "y"}},
		{Seq: 3, Op: journal.OpDelete, Table: "produtos", ID: "312"},
		{Seq: 4, Op: journal.OpInsert, Table: "cliente_contrato_servicos", ID: "5"},
		{Seq: 5, Op: journal.OpInsert, Table: "vd_contratos", ID: "20"},
		{Seq: 6, Op: journal.OpInsert, Table: "produtos", State: journal.StateFailed},
	}
	if err := steps.CheckJournal(ok); err != nil {
		t.Fatalf("CheckJournal(program's own entries) = %v", err)
	}
}

// An id IXC serves that is not a number (a formula meant for the CSV) is
// never a record of a finding.
func TestNonNumericIDsNeverReachAReport(t *testing.T) {
	const evil = `=HYPERLINK("http://evil")+12`
	w := newWorld(t)
	w.customer(evil, "F", "", "", "") // no e-mail, no password, no document
	w.set("cliente_contrato", "101", map[string]string{"id_cliente": evil})
	w.contract(evil, "2", "12", "A") // a contract with a hostile id, entitled through plan 12
	w.set("cliente", "2", map[string]string{"senha": ""})
	for _, method := range []string{"hotsite", "cpf_cnpj", "pppoe"} {
		w.p.Auth.Method = profile.AuthMethod(method)
		rep := w.audit()
		for _, s := range rep.Steps {
			for _, f := range s.Findings {
				for _, r := range f.Records {
					if strings.Contains(r.ID, "HYPERLINK") || !steps.IsID(r.ID) && r.ID != "" {
						t.Fatalf("%s: %s has the record %+v", method, f.Code, r)
					}
				}
			}
		}
		if method == "hotsite" {
			f := finding(t, rep, "AUTH_HOTSITE_MISSING")
			if len(f.Records) != 1 || f.Records[0].ID != "2" || !strings.HasPrefix(f.Message.EN, "1 ") {
				t.Fatalf("AUTH_HOTSITE_MISSING = %+v", f)
			}
		}
	}
}
