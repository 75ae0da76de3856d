package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The full-screen layout (design.md §7: every screen works at 80×24): a
// header (title and step bar), the screen's body, the form being answered
// and the key hints. The form and the footer are pinned: their heights are
// taken first, and the body gets what is left of the window. A body that
// does not fit scrolls in a bubbles/viewport (PgUp/PgDn), so a long list of
// records to be written never pushes the question and its options off the
// screen.

// A screen's View marks where its form is (Common.formView); the root cuts
// the form out and pins it under the body. Private-use runes: no sanitiser
// of control characters removes them, and no text from IXC reaches here
// unsanitised.
const (
	formOpen  = "\ue000"
	formClose = "\ue001"
)

// splitForm cuts a screen's view into the text before its form, the form,
// and the text after it.
func splitForm(view string) (body, form, after string) {
	i := strings.Index(view, formOpen)
	if i < 0 {
		return view, "", ""
	}
	body, rest := view[:i], view[i+len(formOpen):]
	j := strings.Index(rest, formClose)
	if j < 0 {
		return body, rest, ""
	}
	return body, rest[:j], rest[j+len(formClose):]
}

// bodyMinLines is what the body keeps, at least, when a form is tall: the
// form is fitted into the rest (huh scrolls it to the focused field).
const bodyMinLines = 3

// headerLines and footerLines are the fixed parts: title, step bar and a
// blank line; a blank line and the key hints.
const (
	headerLines = 3
	footerLines = 2
)

// height is the window height (24 until the terminal says).
func (c *Common) height() int {
	if c.Height <= 0 {
		return 24
	}
	return c.Height
}

// formRoom is the most lines a form may take on screen.
func (m *Model) formRoom() int {
	return max(m.c.height()-headerLines-footerLines-2-bodyMinLines, 5)
}

// fitKey is what a form was last fitted for.
type fitKey struct {
	form          *huh.Form
	width, height int
}

// fitForm sizes the active form to the room it has: huh gives each group
// the height it needs up to that room, and a taller group scrolls to its
// focused field. The raw window size never reaches a form (the root
// handles it), so this is the form's only height.
func (m *Model) fitForm() tea.Cmd {
	f := m.activeForm()
	if f == nil || m.c.Accessible || f.State != huh.StateNormal {
		return nil
	}
	k := fitKey{form: f, width: m.c.contentWidth(), height: m.formRoom()}
	if k == m.fitted {
		return nil
	}
	m.fitted = k
	_, cmd := f.Update(tea.WindowSizeMsg{Width: k.width, Height: k.height})
	if m.saveFail != nil {
		return m.toModal(cmd)
	}
	return cmd
}

// scrollKey is what the body's scroll position belongs to: a new screen,
// phase or question starts at the top.
type scrollKey struct {
	state state
	form  *huh.Form
}

// resetScroll puts the body back at its top when the question changed.
func (m *Model) resetScroll() {
	k := scrollKey{state: m.state, form: m.activeForm()}
	if k != m.scrollAt {
		m.scrollAt = k
		m.body.SetYOffset(0)
	}
}

// newBodyViewport is the body's viewport: only the key map's PageUp and
// PageDown scroll it (the arrows belong to the form).
func newBodyViewport(k keyMap) viewport.Model {
	vp := viewport.New()
	vp.KeyMap = viewport.KeyMap{PageDown: k.PageDown, PageUp: k.PageUp}
	vp.MouseWheelEnabled = false
	return vp
}

// scroll moves the body by a page when it overflows (false: the key is
// the form's); it renders the screen to know the body's length.
func (m *Model) scroll(msg tea.KeyPressMsg) bool {
	header, body, footer := m.parts()
	if _, overflow := m.placeBody(header, body, footer); !overflow {
		return false
	}
	m.body, _ = m.body.Update(msg)
	return true
}

// placeBody sizes the body's viewport for the current screen and returns
// the body text (before the form), the pinned part (the form and what
// follows it) and whether the body overflows.
func (m *Model) placeBody(header, view, footer string) (pinned string, overflow bool) {
	w := m.c.contentWidth()
	body, form, after := splitForm(view)
	pinned = strings.TrimRight(form+after, "\n")
	body = strings.TrimRight(wrapText(body, w), "\n ")
	// The blank lines under the header and above the footer.
	room := m.c.height() - lipgloss.Height(header) - lipgloss.Height(footer) - 2
	if pinned != "" {
		room -= lipgloss.Height(pinned) + 1
	}
	room = max(room, 1)
	m.body.SetWidth(w)
	m.body.SetHeight(min(room, lipgloss.Height(body)))
	m.body.SetContent(body)
	return pinned, lipgloss.Height(body) > room
}

