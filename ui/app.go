package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/profile"
)

// state is the wizard step on screen.
type state int

// The wizard steps, in tutorial order.
const (
	stStart state = iota
	stConnection
	stMethod
	stProduct
	stLink
	stAuth
	stReview
	stCount
)

func (s state) title() i18n.Text {
	return [...]i18n.Text{
		i18n.T("Início", "Start"),
		i18n.T("Conexão", "Connection"),
		i18n.T("Método", "Method"),
		i18n.T("Produto", "Product"),
		i18n.T("Vínculo", "Link"),
		i18n.T("Autenticação", "Auth"),
		i18n.T("Entrega", "Hand-off"),
	}[s]
}

// navKind says where a screen wants to go.
type navKind int

const (
	navStay navKind = iota
	navNext
	navTo
	navFinish
)

type nav struct {
	kind navKind
	to   state
}

var stay = nav{}

// screen is one step of the wizard. Screens keep their answers in the
// Session, so leaving and re-entering a screen keeps them.
type screen interface {
	// Enter is called each time the screen becomes active.
	Enter() tea.Cmd
	// Update handles a message for the active screen.
	Update(msg tea.Msg) (tea.Cmd, nav)
	// View renders the screen body.
	View() string
	// Form is the form waiting for input, if any.
	Form() *huh.Form
	// Busy reports whether a live call is running (the spinner turns).
	Busy() bool
	// Back handles Esc inside the screen (a sub-step); false lets the root
	// go back to the previous screen.
	Back() (bool, tea.Cmd)
	// Help is the screen's help text.
	Help() i18n.Text
}

// Model is the root Bubble Tea model of the wizard.
type Model struct {
	c        *Common
	s        *Session
	state    state
	history  []state
	screens  [stCount]screen
	spinner  spinner.Model
	spinning bool
	keys     keyMap
	helpView help.Model
	help     bool
	askQuit  bool
	// saveFail: a profile save failed; it takes the keys until answered.
	saveFail *saveFailure
	quitting bool
	// body scrolls the screen's text above its pinned form (layout.go);
	// scrollAt is the question it was scrolled for, fitted the form's fit.
	body     viewport.Model
	scrollAt scrollKey
	fitted   fitKey
	// waits times the screens' waits (IXC_LEVEDUCA_TIMING).
	waits waitClock
	// ExitCode is 0 when the wizard finished, 130 when the user gave up.
	ExitCode int
}

// New builds the wizard over a session.
func New(s *Session) *Model {
	keys := newKeyMap(s.Common.Lang)
	m := &Model{c: s.Common, s: s, spinner: spinner.New(spinner.WithSpinner(spinner.MiniDot)),
		keys: keys, helpView: newHelp(), body: newBodyViewport(keys)}
	m.screens = [stCount]screen{
		newStartScreen(s), newConnectionScreen(s), newMethodScreen(s), newProductScreen(s),
		newLinkScreen(s), newAuthScreen(s), newReviewScreen(s),
	}
	return m
}

// Init enters the first screen.
func (m *Model) Init() tea.Cmd { return m.screens[m.state].Enter() }

func (m *Model) cur() screen { return m.screens[m.state] }

