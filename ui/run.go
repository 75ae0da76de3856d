package ui

import (
	"errors"
	"fmt"
	"io"
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

	In      io.Reader
	Out     io.Writer
	Environ []string
	// Program options for tests (e.g. a fixed window size).
	ProgramOptions []tea.ProgramOption
	Now            func() time.Time
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
		return runAccessible(m, o.In, &colorprofile.Writer{Forward: o.Out, Profile: colorprofile.NoTTY})
	}
	if f, ok := o.In.(interface{ Fd() uintptr }); ok && !term.IsTerminal(f.Fd()) {
		fmt.Fprintln(o.Out, s.Common.T(
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

// runAccessible drives the same screens without the full-screen UI: each
// form's questions are asked as plain lines (accessible.go), live calls run
// in turn, and each new screen text is printed once (no spinner, no
// colours; the title once, the step when it changes). When the input ends
// before a question is answered the program ends with exit 2, naming the
// question.
func runAccessible(m *Model, in io.Reader, out io.Writer) int {
	p := newPrompter(m.c, in, out)
	queue := []tea.Cmd{m.Init()}
	var lastBar, lastBody string
	titled := false
	// idle counts the forms run in a row without reading a line: a form
	// of notes only must not come back for ever.
	idle := 0
	for {
		for len(queue) > 0 && !m.quitting {
			cmd := queue[0]
			queue = queue[1:]
			if cmd == nil {
				continue
			}
			msg := cmd()
			if cmds, ok := cmdList(msg); ok {
				queue = append(queue, cmds...)
				continue
			}
			switch msg.(type) {
			case nil, spinner.TickMsg:
				continue
			case tea.QuitMsg:
				return m.ExitCode
			}
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
		if m.quitting {
			return m.ExitCode
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
			p.say(m.c.T("erro interno: nenhuma pergunta a fazer", "internal error: nothing to ask"))
			return 1
		}
		before := p.answered
		if err := p.runForm(f); err != nil {
			var ended inputEndedError
			if errors.As(err, &ended) {
				p.say(m.c.Tf("ixc-leveduca: a entrada terminou antes da pergunta «%s»; nada mais foi feito.",
					"ixc-leveduca: the input ended before the question «%s»; nothing more was done.", cleanLabel(ended.question)))
				return 2
			}
			r := steps.Reason(err)
			p.say(textsafe.Clean(m.c.T("erro interno: "+r.PT, "internal error: "+r.EN)))
			return 1
		}
		if p.answered == before {
			if idle++; idle > 20 {
				p.say(m.c.T("erro interno: o assistente não avança", "internal error: the wizard does not move on"))
				return 1
			}
		} else {
			idle = 0
		}
		f.State = huh.StateCompleted
		_, next := m.Update(completedMsg{})
		queue = append(queue, next)
	}
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

// plainText is s without styles and trailing blanks.
func plainText(s string) string {
	lines := strings.Split(stripStyles(s), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " ")
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}
