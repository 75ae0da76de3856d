package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The wizard's only text-fitting helpers: cell widths come from lipgloss
// and charmbracelet/x/ansi (wide runes, emoji and escape sequences
// counted right), never from len or rune counts.

// truncate cuts s to n columns, ending in an ellipsis when cut.
func truncate(s string, n int) string {
	if n <= 1 {
		return s
	}
	return ansi.Truncate(s, n, "…")
}

// padRight pads s with spaces to n columns (never cuts).
func padRight(s string, n int) string {
	return s + strings.Repeat(" ", max(n-lipgloss.Width(s), 0))
}

// stripStyles removes every escape sequence: the plain text of a screen.
func stripStyles(s string) string { return ansi.Strip(s) }
