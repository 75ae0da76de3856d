package ixc

// The fast page scanner: one validating pass over a list answer's bytes,
// for the common case of a healthy listing. Anything it does not accept
// takes the general decoder (decode.go).

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"unicode/utf8"
)

// fastPage decodes the common list answer {"page":…,"total":…,"registros":[{…},…]} in one
// pass over the bytes, without building a tree of raw values, and keeps only the fields in
// keep (nil keeps every field). Skipped values are still validated, so a body fastPage
// accepts is valid JSON up to its closing brace and decodeList would return the same page
// (projected). ok is false for anything else (another envelope, "type", flexigrid rows, a
// single-object registros, ISO-8859-1, a syntax error …): the caller then takes the general
// path, which gives the same answer or error as before.
func fastPage(body []byte, keep map[string]bool) (p *Page, hasTotal bool, ok bool) {
	b := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(b) == 0 || b[0] != '{' || !utf8.Valid(b) {
		return nil, false, false
	}
	s := &scanner{b: b, i: 1}
	p = &Page{}
	var seenPage, seenTotal, seenRegs bool
	s.ws()
	if s.peek() == '}' {
		return nil, false, false // {} is not a list envelope
	}
	for {
		s.ws()
		key, kok := s.key()
		if !kok {
			return nil, false, false
		}
		s.ws()
		if !s.eat(':') {
			return nil, false, false
		}
		s.ws()
		switch key {
		case "page", "total":
			start := s.i
			if !s.skip(0) {
				return nil, false, false
			}
			n, err := rawInt(json.RawMessage(s.b[start:s.i]))
			if err != nil {
				return nil, false, false
			}
			if key == "page" {
				if seenPage {
					return nil, false, false
				}
				seenPage, p.Page = true, n
			} else {
				if seenTotal {
					return nil, false, false
				}
				seenTotal, p.Total = true, n
			}
		case "registros":
			if seenRegs || s.peek() != '[' {
				return nil, false, false
			}
			seenRegs = true
			recs, rok := s.records(keep)
			if !rok {
				return nil, false, false
			}
			p.Records = recs
		default:
			return nil, false, false
		}
		s.ws()
		if s.eat('}') {
			break
		}
		if !s.eat(',') {
			return nil, false, false
		}
	}
	if !seenTotal && !seenRegs {
		return nil, false, false
	}
	if !seenTotal {
		p.Total = len(p.Records)
	}
	return p, seenTotal, true
}

// project keeps only the fields in keep (nil keeps all) of every record.
func project(recs []Record, keep map[string]bool) {
	if keep == nil {
		return
	}
	for _, r := range recs {
		for k := range r {
			if !keep[k] {
				delete(r, k)
			}
		}
	}
}

// scanner is a validating JSON byte scanner for fastPage.
type scanner struct {
	b []byte
	i int
}

const maxDepth = 1000

func (s *scanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *scanner) eat(c byte) bool {
	if s.i < len(s.b) && s.b[s.i] == c {
		s.i++
		return true
	}
	return false
}

func (s *scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// str scans a string starting at '"' and returns its raw bytes (quotes included) and
// whether it holds an escape.
func (s *scanner) str() (raw []byte, escaped, ok bool) {
	start := s.i
	if !s.eat('"') {
		return nil, false, false
	}
	b := s.b
	i := s.i
	for {
		// The common run of plain bytes first, eight at a time.
		for i+8 <= len(b) && !special8(binary.LittleEndian.Uint64(b[i:])) {
			i += 8
		}
		for i < len(b) && plain[b[i]] {
			i++
		}
		if i >= len(b) {
			return nil, false, false
		}
		switch c := b[i]; {
		case c == '"':
			s.i = i + 1
			return b[start:s.i], escaped, true
		case c == '\\':
			escaped = true
			if i+1 >= len(b) {
				return nil, false, false
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) {
					return nil, false, false
				}
				for _, h := range b[i+2 : i+6] {
					if !(h >= '0' && h <= '9' || h >= 'a' && h <= 'f' || h >= 'A' && h <= 'F') {
						return nil, false, false
					}
				}
				i += 6
			default:
				return nil, false, false
			}
		default: // a control character
			return nil, false, false
		}
	}
}

// special8 reports whether one of the eight bytes in x may be a quote, a
// backslash or a control character (no false negatives; the byte loop after
// it decides).
func special8(x uint64) bool {
	const lsb, msb = 0x0101010101010101, 0x8080808080808080
	q := x ^ (lsb * '"')
	bs := x ^ (lsb * '\\')
	return ((q-lsb)&^q|(bs-lsb)&^bs|(x-lsb*0x20)&^x)&msb != 0
}

