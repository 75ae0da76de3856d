package report

// The comparison of design.md §8: this audit against an earlier one (the
// baseline), read back from its JSON. Rendering lives in baseline_render.go.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// MaxBaselineSize bounds a baseline file: an audit of 100,000 contracts with
// every record listed is a few MB; anything larger is not one of ours.
const MaxBaselineSize = 64 << 20

// Kinds of baseline file.
const (
	BaselineAudit   = "audit"   // an audit report (--format json)
	BaselineHandoff = "handoff" // a hand-off, whose "audit" key holds the audit report
)

// Baseline is an earlier audit read back from its JSON file.
type Baseline struct {
	Path string // the file, as given
	Kind string // BaselineAudit or BaselineHandoff
	// GeneratedAt is when the baseline audit ran: its generated_at, or the
	// file's modification time when the file does not say.
	GeneratedAt time.Time
	URL         string        // the IXC it audited, as written in the file
	Summary     steps.Summary // its counts
	// TokenUser is the id part of the token it ran with (ixc.token_user,
	// cleaned; "" when the file does not say).
	TokenUser string
	findings  []baseFinding // in file order
	steps     map[string]steps.Status
	// config is what the file records of the configuration the audit ran
	// with (a hand-off's; nil for an audit JSON, which records none).
	config *baseConfig
}

type baseFinding struct {
	step, code string
	records    []steps.RecordRef
}

// BaselineError is a baseline that cannot be used: unreadable, not an
// audit or hand-off JSON of this program, or from another IXC. It is an
// input error (exit 2); its text names the file.
type BaselineError struct {
	Path string
	Why  i18n.Text
}

func (e *BaselineError) Error() string { return e.Text().EN }

// Text is the message in both languages, naming the file.
func (e *BaselineError) Text() i18n.Text {
	name := cleanText(e.Path, 200)
	return i18n.T("--baseline "+name+": "+e.Why.PT, "--baseline "+name+": "+e.Why.EN)
}

func baselineErr(path string, pt, en string, args ...any) *BaselineError {
	return &BaselineError{Path: path, Why: i18n.Tf(pt, en, args...)}
}

// ReadBaseline reads an audit JSON or a hand-off JSON from path. Errors are
// *BaselineError.
func ReadBaseline(path string) (*Baseline, error) {
	f, err := os.Open(path)
	if err != nil {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil, baselineErr(path, "o arquivo não existe.", "the file does not exist.")
		case errors.Is(err, os.ErrPermission):
			return nil, baselineErr(path, "sem permissão para ler o arquivo.", "no permission to read the file.")
		}
		return nil, baselineErr(path, "não foi possível abrir o arquivo.", "cannot open the file.")
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, baselineErr(path, "não foi possível ler o arquivo.", "cannot read the file.")
	}
	if !st.Mode().IsRegular() {
		return nil, baselineErr(path, "não é um arquivo comum; indique o JSON de uma auditoria anterior.",
			"not a regular file; give the JSON of an earlier audit.")
	}
	if st.Size() > MaxBaselineSize {
		return nil, baselineErr(path, "o arquivo tem mais de %d MB; não é um relatório desta ferramenta.",
			"the file is larger than %d MB; it is not a report of this program.", MaxBaselineSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxBaselineSize+1))
	if err != nil {
		return nil, baselineErr(path, "não foi possível ler o arquivo.", "cannot read the file.")
	}
	if len(data) > MaxBaselineSize {
		return nil, baselineErr(path, "o arquivo tem mais de %d MB; não é um relatório desta ferramenta.",
			"the file is larger than %d MB; it is not a report of this program.", MaxBaselineSize>>20)
	}
	b, err := ParseBaseline(data)
	if err != nil {
		var be *BaselineError
		if errors.As(err, &be) {
			be.Path = path
		}
		return nil, err
	}
	b.Path = path
	if b.GeneratedAt.IsZero() {
		b.GeneratedAt = st.ModTime()
	}
	return b, nil
}

