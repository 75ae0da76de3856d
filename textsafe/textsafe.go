// Package textsafe makes text from outside the program (IXC answers, a
// profile, a journal) safe to show on a terminal, in a Markdown or text
// report and in a CSV: no byte of it can move the cursor, clear the screen,
// write the clipboard (OSC 52), make a link (OSC 8), hide text (SGR 8) or
// overwrite a line (\r).
//
// Clean removes, from valid UTF-8:
//   - whole escape sequences: ESC followed by CSI (ESC [ … final byte),
//     OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC (ESC P, X, ^, _ … ST) or a
//     single character (ESC 7, ESC c…); the same sequences introduced by
//     their C1 forms (U+009B CSI, U+009D OSC, U+0090 DCS, U+0098, U+009E,
//     U+009F);
//   - every other C0 control except newline and tab (so CR, BEL, BS, NUL…),
//     DEL, and every C1 control (U+0080–U+009F).
//
// Invalid UTF-8 bytes become U+FFFD (a lone 0x9B byte is a CSI to an 8-bit
// terminal). Everything else — accents, emoji, ç — is kept as it is.
//
// Apply it where text is shown, not where it is stored: the JSON report
// keeps IXC's text faithfully (JSON escapes control characters).
//
// The scanner is this package's own rather than charmbracelet/x/ansi's
// Strip: the rules above (a C1 control outside a sequence, an invalid
// byte, an OSC cut by a new ESC, an unterminated string) are decided and
// tested here, in one place, for every output the program has.
package textsafe

import (
	"strings"
	"unicode/utf8"
)

const (
	esc = 0x1b
	bel = 0x07
	st  = 0x9c // C1 string terminator
)

// Safe reports whether s needs no cleaning.
func Safe(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if bad(rune(c)) {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 || bad(r) {
			return false
		}
		i += n
	}
	return true
}

// bad reports whether r is a control character Clean removes.
func bad(r rune) bool {
	return r < 0x20 && r != '\n' && r != '\t' || r == 0x7f || r >= 0x80 && r <= 0x9f
}

// Clean returns s without escape sequences and control characters other
// than newline and tab (see the package comment).
func Clean(s string) string {
	if Safe(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
			i++
		case r == esc:
			i = skipEscape(s, i+1)
		case r == 0x9b: // C1 CSI
			i = skipCSI(s, i+n)
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // C1 OSC, DCS, SOS, PM, APC
			i = skipString(s, i+n)
		case bad(r):
			i += n
		default:
			b.WriteString(s[i : i+n])
			i += n
		}
	}
	return b.String()
}

// Line is Clean for a one-line context (a table cell, a plan line, a CSV
// cell read by people): newlines and tabs become spaces as well.
func Line(s string) string {
	s = Clean(s)
	if strings.ContainsAny(s, "\n\t") {
		s = strings.Map(func(r rune) rune {
			if r == '\n' || r == '\t' {
				return ' '
			}
			return r
		}, s)
	}
	return s
}

// skipEscape skips the sequence after an ESC at s[i-1] and returns the
// index after it.
func skipEscape(s string, i int) int {
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[':
		return skipCSI(s, i+1)
	case ']', 'P', 'X', '^', '_':
		return skipString(s, i+1)
	}
	// Intermediate bytes (0x20–0x2F), then one final byte (ESC ( B, ESC 7…).
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x2f {
		i++
	}
	if i < len(s) && s[i] >= 0x30 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipCSI skips a control sequence's parameter and intermediate bytes and
// its final byte (0x40–0x7E). A sequence cut by any other byte ends there;
// that byte is then judged on its own.
func skipCSI(s string, i int) int {
	for i < len(s) && s[i] >= 0x20 && s[i] <= 0x3f {
		i++
	}
	if i < len(s) && s[i] >= 0x40 && s[i] <= 0x7e {
		i++
	}
	return i
}

// skipString skips a control string (OSC, DCS, SOS, PM, APC) up to and
// including its terminator: BEL, ESC \ or the C1 ST; an unterminated string
// runs to the end of s (its content would have been swallowed by a terminal
// too, and must not be shown as text that carries hidden meaning).
func skipString(s string, i int) int {
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == bel || r == st:
			return i + n
		case r == esc:
			if i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
			// An ESC that does not end the string starts a new sequence
			// (terminals abort the string there).
			return i
		}
		i += n
	}
	return i
}

// Escaped returns s with every character Clean would remove shown as a
// visible escape (\x1b, \r, \u009b…), for messages that must say what was
// there. Newline and tab are kept.
func Escaped(s string) string {
	if Safe(s) {
		return s
	}
	var b strings.Builder
	const hex = "0123456789abcdef"
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteString(`\x`)
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&0xf])
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80 && bad(r):
			b.WriteString(`\x`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&0xf])
		case bad(r):
			b.WriteString(`\u00`)
			b.WriteByte(hex[r>>4])
			b.WriteByte(hex[r&0xf])
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// JSON rewrites, in JSON text made by encoding/json, every DEL and C1
// control (U+0080–U+009F) as a \u escape. encoding/json escapes the C0
// controls but writes these raw, and U+009B is a CSI to some terminals. The
// value is unchanged for any JSON reader: the output stays faithful. They
// can only occur inside strings, where the escape is valid.
func JSON(b []byte) []byte {
	i := 0
	for i < len(b) && b[i] != 0x7f && b[i] != 0xc2 {
		i++
	}
	if i == len(b) {
		return b
	}
	const hex = "0123456789abcdef"
	out := make([]byte, 0, len(b)+16)
	out = append(out, b[:i]...)
	for ; i < len(b); i++ {
		c := b[i]
		switch {
		case c == 0x7f:
			out = append(out, `\u007f`...)
		case c == 0xc2 && i+1 < len(b) && b[i+1] >= 0x80 && b[i+1] <= 0x9f:
			out = append(out, '\\', 'u', '0', '0', hex[b[i+1]>>4], hex[b[i+1]&0xf])
			i++
		default:
			out = append(out, c)
		}
	}
	return out
}
