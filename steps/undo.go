package steps

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// UndoNothing is the state of a journal entry that wrote nothing (it failed
// or was skipped), so there is nothing to revert.
const UndoNothing = "nothing"

// Undo actions.
const (
	UndoDelete  = "delete"  // an insert is reverted by deleting the record
	UndoRestore = "restore" // an update is reverted by writing the old values back
)

// UndoOutcome is what happened (or, in a dry run, would happen) to one
// journal entry.
type UndoOutcome struct {
	Entry  journal.Entry
	Action string    // UndoDelete | UndoRestore | "" (nothing to do)
	State  string    // done | skipped | failed | unknown | planned | nothing
	Reason i18n.Text // why skipped, failed, unknown or nothing
	// Changed lists, for an entry skipped because the record changed in IXC
	// after the journaled write, each field that differs: Before is what
	// the journal says was written, After is what IXC holds now.
	Changed []FieldChange
	// ChangedAt is the record's ultima_atualizacao when it changed.
	ChangedAt string
	Summary   i18n.Text // e.g. "Excluir produtos 312 (criado pelo apply)"
	Err       error
}

// UndoResult is the outcome of Undo, newest entry first.
type UndoResult struct {
	Outcomes []UndoOutcome
	Tally
	Nothing int
}

func (r *UndoResult) add(o UndoOutcome) {
	r.Outcomes = append(r.Outcomes, o)
	if !r.count(o.State) && o.State == UndoNothing {
		r.Nothing++
	}
}

// Undo reverts the done entries of a journal, newest first (so rows that
// reference a record go before it). A journal CheckJournal refuses is
// refused whole, before any request.
//
// An insert is reverted by deleting the record, only if it still holds
// every value that was inserted; an update by writing back the Before
// values of the fields it changed, only if the record still holds the After
// values of those fields (fields changed by someone else since are kept as
// they are; when nothing else changed, the record becomes the full Before
// record). A record changed in IXC after the write is skipped, with the
// differing fields in Changed. A record already gone is skipped. Entries
// that wrote nothing are "nothing"; entries whose outcome was never known
// (unknown, pending) and deletes are reported, never guessed: "unknown" and
// "skipped".
//
// Every write goes to j (a new journal, command "undo"), with the same
// safety as Apply: a lost answer is settled by re-reading (one more attempt
// at most). A connection failure stops Undo with that error. dryRun reads
// only: each revertible entry comes back "planned" (or skipped) and j may be
// nil. source names the journal being undone in j's notes.
func Undo(ctx context.Context, c *ixc.Client, entries []journal.Entry, j *journal.Journal, source string, dryRun bool) (*UndoResult, error) {
	res := &UndoResult{}
	if c == nil {
		return res, i18n.Errorf("undo precisa de um cliente", "undo needs a client")
	}
	if err := CheckJournal(entries); err != nil {
		return res, err
	}
	order := slices.Clone(entries)
	slices.SortFunc(order, func(a, b journal.Entry) int { return b.Seq - a.Seq })
	u := undoer{c: c, r: c.Reader(), j: j, dry: dryRun, source: source}
	for _, e := range order {
		if err := ctx.Err(); err != nil {
			return res, err
		}
		out, fatalErr := u.entry(ctx, e)
		res.add(out)
		if fatalErr != nil {
			return res, fatalErr
		}
	}
	return res, nil
}

type undoer struct {
	c      *ixc.Client
	r      *ixc.Reader
	j      *journal.Journal
	dry    bool
	source string
}

func (u *undoer) entry(ctx context.Context, e journal.Entry) (UndoOutcome, error) {
	out := UndoOutcome{Entry: e}
	switch e.State {
	case journal.StateFailed, journal.StateSkipped:
		out.State = UndoNothing
		out.Summary = entrySummary(e)
		out.Reason = i18n.T("nada foi gravado por esta linha do diário: nada a desfazer",
			"this journal line wrote nothing: nothing to undo")
		return out, nil
	case journal.StateUnknown, journal.StatePending:
		out.State = ApplyUnknown
		out.Summary = entrySummary(e)
		out.Reason = i18n.T("o resultado desta gravação nunca foi confirmado: confira o registro no IXC e desfaça à mão se preciso",
			"the outcome of this write was never confirmed: check the record in IXC and undo it by hand if needed")
		return out, nil
	}
	switch e.Op {
	case journal.OpInsert:
		out.Action = UndoDelete
		out.Summary = i18n.Tf("Excluir %s %s (criado pelo diário, linha %d)", "Delete %s %s (created by the journal, line %d)",
			e.Table, e.ID, e.Seq)
		return u.undoInsert(ctx, out)
	case journal.OpUpdate:
		out.Action = UndoRestore
		out.Summary = i18n.Tf("Restaurar %s %s (alterado pelo diário, linha %d): %s",
			"Restore %s %s (changed by the journal, line %d): %s", e.Table, e.ID, e.Seq, strings.Join(changedFields(e), ", "))
		return u.undoUpdate(ctx, out)
	default:
		out.State = ApplySkipped
		out.Summary = entrySummary(e)
		out.Reason = i18n.T("exclusões não são refeitas automaticamente: recrie o registro no IXC se preciso (os dados estão no diário, em \"before\")",
			"deletes are not redone automatically: re-create the record in IXC if needed (the journal's \"before\" holds its data)")
		return out, nil
	}
}