// The parts of the audit JSON a comparison reads; other keys are ignored.
type baseAuditJSON struct {
	Schema      string `json:"schema"`
	GeneratedAt string `json:"generated_at"`
	IXC         *struct {
		URL string
		// TokenUser is read on its own: a value of another shape is
		// not recorded, not an error.
		TokenUser json.RawMessage `json:"token_user"`
	} `json:"ixc"`
	Summary *struct {
		Errors            int `json:"errors"`
		Warnings          int `json:"warnings"`
		EntitledContracts int `json:"entitled_contracts"`
		ReadyContracts    int `json:"ready_contracts"`
		ReadyEmployees    int `json:"ready_employees"`
	} `json:"summary"`
	Steps []struct {
		Step     string `json:"step"`
		Status   string `json:"status"`
		Findings []struct {
			Code    string            `json:"code"`
			Records []steps.RecordRef `json:"records"`
		} `json:"findings"`
	} `json:"steps"`
}

type baseEnvelope struct {
	Schema string          `json:"schema"`
	Audit  json.RawMessage `json:"audit"`
	// A hand-off records its configuration at the top.
	handoffConfigJSON
}

// ParseBaseline reads an audit JSON or a hand-off JSON. Path and, when the
// file has no generated_at, GeneratedAt are left for the caller (see
// ReadBaseline). Errors are *BaselineError without Path.
func ParseBaseline(data []byte) (*Baseline, error) {
	foreign := func() error {
		return baselineErr("", "não é o JSON de uma auditoria (--format json) nem de um relatório de entrega do ixc-leveduca.",
			"not the JSON of an audit (--format json) nor of a hand-off of ixc-leveduca.")
	}
	var env baseEnvelope
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, foreign()
	}
	kind := BaselineAudit
	var config *baseConfig
	switch env.Schema {
	case Schema:
	case HandoffSchema:
		kind = BaselineHandoff
		if a := bytes.TrimSpace(env.Audit); len(a) == 0 || bytes.Equal(a, []byte("null")) {
			return nil, baselineErr("", "este relatório de entrega não traz a auditoria completa (chave \"audit\"): foi gerado por uma versão anterior. Use o JSON de uma auditoria (audit --format json).",
				"this hand-off does not carry the full audit (key \"audit\"): an earlier version made it. Use an audit JSON (audit --format json).")
		}
		data = env.Audit
		config = env.config()
	default:
		return nil, foreign()
	}
	var a baseAuditJSON
	if err := json.Unmarshal(data, &a); err != nil || a.Schema != Schema || a.IXC == nil || a.Summary == nil || a.Steps == nil {
		return nil, foreign()
	}
	b := &Baseline{Kind: kind, URL: a.IXC.URL, steps: map[string]steps.Status{}, config: config}
	var tokenUser string
	if json.Unmarshal(a.IXC.TokenUser, &tokenUser) == nil {
		b.TokenUser = configValue(tokenUser)
	}
	if strings.TrimSpace(b.URL) == "" {
		return nil, baselineErr("", "o arquivo não diz de qual IXC é (ixc.url vazio).", "the file does not say which IXC it is from (empty ixc.url).")
	}
	if t, err := time.Parse(time.RFC3339, a.GeneratedAt); err == nil {
		b.GeneratedAt = t
	}
	s := a.Summary
	b.Summary = steps.Summary{Errors: s.Errors, Warnings: s.Warnings, EntitledContracts: s.EntitledContracts,
		ReadyContracts: s.ReadyContracts, ReadyEmployees: s.ReadyEmployees}
	for _, st := range a.Steps {
		if !validName(st.Step, 'a', 'z') {
			return nil, foreign()
		}
		b.steps[st.Step] = steps.Status(st.Status)
		for _, f := range st.Findings {
			if !validName(f.Code, 'A', 'Z') {
				return nil, foreign()
			}
			for _, r := range f.Records {
				if !validName(r.Table, 'a', 'z') || !validID(r.ID) {
					return nil, baselineErr("", "o registro %q do achado %s não é um registro do IXC.",
						"record %q of finding %s is not an IXC record.", cleanText(r.Table+" "+r.ID, 60), f.Code)
				}
			}
			b.findings = append(b.findings, baseFinding{step: st.Step, code: f.Code, records: f.Records})
		}
	}
	return b, nil
}

