// Package journal records every write ixc-leveduca makes to IXC, so that an
// interrupted run can be understood and `undo` can revert it.
//
// A journal is a JSON-lines file: a header line (Meta), then one line per
// event. Before each write an intent line (state "pending", with the record
// before and the record sent) is appended and fsynced; after it, an outcome
// line with the same seq (state done, failed, unknown or skipped). Read
// merges them into the latest state per seq. The file is created with mode
// 0600 and never holds the API token: Meta has only the token's user id.
package journal

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"
)

// Schema identifies the journal format (header line).
const Schema = "ixc-leveduca/journal/v1"

// Entry states.
const (
	StatePending = "pending" // written before the request: the outcome is not known yet
	StateDone    = "done"
	StateFailed  = "failed"  // IXC refused the write: nothing changed
	StateUnknown = "unknown" // the answer was lost and a look-up could not settle it
	StateSkipped = "skipped" // the record was already there: nothing written
)

// Operations.
const (
	OpInsert = "insert"
	OpUpdate = "update"
	OpDelete = "delete"
)

// ErrNotJournal is (wrapped in) Read's and Open's error for a file that is
// not a journal: no header line, or another program's.
var ErrNotJournal = errors.New("not an ixc-leveduca journal")

// LineError is Read's and Open's error for a complete line that is not a
// journal line (bad JSON, no seq): the file was damaged or edited.
type LineError struct {
	Line int // 1-based
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

// Meta is the header of a journal.
type Meta struct {
	IXCURL    string
	TokenUser string
	Command   string
	Started   time.Time
}

// Entry is one write, in its latest known state.
type Entry struct {
	Seq    int               `json:"seq"`
	Time   time.Time         `json:"time"`
	Op     string            `json:"op"` // "insert" | "update" | "delete"
	Table  string            `json:"table"`
	ID     string            `json:"id,omitempty"`     // known after an insert
	Before map[string]string `json:"before,omitempty"` // full record before (update/delete)
	After  map[string]string `json:"after,omitempty"`  // record sent (insert) / full record sent (update)
	State  string            `json:"state"`            // pending | done | failed | unknown | skipped
	Note   string            `json:"note,omitempty"`
}

type header struct {
	Schema    string    `json:"schema"`
	IXCURL    string    `json:"ixc_url"`
	TokenUser string    `json:"token_user"`
	Command   string    `json:"command"`
	Started   time.Time `json:"started"`
}

// Journal is an open journal file, safe for concurrent use.
type Journal struct {
	mu      sync.Mutex
	f       *os.File
	path    string
	seq     int
	entries map[int]Entry
	closed  bool
}

// Create makes a new journal in dir named
// "ixc-leveduca-journal-YYYYMMDD-HHMMSS.jsonl" (from meta.Started, or now),
// with a "-2", "-3"… suffix when that name is taken, and writes its header.
func Create(dir string, meta Meta) (*Journal, error) {
	if meta.Started.IsZero() {
		meta.Started = time.Now()
	}
	if dir == "" {
		dir = "."
	}
	base := "ixc-leveduca-journal-" + meta.Started.Format("20060102-150405")
	var (
		f    *os.File
		path string
		err  error
	)
	for n := 1; n < 1000; n++ {
		name := base + ".jsonl"
		if n > 1 {
			name = fmt.Sprintf("%s-%d.jsonl", base, n)
		}
		path = filepath.Join(dir, name)
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
		if err == nil || !errors.Is(err, os.ErrExist) {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("journal: cannot create the journal in %s: %w", dir, err)
	}
	j := &Journal{f: f, path: path, entries: map[int]Entry{}}
	h := header{Schema: Schema, IXCURL: meta.IXCURL, TokenUser: meta.TokenUser, Command: meta.Command, Started: meta.Started}
	if err := j.writeLine(h); err != nil {
		_ = f.Close()
		return nil, err
	}
	return j, nil
}

// Open reopens an existing journal to append to it (resume or undo). A
// truncated last line (a crash in the middle of a write) is cut off.
func Open(path string) (*Journal, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	_, entries, good, err := parse(data)
	if err != nil {
		return nil, fmt.Errorf("journal %s: %w", path, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("journal: %w", err)
	}
	if good < len(data) {
		if err := f.Truncate(int64(good)); err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("journal: cannot cut the truncated last line: %w", err)
		}
	}
	if _, err := f.Seek(int64(good), io.SeekStart); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("journal: %w", err)
	}
	j := &Journal{f: f, path: path, entries: map[int]Entry{}}
	if good > 0 && data[good-1] != '\n' {
		// A valid final line without its newline: end it before appending.
		if _, err := f.Write([]byte{'\n'}); err != nil {
			_ = f.Close()
			return nil, fmt.Errorf("journal: %w", err)
		}
	}
	for _, e := range entries {
		j.entries[e.Seq] = e
		j.seq = max(j.seq, e.Seq)
	}
	return j, nil
}

// Read returns a journal's header and its entries in seq order, each in its
// latest state. A truncated last line is ignored.
func Read(path string) (Meta, []Entry, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Meta{}, nil, fmt.Errorf("journal: %w", err)
	}
	m, entries, _, err := parse(data)
	if err != nil {
		return Meta{}, nil, fmt.Errorf("journal %s: %w", path, err)
	}
	return m, entries, nil
}