// parts renders the header, the screen's view and the footer of the
// full-screen UI.
func (m *Model) parts() (header, view, footer string) {
	st := m.c.Styles
	header = st.Title.Render("IXC × LevEduca")
	if m.c.DryRun {
		header += " " + st.Warn.Render(m.c.T("[simulação: nada será gravado]", "[dry run: nothing is written]"))
	}
	header += "\n" + m.stepBar()
	switch {
	case m.askQuit:
		view = m.c.wrap(st.Warn.Render(m.c.T("Sair agora? O que já foi gravado fica nos arquivos listados ao sair (nenhum, se nada foi gravado); as respostas desta tela se perdem. (s/N)",
			"Quit now? What was written stays in the files listed on leaving (none, if nothing was); this screen's answers are lost. (y/N)")))
	case m.help:
		view = m.helpScreen()
	case m.saveFail != nil:
		view = m.saveFail.view(m.c)
	default:
		view = m.cur().View()
		if m.cur().Busy() && !m.c.Accessible {
			view = strings.Replace(view, "{spin}", m.spinner.View(), 1)
		} else {
			view = strings.Replace(view, "{spin}", "…", 1)
		}
	}
	m.syncKeys()
	footer = st.Subtle.Render(m.helpView.ShortHelpView(m.keys.ShortHelp()))
	return header, view, footer
}

// fullScreen lays the parts out in the window: header, body (scrolled),
// the pinned form, footer.
func (m *Model) fullScreen() string {
	header, view, footer := m.parts()
	vp := m.body // placeBody sizes the model's viewport; View restores it
	pinned, overflow := m.placeBody(header, view, footer)
	if overflow {
		k := m.keys.Scroll
		pct := int(m.body.ScrollPercent()*100 + 0.5)
		k.SetHelp(k.Help().Key, m.c.Tf("rolar o texto (%d%%)", "scroll the text (%d%%)", pct))
		hints := append([]key.Binding{k}, m.keys.ShortHelp()...)
		footer = m.c.Styles.Subtle.Render(m.helpView.ShortHelpView(hints))
		// The hint may have made the footer taller: place again.
		pinned, _ = m.placeBody(header, view, footer)
	}
	var b strings.Builder
	b.WriteString(header + "\n\n")
	b.WriteString(strings.TrimRight(m.body.View(), " \n"))
	if pinned != "" {
		b.WriteString("\n\n" + pinned)
	}
	b.WriteString("\n\n" + footer)
	out := b.String()
	m.body = vp
	return out
}

// wrapText wraps s at width columns between words, never inside one
// (a command such as --ca-cert stays whole); only a word longer than the
// line is broken. A wrapped line keeps its indent, and a bullet's text
// hangs under the text.
func wrapText(s string, width int) string {
	if width <= 0 {
		return s
	}
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	for _, line := range lines {
		if ansi.StringWidth(line) <= width {
			out = append(out, line)
			continue
		}
		out = append(out, wrapLine(line, width)...)
	}
	return strings.Join(out, "\n")
}

// hangers are the marks after which a wrapped line's text hangs.
const hangers = "•✓✗!⚠i-*›▸+−"

func wrapLine(line string, width int) []string {
	plain := ansi.Strip(line)
	indent := len(plain) - len(strings.TrimLeft(plain, " "))
	hang := indent
	if rest := []rune(strings.TrimLeft(plain, " ")); len(rest) > 1 && rest[1] == ' ' && strings.ContainsRune(hangers, rest[0]) {
		hang += ansi.StringWidth(string(rest[0])) + 1
	}
	if hang > width/2 {
		hang = indent
	}
	if indent > width/2 {
		indent, hang = 0, 0
	}
	words := strings.Split(line, " ")
	var out []string
	cur, curW := "", 0
	started := false // a word (not the indent) is on the current line
	flush := func() {
		out = append(out, strings.TrimRight(cur, " "))
		cur, curW, started = strings.Repeat(" ", hang), hang, false
	}
	for _, w := range words {
		ww := ansi.StringWidth(w)
		if ww == 0 && !started {
			// Leading spaces (the indent), or a styled empty word.
			cur += w + " "
			curW++
			continue
		}
		if started && curW+1+ww > width {
			flush()
		}
		for ww > width-curW && ww > 0 {
			// A word longer than the line: break it where it must.
			room := width - curW
			if room <= 0 {
				flush()
				continue
			}
			cut := breakAt(w, room)
			cur += ansi.Cut(w, 0, cut)
			w = ansi.Cut(w, cut, ww)
			ww = ansi.StringWidth(w)
			started = true
			flush()
		}
		if started {
			cur += " "
			curW++
		}
		cur += w
		curW += ww
		started = true
	}
	if strings.TrimSpace(ansi.Strip(cur)) != "" {
		out = append(out, strings.TrimRight(cur, " "))
	}
	return out
}

// breakAt is where a word longer than the line (a file path, say) is
// broken to fit room columns: after its last path separator that fits,
// else after its last "-", "_" or ".", else at room. A path so broken
// keeps each name whole.
func breakAt(w string, room int) int {
	head := ansi.Strip(ansi.Cut(w, 0, room))
	for _, seps := range []string{`/\`, "-_."} {
		if i := strings.LastIndexAny(head, seps); i >= 0 && ansi.StringWidth(head[:i+1]) >= room/3 {
			return ansi.StringWidth(head[:i+1])
		}
	}
	return room
}