func entrySummary(e journal.Entry) i18n.Text {
	id := e.ID
	if id == "" {
		id = "?"
	}
	return i18n.Tf("%s %s %s (linha %d do diário, %s)", "%s %s %s (journal line %d, %s)", e.Op, e.Table, id, e.Seq, e.State)
}

// changedFields are the fields an update entry changed, sorted.
func changedFields(e journal.Entry) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(e.After)) {
		if k == "id" || k == "ultima_atualizacao" {
			continue
		}
		if !sameValue(e.After[k], e.Before[k]) {
			out = append(out, k)
		}
	}
	return out
}

// skipChanged fills out as skipped because the record changed since.
func skipChanged(out UndoOutcome, cur ixc.Record, diffs []FieldChange) (UndoOutcome, error) {
	out.State = ApplySkipped
	out.Changed = diffs
	out.ChangedAt = strings.TrimSpace(cur["ultima_atualizacao"])
	names := make([]string, len(diffs))
	for i, d := range diffs {
		names[i] = d.Field
	}
	when := ""
	if out.ChangedAt != "" {
		when = " (" + out.ChangedAt + ")"
	}
	out.Reason = i18n.Tf("o registro foi alterado no IXC depois%s: %s; não foi mexido",
		"the record was changed in IXC afterwards%s: %s; left as it is", when, strings.Join(names, ", "))
	return out, nil
}

// readFailed turns a failed read into an outcome (and the error that stops
// Undo when IXC cannot be used at all).
func readFailed(ctx context.Context, out UndoOutcome, err error) (UndoOutcome, error) {
	if ctx.Err() != nil {
		out.State, out.Err = ApplyFailed, ctx.Err()
		out.Reason = i18n.T("interrompido", "interrupted")
		return out, ctx.Err()
	}
	out.State, out.Err = ApplyFailed, err
	r := Reason(err)
	out.Reason = i18n.T("não foi possível ler o registro: "+r.PT, "cannot read the record: "+r.EN)
	if fatal(err) {
		return out, err
	}
	return out, nil
}

func (u *undoer) note(e journal.Entry, why string) string {
	n := "undo of " + u.source + " line " + strconv.Itoa(e.Seq)
	if why != "" {
		n += ": " + why
	}
	return n
}

// rereadFailed is why an undo write's outcome is unknown when the re-read
// after a lost answer failed too.
func rereadFailed(gerr error) i18n.Text {
	r := Reason(gerr)
	return i18n.T("a resposta se perdeu e a releitura também falhou ("+r.PT+")", "answer lost; the re-read failed too ("+r.EN+")")
}

// finish journals the outcome of an undo write. The user reads why (and
// err) in their language in out.Reason; the journal's note is English,
// for support (docs/reference.md, "Journal").
func (u *undoer) finish(out UndoOutcome, seq int, id, state string, err error, why i18n.Text) (UndoOutcome, error) {
	out.State, out.Err = state, err
	n := why.EN
	out.Reason = why
	if err != nil {
		if n != "" {
			n += ": "
		}
		n += note(err)
		r := Reason(err)
		if why.IsZero() {
			out.Reason = ErrorText(err)
		} else {
			out.Reason = i18n.T(why.PT+": "+r.PT, why.EN+": "+r.EN)
		}
	}
	if jerr := u.j.Finish(seq, id, state, u.note(out.Entry, n)); jerr != nil {
		return out, jerr
	}
	if err != nil && fatal(err) {
		return out, err
	}
	return out, nil
}

