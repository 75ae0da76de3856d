package steps

import (
	"context"
	"errors"
	"fmt"
	"maps"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/recid"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// States of a change after Apply.
const (
	ApplyDone    = journal.StateDone    // written (or found written after a lost answer)
	ApplySkipped = journal.StateSkipped // already there: nothing written
	ApplyFailed  = journal.StateFailed  // IXC refused it, or it could not be tried
	ApplyUnknown = journal.StateUnknown // the answer was lost and a look-up could not settle it
	ApplyPlanned = "planned"            // dry run: would be written
)

// Progress is called after each change with the number of changes handled
// so far.
type Progress func(done, total int, c Change)

// ChangeOutcome is what happened to one change. (It is not called Outcome:
// that name is the audit's exit class.)
type ChangeOutcome struct {
	Change Change
	ID     string // the record's id: the new one after an insert
	State  string // done | skipped | failed | unknown | planned
	Err    error  // why it failed or is unknown
	// Note says what else happened: another run created the same record at
	// the same time and this run's copy was removed (see converge).
	Note i18n.Text
}

// ApplyResult is the outcome of Apply, in plan order. Changes after a
// fatal error or a cancellation have no outcome.
type ApplyResult struct {
	Outcomes []ChangeOutcome
	Tally
}

// Tally counts outcomes by state (apply and undo share the states).
type Tally struct {
	Done, Skipped, Failed, Unknown, Planned int
}

// count adds one outcome of state s; false for a state it does not count.
func (t *Tally) count(s string) bool {
	switch s {
	case ApplyDone:
		t.Done++
	case ApplySkipped:
		t.Skipped++
	case ApplyFailed:
		t.Failed++
	case ApplyUnknown:
		t.Unknown++
	case ApplyPlanned:
		t.Planned++
	default:
		return false
	}
	return true
}

func (r *ApplyResult) add(o ChangeOutcome) {
	r.Outcomes = append(r.Outcomes, o)
	r.count(o.State)
}

// Apply executes plan through the client, journaling every write.
//
// Insert: the Key is looked up first (found: "skipped" with that id, so a
// re-run never duplicates); else Begin → Insert → Finish. When the insert's
// answer is lost (transport error, timeout, 5xx), the Key is looked up
// again: found → done; absent → one more attempt; still lost → "unknown"
// (never a loop). Update: the full record is re-read, journaled as Before,
// and PUT whole with the changes overlaid (IXC rejects partial PUTs); a lost
// answer is settled by re-reading. A refused change is "failed" and the next
// one runs; a connection failure (token rejected, IP not allowed, TLS,
// unreachable) stops Apply with that error. Cancelling ctx stops between
// changes: a change that started is finished and journaled first.
//
// dryRun reads (the look-ups) but writes nothing and needs no journal:
// each change comes back "planned", or "skipped" when already there.
func Apply(ctx context.Context, c *ixc.Client, plan Plan, j *journal.Journal, dryRun bool, progress Progress) (*ApplyResult, error) {
	res := &ApplyResult{}
	if c == nil {
		return res, errors.New("steps: Apply needs a client")
	}
	if !dryRun && j == nil && !plan.Empty() {
		return res, errors.New("steps: Apply needs a journal to write")
	}
	a := applier{c: c, r: c.Reader(), j: j}
	total := len(plan.Changes)
	for i, ch := range plan.Changes {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		var (
			out   *ChangeOutcome
			fatal error
		)
		switch {
		case ch.Draft && dryRun:
			out = &ChangeOutcome{Change: ch, ID: ch.ID, State: ApplyPlanned}
		case ch.Draft:
			out = &ChangeOutcome{Change: ch, State: ApplyFailed, Err: errDraftWrite}
		case dryRun:
			out, fatal = a.dry(ctx, ch)
		case ch.Kind == ChangeInsert:
			out, fatal = a.insert(ctx, ch)
		case ch.Kind == ChangeUpdate:
			out, fatal = a.update(ctx, ch)
		default:
			out = &ChangeOutcome{Change: ch, State: ApplyFailed,
				Err: i18n.Errorf("tipo de alteração desconhecido %q", "unknown change kind %q", ch.Kind)}
		}
		if out != nil {
			res.add(*out)
			if progress != nil {
				progress(i+1, total, ch)
			}
		}
		if fatal != nil {
			return res, fatal
		}
	}
	return res, nil
}

type applier struct {
	c *ixc.Client
	r *ixc.Reader
	j *journal.Journal
}

// lost reports whether err may hide a write that was applied: the request
// may have reached IXC, but its answer did not come back.
func lost(err error) bool {
	switch ixc.KindOf(err) {
	case ixc.KindUnreachable, ixc.KindServer:
		return true
	}
	return false
}

// fatal reports whether err means IXC cannot be used at all, so the next
// changes would fail the same way.
func fatal(err error) bool {
	switch ixc.KindOf(err) {
	case ixc.KindTokenRejected, ixc.KindIPNotAllowed, ixc.KindTLS, ixc.KindUnreachable, ixc.KindNotIXC,
		ixc.KindInvalidQuery: // a bug of the program: every change would meet it
		return true
	}
	return false
}

// lookup finds the oldest record matching key (lowest id: the listing is
// in id order). A record whose id is not a number is not one IXC made: it
// is not taken.
func lookup(ctx context.Context, r *ixc.Reader, table string, key []ixc.Cond) (ixc.Record, bool, error) {
	p, err := r.List(ctx, ixc.Query{Table: table, Filter: key, RP: 1})
	if err != nil {
		return nil, false, err
	}
	if len(p.Records) == 0 || !IsID(p.Records[0]["id"]) {
		return nil, false, nil
	}
	return p.Records[0], true, nil
}

// IsID reports whether s is an id as IXC makes them: 1 to 18 digits, not
// all zeros. An id read from IXC that is not one (a hostile answer's
// `=HYPERLINK(…)`) is never used in a request, a journal or a report.
func IsID(s string) bool {
	if s == "" || len(s) > 18 {
		return false
	}
	zero := true
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		zero = zero && s[i] == '0'
	}
	return !zero
}

