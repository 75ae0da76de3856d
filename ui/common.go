// Package ui is the interactive wizard: a root Bubble Tea v2 model with one
// state per step of IXC's LevEduca tutorial, one sub-model per screen, huh v2
// forms for input and live IXC calls in tea.Cmds (through package steps)
// while a spinner turns. It renders what steps returns and does no HTTP of
// its own.
package ui

import (
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"
	"charm.land/huh/v2"
	"charm.land/lipgloss/v2"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
	"github.com/ixc-leveduca/ixc-leveduca/steps"
	"github.com/ixc-leveduca/ixc-leveduca/textsafe"
)

// Common is the one value every screen shares (soft-serve's pattern): the
// language, the styles, the terminal size and the modes.
type Common struct {
	Lang       i18n.Lang
	Styles     Styles
	Width      int
	Height     int
	Accessible bool
	DryRun     bool
	// plainSecret: accessible mode without a terminal, where huh cannot
	// hide a typed password (the token is not echoed by a pipe anyway).
	plainSecret bool
}

// T picks the text of the user's language.
func (c *Common) T(pt, en string) string { return i18n.T(pt, en).In(c.Lang) }

// Tf formats in the user's language.
func (c *Common) Tf(pt, en string, args ...any) string { return i18n.Tf(pt, en, args...).In(c.Lang) }

// N is n and its noun in the user's language, n written as the language
// writes numbers (i18n.Plural): "1 registro", "1.234 registros".
func (c *Common) N(n int, ptOne, ptMany, enOne, enMany string) string {
	if c.Lang == i18n.EN {
		return i18n.Plural(i18n.EN, n, enOne, enMany)
	}
	return i18n.Plural(i18n.PT, n, ptOne, ptMany)
}

// In renders a Text.
func (c *Common) In(t i18n.Text) string { return textsafe.Clean(t.In(c.Lang)) }

// Msg is an error in the user's language, cleaned: it may quote IXC.
func (c *Common) Msg(err error) string { return textsafe.Clean(steps.ErrorText(err).In(c.Lang)) }

// safe cleans one line of text read from IXC (a name, a label, a value)
// before it is shown: no escape sequence or control character reaches
// the terminal (textsafe). Every IXC text the wizard shows passes through
// safe, In or Msg before it is styled.
func safe(s string) string { return textsafe.Line(s) }

// contentWidth is the usable width, at most 100 columns for readability.
func (c *Common) contentWidth() int {
	w := c.Width
	if w <= 0 {
		w = 80
	}
	return max(min(w-4, 100), 30)
}

// Styles are the wizard's lipgloss styles.
type Styles struct {
	App, Title, Step, StepActive, StepDone, Subtle, OK, Warn, Err, Info, Code, Box, Key lipgloss.Style
}

// NewStyles returns the wizard styles. Colours are ANSI 16 so that every
// terminal, NO_COLOR and the ASCII profile degrade well.
func NewStyles() Styles {
	return Styles{
		App:        lipgloss.NewStyle().Padding(0, 1),
		Title:      lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("5")),
		Step:       lipgloss.NewStyle().Foreground(lipgloss.Color("8")),
		StepActive: lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("5")),
		StepDone:   lipgloss.NewStyle().Foreground(lipgloss.Color("2")),
		Subtle:     lipgloss.NewStyle().Foreground(lipgloss.Color("8")),
		OK:         lipgloss.NewStyle().Foreground(lipgloss.Color("2")).Bold(true),
		Warn:       lipgloss.NewStyle().Foreground(lipgloss.Color("3")).Bold(true),
		Err:        lipgloss.NewStyle().Foreground(lipgloss.Color("1")).Bold(true),
		Info:       lipgloss.NewStyle().Foreground(lipgloss.Color("6")),
		Code:       lipgloss.NewStyle().Bold(true),
		Box:        lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(lipgloss.Color("8")).Padding(0, 1),
		Key:        lipgloss.NewStyle().Bold(true).Foreground(lipgloss.Color("6")),
	}
}

// theme is the huh theme of every form: base16, with the chosen button of
// a yes/no question marked in text ("(•) Incluir  ( ) Não incluir"), so the
// choice is visible without colour (NO_COLOR, the ASCII profile): huh
// marks it only with a background colour.
func (c *Common) theme() huh.Theme {
	return huh.ThemeFunc(func(dark bool) *huh.Styles {
		t := huh.ThemeBase16(dark)
		for _, fs := range []*huh.FieldStyles{&t.Focused, &t.Blurred} {
			fs.FocusedButton = fs.FocusedButton.Transform(func(s string) string { return "(•) " + s })
			fs.BlurredButton = fs.BlurredButton.Transform(func(s string) string { return "( ) " + s })
		}
		return t
	})
}

// newForm builds a form with the wizard's settings.
func (c *Common) newForm(groups ...*huh.Group) *huh.Form {
	f := huh.NewForm(groups...).
		WithTheme(c.theme()).
		WithShowHelp(true).
		WithWidth(c.contentWidth()).
		WithAccessible(c.Accessible)
	f.WithKeyMap(formKeyMap(c.Lang))
	return f
}

// initForm starts a form in the full-screen UI. In accessible mode forms
// are run as plain prompts by the accessible driver, so nothing starts.
func (c *Common) initForm(f *huh.Form) tea.Cmd {
	if c.Accessible || f == nil {
		return nil
	}
	return f.Init()
}

// formView renders a form in the full-screen UI, marked so that the root
// pins it under the screen's text (layout.go); in accessible mode the
// prompts print themselves.
func (c *Common) formView(f *huh.Form) string {
	if c.Accessible || f == nil {
		return ""
	}
	return formOpen + f.View() + formClose
}

// formDone reports whether f was just completed (the accessible driver
// marks forms completed too).
func formDone(f *huh.Form) bool { return f != nil && f.State == huh.StateCompleted }

// updateForm passes msg to f and returns its command.
func updateForm(f *huh.Form, msg tea.Msg) tea.Cmd {
	if f == nil {
		return nil
	}
	_, cmd := f.Update(msg)
	return cmd
}

// choice is one option of an action menu.
type choice struct {
	key   string
	label string
}

// choiceForm asks for one action.
func (c *Common) choiceForm(title, desc string, value *string, opts ...choice) *huh.Form {
	var hopts []huh.Option[string]
	for _, o := range opts {
		hopts = append(hopts, huh.NewOption(o.label, o.key))
	}
	if *value == "" || !slices.ContainsFunc(opts, func(o choice) bool { return o.key == *value }) {
		*value = opts[0].key
	}
	sel := huh.NewSelect[string]().Title(title).Options(hopts...).Value(value)
	if desc != "" {
		sel.Description(c.desc(desc))
	}
	return c.newForm(huh.NewGroup(sel))
}

// findingLine renders one finding as a line with its mark and count.
func (c *Common) findingLine(f steps.Finding) string {
	st := c.Styles
	mark := st.Info.Render("i")
	switch f.Severity {
	case steps.Error:
		mark = st.Err.Render("✗")
	case steps.Warn:
		mark = st.Warn.Render("!")
	}
	return fmt.Sprintf("%s %s %s", mark, st.Code.Render(f.Code), c.In(f.Message))
}

// desc pre-wraps a form's description between words, inside the field's
// border: huh would otherwise break it at hyphens too ("--ca-\ncert").
func (c *Common) desc(s string) string { return wrapText(s, c.contentWidth()-4) }

// wrap fits s to the content width.
func (c *Common) wrap(s string) string {
	return wrapText(s, c.contentWidth())
}
