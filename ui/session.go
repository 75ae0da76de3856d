package ui

import (
	"context"
	"net/http"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/ixc-leveduca/ixc-leveduca/ixc"
	"github.com/ixc-leveduca/ixc-leveduca/journal"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/report"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
)

// Session holds the technician's answers and the live connection; screens
// read and fill it, so going back keeps every answer.
type Session struct {
	Common *Common

	// Connection answers.
	URL, TokenText string
	Insecure       bool
	CACert         string
	// AllowHTTP: plain http to a host that is not loopback, confirmed on
	// the connection screen (or --allow-http / allow_http = true).
	AllowHTTP   bool
	Concurrency int // requests in flight to IXC (0: the client's default)
	Token       ixc.Token
	Client      *ixc.Client
	// transport replaces the client's HTTP transport (tests only).
	transport http.RoundTripper
	Conn      *steps.ConnectionResult
	// recheck: the connection screen tests again as soon as it opens (a
	// later screen met a refused table and the user went back).
	recheck bool

	// Profile is the setup being built; it is saved to ProfilePath.
	Profile     *profile.Profile
	ProfilePath string
	// OutDir is where the journal and the hand-off files go.
	OutDir string

	// Offers chosen ("leveduca", "paramount").
	Offers []string

	// auditOnly: the technician came to audit an existing profile, so the
	// wizard goes from the connection straight to the review.
	auditOnly bool

	// Report is the latest audit.
	Report *steps.Report
	// Baseline is the latest audit or hand-off JSON found beside the
	// profile when auditing it (nil: none), to compare the audit with.
	Baseline *report.Baseline

	// Journal of this run's writes, created at the first write.
	Journal *journal.Journal

	// profileSaves orders the profile saves in flight.
	profileSaves profileSaves

	// What the screens read that the hand-off names: the products' names
	// by offer, the sales plans listed on the link screen, and the ISP's
	// name if the technician gave it.
	productNames map[string]string
	plans        []steps.PlanInfo
	catalog      *steps.ProductCatalog // units, subgroups, fiscal classes: named on the confirmations
	planProducts map[string][]string   // product id → the plans chosen for it
	ispName      string

	// drafts: a dry run's simulated creates; draftProducts: the Ref of
	// each offer's simulated product (drafts.go).
	drafts        []steps.Draft
	draftProducts map[string]string
	// productChanged: offers whose product was replaced in this session
	// (the profile's link plans were chosen for the one before).
	productChanged map[string]bool

	// Files written by the wizard, shown at the end.
	Written []string

	// timing is the file the screens' waits are appended to (empty: off).
	timing string

	// Now is the clock (tests pin it).
	Now func() time.Time

	// cache keeps what the audits read until the next write (steps).
	cache *steps.ReadCache
	// writes counts the writes made; reportKey is what Report was made on.
	writes    int
	reportKey auditKey
	// gens numbers the audits and hand-off writes (nextGen).
	gens int
	// prefetched: the auth table's early read was started; ahead is that
	// read's method while it may still run, stopAhead ends it.
	prefetched bool
	ahead      profile.AuthMethod
	stopAhead  context.CancelFunc

	ctx    context.Context
	cancel context.CancelFunc
	// reads is the context of the reads of the screen on screen.
	reads     context.Context
	stopReads context.CancelFunc
}

// NewSession starts an empty session.
func NewSession(c *Common) *Session {
	ctx, cancel := context.WithCancel(context.Background())
	return &Session{Common: c, Profile: &profile.Profile{}, ProfilePath: "ixc-leveduca.toml", OutDir: ".",
		Now: time.Now, ctx: ctx, cancel: cancel, cache: steps.NewReadCache()}
}

// Close cancels whatever is in flight and closes the journal.
func (s *Session) Close() {
	s.cancel()
	if s.Journal != nil {
		_ = s.Journal.Close()
	}
}

// Reader is the read-only view of the connected client.
func (s *Session) Reader() *ixc.Reader { return s.Client.Reader() }

// live runs fn in a tea.Cmd with the context of the screen's reads: Esc on
// a busy screen cancels it (cancelReads), so the requests in flight end at
// once. There is no wall-clock limit on a screen's work: a slow but moving
// IXC is waited for, and the client's own limits (the answer's start, a
// stalled body, the connection) end a request that stopped moving, as an
// error the screen shows. It never blocks the UI.
func (s *Session) live(fn func(ctx context.Context) tea.Msg) tea.Cmd {
	ctx := s.readCtx()
	return func() tea.Msg { return fn(ctx) }
}