// Update routes messages: global keys first, then the active screen; then
// the form being answered is fitted to the window (layout.go).
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	mm, cmd := m.update(msg)
	m.resetScroll()
	return mm, tea.Batch(cmd, m.fitForm(), m.timeWaits())
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		// The window size is the root's: the form gets the room it has
		// (fitForm), never the whole window.
		m.c.Width, m.c.Height = msg.Width, msg.Height
		m.helpView.SetWidth(m.c.contentWidth())
		if f := m.activeForm(); f != nil {
			f.WithWidth(m.c.contentWidth())
		}
		m.fitted = fitKey{}
		return m, nil
	case profileSavedMsg:
		if msg.err == nil {
			m.s.noteWritten(msg.path)
			return m, nil
		}
		m.saveFail = newSaveFailure(m.c, msg)
		return m, m.toModal(m.c.initForm(m.saveFail.form))
	case modalMsg:
		return m, m.updateModal(msg.msg)
	case completedMsg:
		if m.saveFail != nil {
			return m, m.updateModal(msg)
		}
	case appliedMsg:
		// IXC was (or may have been) written to: what the session read
		// from the tables written is read again.
		m.s.wrote(msg.res)
	case spinner.TickMsg:
		if !m.cur().Busy() {
			m.spinning = false
			return m, nil
		}
		var cmd tea.Cmd
		m.spinner, cmd = m.spinner.Update(msg)
		return m, cmd
	case tea.KeyPressMsg:
		if m.askQuit {
			m.askQuit = false
			if key.Matches(msg, m.keys.QuitYes) {
				return m.quit(130)
			}
			return m, nil
		}
		m.syncKeys()
		switch {
		case key.Matches(msg, m.keys.Quit):
			if m.state == stStart && len(m.history) == 0 {
				return m.quit(130)
			}
			m.askQuit = true
			return m, nil
		case m.saveFail != nil:
			return m, m.updateModal(msg)
		case key.Matches(msg, m.keys.Back):
			if m.help {
				m.help = false
				return m, nil
			}
			if m.fieldOwnsEsc() {
				return m, m.afterUpdate(m.clearFilter(msg))
			}
			if m.cur().Busy() {
				// Esc cancels the work, not only the screen: the reads in
				// flight end now (a write in flight is finished; the
				// write flow stops after it).
				m.s.cancelReads()
			}
			if handled, cmd := m.cur().Back(); handled {
				return m, m.afterUpdate(cmd)
			}
			return m, m.back()
		case key.Matches(msg, m.keys.Reaudit) && m.reauditor() != nil:
			return m, m.afterUpdate(m.reauditor().reaudit())
		case key.Matches(msg, m.keys.Help, m.keys.HelpInText):
			m.help = !m.help
			return m, nil
		case key.Matches(msg, m.keys.Scroll) && !m.c.Accessible && m.scroll(msg):
			return m, nil
		}
		if m.help {
			return m, nil
		}
	}
	cmd, nv := m.cur().Update(msg)
	switch nv.kind {
	case navNext:
		return m, tea.Batch(cmd, m.go2(m.next()))
	case navTo:
		return m, tea.Batch(cmd, m.go2(nv.to))
	case navFinish:
		mm, q := m.quit(0)
		return mm, tea.Batch(cmd, q)
	}
	return m, m.afterUpdate(cmd)
}

// reauditor is a screen showing an earlier audit that can run it again.
type reauditor interface {
	canReaudit() bool
	reaudit() tea.Cmd
}

// reauditor is the current screen when it offers to audit again (nil
// otherwise); the key map's Reaudit follows it.
func (m *Model) reauditor() reauditor {
	if r, ok := m.cur().(reauditor); ok && r.canReaudit() && m.saveFail == nil && !m.help {
		return r
	}
	return nil
}

// modalMsg carries a message for the save-failure form: its commands are
// wrapped so that their messages (huh moves focus through untargeted
// messages) reach that form and not the screen's.
type modalMsg struct{ msg tea.Msg }

func (m *Model) toModal(cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return modalMsg{cmd()} }
}

func (m *Model) updateModal(msg tea.Msg) tea.Cmd {
	if m.saveFail == nil {
		return nil
	}
	if cmds, ok := cmdList(msg); ok {
		for i := range cmds {
			cmds[i] = m.toModal(cmds[i])
		}
		return tea.Batch(cmds...)
	}
	cmd, done := m.saveFail.update(m.s, msg)
	if done {
		m.saveFail = nil
		return cmd // the new save, if any: its message is the root's
	}
	return m.toModal(cmd)
}

// activeForm is the form waiting for input: the save failure's, else the
// screen's.
func (m *Model) activeForm() *huh.Form {
	if m.saveFail != nil {
		return m.saveFail.form
	}
	return m.cur().Form()
}

// afterUpdate starts the spinner when the screen became busy.
func (m *Model) afterUpdate(cmd tea.Cmd) tea.Cmd {
	if m.cur().Busy() && !m.spinning && !m.c.Accessible {
		m.spinning = true
		return tea.Batch(cmd, m.spinner.Tick)
	}
	return cmd
}

// next is the step after the current one, skipping what the answers make
// pointless (no product: no product or link step).
func (m *Model) next() state {
	n := m.state + 1
	if m.s.Profile.Integration.Method == profile.IntegrationNone {
		for n == stProduct || n == stLink {
			n++
		}
	}
	if m.s.auditOnly && n > stConnection {
		n = stReview
	}
	return min(n, stReview)
}