func (u *undoer) undoInsert(ctx context.Context, out UndoOutcome) (UndoOutcome, error) {
	e := out.Entry
	if e.ID == "" {
		out.State = ApplyUnknown
		out.Reason = i18n.T("o diário não tem o id do registro criado: confira no IXC",
			"the journal lacks the created record's id: check in IXC")
		return out, nil
	}
	cur, err := u.r.Get(ctx, e.Table, e.ID)
	if ixc.KindOf(err) == ixc.KindNotFound {
		out.State = ApplySkipped
		out.Reason = i18n.T("o registro já não existe no IXC", "the record no longer exists in IXC")
		return out, nil
	}
	if err != nil {
		return readFailed(ctx, out, err)
	}
	var diffs []FieldChange
	for _, k := range slices.Sorted(maps.Keys(e.After)) {
		now, ok := cur[k]
		if k == "id" || k == "ultima_atualizacao" || !ok {
			// IXC drops a field it does not know: the record never had it.
			continue
		}
		if !sameValue(e.After[k], now) {
			diffs = append(diffs, FieldChange{Field: k, Before: e.After[k], After: now})
		}
	}
	if len(diffs) > 0 {
		return skipChanged(out, cur, diffs)
	}
	if u.dry {
		out.State = ApplyPlanned
		return out, nil
	}
	seq, err := u.j.Begin(journal.OpDelete, e.Table, e.ID, cur, nil)
	if err != nil {
		return out, err
	}
	wctx := context.WithoutCancel(ctx)
	for attempt := 1; ; attempt++ {
		err := u.c.Delete(wctx, e.Table, e.ID)
		if err == nil {
			return u.finish(out, seq, e.ID, ApplyDone, nil, i18n.Text{})
		}
		if !lost(err) {
			return u.finish(out, seq, e.ID, ApplyFailed, err, i18n.Text{})
		}
		_, gerr := u.r.Get(wctx, e.Table, e.ID)
		switch {
		case ixc.KindOf(gerr) == ixc.KindNotFound:
			return u.finish(out, seq, e.ID, ApplyDone, nil, i18n.T("a resposta se perdeu; o registro já não existe", "answer lost; the record is gone"))
		case gerr != nil:
			o2, ferr := u.finish(out, seq, e.ID, ApplyUnknown, err, rereadFailed(gerr))
			if ferr == nil && (fatal(gerr) || lost(gerr)) {
				ferr = gerr
			}
			return o2, ferr
		case attempt >= 2:
			return u.finish(out, seq, e.ID, ApplyUnknown, err, i18n.T("a resposta se perdeu duas vezes; o registro continua lá", "answer lost twice; the record is still there"))
		}
	}
}

func (u *undoer) undoUpdate(ctx context.Context, out UndoOutcome) (UndoOutcome, error) {
	e := out.Entry
	fields := changedFields(e)
	if len(fields) == 0 || e.ID == "" {
		out.State, out.Action = UndoNothing, ""
		out.Reason = i18n.T("a atualização não mudou nenhum campo: nada a desfazer",
			"the update changed no field: nothing to undo")
		return out, nil
	}
	cur, err := u.r.Get(ctx, e.Table, e.ID)
	if ixc.KindOf(err) == ixc.KindNotFound {
		out.State = ApplySkipped
		out.Reason = i18n.T("o registro já não existe no IXC", "the record no longer exists in IXC")
		return out, nil
	}
	if err != nil {
		return readFailed(ctx, out, err)
	}
	var diffs []FieldChange
	for _, k := range fields {
		if _, ok := cur[k]; ok && !sameValue(e.After[k], cur[k]) {
			diffs = append(diffs, FieldChange{Field: k, Before: e.After[k], After: cur[k]})
		}
	}
	if len(diffs) > 0 {
		return skipChanged(out, cur, diffs)
	}
	if u.dry {
		out.State = ApplyPlanned
		return out, nil
	}
	full := maps.Clone(cur)
	for _, k := range fields {
		full[k] = e.Before[k]
	}
	seq, err := u.j.Begin(journal.OpUpdate, e.Table, e.ID, cur, full)
	if err != nil {
		return out, err
	}
	restored := func(rec ixc.Record) bool {
		for _, k := range fields {
			if !sameValue(e.Before[k], rec[k]) {
				return false
			}
		}
		return true
	}
	wctx := context.WithoutCancel(ctx)
	for attempt := 1; ; attempt++ {
		err := u.c.Replace(wctx, e.Table, e.ID, maps.Clone(full))
		if err == nil {
			return u.finish(out, seq, e.ID, ApplyDone, nil, i18n.Text{})
		}
		if !lost(err) {
			return u.finish(out, seq, e.ID, ApplyFailed, err, i18n.Text{})
		}
		now, gerr := u.r.Get(wctx, e.Table, e.ID)
		switch {
		case gerr != nil:
			o2, ferr := u.finish(out, seq, e.ID, ApplyUnknown, err, rereadFailed(gerr))
			if ferr == nil && (fatal(gerr) || lost(gerr)) {
				ferr = gerr
			}
			return o2, ferr
		case restored(now):
			return u.finish(out, seq, e.ID, ApplyDone, nil, i18n.T("a resposta se perdeu; o registro mostra os valores antigos", "answer lost; the record shows the old values"))
		case attempt >= 2:
			return u.finish(out, seq, e.ID, ApplyUnknown, err, i18n.T("a resposta se perdeu duas vezes; o registro não mostra os valores antigos", "answer lost twice; the record does not show the old values"))
		}
	}
}