// validName: a step, code or table name, letters of one case, digits and
// underscores, at most 64 long.
func validName(s string, lo, hi byte) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < lo || c > hi) && c != '_' && (c < '0' || c > '9' || i == 0) {
			return false
		}
	}
	return true
}

// validID: an IXC id (digits) or "" (a whole table, TABLE_DENIED).
func validID(s string) bool {
	if len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// cleanText cleans a text read from a file or typed by the user
// (textsafe.Line) and cuts it to max runes.
func cleanText(s string, max int) string {
	s = textsafe.Line(s)
	if r := []rune(s); len(r) > max {
		return string(r[:max]) + "…"
	}
	return s
}

// sameIXC compares two IXC URLs after normalizing them.
func sameIXC(a, b string) bool { return canonicalIXC(a) == canonicalIXC(b) }

func canonicalIXC(raw string) string {
	// Plain http to a LAN host (allow_http) names one IXC like any other:
	// this only compares addresses, it connects to none.
	if n, err := (ixc.URLPolicy{AllowHTTP: true}).Normalize(raw); err == nil {
		return n
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Host == "" {
		return strings.ToLower(strings.TrimRight(strings.TrimSpace(raw), "/"))
	}
	scheme, host := strings.ToLower(u.Scheme), strings.ToLower(u.Host)
	host = strings.TrimSuffix(host, map[string]string{"http": ":80", "https": ":443"}[scheme])
	return scheme + "://" + host + ixc.APIPath
}

// CodeRecords is one code's side of a comparison: the records new (or
// resolved) under it.
type CodeRecords struct {
	Code    string
	Step    string
	Records []steps.RecordRef
	// Whole is set when the code is not reported at all on the other side:
	// in New, the finding appeared; in Resolved, it went away.
	Whole bool
}

// Drift is what changed between a baseline and this audit (design.md §8).
type Drift struct {
	Baseline *Baseline
	Now      steps.Summary
	// New holds, per code, the records present now and not then;
	// Resolved the reverse. Codes without change are left out; a code
	// without records is listed, with none, when it appears or goes.
	// Both follow the catalogue's order.
	New, Resolved []CodeRecords
	// NotCompared lists the steps that ran in one audit and not in the
	// other (skipped, or missing from the baseline): their findings are
	// neither new nor resolved, since one side did not look.
	NotCompared []string
	// Config lists what changed in the configuration between the two
	// audits, as far as both record it (baseline_config.go): then part of
	// New and Resolved comes from that change, not from IXC.
	Config    []ConfigChange
	tokenUser string // this audit's
}

// SummaryDelta is now minus then for the three counts.
type SummaryDelta struct {
	EntitledContracts int
	ReadyContracts    int
	ReadyEmployees    int
}

// Delta returns now minus then for the counts.
func (d *Drift) Delta() SummaryDelta {
	t := d.Baseline.Summary
	return SummaryDelta{
		EntitledContracts: d.Now.EntitledContracts - t.EntitledContracts,
		ReadyContracts:    d.Now.ReadyContracts - t.ReadyContracts,
		ReadyEmployees:    d.Now.ReadyEmployees - t.ReadyEmployees,
	}
}

// Findings counts the findings that appeared and those that went away.
func (d *Drift) Findings() (appeared, gone int) {
	for _, c := range d.New {
		if c.Whole {
			appeared++
		}
	}
	for _, c := range d.Resolved {
		if c.Whole {
			gone++
		}
	}
	return appeared, gone
}

// Records counts the records new and resolved, over every code.
func (d *Drift) Records() (added, resolved int) {
	for _, c := range d.New {
		added += len(c.Records)
	}
	for _, c := range d.Resolved {
		resolved += len(c.Records)
	}
	return added, resolved
}

// Problems counts what a technician sees as new and resolved problems:
// every record, and a finding without records as one.
func (d *Drift) Problems() (added, resolved int) {
	count := func(cs []CodeRecords) (n int) {
		for _, c := range cs {
			n += max(len(c.Records), 1)
		}
		return n
	}
	return count(d.New), count(d.Resolved)
}

// Changed reports whether any finding changed.
func (d *Drift) Changed() bool { return len(d.New) > 0 || len(d.Resolved) > 0 }

// Compare compares rep with the baseline b. A baseline of another IXC is a
// *BaselineError. The result does not change rep (nor its exit code).
func Compare(b *Baseline, rep *steps.Report) (*Drift, error) {
	if !sameIXC(b.URL, rep.URL) {
		return nil, &BaselineError{Path: b.Path, Why: i18n.Tf(
			"é de outro IXC (%s); esta auditoria é de %s.", "is from another IXC (%s); this audit is of %s.",
			cleanText(b.URL, 120), cleanText(rep.URL, 120))}
	}
	d := &Drift{Baseline: b, Now: rep.Summary, tokenUser: rep.TokenUser}
	d.Config = configChanges(b, rep.TokenUser, nil)

	type side struct {
		step string
		recs []steps.RecordRef
	}
	then, now := map[string]*side{}, map[string]*side{}
	add := func(m map[string]*side, step, code string, recs []steps.RecordRef) {
		if s, ok := m[code]; ok {
			s.recs = append(s.recs, recs...)
			return
		}
		m[code] = &side{step: step, recs: slices.Clone(recs)}
	}
	for _, f := range b.findings {
		add(then, f.step, f.code, f.records)
	}
	nowSteps := map[string]steps.Status{}
	for _, s := range rep.Steps {
		nowSteps[s.Step] = s.Status
		for _, f := range s.Findings {
			add(now, s.Step, f.Code, f.Records)
		}
	}

	// A step is compared when both audits ran it.
	comparable := func(step string) bool {
		t, okT := b.steps[step]
		n, okN := nowSteps[step]
		return okT && okN && t != steps.StatusSkipped && n != steps.StatusSkipped
	}
	seen := map[string]bool{}
	noteStep := func(step string) {
		if seen[step] {
			return
		}
		seen[step] = true
		t, okT := b.steps[step]
		n, okN := nowSteps[step]
		bothSkipped := (!okT || t == steps.StatusSkipped) && (!okN || n == steps.StatusSkipped)
		if !comparable(step) && !bothSkipped {
			d.NotCompared = append(d.NotCompared, step)
		}
	}
	for _, s := range rep.Steps {
		noteStep(s.Step)
	}
	for _, s := range orderedKeys(b.steps) {
		noteStep(s)
	}

	for _, code := range codeOrder(then, now) {
		t, n := then[code], now[code]
		step := ""
		if n != nil {
			step = n.step
		} else {
			step = t.step
		}
		if !comparable(step) || (t != nil && n != nil && t.step != n.step && !comparable(t.step)) {
			continue
		}
		switch {
		case t == nil:
			d.New = append(d.New, CodeRecords{Code: code, Step: step, Records: nonNilRefs(uniqueRefs(n.recs)), Whole: true})
		case n == nil:
			d.Resolved = append(d.Resolved, CodeRecords{Code: code, Step: step, Records: nonNilRefs(uniqueRefs(t.recs)), Whole: true})
		default:
			if added := minus(n.recs, t.recs); len(added) > 0 {
				d.New = append(d.New, CodeRecords{Code: code, Step: step, Records: added})
			}
			if gone := minus(t.recs, n.recs); len(gone) > 0 {
				d.Resolved = append(d.Resolved, CodeRecords{Code: code, Step: step, Records: gone})
			}
		}
	}
	return d, nil
}

// codeOrder lists the codes of both sides in catalogue order, then codes
// the catalogue does not know (from a newer version), sorted.
func codeOrder[T any](a, b map[string]T) []string {
	var out []string
	known := map[string]bool{}
	for _, c := range steps.Codes() {
		known[c] = true
		_, inA := a[c]
		_, inB := b[c]
		if inA || inB {
			out = append(out, c)
		}
	}
	var rest []string
	for _, m := range []map[string]T{a, b} {
		for c := range m {
			if !known[c] && !slices.Contains(rest, c) {
				rest = append(rest, c)
			}
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

func orderedKeys[T any](m map[string]T) []string {
	var out []string
	for _, s := range []string{steps.StepToken, steps.StepProduct, steps.StepLink, steps.StepAuth} {
		if _, ok := m[s]; ok {
			out = append(out, s)
		}
	}
	var rest []string
	for s := range m {
		if !slices.Contains(out, s) {
			rest = append(rest, s)
		}
	}
	slices.Sort(rest)
	return append(out, rest...)
}

// minus returns the records of a that are not in b, in a's order, once each.
func minus(a, b []steps.RecordRef) []steps.RecordRef {
	in := make(map[steps.RecordRef]bool, len(b))
	for _, r := range b {
		in[r] = true
	}
	var out []steps.RecordRef
	for _, r := range a {
		if !in[r] {
			in[r] = true
			out = append(out, r)
		}
	}
	return out
}

func uniqueRefs(rs []steps.RecordRef) []steps.RecordRef { return minus(rs, nil) }

func nonNilRefs(rs []steps.RecordRef) []steps.RecordRef {
	if rs == nil {
		return []steps.RecordRef{}
	}
	return rs
}

// LatestBaseline finds, among the JSON files in dir, the latest audit or
// hand-off of the IXC at ixcURL (any IXC when ixcURL is ""), by the time
// its audit ran. It returns nil and no error when there is none. Files
// that are not reports of this program are passed over.
func LatestBaseline(dir, ixcURL string) (*Baseline, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	type cand struct {
		path string
		mod  time.Time
	}
	var cands []cand
	for _, e := range entries {
		if !e.Type().IsRegular() || !strings.EqualFold(filepath.Ext(e.Name()), ".json") {
			continue
		}
		info, err := e.Info()
		if err != nil || info.Size() > MaxBaselineSize {
			continue
		}
		cands = append(cands, cand{filepath.Join(dir, e.Name()), info.ModTime()})
	}
	// The newest files first; a directory full of JSON is read no further
	// than its maxBaselineCandidates newest files.
	slices.SortFunc(cands, func(a, b cand) int { return b.mod.Compare(a.mod) })
	if len(cands) > maxBaselineCandidates {
		cands = cands[:maxBaselineCandidates]
	}
	var best *Baseline
	for _, c := range cands {
		b, err := ReadBaseline(c.path)
		if err != nil || (ixcURL != "" && !sameIXC(b.URL, ixcURL)) {
			continue
		}
		if best == nil || b.GeneratedAt.After(best.GeneratedAt) {
			best = b
		}
	}
	return best, nil
}

const maxBaselineCandidates = 32

// AuditFileName is the name under which a saved audit JSON is kept beside
// a profile, so that LatestBaseline finds it: the profile's name and the
// audit's date and time.
func AuditFileName(profilePath string, at time.Time) string {
	base := strings.TrimSuffix(filepath.Base(profilePath), filepath.Ext(profilePath))
	if base == "" || base == "." || base == string(filepath.Separator) {
		base = "ixc-leveduca"
	}
	return fmt.Sprintf("%s-auditoria-%s.json", base, at.Format("2006-01-02-150405"))
}