// errBadID is the error of a write whose answer names an id that is not a
// number.
func errBadID(id string) error {
	return i18n.Errorf("o IXC respondeu com um id que não é um número (%q): confira o registro no IXC",
		"IXC answered with an id that is not a number (%q): check the record in IXC", textsafe.Line(id))
}

// failedBefore is the outcome of a change that could not start (a read
// failed): nothing was written or journaled. A cancelled ctx gives no
// outcome at all.
func failedBefore(ctx context.Context, ch Change, err error) (*ChangeOutcome, error) {
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	out := &ChangeOutcome{Change: ch, State: ApplyFailed, Err: err}
	if fatal(err) {
		return out, err
	}
	return out, nil
}

func note(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func (a *applier) dry(ctx context.Context, ch Change) (*ChangeOutcome, error) {
	out := &ChangeOutcome{Change: ch, ID: ch.ID, State: ApplyPlanned}
	switch ch.Kind {
	case ChangeInsert:
		if len(ch.Key) == 0 {
			return out, nil
		}
		rec, found, err := lookup(ctx, a.r, ch.Table, ch.Key)
		if err != nil {
			return failedBefore(ctx, ch, err)
		}
		if found {
			out.ID, out.State = rec["id"], ApplySkipped
		}
	case ChangeUpdate:
		cur, err := a.r.Get(ctx, ch.Table, ch.ID)
		if err != nil {
			return failedBefore(ctx, ch, err)
		}
		if sameFields(cur, ch.Fields) {
			out.State = ApplySkipped
		}
	default:
		out.State = ApplyFailed
		out.Err = i18n.Errorf("tipo de alteração desconhecido %q", "unknown change kind %q", ch.Kind)
	}
	return out, nil
}

// finish records an outcome in the journal; a journal that cannot be
// written stops Apply (the write already happened or not, but without a
// record of it nothing more may be written).
func (a *applier) finish(out *ChangeOutcome, seq int, state string, err error, why string) (*ChangeOutcome, error) {
	out.State, out.Err = state, err
	n := why
	if err != nil {
		if n != "" {
			n += ": "
		}
		n += note(err)
	}
	if jerr := a.j.Finish(seq, out.ID, state, n); jerr != nil {
		return out, jerr
	}
	if err != nil && fatal(err) {
		return out, err
	}
	return out, nil
}

func (a *applier) insert(ctx context.Context, ch Change) (*ChangeOutcome, error) {
	out := &ChangeOutcome{Change: ch}
	if len(ch.Key) > 0 {
		rec, found, err := lookup(ctx, a.r, ch.Table, ch.Key)
		if err != nil {
			return failedBefore(ctx, ch, err)
		}
		if found {
			out.ID = rec["id"]
			seq, err := a.j.Begin(journal.OpInsert, ch.Table, "", nil, ch.Fields)
			if err != nil {
				return nil, err
			}
			return a.finish(out, seq, ApplySkipped, nil, "already exists")
		}
	}
	seq, err := a.j.Begin(journal.OpInsert, ch.Table, "", nil, ch.Fields)
	if err != nil {
		return nil, err
	}
	// From here on the change is finished even if ctx is cancelled: a
	// half-done write must be settled and journaled.
	wctx := context.WithoutCancel(ctx)
	for attempt := 1; ; attempt++ {
		id, err := a.c.Insert(wctx, ch.Table, ixc.Record(maps.Clone(ch.Fields)))
		if err == nil {
			if id != "" && !IsID(id) {
				return a.finish(out, seq, ApplyUnknown, errBadID(id), "")
			}
			out.ID = id
			mine := id
			if id == "" && len(ch.Key) > 0 {
				if rec, found, lerr := lookup(wctx, a.r, ch.Table, ch.Key); lerr == nil && found {
					out.ID = rec["id"]
				}
			}
			why := ""
			if attempt > 1 {
				why = "second attempt after a lost answer"
			}
			o2, ferr := a.finish(out, seq, ApplyDone, nil, why)
			if ferr != nil || mine == "" {
				return o2, ferr
			}
			return a.converge(wctx, o2, mine)
		}
		if !lost(err) {
			return a.finish(out, seq, ApplyFailed, err, "")
		}
		if len(ch.Key) == 0 {
			return a.finish(out, seq, ApplyUnknown, err, "answer lost; no key to look the record up")
		}
		rec, found, lerr := lookup(wctx, a.r, ch.Table, ch.Key)
		if lerr != nil {
			out2, ferr := a.finish(out, seq, ApplyUnknown, err, "answer lost; the look-up failed too ("+note(lerr)+")")
			if ferr == nil && (fatal(lerr) || lost(lerr)) {
				ferr = lerr
			}
			return out2, ferr
		}
		if found {
			out.ID = rec["id"]
			return a.finish(out, seq, ApplyDone, nil, "answer lost; the record was found by its key")
		}
		if attempt >= 2 {
			return a.finish(out, seq, ApplyUnknown, err, "answer lost twice; the record is not found")
		}
	}
}

// sameFields reports whether rec already holds every value of fields.
func sameFields(rec ixc.Record, fields map[string]string) bool {
	for k, v := range fields {
		if rec[k] != v {
			return false
		}
	}
	return true
}

func (a *applier) update(ctx context.Context, ch Change) (*ChangeOutcome, error) {
	out := &ChangeOutcome{Change: ch, ID: ch.ID}
	cur, err := a.r.Get(ctx, ch.Table, ch.ID)
	if err != nil {
		return failedBefore(ctx, ch, err)
	}
	full := maps.Clone(cur)
	maps.Copy(full, ch.Fields)
	seq, err := a.j.Begin(journal.OpUpdate, ch.Table, ch.ID, cur, full)
	if err != nil {
		return nil, err
	}
	if sameFields(cur, ch.Fields) {
		return a.finish(out, seq, ApplySkipped, nil, "already up to date")
	}
	wctx := context.WithoutCancel(ctx)
	for attempt := 1; ; attempt++ {
		// The full record as read and journaled, with the changes overlaid.
		err := a.c.Replace(wctx, ch.Table, ch.ID, maps.Clone(full))
		if err == nil {
			return a.finish(out, seq, ApplyDone, nil, "")
		}
		if !lost(err) {
			return a.finish(out, seq, ApplyFailed, err, "")
		}
		now, gerr := a.r.Get(wctx, ch.Table, ch.ID)
		if gerr != nil {
			out2, ferr := a.finish(out, seq, ApplyUnknown, err, "answer lost; the re-read failed too ("+note(gerr)+")")
			if ferr == nil && (fatal(gerr) || lost(gerr)) {
				ferr = gerr
			}
			return out2, ferr
		}
		if sameFields(now, ch.Fields) {
			return a.finish(out, seq, ApplyDone, nil, "answer lost; the record shows the change")
		}
		if attempt >= 2 {
			return a.finish(out, seq, ApplyUnknown, err, "answer lost twice; the record does not show the change")
		}
	}
}

// converge settles two writers creating the same record at once (two
// technicians, or two runs on machines that do not share a lock): after an
// insert whose new id (mine) is known, every record matching the change's
// Key is listed. When there are several, the oldest (lowest id) is kept:
// if it is not mine, this run deletes its own record (journaled: a delete
// entry after the insert entry) and goes on with the oldest, so later
// changes (a product's links) use the record every run uses. The run that
// made the oldest sees the same list and keeps it; the ids IXC hands out
// grow, so whichever insert came second sees the first one. A record that
// cannot be deleted is left and said in out.Note; the outcome still
// carries the oldest id.
func (a *applier) converge(ctx context.Context, out *ChangeOutcome, mine string) (*ChangeOutcome, error) {
	ch := out.Change
	if len(ch.Key) == 0 {
		return out, nil
	}
	recs, err := a.r.All(ctx, ixc.Query{Table: ch.Table, Filter: ch.Key})
	if err != nil {
		// The record is written and journaled; the audit finds a duplicate
		// (PRODUCT_DUPLICATE, LINK_DOUBLE) if one was made meanwhile.
		d := ErrorText(err)
		out.Note = i18n.T("não foi possível conferir se outra execução criou o mesmo registro: "+d.PT,
			"could not check whether another run created the same record: "+d.EN)
		if fatal(err) {
			return out, err
		}
		return out, nil
	}
	oldest, mineRec := "", ixc.Record(nil)
	for _, rec := range recs {
		id := rec["id"]
		if !IsID(id) {
			continue
		}
		if id == mine {
			mineRec = rec
		}
		if oldest == "" || recid.Less(id, oldest) {
			oldest = id
		}
	}
	if oldest == "" || oldest == mine || !recid.Less(oldest, mine) {
		return out, nil
	}
	// Another run's record is older: delete mine, use theirs.
	if mineRec == nil {
		mineRec = ixc.Record{"id": mine}
	}
	seq, err := a.j.Begin(journal.OpDelete, ch.Table, mine, mineRec, nil)
	if err != nil {
		return out, err
	}
	why := "another run created the same record (id " + oldest + ") at the same time; this run's copy is removed and the oldest kept"
	derr := a.c.Delete(ctx, ch.Table, mine)
	if derr != nil && lost(derr) {
		// Settle a lost answer by reading, as everywhere.
		if _, gerr := a.r.Get(ctx, ch.Table, mine); ixc.KindOf(gerr) == ixc.KindNotFound {
			derr = nil
		}
	}
	state := ApplyDone
	if derr != nil {
		state = ApplyFailed
	}
	if jerr := a.j.Finish(seq, mine, state, why+func() string {
		if derr != nil {
			return ": " + note(derr)
		}
		return ""
	}()); jerr != nil {
		return out, jerr
	}
	out.ID = oldest
	if derr != nil {
		out.Note = i18n.T(
			fmt.Sprintf("outra execução criou o mesmo registro ao mesmo tempo (id %s, que será usado); o criado por esta (id %s) não pôde ser excluído: %s — exclua-o no IXC",
				oldest, mine, ErrorText(derr).PT),
			fmt.Sprintf("another run created the same record at the same time (id %s, which is used); the one this run created (id %s) could not be deleted: %s — delete it in IXC",
				oldest, mine, ErrorText(derr).EN))
		if fatal(derr) {
			return out, derr
		}
		return out, nil
	}
	out.State = ApplySkipped
	out.Note = i18n.Tf("outra execução criou o mesmo registro ao mesmo tempo (id %s): o criado por esta (id %s) foi excluído e o mais antigo é usado",
		"another run created the same record at the same time (id %s): the one this run created (id %s) was deleted and the oldest is used",
		oldest, mine)
	return out, nil
}
