package steps

import (
	"maps"
	"slices"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
)

// ChangeKind is what a planned change does.
type ChangeKind string

// Change kinds.
const (
	ChangeInsert ChangeKind = "insert"
	ChangeUpdate ChangeKind = "update"
)

// Change is one planned write to IXC. The wizard shows it (Summary, then
// Diff) before anything is written, and Apply executes it.
type Change struct {
	Kind  ChangeKind
	Table string
	ID    string // update: the record's id
	// Fields: insert: the full record to create; update: only the fields to change.
	Fields map[string]string
	// Before: update: the full current record (the confirmation shows before → after).
	Before map[string]string
	// Key: insert: the filter that finds this record if it already exists
	// (idempotency: Apply looks it up before inserting and after a lost answer).
	Key     []ixc.Cond
	Summary i18n.Text // one line, e.g. "Adicionar o produto 310 (LevEduca) ao plano 12 (FIBRA 500)"
	// Draft: the change is about a record a dry run only simulated (see
	// Draft): Apply simulates it and never writes it.
	Draft bool
}

// FieldChange is one field of a change as the confirmation screen lists it.
type FieldChange struct {
	Field, Before, After string
}

// Diff lists the fields the change writes, sorted by name: for an insert
// every field (Before ""), for an update only the fields whose value
// differs from Before.
func (c Change) Diff() []FieldChange {
	keys := slices.Sorted(maps.Keys(c.Fields))
	out := make([]FieldChange, 0, len(keys))
	for _, k := range keys {
		fc := FieldChange{Field: k, After: c.Fields[k]}
		if c.Kind == ChangeUpdate {
			fc.Before = c.Before[k]
			if fc.Before == fc.After {
				continue
			}
		}
		out = append(out, fc)
	}
	return out
}

// Plan is an ordered list of changes.
type Plan struct{ Changes []Change }

// Empty reports whether the plan changes nothing.
func (p Plan) Empty() bool { return len(p.Changes) == 0 }

// Merge returns the changes of p followed by those of others.
func (p Plan) Merge(others ...Plan) Plan {
	out := Plan{Changes: slices.Clone(p.Changes)}
	for _, o := range others {
		out.Changes = append(out.Changes, o.Changes...)
	}
	return out
}
