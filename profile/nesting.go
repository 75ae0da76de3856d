package profile

import (
	"bytes"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// MaxNesting is how deep a profile may nest tables and lists: the schema
// uses two levels (a section, and a list inside it: [link] plans = […];
// or [[product]] and its keys; the inline forms link = {plans = […]} and
// product = [{…}] are two levels too). Anything deeper can hold nothing the
// program reads, and the TOML decoder's time and memory grow with depth
// (3,000 nested inline tables took 445 MB), so checkNesting refuses it
// before decoding.
const MaxNesting = 2

// checkNesting scans data as TOML just enough to know how deeply values
// are nested: table headers ([a.b] is two levels), dotted keys (a.b = … is
// one level), arrays and inline tables, skipping strings and comments. It
// returns an *Error naming the line where MaxNesting is exceeded. Input it
// cannot follow is left to the decoder, which stops at the first syntax
// error: the scan follows valid TOML up to that point, so nothing deep can
// sit before it.
func checkNesting(data []byte) *Error {
	n := nestScanner{s: data}
	n.document()
	if n.tooDeep {
		line := 1 + bytes.Count(data[:n.i], []byte{'\n'})
		return &Error{Msg: i18n.Tf(
			"linha %d: listas ou tabelas aninhadas em mais de %d níveis; o perfil usa no máximo %d (veja o exemplo em docs/reference.md)",
			"line %d: lists or tables nested more than %d levels deep; a profile uses at most %d (see the example in docs/reference.md)",
			line, MaxNesting, MaxNesting)}
	}
	return nil
}

type nestScanner struct {
	s       []byte
	i       int
	tooDeep bool
	stuck   bool // input the scan does not follow: the decoder reports it
}

func (n *nestScanner) more() bool { return n.i < len(n.s) && !n.tooDeep && !n.stuck }

func (n *nestScanner) deeper(d int) bool {
	if d > MaxNesting {
		n.tooDeep = true
	}
	return n.tooDeep
}

// space skips blanks; with lines, also newlines and comments.
func (n *nestScanner) space(lines bool) {
	for n.i < len(n.s) {
		switch c := n.s[n.i]; {
		case c == ' ' || c == '\t':
			n.i++
		case lines && (c == '\n' || c == '\r'):
			n.i++
		case lines && c == '#':
			n.toEOL()
		default:
			return
		}
	}
}

func (n *nestScanner) toEOL() {
	if k := bytes.IndexByte(n.s[n.i:], '\n'); k >= 0 {
		n.i += k + 1
	} else {
		n.i = len(n.s)
	}
}

func (n *nestScanner) document() {
	base := 0 // levels of the current [table] header
	for n.more() {
		n.space(true)
		if !n.more() {
			return
		}
		if n.s[n.i] == '[' {
			n.i++
			if n.i < len(n.s) && n.s[n.i] == '[' {
				n.i++
			}
			parts := n.key(']')
			if n.deeper(parts) || n.stuck {
				return
			}
			base = parts
			n.toEOL()
			continue
		}
		parts := n.key('=')
		if n.stuck || n.deeper(base+parts-1) {
			return
		}
		n.i++ // '='
		n.value(base + parts - 1)
		if !n.more() {
			return
		}
		n.toEOL()
	}
}

// key reads a (dotted) key up to end and returns how many parts it has; it
// stops at end (not consumed for '=', consumed for ']').
func (n *nestScanner) key(end byte) int {
	parts := 1
	for n.i < len(n.s) {
		switch c := n.s[n.i]; c {
		case end:
			if end == ']' {
				n.i++
				if n.i < len(n.s) && n.s[n.i] == ']' {
					n.i++
				}
			}
			return parts
		case '.':
			parts++
			n.i++
		case '"', '\'':
			n.str()
		case '\n', '\r', '#', '[', '{', '}', ',':
			n.stuck = true
			return parts
		default:
			n.i++
		}
	}
	n.stuck = true
	return parts
}

// value skips one value held at depth d (the containers around it).
func (n *nestScanner) value(d int) {
	n.space(false)
	if n.i >= len(n.s) {
		return
	}
	switch n.s[n.i] {
	case '[':
		n.i++
		if n.deeper(d + 1) {
			return
		}
		for n.more() {
			n.space(true)
			if n.i < len(n.s) && n.s[n.i] == ']' {
				n.i++
				return
			}
			n.value(d + 1)
			if !n.more() {
				return
			}
			n.space(true)
			if n.i < len(n.s) && n.s[n.i] == ',' {
				n.i++
			} else if n.i < len(n.s) && n.s[n.i] == ']' {
				n.i++
				return
			} else {
				n.stuck = true
			}
		}
	case '{':
		n.i++
		if n.deeper(d + 1) {
			return
		}
		for n.more() {
			n.space(true)
			if n.i < len(n.s) && n.s[n.i] == '}' {
				n.i++
				return
			}
			parts := n.key('=')
			if n.stuck || n.deeper(d+parts) {
				return
			}
			n.i++ // '='
			n.value(d + parts)
			if !n.more() {
				return
			}
			n.space(true)
			if n.i < len(n.s) && n.s[n.i] == ',' {
				n.i++
			} else if n.i < len(n.s) && n.s[n.i] == '}' {
				n.i++
				return
			} else {
				n.stuck = true
			}
		}
	case '"', '\'':
		n.str()
	default:
		// A number, boolean or date (which may hold a space): up to the
		// next delimiter.
		for n.i < len(n.s) {
			switch n.s[n.i] {
			case ',', ']', '}', '\n', '\r', '#':
				return
			}
			n.i++
		}
	}
}

// str skips a string of any of TOML's four kinds.
func (n *nestScanner) str() {
	q := n.s[n.i]
	if bytes.HasPrefix(n.s[n.i:], []byte{q, q, q}) {
		n.i += 3
		for n.i < len(n.s) {
			if q == '"' && n.s[n.i] == '\\' {
				n.i += 2
				continue
			}
			if bytes.HasPrefix(n.s[n.i:], []byte{q, q, q}) {
				n.i += 3
				// Up to two more quotes belong to the string.
				for k := 0; k < 2 && n.i < len(n.s) && n.s[n.i] == q; k++ {
					n.i++
				}
				return
			}
			n.i++
		}
		return
	}
	n.i++
	for n.i < len(n.s) {
		switch c := n.s[n.i]; {
		case q == '"' && c == '\\':
			n.i += 2
		case c == q:
			n.i++
			return
		case c == '\n':
			n.stuck = true
			return
		default:
			n.i++
		}
	}
	n.i = min(n.i, len(n.s))
}
