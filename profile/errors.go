package profile

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/ixc-leveduca/ixc-leveduca/i18n"
)

// Error is a profile error. Key names the offending key as a path such as
// "link.method", "product[1].id" (indexes count from 0, in file order) or
// "link.plans[0]"; it is empty for errors that concern the whole file
// (unreadable file, TOML syntax). Msg already starts with the key.
type Error struct {
	Key string
	Msg i18n.Text

	err error // underlying cause, for errors.Is/As
}

// Error returns the English message.
func (e *Error) Error() string { return e.Msg.EN }

// Text returns the message in both languages (implements i18n.Localized).
func (e *Error) Text() i18n.Text { return e.Msg }

// Unwrap returns the underlying cause, if any (an *fs.PathError, a
// toml.ParseError, or the *Error a Load error wraps).
func (e *Error) Unwrap() error { return e.err }

var _ i18n.Localized = (*Error)(nil)

// keyErr builds an *Error whose message starts with "key: ".
func keyErr(key, pt, en string, args ...any) *Error {
	t := i18n.Tf(pt, en, args...)
	if key != "" {
		t.PT = key + ": " + t.PT
		t.EN = key + ": " + t.EN
	}
	return &Error{Key: key, Msg: t}
}

// msgErr builds an *Error from two finished messages, prefixing the key.
func msgErr(key, pt, en string) *Error {
	if key != "" {
		pt, en = key+": "+pt, key+": "+en
	}
	return &Error{Key: key, Msg: i18n.T(pt, en)}
}

// show quotes a user value for a message. Long values are cut, and values
// that look like a token secret (a long run of hex digits) are never shown.
func show(s string) string {
	run := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' {
			run++
			if run >= 16 {
				return "(…)"
			}
		} else {
			run = 0
		}
	}
	if utf8.RuneCountInString(s) > 40 {
		r := []rune(s)
		s = string(r[:40]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// orList joins quoted values: `"a", "b" ou "c"` / `"a", "b" or "c"`.
func orList(vals []string) (pt, en string) {
	q := make([]string, len(vals))
	for i, v := range vals {
		q[i] = fmt.Sprintf("%q", v)
	}
	if len(q) == 1 {
		return q[0], q[0]
	}
	head := strings.Join(q[:len(q)-1], ", ")
	return head + " ou " + q[len(q)-1], head + " or " + q[len(q)-1]
}

// enumErr reports a value outside an enumeration.
func enumErr(key, val string, allowed []string) *Error {
	pt, en := orList(allowed)
	return &Error{Key: key, Msg: i18n.T(
		fmt.Sprintf("%s: valor %s inválido; use %s", key, show(val), pt),
		fmt.Sprintf("%s: invalid value %s; use %s", key, show(val), en))}
}