// parse decodes a journal. good is the length of the prefix to keep when
// appending: every complete line, plus a final line without '\n' when it is
// valid JSON. Complete lines must be valid; a final fragment that is not
// (a crash in the middle of a write) is ignored.
func parse(data []byte) (Meta, []Entry, int, error) {
	var (
		m     Meta
		byseq = map[int]*Entry{}
		order []int
		good  int
		seen  bool
	)
	lineNo := 0
	for off := 0; off < len(data); {
		nl := bytes.IndexByte(data[off:], '\n')
		complete := nl >= 0
		end, next := len(data), len(data)
		if complete {
			end, next = off+nl, off+nl+1
		}
		lineNo++
		line := bytes.TrimSpace(data[off:end])
		if len(line) > 0 {
			var err error
			if !seen {
				var h header
				err = json.Unmarshal(line, &h)
				if err == nil && h.Schema != Schema || err != nil && complete {
					// Another program's JSON, or no JSON at all (a profile
					// given by mistake): not a journal, not a damaged one.
					return m, nil, 0, fmt.Errorf("%w (bad header line)", ErrNotJournal)
				}
				if err == nil {
					m = Meta{IXCURL: h.IXCURL, TokenUser: h.TokenUser, Command: h.Command, Started: h.Started}
					seen = true
				}
			} else {
				var e Entry
				if err = json.Unmarshal(line, &e); err == nil && e.Seq <= 0 {
					err = errors.New("entry without seq")
				}
				if err == nil {
					if cur, ok := byseq[e.Seq]; ok {
						merge(cur, e)
					} else {
						ec := e
						byseq[e.Seq] = &ec
						order = append(order, e.Seq)
					}
				}
			}
			if err != nil {
				if complete {
					return m, nil, 0, &LineError{Line: lineNo, Err: err}
				}
				break // a partial final line: ignored
			}
		}
		good = next
		off = next
	}
	if !seen {
		return m, nil, 0, fmt.Errorf("%w (no header line)", ErrNotJournal)
	}
	out := make([]Entry, 0, len(order))
	for _, s := range order {
		out = append(out, *byseq[s])
	}
	slices.SortFunc(out, func(a, b Entry) int { return a.Seq - b.Seq })
	return m, out, good, nil
}

// merge applies a later line of the same seq.
func merge(cur *Entry, e Entry) {
	cur.Time = e.Time
	cur.State = e.State
	if e.ID != "" {
		cur.ID = e.ID
	}
	if e.Note != "" {
		cur.Note = e.Note
	}
	if e.Before != nil {
		cur.Before = e.Before
	}
	if e.After != nil {
		cur.After = e.After
	}
	if e.Op != "" {
		cur.Op = e.Op
	}
	if e.Table != "" {
		cur.Table = e.Table
	}
}

// Path is the journal file's path.
func (j *Journal) Path() string { return j.path }

// Begin records the intent of a write (state pending) and returns its seq.
// It returns only once the line is on disk.
func (j *Journal) Begin(op, table, id string, before, after map[string]string) (int, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return 0, errors.New("journal: closed")
	}
	switch op {
	case OpInsert, OpUpdate, OpDelete:
	default:
		return 0, fmt.Errorf("journal: unknown operation %q", op)
	}
	j.seq++
	e := Entry{Seq: j.seq, Time: time.Now(), Op: op, Table: table, ID: id,
		Before: maps.Clone(before), After: maps.Clone(after), State: StatePending}
	if err := j.writeLine(e); err != nil {
		j.seq--
		return 0, err
	}
	j.entries[e.Seq] = e
	return e.Seq, nil
}

// Finish records the outcome of the write seq: its id (an insert's new id),
// state (done, failed, unknown, skipped) and a note (IXC's message).
func (j *Journal) Finish(seq int, id, state, note string) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return errors.New("journal: closed")
	}
	e, ok := j.entries[seq]
	if !ok {
		return fmt.Errorf("journal: no entry %d", seq)
	}
	switch state {
	case StateDone, StateFailed, StateUnknown, StateSkipped, StatePending:
	default:
		return fmt.Errorf("journal: unknown state %q", state)
	}
	// The outcome line repeats op/table but not the records (Read merges).
	line := Entry{Seq: seq, Time: time.Now(), Op: e.Op, Table: e.Table, ID: id, State: state, Note: note}
	if err := j.writeLine(line); err != nil {
		return err
	}
	merge(&e, line)
	j.entries[seq] = e
	return nil
}

// Close closes the file.
func (j *Journal) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed {
		return nil
	}
	j.closed = true
	return j.f.Close()
}

// writeLine appends v as one JSON line and fsyncs. The caller holds j.mu
// (or owns j exclusively).
func (j *Journal) writeLine(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("journal: %w", err)
	}
	b = append(b, '\n')
	if _, err := j.f.Write(b); err != nil {
		return fmt.Errorf("journal: write: %w", err)
	}
	if err := j.f.Sync(); err != nil {
		return fmt.Errorf("journal: fsync: %w", err)
	}
	return nil
}