// sameValue compares a value as written with one as IXC stores it: spaces
// around, a DD/MM/YYYY date stored as YYYY-MM-DD, an empty value stored as
// its column's zero, and decimals ("9.9" = "9.90") are the same.
func sameValue(written, stored string) bool {
	w, s := strings.TrimSpace(written), strings.TrimSpace(stored)
	if w == s {
		return true
	}
	if iso, ok := dmyISO(w); ok && (iso == s || strings.HasPrefix(s, iso+" ") && strings.TrimPrefix(s, iso+" ") == "00:00:00") {
		return true
	}
	if w == "" || s == "" {
		z := w + s
		switch z {
		case "0", "0.00", "0000-00-00", "0000-00-00 00:00:00":
			return true
		}
		return false
	}
	a, err1 := strconv.ParseFloat(w, 64)
	b, err2 := strconv.ParseFloat(s, 64)
	return err1 == nil && err2 == nil && a == b && isDecimal(w) && isDecimal(s)
}

func isDecimal(s string) bool {
	dot := false
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
		case r == '.' && !dot && i > 0:
			dot = true
		case r == '-' && i == 0:
		default:
			return false
		}
	}
	return s != ""
}

// dmyISO turns "DD/MM/YYYY" into "YYYY-MM-DD".
func dmyISO(s string) (string, bool) {
	if len(s) != 10 || s[2] != '/' || s[5] != '/' {
		return "", false
	}
	for _, i := range []int{0, 1, 3, 4, 6, 7, 8, 9} {
		if s[i] < '0' || s[i] > '9' {
			return "", false
		}
	}
	return s[6:10] + "-" + s[3:5] + "-" + s[0:2], true
}

// What this program writes, and so all that undo may revert (design.md §4):
// the tables it inserts into (apply, the wizard, convergence deletes its
// own copies there), and the only table it updates with the fields it
// changes (PlanProductFixWith).
var (
	writtenTables = map[string]bool{
		"produtos":                  true,
		"vd_contratos":              true, // the wizard's copy of a plan
		"vd_contratos_produtos":     true,
		"cliente_contrato_servicos": true,
	}
	updatedFields = map[string]map[string]bool{
		"produtos": {
			"ativo": true, "tipo": true, "controla_estoque": true, "movimentacao": true, "unidade": true,
			"preco_base": true, "icms_issqn": true, "id_class_fiscal": true,
		},
	}
)

// CheckJournal refuses a journal that names anything this program does not
// write: an operation other than insert, update or delete; a table outside
// writtenTables; an update of another table, or one that changed a field
// outside updatedFields; an id that is not a number. A journal is a file
// anyone can edit, and undo acts on what it says: the first such entry
// makes the whole journal refused (an error naming the line), before any
// request is sent.
func CheckJournal(entries []journal.Entry) error {
	for _, e := range entries {
		bad := func(pt, en string, args ...any) error {
			return i18n.Errorf("diário recusado, nada foi desfeito: a linha %d "+pt+"; o ixc-leveduca só desfaz o que ele mesmo grava (confira se o diário foi editado)",
				"journal refused, nothing was undone: line %d "+en+"; ixc-leveduca only undoes what it writes itself (check whether the journal was edited)",
				append([]any{e.Seq}, args...)...)
		}
		switch e.Op {
		case journal.OpInsert, journal.OpUpdate, journal.OpDelete:
		default:
			return bad("tem a operação %q", "has the operation %q", textsafe.Line(e.Op))
		}
		if !writtenTables[e.Table] {
			return bad("fala da tabela %q, que o programa não grava", "names the table %q, which the program does not write", textsafe.Line(e.Table))
		}
		if e.ID != "" && !IsID(e.ID) {
			return bad("tem o id %q, que não é um número", "has the id %q, which is not a number", textsafe.Line(e.ID))
		}
		if e.Op == journal.OpUpdate {
			allowed := updatedFields[e.Table]
			if allowed == nil {
				return bad("altera a tabela %q, que o programa só insere", "updates the table %q, which the program only inserts into", e.Table)
			}
			for _, k := range changedFields(e) {
				if !allowed[k] {
					return bad("altera o campo %s.%s, que o programa não altera", "changes the field %s.%s, which the program does not change", e.Table, textsafe.Line(k))
				}
			}
		}
	}
	return nil
}