// liveWrite runs a write in a tea.Cmd with the session's context: Esc does
// not cut a write in flight (the write flow stops between changes).
func (s *Session) liveWrite(fn func(ctx context.Context) tea.Msg) tea.Cmd {
	ctx := s.ctx
	return func() tea.Msg { return fn(ctx) }
}

func (s *Session) readCtx() context.Context {
	if s.reads == nil {
		s.reads, s.stopReads = context.WithCancel(s.ctx)
	}
	return s.reads
}

// cancelReads ends every read in flight (Esc on a busy screen); the next
// read gets a fresh context.
func (s *Session) cancelReads() {
	if s.stopReads != nil {
		s.stopReads()
	}
	s.reads, s.stopReads = nil, nil
}

// wrote records that IXC was (or may have been) written to: what the
// session read before is read again.
func (s *Session) wrote(res *steps.ApplyResult) {
	s.writes++
	if res == nil {
		s.cache.Invalidate()
		return
	}
	var tables []string
	for _, o := range res.Outcomes {
		tables = append(tables, o.Change.Table)
	}
	s.cache.InvalidateTables(tables...)
}

// prefetchAuth starts reading the auth table of the profile's method (the
// Hotsite by default) as soon as the connection is known, so that the
// coverage check finds it read while the technician works through the
// product and link steps. The client serves a screen's first pages,
// counts and gets before later pages, so the screens do not wait behind
// it. It runs under its own child of the reads' context: Esc on a busy
// screen ends it, and the coverage then reads for itself; choosing another
// method on the auth screen ends it too (authChosen).
func (s *Session) prefetchAuth() tea.Cmd {
	// The accessible driver runs commands in turn: a read ahead would only
	// make the next question wait.
	if s.Client == nil || s.auditOnly || s.prefetched || s.Common.Accessible {
		return nil
	}
	s.prefetched = true
	method := s.Profile.Auth.Method
	if method == "" {
		method = profile.AuthHotsite
	}
	ctx, stop := context.WithCancel(s.readCtx())
	s.ahead, s.stopAhead = method, stop
	r, cache := s.Reader(), s.cache
	return func() tea.Msg {
		defer stop()
		cache.PrefetchAuth(ctx, r, method)
		return nil
	}
}

// authChosen is told the auth method the technician picked: a read-ahead
// of another method's table is cancelled (no further page of it is asked
// for; the pages in flight end at once), one of the same method is kept
// for the coverage check to use.
func (s *Session) authChosen(method profile.AuthMethod) {
	if s.stopAhead == nil || method == s.ahead {
		return
	}
	s.stopAhead()
	s.ahead, s.stopAhead = "", nil
}

// nextGen numbers a live call of the auth and review screens: one counter
// for both, so a late answer of one (cancelled by Esc) can never pass for
// the other's.
func (s *Session) nextGen() int {
	s.gens++
	return s.gens
}

// auditKey says what an audit was run on: the profile and the writes made
// before it. The same key later means the report still holds.
type auditKey struct {
	profile string
	writes  int
}

func (s *Session) auditKey() auditKey {
	b, err := s.Profile.Marshal()
	if err != nil {
		return auditKey{writes: -1}
	}
	return auditKey{profile: string(b), writes: s.writes}
}

// reportCurrent reports whether s.Report was made on the current profile
// with nothing written since.
func (s *Session) reportCurrent() bool {
	return s.Report != nil && s.reportKey.writes >= 0 && s.reportKey == s.auditKey()
}

// adoptReport keeps rep as the session's latest audit, made under key.
func (s *Session) adoptReport(rep *steps.Report, key auditKey) {
	s.Report, s.reportKey = rep, key
}

// auditDoneMsg is an audit's answer; err is set when it did not finish
// (cancelled, or the session ended): the report is then partial and never
// shown as counts.
type auditDoneMsg struct {
	gen int
	rep *steps.Report
	key auditKey
	err error
}

// audit runs the whole audit of the profile being built, live, reusing
// what the session's cache still holds; the report comes back as an
// auditDoneMsg carrying gen. Each page read reaches prog (may be nil).
func (s *Session) audit(gen int, prog *readProgress) tea.Cmd {
	p := *s.Profile
	key := s.auditKey()
	cache := s.cache
	return s.live(func(ctx context.Context) tea.Msg {
		defer prog.finish()
		rep := steps.Audit(prog.watch(ctx), s.Reader(), &p, steps.Options{Now: s.Now, Cache: cache})
		return auditDoneMsg{gen: gen, rep: rep, key: key, err: ctx.Err()}
	})
}
