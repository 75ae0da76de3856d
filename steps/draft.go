package steps

import (
	"maps"
	"strconv"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// Draft is a record a dry run would create: the new product, the combo
// plan. It is not in IXC and has no id, yet the steps after it must still
// say what they would write about it (the new product's link rows). Its
// Ref stands for the id in those plans.
//
// A Ref is never an IXC id: IsID and profile.ParseID refuse it, so it
// cannot reach a request by mistake. The planners take a draft's fields
// from the Draft instead of reading IXC, read nothing about it (no row of
// IXC can hold a record that does not exist), and mark every change about
// it Draft: Apply only simulates such a change, and refuses to write it.
type Draft struct {
	Ref    string
	Table  string
	Fields map[string]string
}

// draftPrefix starts every draft Ref.
const draftPrefix = "novo-"

// IsDraftRef reports whether id is a draft's Ref rather than an IXC id.
func IsDraftRef(id string) bool { return strings.HasPrefix(id, draftPrefix) }

// DraftRef is the n-th draft Ref of a run (n from 1).
func DraftRef(n int) string { return draftPrefix + strconv.Itoa(n) }

// DraftOf is the draft of the record ch would insert, named ref; false
// when ch is not an insert.
func DraftOf(ch Change, ref string) (Draft, bool) {
	if ch.Kind != ChangeInsert || !IsDraftRef(ref) {
		return Draft{}, false
	}
	return Draft{Ref: ref, Table: ch.Table, Fields: maps.Clone(ch.Fields)}, true
}

// Name is the draft's name as IXC shows it: a plan's nome, a product's
// descricao.
func (d Draft) Name() string {
	if d.Table == "vd_contratos" {
		return strings.TrimSpace(d.Fields["nome"])
	}
	return strings.TrimSpace(d.Fields["descricao"])
}

// DraftShown is how a confirmation shows a field whose value is a draft's
// Ref (the id_produto of the new product's link rows).
var DraftShown = i18n.T("(id do registro novo, simulado)", "(id of the new record, simulated)")

// findDraft is the draft ref of table among drafts.
func findDraft(drafts []Draft, table, ref string) (Draft, bool) {
	for _, d := range drafts {
		if d.Ref == ref && d.Table == table {
			return d, true
		}
	}
	return Draft{}, false
}

// splitDrafts separates ids into IXC ids and draft Refs.
func splitDrafts(ids []string) (real, drafts []string) {
	for _, id := range ids {
		if IsDraftRef(id) {
			drafts = append(drafts, id)
		} else {
			real = append(real, id)
		}
	}
	return real, drafts
}

// errUnknownDraft is the error of a draft Ref the planner was not given.
func errUnknownDraft(ref string) error {
	return i18n.Errorf("o registro simulado %s não é conhecido nesta execução", "the simulated record %s is not known in this run", ref)
}

// errDraftWrite is why Apply refuses to write a change about a draft.
var errDraftWrite = i18n.Errorf(
	"esta alteração é sobre um registro que só foi simulado (--dry-run) e não existe no IXC: nada foi gravado",
	"this change is about a record that was only simulated (--dry-run) and is not in IXC: nothing was written")