func (m *Model) go2(to state) tea.Cmd {
	m.history = append(m.history, m.state)
	m.state = to
	m.help = false
	var prefetch tea.Cmd
	if to > stConnection && to < stAuth {
		prefetch = m.s.prefetchAuth()
	}
	return tea.Batch(m.afterUpdate(m.cur().Enter()), prefetch)
}

func (m *Model) back() tea.Cmd {
	if len(m.history) == 0 {
		return nil
	}
	m.state = m.history[len(m.history)-1]
	m.history = m.history[:len(m.history)-1]
	return m.afterUpdate(m.cur().Enter())
}

func (m *Model) quit(code int) (tea.Model, tea.Cmd) {
	m.ExitCode = code
	m.quitting = true
	m.s.cancel()
	return m, tea.Quit
}

// syncKeys enables the bindings that depend on the screen: help by F1
// only while typing, "audit again" where an earlier audit is shown.
func (m *Model) syncKeys() {
	m.keys.typing(m.typing())
	m.keys.Reaudit.SetEnabled(m.reauditor() != nil)
}

// typing reports whether the focused field takes letters as text: a text
// input, or a list whose filter is being typed ("?" is then a letter).
func (m *Model) typing() bool {
	switch f := m.focused().(type) {
	case *huh.Input, *huh.Text:
		return true
	case interface{ GetFiltering() bool }:
		return f.GetFiltering()
	}
	return false
}

// focused is the field with the focus, if a form waits for input.
func (m *Model) focused() huh.Field {
	f := m.activeForm()
	if f == nil || f.State != huh.StateNormal {
		return nil
	}
	return f.GetFocusedField()
}

// fieldOwnsEsc reports whether Esc belongs to the focused field: a select
// whose filter is open or applied (huh enables its esc bindings then).
func (m *Model) fieldOwnsEsc() bool {
	f := m.focused()
	if f == nil {
		return false
	}
	for _, b := range f.KeyBinds() {
		if b.Enabled() && slices.Contains(b.Keys(), "esc") {
			return true
		}
	}
	return false
}

// clearFilter hands Esc to the focused list until its filter is gone: huh
// takes one Esc to leave the filter box and another to clear the filter.
func (m *Model) clearFilter(esc tea.KeyPressMsg) tea.Cmd {
	var cmds []tea.Cmd
	for range 2 {
		if !m.fieldOwnsEsc() {
			break
		}
		cmd, _ := m.cur().Update(esc)
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

// View renders header, step indicator, body, the pinned form and key hints
// (layout.go); in accessible mode, the plain text the driver prints.
func (m *Model) View() tea.View {
	var v tea.View
	v.AltScreen = !m.c.Accessible
	v.WindowTitle = "ixc-leveduca"
	if m.quitting {
		v.SetContent("")
		return v
	}
	if !m.c.Accessible {
		v.SetContent(m.c.Styles.App.Render(lipgloss.NewStyle().MaxWidth(max(m.c.Width-2, 40)).Render(m.fullScreen())))
		return v
	}
	header, body, _ := m.parts()
	v.SetContent(header + "\n\n" + body)
	return v
}

// stepBar is the step indicator: done steps, the current one, the rest.
func (m *Model) stepBar() string {
	st := m.c.Styles
	var parts []string
	for s := stConnection; s < stCount; s++ {
		label := m.c.In(s.title())
		num := string(rune('0' + int(s)))
		switch {
		case s == m.state:
			parts = append(parts, st.StepActive.Render("▸"+num+" "+label))
		case s < m.state:
			parts = append(parts, st.StepDone.Render("✓ "+label))
		default:
			parts = append(parts, st.Step.Render(num+" "+label))
		}
	}
	sep := st.Subtle.Render(" › ")
	bar := strings.Join(parts, sep)
	if m.state == stStart && m.c.Accessible {
		return ""
	}
	if lipgloss.Width(bar) > m.c.contentWidth() || m.c.Accessible {
		// Narrow terminal: only the current step.
		bar = st.StepActive.Render(m.c.Tf("Passo %d de %d: %s", "Step %d of %d: %s", int(m.state), int(stCount)-1, m.c.In(m.state.title())))
	}
	return bar
}

func (m *Model) helpScreen() string {
	st := m.c.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render(m.c.T("Ajuda", "Help")) + "\n\n")
	b.WriteString(m.c.wrap(m.c.In(m.cur().Help())) + "\n\n")
	b.WriteString(lipgloss.NewStyle().MarginLeft(2).Render(m.helpView.FullHelpView(m.keys.FullHelp())) + "\n")
	return b.String()
}
