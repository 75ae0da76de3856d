package ui

import (
	"errors"
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/term"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// Options start the wizard.
type Options struct {
	Lang       i18n.Lang
	Accessible bool
	DryRun     bool
	// Connection answers known in advance (profile, flags, environment or
	// the demo sandbox); the technician can change them.
	URL, Token string
	Insecure   bool
	CACert     string
	AllowHTTP  bool // --allow-http: plain http to a LAN IXC without asking
	// Concurrency bounds the requests in flight to IXC (IXC_CONCURRENCY; 0:
	// the client's default).
	Concurrency int
	// Profile to start from (nil: empty) and where to save it.
	Profile     *profile.Profile
	ProfilePath string
	// OutDir receives the journal and the hand-off files.
	OutDir string

	In  io.Reader
	Out io.Writer
	// Err receives what ends a run that did not finish (nil: Out); in
	// --accessible, the reason and the files written.
	Err io.Writer
	// Interrupt delivers Ctrl+C to --accessible, where it arrives as SIGINT
	// (the full-screen wizard reads it as a key); nil: none.
	Interrupt <-chan os.Signal
	Environ   []string
	// Program options for tests (e.g. a fixed window size).
	ProgramOptions []tea.ProgramOption
	Now            func() time.Time

	// access: the accessible driver's clock and whether Ctrl+C asks, for
	// tests (zero: the real clock; ask when the input is a terminal).
	access accessIO
}

// NewSessionFrom builds the session of opts.
func NewSessionFrom(o Options) *Session {
	c := &Common{Lang: o.Lang, Styles: NewStyles(), Accessible: o.Accessible, DryRun: o.DryRun, Width: 80, Height: 24}
	s := NewSession(c)
	s.URL, s.TokenText, s.Insecure, s.CACert, s.Concurrency = o.URL, o.Token, o.Insecure, o.CACert, o.Concurrency
	s.AllowHTTP = o.AllowHTTP
	if o.Profile != nil {
		s.Profile = o.Profile
		s.AllowHTTP = s.AllowHTTP || o.Profile.IXC.AllowHTTP
		if s.URL == "" {
			s.URL = o.Profile.IXC.URL
		}
		for _, p := range o.Profile.Products {
			s.Offers = append(s.Offers, p.Offer)
		}
	}
	if o.ProfilePath != "" {
		s.ProfilePath = o.ProfilePath
	}
	if o.OutDir != "" {
		s.OutDir = o.OutDir
	}
	if o.Now != nil {
		s.Now = o.Now
	}
	s.timing = timingPath(o.Environ)
	return s
}

// Run runs the wizard and returns the exit code: 0 when finished, 130
// when the technician gave up.
func Run(o Options) int {
	s := NewSessionFrom(o)
	defer s.Close()
	m := New(s)
	if o.Accessible {
		// Screen readers get plain text: no colours, no styles.
		a := o.access
		a.in, a.interrupt = o.In, o.Interrupt
		a.out = &colorprofile.Writer{Forward: o.Out, Profile: colorprofile.NoTTY}
		if o.Err != nil {
			a.err = &colorprofile.Writer{Forward: o.Err, Profile: colorprofile.NoTTY}
		}
		return runAccessible(m, a)
	}
	errOut := o.Err
	if errOut == nil {
		errOut = o.Out
	}
	if f, ok := o.In.(interface{ Fd() uintptr }); ok && !term.IsTerminal(f.Fd()) {
		fmt.Fprintln(errOut, s.Common.T(
			"ixc-leveduca: o assistente precisa de um terminal. Para responder por texto (ou por pipe) use --accessible; em scripts, use os comandos audit e apply.",
			"ixc-leveduca: the wizard needs a terminal. To answer as plain text (or through a pipe) use --accessible; in scripts, use the audit and apply commands."))
		return 2
	}
	opts := append([]tea.ProgramOption{tea.WithInput(o.In), tea.WithOutput(o.Out), tea.WithEnvironment(o.Environ)}, o.ProgramOptions...)
	_, err := tea.NewProgram(m, opts...).Run()
	// The full screen is gone with the program: the files written stay
	// listed in the terminal (in --demo their folder is a temporary one).
	fmt.Fprint(o.Out, writtenList(s))
	if err != nil {
		if errors.Is(err, tea.ErrInterrupted) {
			return 130
		}
		fmt.Fprintln(o.Out, err)
		return 1
	}
	return m.ExitCode
}

// completedMsg tells the active screen that the accessible driver ran its
// form to completion.
type completedMsg struct{}

// accessIO is what the accessible driver talks through.
type accessIO struct {
	in       io.Reader
	out, err io.Writer
	// interrupt delivers Ctrl+C (SIGINT in a terminal); nil: none.
	interrupt <-chan os.Signal
	clock     accessClock
	// askOnInterrupt, when set, decides whether Ctrl+C asks before leaving
	// (default: when the input is a terminal that can answer).
	askOnInterrupt *bool
}

// accessDriver runs the wizard's screens as plain prompts (runAccessible).
type accessDriver struct {
	m     *Model
	p     *prompter
	out   io.Writer
	err   io.Writer
	clock accessClock
	// msgs brings the commands' messages; gone is closed when the driver
	// has left (a command still running then drops its message).
	msgs     chan accessMsg
	gone     chan struct{}
	inflight int
	wait     accessWait
	// interrupted: the technician left with Ctrl+C during a wait.
	interrupted bool
}

// accessMsg is a command's message; last is false for a sequence's
// messages but its last.
type accessMsg struct {
	msg  tea.Msg
	last bool
}

// runAccessible drives the same screens without the full-screen UI: each
// form's questions are asked as plain lines (accessible.go), the commands
// run as Bubble Tea runs them (each on its own goroutine, their messages
// handed to Update in turn), and once none is left each new screen text is
// printed once (no spinner, no colours; the title once, the step when it
// changes). A wait longer than a second says so, then at most one line of
// progress every 5 s (accessible_wait.go). Ctrl+C asks before leaving
// (prompter.interrupted). Leaving for any reason lists the files written;
// a run that did not finish says why on stderr (input that ended before a
// question: exit 2, naming it; Ctrl+C: 130; an internal error: 1), and the
// list goes there too.
func runAccessible(m *Model, a accessIO) int {
	p := newPrompter(m.c, a.in, a.out)
	p.interrupt = a.interrupt
	if a.askOnInterrupt != nil {
		p.askOnInterrupt = *a.askOnInterrupt
	}
	p.mayLose = func() bool { return m.state != stStart || len(m.history) > 0 || len(m.s.Written) > 0 }
	if a.clock == nil {
		a.clock = realClock{}
	}
	errOut := a.err
	if errOut == nil {
		errOut = a.out
	}
	d := &accessDriver{m: m, p: p, out: a.out, err: errOut, clock: a.clock,
		msgs: make(chan accessMsg), gone: make(chan struct{})}
	defer close(d.gone)
	defer p.close()
	return d.run()
}

func (d *accessDriver) run() int {
	m, p := d.m, d.p
	d.start(m.Init())
	var lastBar, lastBody string
	titled := false
	// idle counts the forms run in a row without reading a line: a form
	// of notes only must not come back for ever.
	idle := 0
	for {
		if d.settle() || m.quitting {
			if d.interrupted {
				return d.leave(130, d.interruptedText())
			}
			return d.leave(m.ExitCode, "")
		}
		title, bar, body := accessibleView(m)
		if !titled {
			p.say(title)
			titled = true
		}
		if bar != "" && bar != lastBar {
			p.say("\n" + bar)
			lastBar = bar
		}
		if body != lastBody {
			p.say("\n" + body)
			lastBody = body
		}
		f := m.activeForm()
		if f == nil {
			return d.leave(exitInternal, m.c.T("ixc-leveduca: erro interno: nenhuma pergunta a fazer", "ixc-leveduca: internal error: nothing to ask"))
		}
		before := p.answered
		if err := p.runForm(f); err != nil {
			var ended inputEndedError
			switch {
			case errors.Is(err, errQuit):
				return d.leave(130, d.interruptedText())
			case errors.As(err, &ended) && m.finished():
				// The input ended at the last "Concluir": the work is done
				// and its files written.
				return d.leave(0, "")
			case errors.As(err, &ended):
				return d.leave(2, m.c.Tf("ixc-leveduca: a entrada terminou antes da pergunta «%s»; nada mais foi feito.",
					"ixc-leveduca: the input ended before the question «%s»; nothing more was done.", cleanLabel(ended.question)))
			}
			r := steps.Reason(err)
			return d.leave(exitInternal, textsafe.Clean(m.c.T("ixc-leveduca: erro interno: "+r.PT, "ixc-leveduca: internal error: "+r.EN)))
		}
		if p.answered == before {
			if idle++; idle > 20 {
				return d.leave(exitInternal, m.c.T("ixc-leveduca: erro interno: o assistente não avança", "ixc-leveduca: internal error: the wizard does not move on"))
			}
		} else {
			idle = 0
		}
		f.State = huh.StateCompleted
		_, next := m.Update(completedMsg{})
		d.start(next)
	}
}

func (d *accessDriver) interruptedText() string {
	return d.m.c.T("ixc-leveduca: interrompido (Ctrl+C).", "ixc-leveduca: interrupted (Ctrl+C).")
}

// start runs cmd on its own goroutine; a batch's commands run side by
// side, a sequence's one after the other.
func (d *accessDriver) start(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	d.inflight++
	go func() {
		msg := cmd()
		cmds, seq := sequenceOf(msg)
		if !seq {
			d.send(accessMsg{msg: msg, last: true})
			return
		}
		for _, c := range cmds {
			if c != nil {
				if !d.send(accessMsg{msg: c()}) {
					return
				}
			}
		}
		d.send(accessMsg{last: true})
	}()
}

func (d *accessDriver) send(msg accessMsg) bool {
	select {
	case d.msgs <- msg:
		return true
	case <-d.gone:
		return false
	}
}

// handle gives one message to the model and starts what it returns;
// true when the wizard quit.
func (d *accessDriver) handle(am accessMsg) bool {
	if am.last {
		d.inflight--
	}
	msg := am.msg
	if b, ok := msg.(tea.BatchMsg); ok {
		for _, c := range b {
			d.start(c)
		}
		return false
	}
	switch msg := msg.(type) {
	case nil, spinner.TickMsg:
		return false
	case tea.QuitMsg:
		return true
	case progressMsg:
		d.wait.snap = msg.snap
	}
	_, next := d.m.Update(msg)
	d.start(next)
	return d.m.quitting
}

// leave ends the run with code: what was still running is cancelled and
// given a moment to end (a write's journal is then known), why the run
// ends goes to stderr, and the files written are listed (on stdout after a
// finished run, on stderr with the reason otherwise).
func (d *accessDriver) leave(code int, why string) int {
	d.m.ExitCode = code
	if d.inflight > 0 {
		d.m.s.cancel()
		limit := time.NewTimer(5 * time.Second)
		defer limit.Stop()
	drain:
		for d.inflight > 0 {
			select {
			case am := <-d.msgs:
				if am.last {
					d.inflight--
				}
				if _, ok := am.msg.(tea.BatchMsg); !ok && am.msg != nil {
					// The model takes what ended (a journal to list); nothing
					// new starts.
					d.m.Update(am.msg)
				}
			case <-limit.C:
				break drain
			}
		}
	}
	// A path is never wrapped, and a screen reader needs no indent.
	list := strings.ReplaceAll(writtenList(d.m.s), "\n  ", "\n")
	if code == 0 {
		fmt.Fprint(d.out, list)
		return code
	}
	if why != "" {
		fmt.Fprintln(d.err, wrapText(why, accessibleWidth))
	}
	fmt.Fprint(d.err, list)
	return code
}

// sequenceOf unpacks a sequence message into its commands.
func sequenceOf(msg tea.Msg) ([]tea.Cmd, bool) {
	if _, ok := msg.(tea.BatchMsg); ok {
		return nil, false
	}
	v := reflect.ValueOf(msg)
	if v.Kind() == reflect.Slice && v.Type().Elem() == reflect.TypeFor[tea.Cmd]() {
		cmds := make([]tea.Cmd, v.Len())
		for i := range cmds {
			cmds[i] = v.Index(i).Interface().(tea.Cmd)
		}
		return cmds, true
	}
	return nil, false
}

// accessibleView is the screen as plain text in three parts: the title
// line, the step line and the rest, each line wrapped at the accessible
// width.
func accessibleView(m *Model) (title, bar, body string) {
	header, view, _ := m.parts()
	title, _, _ = strings.Cut(plainText(header), "\n")
	bar = plainText(m.stepBar())
	return title, bar, wrapText(plainText(view), accessibleWidth)
}

// cmdList unpacks batch and sequence messages into their commands.
func cmdList(msg tea.Msg) ([]tea.Cmd, bool) {
	if b, ok := msg.(tea.BatchMsg); ok {
		return b, true
	}
	return sequenceOf(msg)
}

// plainText is s without styles and trailing blanks.
func plainText(s string) string {
	lines := strings.Split(stripStyles(s), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

// exitInternal is the exit code of an internal error (docs/reference.md:
// the code of "IXC could not be used", as the full-screen wizard's).
const exitInternal = 3

// finished reports whether the wizard's work is done: the hand-off (or the
// saved-profile audit) is written and only "Concluir" is left.
func (m *Model) finished() bool {
	r, ok := m.cur().(*reviewScreen)
	return ok && r.phase == reviewDone
}
