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
	planProducts map[string][]string // product id → the plans chosen for it
	ispName      string

	// Files written by the wizard, shown at the end.
	Written []string

	// Now is the clock (tests pin it).
	Now func() time.Time

	ctx    context.Context
	cancel context.CancelFunc
}

// NewSession starts an empty session.
func NewSession(c *Common) *Session {
	ctx, cancel := context.WithCancel(context.Background())
	return &Session{Common: c, Profile: &profile.Profile{}, ProfilePath: "ixc-leveduca.toml", OutDir: ".",
		Now: time.Now, ctx: ctx, cancel: cancel}
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

// live runs fn in a tea.Cmd with the session's context and a time limit; it
// never blocks the UI.
func (s *Session) live(fn func(ctx context.Context) tea.Msg) tea.Cmd {
	ctx := s.ctx
	return func() tea.Msg {
		c, cancel := context.WithTimeout(ctx, 5*time.Minute)
		defer cancel()
		return fn(c)
	}
}

// audit runs the whole audit of the profile being built, live; the report
// comes back as an auditDoneMsg carrying gen.
func (s *Session) audit(gen int) tea.Cmd {
	p := *s.Profile
	return s.live(func(ctx context.Context) tea.Msg {
		return auditDoneMsg{gen: gen, rep: steps.Audit(ctx, s.Reader(), &p, steps.Options{Now: s.Now})}
	})
}
