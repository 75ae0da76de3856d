package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// The wizard's only text-fitting helpers: cell widths come from lipgloss
// and charmbracelet/x/ansi (wide runes, emoji and escape sequences
// counted right), never from len or rune counts.

// truncate cuts s to n columns, ending in an ellipsis when cut. It cuts
// between words when a space leaves at least two thirds of the room used
// (a long word is cut where it must be), and drops the separators left
// dangling before the ellipsis ("plano ·…").
func truncate(s string, n int) string {
	if n <= 1 || ansi.StringWidth(s) <= n {
		return s
	}
	if strings.Contains(s, "\x1b") {
		return ansi.Truncate(s, n, "…") // styled: ansi keeps its sequences whole
	}
	cut := ansi.Truncate(s, n-1, "")
	if !strings.HasPrefix(s[len(cut):], " ") {
		if i := strings.LastIndexByte(cut, ' '); i >= 0 && ansi.StringWidth(cut[:i]) >= (n-1)*2/3 {
			cut = cut[:i]
		}
	}
	if t := strings.TrimRight(cut, " ·,;:—–-+(/"); t != "" {
		cut = t
	}
	return cut + "…"
}

// padRight pads s with spaces to n columns (never cuts).
func padRight(s string, n int) string {
	return s + strings.Repeat(" ", max(n-lipgloss.Width(s), 0))
}

// stripStyles removes every escape sequence: the plain text of a screen.
func stripStyles(s string) string { return ansi.Strip(s) }