// plain marks the bytes a JSON string holds as they are: not a quote, a
// backslash or a control character.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// key scans an object key.
func (s *scanner) key() (string, bool) {
	raw, esc, ok := s.str()
	if !ok {
		return "", false
	}
	if !esc {
		return string(raw[1 : len(raw)-1]), true
	}
	var k string
	if json.Unmarshal(raw, &k) != nil {
		return "", false
	}
	return k, true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func (s *scanner) number() bool {
	s.eat('-')
	switch {
	case s.eat('0'):
	case s.i < len(s.b) && s.b[s.i] >= '1' && s.b[s.i] <= '9':
		for s.i < len(s.b) && isDigit(s.b[s.i]) {
			s.i++
		}
	default:
		return false
	}
	if s.eat('.') {
		n := s.i
		for s.i < len(s.b) && isDigit(s.b[s.i]) {
			s.i++
		}
		if s.i == n {
			return false
		}
	}
	if s.eat('e') || s.eat('E') {
		if !s.eat('+') {
			s.eat('-')
		}
		n := s.i
		for s.i < len(s.b) && isDigit(s.b[s.i]) {
			s.i++
		}
		if s.i == n {
			return false
		}
	}
	return true
}

func (s *scanner) lit(w string) bool {
	if bytes.HasPrefix(s.b[s.i:], []byte(w)) {
		s.i += len(w)
		return true
	}
	return false
}

// skip validates and skips one value.
func (s *scanner) skip(depth int) bool {
	if depth > maxDepth {
		return false
	}
	switch c := s.peek(); {
	case c == '"':
		_, _, ok := s.str()
		return ok
	case c == '-' || isDigit(c):
		return s.number()
	case c == 't':
		return s.lit("true")
	case c == 'f':
		return s.lit("false")
	case c == 'n':
		return s.lit("null")
	case c == '[':
		s.i++
		s.ws()
		if s.eat(']') {
			return true
		}
		for {
			s.ws()
			if !s.skip(depth + 1) {
				return false
			}
			s.ws()
			if s.eat(']') {
				return true
			}
			if !s.eat(',') {
				return false
			}
		}
	case c == '{':
		s.i++
		s.ws()
		if s.eat('}') {
			return true
		}
		for {
			s.ws()
			if _, _, ok := s.str(); !ok {
				return false
			}
			s.ws()
			if !s.eat(':') {
				return false
			}
			s.ws()
			if !s.skip(depth + 1) {
				return false
			}
			s.ws()
			if s.eat('}') {
				return true
			}
			if !s.eat(',') {
				return false
			}
		}
	}
	return false
}

// records scans the registros array: every element must be an object.
func (s *scanner) records(keep map[string]bool) ([]Record, bool) {
	var out []Record
	b := s.b
	i := skipWS(b, s.i+1) // after '['
	if i < len(b) && b[i] == ']' {
		s.i = i + 1
		return out, true
	}
	size := 16
	if keep != nil {
		size = len(keep)
	}
	// IXC sends the columns of every row in the same order, so the key at
	// position n of a row is almost always the key at position n of the row
	// before: when its bytes are that key's, quotes included, it is that key
	// (validated then), found with one comparison and no allocation.
	var shape []shapeKey
	// Most of a row's key/value pairs are byte for byte the pair at the same
	// position of the row before (empty columns, flags, dates, the plan):
	// such a pair parses as that one did, so it is taken with one
	// comparison, and a kept value is the same string. A pair's span runs
	// from its key's quote to the next key's quote, or past the row's
	// closing brace for the last one; the row before's spans are at prevRow
	// with lengths spans[n].
	var spans []pairSpan
	prevRow := 0
	for {
		i = skipWS(b, i)
		if i >= len(b) || b[i] != '{' {
			return nil, false
		}
		i = skipWS(b, i+1)
		r := make(Record, size)
		rowStart, prevPairs, pp := i, len(spans), prevRow
		pairs := 0
		if i < len(b) && b[i] == '}' {
			i++
		} else {
			for n := 0; ; n++ {
				if i < len(b) && b[i] != '"' {
					i = skipWS(b, i)
				}
				if n < prevPairs {
					sp := &spans[n]
					l := int(sp.len)
					if i+l <= len(b) && bytes.Equal(b[i:i+l], b[pp:pp+l]) {
						if sp.keep {
							r[sp.name] = sp.val
						}
						i, pp = i+l, pp+l
						if n+1 == prevPairs {
							pairs = n + 1 // that was the last pair: its span holds the closing brace
							break
						}
						// Whitespace this row has before its next key, beyond
						// what the row before had, is this pair's: the spans
						// stay back to back for the row after.
						if i < len(b) && b[i] != '"' {
							j := skipWS(b, i)
							sp.len += int32(j - i)
							i = j
						}
						continue
					}
					pp += l
				} else {
					spans = append(spans, pairSpan{})
				}
				sp, pairStart := &spans[n], i
				var sk *shapeKey
				if n < len(shape) && shape[n].raw != nil && bytes.HasPrefix(b[i:], shape[n].raw) {
					// The raw key usually ends with its colon (IXC sends no
					// whitespace), so this also consumed it.
					sk = &shape[n]
					i += len(sk.raw)
				} else {
					s.i = i
					raw, esc, ok := s.str()
					if !ok {
						return nil, false
					}
					i = s.i
					sk = new(shapeKey)
					if esc {
						// Rare: decode the key, and don't cache it.
						name, ok := unescapeKey(raw)
						if !ok {
							return nil, false
						}
						sk.name = name
						sk.keep = keep == nil || keep[name]
					} else {
						kb := raw[1 : len(raw)-1]
						sk.keep = keep == nil || keep[string(kb)]
						if sk.keep {
							sk.name = string(kb)
						}
						if i < len(b) && b[i] == ':' {
							sk.raw = b[i-len(raw) : i+1]
							i++
						} else {
							sk.raw = raw
						}
						if n < len(shape) {
							shape[n] = *sk
						} else if n == len(shape) {
							shape = append(shape, *sk)
						}
					}
				}
				if b[i-1] != ':' || sk.raw == nil || sk.raw[len(sk.raw)-1] != ':' {
					i = skipWS(b, i)
					if i >= len(b) || b[i] != ':' {
						return nil, false
					}
					i++
				}
				if i < len(b) && b[i] != '"' {
					i = skipWS(b, i)
				}
				val := ""
				switch {
				case i+1 < len(b) && b[i] == '"' && b[i+1] == '"':
					i += 2 // "": most of IXC's columns
				case !sk.keep:
					s.i = i
					if !s.skip(1) {
						return nil, false
					}
					i = s.i
				case i < len(b) && b[i] == '"':
					s.i = i
					raw, esc, ok := s.str()
					if !ok {
						return nil, false
					}
					i = s.i
					if esc {
						val = rawString(raw)
					} else {
						val = string(raw[1 : len(raw)-1])
					}
				default:
					s.i = i
					if !s.skip(1) {
						return nil, false
					}
					val = rawString(b[i:s.i])
					i = s.i
				}
				if sk.keep {
					r[sk.name] = val
					sp.name, sp.val = sk.name, val
				}
				sp.keep = sk.keep
				if i < len(b) && b[i] != ',' {
					i = skipWS(b, i)
				}
				if i < len(b) && b[i] == ',' {
					i++
					if i < len(b) && b[i] != '"' {
						i = skipWS(b, i)
					}
					sp.len = int32(i - pairStart)
					continue
				}
				if i < len(b) && b[i] == '}' {
					i++
					sp.len = int32(i - pairStart)
					pairs = n + 1
					break
				}
				return nil, false
			}
		}
		spans, prevRow = spans[:pairs], rowStart
		if size < len(r) {
			size = len(r)
		}
		out = append(out, r)
		i = skipWS(b, i)
		if i < len(b) && b[i] == ']' {
			s.i = i + 1
			return out, true
		}
		if i >= len(b) || b[i] != ',' {
			return nil, false
		}
		i++
	}
}

// skipWS returns the index of the first byte at or after i that is not JSON
// whitespace.
func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\r' || b[i] == '\t') {
		i++
	}
	return i
}

// unescapeKey decodes a key holding an escape.
func unescapeKey(raw []byte) (string, bool) {
	var k string
	if json.Unmarshal(raw, &k) != nil {
		return "", false
	}
	return k, true
}

// shapeKey is one key of a row as records last saw it at its position.
// pairSpan is the key/value pair at one position of the row records read
// last: its span's length, and its key and value when kept.
type pairSpan struct {
	len       int32
	keep      bool
	name, val string
}

type shapeKey struct {
	raw  []byte // the key with its quotes, as in the body; nil when escaped
	name string // the decoded key, set when kept
	keep bool
}
